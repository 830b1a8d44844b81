"""What the public sees of the events: which events the home page and the month show.

Only public events appear (published, cancelled, completed). These return domain
values (events, registration states, local days); ``presenters`` turns them into what
the pages show, in the interface language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from planner.core import timezones
from planner.core.enums import RegistrationState
from planner.core.zone_display import TOKYO
from planner.errors import ValidationFailed
from planner.events.access import public_condition
from planner.extensions import db
from planner.models import Event, EventFormat, EventStatus, Organization, utc_now
from planner.organizations.operations import list_organizations
from planner.registrations import seats
from planner.time_input import require_known_zone

PAST_EVENTS_SHOWN = 30
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class EventFilters:
    """What the home page is narrowed to; ``None`` means any."""

    organization: str | None = None  # slug of the host or a co-host
    format: EventFormat | None = None
    language: str | None = None


@dataclass(frozen=True)
class FilterOptions:
    """What the home page can be filtered by: every organization, the languages in use."""

    organizations: list[Organization]
    languages_in_use: list[str]


@dataclass(frozen=True)
class ListedEvent:
    """A public event and what a visitor can do about registering for it now."""

    event: Event
    registration_state: RegistrationState


@dataclass(frozen=True)
class PublicEvents:
    """Upcoming events, soonest first, and past events, latest first."""

    upcoming: list[ListedEvent]
    past: list[ListedEvent]


def filter_options() -> FilterOptions:
    """The organizations and the languages of public events, for the home page's filters."""
    used = db.session.scalars(select(Event.language).where(public_condition()).distinct())
    return FilterOptions(organizations=list_organizations(), languages_in_use=list(used))


def _public_events_query(filters: EventFilters) -> Select:
    """Public events with an agreed time, narrowed by the filters."""
    query = (
        select(Event)
        .where(public_condition(), Event.start_utc.is_not(None))
        .options(selectinload(Event.host), selectinload(Event.cohosts))
    )
    if filters.organization:
        query = query.where(
            Event.host.has(Organization.slug == filters.organization)
            | Event.cohosts.any(Organization.slug == filters.organization)
        )
    if filters.format:
        query = query.where(Event.format == filters.format)
    if filters.language:
        query = query.where(Event.language == filters.language)
    return query


def _listed(events: list[Event], now: datetime) -> list[ListedEvent]:
    """Each event with its registration state (seats counted in one query)."""
    counts = seats.seat_counts([event.id for event in events])
    return [
        ListedEvent(event, seats.registration_state(event, counts[event.id].confirmed, now))
        for event in events
    ]


def public_events(filters: EventFilters) -> PublicEvents:
    """The home page's events: not yet over (cancelled ones included), then past ones."""
    now = utc_now()
    query = _public_events_query(filters)
    upcoming = db.session.scalars(
        query.where(
            Event.end_utc > now, Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED])
        ).order_by(Event.start_utc, Event.id)
    ).all()
    past = db.session.scalars(
        query.where(
            Event.end_utc <= now,
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.COMPLETED]),
        )
        .order_by(Event.start_utc.desc(), Event.id.desc())
        .limit(PAST_EVENTS_SHOWN)
    ).all()
    return PublicEvents(upcoming=_listed(list(upcoming), now), past=_listed(list(past), now))


@dataclass(frozen=True)
class MonthOfEvents:
    """A month's public events on their local days in one zone, Monday-first weeks."""

    first_day: date  # of the month
    zone_name: str
    days: list[date]  # the whole weeks the month touches
    today: date  # in the zone
    events_by_day: dict[date, list[tuple[Event, datetime]]]  # with the local start


def _parse_month(text: str | None, zone_name: str) -> date:
    """The first day of a "YYYY-MM" month (the current one in the zone when absent)."""
    if text is None:
        return timezones.to_local(utc_now(), zone_name).date().replace(day=1)
    match = _MONTH.match(text.strip())
    # Years 2..9998 keep the previous and next months within what ``date`` can hold.
    if match is None or not 1 <= int(match.group(2)) <= 12 or not 2 <= int(match.group(1)) <= 9998:
        raise ValidationFailed(
            _("The month must be written YYYY-MM, such as 2026-03."),
            field="month",
            code="invalid_month",
        )
    return date(int(match.group(1)), int(match.group(2)), 1)


def _parse_zone(text: str | None) -> str:
    """The canonical name of the chosen zone (Tokyo when absent)."""
    if text is None:
        return TOKYO
    require_known_zone(text, "zone")
    return timezones.get_zone(text).zone


def shift_month(first: date, months: int) -> date:
    """The first day of the month ``months`` away."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _midnight_utc(day: date, zone_name: str) -> datetime:
    """The instant a local day begins (even where midnight is skipped by a clock change)."""
    return timezones.first_instant_at_wall_time(datetime(day.year, day.month, day.day), zone_name)


def _events_by_day(first_day: date, last_day: date, zone_name: str) -> dict:
    """Public events starting on each local day of the range, in start order."""
    events = db.session.scalars(
        select(Event)
        .where(
            public_condition(),
            Event.start_utc >= _midnight_utc(first_day, zone_name),
            Event.start_utc < _midnight_utc(last_day + timedelta(days=1), zone_name),
        )
        .order_by(Event.start_utc, Event.id)
    )
    by_day: dict[date, list[tuple[Event, datetime]]] = defaultdict(list)
    for event in events:
        local = timezones.to_local(event.start_utc, zone_name)
        by_day[local.date()].append((event, local))
    return by_day


def month_of_events(month: str | None, zone: str | None) -> MonthOfEvents:
    """The public events of a month, each on its local day in ``zone``.

    ``month`` is "YYYY-MM" and ``zone`` an IANA name; either may be absent (this
    month, Tokyo). A malformed one raises ``ValidationFailed`` naming it.
    """
    zone_name = _parse_zone(zone)
    first = _parse_month(month, zone_name)
    last = shift_month(first, 1) - timedelta(days=1)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = last + timedelta(days=6 - last.weekday())
    span = (grid_end - grid_start).days + 1
    return MonthOfEvents(
        first_day=first,
        zone_name=zone_name,
        days=[grid_start + timedelta(days=offset) for offset in range(span)],
        today=timezones.to_local(utc_now(), zone_name).date(),
        events_by_day=_events_by_day(grid_start, grid_end, zone_name),
    )
