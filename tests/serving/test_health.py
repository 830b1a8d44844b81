"""Liveness and readiness probes: what a load balancer sees when a dependency is down."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from planner import create_app
from planner.extensions import db
from tests.conftest import require_or_skip
from tests.redis_server import REDIS_URL, limiter_kept, redis_available

UNREACHABLE_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


def test_healthz_answers_while_the_process_is_up(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_checks_the_database(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_is_503_with_retry_after_when_the_database_is_down() -> None:
    with limiter_kept():
        app = create_app(
            {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": UNREACHABLE_POSTGRES}
        )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json == {"status": "unavailable", "checks": {"database": "unreachable"}}
    # The process itself is still alive: restarting it would not help.
    assert app.test_client().get("/healthz").status_code == 200


def test_readyz_checks_redis_when_rate_limits_live_there(database_url: str) -> None:
    require_or_skip(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    settings = {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": database_url}
    with limiter_kept():
        up = create_app({**settings, "RATELIMIT_STORAGE_URI": REDIS_URL})
        ready = up.test_client().get("/readyz")
        down = create_app({**settings, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1"})
        refused = down.test_client().get("/readyz")
    for extra in (up, down):
        with extra.app_context():
            db.engine.dispose()  # the extra apps' pooled connections
    assert ready.json["checks"] == {"database": "ok", "redis": "ok"}
    assert refused.status_code == 503
    assert refused.json["checks"] == {"database": "ok", "redis": "unreachable"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_rate_limited(client: FlaskClient, path: str) -> None:
    assert all(client.get(path).status_code == 200 for _ in range(30))


def test_requests_still_work_while_redis_is_down(database_url: str) -> None:
    with limiter_kept():
        app = create_app(
            {
                "PLANNER_CONFIG": "test",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1",
                "WTF_CSRF_ENABLED": False,
            }
        )
        client = app.test_client()
        sign_in = client.post("/api/v1/tokens", json={"email": "a@example.org", "password": "x"})
        page = client.post("/login", data={"email": "a@example.org", "password": "x"})
    with app.app_context():
        db.engine.dispose()
    assert sign_in.status_code == 401
    assert page.status_code == 401  # the form again, with its message
