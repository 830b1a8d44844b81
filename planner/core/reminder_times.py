"""When a reminder goes out: before the event, at a sensible hour of the reader's day.

Pure: instants in, instants out (aware UTC datetimes), zones by IANA name. The
reminders of one event are offsets before its start, in minutes. Two kinds, because
people mean two things by them:

* Whole days ("the day before", 1440; "a week before", 10080) are calendar days in the
  reader's zone: the same wall-clock time that many days earlier. Across a clock change
  that is 23 or 25 hours, not 24: a Monday 09:00 event is reminded of on Sunday at 09:00
  by the clock on the wall, which is what "the day before" means to the reader.
* Anything else ("one hour before", 60) is that much time before the start, on any
  clock: an hour before is an hour before, clock change or not.

Either is then kept out of the reader's night (:data:`QUIET_START` to
:data:`QUIET_END`, local time): a reminder that would land at night moves to the
morning after, the end of the quiet hours, when that is still at least
:data:`MORNING_LEAD` before the event; otherwise to the evening before, just before
the quiet hours begin. A Copenhagen evening webinar is 03:00 in Tokyo: its "day before"
reminder for a Tokyo reader goes at 08:00 (19 hours before), its "hour before" reminder
at 21:00 the evening before (6 hours before, not at 02:00).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from planner.core.timezones import first_instant_at_wall_time, to_local

MINUTES_PER_DAY = 24 * 60
# The reader's night, local time: nothing is sent from QUIET_START until QUIET_END.
QUIET_START = time(22, 0)
QUIET_END = time(8, 0)
# A reminder moved to the morning must still come at least this long before the start.
MORNING_LEAD = timedelta(hours=1)
# When moved to the evening before, it goes this long before the quiet hours begin.
EVENING_MARGIN = timedelta(hours=1)


def nominal_instant(start_utc: datetime, offset_minutes: int, zone_name: str) -> datetime:
    """The instant ``offset_minutes`` before ``start_utc`` as the reader counts it.

    Whole days count on the reader's wall clock (see the module docstring); when that
    wall time does not exist on the day (a spring-forward gap), the moment the clock
    jumps past it is taken.
    """
    if offset_minutes > 0 and offset_minutes % MINUTES_PER_DAY == 0:
        local_start = to_local(start_utc, zone_name)
        earlier_date = local_start.date() - timedelta(days=offset_minutes // MINUTES_PER_DAY)
        wall = datetime.combine(earlier_date, local_start.time().replace(tzinfo=None))
        return first_instant_at_wall_time(wall, zone_name).astimezone(start_utc.tzinfo)
    return start_utc - timedelta(minutes=offset_minutes)


def is_quiet(instant: datetime, zone_name: str) -> bool:
    """Whether ``instant`` falls in the reader's night."""
    local = to_local(instant, zone_name).time().replace(tzinfo=None)
    return local >= QUIET_START or local < QUIET_END


def send_instant(start_utc: datetime, offset_minutes: int, zone_name: str) -> datetime:
    """When the reminder ``offset_minutes`` before ``start_utc`` goes to a reader in ``zone_name``.

    Never in the reader's night: the morning after if that is still early enough,
    else the evening before (see the module docstring). An event that itself starts
    at night, with no daytime before it, still gets its reminder the evening before.
    """
    nominal = nominal_instant(start_utc, offset_minutes, zone_name)
    if not is_quiet(nominal, zone_name):
        return nominal
    local = to_local(nominal, zone_name)
    # The night that holds the nominal instant began on this (local) evening.
    evening_date = local.date()
    if local.time().replace(tzinfo=None) < QUIET_START:
        evening_date -= timedelta(days=1)
    morning = _at(evening_date + timedelta(days=1), QUIET_END, zone_name, start_utc)
    if morning <= start_utc - MORNING_LEAD:
        return morning
    return _at(evening_date, QUIET_START, zone_name, start_utc) - EVENING_MARGIN


def _at(day: date, wall: time, zone_name: str, like: datetime) -> datetime:
    """The first instant the reader's clock shows ``wall`` on ``day``, in ``like``'s zone."""
    local = datetime.combine(day, wall)
    return first_instant_at_wall_time(local, zone_name).astimezone(like.tzinfo)
