"""What the public sees of the events: the home listing and the month calendar.

Only public events appear (published, cancelled, completed). Everything is returned as
display values in the interface language; times are shown in Tokyo and Copenhagen on
the listing and in the viewer's chosen zone on the calendar.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_skeleton, get_day_names
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from planner.core import timezones
from planner.core.zone_display import PUBLIC_DISPLAY_ZONES, TOKYO
from planner.errors import ValidationFailed
from planner.events.access import public_condition
from planner.extensions import db
from planner.labels import FORMAT_LABELS, LANGUAGE_LABELS, REGISTRATION_STATE_LABELS
from planner.models import Event, EventFormat, EventStatus, Organization, utc_now
from planner.organizations.operations import list_organizations
from planner.presentation import Moment, city_name, current_locale, moment
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
class FilterChoices:
    """The (value, label) pairs each filter offers."""

    organizations: list[tuple[str, str]]
    formats: list[tuple[str, str]]
    languages: list[tuple[str, str]]


@dataclass(frozen=True)
class EventEntry:
    """One event on the listing."""

    event_id: int
    title: str
    organizations: str
    format_label: str
    language_label: str
    when: Moment
    state: str
    state_label: str


@dataclass(frozen=True)
class PublicListing:
    """Upcoming events, soonest first, and past events, latest first."""

    upcoming: list[EventEntry]
    past: list[EventEntry]


def _language_label(code: str) -> str:
    """A language's name in the interface language (the code when unknown)."""
    return str(LANGUAGE_LABELS[code]) if code in LANGUAGE_LABELS else code


def filter_choices() -> FilterChoices:
    """The organizations, formats and languages the home page can be filtered by."""
    locale = current_locale()
    used = db.session.scalars(select(Event.language).where(public_condition()).distinct())
    languages = sorted({*LANGUAGE_LABELS, *used})
    return FilterChoices(
        organizations=[(org.slug, org.display_name(locale)) for org in list_organizations()],
        formats=[(str(value), str(label)) for value, label in FORMAT_LABELS.items()],
        languages=[(code, _language_label(code)) for code in languages],
    )


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


def _entries(events: list[Event], now: datetime) -> list[EventEntry]:
    """Display values for events, with their registration state."""
    locale = current_locale()
    counts = seats.seat_counts([event.id for event in events])
    entries = []
    for event in events:
        state = seats.registration_state(event, counts[event.id].confirmed, now)
        entries.append(
            EventEntry(
                event_id=event.id,
                title=event.title(locale),
                organizations=" · ".join(org.display_name(locale) for org in event.organizations),
                format_label=str(FORMAT_LABELS[event.format]),
                language_label=_language_label(event.language),
                when=moment(event.start_utc, PUBLIC_DISPLAY_ZONES),
                state=str(state),
                state_label=str(REGISTRATION_STATE_LABELS[state]),
            )
        )
    return entries


def public_events(filters: EventFilters) -> PublicListing:
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
    return PublicListing(upcoming=_entries(list(upcoming), now), past=_entries(list(past), now))


@dataclass(frozen=True)
class CalendarEntry:
    """An event in a day cell: its local start in the calendar's zone."""

    event_id: int
    title: str
    time_text: str
    abbreviation: str
    cancelled: bool


@dataclass(frozen=True)
class CalendarDay:
    """One cell of the month grid."""

    iso: str
    number: int
    in_month: bool
    is_today: bool
    entries: list[CalendarEntry]


@dataclass(frozen=True)
class ZoneChoice:
    """A zone the calendar can be shown in, and whether it is the one shown."""

    zone_name: str
    city: str
    current: bool


@dataclass(frozen=True)
class MonthCalendar:
    """A month of public events as a Monday-first grid of weeks, in one zone."""

    month: str  # "2026-03"
    title: str
    zone_name: str
    city: str
    weekday_names: list[str]
    weeks: list[list[CalendarDay]]
    previous_month: str
    next_month: str
    zones: list[ZoneChoice]


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


def _shift_month(first: date, months: int) -> date:
    """The first day of the month ``months`` away."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _midnight_utc(day: date, zone_name: str) -> datetime:
    """The instant a local day begins (even where midnight is skipped by a clock change)."""
    return timezones.first_instant_at_wall_time(datetime(day.year, day.month, day.day), zone_name)


def _entries_by_day(
    first_day: date, last_day: date, zone_name: str
) -> dict[date, list[CalendarEntry]]:
    """Public events starting on each local day of the range, in start order."""
    locale = current_locale()
    events = db.session.scalars(
        select(Event)
        .where(
            public_condition(),
            Event.start_utc >= _midnight_utc(first_day, zone_name),
            Event.start_utc < _midnight_utc(last_day + timedelta(days=1), zone_name),
        )
        .order_by(Event.start_utc, Event.id)
    )
    by_day: dict[date, list[CalendarEntry]] = defaultdict(list)
    for event in events:
        local = timezones.to_local(event.start_utc, zone_name)
        by_day[local.date()].append(
            CalendarEntry(
                event_id=event.id,
                title=event.title(locale),
                time_text=f"{local:%H:%M}",
                abbreviation=local.tzname(),
                cancelled=event.status == EventStatus.CANCELLED,
            )
        )
    return by_day


def month_calendar(month: str | None, zone: str | None) -> MonthCalendar:
    """The public events of a month, each on its local day in ``zone``.

    ``month`` is "YYYY-MM" and ``zone`` an IANA name; either may be absent (this
    month, Tokyo). A malformed one raises ``ValidationFailed`` naming it.
    """
    zone_name = _parse_zone(zone)
    first = _parse_month(month, zone_name)
    following = _shift_month(first, 1)
    last = following - timedelta(days=1)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = last + timedelta(days=6 - last.weekday())
    by_day = _entries_by_day(grid_start, grid_end, zone_name)
    today = timezones.to_local(utc_now(), zone_name).date()
    span = (grid_end - grid_start).days + 1
    days = [grid_start + timedelta(days=offset) for offset in range(span)]
    cells = [
        CalendarDay(
            iso=day.isoformat(),
            number=day.day,
            in_month=day.month == first.month,
            is_today=day == today,
            entries=by_day.get(day, []),
        )
        for day in days
    ]
    locale = current_locale()
    day_names = get_day_names("abbreviated", locale=locale)
    zones = list(dict.fromkeys([*PUBLIC_DISPLAY_ZONES, zone_name]))
    return MonthCalendar(
        month=f"{first:%Y-%m}",
        title=format_skeleton("yMMMM", first, locale=locale),
        zone_name=zone_name,
        city=city_name(zone_name, locale),
        weekday_names=[day_names[weekday] for weekday in range(7)],
        weeks=[cells[index : index + 7] for index in range(0, len(cells), 7)],
        previous_month=f"{_shift_month(first, -1):%Y-%m}",
        next_month=f"{following:%Y-%m}",
        zones=[ZoneChoice(name, city_name(name, locale), name == zone_name) for name in zones],
    )
