"""Organizers and their registrants: who registered, and the registration settings.

Organizers of the host and co-host organizations (and admins) see the registrants;
only the host's organizers change the capacity, close and reopen registration, and
remove registrations that look like a flood (``floods``). Someone who may not see an
unpublished event gets 404, as everywhere else. The page and the CSV export of the
list are built by ``presenters``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.core.lifecycle import FINAL
from planner.errors import Conflict, PermissionDenied, ValidationFailed
from planner.events import revisions
from planner.events.access import is_involved, load_event, require_host
from planner.extensions import db
from planner.labels import status_label
from planner.limits import CAPACITY_MAX, REMOVE_AT_ONCE_MAX
from planner.models import Event, EventRevision, Registration, RegistrationStatus, User, utc_now
from planner.registrations import seats
from planner.registrations.floods import SuspectedFlood, suspected_floods
from planner.registrations.operations import cancellation_refusal
from planner.time_input import require_future, resolve_start
from planner.unit_of_work import unit_of_work

_STATUS_ORDER = {
    RegistrationStatus.CONFIRMED: 0,
    RegistrationStatus.WAITLISTED: 1,
    RegistrationStatus.CANCELLED: 2,
}


@dataclass(frozen=True)
class Registrant:
    """One registration, with its place on the waitlist when it waits."""

    registration: Registration
    waitlist_position: int | None


@dataclass(frozen=True)
class Registrants:
    """An event's registrants for its organizers: ordered, counted, and what they may change."""

    event: Event
    registrants: list[Registrant]  # confirmed first, then the waitlist in order, then cancelled
    counts: seats.SeatCounts
    seats_left: int | None
    state: seats.RegistrationState
    can_change_settings: bool
    floods: list[SuspectedFlood]
    can_remove: bool  # the host's organizers, until the event starts


def _event_for_organizer(actor: User, event_id: int) -> Event:
    """The event, if ``actor`` organizes it or is an admin (403 otherwise, 404 if hidden)."""
    event = load_event(actor, event_id)
    if not is_involved(actor, event):
        raise PermissionDenied(_("Only the organizers of this event can see its registrants."))
    return event


def _ordered(event: Event) -> list[Registrant]:
    """Confirmed first, then the waitlist in order, then the cancelled."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id)
        .order_by(Registration.created_at, Registration.id)
    )
    ordered = sorted(registrations, key=lambda registration: _STATUS_ORDER[registration.status])
    registrants, position = [], 0
    for registration in ordered:
        waiting = registration.status == RegistrationStatus.WAITLISTED
        if waiting:
            position += 1
        registrants.append(Registrant(registration, position if waiting else None))
    return registrants


def registrants_of(actor: User, event_id: int) -> Registrants:
    """The registrants of an event with the counts per status, for its organizers."""
    event = _event_for_organizer(actor, event_id)
    counts = seats.seat_counts([event.id])[event.id]
    registrants = _ordered(event)
    is_host = event.host_organization_id == actor.organization_id
    return Registrants(
        event=event,
        registrants=registrants,
        counts=counts,
        seats_left=seats.seats_left(event, counts.confirmed),
        state=seats.registration_state(event, counts.confirmed, utc_now()),
        # The rule of access.require_host: the host organization's organizers.
        can_change_settings=is_host and event.status not in FINAL,
        floods=suspected_floods(registrant.registration for registrant in registrants),
        can_remove=is_host and cancellation_refusal(event) is None,
    )


def _event_for_settings(actor: User, event_id: int) -> Event:
    """Lock the event for a settings change by one of its host's organizers."""
    require_host(actor, load_event(actor, event_id))
    event = seats.lock_event(event_id)
    if event.status in FINAL:
        raise Conflict(
            _(
                "This event is %(status)s, so its registration settings cannot change.",
                status=status_label(event.status),
            ),
            code="invalid_transition",
        )
    return event


def apply_capacity(actor: User, event: Event, capacity: int | None) -> list[Registration]:
    """Within the caller's unit of work (event row locked): change the seats, fill them.

    Raising the capacity gives the new seats to the waitlist in order; lowering it
    below the seats already taken is refused, since nobody loses a confirmed seat.
    """
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise ValidationFailed(
            _("The capacity must be between 1 and %(most)d.", most=CAPACITY_MAX),
            field="capacity",
        )
    # Counting reads registrations only; not flushing the caller's pending changes to
    # the event here keeps the whole edit to one UPDATE (one version step).
    with db.session.no_autoflush:
        confirmed = seats.confirmed_count(event.id)
    if capacity is not None and capacity < confirmed:
        raise Conflict(
            _(
                "%(count)d people already have a seat, so the capacity cannot be lower "
                "than %(count)d.",
                count=confirmed,
            ),
            field="capacity",
            code="capacity_below_confirmed",
        )
    before = event.capacity
    if before == capacity:
        return []
    event.capacity = capacity
    # Remembered like every other change of the event's details, so an edit opened
    # before this one is merged with it instead of putting the old capacity back.
    db.session.add(
        EventRevision(event_id=event.id, base_version=event.version, before={"capacity": before})
    )
    audit.record(
        actor,
        "event.capacity",
        "event",
        event.id,
        before={"capacity": before},
        after={"capacity": capacity},
        event_id=event.id,
    )
    return seats.fill_free_seats(event, confirmed)


def set_capacity(
    actor: User, event_id: int, capacity: int | None, base_version: int | None = None
) -> list[Registration]:
    """Change the number of seats (``None``: no limit); return who got a seat from it.

    From a page opened at ``base_version``, merged like every edit of the event's
    details: a capacity someone else changed since is a conflict, not overwritten.
    """
    with unit_of_work():
        event = _event_for_settings(actor, event_id)
        base = event.version if base_version is None else base_version
        changes = revisions.merge(event, {"capacity": capacity}, base)
        if "capacity" not in changes:
            return []
        promoted = apply_capacity(actor, event, capacity)
    return promoted


def _set_registration_open(actor: User, event_id: int, is_open: bool) -> Event:
    """Close or reopen registration, audited."""
    with unit_of_work():
        event = _event_for_settings(actor, event_id)
        if event.registration_open != is_open:
            event.registration_open = is_open
            audit.record(
                actor,
                "registration.reopen" if is_open else "registration.close",
                "event",
                event.id,
                before={"registration_open": not is_open},
                after={"registration_open": is_open},
                event_id=event.id,
            )
    return event


def close_registration(actor: User, event_id: int) -> Event:
    """Stop taking registrations (and waitlist places) for the event."""
    return _set_registration_open(actor, event_id, False)


def reopen_registration(actor: User, event_id: int) -> Event:
    """Take registrations again (until the deadline or the start)."""
    return _set_registration_open(actor, event_id, True)


def set_registration_deadline(
    actor: User, event_id: int, text: str | None, zone_name: str, choice: str | None = None
) -> Event:
    """Close registration earlier than the start: a wall time typed in ``zone_name``.

    Empty ``text`` removes the deadline (registration then closes at the start). The
    typed time goes through the strict time-zone rules like every other time.
    """
    deadline = resolve_start(text, zone_name, choice, "deadline") if text else None
    if deadline is not None:
        require_future(deadline, "deadline")  # a deadline already past closes nothing ahead
    with unit_of_work():
        event = _event_for_settings(actor, event_id)
        if deadline is not None and event.start_utc is not None and deadline > event.start_utc:
            raise ValidationFailed(
                _("The deadline must be before the event starts."), field="deadline"
            )
        before = event.registration_deadline
        event.registration_deadline = deadline
        audit.record(
            actor,
            "registration.deadline",
            "event",
            event.id,
            before={"registration_deadline": before.isoformat() if before else None},
            after={"registration_deadline": deadline.isoformat() if deadline else None},
            event_id=event.id,
        )
    return event


@dataclass(frozen=True)
class Removal:
    """What removing registrations did: who was removed, who got a seat from it."""

    removed: list[Registration]
    promoted: list[Registration]


def _chosen_ids(registration_ids: Iterable[int]) -> list[int]:
    """The chosen ids, each once; refused when there are none or too many."""
    chosen = sorted(set(registration_ids))
    if not chosen:
        raise ValidationFailed(
            _("Choose the registrations to remove."), field="registration_ids", code="missing"
        )
    if len(chosen) > REMOVE_AT_ONCE_MAX:
        raise ValidationFailed(
            _("Remove at most %(count)d registrations at a time.", count=REMOVE_AT_ONCE_MAX),
            field="registration_ids",
            code="too_long",
        )
    return chosen


def remove_registrations(actor: User, event_id: int, registration_ids: Iterable[int]) -> Removal:
    """Remove registrations the host's organizers chose (a flood); the waitlist moves up.

    Each ends as a cancellation does (``seats.release``), and freed seats go to the
    waitlist in order, whose promoted people are emailed as always. The removed
    addresses are not emailed: a flood's addresses were typed by someone else, and
    mailing them would finish the flooder's work (a real attendee removed by mistake
    can register again). One audit entry lists them all. Refused, like a cancellation,
    once the event has started or when it is cancelled; ids of other events' (or no)
    registrations are refused, already cancelled ones are left as they are.
    """
    chosen = _chosen_ids(registration_ids)
    with unit_of_work():
        require_host(actor, load_event(actor, event_id))
        event = seats.lock_event(event_id)
        refusal = cancellation_refusal(event)
        if refusal is not None:
            raise refusal
        rows = list(
            db.session.scalars(
                select(Registration)
                .where(Registration.event_id == event.id, Registration.id.in_(chosen))
                .order_by(Registration.id)
                .execution_options(populate_existing=True)
            )
        )
        unknown = sorted(set(chosen) - {row.id for row in rows})
        if unknown:
            raise ValidationFailed(
                _(
                    "These are not registrations of this event: %(ids)s.",
                    ids=", ".join(str(number) for number in unknown),
                ),
                field="registration_ids",
                code="unknown_registrations",
            )
        removed = [row for row in rows if row.status != RegistrationStatus.CANCELLED]
        before = {str(row.id): str(row.status) for row in removed}
        freed = [seats.release(row) for row in removed]
        promoted: list[Registration] = []
        if removed:
            audit.record(
                actor,
                "registration.remove",
                "event",
                event.id,
                before={"registrations": before},
                after={"removed": [row.id for row in removed], "count": len(removed)},
                event_id=event.id,
            )
        if any(freed):
            promoted = seats.fill_free_seats(event, seats.confirmed_count(event.id))
    return Removal(removed, promoted)
