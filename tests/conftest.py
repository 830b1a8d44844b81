"""Fixtures shared by the whole suite.

Every test that uses ``app`` (and so ``client``, ``runner``, ``auth``...) runs once on
SQLite and once on PostgreSQL. PostgreSQL runs whenever ``PLANNER_TEST_DATABASE_URL``
is set; without it those runs are skipped with a reason, except in CI (``CI`` set),
where a skipped database run is a failure, so the PostgreSQL path cannot silently stop
running.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from config import normalize_database_url
from planner import create_app
from planner.demo.seed import DEMO_PASSWORD, seed_demo
from planner.extensions import db
from planner.models import User
from tests.factories import csrf_token_from, organizers

# The API helpers (``api``, ``tokens`` fixtures) serve every area's API tests.
pytest_plugins = ["tests.api_client"]

IN_CI = bool(os.environ.get("CI"))
POSTGRES_URL = os.environ.get("PLANNER_TEST_DATABASE_URL")


def require_or_skip(condition: bool, reason: str) -> None:
    """Skip when ``condition`` is false, or fail in CI, where nothing may be skipped."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a test database, once per supported database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'planner-test.db'}"
    require_or_skip(
        bool(POSTGRES_URL), "PLANNER_TEST_DATABASE_URL is not set, so PostgreSQL is not tested"
    )
    return normalize_database_url(POSTGRES_URL or "")


_SCHEMA_BUILT: set[str] = set()


def _empty_all_tables() -> None:
    """Delete every row, keeping the schema, so the next test starts clean.

    Plain DELETEs, children first: on tables this small they are much faster than
    PostgreSQL's TRUNCATE, whose fixed cost per table dominates a test's run time.
    """
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own application context.

    The ``app`` fixture keeps an app context open so that tests can use ``db.session``;
    Flask would reuse that context for requests, sharing ``g`` (the signed-in user, the
    chosen language) and the database session between requests and the test. Running
    each request in an empty ``contextvars.Context`` makes it start from nothing, as a
    real request does.
    """

    def open(self, *args, **kwargs):
        """Send one request in a fresh context."""
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """A fresh application on an empty database."""
    settings = {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": database_url}
    if database_url.startswith("postgresql"):
        # Tests need no durability: not waiting for the WAL flush on every commit
        # makes the PostgreSQL runs several times faster.
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": "-c synchronous_commit=off"},
        }
    application = create_app(settings)
    application.test_client_class = IsolatedClient
    with application.app_context():
        if database_url not in _SCHEMA_BUILT:
            # Once per run and database: rebuild the schema from the models, so that a
            # database left by an older checkout cannot hide a missing column.
            db.drop_all()
            db.create_all()
            _SCHEMA_BUILT.add(database_url)
        _empty_all_tables()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for ``app``'s CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def demo(app: Flask) -> None:
    """Load the demo organizations and accounts (no events: each test makes its own)."""
    seed_demo(allow_demo_accounts=True, with_events=False)


@pytest.fixture
def people(demo: None) -> dict[str, User]:
    """The demo organizers by their organization's slug."""
    return organizers()


class AuthActions:
    """Sign a test client in and out the way a browser would (with CSRF tokens)."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def csrf_token(self, path: str = "/login") -> str:
        """Fetch ``path`` and return the CSRF token it carries."""
        return csrf_token_from(self._client.get(path).get_data(as_text=True))

    def login(self, email: str, password: str = DEMO_PASSWORD):
        """Sign in through the login form."""
        return self._client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": self.csrf_token()},
        )

    def logout(self):
        """Sign out through the header form."""
        return self._client.post("/logout", data={"csrf_token": self.csrf_token("/")})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Sign-in helper bound to ``client``."""
    return AuthActions(client)
