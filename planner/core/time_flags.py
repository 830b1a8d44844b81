"""What to know about one planned time: weekends, public holidays, clock changes, hours.

Pure module, on top of :mod:`planner.core.overlap`. :func:`time_flags` is the one
function every planning view asks (Find a time's suggestions, the proposal preview,
the answer matrix, the confirmed event, the reschedule page), so a candidate on
Easter Monday or on the night the clocks change is flagged the same way everywhere.

DST decisions:

* A clock change is flagged when it happens on a local calendar date the event
  touches in that participant's zone (the date just before the change, as
  :func:`planner.core.timezones.offset_changes` reports it), not only when the
  event straddles the instant of the switch: on the day itself calendars, reminders
  and people's habits are often still on the old offset.
* Working hours are wall-clock hours (:func:`first_instant_at_wall_time`), so on a
  switch day the working day still starts when the local clock reads its start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from planner.core.overlap import (
    EPSILON,
    Holiday,
    Participant,
    WorkingHours,
    flags_on_dates,
    holidays_for,
)
from planner.core.timezones import (
    TimeZoneError,
    first_instant_at_wall_time,
    offset_changes,
    to_local,
)


@dataclass(frozen=True)
class ClockChangeFlag:
    """An offset change on a local date the event touches, in one participant's zone."""

    zone_name: str
    at_utc: datetime
    offset_before: str
    offset_after: str
    participant_keys: tuple[str, ...]


@dataclass(frozen=True)
class TimeFlags:
    """Everything worth a warning about one start and end, for a set of participants."""

    weekend_for: list[str]  # participant keys whose local date(s) include a Sat or Sun
    holidays: list[Holiday]  # public holidays on their local dates, with the country
    clock_changes: list[ClockChangeFlag]
    outside_hours_for: list[str]  # participant keys for whom it is not all in working hours

    @property
    def any(self) -> bool:
        """True when there is anything to warn about."""
        return bool(self.weekend_for or self.holidays or self.clock_changes or self.outside_hours)

    @property
    def outside_hours(self) -> bool:
        """True when the time is outside someone's working hours."""
        return bool(self.outside_hours_for)


def _local_dates(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last``."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# Find a time asks about thousands of candidates on a few hundred days: the working day
# and the switches of one zone on one date are computed once.
@lru_cache(maxsize=4096)
def _working_day(zone_name: str, day: date, hours: WorkingHours) -> tuple[datetime, datetime]:
    """The UTC start and end of one working day in one zone (wall-clock hours)."""
    return (
        first_instant_at_wall_time(datetime.combine(day, hours.start), zone_name),
        first_instant_at_wall_time(datetime.combine(day, hours.end), zone_name),
    )


@lru_cache(maxsize=4096)
def _changes_between(zone_name: str, first: date, last: date) -> tuple:
    """The zone's offset changes on local dates first..last (see ``offset_changes``)."""
    return tuple(offset_changes(zone_name, first, last))


def _inside_hours(
    participant: Participant, day: date, start_utc: datetime, end_utc: datetime
) -> bool:
    """Whether the whole interval lies inside the participant's working day ``day``."""
    begins, ends = _working_day(participant.zone_name, day, participant.working_hours)
    return begins <= start_utc and end_utc <= ends


def time_flags(
    participants: Sequence[Participant],
    start_utc: datetime,
    end_utc: datetime,
    holiday_calendars: Mapping[str, Mapping[date, str]] | None = None,
) -> TimeFlags:
    """Flag weekends, holidays, clock changes and hours for one event time.

    ``participants`` are the organizations' office zones, countries and working
    hours (audience cities are shown, never checked). ``holiday_calendars`` maps a
    participant key to its holidays when the caller already has them (Find a time
    computes them once for a whole range); otherwise they are looked up here.
    """
    if end_utc <= start_utc:
        raise TimeZoneError("invalid_range", f"The time ends ({end_utc}) before it starts.")
    # Each participant's own local dates, from the start to the last included instant.
    dates_by_key = {
        p.key: _local_dates(
            to_local(start_utc, p.zone_name).date(), to_local(end_utc - EPSILON, p.zone_name).date()
        )
        for p in participants
    }
    calendars: dict[str, Mapping[date, str]] = {}
    for participant in participants:
        if holiday_calendars is not None and participant.key in holiday_calendars:
            calendars[participant.key] = holiday_calendars[participant.key]
        elif participant.country:
            dates = dates_by_key[participant.key]
            calendars[participant.key] = holidays_for(participant.country, dates[0], dates[-1])
        else:
            calendars[participant.key] = {}
    weekend_for, holidays = flags_on_dates(participants, dates_by_key, calendars)
    # One flag per zone and switch, naming every participant working in that zone.
    changes: dict[tuple[str, datetime], ClockChangeFlag] = {}
    for participant in participants:
        dates = dates_by_key[participant.key]
        zone = participant.zone_name
        for moment, before, after in _changes_between(zone, dates[0], dates[-1]):
            known = changes.get((zone, moment))
            keys = (known.participant_keys if known else ()) + (participant.key,)
            changes[zone, moment] = ClockChangeFlag(zone, moment, before, after, keys)
    return TimeFlags(
        weekend_for=weekend_for,
        holidays=holidays,
        clock_changes=sorted(
            changes.values(), key=lambda change: (change.at_utc, change.zone_name)
        ),
        outside_hours_for=[
            p.key
            for p in participants
            if not _inside_hours(p, dates_by_key[p.key][0], start_utc, end_utc)
        ],
    )
