"""Shared working hours across time zones, and calendar flags (weekends, holidays, switches).

Pure module (standard library, pytz through :mod:`planner.core.timezones`, and
holidays). Each participant works fixed wall-clock hours in their own zone;
their working intervals are turned into UTC, intersected, and grouped by the
local date of the first participant (the reference zone).

DST decision for working hours: a working day is defined by the wall clock,
so its start and end are the first instant the participant's clock reads that
time (:func:`planner.core.timezones.first_instant_at_wall_time`). In a fold that is
the first occurrence; in a gap it is the moment of the jump, so a 02:30 start
on a spring-forward night begins at 03:00 new time instead of failing.
Office hours (09:00-18:00) never touch the European or Japanese switches; the
rule only matters for odd hours and odd zones.

Ranking event times inside the shared windows is :mod:`planner.core.suggestions`.
"""

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from planner.core.timezones import (
    TimeZoneError,
    first_instant_at_wall_time,
    format_offset,
    get_zone,
    offset_changes,
    to_local,
)

MAX_RANGE_DAYS = 366
EPSILON = timedelta(microseconds=1)  # turns an exclusive end into the last included instant
# Offsets differ by up to 26 hours, so one reference day can reach two days
# either side in another zone: working days are computed that much wider.
_DATE_MARGIN = timedelta(days=2)
_WORKING_HOURS_PATTERN = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class WorkingHours:
    """Daily wall-clock working hours; the day must end after it starts (no night shifts)."""

    start: time = time(9)
    end: time = time(18)

    def __post_init__(self) -> None:
        """Reject empty, inverted or zone-aware hours."""
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise TimeZoneError("invalid_working_hours", "Working hours are wall-clock times.")
        if self.end <= self.start:
            raise TimeZoneError(
                "invalid_working_hours",
                f"Working hours must end after they start ({self.start:%H:%M}-{self.end:%H:%M}).",
            )


def parse_working_hours(text: str) -> WorkingHours:
    """Parse "09:00-18:00" (an en dash and spaces around it are accepted)."""
    match = _WORKING_HOURS_PATTERN.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise TimeZoneError(
            "invalid_working_hours", f'"{text}" is not working hours; use HH:MM-HH:MM.'
        )
    start_hour, start_minute, end_hour, end_minute = (int(part) for part in match.groups())
    try:
        start, end = time(start_hour, start_minute), time(end_hour, end_minute)
    except ValueError as error:  # hour 24 or minute 60
        raise TimeZoneError(
            "invalid_working_hours", f'"{text}" is not working hours: {error}.'
        ) from error
    return WorkingHours(start, end)


@dataclass(frozen=True)
class Participant:
    """One side of the event: a key such as an organisation slug, and its calendar."""

    key: str
    zone_name: str
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    country: str | None = None  # ISO 3166 alpha-2 ("JP", "DK"); None means no holidays


@dataclass(frozen=True)
class Window:
    """A UTC interval, start included and end excluded."""

    start_utc: datetime
    end_utc: datetime

    @property
    def duration(self) -> timedelta:
        """Length of the window."""
        return self.end_utc - self.start_utc


@dataclass(frozen=True)
class Holiday:
    """A public holiday that falls on a day for one participant."""

    country: str
    name: str
    participant_key: str


@dataclass(frozen=True)
class DayOverlap:
    """Everything known about one reference date (the first participant's local date)."""

    date: date
    windows: list[Window]
    weekend_for: list[str]
    holidays: list[Holiday]
    offset_change: bool
    offsets: dict[str, str]


@lru_cache(maxsize=256)
def _country_calendar(country: str, year: int) -> tuple[tuple[date, str], ...]:
    """Return one country's public holidays for one year, with English names when available."""
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError as error:
        raise TimeZoneError(
            "unknown_country", f'No holiday calendar for country "{country}".'
        ) from error
    if "en_US" in calendar.supported_languages:
        calendar = holidays.country_holidays(country, years=year, language="en_US")
    return tuple(sorted(calendar.items()))


def holidays_for(country: str, first: date, last: date) -> dict[date, str]:
    """Return the public holidays of ``country`` (ISO alpha-2, any case) between two dates."""
    code = country.strip().upper() if isinstance(country, str) else ""
    if not code:
        raise TimeZoneError("unknown_country", "No country given for the holiday calendar.")
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update((day, name) for day, name in _country_calendar(code, year))
    return {day: name for day, name in found.items() if first <= day <= last}


def _check_request(participants: Sequence[Participant], first: date, last: date) -> None:
    """Validate the inputs shared by overlap_by_day and suggest_slots."""
    if not participants:
        raise TimeZoneError("no_participants", "At least one participant is needed.")
    keys = [participant.key for participant in participants]
    if len(set(keys)) != len(keys):
        raise TimeZoneError("duplicate_participant", f"Participant keys repeat: {keys}.")
    for participant in participants:
        get_zone(participant.zone_name)
    if last < first:
        raise TimeZoneError("invalid_range", f"The range ends ({last}) before it starts ({first}).")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise TimeZoneError(
            "range_too_long", f"The range is longer than {MAX_RANGE_DAYS} days ({first}..{last})."
        )


def _working_windows(participant: Participant, first: date, last: date) -> list[Window]:
    """Return a participant's working intervals in UTC for local dates first..last."""
    windows = []
    hours = participant.working_hours
    for offset_days in range((last - first).days + 1):
        day = first + timedelta(days=offset_days)
        start = first_instant_at_wall_time(
            datetime.combine(day, hours.start), participant.zone_name
        )
        end = first_instant_at_wall_time(datetime.combine(day, hours.end), participant.zone_name)
        # Hours lying entirely inside a gap collapse to nothing that day.
        if end > start:
            windows.append(Window(start, end))
    return windows


def _intersect(left: list[Window], right: list[Window]) -> list[Window]:
    """Intersect two sorted lists of disjoint windows."""
    shared, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        start = max(left[i].start_utc, right[j].start_utc)
        end = min(left[i].end_utc, right[j].end_utc)
        if end > start:
            shared.append(Window(start, end))
        if left[i].end_utc < right[j].end_utc:
            i += 1
        else:
            j += 1
    return shared


def calendar_flags(
    participants: Sequence[Participant],
    instants: Sequence[datetime],
    holiday_calendars: dict[str, dict[date, str]],
) -> tuple[list[str], list[Holiday]]:
    """Return who has a weekend, and which holidays fall, on the local dates of some instants."""
    dates_by_key = {
        p.key: sorted({to_local(moment, p.zone_name).date() for moment in instants})
        for p in participants
    }
    return flags_on_dates(participants, dates_by_key, holiday_calendars)


def flags_on_dates(
    participants: Sequence[Participant],
    dates_by_key: Mapping[str, Sequence[date]],
    holiday_calendars: Mapping[str, Mapping[date, str]],
) -> tuple[list[str], list[Holiday]]:
    """Who has a weekend, and which holidays fall, on each participant's own local dates."""
    weekend_for, found = [], []
    for participant in participants:
        dates = dates_by_key[participant.key]
        if any(local_date.weekday() >= 5 for local_date in dates):
            weekend_for.append(participant.key)
        calendar = holiday_calendars[participant.key]
        country = (participant.country or "").strip().upper()
        found += [Holiday(country, calendar[d], participant.key) for d in dates if d in calendar]
    return weekend_for, found


def _wall_instant(day: date, wall_time: time, zone_name: str) -> datetime:
    """Return the UTC instant a zone's clock first reads ``wall_time`` on ``day``."""
    return first_instant_at_wall_time(datetime.combine(day, wall_time), zone_name)


@dataclass(frozen=True)
class OverlapPlan:
    """What overlap_by_day computes, kept whole for the suggestions to reuse."""

    days: list[DayOverlap]
    own_windows: dict[str, list[Window]]
    holiday_calendars: dict[str, dict[date, str]]


def plan_overlap(participants: Sequence[Participant], first: date, last: date) -> OverlapPlan:
    """Compute each participant's working windows, their intersection and day flags."""
    _check_request(participants, first, last)
    reference_zone = participants[0].zone_name
    low, high = first - _DATE_MARGIN, last + _DATE_MARGIN
    own_windows = {p.key: _working_windows(p, low, high) for p in participants}
    shared = own_windows[participants[0].key]
    for participant in participants[1:]:
        shared = _intersect(shared, own_windows[participant.key])
    calendars = {
        p.key: holidays_for(p.country, low, high) if p.country else {} for p in participants
    }
    zones = {participant.zone_name for participant in participants}
    changes = sorted(moment for zone in zones for moment, _, _ in offset_changes(zone, low, high))
    days = []
    for day in (first + timedelta(days=n) for n in range((last - first).days + 1)):
        day_start = _wall_instant(day, time(), reference_zone)
        next_start = _wall_instant(day + timedelta(days=1), time(), reference_zone)
        noon = _wall_instant(day, time(12), reference_zone)
        windows = [window for window in shared if day_start <= window.start_utc < next_start]
        # With windows, a participant's "day" is the local dates those windows
        # touch; on a day without any, it is their date at the reference noon.
        instants = [moment for w in windows for moment in (w.start_utc, w.end_utc - EPSILON)]
        weekend_for, day_holidays = calendar_flags(participants, instants or [noon], calendars)
        days.append(
            DayOverlap(
                date=day,
                windows=windows,
                weekend_for=weekend_for,
                holidays=day_holidays,
                offset_change=bisect_left(changes, next_start) > bisect_left(changes, day_start),
                offsets={
                    p.key: format_offset(to_local(noon, p.zone_name).utcoffset())
                    for p in participants
                },
            )
        )
    return OverlapPlan(days, own_windows, calendars)


def overlap_by_day(
    participants: Sequence[Participant], first: date, last: date
) -> list[DayOverlap]:
    """Return one DayOverlap per reference date from ``first`` to ``last`` inclusive.

    The reference date is the first participant's local date; a shared window
    belongs to the date on which it starts there. Weekends and holidays are
    flagged, not removed. ``offset_change`` is true when any participant's zone
    changes offset during the reference day (the UTC span of that local date).
    """
    return plan_overlap(participants, first, last).days
