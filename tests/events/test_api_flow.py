"""The whole co-hosting flow through the API, with the demo organizations' tokens."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from planner.api.openapi import document
from planner.events.access import can_view
from planner.extensions import db
from planner.models import Event, OutboxMessage
from tests.api_client import EXAMPLE_BODY, ROLES, Api
from tests.factories import event_in, user


def assert_matches_schema(body: dict, schema_name: str) -> None:
    """The answer has the shape the OpenAPI document promises."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document()["components"]}
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(body)]
    assert errors == []


def test_propose_answer_confirm_publish_reschedule_cancel(api: Api) -> None:
    created = api.call("POST", "/api/v1/events", "host", EXAMPLE_BODY)
    assert created.status_code == 201, created.json
    event = created.json
    assert_matches_schema(event, "Event")
    assert created.headers["Location"] == f"/api/v1/events/{event['id']}"
    assert created.headers["ETag"] == event["etag"] == f'"v{event["version"]}-{event["id"]}"'
    assert (event["status"], event["host"], event["cohosts"]) == (
        "proposed",
        "link-j",
        ["dk-cluster", "dk-embassy"],
    )
    assert (event["start_utc"], event["local_times"]) == (None, [])
    first, second = event["slots"]
    assert (first["start_utc"], first["end_utc"]) == (
        "2037-03-27T08:00:00Z",
        "2037-03-27T09:30:00Z",
    )
    assert second["start_utc"] == "2037-04-02T07:30:00Z"
    assert first["entered_timezone"] == "Asia/Tokyo" and first["proposed_by"] == "link-j"
    assert first["answers"] == {"link-j": {"answer": "yes", "comment": ""}}
    assert first["agreed_by_all"] is False
    tokyo, copenhagen = first["local_times"]
    assert tokyo == {
        "zone": "Asia/Tokyo",
        "city": "Tokyo",
        "local": "2037-03-27T17:00:00+09:00",
        "abbreviation": "JST",
        "date_differs": False,
    }
    assert (copenhagen["local"], copenhagen["abbreviation"]) == ("2037-03-27T09:00:00+01:00", "CET")
    assert event["online_url"] == "https://example.org/join/123"
    assert set(event["allowed_actions"]) >= {"confirm", "withdraw"}
    assert event["links"] == {
        "page": f"/events/{event['id']}",
        "ics": f"/events/{event['id']}.ics",
    }
    base = f"/api/v1/events/{event['id']}"

    # Each change is based on the version the previous answer carried (its ETag).
    etag = created.headers["ETag"]
    for role, answer in (("cohost", "yes"), ("cluster", "maybe")):
        answered = api.call(
            "PUT",
            f"{base}/slots/{first['id']}/response",
            role,
            {"answer": answer, "comment": "Early for us" if role == "cluster" else ""},
            {"If-Match": etag},
        )
        assert answered.status_code == 200, answered.json
        etag = answered.headers["ETag"]
        assert "decline" in answered.json["allowed_actions"]
        assert "confirm" not in answered.json["allowed_actions"]
    slot = answered.json["slots"][0]
    assert slot["answers"]["dk-cluster"] == {"answer": "maybe", "comment": "Early for us"}
    assert slot["agreed_by_all"] is True

    confirmed = api.call(
        "POST", f"{base}/confirm", "host", {"slot_id": first["id"]}, {"If-Match": etag}
    )
    assert confirmed.status_code == 200, confirmed.json
    assert (confirmed.json["status"], confirmed.json["start_utc"]) == (
        "confirmed",
        "2037-03-27T08:00:00Z",
    )
    assert [t["zone"] for t in confirmed.json["local_times"]] == [
        "Asia/Tokyo",
        "Europe/Copenhagen",
    ]

    published = api.call(
        "POST", f"{base}/publish", "host", headers={"If-Match": confirmed.headers["ETag"]}
    )
    assert published.status_code == 200 and published.json["status"] == "published"
    public = api.call("GET", base)
    assert public.status_code == 200
    assert "online_url" not in public.json and "slots" not in public.json
    assert public.json["allowed_actions"] == []
    assert_matches_schema(public.json, "Event")

    sequence = published.json["sequence"]
    moved = api.call(
        "POST",
        f"{base}/reschedule",
        "host",
        {"start": "2037-03-27T18:00", "timezone": "Asia/Tokyo"},
        headers={"If-Match": published.headers["ETag"]},
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["sequence"] == sequence + 1
    assert moved.json["start_utc"] == "2037-03-27T09:00:00Z"
    assert moved.headers["ETag"] != published.headers["ETag"]

    cancelled = api.call(
        "POST",
        f"{base}/cancel",
        "host",
        {"reason": "Speaker ill"},
        {"If-Match": moved.headers["ETag"]},
    )
    assert cancelled.status_code == 200, cancelled.json
    assert cancelled.json["status"] == "cancelled"
    assert cancelled.json["sequence"] == sequence + 2
    assert cancelled.json["cancellation_reason"] == "Speaker ill"
    assert cancelled.json["allowed_actions"] == []
    assert db.session.scalar(
        db.select(db.func.count()).select_from(OutboxMessage).filter_by(calendar_method="CANCEL")
    )


def test_draft_counter_slot_and_listing(api: Api) -> None:
    draft = api.call("POST", "/api/v1/events", "host", {**EXAMPLE_BODY, "submit": False})
    assert draft.json["status"] == "draft"
    base = f"/api/v1/events/{draft.json['id']}"
    assert api.call("GET", base, "cohost").status_code == 404  # not sent yet
    submitted = api.call("POST", f"{base}/submit", "host", {"version": draft.json["version"]})
    assert submitted.json["status"] == "proposed"
    counter = api.call(
        "POST",
        f"{base}/slots",
        "cluster",
        {"start": "2037-03-30T09:00", "timezone": "Europe/Copenhagen"},
        {"If-Match": submitted.headers["ETag"]},
    )
    assert counter.status_code == 201, counter.json
    starts = [(s["start_utc"], s["proposed_by"]) for s in counter.json["slots"]]
    assert ("2037-03-30T07:00:00Z", "dk-cluster") in starts  # CEST already

    listed = api.call("GET", "/api/v1/events?status=proposed&org=dk-cluster", "cohost")
    assert draft.json["id"] in [e["id"] for e in listed.json["events"]]
    assert {
        (e["status"], "dk-cluster" in [e["host"], *e["cohosts"]]) for e in listed.json["events"]
    } == {("proposed", True)}
    assert_matches_schema(listed.json, "EventList")
    assert draft.json["id"] not in [
        e["id"] for e in api.call("GET", "/api/v1/events", "uninvolved").json["events"]
    ]
    published = api.call("GET", "/api/v1/events?status=published", "host").json["events"]
    assert {e["status"] for e in published} <= {"published"}
    bad_status = api.call("GET", "/api/v1/events?status=done", "host")
    assert (bad_status.status_code, bad_status.json["error"]["field"]) == (400, "status")
    bad_org = api.call("GET", "/api/v1/events?org=atlantis", "host")
    assert (bad_org.status_code, bad_org.json["error"]["field"]) == (400, "org")


@pytest.mark.parametrize("role", [None, "host", "cohost", "uninvolved", "admin"])
def test_listing_holds_exactly_the_events_the_caller_may_see(api: Api, role: str | None) -> None:
    for state in ("draft", "proposed", "published", "declined"):
        event_in(state)
    viewer = user(ROLES[role]) if role else None
    expected = {e.id for e in db.session.scalars(db.select(Event)) if can_view(viewer, e)}
    listed = api.call("GET", "/api/v1/events", role).json["events"]
    assert {e["id"] for e in listed} == expected
    newest_first = [e["created_at"] for e in listed]
    assert newest_first == sorted(newest_first, reverse=True)
    assert {e["status"] for e in api.call("GET", "/api/v1/events").json["events"]} <= {
        "published",
        "cancelled",
        "completed",
    }


def test_speakers_and_planning_zone_add_local_times(api: Api) -> None:
    body = {
        **EXAMPLE_BODY,
        "planning_timezone": "Europe/Copenhagen",
        "speakers": [{"name": "Dr. Ito", "affiliation": "Keio", "timezone": "America/New_York"}],
        "venue": "Nihonbashi Life Science Building",
        "description": "Two hours on digital health.",
    }
    created = api.call("POST", "/api/v1/events", "host", body)
    assert created.status_code == 201, created.json
    assert created.json["planning_timezone"] == "Europe/Copenhagen"
    assert created.json["speakers"] == [
        {"name": "Dr. Ito", "affiliation": "Keio", "timezone": "America/New_York"}
    ]
    zones = [t["zone"] for t in created.json["slots"][0]["local_times"]]
    assert zones == ["Europe/Copenhagen", "Asia/Tokyo", "America/New_York"]
    new_york = created.json["slots"][0]["local_times"][2]
    assert (new_york["local"], new_york["date_differs"]) == ("2037-03-27T04:00:00-04:00", False)
