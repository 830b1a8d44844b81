"""Agreeing on the time and running the event: confirm, publish, reschedule, cancel.

Editing the texts and details without moving the time is ``planner.events.editing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from planner import audit
from planner.core.lifecycle import Action
from planner.errors import Conflict, ValidationFailed
from planner.events import change_mail, revisions
from planner.events import mail as event_mail
from planner.events.access import load_event, require_host
from planner.events.common import (
    check_duration,
    check_version,
    event_snapshot,
    move,
    require_slot_ahead,
)
from planner.models import Answer, Event, EventStatus, User, utc_now
from planner.registrations import seats
from planner.time_input import require_future, require_zone, resolve_start
from planner.unit_of_work import unit_of_work

AGREEING = (Answer.YES, Answer.MAYBE)


def missing_agreement(event: Event, slot_id: int) -> list[str]:
    """Names of the co-host organizations that have not agreed (yes or if need be) to a slot."""
    slot = next(s for s in event.slots if s.id == slot_id)
    answers = {response.organization_id: response.answer for response in slot.responses}
    return [org.name_en for org in event.cohosts if answers.get(org.id) not in AGREEING]


def confirm_slot(
    actor: User, event_id: int, slot_id: int, expected_version: int | None = None
) -> Event:
    """The host fixes a slot every co-host agreed to; co-host organizers get invites.

    With ``expected_version``, refused if the event changed since (an answer withdrawn
    meanwhile, say).
    """
    event = load_event(actor, event_id)
    require_host(actor, event)
    check_version(event, expected_version)
    if not any(slot.id == slot_id for slot in event.slots):
        raise ValidationFailed(_("This event has no such candidate time."), field="slot_id")
    missing = missing_agreement(event, slot_id) if event.status == EventStatus.PROPOSED else []
    if missing:
        raise Conflict(
            _(
                "Not every co-host has agreed to this time yet: %(names)s.",
                names=", ".join(missing),
            ),
            code="slot_not_agreed",
            details={"not_agreed": missing},
        )
    slot = next(s for s in event.slots if s.id == slot_id)
    require_slot_ahead(slot)

    with unit_of_work():
        move(actor, event, Action.CONFIRM, extra={"slot_id": slot.id})
        event.start_utc = slot.start_utc
        event.end_utc = slot.end_utc
        change_mail.tell_confirmed(event)
    return event


def publish_event(actor: User, event_id: int, expected_version: int | None = None) -> Event:
    """Make a confirmed event public: listing, feeds and registration."""
    event = load_event(actor, event_id)
    require_host(actor, event)
    check_version(event, expected_version)

    with unit_of_work():
        move(actor, event, Action.PUBLISH)
        event.published_at = utc_now()
        event_mail.tell_published_in_unit(event)
    return event


@dataclass(frozen=True)
class RescheduleInput:
    """A new start typed in a zone, and the duration, venue and link wanted with it.

    ``None`` leaves a detail as it is (an API client that does not send it); an empty
    venue or link removes it.
    """

    start: str
    timezone: str | None = None
    choice: str | None = None
    duration_minutes: int | None = None
    venue: str | None = None
    online_url: str | None = None


def _stated_reschedule(change: RescheduleInput, start: datetime) -> dict[str, object]:
    """The values a reschedule asks for, in the form ``revisions`` compares."""
    stated: dict[str, object] = {"start_utc": start.isoformat()}
    if change.duration_minutes is not None:
        check_duration(change.duration_minutes)
        stated["duration_minutes"] = change.duration_minutes
    for field in ("venue", "online_url"):
        value = getattr(change, field)
        if value is not None:
            stated[field] = value.strip() or None
    return stated


def reschedule_event(
    actor: User, event_id: int, change: RescheduleInput, expected_version: int | None = None
) -> Event:
    """Move an agreed event: SEQUENCE goes up and everyone involved is told, old → new.

    Only what the organizer changed since ``expected_version`` is written: a venue or
    join link left as it was stays (even if a co-organizer changed it meanwhile).
    Without a version (a command, the demo data) the change is based on the event as
    it is now.
    """
    event = load_event(actor, event_id)
    require_host(actor, event)
    zone = require_zone(change.timezone, "timezone") if change.timezone else event.planning_timezone
    start = require_future(resolve_start(change.start, zone, change.choice, "start"), "start")
    stated = _stated_reschedule(change, start)

    with unit_of_work():
        seats.lock_event(event.id)  # reloads the row: the merge sees the latest values
        base = event.version if expected_version is None else expected_version
        changes = revisions.merge(event, stated, base)
        if not changes:
            raise ValidationFailed(
                _("This is already the event's time and place. Choose a new time."),
                field="start",
            )
        previous_start = event.start_utc
        before, before_audit = revisions.editable_values(event), event_snapshot(event)
        move(actor, event, Action.RESCHEDULE)
        duration = changes.get("duration_minutes", event.duration_minutes)
        if "start_utc" in changes:
            event.start_utc = start
        event.end_utc = event.start_utc + timedelta(minutes=duration)
        event.duration_minutes = duration
        for field in ("venue", "online_url"):
            if field in changes:
                setattr(event, field, changes[field])
        event.sequence += 1
        revisions.record(event, before, base_version=event.version)
        old, new = audit.changed_fields(before_audit, event_snapshot(event))
        audit.record(
            actor,
            "event.reschedule.details",
            "event",
            event.id,
            event_id=event.id,
            before=old,
            after=new,
        )
        moved_from = previous_start if "start_utc" in changes else None
        change_mail.announce_changes(event, changes, moved_from)
    return event


@dataclass(frozen=True)
class CancellationReason:
    """Why the event is called off, as attendees read it, in either or both languages."""

    en: str = ""
    ja: str = ""


def cancel_event(
    actor: User,
    event_id: int,
    reason: CancellationReason = CancellationReason(),
    expected_version: int | None = None,
) -> Event:
    """Call off a confirmed or published event; it stays visible as cancelled.

    With ``expected_version``, refused if the event changed since.
    """
    event = load_event(actor, event_id)
    require_host(actor, event)
    reason_en, reason_ja = reason.en.strip(), reason.ja.strip()

    with unit_of_work():
        # Under the seat lock: a registration arriving meanwhile is either in before the
        # cancellation (and told of it) or refused after it, never left confirmed.
        seats.lock_event(event.id)
        check_version(event, expected_version)  # after the lock, which reloads the event
        move(actor, event, Action.CANCEL, extra={"reason": reason_en, "reason_ja": reason_ja})
        event.cancellation_reason = reason_en or None
        event.cancellation_reason_ja = reason_ja or None
        event.sequence += 1
        change_mail.tell_cancelled(event, reason_en, reason_ja)
    return event
