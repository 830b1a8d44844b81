"""Fixtures shared by the whole suite.

Every test that uses ``app`` (and so ``client``, ``runner``, ``auth``...) runs once on
SQLite and once on PostgreSQL. PostgreSQL runs whenever ``PLANNER_TEST_DATABASE_URL``
is set; without it those runs are skipped with a reason, except in CI (``CI`` set),
where a skipped database run is a failure, so the PostgreSQL path cannot silently stop
running.

How a test gets a clean database cheaply (see ``tests/database.py``): one application
per database and session, whose schema is built and whose demo organizations and
accounts are seeded (through the real services) once. Each test then runs inside one
outer transaction on one connection that is rolled back at its end; the operations'
commits (``planner.unit_of_work``) and every request's session only release
SAVEPOINTs inside it. A test that does not ask for ``demo`` has the demo rows deleted
inside its transaction, so it starts from an empty database as before.

Markers for the tests that cannot run that way:

- ``real_commits``: the test needs real, separately committed transactions (threads,
  a gunicorn server); it gets the committed database, and the baseline is rebuilt
  after it.
- ``fresh_app``: the test changes the application itself (adds a route), so it gets
  an application of its own, still inside the rolled-back transaction.

Under pytest-xdist every worker has its own databases (``<name>_gw0`` ...).
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings

from config import normalize_database_url
from planner.demo.seed import DEMO_PASSWORD, seed_demo
from planner.models import User
from tests.database import SuiteDatabase, worker_database_url
from tests.factories import csrf_token, csrf_token_from, organizers

# The API helpers (``api``, ``tokens`` fixtures) serve every area's API tests; the
# ``inbox`` fixture (a real SMTP server) every test of mail that leaves.
pytest_plugins = ["tests.api_client", "tests.mail_server"]

IN_CI = bool(os.environ.get("CI"))
POSTGRES_URL = os.environ.get("PLANNER_TEST_DATABASE_URL")

# Random examples per property test (only tests/core/test_timezones_properties.py has
# any). "suite" (the default: make test, CI): 500 random wall times, on top of the named
# examples and of every pytz transition 1990-2037, which run in full whatever the
# profile. "thorough" (HYPOTHESIS_PROFILE=thorough): the 2,000 the test used to draw.
# Both keep the rest of the profile Hypothesis chose itself (derandomized under CI).
settings.register_profile("suite", parent=settings.default, max_examples=500)
settings.register_profile("thorough", parent=settings.default, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def require_or_skip(condition: bool, reason: str) -> None:
    """Skip when ``condition`` is false, or fail in CI, where nothing may be skipped."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    """Declare the suite's own markers."""
    config.addinivalue_line(
        "markers", "real_commits: needs really committed transactions (threads, servers)"
    )
    config.addinivalue_line("markers", "fresh_app: changes the app, so gets one of its own")


E2E_FOLDER = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as a browser test, in one of two xdist groups.

    When a test closes its browser while a static file (the favicon) is still being
    sent, the threaded development server leaves that file for the garbage collector,
    whose ResourceWarning can surface in whichever test runs next: it is the test
    server's, not the app's, so it is ignored there; every other unraisable exception
    still fails the run.
    """
    for item in items:
        if E2E_FOLDER in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(
                pytest.mark.filterwarnings(
                    "ignore:Exception ignored in. <_io.FileIO name=.*/static/"
                    ":pytest.PytestUnraisableExceptionWarning"
                )
            )
    # Two groups, whole files each (a file's fixtures may build on one another): each
    # xdist worker that takes one starts its own server and Chromium, so the browser
    # tests no longer keep one worker busy long after the other has finished.
    files = sorted({item.path for item in items if item.get_closest_marker("e2e")})
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group(f"e2e-{files.index(item.path) % 2}"))


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """After a test that really committed, every baseline must be rebuilt before use."""
    if item.get_closest_marker("real_commits"):
        SuiteDatabase.invalidate_all()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a test database, once per supported database (one per xdist worker)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'planner-test.db'}"
    require_or_skip(
        bool(POSTGRES_URL), "PLANNER_TEST_DATABASE_URL is not set, so PostgreSQL is not tested"
    )
    return worker_database_url(normalize_database_url(POSTGRES_URL or ""))


@pytest.fixture(scope="session")
def suite_database(database_url: str) -> Iterator[SuiteDatabase]:
    """The session's application and seeded baseline on ``database_url``."""
    database = SuiteDatabase(database_url, IsolatedClient)
    yield database
    database.close()


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
def app(request: pytest.FixtureRequest, suite_database: SuiteDatabase) -> Iterator[Flask]:
    """An application on an empty database (with the demo data if the test asks for it)."""
    with suite_database.test(
        demo="demo" in request.fixturenames,
        real_commits=request.node.get_closest_marker("real_commits") is not None,
        fresh_app=request.node.get_closest_marker("fresh_app") is not None,
    ) as application:
        # Jobs run at once in tests (JOBS_IMMEDIATE); Huey only logs what one raises,
        # so the suite keeps it and a job's failure fails the test that caused it.
        job_errors = application.extensions["planner.jobs.errors"]
        job_errors.clear()
        yield application
        assert not job_errors, f"a job failed: {job_errors}"


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for ``app``'s CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def demo(app: Flask, suite_database: SuiteDatabase) -> None:
    """The demo organizations and accounts (no events: each test makes its own).

    They are normally already there (seeded once per session, see the module
    docstring); a test that asked for them too late for the ``app`` fixture to know
    gets them seeded now.
    """
    if not suite_database.has_demo():
        seed_demo(allow_demo_accounts=True, with_events=False)


@pytest.fixture
def people(demo: None) -> dict[str, User]:
    """The demo organizers by their organization's slug."""
    return organizers()


class AuthActions:
    """Sign a test client in and out the way a browser would (with CSRF tokens)."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def csrf_token(self, path: str | None = None) -> str:
        """A valid CSRF token for the client's session.

        With ``path``, fetch that page and return the token its form carries (for
        tests about that page); without, make one as any page would, without loading
        a page (:func:`tests.factories.csrf_token`).
        """
        if path is None:
            return csrf_token(self._client)
        return csrf_token_from(self._client.get(path).get_data(as_text=True))

    def login(self, email: str, password: str = DEMO_PASSWORD):
        """Sign in through the login form."""
        return self._client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": self.csrf_token()},
        )

    def logout(self):
        """Sign out through the header form."""
        return self._client.post("/logout", data={"csrf_token": self.csrf_token()})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    """Sign-in helper bound to ``client``."""
    return AuthActions(client)
