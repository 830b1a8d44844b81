"""Fixtures for the API tests.

Demo tokens per role, a client that sends them, and events in every state, built
through the services.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import Answer, Event, EventFormat, User
from planner.services import api_tokens, proposals, scheduling
from planner.services.proposals import ProposalInput, SlotInput
from planner.services.scheduling import RescheduleInput

ROLES = {
    "host": "organizer@link-j.example",
    "cohost": "organizer@dk-embassy.example",
    "cluster": "organizer@dk-cluster.example",
    "uninvolved": "organizer@medicon.example",
    "admin": "admin@link-j.example",
}

# The example body of issue #4, field names as the API contract has them.
EXAMPLE_BODY: dict[str, Any] = {
    "title": "Digital health in Denmark and Japan",
    "title_ja": "デンマークと日本のデジタルヘルス",
    "format": "webinar",
    "cohosts": ["dk-embassy", "dk-cluster"],
    "duration_minutes": 90,
    "slots": [
        {"start": "2026-03-27T17:00", "timezone": "Asia/Tokyo"},
        {"start": "2026-04-02T09:30+02:00"},
    ],
    "capacity": 300,
    "online_url": "https://example.org/join/123",
    "language": "en",
    "submit": True,
}


def example_body(**changes: Any) -> dict[str, Any]:
    """A deep copy of the example body with ``changes`` applied."""
    body = copy.deepcopy(EXAMPLE_BODY)
    body.update(changes)
    return body


def user(role: str) -> User:
    """The demo user playing ``role``."""
    return db.session.scalar(db.select(User).filter_by(email=ROLES[role]))


class Api:
    """A test client that speaks JSON and authenticates as a role."""

    def __init__(self, client: FlaskClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def call(
        self,
        method: str,
        path: str,
        role: str | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        """Send one request as ``role`` (``None``: anonymous)."""
        all_headers = dict(headers or {})
        if role is not None:
            all_headers["Authorization"] = f"Bearer {self.tokens[role]}"
        if json is not None:
            kwargs["json"] = json
        return self.client.open(path, method=method, headers=all_headers, **kwargs)


@pytest.fixture
def tokens(demo) -> dict[str, str]:  # noqa: ANN001
    """A working API token for every demo role."""
    return {role: api_tokens.create_token(user(role), "tests").secret for role in ROLES}


@pytest.fixture
def api(client: FlaskClient, tokens: dict[str, str]) -> Api:
    """The JSON client."""
    return Api(client, tokens)


def _proposal(submit: bool) -> ProposalInput:
    """The example proposal as the services take it."""
    return ProposalInput(
        title_en=EXAMPLE_BODY["title"],
        title_ja=EXAMPLE_BODY["title_ja"],
        format=EventFormat.WEBINAR,
        cohost_slugs=["dk-embassy", "dk-cluster"],
        duration_minutes=90,
        slots=[
            SlotInput("2026-03-27T17:00", "Asia/Tokyo"),
            SlotInput("2026-04-02T09:30+02:00"),
        ],
        capacity=300,
        online_url="https://example.org/join/123",
        submit=submit,
    )


def event_in(state: str) -> Event:
    """An event hosted by LINK-J with both Danish co-hosts, brought to ``state``.

    Besides the lifecycle states: "agreed" is a proposal whose first slot both co-hosts
    accepted; "upcoming" is a published event whose start is still to come.
    """
    host, embassy, cluster = user("host"), user("cohost"), user("cluster")
    event = proposals.propose_event(host, _proposal(submit=state != "draft"))
    event_id, slot_id = event.id, event.slots[0].id
    if state in ("confirmed", "published", "upcoming", "cancelled", "agreed"):
        proposals.answer_slot(embassy, event_id, slot_id, Answer.YES)
        proposals.answer_slot(cluster, event_id, slot_id, Answer.MAYBE)
    if state in ("confirmed", "published", "upcoming", "cancelled"):
        scheduling.confirm_slot(host, event_id, slot_id)
    if state in ("published", "upcoming", "cancelled"):
        scheduling.publish_event(host, event_id)
    if state == "upcoming":  # published, and moved to a date still to come
        scheduling.reschedule_event(host, event_id, RescheduleInput("2099-03-27T17:00"))
    if state == "cancelled":
        scheduling.cancel_event(host, event_id, "Speaker ill")
    if state == "declined":
        proposals.decline_proposal(cluster, event_id, "Not this spring")
    if state == "withdrawn":
        proposals.withdraw_proposal(host, event_id)
    return db.session.get(Event, event_id)
