"""planner.core.overlap: shared working hours of Tokyo and Copenhagen, flags and suggestions."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from planner.core.overlap import (
    DayOverlap,
    Holiday,
    Participant,
    Window,
    WorkingHours,
    holidays_for,
    overlap_by_day,
    parse_working_hours,
)
from planner.core.suggestions import REASON_CODES, Reason, suggest_slots
from planner.core.timezones import TimeZoneError, UnknownTimeZoneError, offset_changes, to_local

TOKYO = Participant("jp-org", "Asia/Tokyo", country="JP")
COPENHAGEN = Participant("dk-cluster", "Europe/Copenhagen", country="DK")
NEW_YORK = Participant("us-lab", "America/New_York", country="US")
PAIR = [TOKYO, COPENHAGEN]
SWITCH_DAYS = [date(2025, 3, 30), date(2025, 10, 26), date(2026, 3, 29)]
SWITCH_DAYS += [date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)]


def window(day: date, start_hour: int, end_hour: int) -> Window:
    start = datetime.combine(day, time(start_hour), UTC)
    return Window(start, datetime.combine(day, time(end_hour), UTC))


def one_day(day: date, participants: list[Participant] = PAIR) -> DayOverlap:
    (result,) = overlap_by_day(participants, day, day)
    return result


WINTER, SUMMER = (8, 9), (7, 9)  # shared UTC hours: Tokyo 17-18 / 16-18 with Copenhagen 9-10 / 9-11


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 27), WINTER), (date(2026, 3, 30), SUMMER), (date(2026, 10, 23), SUMMER)]
    + [(date(2026, 10, 26), WINTER), (date(2026, 1, 15), WINTER), (date(2026, 7, 15), SUMMER)],
)
def test_named_days_have_one_window_of_the_right_width(day: date, hours: tuple[int, int]) -> None:
    assert one_day(day).windows == [window(day, *hours)]


@pytest.mark.parametrize("switch", SWITCH_DAYS)
def test_every_day_around_each_switch_of_2025_to_2027(switch: date) -> None:
    springs = switch.month == 3
    days = overlap_by_day(PAIR, switch - timedelta(days=5), switch + timedelta(days=5))
    assert [day.date for day in days] == [switch + timedelta(days=n) for n in range(-5, 6)]
    for day in days:
        # On the switch Sunday itself Copenhagen's 09:00 is already on the new offset.
        summer = (day.date >= switch) == springs
        assert day.windows == [window(day.date, *(SUMMER if summer else WINTER))]
        assert day.windows[0].duration == timedelta(hours=2 if summer else 1)
        assert day.offset_change == (day.date == switch)
        assert day.offsets == {"jp-org": "+09:00", "dk-cluster": "+02:00" if summer else "+01:00"}


def test_switch_days_are_exactly_the_offset_changes_of_copenhagen() -> None:
    days = overlap_by_day(PAIR, date(2025, 1, 1), date(2025, 12, 31))
    flagged = [day.date for day in days if day.offset_change]
    changes = offset_changes("Europe/Copenhagen", date(2025, 1, 1), date(2025, 12, 31))
    assert flagged == [moment.date() for moment, _before, _after in changes] == SWITCH_DAYS[:2]
    assert len(days) == 365
    assert {len(day.windows) for day in days} == {1}


def test_weekends_are_flagged_not_removed() -> None:
    friday, saturday, sunday, monday = overlap_by_day(PAIR, date(2026, 6, 5), date(2026, 6, 8))
    assert friday.weekend_for == [] and monday.weekend_for == []
    assert saturday.weekend_for == ["jp-org", "dk-cluster"]
    assert sunday.weekend_for == ["jp-org", "dk-cluster"]
    assert saturday.windows == [window(saturday.date, *SUMMER)]


def test_weekend_in_one_zone_only() -> None:
    # Monday 08:00 in Tokyo is still Sunday evening in New York.
    tokyo_early = Participant("jp-org", "Asia/Tokyo", WorkingHours(time(8), time(12)))
    new_york_late = Participant("us-lab", "America/New_York", WorkingHours(time(17), time(23)))
    monday = one_day(date(2026, 6, 8), [tokyo_early, new_york_late])
    assert monday.windows == [
        Window(datetime(2026, 6, 7, 23, tzinfo=UTC), datetime(2026, 6, 8, 3, tzinfo=UTC))
    ]
    assert monday.weekend_for == ["us-lab"]


@pytest.mark.parametrize(
    ("day", "country", "name"),
    [(date(2026, 3, 20), "JP", "Vernal Equinox Day"), (date(2026, 4, 29), "JP", "Showa Day")]
    + [(date(2026, 4, 2), "DK", "Maundy Thursday"), (date(2026, 4, 3), "DK", "Good Friday")]
    + [(date(2026, 5, 14), "DK", "Ascension Day")],
)
def test_public_holidays_are_flagged(day: date, country: str, name: str) -> None:
    result = one_day(day)
    key = "jp-org" if country == "JP" else "dk-cluster"
    assert result.holidays == [Holiday(country, name, key)]
    assert result.weekend_for == []
    assert len(result.windows) == 1


def test_participant_without_country_has_no_holidays() -> None:
    no_calendar = [Participant("jp-org", "Asia/Tokyo"), COPENHAGEN]
    assert one_day(date(2026, 3, 20), no_calendar).holidays == []


def test_holidays_for() -> None:
    danish = holidays_for("dk", date(2026, 4, 1), date(2026, 4, 6))
    assert danish == {
        date(2026, 4, 2): "Maundy Thursday",
        date(2026, 4, 3): "Good Friday",
        date(2026, 4, 5): "Easter Sunday",
        date(2026, 4, 6): "Easter Monday",
    }
    across_new_year = holidays_for("JP", date(2025, 12, 31), date(2027, 1, 1))
    assert min(across_new_year) == date(2026, 1, 1)
    assert max(across_new_year) == date(2027, 1, 1)
    for country in ("XX", "", "Denmark"):
        with pytest.raises(TimeZoneError) as raised:
            holidays_for(country, date(2026, 1, 1), date(2026, 12, 31))
        assert raised.value.code == "unknown_country"


def test_three_parties_with_new_york_share_nothing() -> None:
    days = overlap_by_day([TOKYO, COPENHAGEN, NEW_YORK], date(2026, 3, 1), date(2026, 3, 31))
    assert all(day.windows == [] for day in days)
    march_8 = next(day for day in days if day.date == date(2026, 3, 8))
    # New York springs forward at 07:00 UTC on 8 March, 16:00 in Tokyo: after Tokyo's noon.
    assert march_8.offset_change
    assert march_8.offsets == {"jp-org": "+09:00", "dk-cluster": "+01:00", "us-lab": "-05:00"}
    assert (
        suggest_slots(
            [TOKYO, COPENHAGEN, NEW_YORK],
            date(2026, 3, 1),
            date(2026, 3, 31),
            timedelta(minutes=30),
        )
        == []
    )


def test_copenhagen_and_new_york_overlap_shifts_in_the_mismatched_weeks() -> None:
    pair = [COPENHAGEN, NEW_YORK]
    # US clocks change three weeks before Europe's in March: 5 hours apart, not 6.
    assert one_day(date(2026, 3, 10), pair).windows == [window(date(2026, 3, 10), 13, 17)]
    assert one_day(date(2026, 3, 31), pair).windows == [window(date(2026, 3, 31), 13, 16)]
    assert one_day(date(2026, 3, 5), pair).windows == [window(date(2026, 3, 5), 14, 17)]


def test_custom_working_hours() -> None:
    late_tokyo = Participant("jp-org", "Asia/Tokyo", parse_working_hours("10:00-20:00"), "JP")
    early_copenhagen = Participant("dk-cluster", "Europe/Copenhagen", WorkingHours(time(7, 30)))
    pair = [late_tokyo, early_copenhagen]
    winter, summer = one_day(date(2026, 2, 10), pair), one_day(date(2026, 8, 11), pair)
    # Tokyo 01:00-11:00 UTC; Copenhagen 06:30-17:00 UTC in winter, 05:30-16:00 in summer.
    assert winter.windows == [
        Window(datetime(2026, 2, 10, 6, 30, tzinfo=UTC), datetime(2026, 2, 10, 11, tzinfo=UTC))
    ]
    assert summer.windows == [
        Window(datetime(2026, 8, 11, 5, 30, tzinfo=UTC), datetime(2026, 8, 11, 11, tzinfo=UTC))
    ]
    assert summer.holidays == [Holiday("JP", "Mountain Day", "jp-org")]


def test_working_hours_inside_a_gap_start_at_the_jump() -> None:
    night_shift = Participant("dk-night", "Europe/Copenhagen", parse_working_hours("02:30-05:00"))
    sunday = one_day(date(2026, 3, 29), [night_shift])
    # 02:30 never shows on the clock that night; work begins when it jumps to 03:00 CEST.
    assert sunday.windows == [
        Window(datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 3, 29, 3, tzinfo=UTC))
    ]
    fall_back = one_day(date(2026, 10, 25), [night_shift])
    # 02:30 happens twice; the first occurrence (CEST) starts the day.
    assert fall_back.windows == [
        Window(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 4, tzinfo=UTC))
    ]


@pytest.mark.parametrize(
    ("text", "hours"),
    [("09:00-18:00", WorkingHours()), (" 8:30 – 17:15 ", WorkingHours(time(8, 30), time(17, 15)))],
)
def test_parse_working_hours(text: str, hours: WorkingHours) -> None:
    assert parse_working_hours(text) == hours


@pytest.mark.parametrize(
    "text",
    ["", "9-18", "09:00", "18:00-09:00", "09:00-09:00", "09:00-24:00", "09:60-18:00", "nine-five"],
)
def test_parse_working_hours_rejects_malformed(text: str) -> None:
    with pytest.raises(TimeZoneError) as raised:
        parse_working_hours(text)
    assert raised.value.code == "invalid_working_hours"
    assert isinstance(raised.value, ValueError)


def test_working_hours_must_end_after_they_start() -> None:
    with pytest.raises(ValueError, match="must end after they start"):
        WorkingHours(time(18), time(9))


# --- Suggestions ---------------------------------------------------------------------------


def shared_windows(days: list[DayOverlap]) -> list[Window]:
    return [shared for day in days for shared in day.windows]


def test_suggestions_fit_inside_windows_and_avoid_days_off() -> None:
    first, last = date(2026, 3, 16), date(2026, 4, 30)
    days = overlap_by_day(PAIR, first, last)
    days_off = {day.date for day in days if day.weekend_for or day.holidays}
    suggestions = suggest_slots(PAIR, first, last, timedelta(hours=1))
    assert len(suggestions) == 10
    for suggestion in suggestions:
        assert suggestion.end_utc - suggestion.start_utc == timedelta(hours=1)
        assert any(
            w.start_utc <= suggestion.start_utc and suggestion.end_utc <= w.end_utc
            for w in shared_windows(days)
        )
        assert to_local(suggestion.start_utc, "Asia/Tokyo").date() not in days_off
        assert {reason.code for reason in suggestion.reasons} <= set(REASON_CODES)
        assert not {"weekend", "holiday"} & {reason.code for reason in suggestion.reasons}
    scores = [suggestion.score for suggestion in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert suggestions == suggest_slots(PAIR, first, last, timedelta(hours=1))


def test_comfortable_midweek_summer_slots_rank_first_and_true_ties_go_earlier() -> None:
    # Monday 1 June 2026 onwards: Tuesday to Thursday beat Monday, and the same slot
    # on the same weekday a week later ties and comes after.
    suggestions = suggest_slots(
        PAIR, date(2026, 6, 1), date(2026, 6, 30), timedelta(hours=1), limit=4
    )
    assert [s.start_utc for s in suggestions] == [
        datetime(2026, 6, day, 7, 30, tzinfo=UTC) for day in (2, 3, 4, 9)
    ]
    best = suggestions[0]
    assert best.reasons[0].code == "inside_working_hours"
    assert best.reasons[0].params == {"margin_minutes": "30"}
    assert best.reasons[1] == Reason("midweek", {"weekday": "1"}, 3.0)
    assert {(r.code, r.params["participant"]) for r in best.reasons[2:]} == {
        ("late_for", "jp-org"),
        ("early_for", "dk-cluster"),
    }
    assert best.score == pytest.approx(100 + sum(r.points for r in best.reasons))


def test_slots_that_differ_in_slack_score_differently_and_say_why() -> None:
    # Two Tokyo offices 09:00-18:00 on Tuesday 2 June 2026: the old two-hour comfort
    # cap gave 11:00, 11:30, 12:00, 12:30 and 13:00 the same score.
    offices = [Participant("jp-a", "Asia/Tokyo"), Participant("jp-b", "Asia/Tokyo")]
    suggestions = suggest_slots(
        offices, date(2026, 6, 2), date(2026, 6, 2), timedelta(hours=1), limit=20
    )
    by_start = {to_local(s.start_utc, "Asia/Tokyo").time(): s for s in suggestions}
    rising = [by_start[time(hour, minute)] for hour, minute in ((11, 0), (11, 30), (12, 0))]
    scores = [s.score for s in rising] + [by_start[time(13)].score]
    assert scores[0] < scores[1] < scores[2] < scores[3]
    for suggestion in suggestions:
        assert suggestion.score == pytest.approx(
            100 + sum(reason.points for reason in suggestion.reasons), abs=0.011
        )
        assert suggestion.reasons[0].points > 0  # the slack, explained with its minutes
    # Mirror images (as far from the start as the other is from the end) truly tie.
    assert by_start[time(10)].score == by_start[time(16)].score


def test_ninety_minutes_fit_only_the_summer_window() -> None:
    suggestions = suggest_slots(
        PAIR, date(2026, 3, 23), date(2026, 4, 1), timedelta(minutes=90), limit=50
    )
    starts = {s.start_utc for s in suggestions}
    assert starts  # summer days after the switch
    assert all(start.date() >= date(2026, 3, 29) for start in starts)
    assert all(start.time() in (time(7), time(7, 30)) for start in starts)
    winter_only = suggest_slots(PAIR, date(2026, 1, 5), date(2026, 1, 30), timedelta(minutes=90))
    assert winter_only == []


def test_days_near_an_offset_change_are_penalised() -> None:
    suggestions = suggest_slots(
        PAIR, date(2026, 3, 30), date(2026, 4, 1), timedelta(hours=1), limit=20
    )
    by_day = {s.start_utc.date(): s for s in suggestions if s.start_utc.time() == time(7, 30)}
    near = [r for r in by_day[date(2026, 3, 30)].reasons if r.code == "near_offset_change"]
    assert near == [Reason("near_offset_change", {"days": "1", "zone": "Europe/Copenhagen"}, -30.0)]
    assert (
        by_day[date(2026, 3, 30)].score
        < by_day[date(2026, 3, 31)].score
        < by_day[date(2026, 4, 1)].score
    )


def test_weekends_and_holidays_are_used_only_when_nothing_else_fits() -> None:
    # Friday 3 April 2026 (Good Friday in Denmark) to Monday 6 April (Easter Monday):
    # no clean day at all, so the flagged ones come back with their reasons.
    suggestions = suggest_slots(
        PAIR, date(2026, 4, 3), date(2026, 4, 6), timedelta(hours=1), limit=10
    )
    assert suggestions
    for suggestion in suggestions:
        codes = {reason.code for reason in suggestion.reasons}
        assert codes & {"weekend", "holiday"}
        assert suggestion.score < 0
    holiday = next(r for r in suggestions[0].reasons if r.code == "holiday")
    assert holiday.params == {"participant": "dk-cluster", "country": "DK", "name": "Good Friday"}
    # Adding Tuesday 7 April gives three clean slots, fewer than the limit: they
    # come first and the flagged ones fill the rest of the list.
    mixed = suggest_slots(PAIR, date(2026, 4, 3), date(2026, 4, 7), timedelta(hours=1), limit=10)
    assert len(mixed) == 10
    assert [s.start_utc for s in mixed[:3]] == [
        datetime(2026, 4, 7, hour, minute, tzinfo=UTC) for hour, minute in ((7, 30), (7, 0), (8, 0))
    ]
    assert all(s.score < 0 for s in mixed[3:])


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"duration": timedelta(0)}, "invalid_duration"),
        ({"duration": timedelta(hours=24, seconds=1)}, "invalid_duration"),
        ({"duration": timedelta(minutes=-30)}, "invalid_duration"),
        ({"step": timedelta(0)}, "invalid_step"),
        ({"limit": 0}, "invalid_limit"),
        ({"last": date(2026, 3, 1)}, "invalid_range"),
        ({"last": date(2027, 4, 2)}, "range_too_long"),
        ({"participants": []}, "no_participants"),
        ({"participants": [TOKYO, TOKYO]}, "duplicate_participant"),
        ({"participants": [Participant("x", "Tokyo")]}, "unknown_timezone"),
        ({"participants": [Participant("x", "Asia/Tokyo", country="ZZ")]}, "unknown_country"),
    ],
)
def test_invalid_inputs_have_codes(kwargs: dict, code: str) -> None:
    arguments = {"participants": PAIR, "first": date(2026, 4, 1), "last": date(2026, 4, 30)}
    arguments |= {"duration": timedelta(hours=1)} | kwargs
    with pytest.raises(TimeZoneError) as raised:
        suggest_slots(**arguments)
    assert raised.value.code == code
    if "duration" not in kwargs and "step" not in kwargs and "limit" not in kwargs:
        overlap_arguments = {key: arguments[key] for key in ("participants", "first", "last")}
        with pytest.raises(TimeZoneError) as again:
            overlap_by_day(**overlap_arguments)
        assert again.value.code == code


def test_a_full_year_is_allowed() -> None:
    days = overlap_by_day(PAIR, date(2028, 1, 1), date(2028, 12, 31))
    assert len(days) == 366
    with pytest.raises(UnknownTimeZoneError):
        overlap_by_day([Participant("x", "Asia/Tokio")], date(2028, 1, 1), date(2028, 1, 1))
