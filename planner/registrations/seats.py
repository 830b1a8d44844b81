"""Seats and the waitlist: the event lock, seat counts, promotion and registration state.

Never overbooked: every change to an event's seats (registering, cancelling, changing
the capacity) first takes a write lock on the event, then counts, then writes, all in
one transaction, so two such changes for the same event happen one after the other:

* PostgreSQL: ``SELECT ... FOR UPDATE`` on the event row. Under READ COMMITTED every
  later statement of the transaction sees what the previous lock holder committed.
* SQLite has no row locks. A no-op UPDATE of the event row, as the first write of the
  transaction, takes the database's RESERVED lock (one writer at a time) and waits
  for it with the busy timeout. Doing it before any other statement of the
  transaction matters: a transaction that has read first and then tries to write
  can be refused at once with "database is locked" to avoid a deadlock.

The waitlist is first come, first served by (created_at, id); a free seat always
goes to the head of the waitlist before anybody new is placed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from planner import audit
from planner.core.enums import RegistrationState
from planner.errors import Conflict, DomainError, NotFound
from planner.extensions import db
from planner.models import Event, EventStatus, Registration, RegistrationStatus, utc_now
from planner.registrations import mail as attendee_mail


@dataclass(frozen=True)
class SeatCounts:
    """How many registrations of one event are in each status."""

    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0


def lock_event(event_id: int) -> Event | None:
    """Take the event's write lock (see the module docstring) and reload the event.

    Call it first in the unit of work. The event comes back with its current values
    (``populate_existing``), whatever the session had loaded before.
    """
    query = select(Event).where(Event.id == event_id)
    if db.session.get_bind().dialect.name == "sqlite":
        events = Event.__table__
        db.session.execute(update(events).where(events.c.id == event_id).values(id=events.c.id))
    else:
        query = query.with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def seat_counts(event_ids: list[int]) -> dict[int, SeatCounts]:
    """Registrations per status for each of the events (zeros when none)."""
    counts: dict[int, dict[str, int]] = {event_id: {} for event_id in event_ids}
    if event_ids:
        rows = db.session.execute(
            select(Registration.event_id, Registration.status, func.count())
            .where(Registration.event_id.in_(event_ids))
            .group_by(Registration.event_id, Registration.status)
        )
        for event_id, status, number in rows:
            counts[event_id][str(status)] = number
    return {event_id: SeatCounts(**by_status) for event_id, by_status in counts.items()}


def confirmed_count(event_id: int) -> int:
    """Seats taken at an event (count it under ``lock_event`` before deciding anything)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def seats_left(event: Event, confirmed: int) -> int | None:
    """Free seats, or ``None`` for an event without a capacity limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed, 0)


def registration_closes_at(event: Event) -> datetime | None:
    """When registration ends: the organizers' deadline, or the start if that is earlier."""
    moments = [moment for moment in (event.registration_deadline, event.start_utc) if moment]
    return min(moments) if moments else None


def registration_refusal(event: Event, now: datetime) -> DomainError | None:
    """Why nobody can register for ``event`` now, or ``None`` when they can."""
    if event.status == EventStatus.CANCELLED:
        return Conflict(
            _("This event is cancelled, so registration is closed."), code="event_cancelled"
        )
    started = event.start_utc is None or event.start_utc <= now
    if event.status == EventStatus.COMPLETED or (event.status == EventStatus.PUBLISHED and started):
        return Conflict(
            _("This event has already started or taken place, so registration is closed."),
            code="registration_closed",
        )
    if event.status != EventStatus.PUBLISHED:
        return NotFound(_("There is no such event."))
    if not event.registration_open:
        return Conflict(
            _("The organizers have closed registration for this event."),
            code="registration_closed",
        )
    if event.registration_deadline is not None and event.registration_deadline <= now:
        return Conflict(
            _("The registration deadline for this event has passed."),
            code="registration_closed",
        )
    return None


def registration_state(event: Event, confirmed: int, now: datetime) -> RegistrationState:
    """The state shown for an event, given its confirmed seats (see ``RegistrationState``)."""
    if event.status == EventStatus.CANCELLED:
        return RegistrationState.CANCELLED
    refusal = registration_refusal(event, now)
    no_seat_left = seats_left(event, confirmed) == 0
    if refusal is None:
        return RegistrationState.WAITLIST if no_seat_left else RegistrationState.OPEN
    before_start = event.start_utc is not None and now < event.start_utc
    if no_seat_left and before_start and event.status == EventStatus.PUBLISHED:
        return RegistrationState.FULL
    return RegistrationState.CLOSED


@dataclass(frozen=True)
class Availability:
    """Where registration for one event stands at one moment, from one count query."""

    counts: SeatCounts
    state: RegistrationState
    seats_left: int | None  # None: no capacity limit
    closes_at: datetime | None
    refusal: DomainError | None  # why a newcomer would be refused now, if they would


def availability(event: Event) -> Availability:
    """Counts, state, seats left and closing time of ``event``, now."""
    now = utc_now()
    counts = seat_counts([event.id])[event.id]
    return Availability(
        counts=counts,
        state=registration_state(event, counts.confirmed, now),
        seats_left=seats_left(event, counts.confirmed),
        closes_at=registration_closes_at(event),
        refusal=registration_refusal(event, now),
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the head of the waitlist; ``None`` when not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            (Registration.created_at < registration.created_at)
            | (
                (Registration.created_at == registration.created_at)
                & (Registration.id < registration.id)
            ),
        )
    )
    return ahead + 1


def release(registration: Registration) -> bool:
    """Cancel a registration under its event's lock; whether it gave up a seat.

    The one way a registration ends, whoever ends it (the attendee's cancellation,
    organizers removing a flood); the caller then gives a freed seat to the waitlist
    with ``fill_free_seats``.
    """
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.updated_at = utc_now()
    return had_seat


def fill_free_seats(event: Event, confirmed: int) -> list[Registration]:
    """Give free seats to the head of the waitlist, in order; tell each person by email.

    Runs inside the caller's unit of work, after ``lock_event``; ``confirmed`` is the
    seat count the caller took under the lock. Also repairs a waitlist left behind by
    a capacity raised elsewhere (the event edit form), so a newcomer never takes a
    seat before the people already waiting.
    """
    free = seats_left(event, confirmed)
    if free == 0:
        return []
    query = (
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.created_at, Registration.id)
        .execution_options(populate_existing=True)
    )
    if free is not None:
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.updated_at = utc_now()
        audit.record(
            audit.SYSTEM,
            "registration.promote",
            "registration",
            registration.id,
            before={"status": str(RegistrationStatus.WAITLISTED)},
            after={"status": str(RegistrationStatus.CONFIRMED)},
            event_id=event.id,
        )
        attendee_mail.tell_promoted(registration)
    return promoted
