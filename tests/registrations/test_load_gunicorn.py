"""Load test: 200 people register at once with a real multi-worker server on PostgreSQL.

gunicorn serves the app with 4 worker processes, each with its own connections, and
50 client threads send requests at the same moment, so registrations really race in
the database. With capacity 100 exactly 100 are confirmed and 100 waitlisted; then 30
confirmed attendees cancel while 30 newcomers register, and a watcher keeps counting
the confirmed seats: every count it sees is exactly 100, since a cancellation and the
promotion it causes commit together.

Needs ``PLANNER_TEST_DATABASE_URL``; skipped without it, and a failure in CI.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener, urlopen

import pytest
from sqlalchemy import create_engine, func, select

from config import normalize_database_url
from planner import create_app
from planner.demo.seed import seed_demo
from planner.extensions import db
from planner.models import Registration, RegistrationStatus
from tests.conftest import POSTGRES_URL, require_or_skip
from tests.factories import csrf_token_from, published_event
from tests.registrations.servers import gunicorn

# The server commits for real, in the database the other tests' baseline may be in.
pytestmark = [pytest.mark.postgres_only, pytest.mark.real_commits]

WORKERS, CLIENT_THREADS = 4, 50
CAPACITY, REGISTRANTS, CANCELLING, LATECOMERS = 100, 200, 30, 30
REQUEST_TIMEOUT, PHASE_TIMEOUT = 20, 40  # seconds


@dataclass
class Server:
    """A running gunicorn and the address it listens on."""

    base_url: str
    database_url: str
    event_id: int


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A fresh schema with a published event of 100 seats, served by 4 gunicorn workers."""
    require_or_skip(
        bool(POSTGRES_URL), "PLANNER_TEST_DATABASE_URL is not set, so the load test cannot run"
    )
    database_url = normalize_database_url(POSTGRES_URL or "")
    app = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(allow_demo_accounts=True, with_events=False)
        event_id = published_event(days_ahead=30, capacity=CAPACITY).id
        db.session.remove()
        db.engine.dispose()
    settings = {
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": "http://planner.test",
        # Every request comes from this machine: the limits are tested elsewhere.
        "REGISTRATION_RATE_LIMIT_PER_CLIENT": "100000 per minute",
        "REGISTRATION_RATE_LIMIT_PER_EVENT": "100000 per minute",
    }
    with gunicorn(settings, tmp_path / "gunicorn.log", WORKERS) as base_url:
        yield Server(base_url, database_url, event_id)


def _register(server: Server, number: int) -> tuple[int, dict]:
    """POST one registration through the API; return the status code and the body."""
    body = {
        "name": f"Registrant {number}",
        "email": f"registrant{number}@example.org",
        "affiliation": "University of Tokyo",
    }
    request = Request(
        f"{server.base_url}/api/v1/events/{server.event_id}/registrations",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, json.load(response)
    except HTTPError as error:
        return error.code, {"error": error.read().decode(errors="replace")}


def _cancel(server: Server, token: str) -> int:
    """Cancel through the manage page, as a browser does (session cookie, CSRF token)."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    manage = f"{server.base_url}/registrations/{token}"
    with opener.open(manage, timeout=REQUEST_TIMEOUT) as page:
        csrf = csrf_token_from(page.read().decode())
    form = urlencode({"csrf_token": csrf}).encode()
    with opener.open(f"{manage}/cancel", data=form, timeout=REQUEST_TIMEOUT) as done:
        return done.status  # after the redirect back to the manage page


def _rows(server: Server) -> list[Registration]:
    """The event's registrations in waitlist order, read with a separate engine."""
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    select(
                        Registration.id,
                        Registration.email,
                        Registration.status,
                        Registration.manage_token,
                    )
                    .where(Registration.event_id == server.event_id)
                    .order_by(Registration.created_at, Registration.id)
                )
            )
    finally:
        engine.dispose()


def _ids(rows: list, status: RegistrationStatus) -> list[int]:
    return [row.id for row in rows if row.status == status]


class ConfirmedWatcher(threading.Thread):
    """Counts the confirmed seats over and over until stopped."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.engine = create_engine(server.database_url)
        self.query = select(func.count()).where(
            Registration.event_id == server.event_id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        self.seen: list[int] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        """Sample until ``stopping`` is set."""
        with self.engine.connect() as connection:
            while not self.stopping.is_set():
                self.seen.append(connection.execute(self.query).scalar_one())
                connection.rollback()  # a fresh snapshot for the next count
                time.sleep(0.005)  # leave the client threads most of the GIL

    def stop(self) -> list[int]:
        """Stop sampling and return every count seen."""
        self.stopping.set()
        self.join(timeout=10)
        self.engine.dispose()
        return self.seen


def test_200_simultaneous_registrations_then_cancellations_under_gunicorn(
    server: Server,
) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        answers = list(pool.map(lambda n: _register(server, n), range(REGISTRANTS)))
    first_wave = time.monotonic() - started
    assert [status for status, _ in answers] == [202] * REGISTRANTS, answers
    rows = _rows(server)
    statuses = [row.status for row in rows]
    assert (statuses.count("confirmed"), statuses.count("waitlisted")) == (CAPACITY, CAPACITY)
    assert len(rows) == REGISTRANTS
    assert len({row.email for row in rows}) == REGISTRANTS
    assert len(_ids(rows, RegistrationStatus.CONFIRMED)) == CAPACITY
    head_of_waitlist = _ids(rows, RegistrationStatus.WAITLISTED)[:CANCELLING]
    leaving = [row for row in rows if row.status == RegistrationStatus.CONFIRMED][:CANCELLING]

    watcher = ConfirmedWatcher(server)
    watcher.start()
    second_started = time.monotonic()
    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        cancellations = [pool.submit(_cancel, server, row.manage_token) for row in leaving]
        newcomers = [pool.submit(_register, server, REGISTRANTS + n) for n in range(LATECOMERS)]
        cancelled = [future.result(timeout=PHASE_TIMEOUT) for future in cancellations]
        late = [future.result(timeout=PHASE_TIMEOUT) for future in newcomers]
    second_wave = time.monotonic() - second_started
    seen = watcher.stop()

    assert cancelled == [200] * CANCELLING
    assert [status for status, _ in late] == [202] * LATECOMERS
    assert seen and set(seen) == {CAPACITY}, f"confirmed seats seen: {sorted(set(seen))}"
    rows = _rows(server)
    confirmed = _ids(rows, RegistrationStatus.CONFIRMED)
    assert len(confirmed) == CAPACITY
    assert len(_ids(rows, RegistrationStatus.WAITLISTED)) == CAPACITY + LATECOMERS - CANCELLING
    assert set(_ids(rows, RegistrationStatus.CANCELLED)) == {row.id for row in leaving}
    assert set(head_of_waitlist) <= set(confirmed), "the head of the waitlist moves up first"
    assert len(rows) == REGISTRANTS + LATECOMERS
    latecomers = {body["email"] for _, body in late}
    assert latecomers <= {row.email for row in rows if row.status == RegistrationStatus.WAITLISTED}
    print(
        f"\nload test: {REGISTRANTS} registrations in {first_wave:.2f}s -> "
        f"{statuses.count('confirmed')} confirmed, {statuses.count('waitlisted')} waitlisted; "
        f"{CANCELLING} cancellations + {LATECOMERS} registrations in {second_wave:.2f}s, "
        f"{len(seen)} counts of confirmed seats, all {CAPACITY}"
    )
