"""Optimistic locking through the API: ETag, If-Match, ``version``, 412 and 428."""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.models import Event
from tests.api_client import Api
from tests.factories import event_in


def test_get_sends_the_etag_that_patch_accepts(api: Api) -> None:
    event = event_in("proposed")
    fetched = api.call("GET", f"/api/v1/events/{event.id}", "host")
    assert fetched.headers["ETag"] == f'"v{event.version}-{event.id}"'
    patched = api.call(
        "PATCH",
        f"/api/v1/events/{event.id}",
        "host",
        {"title": "Digital health 2037", "title_ja": None, "capacity": 120},
        headers={"If-Match": fetched.headers["ETag"]},
    )
    assert patched.status_code == 200, patched.json
    assert (patched.json["title"], patched.json["title_ja"], patched.json["capacity"]) == (
        "Digital health 2037",
        None,
        120,
    )
    assert patched.json["format"] == "webinar"  # fields left out are kept
    assert patched.json["version"] == event.version + 1
    assert patched.headers["ETag"] == patched.json["etag"] != fetched.headers["ETag"]


def test_two_edits_from_the_same_version_the_second_is_412_and_the_first_kept(
    api: Api,
) -> None:
    event = event_in("proposed")
    path, etag = f"/api/v1/events/{event.id}", f'"v{event.version}-{event.id}"'
    first = api.call("PATCH", path, "host", {"title": "First edit"}, {"If-Match": etag})
    second = api.call(
        "PATCH", path, "admin", {"title": "Second edit", "capacity": 10}, {"If-Match": etag}
    )
    assert first.status_code == 200
    assert second.status_code == 412
    error = second.json["error"]
    assert error["code"] == "edit_conflict"
    assert error["details"]["current_version"] == first.json["version"]
    assert error["details"]["conflicts"] == [
        {
            "field": "title",
            "base": "Digital health in Denmark and Japan",
            "theirs": "First edit",
            "yours": "Second edit",
        }
    ]
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    assert (stored.title_en, stored.capacity) == ("First edit", 300)


def test_a_stale_patch_of_other_fields_is_merged_not_refused(api: Api) -> None:
    event = event_in("published")
    path, etag = f"/api/v1/events/{event.id}", f'"v{event.version}-{event.id}"'
    first = api.call("PATCH", path, "host", {"title": "First edit"}, {"If-Match": etag})
    second = api.call(
        "PATCH",
        path,
        "cohost",
        {"description": "Second edit", "speakers": [{"name": "Mette Jensen"}]},
        {"If-Match": etag},
    )
    assert (first.status_code, second.status_code) == (200, 200), second.json
    assert (second.json["title"], second.json["description"]) == ("First edit", "Second edit")
    assert [s["name"] for s in second.json["speakers"]] == ["Mette Jensen"]


def test_a_speakers_clash_is_named_as_the_api_names_it(api: Api) -> None:
    event = event_in("published")
    path, etag = f"/api/v1/events/{event.id}", f'"v{event.version}-{event.id}"'
    first = {"speakers": [{"name": "Mette Jensen"}]}
    assert api.call("PATCH", path, "host", first, {"If-Match": etag}).status_code == 200
    second = {"speakers": [{"name": "Haruto Sato", "timezone": "Asia/Tokyo"}]}
    clash = api.call("PATCH", path, "cohost", second, {"If-Match": etag})
    assert clash.status_code == 412
    [conflict] = clash.json["error"]["details"]["conflicts"]
    assert conflict["field"] == "speakers"
    assert conflict["theirs"] == [{"name": "Mette Jensen", "affiliation": "", "timezone": None}]
    assert conflict["yours"] == [
        {"name": "Haruto Sato", "affiliation": "", "timezone": "Asia/Tokyo"}
    ]


def test_a_cohost_cannot_patch_the_venue(api: Api) -> None:
    event = event_in("published")
    path = f"/api/v1/events/{event.id}"
    refused = api.call("PATCH", path, "cohost", {"venue": "Room 5", "version": event.version})
    assert refused.status_code == 403


def test_version_field_works_instead_of_if_match(api: Api) -> None:
    event = event_in("proposed")
    path = f"/api/v1/events/{event.id}"
    ok = api.call("PATCH", path, "host", {"format": "hybrid", "version": event.version})
    assert (ok.status_code, ok.json["format"]) == (200, "hybrid")
    stale = api.call("PATCH", path, "host", {"format": "symposium", "version": event.version})
    assert stale.status_code == 412


def test_missing_precondition_is_428(api: Api) -> None:
    event = event_in("published")
    for path, body in (
        (f"/api/v1/events/{event.id}", {"title": "Last write wins?"}),
        (f"/api/v1/events/{event.id}/reschedule", {"start": "2037-03-27T18:00"}),
    ):
        for headers in ({}, {"If-Match": "*"}):
            response = api.call("PATCH" if body.get("title") else "POST", path, "host", body,
                                headers)  # fmt: skip
            assert response.status_code == 428
            assert response.json["error"]["code"] == "precondition_required"
            assert "If-Match" in response.json["error"]["message"]
    db.session.expire_all()
    assert db.session.get(Event, event.id).title_en != "Last write wins?"


def test_if_match_of_another_event_or_garbage_is_412(api: Api) -> None:
    event, other = event_in("proposed"), event_in("proposed")
    path = f"/api/v1/events/{event.id}"
    for tag in (f'"v{other.version}-{other.id}"', '"abc"', f'W/"v{event.version}-{event.id}"'):
        response = api.call("PATCH", path, "host", {"title": "x"}, {"If-Match": tag})
        assert response.status_code == 412, tag


def test_if_match_and_version_must_agree(api: Api) -> None:
    event = event_in("proposed")
    response = api.call(
        "PATCH",
        f"/api/v1/events/{event.id}",
        "host",
        {"title": "x", "version": event.version + 5},
        {"If-Match": f'"v{event.version}-{event.id}"'},
    )
    assert (response.status_code, response.json["error"]["field"]) == (400, "version")


def test_reschedule_with_a_stale_etag_is_412_and_keeps_the_time(api: Api) -> None:
    event = event_in("published")
    path = f"/api/v1/events/{event.id}/reschedule"
    etag = f'"v{event.version}-{event.id}"'
    body = {"start": "2037-03-27T18:00", "timezone": "Asia/Tokyo"}
    assert api.call("POST", path, "host", body, {"If-Match": etag}).status_code == 200
    later = {"start": "2037-03-27T19:00", "timezone": "Asia/Tokyo"}
    again = api.call("POST", path, "host", later, {"If-Match": etag})
    assert again.status_code == 412
    current = api.call("GET", f"/api/v1/events/{event.id}", "host").json
    assert (current["start_utc"], current["sequence"]) == ("2037-03-27T09:00:00Z", 1)


def test_reschedule_into_a_gap_is_422(api: Api) -> None:
    event = event_in("published")
    response = api.call(
        "POST",
        f"/api/v1/events/{event.id}/reschedule",
        "host",
        {"start": "2037-03-29T02:30", "timezone": "Europe/Copenhagen", "version": event.version},
    )
    assert (response.status_code, response.json["error"]["field"]) == (422, "start")


def test_reschedule_leaves_what_is_not_sent_and_null_clears(api: Api) -> None:
    event = event_in("published", venue="Nihonbashi")
    path = f"/api/v1/events/{event.id}/reschedule"
    moved = api.call(
        "POST", path, "host", {"start": "2037-06-01T18:00", "timezone": "Asia/Tokyo",
                               "version": event.version},
    )  # fmt: skip
    assert moved.status_code == 200, moved.json
    assert (moved.json["venue"], moved.json["online_url"]) == ("Nihonbashi", event.online_url)
    assert moved.json["duration_minutes"] == event.duration_minutes
    cleared = api.call(
        "POST", path, "host", {"start": "2037-06-02T18:00", "timezone": "Asia/Tokyo",
                               "venue": None, "version": moved.json["version"]},
    )  # fmt: skip
    assert cleared.status_code == 200, cleared.json
    assert (cleared.json["venue"], cleared.json["online_url"]) == (None, event.online_url)


# Every change to an event, in a state where it is possible, as the role that may make it.
CHANGES = [
    ("submit", "draft", "host", None),
    ("confirm", "agreed", "host", "slot"),
    ("publish", "confirmed", "host", None),
    ("cancel", "published", "host", {"reason": "Speaker ill"}),
    ("decline", "proposed", "cluster", {"reason": "Not this spring"}),
    ("withdraw", "proposed", "host", None),
    ("slots", "proposed", "cluster", {"start": "2037-03-30T09:00", "timezone": "Asia/Tokyo"}),
    ("response", "proposed", "cluster", {"answer": "no", "comment": "Too early"}),
]


def _change(event: Event, action: str, body: object) -> tuple[str, str, dict | None]:
    """The method, path and body of ``action`` on ``event``."""
    if action == "response":
        return "PUT", f"/api/v1/events/{event.id}/slots/{event.slots[0].id}/response", body
    if body == "slot":
        body = {"slot_id": event.slots[0].id}
    return "POST", f"/api/v1/events/{event.id}/{action}", body


def _unchanged(event: Event) -> tuple:
    """What a refused change must leave as it was."""
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    answers = sorted((r.slot_id, r.organization_id, str(r.answer)) for s in stored.slots
                     for r in s.responses)  # fmt: skip
    return stored.version, str(stored.status), len(stored.slots), answers


CHANGE_IDS = [action for action, *_ in CHANGES]


@pytest.mark.parametrize(("action", "state", "role", "body"), CHANGES, ids=CHANGE_IDS)
def test_every_change_without_a_precondition_is_428_and_changes_nothing(
    api: Api, action: str, state: str, role: str, body: object
) -> None:
    event = event_in(state)
    method, path, json = _change(event, action, body)
    before = _unchanged(event)
    for headers in ({}, {"If-Match": "*"}):
        response = api.call(method, path, role, json, headers)
        assert response.status_code == 428, response.json
        assert response.json["error"]["code"] == "precondition_required"
    assert _unchanged(event) == before


# The changes that are decisions on what the caller saw: from an older version, refused.
STRICT = [change for change in CHANGES if change[0] not in ("slots", "response")]


@pytest.mark.parametrize(("action", "state", "role", "body"), STRICT, ids=[c[0] for c in STRICT])
def test_every_decision_from_a_stale_etag_is_412_and_changes_nothing(
    api: Api, action: str, state: str, role: str, body: object
) -> None:
    event = event_in(state)
    stale = f'"v{event.version}-{event.id}"'
    # Someone else changes the event after this client fetched it.
    edited = api.change("PATCH", f"/api/v1/events/{event.id}", "host", {"capacity": 120})
    assert edited.status_code == 200, edited.json
    method, path, json = _change(event, action, body)
    before = _unchanged(event)
    response = api.call(method, path, role, json, {"If-Match": stale})
    assert response.status_code == 412, response.json
    error = response.json["error"]
    assert error["code"] == "stale_version"
    assert error["details"]["current_version"] == edited.json["version"]
    assert _unchanged(event) == before
    # With the ETag it now has, the same change goes through.
    current = api.call(method, path, role, json, {"If-Match": edited.headers["ETag"]})
    assert current.status_code in (200, 201), current.json


@pytest.mark.parametrize(("action", "state", "role", "body"), CHANGES, ids=CHANGE_IDS)
def test_every_change_takes_the_version_in_the_body_instead(
    api: Api, action: str, state: str, role: str, body: object
) -> None:
    event = event_in(state)
    method, path, json = _change(event, action, body)
    wrong = api.call(method, path, role, {**(json or {}), "version": event.version + 1})
    assert wrong.status_code == 412, wrong.json
    current = api.call(method, path, role, {**(json or {}), "version": event.version})
    assert current.status_code in (200, 201), current.json


def test_an_empty_if_match_is_412_on_patch_and_reschedule(api: Api) -> None:
    event = event_in("published")
    for method, path, body in (
        ("PATCH", f"/api/v1/events/{event.id}", {"title": "x"}),
        ("POST", f"/api/v1/events/{event.id}/reschedule", {"start": "2037-03-27T18:00"}),
        ("POST", f"/api/v1/events/{event.id}/cancel", None),
    ):
        for empty in ('""', '"", W/""', ""):
            response = api.call(method, path, "host", body, {"If-Match": empty})
            assert response.status_code in (412, 428), (path, empty, response.json)
            assert response.json["error"]["code"] in ("stale_version", "precondition_required")
    db.session.expire_all()
    assert str(db.session.get(Event, event.id).status) == "published"


def test_the_precondition_comes_before_permission_and_hides_nothing(api: Api) -> None:
    # An outsider without a precondition learns only that one is needed, as for any id.
    event = event_in("proposed")
    for event_id in (event.id, 999_999):
        response = api.call("POST", f"/api/v1/events/{event_id}/withdraw", "uninvolved")
        assert response.status_code == 428
    with_etag = api.change("POST", f"/api/v1/events/{event.id}/withdraw", "uninvolved")
    assert with_etag.status_code == 404


def test_a_new_slot_from_an_older_version_goes_in(api: Api) -> None:
    # Suggesting a time overwrites nothing: two organizations may do it at once.
    event = event_in("proposed")
    stale = f'"v{event.version}-{event.id}"'
    base = f"/api/v1/events/{event.id}"
    first = {"start": "2037-03-30T09:00", "timezone": "Europe/Copenhagen"}
    second = {"start": "2037-03-31T09:00", "timezone": "Europe/Copenhagen"}
    assert (
        api.call("POST", f"{base}/slots", "cohost", first, {"If-Match": stale}).status_code == 201
    )
    added = api.call("POST", f"{base}/slots", "cluster", second, {"If-Match": stale})
    assert added.status_code == 201, added.json
    assert len(added.json["slots"]) == len(event.slots) + 2


def test_an_answer_from_an_older_version_is_merged_unless_a_colleague_answered(
    api: Api,
) -> None:
    event = event_in("proposed")
    stale = f'"v{event.version}-{event.id}"'
    first, second = (f"/api/v1/events/{event.id}/slots/{slot.id}/response" for slot in event.slots)
    # Another organization's answer and an edit since do not clash with this one.
    assert (
        api.call("PUT", first, "cohost", {"answer": "yes"}, {"If-Match": stale}).status_code == 200
    )
    assert (
        api.change("PATCH", f"/api/v1/events/{event.id}", "host", {"capacity": 99}).status_code
        == 200
    )
    mine = api.call("PUT", first, "cluster", {"answer": "maybe"}, {"If-Match": stale})
    assert mine.status_code == 200, mine.json
    assert mine.json["slots"][0]["answers"]["dk-cluster"]["answer"] == "maybe"
    # The cluster's answer to the first time is now newer than that version: a
    # colleague answering from it would replace an answer they never saw.
    clash = api.call("PUT", first, "cluster", {"answer": "no"}, {"If-Match": stale})
    assert clash.status_code == 412, clash.json
    error = clash.json["error"]
    assert error["code"] == "answer_conflict"
    assert error["details"]["current"] == {"answer": "maybe", "comment": ""}
    # Their answer to the other time never changed: that one still goes in.
    other = api.call("PUT", second, "cluster", {"answer": "no"}, {"If-Match": stale})
    assert other.status_code == 200, other.json
    # From the version that has the colleague's answer, replacing it is fine.
    seen = api.call("PUT", first, "cluster", {"answer": "no"}, {"If-Match": other.headers["ETag"]})
    assert seen.status_code == 200
    assert seen.json["slots"][0]["answers"]["dk-cluster"]["answer"] == "no"
