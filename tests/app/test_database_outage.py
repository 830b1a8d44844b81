"""The database out of reach: 503 with Retry-After, in the shape each client reads.

JSON under ``/api/``, plain text for calendar files and feeds (``.ics``), a page
elsewhere; never the generic 500, and never a page that asks the dead database who is
signed in. Simulated (a view that raises each kind of outage), then real: PostgreSQL
on a port where nothing listens, and SQLite locked by another connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from planner import create_app
from planner.extensions import db
from planner.limits import OUTAGE_RETRY_SECONDS
from planner.models import connection

OUTAGES = {
    "refused": OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused")),
    "locked": OperationalError("UPDATE events", {}, sqlite3.OperationalError("database is locked")),
    "dropped": DisconnectionError("server closed the connection unexpectedly"),
    "pool": PoolTimeout("QueuePool limit of size 5 overflow 10 reached"),
}


def _assert_unavailable(response, mimetype: str, *, rate_limited: bool = False) -> None:  # noqa: ANN001
    assert response.status_code == 503
    if rate_limited:
        # On a rate-limited route Flask-Limiter makes Retry-After the later of ours and
        # the end of the limit's window: still seconds, and never sooner than ours.
        assert int(response.headers["Retry-After"]) >= OUTAGE_RETRY_SECONDS
    else:
        assert response.headers["Retry-After"] == str(OUTAGE_RETRY_SECONDS)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == mimetype
    assert "try again" in response.get_data(as_text=True)


@pytest.mark.fresh_app  # adds routes, which the session's shared app does not allow
@pytest.mark.parametrize("kind", OUTAGES)
def test_each_kind_of_outage_is_a_503_in_each_clients_shape(app: Flask, kind: str) -> None:
    def fail() -> str:
        raise OUTAGES[kind]

    for rule in ("/outage", "/api/v1/outage", "/feeds/outage.ics"):
        app.add_url_rule(rule, rule, fail)
    client = app.test_client()
    page = client.get("/outage")
    _assert_unavailable(page, "text/html")
    assert "<html" in page.get_data(as_text=True)
    answer = client.get("/api/v1/outage")
    _assert_unavailable(answer, "application/json")
    assert answer.json["error"]["code"] == "service_unavailable"
    _assert_unavailable(client.get("/feeds/outage.ics"), "text/plain")


def _app_on(url: str, **settings: object) -> Flask:
    return create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": url, **settings})


@pytest.fixture
def unreachable_postgresql() -> Iterator[Flask]:
    """The app on a PostgreSQL server that is not there (nothing listens on port 9)."""
    app = _app_on(
        "postgresql+psycopg://planner@127.0.0.1:9/planner",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}},
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/", "text/html"),
        ("/events/1", "text/html"),
        ("/api/v1/events", "application/json"),
        ("/api/v1/organizations", "application/json"),
        ("/feeds/events.ics", "text/plain"),
        ("/feeds/orgs/link-j.ics", "text/plain"),
        ("/events/1.ics", "text/plain"),
    ],
)
def test_postgresql_out_of_reach_is_a_503(
    unreachable_postgresql: Flask, path: str, mimetype: str
) -> None:
    _assert_unavailable(unreachable_postgresql.test_client().get(path), mimetype)


def test_a_signed_in_visitor_gets_the_503_page_too(unreachable_postgresql: Flask) -> None:
    # The session names a user, whom the page cannot load: it is shown as to a visitor.
    client = unreachable_postgresql.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1.0"  # user 1, sign-in generation 0
    _assert_unavailable(client.get("/dashboard"), "text/html")


def test_an_api_token_cannot_be_checked_either_503(unreachable_postgresql: Flask) -> None:
    response = unreachable_postgresql.test_client().get(
        "/api/v1/tokens", headers={"Authorization": "Bearer chp_x"}
    )
    _assert_unavailable(response, "application/json")


@pytest.fixture
def locked_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app on an SQLite file another connection holds an exclusive lock on."""
    # Wait a moment for the lock, not the busy timeout a real burst of writes gets.
    quick = [p for p in connection.SQLITE_PRAGMAS if "busy_timeout" not in p]
    monkeypatch.setattr(connection, "SQLITE_PRAGMAS", (*quick, "PRAGMA busy_timeout=200"))
    path = tmp_path / "locked.db"
    app = _app_on(f"sqlite:///{path}", SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 0.2}})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    # Exclusive locking mode keeps readers out in WAL mode as well as in rollback mode.
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM events")
    yield app
    holder.execute("ROLLBACK")
    holder.close()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("method", "path", "mimetype"),
    [
        ("GET", "/", "text/html"),
        ("GET", "/api/v1/events", "application/json"),
        ("GET", "/feeds/events.ics", "text/plain"),
        ("POST", "/api/v1/events/1/registrations", "application/json"),
    ],
)
def test_sqlite_database_is_locked_is_a_503(
    locked_sqlite: Flask, method: str, path: str, mimetype: str
) -> None:
    body = {"name": "Ane", "email": "ane@example.dk", "affiliation": "DTU"}
    response = locked_sqlite.test_client().open(
        path, method=method, json=body if method == "POST" else None
    )
    _assert_unavailable(response, mimetype, rate_limited=method == "POST")
