"""The home page listing with its filters, and the month calendar."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from planner.core.timezones import to_local
from planner.events import scheduling
from planner.models import EventFormat
from planner.registrations import registrants
from planner.registrations.operations import register_attendee
from tests.factories import HOST, attendee, move_start, published_event, user


def html_of(client: FlaskClient, url: str, status: int = 200, **kwargs) -> str:  # noqa: ANN003
    response = client.get(url, **kwargs)
    assert response.status_code == status
    return response.get_data(as_text=True)


def section(html: str, heading_id: str) -> str:
    """The part of the page from one section's heading to the end of that section."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


MINE = (
    "Medicon symposium",
    "Called-off hybrid meeting",
    "Digital health webinar",
    "Closed workshop",
    "Last year&#39;s kick-off",
)


def listed_titles(html: str) -> list[str]:
    """The titles of this module's events in the upcoming list, in order (not the demo's)."""
    upcoming = section(html, "upcoming-heading")
    titles = re.findall(r'<h3 class="listing__title"><a href="/events/\d+">([^<]+)</a>', upcoming)
    return [title for title in titles if title in MINE]


def entry(html: str, title: str) -> str:
    """The listing item of the event called ``title``."""
    start = html.index(title)
    return html[html.rindex("<li", 0, start) : html.index("</li>\n</ul>", start)]


@pytest.fixture
def events(demo) -> dict:  # noqa: ANN001
    webinar = published_event(days_ahead=30, capacity=1, title_en="Digital health webinar")
    register_attendee(webinar.id, attendee(1))
    symposium = published_event(
        capacity=None,
        days_ahead=10,
        title_en="Medicon symposium",
        format=EventFormat.SYMPOSIUM,
        language="ja",
        cohost_slugs=["medicon"],
    )
    called_off = published_event(days_ahead=20, title_en="Called-off hybrid meeting")
    scheduling.cancel_event(user(HOST), called_off.id)
    closed = published_event(days_ahead=40, title_en="Closed workshop")
    registrants.close_registration(user(HOST), closed.id)
    past = published_event(days_ahead=30, title_en="Last year's kick-off")
    move_start(past, datetime.now(UTC) - timedelta(days=30))
    return {"webinar": webinar, "symposium": symposium, "past": past}


def test_home_lists_upcoming_then_past_with_both_cities_and_states(
    client: FlaskClient, events
) -> None:
    html = html_of(client, "/")
    upcoming = section(html, "upcoming-heading")
    assert listed_titles(html) == [
        "Medicon symposium",
        "Called-off hybrid meeting",
        "Digital health webinar",
        "Closed workshop",
    ]
    past = section(html, "past-heading")
    assert "Last year&#39;s kick-off" in past and "Digital health webinar" not in past
    webinar = entry(upcoming, "Digital health webinar")
    assert "Tokyo" in webinar and "Copenhagen" in webinar and "JST" in webinar
    assert re.search(r"CES?T", webinar)
    assert "Waitlist" in webinar and "Webinar" in webinar and "English" in webinar
    assert "Registration open" in entry(upcoming, "Medicon symposium")
    assert "Japanese" in entry(upcoming, "Medicon symposium")
    assert "Cancelled" in entry(upcoming, "Called-off hybrid meeting")
    assert "Registration closed" in entry(upcoming, "Closed workshop")
    assert "Registration closed" in entry(past, "kick-off")


def test_home_in_japanese_shows_japanese_titles_and_city_names(client: FlaskClient, events) -> None:
    html = html_of(client, "/", headers={"Accept-Language": "ja"})
    assert "デンマークと日本のデジタルヘルス" in html
    assert "東京" in html and "コペンハーゲン" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("organization=medicon", ["Medicon symposium"]),
        ("format=symposium", ["Medicon symposium"]),
        ("language=ja", ["Medicon symposium"]),
        ("organization=dk-cluster&format=webinar&language=en", None),
    ],
)
def test_home_filters(client: FlaskClient, events, query: str, expected) -> None:  # noqa: ANN001
    html = html_of(client, f"/?{query}")
    titles = listed_titles(html)
    if expected is None:
        assert "Medicon symposium" not in titles and "Digital health webinar" in titles
    else:
        assert titles == expected
    assert "<option selected" in html


def test_a_filter_without_matches_says_so(client: FlaskClient) -> None:
    html = html_of(client, "/?language=ja")
    assert "No upcoming events match." in html
    assert "No past events yet." in html


def test_an_unknown_filter_value_is_a_400_showing_everything(client: FlaskClient, events) -> None:
    html = html_of(client, "/?format=party&organization=atlantis", status=400)
    assert "Not a valid choice" in html
    assert "Medicon symposium" in html and "Digital health webinar" in html


def day_cell(html: str, day: str) -> str:
    """The calendar cell of the ISO date ``day``."""
    start = html.index(f'datetime="{day}"')
    return html[start : html.index("</td>", start)]


@pytest.fixture
def night_event(demo) -> object:  # noqa: ANN001
    """An event at 20:00 UTC: the next morning in Tokyo, the evening before in Copenhagen."""
    event = published_event(days_ahead=30, title_en="Evening in Copenhagen")
    move_start(event, datetime(2027, 3, 10, 20, 0, tzinfo=UTC))
    month_end = published_event(days_ahead=30, title_en="Month-end session")
    move_start(month_end, datetime(2027, 3, 31, 20, 0, tzinfo=UTC))
    return event


def test_calendar_puts_events_on_their_local_day(client: FlaskClient, night_event) -> None:
    tokyo = html_of(client, "/calendar?month=2027-03")
    assert "2027" in tokyo and "March" in tokyo
    assert "Evening in Copenhagen" in day_cell(tokyo, "2027-03-11")
    assert "05:00 JST" in day_cell(tokyo, "2027-03-11")
    assert "Month-end session" in day_cell(tokyo, "2027-04-01")
    copenhagen = html_of(client, "/calendar?month=2027-03&zone=Europe/Copenhagen")
    assert "Evening in Copenhagen" in day_cell(copenhagen, "2027-03-10")
    assert "21:00 CET" in day_cell(copenhagen, "2027-03-10")
    assert "Month-end session" in day_cell(copenhagen, "2027-03-31")
    assert "22:00 CEST" in day_cell(copenhagen, "2027-03-31")
    assert 'href="/calendar?month=2027-02&amp;zone=Europe/Copenhagen"' in copenhagen
    assert 'href="/calendar?month=2027-04&amp;zone=Europe/Copenhagen"' in copenhagen
    assert '<strong aria-current="true">Copenhagen</strong>' in copenhagen
    assert 'href="/calendar?month=2027-03&amp;zone=Asia/Tokyo"' in copenhagen


def test_calendar_grid_is_whole_weeks_from_monday(client: FlaskClient, demo) -> None:  # noqa: ANN001
    html = html_of(client, "/calendar?month=2026-02")
    days = re.findall(r'<time class="month__number" datetime="([\d-]+)">', html)
    assert days[0] == "2026-01-26" and days[-1] == "2026-03-01"
    assert len(days) == 35
    assert html.index(">Mon<") < html.index(">Sun<")
    assert html.count("<tr>") == 6  # the weekday row and five weeks


def test_calendar_default_is_this_month_in_tokyo(client: FlaskClient) -> None:
    html = html_of(client, "/calendar")
    today = to_local(datetime.now(UTC), "Asia/Tokyo").date()
    assert f'month__day--today">\n        <time class="month__number" datetime="{today}"' in html
    assert '<strong aria-current="true">Tokyo</strong>' in html


def test_calendar_in_japanese(client: FlaskClient, night_event) -> None:
    html = html_of(client, "/calendar?month=2027-03", headers={"Accept-Language": "ja"})
    assert "2027年3月" in html and ">月<" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2027-13", "The month must be written YYYY-MM"),
        ("month=March", "The month must be written YYYY-MM"),
        ("month=0001-01", "The month must be written YYYY-MM"),
        ("zone=Mars/Olympus", "Mars/Olympus is not a known time zone."),
        ("zone=" + "x" * 500, "x" * 64 + " is not a known time zone."),
    ],
)
def test_bad_calendar_parameters_are_a_400_page(
    client: FlaskClient, query: str, message: str
) -> None:
    html = html_of(client, f"/calendar?{query}", status=400)
    assert message in html
    assert "x" * 65 + " is not" not in html  # a long zone is not echoed whole


def test_the_header_links_to_the_calendar(client: FlaskClient) -> None:
    assert '<a href="/calendar">Calendar</a>' in html_of(client, "/")


def test_public_pages_follow_the_content_security_policy(client: FlaskClient, events) -> None:
    for url in ("/", "/calendar", f"/events/{events['webinar'].id}/register"):
        html = html_of(client, url)
        assert "style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert not re.search(r"\son[a-z]+=", html)
