"""Fixtures for the API tests.

Demo tokens per role and a client that sends them. Events in every state come from
``tests.factories.event_in``. Every change to an event needs the version it is based
on: ``Api.change`` sends the event's current ETag in ``If-Match`` (as a client that
has just fetched the event would); ``Api.call`` sends exactly what it is given.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from planner.accounts import api_tokens
from planner.extensions import db
from planner.models import Event
from tests.factories import ADMIN, CLUSTER, EMBASSY, HOST, OUTSIDER, user

# The demo account playing each role.
ROLES = {
    "host": HOST,
    "cohost": EMBASSY,
    "cluster": CLUSTER,
    "uninvolved": OUTSIDER,
    "admin": ADMIN,
}

# The example body of issue #4, field names as the API contract has them.
EXAMPLE_BODY: dict[str, Any] = {
    "title": "Digital health in Denmark and Japan",
    "title_ja": "デンマークと日本のデジタルヘルス",
    "format": "webinar",
    "cohosts": ["dk-embassy", "dk-cluster"],
    "duration_minutes": 90,
    "slots": [
        {"start": "2037-03-27T17:00", "timezone": "Asia/Tokyo"},
        {"start": "2037-04-02T09:30+02:00"},
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

    def etag(self, event_id: int) -> str:
        """The event's current ETag, as ``GET /api/v1/events/<id>`` would send it."""
        db.session.expire_all()
        return f'"v{db.session.get(Event, event_id).version}-{event_id}"'

    def change(
        self,
        method: str,
        path: str,
        role: str | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        """Send a change to the event of ``path`` with its current ETag in If-Match."""
        event_id = int(re.match(r"/api/v1/events/(\d+)", path).group(1))
        current = {"If-Match": self.etag(event_id), **(headers or {})}
        return self.call(method, path, role, json, current, **kwargs)


@pytest.fixture
def tokens(demo) -> dict[str, str]:  # noqa: ANN001
    """A working API token for every demo role."""
    return {
        role: api_tokens.create_token(user(email), "tests").secret for role, email in ROLES.items()
    }


@pytest.fixture
def api(client: FlaskClient, tokens: dict[str, str]) -> Api:
    """The JSON client."""
    return Api(client, tokens)
