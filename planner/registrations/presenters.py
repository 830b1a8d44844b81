"""What the registration pages show: the event heading, the registration panel, the manage page.

The operations, ``seats`` and ``registrants`` answer with domain values (states,
counts, instants); these turn them, without querying, into sentences and times in
Tokyo and Copenhagen, in the reader's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from planner.countries import country_name
from planner.events.access import is_involved
from planner.labels import REGISTRATION_STATE_LABELS, REGISTRATION_STATUS_LABELS
from planner.models import Event, EventStatus, Registration, RegistrationStatus, User
from planner.presentation import (
    Moment,
    city_name,
    current_locale,
    instant_text,
    involved_zones,
    moment,
)
from planner.registrations import seats
from planner.registrations.floods import SuspectedFlood
from planner.registrations.operations import ManagedRegistration
from planner.registrations.registrants import Registrant, Registrants


@dataclass(frozen=True)
class EventHeading:
    """An event's title in the interface language and its start in every city it is shown in."""

    event_id: int
    title: str
    when: Moment | None


def event_heading(event: Event) -> EventHeading:
    """The heading of the pages about one event (registering, managing, registrants)."""
    return EventHeading(
        event_id=event.id,
        title=event.title(current_locale()),
        when=moment(event.start_utc, involved_zones(event)) if event.start_utc else None,
    )


@dataclass(frozen=True)
class RegistrationPanel:
    """Everything the registration part of an event page shows, as display values.

    ``state`` is a ``seats.RegistrationState`` value (open, waitlist, full, closed,
    cancelled); ``closes_when`` is the closing moment in Tokyo and Copenhagen, given
    while registration is open; ``form_visible`` says whether to show the form.
    """

    event_id: int
    state: str
    state_label: str
    message: str
    capacity: int | None
    confirmed: int
    waitlisted: int
    seats_left: int | None
    closes_at: datetime | None
    closes_when: Moment | None
    form_visible: bool
    submit_label: str
    show_registrants_link: bool


def _state_message(event: Event, availability: seats.Availability) -> str:
    """One sentence that says what a visitor can do now."""
    State = seats.RegistrationState
    state, left = availability.state, availability.seats_left
    if state == State.OPEN:
        if left is None:
            return _("Registration is open.")
        return _("Seats left: %(seats)d of %(capacity)d.", seats=left, capacity=event.capacity)
    if state == State.WAITLIST:
        return _(
            "All %(capacity)d seats are taken. You can join the waitlist: when a seat becomes "
            "free, the next person on the list gets it and is told by email.",
            capacity=event.capacity,
        )
    if state == State.FULL:
        return _("All seats are taken and registration is closed.")
    if state == State.CANCELLED:
        return _("This event is cancelled.")
    if event.status not in (EventStatus.PUBLISHED, EventStatus.COMPLETED):
        return _("Registration opens when the event is published.")
    refusal = availability.refusal
    return refusal.message if refusal is not None else _("Registration is closed.")


def registration_panel(
    event: Event, availability: seats.Availability, viewer: User | None
) -> RegistrationPanel:
    """What the event page says about registering, for ``viewer`` (``None``: a visitor).

    Organizers of the event (and admins) also get the link to the registrant list.
    """
    counts, state, left = availability.counts, availability.state, availability.seats_left
    taking = state in (seats.RegistrationState.OPEN, seats.RegistrationState.WAITLIST)
    closes_at = availability.closes_at
    signed_in = viewer if viewer is not None and viewer.is_authenticated else None
    return RegistrationPanel(
        event_id=event.id,
        state=str(state),
        state_label=str(REGISTRATION_STATE_LABELS[state]),
        message=_state_message(event, availability),
        capacity=event.capacity,
        confirmed=counts.confirmed,
        waitlisted=counts.waitlisted,
        seats_left=left,
        closes_at=closes_at,
        closes_when=moment(closes_at, involved_zones(event)) if taking and closes_at else None,
        form_visible=taking,
        submit_label=_("Join the waitlist")
        if state == seats.RegistrationState.WAITLIST
        else _("Register"),
        show_registrants_link=is_involved(signed_in, event),
    )


@dataclass(frozen=True)
class ManageDetails:
    """What an attendee's manage page shows."""

    registration: Registration
    event: EventHeading
    status: str
    status_label: str
    waitlist_position: int | None
    event_cancelled: bool
    invite_available: bool
    can_cancel: bool
    country_name: str = ""  # in the reader's language; "" when not given


def manage_details(managed: ManagedRegistration) -> ManageDetails:
    """What the manage page shows of a registration: its place, links and choices."""
    registration = managed.registration
    event = registration.event
    return ManageDetails(
        registration=registration,
        event=event_heading(event),
        status=str(registration.status),
        status_label=str(REGISTRATION_STATUS_LABELS[registration.status]),
        waitlist_position=managed.waitlist_position,
        event_cancelled=event.status == EventStatus.CANCELLED,
        invite_available=registration.status == RegistrationStatus.CONFIRMED,
        can_cancel=managed.can_cancel,
        country_name=_country_name(registration.country),
    )


def _country_name(code: str | None) -> str:
    """A stored country code as its name in the reader's language ("" when not given)."""
    return country_name(code, current_locale()) if code else ""


@dataclass(frozen=True)
class RegistrantRow:
    """One registrant as the list and the export show them."""

    registration_id: int
    name: str
    email: str
    affiliation: str
    country: str  # the ISO code, as the export writes it
    country_name: str  # its name in the reader's language, as the page shows it
    status: str
    status_label: str
    waitlist_position: int | None
    registered_at: str  # date, time and abbreviation in the list's zone
    consent: bool
    network: int | None = None  # the number of the suspected flood it belongs to
    removable: bool = False  # the viewer may remove it (host organizer, still active)


@dataclass(frozen=True)
class FloodSummary:
    """One network with many registrations, as the registrant page lists it."""

    number: int
    count: int
    registration_ids: list[int]
    first_registered_at: str  # in the list's zone
    last_registered_at: str


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
    time_zone: str  # the zone the registration times are shown in: the viewer's, else planning
    time_zone_heading: str  # "Registered at (Tokyo time)"
    registration_open: bool  # as the organizers set it (deadline and start aside)
    can_change_settings: bool
    registration_deadline: datetime | None = None
    version: int = 0  # the event's, for the capacity form (merged like the edit page)
    floods: tuple[FloodSummary, ...] = ()
    can_remove: bool = False


def _list_zone(event: Event, viewer_zone: str | None) -> str:
    """The zone the list shows times in: the reader's own, else the event's planning zone."""
    return viewer_zone or event.planning_timezone


def _time_heading(zone_name: str) -> str:
    """The heading of the registration-time column, naming the zone's city."""
    return _("Registered at (%(city)s time)", city=city_name(zone_name, current_locale()))


def _row(
    registrant: Registrant,
    zone_name: str,
    networks: dict[int, int] | None = None,
    can_remove: bool = False,
) -> RegistrantRow:
    """One registrant as text; the registration time is read in ``zone_name``.

    ``networks`` maps the ids of registrations in a suspected flood to its number.
    """
    registration = registrant.registration
    return RegistrantRow(
        registration_id=registration.id,
        name=registration.name,
        email=registration.email,
        affiliation=registration.affiliation,
        country=registration.country or "",
        country_name=_country_name(registration.country),
        status=str(registration.status),
        status_label=str(REGISTRATION_STATUS_LABELS[registration.status]),
        waitlist_position=registrant.waitlist_position,
        registered_at=instant_text(registration.created_at, zone_name),
        consent=registration.consent,
        network=(networks or {}).get(registration.id),
        removable=can_remove and registration.status != RegistrationStatus.CANCELLED,
    )


def _flood_summary(flood: SuspectedFlood, zone_name: str) -> FloodSummary:
    """One suspected flood: its size and when its registrations came, in ``zone_name``."""
    registrations = flood.registrations
    return FloodSummary(
        number=flood.number,
        count=len(registrations),
        registration_ids=[registration.id for registration in registrations],
        first_registered_at=instant_text(registrations[0].created_at, zone_name),
        last_registered_at=instant_text(registrations[-1].created_at, zone_name),
    )


def registrant_list(found: Registrants, viewer_zone: str | None = None) -> RegistrantList:
    """The registrant page of one event: heading, rows, counts and settings.

    Registration times are shown in ``viewer_zone`` (a Tokyo host reads Tokyo times),
    else in the event's planning zone.
    """
    event = found.event
    zone_name = _list_zone(event, viewer_zone)
    networks = {
        registration.id: flood.number
        for flood in found.floods
        for registration in flood.registrations
    }
    return RegistrantList(
        event=event_heading(event),
        capacity=event.capacity,
        rows=[
            _row(registrant, zone_name, networks, found.can_remove)
            for registrant in found.registrants
        ],
        counts=found.counts,
        seats_left=found.seats_left,
        state=str(found.state),
        state_label=str(REGISTRATION_STATE_LABELS[found.state]),
        planning_timezone=event.planning_timezone,
        time_zone=zone_name,
        time_zone_heading=_time_heading(zone_name),
        registration_open=event.registration_open,
        registration_deadline=event.registration_deadline,
        can_change_settings=found.can_change_settings,
        version=event.version,
        floods=tuple(_flood_summary(flood, zone_name) for flood in found.floods),
        can_remove=found.can_remove,
    )


def chosen_rows(page: RegistrantList, registration_ids: list[int]) -> list[RegistrantRow]:
    """The rows of the registrations chosen for removal that can still be removed."""
    chosen = set(registration_ids)
    return [row for row in page.rows if row.registration_id in chosen and row.removable]


# Excel and LibreOffice run a cell that starts with one of these as a formula
# (OWASP "CSV injection"); a leading apostrophe makes it plain text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell text that spreadsheets will not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def registrants_csv(found: Registrants, viewer_zone: str | None = None) -> tuple[str, bytes]:
    """A file name and the registrant list as CSV that Excel opens correctly.

    Times are in ``viewer_zone`` (else the planning zone), as on the registrant page.

    UTF-8 with a byte-order mark (without it Excel reads Japanese names as Shift_JIS
    mojibake), CRLF line ends, quotes where needed, formula-looking cells defused.
    """
    event = found.event
    zone_name = _list_zone(event, viewer_zone)
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
            _time_heading(zone_name),
            _("Agreed to be contacted"),
        ]
    )
    for row in (_row(registrant, zone_name) for registrant in found.registrants):
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
