"""Between the event forms and the services: filling choices, reading values, showing errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from wtforms import Field, SelectField

from planner.core import timezones
from planner.errors import DomainError, field_problems
from planner.events.forms import AnswersForm, EditDetailsForm, ProposalForm
from planner.events.negotiation import ProposalInput, SlotInput, SpeakerInput
from planner.form_values import whole_number
from planner.labels import NOT_GIVEN
from planner.models import Event, EventFormat, User
from planner.zone_menu import fill_optional_zone, zone_choices


def fill_zone_choices(field: SelectField, user: User, default: str | None = None) -> None:
    """Offer every common zone, ours first, preselecting the user's (or ``default``)."""
    home = default or user.timezone or (user.organization.timezone if user.organization else "UTC")
    field.choices = zone_choices(home)
    if not field.data or field.data == "None":
        field.data = home


def fill_speaker_zones(form: ProposalForm | EditDetailsForm) -> None:
    """Every speaker row's zone menu: "not given" first, then the zone menu of events.

    The row's own zone stays offered even when it is not a common one.
    """
    for row in form.speakers:
        fill_optional_zone(row.form.timezone, str(NOT_GIVEN), row.form.timezone.data or None)


def prefill_proposal(form: ProposalForm, args: Mapping[str, str], user: User) -> None:
    """Fill a new proposal from the "Find a time" link: starts, duration and co-hosts.

    Each suggested start arrives as a UTC instant (``start=`` repeated for several
    picked suggestions, in time order); each is shown as a wall time in the
    organizer's chosen zone, which is how they will read and edit it. A broken start
    is left out rather than failing the page; starts beyond the form's rows are dropped.
    """
    cohosts = [slug for slug in args.get("cohosts", "").split(",") if slug]
    if cohosts:
        form.cohosts.data = cohosts
    duration = whole_number(args.get("duration"))
    if duration is not None:
        form.duration_minutes.data = duration
    texts = args.getlist("start") if hasattr(args, "getlist") else [args.get("start")]
    instants = []
    for text in dict.fromkeys(text for text in texts if text):
        try:
            instant = timezones.parse_local_or_offset(text, None)
            local = timezones.to_local(instant, form.timezone.data)
        except (timezones.TimeZoneError, OverflowError):
            continue  # a broken link leaves that row empty rather than failing
        instants.append((instant, local))
    instants.sort(key=lambda pair: pair[0])
    for row, (_, local) in zip(form.slots, instants, strict=False):
        row.start.data = local.strftime("%Y-%m-%dT%H:%M")


def proposal_input(form: ProposalForm) -> ProposalInput:
    """The service's plain values from a validated proposal form."""
    slots = [
        SlotInput(row.start.data, form.timezone.data, row.choice.data or None)
        for row in form.slots
        if row.start.data
    ]
    speakers = [
        SpeakerInput(
            row.form.name.data or "",
            row.form.affiliation.data or "",
            row.form.timezone.data or None,
        )
        for row in form.speakers
        if row.form.name.data
    ]
    return ProposalInput(
        title_en=form.title_en.data,
        title_ja=form.title_ja.data,
        format=EventFormat(form.format.data),
        cohost_slugs=list(form.cohosts.data or []),
        slots=slots,
        duration_minutes=form.duration_minutes.data,
        description_en=form.description_en.data or "",
        description_ja=form.description_ja.data,
        planning_timezone=form.timezone.data,
        online_url=form.online_url.data,
        venue=form.venue.data,
        capacity=form.capacity.data,
        language=form.language.data,
        speakers=speakers,
        submit=bool(form.send.data),
        asks_contact_consent=bool(form.asks_contact_consent.data),
        answer_by=form.answer_by.data,
    )


def form_version(text: str | None) -> int:
    """The event version a web form was opened at.

    Versions start at 1, so a form whose hidden version is missing or unreadable counts
    as based on version 0: it can never match, and the organizer sees the conflict page
    instead of overwriting someone else's change unseen.
    """
    return whole_number(text) or 0


# Service field names that are called differently on the event forms.
_FORM_NAMES = {"planning_timezone": "timezone"}


def _typed_rows(rows: object, filled: str) -> list:
    """The rows of a FieldList that were filled in, as the service numbered them."""
    return [row for row in rows if getattr(row.form, filled).data]  # type: ignore[attr-defined]


def _field_for(form: object, name: str | None) -> Field | None:
    """Find the form field a service error names, e.g. "slots[1]" or "speakers[0].timezone".

    The services number only the rows that were filled in (``proposal_input`` leaves
    out empty ones), so "slots[1]" is the second typed row, wherever it is on the page.
    """
    if not name:
        return None
    if name == "slots" and hasattr(form, "slots"):
        return form.slots[0].start  # type: ignore[attr-defined]  # "no time": beside the first
    head, _dot, part = name.partition(".")
    if "[" in head:
        rows_name, index_text = head[:-1].split("[")
        filled = {"slots": "start", "speakers": "name"}.get(rows_name)
        if filled is None or not hasattr(form, rows_name):
            return None
        rows = _typed_rows(getattr(form, rows_name), filled)
        index = int(index_text)
        if index >= len(rows):
            return None
        # A slot's own zone is typed in the form's one zone menu.
        if rows_name == "slots":
            return rows[index].start if part != "timezone" else getattr(form, "timezone", None)
        return getattr(rows[index].form, part or filled, None)
    if part == "timezone":  # "start.timezone": the zone menu the start was typed in
        return getattr(form, "timezone", None)
    return getattr(form, _FORM_NAMES.get(head, head), None) or getattr(form, head, None)


def apply_field_error(form: object, error: DomainError) -> None:
    """Show each of a service's messages next to the field it names, once.

    A :class:`~planner.errors.FieldErrors` carries several; a message the field shows
    already (from the form's own checks) is not added again. What names no field goes
    to the top of the form. For an ambiguous time the readings are attached to the
    field, so the template can offer them as buttons.
    """
    for problem in field_problems(error):
        field = _field_for(form, problem.field)
        if field is None:
            if problem.message not in form.form_errors:  # type: ignore[attr-defined]
                form.form_errors.append(problem.message)  # type: ignore[attr-defined]
            continue
        if problem.message not in field.errors:
            field.errors = [*field.errors, problem.message]
        if problem.details.get("choices"):
            field.time_choices = problem.details["choices"]  # type: ignore[attr-defined]


def show_proposal_problems(form: ProposalForm, problems: list[DomainError]) -> None:
    """After the form's own checks failed, add the service's problems to fields still clean.

    So one submit shows every problem: a missing title (the form's check) together with
    a nonexistent time (the service's). A field the form already flagged keeps only its
    own message, so nothing is said twice in other words.
    """
    for problem in problems:
        field = _field_for(form, problem.field)
        if field is not None and field.errors:
            continue
        apply_field_error(form, problem)


def fill_answer_rows(
    form: AnswersForm, event: Event, organization_id: int, sent: AnswersForm | None = None
) -> None:
    """One answer row per slot, preset with my organization's current answer.

    With ``sent`` (answers that failed validation), a slot's row shows what was sent
    for it instead, with its messages; rows for slots the event does not have are
    left out, so the rows always follow the event's slots.
    """
    sent_rows = {row.slot_id.data: row for row in sent.rows} if sent is not None else {}
    while len(form.rows):
        form.rows.pop_entry()
    for slot in event.slots:
        again = sent_rows.get(str(slot.id))
        if again is not None:
            row = form.rows.append_entry(
                {
                    "slot_id": str(slot.id),
                    "answer": again.answer.data,
                    "comment": again.comment.data or "",
                }
            )
            row.answer.errors = list(again.answer.errors)
            row.comment.errors = list(again.comment.errors)
            continue
        mine = next((r for r in slot.responses if r.organization_id == organization_id), None)
        form.rows.append_entry(
            {
                "slot_id": str(slot.id),
                "answer": str(mine.answer) if mine else None,
                "comment": mine.comment if mine else "",
            }
        )


def local_input_value(instant: datetime, zone_name: str) -> str:
    """An instant as the value of a datetime-local input in ``zone_name``."""
    return timezones.to_local(instant, zone_name).strftime("%Y-%m-%dT%H:%M")
