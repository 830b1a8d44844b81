"""Between the event forms and the services: filling choices, reading values, showing errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from wtforms import Field, SelectField

from planner.core import timezones
from planner.errors import DomainError
from planner.events.forms import AnswersForm, ProposalForm, RescheduleForm
from planner.events.negotiation import ProposalInput, SlotInput, SpeakerInput
from planner.events.scheduling import RescheduleInput
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


def fill_speaker_zones(form: ProposalForm) -> None:
    """Every speaker row's zone menu: "not given" first, then the zone menu of events."""
    for row in form.speakers:
        fill_optional_zone(row.form.timezone, str(NOT_GIVEN))


def prefill_proposal(form: ProposalForm, args: Mapping[str, str], user: User) -> None:
    """Fill a new proposal from the "Find a time" link: start, duration and co-hosts.

    The suggested start arrives as a UTC instant; it is shown as a wall time in the
    organizer's chosen zone, which is how they will read and edit it.
    """
    cohosts = [slug for slug in args.get("cohosts", "").split(",") if slug]
    if cohosts:
        form.cohosts.data = cohosts
    duration = whole_number(args.get("duration"))
    if duration is not None:
        form.duration_minutes.data = duration
    start = args.get("start")
    if start:
        try:
            instant = timezones.parse_local_or_offset(start, None)
            local = timezones.to_local(instant, form.timezone.data)
        except (timezones.TimeZoneError, OverflowError):
            return  # a broken link leaves the form empty rather than failing
        form.slots[0].start.data = local.strftime("%Y-%m-%dT%H:%M")


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
    )


def form_version(text: str | None) -> int:
    """The event version a web form was opened at.

    Versions start at 1, so a form whose hidden version is missing or unreadable counts
    as based on version 0: it can never match, and the organizer sees the conflict page
    instead of overwriting someone else's change unseen.
    """
    return whole_number(text) or 0


def reschedule_input(form: RescheduleForm) -> tuple[RescheduleInput, int]:
    """The service's values from a reschedule form, with the version it was opened at."""
    version = form_version(form.version.data)
    change = RescheduleInput(
        start=form.start.data,
        timezone=form.timezone.data,
        choice=form.choice.data or None,
        duration_minutes=form.duration_minutes.data,
        venue=form.venue.data,
        online_url=form.online_url.data,
    )
    return change, version


def _field_for(form: object, name: str | None) -> Field | None:
    """Find the form field a service error names, e.g. "slots[1]" or "cohosts"."""
    if not name:
        return None
    if name.startswith("slots[") and hasattr(form, "slots"):
        index = int(name[6 : name.index("]")])
        rows = [row for row in form.slots if row.start.data]  # type: ignore[attr-defined]
        return rows[index].start if index < len(rows) else None
    return getattr(form, name.split(".")[0], None)


def apply_field_error(form: object, error: DomainError) -> None:
    """Show a service's message next to the field it names (or at the top of the form).

    For an ambiguous time the two choices are attached to the field, so the template
    can offer them as buttons.
    """
    field = _field_for(form, error.field)
    if field is None:
        form.form_errors.append(error.message)  # type: ignore[attr-defined]
        return
    field.errors = [*field.errors, error.message]
    field.time_choices = error.details.get("choices", [])  # type: ignore[attr-defined]


def fill_answer_rows(form: AnswersForm, event: Event, organization_id: int) -> None:
    """One answer row per slot, preset with my organization's current answer."""
    while len(form.rows):
        form.rows.pop_entry()
    for slot in event.slots:
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
