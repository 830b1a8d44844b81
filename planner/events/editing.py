"""Editing an event's texts and details at any time before it ends, without a reschedule.

The host edits everything on the edit page; co-host organizers edit the texts (titles,
descriptions, speakers) of an event they co-host. An edit states the values it wants
and the version it was opened at, and only what its editor changed is written (see
``planner.events.revisions``). A change attendees must act on — a new venue or join
link — is sent to them with an updated invite; a corrected description is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from planner import audit
from planner.core.lifecycle import FINAL
from planner.errors import Conflict, PermissionDenied, ValidationFailed
from planner.events import revisions
from planner.events.access import is_cohost, is_host, load_event
from planner.events.answer_by import answer_by_value, check_answer_by, stored_answer_by
from planner.events.change_mail import announce_changes
from planner.events.common import event_snapshot, touch
from planner.form_values import unix_newlines
from planner.labels import status_label
from planner.limits import REMINDER_OFFSET_CHOICES
from planner.models import Event, EventFormat, Speaker, User
from planner.registrations import registrants, seats
from planner.time_input import require_zone
from planner.unit_of_work import unit_of_work

# The edit page's fields that are free text, and which of them may be left empty.
_TEXTS = ("title_en", "title_ja", "description_en", "description_ja", "venue", "online_url")
_EMPTY_IS_NONE = ("title_ja", "description_ja", "venue", "online_url")


def normalize_details(stated: Mapping[str, Any]) -> dict[str, Any]:
    """The stated values in the form ``revisions.editable_values`` uses, checked.

    Text is trimmed, an emptied optional text is ``None``, speakers without a name
    are dropped and their zones must be known zones.
    """
    values: dict[str, Any] = {}
    for field, value in stated.items():
        if field not in revisions.TEXT_FIELDS + revisions.HOST_FIELDS:
            raise ValidationFailed(_("This detail cannot be edited here."), field=field)
        if field in _TEXTS:
            value = (unix_newlines(value) or "").strip()
            value = (value or None) if field in _EMPTY_IS_NONE else value
        elif field == "format":
            value = str(EventFormat(value))
        elif field == "speakers":
            value = _speakers(value)
        elif field in ("asks_contact_consent", "reminder_alarms"):
            value = bool(value)
        elif field == "reminder_offsets":
            value = reminder_offsets(value)
        elif field == "answer_by":
            value = answer_by_value(value)
        values[field] = value
    if "title_en" in values and not values["title_en"]:
        raise ValidationFailed(_("The event needs an English title."), field="title_en")
    return values


def reminder_offsets(chosen: Any) -> list[int]:
    """The reminders chosen, each one of the fixed choices once, the earliest first."""
    try:
        minutes = {int(value) for value in chosen}
    except (TypeError, ValueError):
        minutes = {-1}
    unknown = minutes - set(REMINDER_OFFSET_CHOICES)
    if unknown:
        raise ValidationFailed(
            _(
                "Reminders can be sent %(choices)s minutes before the start.",
                choices=", ".join(str(m) for m in REMINDER_OFFSET_CHOICES),
            ),
            field="reminder_offsets",
        )
    return sorted(minutes, reverse=True)


def _speakers(rows: list[Any]) -> list[list[str | None]]:
    """Speakers as [name, affiliation, zone] rows, the nameless left out."""
    speakers: list[list[str | None]] = []
    for index, (name, affiliation, zone) in enumerate(rows):
        if not (name or "").strip():
            continue
        zone = (zone or "").strip() or None
        if zone:
            require_zone(zone, f"speakers[{index}].timezone")
        speakers.append([name.strip(), (affiliation or "").strip(), zone])
    return speakers


def _check_may_edit(actor: User, event: Event, fields: list[str]) -> None:
    """The host edits every detail, a co-host the texts, nobody a finished event.

    Who comes before what, as in every other operation (and the web's
    ``access.ensure_available``): someone who may never edit the event gets 403, not a
    409 about its state.
    """
    if not is_host(actor, event):
        if not is_cohost(actor, event):
            raise PermissionDenied(
                _("Only organizers of the co-hosting organizations can do this.")
            )
        host_only = [field for field in fields if field not in revisions.TEXT_FIELDS]
        if host_only:
            raise PermissionDenied(
                _(
                    "Co-hosts edit the titles, descriptions and speakers; only the host "
                    "organization (%(host)s) changes the other details.",
                    host=event.host.name_en,
                ),
                field=host_only[0],
            )
    if event.status in FINAL:
        raise Conflict(
            _(
                "This event is %(status)s, so its details cannot be changed any more.",
                status=status_label(event.status),
            ),
            code="invalid_transition",
            details={"status": str(event.status), "allowed": []},
        )


def _apply(event: Event, changes: Mapping[str, Any]) -> None:
    """Write the merged changes, except capacity (which goes through the seat rules)."""
    for field, value in changes.items():
        if field == "speakers":
            event.speakers = [
                Speaker(position=index, name=name, affiliation=affiliation, timezone=zone)
                for index, (name, affiliation, zone) in enumerate(value)
            ]
        elif field == "format":
            event.format = EventFormat(value)
        elif field == "answer_by":
            event.answer_by = stored_answer_by(value)
        elif field != "capacity":
            setattr(event, field, value)


def update_event_details(
    actor: User, event_id: int, stated: Mapping[str, Any], base_version: int
) -> Event:
    """Save the details an organizer changed since ``base_version``, merged with others'.

    ``stated`` maps editable fields to the values wanted (the whole form, or only the
    fields an API client sends). Nothing is written when nothing changed.
    """
    event = load_event(actor, event_id)
    wanted = normalize_details(stated)
    _check_may_edit(actor, event, [])

    with unit_of_work():
        seats.lock_event(event.id)  # reloads the row: the merge sees the latest values
        changes = revisions.merge(event, wanted, base_version)
        _check_may_edit(actor, event, list(changes))
        if not changes:
            return event
        if "answer_by" in changes:  # only a new date is checked: an old one may have passed
            check_answer_by(stored_answer_by(changes["answer_by"]), actor)
        before, before_audit = revisions.editable_values(event), event_snapshot(event)
        _apply(event, changes)
        tell_attendees = event.start_utc is not None and any(
            field in changes for field in revisions.ATTENDEE_FIELDS
        )
        if tell_attendees:
            event.sequence += 1  # the invites they hold change: let calendars replace them
        touch(event)
        revisions.record(event, before, base_version=event.version)
        old, new = audit.changed_fields(before_audit, event_snapshot(event))
        audit.record(
            actor, "event.update", "event", event.id, event_id=event.id, before=old, after=new
        )
        if "capacity" in changes:
            # Seats already taken cannot be removed, and new seats go to the waitlist.
            registrants.apply_capacity(actor, event, changes["capacity"])
        if tell_attendees:
            announce_changes(event, changes)
    return event
