"""VTIMEZONE generation (planner.core.vtimezone): form, exactness, wall-time helpers.

Exactness is checked two independent ways: icalendar expands our
VTIMEZONEs (through dateutil's RRULE engine) and must agree with pytz, and
ical.js resolves events in every common zone through them.
"""

from bisect import bisect_right
from datetime import UTC, datetime, timedelta, timezone

import pytest
import pytz
from icalendar import Calendar

from planner.core.ical import CalendarEvent, CalendarMeta, build_calendar, build_timezones_block
from planner.core.vtimezone import (
    build_vtimezone,
    coverage_window,
    wall_time,
    wall_time_is_unambiguous,
    zone_for_tzid,
)
from tests.core.icaljs import parse_with_icaljs


def vtimezone_text(tzid: str, first: datetime, last: datetime) -> str:
    """Serialize one zone's VTIMEZONE for events between ``first`` and ``last``."""
    return build_timezones_block([tzid], first, last).decode()


def utc(*parts: int) -> datetime:
    """Build an aware UTC datetime."""
    return datetime(*parts, tzinfo=UTC)


def pytz_transitions(tzid: str, start: datetime, end: datetime) -> list[datetime]:
    """Return pytz's transition instants (aware UTC) in ``[start, end)``."""
    zone = pytz.timezone(tzid)
    times = getattr(zone, "_utc_transition_times", [])
    return [
        moment.replace(tzinfo=UTC)
        for moment in times
        if start <= moment.replace(tzinfo=UTC) < end and moment.year > 1
    ]


def test_tokyo_is_one_constant_standard_observance() -> None:
    text = vtimezone_text("Asia/Tokyo", utc(2026, 3, 27), utc(2026, 3, 28))
    assert text == (
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\nBEGIN:STANDARD\r\n"
        "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"
        "TZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def test_copenhagen_is_its_current_yearly_rule_pair_even_across_2020_to_2037() -> None:
    text = vtimezone_text("Europe/Copenhagen", utc(2020, 6, 15), utc(2037, 12, 1))
    assert text.count("BEGIN:STANDARD") == 1
    assert text.count("BEGIN:DAYLIGHT") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "TZNAME:CET\r\n" in text
    assert "TZNAME:CEST\r\n" in text
    # The window starts on 2019-01-01, when the CET of October 2018 was in force.
    assert "DTSTART:20181028T030000\r\n" in text
    assert "DTSTART:20190331T020000\r\n" in text


@pytest.mark.parametrize(
    ("tzid", "expected_lines"),
    [
        (
            "America/New_York",
            ["RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"],
        ),
        (
            "Australia/Sydney",
            ["RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"],
        ),
        ("Australia/Lord_Howe", ["TZOFFSETFROM:+1030", "TZOFFSETTO:+1100", "TZNAME:+11"]),
        ("Europe/London", ["TZNAME:GMT", "TZNAME:BST"]),
    ],
)
def test_dst_zones_get_their_rules_as_open_ended_yearly_rrules(
    tzid: str, expected_lines: list[str]
) -> None:
    text = vtimezone_text(tzid, utc(2025, 1, 1), utc(2027, 12, 31))
    for line in expected_lines:
        assert line + "\r\n" in text
    assert "UNTIL" not in text
    assert "RDATE" not in text


def test_dublin_calls_summer_time_daylight_despite_negative_dst_in_tzdata() -> None:
    text = vtimezone_text("Europe/Dublin", utc(2026, 1, 1), utc(2026, 12, 31))
    daylight = text.split("BEGIN:DAYLIGHT")[1].split("END:DAYLIGHT")[0]
    assert "TZNAME:IST" in daylight
    assert "TZOFFSETTO:+0100" in daylight


def test_sao_paulo_rule_changes_end_with_until_and_no_rule_outlives_2019() -> None:
    text = vtimezone_text("America/Sao_Paulo", utc(2016, 1, 1), utc(2019, 12, 31))
    rrule_lines = [line for line in text.split("\r\n") if line.startswith("RRULE")]
    # 2016-2019 ended DST on the 3rd Sunday of February; the DST start moved
    # from October to November in 2018, so that rule ends in 2017.
    assert "RRULE:FREQ=YEARLY;UNTIL=20190217T020000Z;BYDAY=3SU;BYMONTH=2" in rrule_lines
    assert "RRULE:FREQ=YEARLY;UNTIL=20171015T030000Z;BYDAY=3SU;BYMONTH=10" in rrule_lines
    assert all("UNTIL=" in line for line in rrule_lines)
    assert "DTSTART:20181104T000000\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0200\r\n" in text


def test_sao_paulo_after_abolition_is_constant() -> None:
    text = vtimezone_text("America/Sao_Paulo", utc(2025, 1, 1), utc(2026, 1, 1))
    assert "TZOFFSETFROM:-0300\r\nTZOFFSETTO:-0300\r\nTZNAME:-03\r\n" in text
    assert text.count("BEGIN:STANDARD") == 1


def test_timezones_block_is_sorted_deduplicated_and_stable() -> None:
    block = build_timezones_block(
        ["Europe/Copenhagen", "Asia/Tokyo", "Europe/Copenhagen"], utc(2026, 1, 1), utc(2026, 2, 1)
    )
    assert block.count(b"BEGIN:VTIMEZONE") == 2
    assert block.index(b"TZID:Asia/Tokyo") < block.index(b"TZID:Europe/Copenhagen")
    assert block == build_timezones_block(
        ["Asia/Tokyo", "Europe/Copenhagen"], utc(2026, 1, 1), utc(2026, 2, 1)
    )


def offset_from_vtimezone(vtimezone_bytes: bytes, instant: datetime) -> timedelta:
    """Resolve an instant's offset with icalendar's own VTIMEZONE expansion."""
    vtimezone = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + vtimezone_bytes + b"END:VCALENDAR\r\n")
    times, infos = vtimezone.walk("VTIMEZONE")[0].get_transitions()
    index = bisect_right(times, instant.replace(tzinfo=None)) - 1
    assert index >= 0, f"{instant} is before the first observance"
    return infos[index][0]


@pytest.mark.parametrize(
    "tzid",
    [
        "Europe/Copenhagen",
        "America/New_York",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "America/Sao_Paulo",
        "Asia/Tokyo",
        "Europe/Dublin",
        "Africa/Casablanca",
        "Asia/Jerusalem",
        "America/Santiago",
    ],
)
def test_icalendar_expansion_matches_pytz_around_every_transition(tzid: str) -> None:
    # 2017-2020 spans Sao Paulo's rule changes, Casablanca's Ramadan switches
    # and Santiago's shifting dates, so UNTIL and single onsets are exercised
    # next to open-ended rules.
    first, last = utc(2017, 1, 1), utc(2020, 12, 31)
    block = vtimezone_text(tzid, first, last).encode()
    zone = pytz.timezone(tzid)
    moments = [first, last]
    for transition in pytz_transitions(tzid, first, last):
        moments += [transition - timedelta(minutes=1), transition, transition + timedelta(hours=1)]
    for moment in moments:
        assert offset_from_vtimezone(block, moment) == moment.astimezone(zone).utcoffset(), moment


def test_every_common_zone_resolves_in_icaljs_around_each_transition() -> None:
    created = utc(2024, 1, 1)
    events, expected = [], {}
    for tzid in pytz.common_timezones:
        moments = [utc(2026, 7, 1, 12)]
        for transition in pytz_transitions(tzid, utc(2025, 1, 1), utc(2028, 1, 1)):
            # Inside the switch (often written in UTC, see planner.core.ical) and
            # clear of it (always written with TZID).
            moments += [transition + timedelta(minutes=minutes) for minutes in (-120, -30, 30, 120)]
        for index, start in enumerate(moments):
            uid = f"{tzid}#{index}"
            end = start + timedelta(minutes=45)
            expected[uid] = (start, end)
            events.append(
                CalendarEvent(
                    uid=uid,
                    sequence=0,
                    status="CONFIRMED",
                    summary=uid,
                    description="",
                    url=None,
                    location="Online",
                    start_utc=start,
                    end_utc=end,
                    tzid=tzid,
                    created=created,
                    last_modified=created,
                )
            )
    parsed = parse_with_icaljs(build_calendar(CalendarMeta("All zones", ""), events))
    assert len(parsed["events"]) == len(events)
    for event in parsed["events"]:
        start, end = expected[event["uid"]]
        assert event["dtstart"] == start.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        assert event["dtend"] == end.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_no_rdate_lists_anywhere() -> None:
    block = build_timezones_block(pytz.common_timezones, utc(2000, 1, 1), utc(2030, 1, 1))
    assert b"RDATE" not in block
    assert block.count(b"BEGIN:VTIMEZONE") == len(pytz.common_timezones)


@pytest.mark.parametrize("tzid", ["CET", "EST5EDT", "JST", "Japan", "Mars/Olympus_Mons", ""])
def test_abbreviations_and_unknown_zones_are_refused(tzid: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        zone_for_tzid(tzid)


def test_utc_is_accepted_and_constant() -> None:
    assert zone_for_tzid("UTC") is pytz.utc
    text = vtimezone_text("UTC", utc(2026, 1, 1), utc(2026, 1, 2))
    assert "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nTZNAME:UTC\r\n" in text


def test_coverage_window_is_whole_utc_years_with_a_year_of_margin() -> None:
    assert coverage_window(utc(2026, 3, 27), utc(2026, 10, 26)) == (
        datetime(2025, 1, 1),
        datetime(2028, 1, 1),
    )
    # 05:00 on New Year's Day in Tokyo is still 2025 in UTC.
    tokyo = timezone(timedelta(hours=9))
    tokyo_new_year = datetime(2026, 1, 1, 5, tzinfo=tokyo)
    assert coverage_window(tokyo_new_year, tokyo_new_year)[0] == datetime(2024, 1, 1)


def test_coverage_window_refuses_naive_or_reversed_ranges() -> None:
    with pytest.raises(ValueError, match="aware"):
        coverage_window(datetime(2026, 1, 1), utc(2026, 1, 2))
    with pytest.raises(ValueError, match="before it starts"):
        coverage_window(utc(2026, 1, 2), utc(2026, 1, 1))


def test_build_vtimezone_window_bounds_drop_later_irregular_transitions() -> None:
    # Casablanca's Ramadan changes are irregular; those after the window are left out.
    early = build_vtimezone("Africa/Casablanca", datetime(2019, 1, 1), datetime(2020, 1, 1))
    late = build_vtimezone("Africa/Casablanca", datetime(2019, 1, 1), datetime(2027, 1, 1))
    assert len(early.subcomponents) < len(late.subcomponents)


@pytest.mark.parametrize(
    ("tzid", "instant", "reads_back"),
    [
        ("Europe/Copenhagen", utc(2026, 10, 25, 0, 30), False),  # 02:30 CEST, first
        ("Europe/Copenhagen", utc(2026, 10, 25, 1, 30), False),  # 02:30 CET, second
        ("Europe/Copenhagen", utc(2026, 10, 25, 2, 0), True),  # 03:00 CET, once
        ("Europe/Copenhagen", utc(2026, 10, 24, 23, 59), True),  # 01:59 CEST, once
        ("Europe/Copenhagen", utc(2026, 3, 29, 1, 0), True),  # 03:00 CEST after the gap
        ("Australia/Lord_Howe", utc(2026, 4, 4, 14, 45), False),  # 01:45 +11, first
        ("Australia/Lord_Howe", utc(2026, 4, 4, 15, 15), False),  # 01:45 +1030, second
        ("Asia/Tokyo", utc(2026, 10, 25, 1, 30), True),
    ],
)
def test_wall_time_is_unambiguous_only_outside_a_folds_second_occurrence(
    tzid: str, instant: datetime, reads_back: bool
) -> None:
    assert wall_time_is_unambiguous(tzid, instant) is reads_back


def test_wall_time_is_the_planning_zones_clock() -> None:
    assert wall_time("Europe/Copenhagen", utc(2026, 3, 30, 7)) == datetime(2026, 3, 30, 9)
    assert wall_time("Asia/Tokyo", utc(2026, 3, 27, 8)) == datetime(2026, 3, 27, 17)
