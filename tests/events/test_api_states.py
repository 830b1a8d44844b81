"""Every lifecycle action from every state, through the API.

A move the lifecycle does not allow answers 409 ``invalid_transition`` with the
event's current status and the actions allowed from it; an allowed move answers 200.
"""

from __future__ import annotations

import pytest

from planner.core.lifecycle import TRANSITIONS, Action, allowed_actions
from planner.events.common import touch
from planner.extensions import db
from planner.models import Event, EventStatus
from planner.unit_of_work import unit_of_work
from tests.api_client import Api
from tests.factories import event_in

STATES = [
    "draft",
    "proposed",
    "confirmed",
    "published",
    "declined",
    "withdrawn",
    "cancelled",
    "completed",
]
# Who does each action: the host's organizer, except a decline, which is a co-host's.
ACTORS = {action: "host" for action in Action} | {Action.DECLINE: "cluster"}
API_ACTIONS = [action for action in Action if action != Action.COMPLETE]  # no endpoint


def _event(state: str) -> Event:
    """An event in ``state``; "completed" has no service yet, so it is set directly."""
    if state != "completed":
        return event_in(state)
    event = event_in("published")
    with unit_of_work():
        event.status = EventStatus.COMPLETED
        touch(event)
    return db.session.get(Event, event.id)


def _body(event: Event, action: Action) -> tuple[dict | None, dict[str, str]]:
    """The body and headers the action's endpoint needs (every one: the current ETag)."""
    current = {"If-Match": f'"v{event.version}-{event.id}"'}
    if action == Action.CONFIRM:
        return {"slot_id": event.slots[0].id}, current
    if action == Action.RESCHEDULE:
        return {"start": "2037-03-27T18:00", "timezone": "Asia/Tokyo"}, current
    return None, current


@pytest.mark.parametrize("action", API_ACTIONS, ids=str)
@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(api: Api, state: str, action: Action) -> None:
    event = _event(state)
    status = event.status
    body, headers = _body(event, action)
    response = api.call(
        "POST", f"/api/v1/events/{event.id}/{action}", ACTORS[action], body, headers
    )
    if state == "draft" and action == Action.DECLINE:
        # A draft has not been sent, so co-hosts do not see it at all.
        assert response.status_code == 404
    elif (status, action) in TRANSITIONS:
        # A proposal's first slot needs the co-hosts' agreement before it is confirmed.
        expected = 409 if action == Action.CONFIRM else 200
        assert response.status_code == expected, response.json
        if expected == 200:
            assert response.json["status"] == TRANSITIONS[(status, action)]
    else:
        assert response.status_code == 409, response.json
        error = response.json["error"]
        assert error["code"] == "invalid_transition"
        assert error["details"] == {
            "status": str(status),
            "allowed": [str(a) for a in allowed_actions(status)],
        }
        assert str(status) in error["message"]


def test_confirming_an_agreed_slot_moves_to_confirmed(api: Api) -> None:
    event = event_in("agreed")
    response = api.change(
        "POST", f"/api/v1/events/{event.id}/confirm", "host", {"slot_id": event.slots[0].id}
    )
    assert response.status_code == 200
    assert response.json["status"] == "confirmed"


def test_confirming_before_everyone_agreed_names_who_has_not(api: Api) -> None:
    event = event_in("proposed")
    response = api.change(
        "POST", f"/api/v1/events/{event.id}/confirm", "host", {"slot_id": event.slots[0].id}
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "slot_not_agreed"
    assert sorted(response.json["error"]["details"]["not_agreed"]) == [
        "Danish Life Science Cluster",
        "Royal Danish Embassy in Japan",
    ]


@pytest.mark.parametrize("state", ["confirmed", "published", "declined", "cancelled"])
def test_negotiation_is_closed_after_the_proposal_stage(api: Api, state: str) -> None:
    event = event_in(state)
    base = f"/api/v1/events/{event.id}"
    answer = api.change(
        "PUT", f"{base}/slots/{event.slots[0].id}/response", "cohost", {"answer": "yes"}
    )
    counter = api.change("POST", f"{base}/slots", "cohost", {"start": "2037-05-01T10:00"})
    assert (answer.status_code, counter.status_code) == (409, 409)
    assert answer.json["error"]["code"] == counter.json["error"]["code"] == "invalid_transition"
