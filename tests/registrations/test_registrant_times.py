"""Registration times in the reader's zone, and "Your time" on the registration pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import Event
from planner.registrations import presenters, registrants
from planner.registrations.operations import register_attendee
from tests.factories import CLUSTER, HOST, attendee, published_event, user

# 08:00 UTC on Tuesday 1 December 2026: 17:00 in Tokyo, 09:00 in Copenhagen.
REGISTERED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    event = published_event(days_ahead=30, capacity=5)
    outcome = register_attendee(event.id, attendee(1))
    outcome.registration.created_at = REGISTERED
    db.session.flush()
    return event


def test_registrant_rows_are_in_the_viewers_zone_else_the_planning_zone(event: Event) -> None:
    found = registrants.registrants_of(user(HOST), event.id)
    copenhagen = presenters.registrant_list(found, "Europe/Copenhagen")
    assert copenhagen.rows[0].registered_at == "Tue 1 Dec 2026, 09:00 CET"
    assert copenhagen.time_zone_heading == "Registered at (Copenhagen time)"
    planning = presenters.registrant_list(found)
    assert (planning.time_zone, planning.rows[0].registered_at) == (
        "Asia/Tokyo",
        "Tue 1 Dec 2026, 17:00 JST",
    )
    _, data = presenters.registrants_csv(found, "Europe/Copenhagen")
    text = data.decode("utf-8-sig")
    assert "Registered at (Copenhagen time)" in text
    assert '"Tue 1 Dec 2026, 09:00 CET"' in text


def test_each_organizer_reads_registration_times_on_their_own_clock(
    client: FlaskClient, auth, event: Event
) -> None:
    auth.login(HOST)
    html = client.get(f"/events/{event.id}/registrants").get_data(as_text=True)
    assert "Registered at (Tokyo time)" in html
    assert "Tue 1 Dec 2026, 17:00 JST" in html
    auth.logout()
    auth.login(CLUSTER)
    html = client.get(f"/events/{event.id}/registrants").get_data(as_text=True)
    assert "Registered at (Copenhagen time)" in html
    assert "Tue 1 Dec 2026, 09:00 CET" in html
    csv_text = client.get(f"/events/{event.id}/registrants.csv").data.decode("utf-8-sig")
    assert '"Tue 1 Dec 2026, 09:00 CET"' in csv_text
    japanese = client.get(
        f"/events/{event.id}/registrants", headers={"Accept-Language": "ja"}
    ).get_data(as_text=True)
    assert "2026年12月1日(火) 09:00 CET" in japanese


def test_the_registration_page_adds_your_time(client: FlaskClient, event: Event) -> None:
    html = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "data-viewer-time" in html
    assert "js/local-time.js" in html
