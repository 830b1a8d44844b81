"""Morning instants: when a day's message goes out on the reader's own clock.

Pure, like :mod:`planner.core.reminder_times`, whose night it keeps: nudges before an
answer-by date and organizer digests go at :data:`MORNING` local time, well after the
quiet hours end, so a reader in Tokyo, Copenhagen or New York reads them over their
first coffee, whatever the clocks did overnight.
"""

from __future__ import annotations

from datetime import date, datetime, time

from planner.core.reminder_times import is_quiet
from planner.core.timezones import first_instant_at_wall_time, to_local

# The local wall time of every morning message.
MORNING = time(9, 0)


def morning_of(day: date, zone_name: str) -> datetime:
    """The instant it is :data:`MORNING` on ``day`` in ``zone_name`` (aware UTC)."""
    instant = first_instant_at_wall_time(datetime.combine(day, MORNING), zone_name)
    if is_quiet(instant, zone_name):  # only if someone moves MORNING into the night
        raise ValueError(f"{MORNING} falls in the quiet hours")
    return instant


def local_date(instant: datetime, zone_name: str) -> date:
    """The reader's calendar date at ``instant``."""
    return to_local(instant, zone_name).date()


def iso_week(day: date) -> str:
    """The ISO week ``day`` falls in, as "2037-W14" (a weekly digest's period)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"
