"""``POST /api/v1/events/<id>/registrations``: public registration as JSON.

Every accepted registration gets the same answer (202, the address emailed), so the
answer never tells whether the address was registered; the secrets go by email.
"""

from __future__ import annotations

import hashlib

import pytest
from flask.testing import FlaskClient

from planner.events import scheduling
from planner.extensions import db
from planner.models import AuditEntry, Event, OutboxMessage, Registration, RegistrationStatus
from planner.registrations import registrants
from tests.factories import HOST, agreed_event, count, published_event, user
from tests.registrations.mailbox import feed_path, last_message_to, manage_path, messages_to

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


def _receipt(event: Event, email: str) -> dict:
    """The one answer every accepted registration gets."""
    return {
        "event_id": event.id,
        "email": email,
        "message": f"We have sent an email to {email}. It says whether there is a seat or a "
        "place on the waitlist, and has the link to see or cancel the registration.",
    }


def test_a_new_registration_is_202_and_its_links_go_by_email(
    client: FlaskClient, event: Event
) -> None:
    response = post(client, event.id, BODY)
    assert response.status_code == 202
    assert response.json == _receipt(event, "mette@example.dk")
    registration = db.session.scalar(db.select(Registration))
    assert registration.email == "mette@example.dk" and registration.consent is True
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.manage_token not in response.get_data(as_text=True)
    message = last_message_to("mette@example.dk")
    assert message.subject.startswith("[Co-host Planner] Registered")
    assert client.get(manage_path(message)).status_code == 200
    assert client.get(feed_path(message)).status_code == 200


def test_when_seats_are_gone_the_answer_is_the_same(client: FlaskClient, event: Event) -> None:
    post(client, event.id, BODY)
    response = post(client, event.id, {**BODY, "email": "lars@example.dk", "consent": False})
    assert response.status_code == 202
    assert response.json == _receipt(event, "lars@example.dk")
    assert "waitlist (number 1)" in last_message_to("lars@example.dk").body


def test_registering_a_known_address_answers_exactly_like_a_new_one(
    client: FlaskClient, event: Event
) -> None:
    first = post(client, event.id, BODY)
    again = post(client, event.id, {**BODY, "email": "  mette@example.dk", "name": "Someone"})
    assert (again.status_code, again.json) == (first.status_code, first.json)
    assert again.headers.get("Content-Type") == first.headers.get("Content-Type")
    assert count(Registration) == 1
    assert db.session.scalar(db.select(Registration)).name == "Mette Jensen"  # unchanged
    # The owner is told, with their manage link (the same one as before).
    confirmation, notice = messages_to("mette@example.dk")
    assert notice.subject == f"[Co-host Planner] Already registered: {event.title_en}"
    assert "asked to register this email address" in notice.body
    assert "so nothing has changed.\nYou have a seat.\n" in notice.body
    assert manage_path(notice) == manage_path(confirmation)
    assert notice.calendar is None


def test_a_known_address_on_the_waitlist_hears_its_place(client: FlaskClient, event: Event) -> None:
    post(client, event.id, BODY)
    post(client, event.id, {**BODY, "email": "lars@example.dk"})
    post(client, event.id, {**BODY, "email": "lars@example.dk"})
    assert "You are on the waitlist (number 1)." in last_message_to("lars@example.dk").body


def test_country_and_consent_are_optional(client: FlaskClient, event: Event) -> None:
    body = {key: BODY[key] for key in ("name", "email", "affiliation")}
    assert post(client, event.id, body).status_code == 202
    assert db.session.scalar(db.select(Registration)).consent is False


def test_the_client_network_is_kept_as_a_keyed_hash(client: FlaskClient, event: Event) -> None:
    post(client, event.id, BODY, environ_base={"REMOTE_ADDR": "203.0.113.7"})
    stored = db.session.scalar(db.select(Registration)).client_key
    assert stored and len(stored) == 32 and "203.0.113.7" not in stored
    assert stored != hashlib.sha256(b"203.0.113.7").hexdigest()[:32]


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
        ({**BODY, "locale": "de"}, "locale"),
        ({**BODY, "locale": 1}, "locale"),
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


@pytest.mark.parametrize(
    ("changes", "headers", "stored"),
    [
        ({"locale": "ja"}, {}, "ja"),
        ({"locale": "en"}, {"Accept-Language": "ja"}, "en"),  # the field wins
        ({}, {"Accept-Language": "ja,en;q=0.5"}, "ja"),  # else the request's language
        ({}, {"Accept-Language": "da, de"}, "en"),  # neither: the default
        ({"locale": None}, {}, "en"),
    ],
)
def test_the_language_of_the_emails_is_the_field_else_the_requests(
    client: FlaskClient, event: Event, changes: dict, headers: dict, stored: str
) -> None:
    assert post(client, event.id, {**BODY, **changes}, headers=headers).status_code == 202
    assert db.session.scalar(db.select(Registration.locale)) == stored
    subject = last_message_to(BODY["email"]).subject
    assert subject.startswith(
        "[Co-host Planner] 参加登録完了：" if stored == "ja" else "[Co-host Planner] Registered:"
    )


def test_a_refused_language_says_which_are_offered(client: FlaskClient, event: Event) -> None:
    response = post(client, event.id, {**BODY, "locale": "da"})
    assert response.status_code == 400
    error = response.json["error"]
    assert error["field"] == "locale" and error["message"] == "locale must be one of: en, ja."


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
    assert response.status_code == 202


def test_removing_an_id_beyond_any_database_integer_is_a_400(api, demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=20, capacity=10)
    answer = api.call(
        "POST",
        f"/api/v1/events/{event.id}/registrations/remove",
        "host",
        {"registration_ids": [2**70]},
    )
    assert answer.status_code == 400
    assert answer.json["error"]["field"].startswith("registration_ids")
