"""Reminder instants: calendar days on the reader's clock, never in the reader's night."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planner.core.reminder_times import is_quiet, nominal_instant, send_instant

TOKYO, COPENHAGEN, NEW_YORK = "Asia/Tokyo", "Europe/Copenhagen", "America/New_York"
DAY, HOUR = 1440, 60


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# A Copenhagen evening webinar, Thu 5 Nov 2026 19:00 CET = 18:00Z = Fri 03:00 JST.
EVENING_WEBINAR = utc("2026-11-05T18:00")


@pytest.mark.parametrize(
    ("zone", "offset", "expected"),
    [
        # Copenhagen reads it in its daytime: as asked, the wall-clock day before.
        (COPENHAGEN, DAY, "2026-11-04T18:00"),
        (COPENHAGEN, HOUR, "2026-11-05T17:00"),
        # Tokyo's "day before" (Thu 03:00 JST) moves to Thu 08:00 JST, 19 hours before.
        (TOKYO, DAY, "2026-11-04T23:00"),
        # Tokyo's "hour before" (Fri 02:00 JST): 08:00 would be after the start, so the
        # evening before, 21:00 JST.
        (TOKYO, HOUR, "2026-11-05T12:00"),
        # New York reads it at 13:00 EST: unchanged.
        (NEW_YORK, HOUR, "2026-11-05T17:00"),
    ],
)
def test_reminders_keep_out_of_the_readers_night(zone: str, offset: int, expected: str) -> None:
    sent = send_instant(EVENING_WEBINAR, offset, zone)
    assert sent == utc(expected)
    assert not is_quiet(sent, zone)
    assert sent < EVENING_WEBINAR


def test_the_day_before_is_a_calendar_day_across_a_clock_change() -> None:
    # Sun 29 Mar 2026 09:00 CEST (07:00Z); the clocks went forward that night at 02:00.
    start = utc("2026-03-29T07:00")
    # Saturday 09:00 CET on the wall is 08:00Z: 23 hours before, not 24.
    assert nominal_instant(start, DAY, COPENHAGEN) == utc("2026-03-28T08:00")
    assert send_instant(start, DAY, COPENHAGEN) == utc("2026-03-28T08:00")
    # Tokyo has no clock change: exactly 24 hours (16:00 JST both days).
    assert send_instant(start, DAY, TOKYO) == utc("2026-03-28T07:00")
    # An hour is an hour on any clock.
    assert send_instant(start, HOUR, COPENHAGEN) == utc("2026-03-29T06:00")


def test_new_york_changes_its_clocks_three_weeks_before_europe() -> None:
    # Mon 9 Mar 2026 17:00 JST = 08:00Z = 04:00 EDT (New York moved forward on the 8th).
    start = utc("2026-03-09T08:00")
    # The day before on New York's wall (Sun 04:00 EDT, 08:00Z) is at night: Sun 08:00 EDT.
    assert nominal_instant(start, DAY, NEW_YORK) == utc("2026-03-08T08:00")
    assert send_instant(start, DAY, NEW_YORK) == utc("2026-03-08T12:00")
    # Copenhagen (still CET) reads it at 08:00 on Sunday and at 09:00 on Monday.
    assert send_instant(start, DAY, COPENHAGEN) == utc("2026-03-08T08:00")


def test_a_wall_time_the_clock_skips_is_the_moment_it_jumps() -> None:
    # Mon 30 Mar 2026 02:30 CEST: Sunday 02:30 never happened in Copenhagen.
    start = utc("2026-03-30T00:30")
    assert nominal_instant(start, DAY, COPENHAGEN) == utc("2026-03-29T01:00")
    # That is at night: the morning after, Sun 08:00 CEST.
    assert send_instant(start, DAY, COPENHAGEN) == utc("2026-03-29T06:00")


def test_a_whole_week_counts_calendar_days() -> None:
    start = utc("2026-11-05T08:00")  # Thu 17:00 JST
    assert send_instant(start, 7 * DAY, TOKYO) == utc("2026-10-29T08:00")
    # From Copenhagen: Thu 09:00 CET, a week before was Thu 29 Oct 09:00 CET (08:00Z) too,
    # although the clocks went back on 25 Oct.
    assert send_instant(start, 7 * DAY, COPENHAGEN) == utc("2026-10-29T08:00")
