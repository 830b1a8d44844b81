"""The registration limits hold across app servers: their counters are shared in Redis.

Two gunicorn instances, separate processes with nothing in common but the database
and Redis, take registrations from one client in turn. With a limit of three per
client, the fourth request is refused whichever server gets it, so each server saw
what the other counted. This needs Redis at ``PLANNER_TEST_REDIS_URL`` (by default
``redis://127.0.0.1:6379``): skipped when it does not answer, a failure in CI.

The counters get a key prefix of their own, so that this test and anything else using
the same Redis (another run, a deployment) never count each other's requests.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
import redis

from planner import create_app
from planner.demo.seed import seed_demo
from planner.extensions import db
from tests.conftest import require_or_skip
from tests.factories import published_event
from tests.registrations.servers import gunicorns

REDIS_URL = os.environ.get("PLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379")
LIMIT = 3


def _redis() -> redis.Redis | None:
    """A client of the test Redis, or ``None`` when it does not answer."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


@pytest.fixture
def shared_store() -> Iterator[tuple[redis.Redis, str]]:
    """The Redis to share, and a key prefix nobody else uses; its keys are deleted after."""
    client = _redis()
    require_or_skip(client is not None, f"Redis does not answer at {REDIS_URL}")
    assert client is not None
    prefix = f"h3-test-{uuid.uuid4().hex}"
    yield client, prefix
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def two_servers(tmp_path: Path, shared_store: tuple[redis.Redis, str]) -> Iterator[tuple[str, ...]]:
    """Two gunicorn instances on one SQLite database with a published event, sharing Redis."""
    database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    app = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        seed_demo(allow_demo_accounts=True, with_events=False)
        event_id = published_event(days_ahead=30, capacity=None).id
        db.session.remove()
        db.engine.dispose()
    settings = {
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": "http://planner.test",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": shared_store[1],
        "REGISTRATION_RATE_LIMIT_PER_CLIENT": f"{LIMIT} per minute",
    }
    logs = [tmp_path / "gunicorn-a.log", tmp_path / "gunicorn-b.log"]
    with gunicorns(settings, logs, workers=1) as urls:
        yield (*urls, str(event_id))


def _register(base_url: str, event_id: str, number: int) -> tuple[int, dict, dict]:
    """POST one registration; the status, the JSON body and the headers."""
    body = {"name": f"Person {number}", "email": f"p{number}@example.org", "affiliation": "KU"}
    request = Request(
        f"{base_url}/api/v1/events/{event_id}/registrations",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urlopen(request, timeout=20) as response:
            return response.status, json.load(response), dict(response.headers)
    except HTTPError as error:
        return error.code, json.loads(error.read()), dict(error.headers)


def test_the_per_client_limit_is_shared_by_two_app_servers(
    two_servers: tuple[str, str, str], shared_store: tuple[redis.Redis, str]
) -> None:
    first, second, event_id = two_servers
    assert first != second
    answers = [_register(url, event_id, n) for n, url in enumerate([first, second, first])]
    assert [status for status, _, _ in answers] == [202] * LIMIT
    # Neither server has seen three requests of its own; together they have.
    status, body, headers = _register(second, event_id, 3)
    assert status == 429, body
    assert body["error"]["code"] == "too_many_registrations"
    assert 0 < int(headers["Retry-After"]) <= 61
    assert _register(first, event_id, 4)[0] == 429
    client, prefix = shared_store
    assert any(True for _ in client.scan_iter(match=f"*{prefix}*"))
