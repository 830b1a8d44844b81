"""The answer-by date: set on the proposal form, the edit page and the API; past dates refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import Event
from tests.api_client import Api, example_body
from tests.factories import EMBASSY, HOST, csrf_token_from, post_form

TOMORROW = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
YESTERDAY = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
PAST_MESSAGE = "The answer-by date has passed already: choose today or a later day."


def _form(**overrides: object) -> dict:
    data = {
        "title_en": "Medicon Valley meets Nihonbashi",
        "format": "symposium",
        "cohosts": ["dk-embassy", "dk-cluster"],
        "timezone": "Europe/Copenhagen",
        "duration_minutes": "120",
        "slots-0-start": "2037-04-20T10:00",
        "language": "en",
        "send": "Send proposal",
    }
    data.update(overrides)
    return data


def _error_beside(body: str, field_id: str) -> str:
    match = re.search(rf'<ul class="field__errors" id="{field_id}-error">(.*?)</ul>', body, re.S)
    assert match, f"no error list beside {field_id}"
    return match.group(1)


def _newest() -> Event:
    db.session.expire_all()
    return db.session.scalar(db.select(Event).order_by(Event.id.desc()))


def test_the_form_sets_the_date_and_cohosts_read_it(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(HOST)
    response = post_form(client, "/events/new", "/events/new", _form(answer_by=TOMORROW))
    assert response.status_code == 302
    event = _newest()
    assert event.answer_by.isoformat() == TOMORROW
    auth.logout()
    auth.login(EMBASSY)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Please answer by" in page
    client.post("/account/preferences", data={
        "csrf_token": csrf_token_from(client.get("/account").get_data(as_text=True)),
        "locale": "ja", "timezone": "",
    })  # fmt: skip
    assert "までにご回答ください" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_a_past_date_is_refused_beside_the_field(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(HOST)
    before = db.session.scalar(db.select(db.func.count(Event.id)))
    response = post_form(client, "/events/new", "/events/new", _form(answer_by=YESTERDAY))
    assert response.status_code == 400
    assert PAST_MESSAGE in _error_beside(response.get_data(as_text=True), "answer_by")
    assert db.session.scalar(db.select(db.func.count(Event.id))) == before


def test_the_edit_page_changes_the_date(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(HOST)
    post_form(client, "/events/new", "/events/new", _form())
    event = _newest()
    page = f"/events/{event.id}/edit"
    form = client.get(page).get_data(as_text=True)
    assert 'name="answer_by"' in form
    data = {
        "title_en": event.title_en, "format": "symposium", "language": "en",
        "version": str(event.version), "answer_by": YESTERDAY,
    }  # fmt: skip
    refused = post_form(client, page, page, data)
    assert PAST_MESSAGE in _error_beside(refused.get_data(as_text=True), "answer_by")
    saved = post_form(client, page, page, data | {"answer_by": TOMORROW})
    assert saved.status_code == 302
    assert _newest().answer_by.isoformat() == TOMORROW


def test_the_api_takes_shows_and_refuses_dates(api: Api) -> None:
    created = api.call("POST", "/api/v1/events", "host", example_body(answer_by=TOMORROW))
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert event["answer_by"] == TOMORROW
    refused = api.call("POST", "/api/v1/events", "host", example_body(answer_by=YESTERDAY))
    assert refused.status_code in (400, 422)
    assert refused.get_json()["error"]["field"] == "answer_by"
    changed = api.change("PATCH", f"/api/v1/events/{event['id']}", "host", {"answer_by": None})
    assert changed.status_code == 200 and changed.get_json()["answer_by"] is None
    bad = api.change("PATCH", f"/api/v1/events/{event['id']}", "host", {"answer_by": "soon"})
    assert bad.status_code in (400, 422)
    schema = api.call("GET", "/api/v1/openapi.json").get_json()
    assert "answer_by" in str(schema["components"]["schemas"])
