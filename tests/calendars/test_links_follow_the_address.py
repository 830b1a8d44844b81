"""Absolute links follow the address the app is reached at, and calendars read as text.

Without ``PUBLIC_BASE_URL`` (development), a request to ``http://127.0.0.1:8000/`` gets
8000 links everywhere: subscribe boxes, "add to calendar", API answers, emails and the
URL properties inside calendar files. Calendar text is plain: no Markdown markup.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from planner.calendars import cache as feed_cache
from planner.calendars import feeds
from planner.calendars.links import calendar_links
from planner.extensions import db
from planner.models import OutboxMessage
from planner.urls import public_url
from tests.factories import FROZEN_NOW, calendar_event, published_event

PORT_8000 = "http://127.0.0.1:8000"
REGISTRATION = {
    "name": "Mette Jensen",
    "email": "mette@example.dk",
    "affiliation": "Novo Nordisk Foundation",
    "country": "DK",
    "consent": True,
}


@pytest.fixture(autouse=True)
def unset_public_base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Development as ``make run`` has it: no PUBLIC_BASE_URL, a cold feed cache."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", None)
    monkeypatch.setattr(feeds, "utc_now", lambda: FROZEN_NOW)
    feed_cache.clear_caches()


def _feed_url_property(body: bytes) -> str:
    return str(Calendar.from_ical(body)["URL"])


def test_subscribe_boxes_use_the_port_the_page_was_asked_on(
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    page = client.get("/feeds", base_url=PORT_8000).get_data(as_text=True)
    assert f'value="{PORT_8000}/feeds/events.ics" readonly' in page
    assert 'href="webcal://127.0.0.1:8000/feeds/events.ics"' in page
    assert "127.0.0.1:5000" not in page and "planner.test" not in page


def test_feed_url_property_follows_each_host_even_when_cached(
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    calendar_event()
    first = client.get("/feeds/events.ics", base_url=PORT_8000)
    assert _feed_url_property(first.data) == f"{PORT_8000}/feeds/events.ics"
    assert "127.0.0.1:5000" not in first.get_data(as_text=True)
    # The second host must not be served the first host's cached document.
    other = client.get("/feeds/events.ics", base_url="http://localhost:9000")
    assert _feed_url_property(other.data) == "http://localhost:9000/feeds/events.ics"
    assert "127.0.0.1:8000" not in other.get_data(as_text=True)


def test_event_file_urls_follow_the_request(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event()
    body = client.get(f"/events/{event.id}.ics", base_url=PORT_8000).get_data(as_text=True)
    assert f"URL:{PORT_8000}/events/{event.id}" in body
    assert "127.0.0.1:5000" not in body


def test_email_links_follow_the_request(
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    event = published_event(days_ahead=30)
    response = client.post(
        f"/api/v1/events/{event.id}/registrations", json=REGISTRATION, base_url=PORT_8000
    )
    assert response.status_code == 202
    mail = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.recipient == REGISTRATION["email"])
    )
    assert f"{PORT_8000}/registrations/" in mail.body
    assert f"{PORT_8000}/feeds/attendee/" in mail.body
    assert "127.0.0.1:5000" not in mail.body + (mail.calendar or "")


def test_outside_a_request_links_use_the_served_address(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SERVE_URL", "http://0.0.0.0:8123")
    assert public_url("calendars.public_feed") == "http://0.0.0.0:8123/feeds/events.ics"


def test_a_configured_public_base_url_wins_over_the_request(
    app: Flask,
    client: FlaskClient,
    people,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://planner.example.org")
    page = client.get("/feeds", base_url=PORT_8000).get_data(as_text=True)
    assert 'value="https://planner.example.org/feeds/events.ics" readonly' in page
    assert "127.0.0.1:8000" not in page


def test_japanese_feed_points_at_its_japanese_address(
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    calendar_event()
    body = client.get("/feeds/events.ics?lang=ja", base_url=PORT_8000).data
    assert _feed_url_property(body) == f"{PORT_8000}/feeds/events.ics?lang=ja"
    english = client.get("/feeds/events.ics", base_url=PORT_8000).data
    assert _feed_url_property(english) == f"{PORT_8000}/feeds/events.ics"


MARKDOWN = "Join **Anna Berg** for *two* cities.\n\n- Tokyo\n- Copenhagen\n\n[Programme](https://x.example/p)"


def test_markdown_reads_as_text_in_the_calendar_file_and_links(
    app: Flask,
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    event = calendar_event(description_en=MARKDOWN)
    body = client.get(f"/events/{event.id}.ics").data
    vevent = next(iter(Calendar.from_ical(body).walk("VEVENT")))
    description = str(vevent["DESCRIPTION"])
    assert "**" not in description and "[Programme]" not in description
    assert "Join Anna Berg for two cities." in description
    assert "- Tokyo\n- Copenhagen" in description
    assert "Programme (https://x.example/p)" in description
    with app.test_request_context("/"):
        links = calendar_links(event)
    for link in (links.google_url, links.outlook_url):
        query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
        details = query.get("details", query.get("body"))
        assert "Join Anna Berg for two cities." in details
        assert "**" not in details and "*two*" not in details
