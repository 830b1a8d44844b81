"""Finding a time: when the working days of organizations (or time zones) overlap.

One read-only use case, :func:`find_shared_time`, serves both the "Find a time" page
and ``GET /api/v1/overlap``: it turns organization slugs or IANA zone names into
:class:`planner.core.overlap.Participant` values, asks the pure core for the shared working
windows, day flags and slot suggestions, and returns plain dataclasses. Nothing is
written, so nothing commits.

Every refusal is a :class:`planner.errors.ValidationFailed` whose ``field`` is the name
of the API parameter at fault (``orgs``, ``zones``, ``from``, ``to``, ``duration``,
``hours``); the page maps those names onto its own form fields.

Zones given by name have no country, so no public holidays are flagged for them (only
weekends); organizations bring their country's holiday calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from planner.core.overlap import (
    MAX_RANGE_DAYS,
    DayOverlap,
    Holiday,
    Participant,
    WorkingHours,
    overlap_by_day,
)
from planner.core.suggestions import Reason, suggest_slots
from planner.core.timezones import (
    TimeZoneError,
    first_instant_at_wall_time,
    offset_changes,
    to_local,
    zone_city,
)
from planner.errors import ValidationFailed
from planner.find_a_time.participants import (
    PlanParticipant,
    check_choice_of_participants,
    check_duration,
    check_range,
    organization_participant,
    unique,
    working_hours_override,
    zone_participant,
)
from planner.limits import SUGGESTION_MINUTES_DEFAULT

SUGGESTION_LIMIT = 10
_EPSILON = timedelta(microseconds=1)  # turns an exclusive end into the last included instant
# Which parameter a core error is about, when the core is the one to notice it.
_FIELD_BY_CORE_CODE = {
    "invalid_range": "to",
    "range_too_long": "to",
    "invalid_duration": "duration",
    "invalid_working_hours": "hours",
}


@dataclass(frozen=True)
class LocalSpan:
    """A UTC interval as wall-clock times in one zone (aware local datetimes)."""

    zone_name: str
    city: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SharedWindow:
    """A stretch of time inside everyone's working hours, with its local times per zone."""

    start_utc: datetime
    end_utc: datetime
    local: list[LocalSpan]

    @property
    def minutes(self) -> int:
        """Length of the window in whole minutes."""
        return int((self.end_utc - self.start_utc).total_seconds() // 60)


@dataclass(frozen=True)
class ClockChange:
    """One offset change (daylight saving or otherwise) in one zone.

    ``wall_from`` is what the clock read just before the change and ``wall_to`` what
    it reads right after (naive wall times): later means clocks jumped forward and the
    times between were skipped; earlier means the times between happen twice.
    """

    zone_name: str
    city: str
    at_utc: datetime
    offset_before: str
    offset_after: str
    wall_from: datetime
    wall_to: datetime


@dataclass(frozen=True)
class CityDay:
    """One zone's own calendar day that holds a reference day's shared windows.

    ``work_start``/``work_end`` are the hours when every participant in the zone works
    (``None`` when their hours do not meet); ``shared`` lists the shared windows that
    touch ``local_date``; ``clock_changes`` those of the zone on ``local_date``.
    """

    zone_name: str
    city: str
    participant_keys: list[str]
    local_date: date
    work_start: time | None
    work_end: time | None
    shared: list[LocalSpan]
    clock_changes: list[ClockChange]


@dataclass(frozen=True)
class PlannedDay:
    """One reference date (the first participant's local date) and all that is known of it."""

    date: date
    windows: list[SharedWindow]
    weekend_for: list[str]
    holidays: list[Holiday]
    offset_change: bool
    offsets: dict[str, str]
    clock_changes: list[ClockChange]
    cities: list[CityDay]


@dataclass(frozen=True)
class Suggestion:
    """A suggested event time, its local times, score (higher is better) and reasons."""

    start_utc: datetime
    end_utc: datetime
    local: list[LocalSpan]
    score: float
    reasons: list[Reason]


@dataclass(frozen=True)
class SharedTimePlan:
    """The answer to "when can these people meet between these dates?"."""

    first: date
    last: date
    duration_minutes: int
    participants: list[PlanParticipant]
    zone_names: list[str]
    days: list[PlannedDay]
    suggestions: list[Suggestion]

    @property
    def reference_zone(self) -> str:
        """The zone whose dates the days follow: the first participant's."""
        return self.participants[0].zone_name


def find_shared_time(
    first: date,
    last: date,
    *,
    org_slugs: Sequence[str] = (),
    zone_names: Sequence[str] = (),
    duration_minutes: int = SUGGESTION_MINUTES_DEFAULT,
    hours: str | None = None,
    max_days: int = MAX_RANGE_DAYS,
) -> SharedTimePlan:
    """Compute shared working windows, day flags and suggested slots from first to last.

    Give organization slugs or zone names, not both; repeats are ignored and the
    first one given sets the reference zone whose dates the days follow. ``hours``
    ("09:00-18:00") applies to zones and overrides organizations' own hours; zones
    default to 09:00-18:00. ``max_days`` lets the page ask for a shorter range than
    the API allows. Raises ValidationFailed naming the parameter at fault.
    """
    slugs, zones = unique(org_slugs), unique(zone_names)
    check_choice_of_participants(slugs, zones)
    working_hours = working_hours_override(hours)
    check_range(first, last, max_days)
    check_duration(duration_minutes)
    if slugs:
        participants = [organization_participant(slug, working_hours) for slug in slugs]
    else:
        participants = [zone_participant(zone, working_hours) for zone in zones]
    core_participants = [
        Participant(p.key, p.zone_name, WorkingHours(p.work_start, p.work_end), p.country)
        for p in participants
    ]
    participant_field = "orgs" if slugs else "zones"
    try:
        overlaps = overlap_by_day(core_participants, first, last)
        slots = suggest_slots(
            core_participants,
            first,
            last,
            timedelta(minutes=duration_minutes),
            limit=SUGGESTION_LIMIT,
        )
    except TimeZoneError as error:
        field = _FIELD_BY_CORE_CODE.get(error.code, participant_field)
        raise ValidationFailed(str(error), field=field, code=error.code) from error
    zones_in_order = list(dict.fromkeys(p.zone_name for p in participants))
    changes = _clock_changes(zones_in_order, first, last)
    days = [_planned_day(day, participants, zones_in_order, changes) for day in overlaps]
    suggestions = [
        Suggestion(
            slot.start_utc,
            slot.end_utc,
            _local_spans(slot.start_utc, slot.end_utc, zones_in_order),
            slot.score,
            slot.reasons,
        )
        for slot in slots
    ]
    return SharedTimePlan(
        first, last, duration_minutes, participants, zones_in_order, days, suggestions
    )


def _local_spans(start_utc: datetime, end_utc: datetime, zone_names: list[str]) -> list[LocalSpan]:
    """The interval in each zone's wall-clock time, in the given zone order."""
    return [
        LocalSpan(zone, zone_city(zone), to_local(start_utc, zone), to_local(end_utc, zone))
        for zone in zone_names
    ]


def _clock_changes(zone_names: list[str], first: date, last: date) -> list[ClockChange]:
    """Every offset change in the zones from two days before to two days after the range."""
    low, high = first - timedelta(days=2), last + timedelta(days=2)
    changes = []
    for zone in zone_names:
        for moment, before, after in offset_changes(zone, low, high):
            wall_from = to_local(moment - _EPSILON, zone).replace(tzinfo=None) + _EPSILON
            wall_to = to_local(moment, zone).replace(tzinfo=None)
            changes.append(
                ClockChange(zone, zone_city(zone), moment, before, after, wall_from, wall_to)
            )
    return sorted(changes, key=lambda change: change.at_utc)


def _planned_day(
    day: DayOverlap,
    participants: list[PlanParticipant],
    zone_names: list[str],
    changes: list[ClockChange],
) -> PlannedDay:
    """Dress one core DayOverlap with local times, clock changes and per-zone days."""
    reference_zone = participants[0].zone_name
    day_start = first_instant_at_wall_time(datetime.combine(day.date, time()), reference_zone)
    next_start = first_instant_at_wall_time(
        datetime.combine(day.date + timedelta(days=1), time()), reference_zone
    )
    noon = first_instant_at_wall_time(datetime.combine(day.date, time(12)), reference_zone)
    windows = [
        SharedWindow(w.start_utc, w.end_utc, _local_spans(w.start_utc, w.end_utc, zone_names))
        for w in day.windows
    ]
    anchor = windows[0].start_utc if windows else noon
    cities = []
    for zone in zone_names:
        local_date = to_local(anchor, zone).date()
        members = [p for p in participants if p.zone_name == zone]
        work_start = max(p.work_start for p in members)
        work_end = min(p.work_end for p in members)
        shared = [
            span
            for window in windows
            for span in window.local
            if span.zone_name == zone
            and span.start.date() <= local_date <= (span.end - _EPSILON).date()
        ]
        cities.append(
            CityDay(
                zone_name=zone,
                city=zone_city(zone),
                participant_keys=[p.key for p in members],
                local_date=local_date,
                work_start=work_start if work_end > work_start else None,
                work_end=work_end if work_end > work_start else None,
                shared=shared,
                clock_changes=[
                    change
                    for change in changes
                    if change.zone_name == zone
                    and local_date in (change.wall_from.date(), change.wall_to.date())
                ],
            )
        )
    return PlannedDay(
        date=day.date,
        windows=windows,
        weekend_for=list(day.weekend_for),
        holidays=list(day.holidays),
        offset_change=day.offset_change,
        offsets=dict(day.offsets),
        clock_changes=[c for c in changes if day_start <= c.at_utc < next_start],
        cities=cities,
    )
