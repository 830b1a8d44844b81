"""Named cases for planner.core.timezones: the Copenhagen switches, midnight, parsing, display."""

from datetime import UTC, date, datetime, timedelta

import pytest

from planner.core.timezones import (
    ISO_FORMAT_HINT,
    AmbiguousLocalTimeError,
    NonexistentLocalTimeError,
    OffsetChoice,
    TimeZoneError,
    UnknownTimeZoneError,
    first_instant_at_wall_time,
    format_offset,
    get_zone,
    is_valid_zone,
    localize_strict,
    offset_changes,
    parse_local_or_offset,
    to_local,
    zone_city,
)
from planner.core.zone_display import ZoneTime, format_in_zones, times_in_zones

CPH = "Europe/Copenhagen"
TOKYO = "Asia/Tokyo"
SPRING_FORWARD = [date(2025, 3, 30), date(2026, 3, 29), date(2027, 3, 28)]
FALL_BACK = [date(2025, 10, 26), date(2026, 10, 25), date(2027, 10, 31)]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return at(day, hour, minute).replace(tzinfo=UTC)


# --- Spring forward: 02:00-03:00 does not exist -------------------------------------------


@pytest.mark.parametrize("day", SPRING_FORWARD)
def test_spring_forward_gap_is_refused_with_details(day: date) -> None:
    with pytest.raises(NonexistentLocalTimeError) as raised:
        localize_strict(at(day, 2, 30), CPH)
    error = raised.value
    assert error.code == "nonexistent_local_time"
    assert error.zone_name == CPH
    assert error.local == at(day, 2, 30)
    assert (error.gap_start, error.gap_end) == (at(day, 2), at(day, 3))
    assert error.transition_utc == utc(day, 1)
    assert error.before == utc(day, 0, 59)  # 01:59 CET
    assert error.after == utc(day, 1)  # 03:00 CEST
    assert error.nearest_valid_local == (at(day, 1, 59), at(day, 3))
    assert str(error) == (
        f"02:30 does not exist in Europe/Copenhagen on {day.day} Mar {day.year}: clocks jump"
        " from 02:00 to 03:00 (CET→CEST). Nearest valid times: 01:59 CET or 03:00 CEST."
    )


@pytest.mark.parametrize("day", SPRING_FORWARD)
def test_spring_forward_edges(day: date) -> None:
    assert localize_strict(at(day, 1, 59), CPH) == utc(day, 0, 59)
    assert localize_strict(at(day, 3), CPH) == utc(day, 1)
    for inside in (at(day, 2), at(day, 2, 59), at(day, 2, 59) + timedelta(seconds=59)):
        with pytest.raises(NonexistentLocalTimeError):
            localize_strict(inside, CPH)


def test_gap_is_refused_even_with_a_choice() -> None:
    with pytest.raises(NonexistentLocalTimeError):
        localize_strict(datetime(2026, 3, 29, 2, 30), CPH, "CEST")


def test_thirty_minute_gap_and_whole_skipped_day() -> None:
    with pytest.raises(NonexistentLocalTimeError) as lord_howe:
        localize_strict(datetime(2026, 10, 4, 2, 15), "Australia/Lord_Howe")
    assert (lord_howe.value.gap_start, lord_howe.value.gap_end) == (
        datetime(2026, 10, 4, 2),
        datetime(2026, 10, 4, 2, 30),
    )
    with pytest.raises(NonexistentLocalTimeError) as samoa:
        localize_strict(datetime(2011, 12, 30, 12), "Pacific/Apia")
    assert samoa.value.nearest_valid_local == (
        datetime(2011, 12, 29, 23, 59),
        datetime(2011, 12, 31),
    )
    assert "clocks jump from 00:00 to 00:00 on 31 Dec 2011" in str(samoa.value)


# --- Fall back: 02:00-03:00 happens twice --------------------------------------------------


@pytest.mark.parametrize("day", FALL_BACK)
def test_fall_back_fold_lists_both_choices(day: date) -> None:
    with pytest.raises(AmbiguousLocalTimeError) as raised:
        localize_strict(at(day, 2, 30), CPH)
    error = raised.value
    assert error.code == "ambiguous_local_time"
    assert (error.zone_name, error.local) == (CPH, at(day, 2, 30))
    assert error.choices == [
        OffsetChoice("+02:00", "CEST", utc(day, 0, 30)),
        OffsetChoice("+01:00", "CET", utc(day, 1, 30)),
    ]
    assert str(error) == (
        f"02:30 occurs twice in Europe/Copenhagen on {day.day} Oct {day.year} (clocks go back"
        " from CEST to CET): choose +02:00 CEST (00:30 UTC) or +01:00 CET (01:30 UTC)."
    )


@pytest.mark.parametrize("day", FALL_BACK)
@pytest.mark.parametrize(
    ("choice", "hour"),
    [("+02:00", 0), ("+0200", 0), ("+02", 0), ("CEST", 0), ("cest", 0)]
    + [("+01:00", 1), ("+0100", 1), (" CET ", 1), ("cet", 1)],
)
def test_fall_back_choice_by_offset_or_abbreviation(day: date, choice: str, hour: int) -> None:
    assert localize_strict(at(day, 2, 30), CPH, choice) == utc(day, hour, 30)


def test_fall_back_bad_choice_lists_the_choices_again() -> None:
    with pytest.raises(AmbiguousLocalTimeError) as raised:
        localize_strict(datetime(2026, 10, 25, 2, 30), CPH, "+03:00")
    assert raised.value.rejected_choice == "+03:00"
    assert [choice.abbreviation for choice in raised.value.choices] == ["CEST", "CET"]
    assert str(raised.value).startswith('"+03:00" does not pick out one of them. 02:30 occurs')


def test_fall_back_edges() -> None:
    day = date(2026, 10, 25)
    assert localize_strict(at(day, 1, 59), CPH) == datetime(2026, 10, 24, 23, 59, tzinfo=UTC)
    assert localize_strict(at(day, 3), CPH) == utc(day, 2)
    for inside in (at(day, 2), at(day, 2, 59)):
        with pytest.raises(AmbiguousLocalTimeError):
            localize_strict(inside, CPH)


@pytest.mark.parametrize(
    ("choice", "code"),
    [("+01:00", "offset_mismatch"), ("CET", "offset_mismatch"), ("+2:00", "invalid_offset_choice")]
    + [("summer!", "invalid_offset_choice"), ("+02:75", "invalid_offset_choice")],
)
def test_choice_on_an_unambiguous_time(choice: str, code: str) -> None:
    summer_noon = datetime(2026, 7, 1, 12)
    assert localize_strict(summer_noon, CPH, "+02:00") == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert localize_strict(summer_noon, CPH, "CEST") == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert localize_strict(summer_noon, CPH, "  ") == datetime(2026, 7, 1, 10, tzinfo=UTC)
    with pytest.raises(TimeZoneError) as raised:
        localize_strict(summer_noon, CPH, choice)
    assert raised.value.code == code


def test_localize_strict_rejects_aware_input() -> None:
    with pytest.raises(TimeZoneError) as raised:
        localize_strict(datetime(2026, 7, 1, 12, tzinfo=UTC), CPH)
    assert raised.value.code == "aware_datetime"


def test_first_instant_at_wall_time_is_lenient_for_schedules() -> None:
    assert first_instant_at_wall_time(datetime(2026, 3, 29, 2, 30), CPH) == utc(
        date(2026, 3, 29), 1
    )
    assert first_instant_at_wall_time(datetime(2026, 10, 25, 2, 30), CPH) == utc(
        date(2026, 10, 25), 0, 30
    )
    assert first_instant_at_wall_time(datetime(2026, 7, 1, 9), CPH) == utc(date(2026, 7, 1), 7)


# --- Around midnight in either city --------------------------------------------------------


def test_seven_in_tokyo_is_the_previous_evening_in_copenhagen() -> None:
    instant = localize_strict(datetime(2026, 3, 27, 7), TOKYO)
    assert instant == datetime(2026, 3, 26, 22, tzinfo=UTC)
    tokyo, copenhagen = times_in_zones(instant, [TOKYO, CPH])
    assert tokyo == ZoneTime(TOKYO, "Tokyo", to_local(instant, TOKYO), "JST", "+09:00", False, 0)
    assert copenhagen.local.replace(tzinfo=None) == datetime(2026, 3, 26, 23)
    assert (copenhagen.abbreviation, copenhagen.offset) == ("CET", "+01:00")
    assert (copenhagen.date_differs, copenhagen.day_shift) == (True, -1)
    assert format_in_zones(instant, [TOKYO, CPH]) == (
        "Fri 27 Mar 2026 · 07:00 JST Tokyo · Thu 26 Mar 23:00 CET Copenhagen (−1 day)"
    )


def test_half_past_eleven_in_copenhagen_is_next_morning_in_tokyo() -> None:
    instant = localize_strict(datetime(2026, 6, 12, 23, 30), CPH)
    assert instant == datetime(2026, 6, 12, 21, 30, tzinfo=UTC)
    copenhagen, tokyo = times_in_zones(instant, [CPH, TOKYO])
    assert (copenhagen.abbreviation, copenhagen.day_shift) == ("CEST", 0)
    assert tokyo.local.replace(tzinfo=None) == datetime(2026, 6, 13, 6, 30)
    assert (tokyo.date_differs, tokyo.day_shift) == (True, 1)
    assert format_in_zones(instant, [CPH, TOKYO]) == (
        "Fri 12 Jun 2026 · 23:30 CEST Copenhagen · Sat 13 Jun 06:30 JST Tokyo (+1 day)"
    )


def test_same_date_shows_time_only_and_duplicates_are_dropped() -> None:
    instant = datetime(2026, 3, 27, 8, tzinfo=UTC)
    assert format_in_zones(instant, [TOKYO, " Asia/Tokyo", CPH, TOKYO]) == (
        "Fri 27 Mar 2026 · 17:00 JST Tokyo · 09:00 CET Copenhagen"
    )
    assert [zone_time.zone_name for zone_time in times_in_zones(instant, [TOKYO, CPH, TOKYO])] == [
        TOKYO,
        CPH,
    ]


def test_year_and_date_line_in_formatting() -> None:
    new_year = datetime(2026, 12, 31, 20, tzinfo=UTC)
    assert format_in_zones(new_year, ["UTC", TOKYO, "Pacific/Pago_Pago", "Pacific/Kiritimati"]) == (
        "Thu 31 Dec 2026 · 20:00 UTC · Fri 1 Jan 2027 05:00 JST Tokyo (+1 day)"
        " · 09:00 SST Pago Pago · Fri 1 Jan 2027 10:00 UTC+14:00 Kiritimati (+1 day)"
    )
    morning = datetime(2026, 6, 1, 10, 30, tzinfo=UTC)
    far_apart = times_in_zones(morning, ["Pacific/Pago_Pago", "Pacific/Kiritimati"])
    assert far_apart[1].day_shift == 2
    assert format_in_zones(morning, ["Pacific/Kiritimati", "Pacific/Pago_Pago"]).endswith(
        "Sun 31 May 23:30 SST Pago Pago (−2 days)"
    )


def test_times_in_zones_needs_a_zone_and_an_aware_instant() -> None:
    with pytest.raises(TimeZoneError) as no_zones:
        times_in_zones(datetime(2026, 1, 1, tzinfo=UTC), [])
    assert no_zones.value.code == "no_zones"
    with pytest.raises(TimeZoneError) as naive:
        to_local(datetime(2026, 1, 1), TOKYO)
    assert naive.value.code == "naive_datetime"


def test_to_local_picks_the_offset_of_the_instant() -> None:
    before, after = utc(date(2026, 10, 25), 0, 59), utc(date(2026, 10, 25), 1)
    assert to_local(before, CPH).strftime("%H:%M %Z") == "02:59 CEST"
    assert to_local(after, CPH).strftime("%H:%M %Z") == "02:00 CET"


# --- Zone names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("Tokyo", TOKYO), ("Asia/Tokio", TOKYO), ("asia/tokyo", TOKYO), ("Mars/Olympus", None)],
)
def test_unknown_zones_suggest_the_real_name(name: str, suggestion: str | None) -> None:
    with pytest.raises(UnknownTimeZoneError) as raised:
        get_zone(name)
    error = raised.value
    assert (error.code, error.zone_name, error.suggestion) == ("unknown_timezone", name, suggestion)
    assert f'Unknown time zone "{name}".' in str(error)
    if suggestion:
        assert str(error).endswith(f"Did you mean {suggestion}?")
    assert not is_valid_zone(name)


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_zone_name(name: str) -> None:
    with pytest.raises(UnknownTimeZoneError) as raised:
        get_zone(name)
    assert str(raised.value) == "No time zone given; expected an IANA name like Asia/Tokyo."


def test_known_zones_are_canonical_after_stripping() -> None:
    assert get_zone(" Asia/Tokyo\n").zone == TOKYO
    assert is_valid_zone(CPH) and is_valid_zone("UTC") and is_valid_zone("US/Eastern")
    assert isinstance(UnknownTimeZoneError("X"), ValueError)


@pytest.mark.parametrize(
    ("name", "city"),
    [(TOKYO, "Tokyo"), (CPH, "Copenhagen"), ("America/Argentina/Buenos_Aires", "Buenos Aires")]
    + [("America/Port-au-Prince", "Port-au-Prince"), ("UTC", "UTC")],
)
def test_zone_city(name: str, city: str) -> None:
    assert zone_city(name) == city


# --- Parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2026-03-27T17:00", TOKYO, datetime(2026, 3, 27, 8, tzinfo=UTC)),
        ("2026-03-27T17:00:00", TOKYO, datetime(2026, 3, 27, 8, tzinfo=UTC)),
        (" 2026-03-27 09:00:30.5 ", CPH, datetime(2026, 3, 27, 8, 0, 30, 500000, tzinfo=UTC)),
        ("2026-04-02T09:30+02:00", None, datetime(2026, 4, 2, 7, 30, tzinfo=UTC)),
        ("2026-04-02T09:30+0200", TOKYO, datetime(2026, 4, 2, 7, 30, tzinfo=UTC)),
        ("2026-04-02T09:30-03", None, datetime(2026, 4, 2, 12, 30, tzinfo=UTC)),
        ("2026-04-02T07:30Z", None, datetime(2026, 4, 2, 7, 30, tzinfo=UTC)),
        ("2026-10-25T02:30:00+01:00", CPH, datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ],
)
def test_parse_local_or_offset_forms(text: str, zone: str | None, expected: datetime) -> None:
    parsed = parse_local_or_offset(text, zone)
    assert parsed == expected
    assert parsed.tzinfo is UTC


def test_parse_resolves_folds_only_with_a_choice() -> None:
    with pytest.raises(AmbiguousLocalTimeError):
        parse_local_or_offset("2026-10-25T02:30", CPH)
    parsed = parse_local_or_offset("2026-10-25T02:30", CPH, "CET")
    assert parsed == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    with pytest.raises(NonexistentLocalTimeError):
        parse_local_or_offset("2026-03-29T02:30", CPH, "CEST")


@pytest.mark.parametrize(
    "text",
    ["", "tomorrow", "2026-03-27", "2026-03-27T17", "27/03/2026 17:00", "2026-13-01T10:00"]
    + ["2026-02-30T10:00", "2026-03-27T24:00", "2026-03-27T17:00+02:75", "2026-03-27T17:00+5"],
)
def test_malformed_datetime_names_the_format(text: str) -> None:
    with pytest.raises(TimeZoneError) as raised:
        parse_local_or_offset(text, TOKYO)
    assert raised.value.code == "invalid_datetime"
    assert ISO_FORMAT_HINT in str(raised.value)


@pytest.mark.parametrize("zone", [None, "", "  "])
def test_wall_time_without_a_zone_is_refused(zone: str | None) -> None:
    with pytest.raises(TimeZoneError) as raised:
        parse_local_or_offset("2026-03-27T17:00", zone)
    assert raised.value.code == "zone_required"


def test_parse_with_unknown_zone() -> None:
    with pytest.raises(UnknownTimeZoneError):
        parse_local_or_offset("2026-03-27T17:00", "Tokyo")


# --- Offsets and transitions ---------------------------------------------------------------


def test_offset_changes_of_copenhagen_2025_to_2027() -> None:
    changes = offset_changes(CPH, date(2025, 1, 1), date(2027, 12, 31))
    assert changes == [
        (utc(day, 1), before, after)
        for pair in zip(SPRING_FORWARD, FALL_BACK, strict=True)
        for day, before, after in ((pair[0], "+01:00", "+02:00"), (pair[1], "+02:00", "+01:00"))
    ]
    assert offset_changes(CPH, date(2026, 3, 29), date(2026, 3, 29)) == [
        (utc(date(2026, 3, 29), 1), "+01:00", "+02:00")
    ]
    assert offset_changes(CPH, date(2026, 3, 30), date(2026, 10, 24)) == []
    assert offset_changes(TOKYO, date(2025, 1, 1), date(2027, 12, 31)) == []
    assert offset_changes("UTC", date(2025, 1, 1), date(2027, 12, 31)) == []
    with pytest.raises(TimeZoneError) as raised:
        offset_changes(CPH, date(2026, 2, 1), date(2026, 1, 1))
    assert raised.value.code == "invalid_range"


@pytest.mark.parametrize(
    ("offset", "text"),
    [(timedelta(hours=9), "+09:00"), (timedelta(hours=-3, minutes=-30), "-03:30")]
    + [(timedelta(0), "+00:00"), (timedelta(minutes=50, seconds=20), "+00:50:20")],
)
def test_format_offset(offset: timedelta, text: str) -> None:
    assert format_offset(offset) == text
