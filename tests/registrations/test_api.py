"""``POST /api/v1/events/<id>/registrations``: public registration as JSON."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from planner.events import scheduling
from planner.extensions import db
from planner.models import AuditEntry, Event, OutboxMessage, Registration
from planner.registrations import registrants
from tests.factories import HOST, agreed_event, count, published_event, user

BODY = {
    "name": "Mette Jensen",
    "email": "Mette@Example.DK",
    "affiliation": "Novo Nordisk Foundation",
    "country": "DK",
    "consent": True,
}


def post(client: FlaskClient, event_id: int, body: object, **kwargs):  # noqa: ANN003, ANN201
    return client.post(f"/api/v1/events/{event_id}/registrations", json=body, **kwargs)


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, capacity=1)


def test_new_registration_is_201_with_its_links(client: FlaskClient, event: Event) -> None:
    response = post(client, event.id, BODY)
    assert response.status_code == 201
    body = response.json
    registration = db.session.scalar(db.select(Registration))
    assert body == {
        "id": registration.id,
        "event_id": event.id,
        "status": "confirmed",
        "manage_url": f"http://planner.test/registrations/{registration.manage_token}",
        "feed_url": body["feed_url"],
    }
    assert body["feed_url"].startswith("http://planner.test/feeds/attendee/")
    assert registration.email == "mette@example.dk" and registration.consent is True
    manage = client.get(body["manage_url"].removeprefix("http://planner.test"))
    assert manage.status_code == 200


def test_when_seats_are_gone_the_answer_is_waitlisted(client: FlaskClient, event: Event) -> None:
    post(client, event.id, BODY)
    response = post(client, event.id, {**BODY, "email": "lars@example.dk", "consent": False})
    assert response.status_code == 201
    assert response.json["status"] == "waitlisted"


def test_registering_again_is_200_without_the_secret_links(
    client: FlaskClient, event: Event
) -> None:
    first = post(client, event.id, BODY).json
    again = post(client, event.id, {**BODY, "email": "  mette@example.dk"})
    assert again.status_code == 200
    assert again.json["id"] == first["id"]
    assert again.json["status"] == "confirmed"
    assert "manage_url" not in again.json and "feed_url" not in again.json
    assert "already registered" in again.json["message"]
    assert count(Registration) == 1


def test_country_and_consent_are_optional(client: FlaskClient, event: Event) -> None:
    body = {key: BODY[key] for key in ("name", "email", "affiliation")}
    assert post(client, event.id, body).status_code == 201
    assert db.session.scalar(db.select(Registration)).consent is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BODY, "name": None}, "name"),
        ({key: value for key, value in BODY.items() if key != "email"}, "email"),
        ({**BODY, "email": "mette"}, "email"),
        ({**BODY, "email": 42}, "email"),
        ({**BODY, "affiliation": "   "}, "affiliation"),
        ({**BODY, "name": "n" * 201}, "name"),
        ({**BODY, "country": "DNK"}, "country"),
        ({**BODY, "country": "1X"}, "country"),
        ({**BODY, "consent": "yes"}, "consent"),
        ({**BODY, "password": "x"}, "password"),
    ],
)
def test_bad_fields_are_400_naming_the_field(
    client: FlaskClient, event: Event, body: dict, field: str
) -> None:
    outbox = count(OutboxMessage)
    response = post(client, event.id, body)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]
    assert (count(Registration), count(OutboxMessage)) == (0, outbox)


def test_a_body_that_is_not_a_json_object_is_400(client: FlaskClient, event: Event) -> None:
    assert post(client, event.id, ["not", "an", "object"]).status_code == 400
    response = client.post(
        f"/api/v1/events/{event.id}/registrations", data="name=x", content_type="text/plain"
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"


def test_unknown_and_unpublished_events_are_404(client: FlaskClient, demo) -> None:  # noqa: ANN001
    hidden = agreed_event(days_ahead=30)
    for event_id in (hidden.id, 424242):
        response = post(client, event_id, BODY)
        assert response.status_code == 404
        assert response.json["error"]["code"] == "not_found"
    assert count(Registration) == 0


def test_an_event_called_off_before_publishing_is_404(client: FlaskClient, demo) -> None:  # noqa: ANN001
    # Found by the authorization matrix: its cancelled status answered 409
    # "event_cancelled", telling anyone that a never-public event exists and was called off.
    called_off = agreed_event(days_ahead=30)
    scheduling.cancel_event(user(HOST), called_off.id)
    response = post(client, called_off.id, BODY)
    assert response.status_code == 404
    assert response.json == post(client, 424242, BODY).json
    assert count(Registration) == 0


def test_closed_and_cancelled_events_are_409(client: FlaskClient, demo) -> None:  # noqa: ANN001
    closed = published_event(days_ahead=30)
    registrants.close_registration(user(HOST), closed.id)
    called_off = published_event(days_ahead=30)
    scheduling.cancel_event(user(HOST), called_off.id)
    audit_before = count(AuditEntry)
    for event, code in ((closed, "registration_closed"), (called_off, "event_cancelled")):
        response = post(client, event.id, BODY)
        assert response.status_code == 409
        assert response.json["error"]["code"] == code
    assert (count(Registration), count(AuditEntry)) == (0, audit_before)


def test_no_token_or_csrf_is_needed(client: FlaskClient, event: Event) -> None:
    response = post(client, event.id, BODY, headers={"Authorization": ""})
    assert response.status_code == 201
