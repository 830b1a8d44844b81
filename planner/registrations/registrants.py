"""Organizers and their registrants: the list, the CSV export and registration settings.

Organizers of the host and co-host organizations (and admins) see the registrants;
only the host's organizers change the capacity or close and reopen registration.
Someone who may not see an unpublished event gets 404, as everywhere else.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.core import timezones
from planner.core.lifecycle import FINAL
from planner.errors import Conflict, PermissionDenied, ValidationFailed
from planner.events.access import is_involved, load_event, require_host
from planner.extensions import db
from planner.labels import status_label
from planner.models import Event, Registration, RegistrationStatus, User, utc_now
from planner.notifications import outbox as notifications
from planner.registrations import seats
from planner.registrations.operations import EventHeading, event_heading
from planner.time_input import resolve_start
from planner.unit_of_work import unit_of_work

MAX_CAPACITY = 100_000
# Excel and LibreOffice run a cell that starts with one of these as a formula
# (OWASP "CSV injection"); a leading apostrophe makes it plain text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STATUS_ORDER = {
    RegistrationStatus.CONFIRMED: 0,
    RegistrationStatus.WAITLISTED: 1,
    RegistrationStatus.CANCELLED: 2,
}


@dataclass(frozen=True)
class RegistrantRow:
    """One registrant as the list and the export show them."""

    name: str
    email: str
    affiliation: str
    country: str
    status: str
    status_label: str
    waitlist_position: int | None
    registered_at: str  # wall time in the event's planning zone
    consent: bool


@dataclass(frozen=True)
class RegistrantList:
    """The registrant page of one event: rows, counts and what the viewer may change."""

    event: EventHeading
    capacity: int | None
    rows: list[RegistrantRow]
    counts: seats.SeatCounts
    seats_left: int | None
    state: str
    state_label: str
    planning_timezone: str
    registration_open: bool  # as the organizers set it (deadline and start aside)
    can_change_settings: bool
    registration_deadline: datetime | None = None


def _event_for_organizer(actor: User, event_id: int) -> Event:
    """The event, if ``actor`` organizes it or is an admin (403 otherwise, 404 if hidden)."""
    event = load_event(actor, event_id)
    if not is_involved(actor, event):
        raise PermissionDenied(_("Only the organizers of this event can see its registrants."))
    return event


def _rows(event: Event) -> list[RegistrantRow]:
    """Confirmed first, then the waitlist in order, then the cancelled."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id)
        .order_by(Registration.created_at, Registration.id)
    )
    ordered = sorted(registrations, key=lambda registration: _STATUS_ORDER[registration.status])
    rows, position = [], 0
    for registration in ordered:
        waiting = registration.status == RegistrationStatus.WAITLISTED
        if waiting:
            position += 1
        registered = timezones.to_local(registration.created_at, event.planning_timezone)
        rows.append(
            RegistrantRow(
                name=registration.name,
                email=registration.email,
                affiliation=registration.affiliation,
                country=registration.country or "",
                status=str(registration.status),
                status_label=str(seats.STATUS_LABELS[registration.status]),
                waitlist_position=position if waiting else None,
                registered_at=f"{registered:%Y-%m-%d %H:%M} {registered.tzname()}",
                consent=registration.consent,
            )
        )
    return rows


def list_registrants(actor: User, event_id: int) -> RegistrantList:
    """The registrants of an event with the counts per status, for its organizers."""
    event = _event_for_organizer(actor, event_id)
    counts = seats.seat_counts([event.id])[event.id]
    state = seats.registration_state(event, counts.confirmed, utc_now())
    return RegistrantList(
        event=event_heading(event),
        capacity=event.capacity,
        rows=_rows(event),
        counts=counts,
        seats_left=seats.seats_left(event, counts.confirmed),
        state=str(state),
        state_label=str(seats.STATE_LABELS[state]),
        planning_timezone=event.planning_timezone,
        registration_open=event.registration_open,
        registration_deadline=event.registration_deadline,
        # The rule of access.require_host: the host organization's organizers.
        can_change_settings=event.host_organization_id == actor.organization_id
        and event.status not in FINAL,
    )


def spreadsheet_safe(value: str) -> str:
    """A cell text that spreadsheets will not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def registrants_csv(actor: User, event_id: int) -> tuple[str, bytes]:
    """A file name and the registrant list as CSV that Excel opens correctly.

    UTF-8 with a byte-order mark (without it Excel reads Japanese names as Shift_JIS
    mojibake), CRLF line ends, quotes where needed, formula-looking cells defused.
    """
    event = _event_for_organizer(actor, event_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Affiliation"),
            _("Country"),
            _("Status"),
            _("Waitlist position"),
            _("Registered at (%(zone)s)", zone=event.planning_timezone),
            _("Agreed to be contacted"),
        ]
    )
    for row in _rows(event):
        writer.writerow(
            [
                spreadsheet_safe(row.name),
                spreadsheet_safe(row.email),
                spreadsheet_safe(row.affiliation),
                spreadsheet_safe(row.country),
                row.status_label,
                row.waitlist_position or "",
                row.registered_at,
                _("yes") if row.consent else _("no"),
            ]
        )
    return f"registrants-event-{event.id}.csv", buffer.getvalue().encode("utf-8-sig")


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
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationFailed(
            _("The capacity must be between 1 and %(most)d.", most=MAX_CAPACITY),
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


def set_capacity(actor: User, event_id: int, capacity: int | None) -> list[Registration]:
    """Change the number of seats (``None``: no limit); return who got a seat from it."""
    with unit_of_work():
        event = _event_for_settings(actor, event_id)
        promoted = apply_capacity(actor, event, capacity)
    notifications.deliver_pending()
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
