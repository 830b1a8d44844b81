"""GET requests never write: every page, feed and API read leaves the database as it was.

Each request below runs with a listener on the engine that records any INSERT, UPDATE
or DELETE; showing something must never create or change anything (a feed token made
on first view, an event completed on read...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from planner.extensions import db
from planner.models import Event
from planner.registrations.operations import register_attendee
from tests.factories import HOST, attendee, proposed_event, published_event

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def writes(app: Flask) -> Iterator[list[str]]:
    """The write statements the engine runs while the test is reading."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if WRITE.match(statement):
            seen.append(statement.split("\n", 1)[0])

    # The engine the test's session really talks to (the suite may bind it elsewhere).
    bind = db.session.get_bind()
    engine = getattr(bind, "engine", bind)
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _paths(published: Event, proposal: Event, manage_token: str) -> list[str]:
    return [
        "/",
        "/calendar",
        "/feeds",
        "/find-a-time",
        f"/events/{published.id}",
        f"/events/{published.id}.ics",
        f"/events/{published.id}/register",
        f"/registrations/{manage_token}",
        "/feeds/events.ics",
        "/feeds/orgs/link-j.ics",
        "/api/v1/events",
        f"/api/v1/events/{published.id}",
        "/api/v1/organizations",
        "/api/v1/openapi.json",
        "/api/v1/overlap?orgs=link-j,dk-cluster&from=2037-03-23&to=2037-03-29",
        # Signed in as the host's organizer (below), these show private things too.
        "/dashboard",
        "/account",
        f"/events/{proposal.id}",
        f"/events/{published.id}/registrants",
        f"/events/{published.id}/edit",
        f"/events/{published.id}/reschedule",
    ]


def test_no_get_request_writes(client: FlaskClient, auth, demo, writes: list[str]) -> None:  # noqa: ANN001
    published = published_event(days_ahead=30)
    proposal = proposed_event(days_ahead=40)
    manage_token = register_attendee(published.id, attendee(1)).registration.manage_token
    auth.login(HOST)
    writes.clear()  # signing in records the sign-in time; reading starts here
    for path in _paths(published, proposal, manage_token):
        response = client.get(path)
        assert response.status_code == 200, path
        assert writes == [], f"GET {path} wrote: {writes}"
