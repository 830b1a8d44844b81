"""Agreeing on the time and running the event: confirm, publish, reschedule, cancel, edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _

from planner import audit
from planner.core.lifecycle import Action
from planner.errors import Conflict, ValidationFailed
from planner.events.access import load_event, require_host
from planner.events.common import check_duration, check_version, event_snapshot, move, touch
from planner.extensions import db
from planner.models import (
    Answer,
    Event,
    EventFormat,
    EventStatus,
    Registration,
    RegistrationStatus,
    User,
    utc_now,
)
from planner.notifications import outbox as notifications
from planner.registrations import registrants, seats
from planner.time_input import require_zone, resolve_start
from planner.unit_of_work import unit_of_work

AGREEING = (Answer.YES, Answer.MAYBE)


def _everyone_involved(event: Event) -> list[tuple[str, str]]:
    """(email, zone) of the organizers of all co-hosting organizations."""
    return notifications.organizer_recipients(event, [org.id for org in event.organizations])


def missing_agreement(event: Event, slot_id: int) -> list[str]:
    """Names of the co-host organizations that have not agreed (yes or if need be) to a slot."""
    slot = next(s for s in event.slots if s.id == slot_id)
    answers = {response.organization_id: response.answer for response in slot.responses}
    return [org.name_en for org in event.cohosts if answers.get(org.id) not in AGREEING]


def confirm_slot(actor: User, event_id: int, slot_id: int) -> Event:
    """The host fixes a slot every co-host agreed to; co-host organizers get invites."""
    event = load_event(actor, event_id)
    require_host(actor, event)
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

    with unit_of_work():
        move(actor, event, Action.CONFIRM, extra={"slot_id": slot.id})
        event.start_utc = slot.start_utc
        event.end_utc = slot.end_utc
        notifications.notify(
            _everyone_involved(event),
            event,
            f"[Co-host Planner] Confirmed: {event.title_en}",
            f'{event.host.name_en} confirmed the time of "{event.title_en}".',
            invite_method="REQUEST",
        )
    notifications.deliver_pending()
    return event


def publish_event(actor: User, event_id: int) -> Event:
    """Make a confirmed event public: listing, feeds and registration."""
    event = load_event(actor, event_id)
    require_host(actor, event)

    with unit_of_work():
        move(actor, event, Action.PUBLISH)
        event.published_at = utc_now()
        notifications.notify(
            _everyone_involved(event),
            event,
            f"[Co-host Planner] Published: {event.title_en}",
            f'"{event.title_en}" is now public and open for registration.',
        )
    notifications.deliver_pending()
    return event


@dataclass(frozen=True)
class RescheduleInput:
    """A new start typed in a zone, and optionally a new duration, place or link."""

    start: str
    timezone: str | None = None
    choice: str | None = None
    duration_minutes: int | None = None
    venue: str | None = None
    online_url: str | None = None


def _attendee_recipients(event: Event, *, waitlist_too: bool = False) -> list[tuple[str, str]]:
    """(email, zone) of the attendees with a seat, and with ``waitlist_too`` the waitlist.

    A reschedule's invite carries the join link, so it goes to seat holders only;
    people on the waitlist get theirs when they are given a seat. A cancellation is
    told to everyone registered.
    """
    registrations = db.session.scalars(
        db.select(Registration).where(
            Registration.event_id == event.id,
            Registration.status.in_(
                [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
                if waitlist_too
                else [RegistrationStatus.CONFIRMED]
            ),
        )
    )
    return [(registration.email, event.planning_timezone) for registration in registrations]


def reschedule_event(
    actor: User, event_id: int, change: RescheduleInput, expected_version: int | None = None
) -> Event:
    """Move an agreed event: SEQUENCE goes up and everyone involved gets an updated invite."""
    event = load_event(actor, event_id)
    require_host(actor, event)
    check_version(event, expected_version)
    duration = change.duration_minutes or event.duration_minutes
    check_duration(duration)
    zone = require_zone(change.timezone, "timezone") if change.timezone else event.planning_timezone
    start = resolve_start(change.start, zone, change.choice, "start")

    with unit_of_work():
        before = event_snapshot(event)
        move(actor, event, Action.RESCHEDULE)
        event.start_utc = start
        event.end_utc = start + timedelta(minutes=duration)
        event.duration_minutes = duration
        if change.venue is not None:
            event.venue = change.venue.strip() or None
        if change.online_url is not None:
            event.online_url = change.online_url.strip() or None
        event.sequence += 1
        old, new = audit.changed_fields(before, event_snapshot(event))
        audit.record(
            actor,
            "event.reschedule.details",
            "event",
            event.id,
            event_id=event.id,
            before=old,
            after=new,
        )
        notifications.notify(
            _everyone_involved(event) + _attendee_recipients(event),
            event,
            f"[Co-host Planner] Rescheduled: {event.title_en}",
            f'"{event.title_en}" has moved. The new time is below; your calendar '
            "invite is updated.",
            invite_method="REQUEST",
        )
    notifications.deliver_pending()
    return event


def cancel_event(actor: User, event_id: int, reason: str = "") -> Event:
    """Call off a confirmed or published event; it stays visible as cancelled."""
    event = load_event(actor, event_id)
    require_host(actor, event)

    with unit_of_work():
        move(actor, event, Action.CANCEL, extra={"reason": reason.strip()})
        event.cancellation_reason = reason.strip() or None
        event.sequence += 1
        notifications.notify(
            _everyone_involved(event) + _attendee_recipients(event, waitlist_too=True),
            event,
            f"[Co-host Planner] Cancelled: {event.title_en}",
            f'"{event.title_en}" is cancelled. {reason.strip()}'.strip(),
            invite_method="CANCEL",
            # Nobody needs the join link of a cancelled event; the waitlist never had it.
            include_join_link=False,
        )
    notifications.deliver_pending()
    return event


@dataclass(frozen=True)
class EventDetails:
    """The descriptive fields the host may edit at any time before the event ends."""

    title_en: str
    title_ja: str | None
    description_en: str
    description_ja: str | None
    format: EventFormat
    capacity: int | None
    language: str
    # None keeps the event's setting (a form that does not show the checkbox).
    asks_contact_consent: bool | None = None


def update_event_details(
    actor: User, event_id: int, details: EventDetails, expected_version: int | None
) -> Event:
    """Edit title, description, format, capacity or language, refusing stale versions."""
    event = load_event(actor, event_id)
    require_host(actor, event)
    check_version(event, expected_version)
    if not details.title_en.strip():
        raise ValidationFailed(_("The event needs an English title."), field="title_en")

    with unit_of_work():
        seats.lock_event(event.id)  # reloads the row, so check the version again
        check_version(event, expected_version)
        before = event_snapshot(event)
        event.title_en = details.title_en.strip()
        event.title_ja = (details.title_ja or "").strip() or None
        event.description_en = details.description_en.strip()
        event.description_ja = (details.description_ja or "").strip() or None
        event.format = details.format
        event.language = details.language
        if details.asks_contact_consent is not None:
            event.asks_contact_consent = details.asks_contact_consent
        touch(event)
        old, new = audit.changed_fields(before, event_snapshot(event))
        audit.record(
            actor, "event.update", "event", event.id, event_id=event.id, before=old, after=new
        )
        # Capacity goes through the seat rules (the row is locked above): seats
        # already taken cannot be removed, and new seats go to the waitlist.
        registrants.apply_capacity(actor, event, details.capacity)
    notifications.deliver_pending()  # attendees who got a seat from a larger capacity
    return event
