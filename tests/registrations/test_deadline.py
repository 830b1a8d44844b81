"""The organizer-set registration deadline, typed in a zone like every other time."""

from datetime import UTC, datetime

from flask.testing import FlaskClient

from planner.events.negotiation import SlotInput
from planner.extensions import db
from planner.models import Event
from tests.factories import CLUSTER, HOST, post_form, published_event


def future_event() -> Event:
    """A published event still to come: 20 May 2027, 17:00 in Tokyo."""
    return published_event(slots=[SlotInput("2027-05-20T17:00", "Asia/Tokyo")])


def test_host_sets_a_deadline_in_copenhagen_time(client: FlaskClient, auth, demo) -> None:
    event = future_event()
    auth.login(HOST)
    page = f"/events/{event.id}/registrants"
    response = post_form(
        client,
        page,
        f"/events/{event.id}/registration/deadline",
        {"deadline": "2027-05-18T12:00", "timezone": "Europe/Copenhagen"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Event, event.id).registration_deadline
    assert saved == datetime(2027, 5, 18, 10, 0, tzinfo=UTC)  # 12:00 CEST
    assert 'value="2027-05-18T12:00"' not in client.get(page).get_data(as_text=True)
    assert 'value="2027-05-18T19:00"' in client.get(page).get_data(as_text=True)  # Tokyo


def test_deadline_after_the_start_is_refused(client: FlaskClient, auth, demo) -> None:
    event = future_event()
    auth.login(HOST)
    page = f"/events/{event.id}/registrants"
    response = post_form(
        client,
        page,
        f"/events/{event.id}/registration/deadline",
        {"deadline": "2027-05-21T09:00", "timezone": "Asia/Tokyo"},
    )
    assert response.status_code == 400
    assert "The deadline must be before the event starts." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).registration_deadline is None


def test_nonexistent_deadline_time_is_explained(client: FlaskClient, auth, demo) -> None:
    event = future_event()
    auth.login(HOST)
    page = f"/events/{event.id}/registrants"
    response = post_form(
        client,
        page,
        f"/events/{event.id}/registration/deadline",
        {"deadline": "2027-03-28T02:30", "timezone": "Europe/Copenhagen"},
    )
    assert response.status_code == 422
    assert "does not exist in Europe/Copenhagen" in response.get_data(as_text=True)


def test_only_the_host_sets_the_deadline(client: FlaskClient, auth, demo) -> None:
    event = future_event()
    auth.login(CLUSTER)
    response = post_form(
        client,
        "/",
        f"/events/{event.id}/registration/deadline",
        {"deadline": "2027-05-18T12:00", "timezone": "Asia/Tokyo"},
    )
    assert response.status_code == 403


def test_clearing_the_deadline(client: FlaskClient, auth, demo) -> None:
    event = future_event()
    auth.login(HOST)
    page = f"/events/{event.id}/registrants"
    action = f"/events/{event.id}/registration/deadline"
    post_form(client, page, action, {"deadline": "2027-05-18T12:00", "timezone": "Asia/Tokyo"})
    post_form(client, page, action, {"deadline": "", "timezone": "Asia/Tokyo"})
    db.session.expire_all()
    assert db.session.get(Event, event.id).registration_deadline is None
