"""The one formatting path (planner.presentation) in English and Japanese."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask import Flask, render_template_string
from flask_babel import refresh

from planner import presentation
from planner.core.timezones import to_local

WINTER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday: 17:00 JST, 09:00 CET
SUMMER = datetime(2026, 6, 2, 7, 30, tzinfo=UTC)  # Tuesday: 16:30 JST, 09:30 CEST


@pytest.fixture
def english(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # Flask-Babel keeps the locale on the app context the suite holds open
        yield


@pytest.fixture
def japanese(app: Flask):
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        refresh()
        yield


def test_dates_read_day_month_year_in_english(english) -> None:
    assert presentation.date_text(date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert presentation.date_text(date(2026, 12, 1), with_year=False) == "Tue 1 Dec"
    assert presentation.date_text(to_local(WINTER, "Asia/Tokyo")) == "Tue 1 Dec 2026"


def test_dates_read_the_japanese_way(japanese) -> None:
    assert presentation.date_text(date(2026, 12, 1)) == "2026年12月1日(火)"
    assert presentation.date_text(date(2026, 12, 1), with_year=False) == "12月1日(火)"


def test_times_spans_and_zones(english) -> None:
    tokyo, copenhagen = to_local(WINTER, "Asia/Tokyo"), to_local(SUMMER, "Europe/Copenhagen")
    assert presentation.clock_text(tokyo) == "17:00"
    assert presentation.hours_text(time(9), time(17, 30)) == "09:00–17:30"
    assert presentation.zone_abbreviation(copenhagen) == "CEST"
    # Istanbul has no letters abbreviation in the tz database, only "+03".
    assert presentation.zone_abbreviation(to_local(WINTER, "Europe/Istanbul")) == "UTC+03:00"
    end = to_local(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "Asia/Tokyo")
    assert presentation.span_text(tokyo, end) == "17:00–18:00 JST"
    # A span that a clock change splits names both abbreviations.
    before = to_local(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Europe/Copenhagen")
    after = to_local(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "Europe/Copenhagen")
    assert presentation.span_text(before, after) == "02:30 CEST–02:30 CET"
    assert presentation.zone_label("Europe/Copenhagen", WINTER) == "CET · Copenhagen"
    assert presentation.zone_label("UTC", WINTER) == "UTC"


def test_instants_with_date_time_and_zone_in_both_languages(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()
        assert presentation.instant_text(WINTER, "Asia/Tokyo") == "Tue 1 Dec 2026, 17:00 JST"
        assert presentation.instant_text(WINTER) == "Tue 1 Dec 2026, 08:00 UTC"
        assert presentation.utc_instant_text(WINTER) == "2026-12-01T08:00:00Z"
    with app.test_request_context(headers={"Accept-Language": "ja"}):
        refresh()
        assert presentation.instant_text(WINTER, "Europe/Copenhagen") == (
            "2026年12月1日(火) 09:00 CET"
        )
        assert presentation.zone_label("Europe/Copenhagen", WINTER) == "CET · コペンハーゲン"


def test_moment_cards_use_the_same_path(english) -> None:
    card = presentation.moment(WINTER, ["Asia/Tokyo", "Europe/Istanbul"])
    assert [(c.date_text, c.time_text, c.abbreviation) for c in card.cities] == [
        ("Tue 1 Dec 2026", "17:00", "JST"),
        ("Tue 1 Dec 2026", "11:00", "UTC+03:00"),
    ]


def test_templates_format_instants_through_the_filter(english) -> None:
    html = render_template_string(
        "{{ when|instant_text }} / {{ when|instant_text('Asia/Tokyo') }} / {{ when|utc_iso }}"
        " / {{ nine|clock }}",
        when=WINTER,
        nine=time(9),
    )
    assert html == (
        "Tue 1 Dec 2026, 08:00 UTC / Tue 1 Dec 2026, 17:00 JST / 2026-12-01T08:00:00Z / 09:00"
    )
