"""Bad input to the event endpoints: each answer names the field and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from planner.extensions import db
from planner.models import Event
from tests.api_client import Api, example_body


def _event_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Event))


def _propose(api: Api, body: Any, **kwargs: Any):
    return api.call("POST", "/api/v1/events", "host", body, **kwargs)


@pytest.fixture
def events_before(api: Api) -> int:
    """How many events exist before the test (the demo data may bring some)."""
    return _event_count()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"title": 5}, "title", "invalid"),
        ({"title": "   "}, "title", "required"),
        ({"title": "x" * 201}, "title", "too_long"),
        ({"title": "デ" * 20_000}, "title", "too_long"),
        ({"description": "x" * 10_001}, "description", "too_long"),
        ({"format": "party"}, "format", "invalid"),
        ({"format": None}, "format", "required"),
        ({"cohosts": "dk-embassy"}, "cohosts", "invalid"),
        ({"cohosts": ["dk-embassy", 7]}, "cohosts[1]", "invalid"),
        ({"cohosts": ["dk-embassy"] * 21}, "cohosts", "too_long"),
        ({"duration_minutes": "90"}, "duration_minutes", "invalid"),
        ({"duration_minutes": 90.5}, "duration_minutes", "invalid"),
        ({"duration_minutes": True}, "duration_minutes", "invalid"),
        ({"duration_minutes": 5}, "duration_minutes", "invalid"),
        ({"capacity": "300"}, "capacity", "invalid"),
        ({"capacity": 0}, "capacity", "invalid"),
        ({"capacity": 10**30}, "capacity", "invalid"),
        ({"submit": "yes"}, "submit", "invalid"),
        ({"language": "de"}, "language", "invalid"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "invalid"),
        ({"online_url": "ftp://example.org/file"}, "online_url", "invalid"),
        ({"online_url": "https://"}, "online_url", "invalid"),
        ({"online_url": "https://example.org/" + "a" * 500}, "online_url", "too_long"),
        ({"slots": {"start": "2037-03-27T17:00"}}, "slots", "invalid"),
        ({"slots": ["2037-03-27T17:00"]}, "slots[0]", "invalid"),
        ({"slots": [{"start": "2037-03-27T17:00"}, {"timezone": "Asia/Tokyo"}]}, "slots[1].start",
         "required"),
        ({"slots": [{"start": "2037-03-27T17:00", "zone": "Asia/Tokyo"}]}, "slots[0].zone",
         "unknown_field"),
        ({"slots": [{"start": "2037-03-27T17:00"}] * 11}, "slots", "too_long"),
        ({"speakers": [{"affiliation": "Keio"}]}, "speakers[0].name", "required"),
        ({"titel": "Typo"}, "titel", "unknown_field"),
    ],
)  # fmt: skip
def test_shape_errors_name_the_field(
    api: Api, events_before: int, changes: dict, field: str, code: str
) -> None:
    response = _propose(api, example_body(**changes))
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]
    assert _event_count() == events_before


@pytest.mark.parametrize("missing", ["title", "format", "cohosts", "duration_minutes", "slots"])
def test_required_fields(api: Api, missing: str) -> None:
    body = example_body()
    del body[missing]
    response = _propose(api, body)
    assert (response.status_code, response.json["error"]["field"]) == (400, missing)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cohosts": ["dk-embassy", "atlantis"]}, "cohosts"),
        ({"cohosts": []}, "cohosts"),
        ({"cohosts": ["link-j"]}, "cohosts"),
        ({"slots": []}, "slots"),
    ],
)
def test_domain_errors_from_the_services(api: Api, changes: dict, field: str) -> None:
    response = _propose(api, example_body(**changes))
    assert (response.status_code, response.json["error"]["field"]) == (400, field)
    if "atlantis" in changes.get("cohosts", []):
        assert "atlantis" in response.json["error"]["message"]


def test_nonexistent_local_time_is_422_with_the_nearest_valid_times(
    api: Api, events_before: int
) -> None:
    body = example_body(slots=[{"start": "2037-03-29T02:30", "timezone": "Europe/Copenhagen"}])
    response = _propose(api, body)
    assert response.status_code == 422
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("nonexistent_local_time", "slots[0]")
    assert error["details"]["nearest_valid_local"] == ["2037-03-29T01:55", "2037-03-29T03:00"]
    assert _event_count() == events_before


def test_ambiguous_local_time_offers_both_offsets_and_a_choice_settles_it(api: Api) -> None:
    slot = {"start": "2037-10-25T02:30", "timezone": "Europe/Copenhagen"}
    response = _propose(api, example_body(slots=[slot]))
    assert response.status_code == 422
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("ambiguous_local_time", "slots[0]")
    assert [choice["offset"] for choice in error["details"]["choices"]] == ["+02:00", "+01:00"]
    chosen = _propose(api, example_body(slots=[{**slot, "choice": "+01:00"}]))
    assert chosen.status_code == 201, chosen.json
    assert chosen.json["slots"][0]["start_utc"] == "2037-10-25T01:30:00Z"


def test_unknown_time_zone_is_422_with_a_suggestion(api: Api) -> None:
    body = example_body(slots=[{"start": "2037-03-27T17:00", "timezone": "Europe/Copenhagn"}])
    response = _propose(api, body)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "slots[0].timezone"
    assert "Europe/Copenhagen" in response.json["error"]["message"]


def test_unreadable_time_is_422(api: Api) -> None:
    response = _propose(api, example_body(slots=[{"start": "next Friday"}]))
    assert (response.status_code, response.json["error"]["code"]) == (422, "invalid_datetime")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ('{"title": "Digital health",', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("null", "application/json"),
        ("title=Digital+health", "application/x-www-form-urlencoded"),
        ("", "application/json"),
    ],
)
def test_malformed_or_non_json_bodies_are_400(api: Api, data: str, content_type: str) -> None:
    response = api.client.post(
        "/api/v1/events",
        data=data,
        headers={"Authorization": f"Bearer {api.tokens['host']}", "Content-Type": content_type},
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"
    assert response.json["error"]["message"]


def test_answer_must_be_one_of_the_three(api: Api) -> None:
    created = _propose(api, example_body()).json
    path = f"/api/v1/events/{created['id']}/slots/{created['slots'][0]['id']}/response"
    wrong = api.change("PUT", path, "cohost", {"answer": "perhaps"})
    assert (wrong.status_code, wrong.json["error"]["field"]) == (400, "answer")
    long_comment = api.change("PUT", path, "cohost", {"answer": "no", "comment": "x" * 1001})
    assert (long_comment.status_code, long_comment.json["error"]["field"]) == (400, "comment")


def test_wrong_method_and_unknown_path_answer_json(api: Api) -> None:
    not_allowed = api.call("DELETE", "/api/v1/events", "host")
    assert not_allowed.status_code == 405
    assert not_allowed.json["error"]["code"] == "method_not_allowed"
    missing = api.call("GET", "/api/v1/events/999999", "host")
    assert (missing.status_code, missing.json["error"]["code"]) == (404, "not_found")
