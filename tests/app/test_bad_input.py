"""Odd and hostile input answered with the right status, and nothing half-written."""

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from planner.events import negotiation, scheduling
from planner.events.access import can_view
from planner.events.negotiation import SlotAnswer
from planner.events.scheduling import CancellationReason
from planner.extensions import db
from planner.limits import REQUEST_BYTES_MAX
from planner.models import EventStatus, OutboxMessage, SlotResponse
from planner.notifications.mime import email_for
from planner.unit_of_work import unit_of_work
from tests.factories import (
    CLUSTER,
    HOST,
    agreed_event,
    csrf_token,
    proposal,
    proposed_event,
    published_event,
    user,
)


def test_ids_beyond_an_integer_column_are_404(client: FlaskClient, demo) -> None:
    for path in (
        "/events/2147483648",
        "/events/9223372036854775808.ics",
        "/api/v1/events/99999999999999999999",
    ):
        assert client.get(path).status_code == 404


def test_json_posted_to_a_web_form_is_415(client: FlaskClient, demo) -> None:
    token = csrf_token(client)
    response = client.post("/login", json=[1, 2], headers={"X-CSRFToken": token})
    assert response.status_code == 415
    assert "not JSON" in response.get_data(as_text=True)


@pytest.mark.fresh_app  # adds routes, which the session's shared app does not allow
def test_a_lost_version_race_is_the_stale_edit_error_not_a_500(app: Flask) -> None:
    # Losing the race on the version counter is a stale edit like any other: the
    # conflict page (409) on the web, 412 through the API, never a 500.
    def lose_the_race() -> str:
        with unit_of_work():
            raise StaleDataError("UPDATE events ... 0 were matched")

    app.add_url_rule("/race", "race", lose_the_race)
    app.add_url_rule("/api/v1/race", "api_race", lose_the_race)
    page = app.test_client().get("/race")
    assert page.status_code == 409
    assert "Someone else changed this event at the same moment" in page.get_data(as_text=True)
    answer = app.test_client().get("/api/v1/race")
    assert answer.status_code == 412
    assert answer.json["error"]["code"] == "stale_version"


def test_time_preview_with_an_unknown_zone_explains_it(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    answer = client.get(
        "/events/time-preview?start=2027-01-05T10:00&timezone=Asia/Tokyo&zones=Mars/Base"
    ).json
    assert answer["ok"] is False and answer["code"] == "unknown_timezone"


def test_dates_outside_the_plannable_years_are_refused(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    answer = client.get("/events/time-preview?start=2300-01-01T10:00&timezone=Asia/Tokyo").json
    assert answer["ok"] is False and answer["code"] == "out_of_range"
    edge = client.get("/events/time-preview?start=0001-01-01T00:00%2B14:00").json
    assert edge["ok"] is False and edge["code"] == "invalid_datetime"
    overlap = client.get(
        "/api/v1/overlap?zones=Asia/Tokyo,Europe/Copenhagen&from=9999-12-30&to=9999-12-31"
    )
    assert overlap.status_code == 400 and overlap.json["error"]["field"] == "from"


def test_cancelling_a_never_published_event_keeps_it_private(demo) -> None:
    event = agreed_event()
    scheduling.cancel_event(user(HOST), event.id, CancellationReason("Budget"))
    assert event.status == EventStatus.CANCELLED
    assert not can_view(None, event)
    assert can_view(user(CLUSTER), event)


def test_published_events_record_when(demo) -> None:
    assert published_event().published_at is not None


def test_answers_are_saved_all_or_nothing(demo) -> None:
    event = proposed_event()
    before = db.session.scalar(db.select(db.func.count()).select_from(SlotResponse))
    try:
        negotiation.answer_slots(
            user(CLUSTER),
            event.id,
            [
                SlotAnswer(event.slots[0].id, negotiation.Answer.YES),
                SlotAnswer(999_999, negotiation.Answer.NO),
            ],
        )
    except negotiation.ValidationFailed:
        pass
    else:
        raise AssertionError("an unknown slot must refuse the whole batch")
    assert db.session.scalar(db.select(db.func.count()).select_from(SlotResponse)) == before


def test_a_line_break_in_a_title_cannot_split_an_email_header(app: Flask, demo) -> None:
    event = negotiation.propose_event(
        user(HOST), proposal(title_en="Line one\r\nBcc: someone@example.org")
    )
    queued = db.session.scalars(db.select(OutboxMessage).filter_by(event_id=event.id)).all()
    assert queued
    for message in queued:
        built = email_for(message, "planner@example.org", message.body)
        assert "\n" not in built["Subject"] and built["Bcc"] is None


@pytest.mark.fresh_app  # adds routes, which the session's shared app does not allow
def test_a_concurrent_unique_violation_is_a_409_not_a_500(app: Flask) -> None:
    # A constraint that only a request at the same moment could break: a clash with the
    # current state, said as such (and logged), in the page or the API's error shape.
    def clash() -> str:
        raise IntegrityError("INSERT INTO slot_responses ...", {}, Exception("duplicate key"))

    app.add_url_rule("/clash", "clash", clash)
    app.add_url_rule("/api/v1/clash", "api_clash", clash)
    page = app.test_client().get("/clash")
    assert page.status_code == 409
    assert "Someone else changed this at the same moment" in page.get_data(as_text=True)
    answer = app.test_client().get("/api/v1/clash")
    assert (answer.status_code, answer.json["error"]["code"]) == (409, "conflict")


def test_a_chunked_body_without_a_length_stops_at_the_limit(client: FlaskClient, demo) -> None:
    event = published_event()
    endless = io.BytesIO(b'{"name": "' + b"x" * (REQUEST_BYTES_MAX + 10) + b'"}')
    response = client.post(
        f"/api/v1/events/{event.id}/registrations",
        input_stream=endless,
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"
