"""Between the edit, reschedule and cancel forms and their operations.

An edit form states every field it shows; the operations keep only what the organizer
changed since the version the form was opened at. After a conflict the page asks, for
each field both organizers changed, whose value to keep: "theirs" drops the field from
what this organizer states, so the saved value stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner.events.answer_by import stored_answer_by
from planner.events.form_input import form_version, local_input_value
from planner.events.forms import CancelForm, EditDetailsForm, RescheduleForm
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.limits import SPEAKERS_MAX
from planner.models import Event

# Empty speaker rows offered below the event's speakers, for adding new ones.
SPARE_SPEAKER_ROWS = 2
KEEP_THEIRS = "theirs"


def fill_edit_form(form: EditDetailsForm, event: Event, values: Mapping[str, Any]) -> None:
    """Show ``values`` (editable fields, as ``revisions.editable_values`` gives them)."""
    for name in ("title_en", "title_ja", "description_en", "description_ja", *form.HOST_ONLY):
        if name in form:
            form[name].data = values[name]
    if "answer_by" in form:  # kept as ISO text among the values, a date in the form
        form["answer_by"].data = stored_answer_by(values["answer_by"])
    while len(form.speakers):
        form.speakers.pop_entry()
    speakers = values["speakers"]
    for name, affiliation, zone in speakers:
        form.speakers.append_entry({"name": name, "affiliation": affiliation, "timezone": zone})
    for _ in range(min(SPARE_SPEAKER_ROWS, SPEAKERS_MAX - len(speakers))):
        form.speakers.append_entry()
    form.version.data = str(event.version)


def stated_details(form: EditDetailsForm, resolutions: Mapping[str, str]) -> dict[str, Any]:
    """Every field the form shows, except those whose conflict was settled for "theirs"."""
    stated: dict[str, Any] = {
        name: form[name].data
        for name in ("title_en", "title_ja", "description_en", "description_ja", *form.HOST_ONLY)
        if name in form
    }
    stated["speakers"] = [
        [row.form.name.data, row.form.affiliation.data, row.form.timezone.data]
        for row in form.speakers
    ]
    return {
        name: value
        for name, value in stated.items()
        if resolutions.get(f"resolve-{name}") != KEEP_THEIRS
    }


def prefill_reschedule(form: RescheduleForm, event: Event) -> None:
    """Open the reschedule form with the event's current time, duration, venue and link."""
    if event.start_utc is not None:
        form.start.data = local_input_value(event.start_utc, form.timezone.data)
    form.duration_minutes.data = event.duration_minutes
    form.venue.data = event.venue or ""
    form.online_url.data = event.online_url or ""
    form.version.data = str(event.version)


def refill_reschedule(form: RescheduleForm, event: Event, values: Mapping[str, Any]) -> None:
    """After a conflict: the details as merged (the typed start stays), at the new version."""
    form.duration_minutes.data = values["duration_minutes"]
    form.venue.data = values["venue"] or ""
    form.online_url.data = values["online_url"] or ""
    form.version.data = str(event.version)


def reschedule_input(
    form: RescheduleForm, resolutions: Mapping[str, str]
) -> tuple[RescheduleInput, int]:
    """The operation's values from a reschedule form, with the version it was opened at.

    Every field is stated (an emptied venue or link removes it), except a detail whose
    conflict the organizer settled for the other organizer's value.
    """

    def stated(name: str, value: Any) -> Any:
        return None if resolutions.get(f"resolve-{name}") == KEEP_THEIRS else value

    change = RescheduleInput(
        start=form.start.data,
        timezone=form.timezone.data,
        choice=form.choice.data or None,
        duration_minutes=stated("duration_minutes", form.duration_minutes.data),
        venue=stated("venue", form.venue.data or ""),
        online_url=stated("online_url", form.online_url.data or ""),
    )
    return change, form_version(form.version.data)


def cancellation_reason(form: CancelForm) -> CancellationReason:
    """The reason typed in the cancel form, in both languages."""
    return CancellationReason(en=form.reason_en.data or "", ja=form.reason_ja.data or "")
