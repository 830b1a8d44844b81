"""The geometry of the "Find a time" day bars: every city on one common time axis.

Each reference day is drawn on one axis: the axis zone's own calendar day holding
that day's shared time (the viewer's zone by default). Every city's row covers the
same instants, so the shared window is one vertical band through all rows; each row
carries that city's own hour labels along the axis, so Tokyo's "17:00" sits above
Copenhagen's "09:00" on a winter day.

Positions are minutes from the start of the axis day (x/width of SVG rectangles, as
the Content-Security-Policy forbids style attributes) and percentages for the hour
labels (SVG text placed by percent is not stretched the way a scaled viewBox would).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from planner.core.timezones import first_instant_at_wall_time, to_local
from planner.find_a_time.service import CityDay, PlannedDay
from planner.presentation import clock_text

# Decorative night shading, in each city's own wall-clock time: 22:00 to 06:00.
NIGHT = (time(22), time(6))
LABEL_HOURS = (0, 6, 12, 18)
# Hour labels this close to either end of the bar would be cut off; the next one shows.
_LABEL_EDGE_PERCENT = 4.0
# A clock change is an instant on the UTC axis (the skipped or repeated hour exists only
# on the wall clock), so it is drawn as a narrow band this wide, centred on the change.
_CHANGE_MARK_MINUTES = 20


@dataclass(frozen=True)
class Axis:
    """The stretch of time one day's bars cover: the axis zone's calendar day.

    On a clock-change day in the axis zone that day is 23 or 25 hours long, so
    ``minutes`` is not always 1440: the bars then show the real length of that day.
    """

    zone_name: str
    local_date: date
    start_utc: datetime
    end_utc: datetime

    @property
    def minutes(self) -> int:
        """The length of the axis day in whole minutes."""
        return int((self.end_utc - self.start_utc).total_seconds() // 60)

    def minute_of(self, instant: datetime) -> int:
        """Minutes from the start of the axis to ``instant``, clipped to the axis."""
        minutes = int((instant - self.start_utc).total_seconds() // 60)
        return max(0, min(self.minutes, minutes))

    def percent_of(self, instant: datetime) -> float:
        """Where ``instant`` lies along the axis, as a percentage of its length."""
        return round(100 * (instant - self.start_utc) / (self.end_utc - self.start_utc), 2)


@dataclass(frozen=True)
class Segment:
    """One rectangle of a day bar: a CSS class suffix and its span in axis minutes."""

    kind: str  # off, night, work, shared, tick, change
    x: int
    width: int


@dataclass(frozen=True)
class HourLabel:
    """A city's own wall-clock hour, placed along the common axis."""

    percent: float
    text: str  # "06:00"


def day_axis(day: PlannedDay, reference_zone: str, axis_zone: str) -> Axis:
    """The axis of one reference day: the axis zone's day holding its shared time.

    Anchored on the middle of the first shared window (else noon of the reference
    day), so the shared time is inside the axis whichever zone the reader picks.
    """
    if day.windows:
        first = day.windows[0]
        anchor = first.start_utc + (first.end_utc - first.start_utc) / 2
    else:
        anchor = first_instant_at_wall_time(datetime.combine(day.date, time(12)), reference_zone)
    local_date = to_local(anchor, axis_zone).date()
    # Midnight exists on every date in every zone we know, but a zone may skip it
    # (clocks jumping at 00:00); first_instant_at_wall_time then gives the jump.
    start = first_instant_at_wall_time(datetime.combine(local_date, time()), axis_zone)
    end = first_instant_at_wall_time(
        datetime.combine(local_date + timedelta(days=1), time()), axis_zone
    )
    return Axis(axis_zone, local_date, start, end)


def _local_dates(axis: Axis, zone_name: str) -> list[date]:
    """The zone's calendar dates that touch the axis (one before, for overnight spans)."""
    first = to_local(axis.start_utc, zone_name).date() - timedelta(days=1)
    last = to_local(axis.end_utc, zone_name).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _daily(axis: Axis, zone_name: str, start: time, end: time) -> list[Segment]:
    """A daily wall-clock span of a zone (overnight when end <= start) on the axis."""
    segments = []
    for day in _local_dates(axis, zone_name):
        end_day = day + timedelta(days=1) if end <= start else day
        # Working hours and nights recur by the wall clock, so a span starting in a
        # skipped hour starts when the clock jumps (the lenient recurring-schedule rule).
        low = first_instant_at_wall_time(datetime.combine(day, start), zone_name)
        high = first_instant_at_wall_time(datetime.combine(end_day, end), zone_name)
        x, x_end = axis.minute_of(low), axis.minute_of(high)
        if x_end > x:
            segments.append(Segment("", x, x_end - x))
    return segments


def _hour_instants(axis: Axis, zone_name: str) -> list[tuple[datetime, str]]:
    """The zone's wall-clock label hours that fall inside the axis, in time order."""
    found = []
    for day in _local_dates(axis, zone_name):
        for hour in LABEL_HOURS:
            wall = datetime.combine(day, time(hour))
            instant = first_instant_at_wall_time(wall, zone_name)
            # In a gap the clock never shows this hour; label the jump only if it reads so.
            if to_local(instant, zone_name).replace(tzinfo=None) != wall:
                continue
            if axis.start_utc <= instant <= axis.end_utc:
                found.append((instant, clock_text(wall)))
    return sorted(found)


def hour_labels(axis: Axis, zone_name: str) -> list[HourLabel]:
    """A city's own 00:00/06:00/12:00/18:00 along the axis, away from the bar's ends."""
    return [
        HourLabel(axis.percent_of(instant), text)
        for instant, text in _hour_instants(axis, zone_name)
        if _LABEL_EDGE_PERCENT <= axis.percent_of(instant) <= 100 - _LABEL_EDGE_PERCENT
    ]


def city_segments(axis: Axis, day: PlannedDay, city_day: CityDay) -> list[Segment]:
    """The rectangles of one city's bar on the common axis, back to front."""
    zone = city_day.zone_name
    segments = [Segment("off", 0, axis.minutes)]
    segments += [Segment("night", s.x, s.width) for s in _daily(axis, zone, *NIGHT)]
    if city_day.work_start is not None and city_day.work_end is not None:
        work = _daily(axis, zone, city_day.work_start, city_day.work_end)
        segments += [Segment("work", s.x, s.width) for s in work]
    for window in day.windows:
        # The same instants in every row: this is what lines the rows up.
        x, x_end = axis.minute_of(window.start_utc), axis.minute_of(window.end_utc)
        if x_end > x:
            segments.append(Segment("shared", x, x_end - x))
    segments += [
        Segment("tick", axis.minute_of(instant) - 1, 2)
        for instant, _ in _hour_instants(axis, zone)
        if axis.start_utc < instant < axis.end_utc
    ]
    for change in city_day.clock_changes:
        if axis.start_utc <= change.at_utc <= axis.end_utc:
            x = max(0, axis.minute_of(change.at_utc) - _CHANGE_MARK_MINUTES // 2)
            segments.append(Segment("change", x, min(_CHANGE_MARK_MINUTES, axis.minutes - x)))
    return segments
