"""The one function that flags a planned time: weekends, holidays, clock changes, hours.

No app: pure core. Easter Monday 2027 (29 March) is a Danish public holiday, and the
EU clocks go forward the day before (Sunday 28 March 2027, 01:00 UTC).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from planner.core.overlap import Participant, WorkingHours
from planner.core.suggestions import suggest_slots
from planner.core.time_flags import time_flags
from planner.core.timezones import TimeZoneError

LINK_J = Participant("link-j", "Asia/Tokyo", WorkingHours(time(9), time(18)), "JP")
EMBASSY = Participant("dk-embassy", "Asia/Tokyo", WorkingHours(time(9), time(17)), "JP")
CLUSTER = Participant("dk-cluster", "Europe/Copenhagen", WorkingHours(time(9), time(17)), "DK")
EVERYONE = [LINK_J, EMBASSY, CLUSTER]
HOUR = timedelta(hours=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_easter_monday_is_a_danish_holiday_and_only_danish() -> None:
    # 16:00-17:00 in Tokyo = 09:00-10:00 CEST in Copenhagen, inside everyone's hours.
    flags = time_flags(EVERYONE, at("2027-03-29T07:00"), at("2027-03-29T08:00"))
    assert [(h.country, h.name, h.participant_key) for h in flags.holidays] == [
        ("DK", "Easter Monday", "dk-cluster")
    ]
    assert flags.weekend_for == []
    assert flags.clock_changes == []
    assert flags.outside_hours_for == []
    assert flags.any


def test_the_eu_clock_change_day_is_flagged_for_copenhagen_only() -> None:
    # Sunday 28 March 2027, 17:00 in Tokyo = 10:00 CEST, after the 02:00 → 03:00 jump.
    flags = time_flags(EVERYONE, at("2027-03-28T08:00"), at("2027-03-28T09:00"))
    assert [
        (c.zone_name, c.at_utc, c.offset_before, c.offset_after, c.participant_keys)
        for c in flags.clock_changes
    ] == [("Europe/Copenhagen", at("2027-03-28T01:00"), "+01:00", "+02:00", ("dk-cluster",))]
    assert flags.weekend_for == ["link-j", "dk-embassy", "dk-cluster"]


def test_an_ordinary_weekday_in_working_hours_has_no_flags() -> None:
    flags = time_flags(EVERYONE, at("2027-03-31T07:00"), at("2027-03-31T08:00"))
    assert not flags.any
    assert (flags.weekend_for, flags.holidays, flags.clock_changes) == ([], [], [])


def test_outside_working_hours_names_who() -> None:
    # 18:30 in Tokyo (after LINK-J's 18:00 and the embassy's 17:00) = 11:30 in Copenhagen.
    flags = time_flags(EVERYONE, at("2027-03-31T09:30"), at("2027-03-31T10:30"))
    assert flags.outside_hours_for == ["link-j", "dk-embassy"]
    assert flags.outside_hours


def test_a_time_spanning_midnight_checks_both_local_dates() -> None:
    # Friday 23:00 to Saturday 01:00 in Tokyo is a weekend there (the Saturday part).
    flags = time_flags([LINK_J], at("2027-04-02T14:00"), at("2027-04-02T16:00"))
    assert flags.weekend_for == ["link-j"]


def test_given_holiday_calendars_are_used_instead_of_looking_them_up() -> None:
    calendars = {"dk-cluster": {date(2027, 3, 31): "Test day"}}
    flags = time_flags([CLUSTER], at("2027-03-31T08:00"), at("2027-03-31T09:00"), calendars)
    assert [h.name for h in flags.holidays] == ["Test day"]


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(TimeZoneError) as raised:
        time_flags(EVERYONE, at("2027-03-31T09:00"), at("2027-03-31T08:00"))
    assert raised.value.code == "invalid_range"


def test_find_a_time_suggestions_flag_the_same_holiday() -> None:
    # Only Easter Monday to choose from: the suggestions carry the same holiday flag.
    slots = suggest_slots([LINK_J, CLUSTER], date(2027, 3, 29), date(2027, 3, 29), HOUR)
    assert slots
    expected = time_flags([LINK_J, CLUSTER], slots[0].start_utc, slots[0].end_utc)
    holidays = [r.params for r in slots[0].reasons if r.code == "holiday"]
    assert holidays == [
        {"participant": h.participant_key, "country": h.country, "name": h.name}
        for h in expected.holidays
    ]
    assert holidays and holidays[0]["name"] == "Easter Monday"
