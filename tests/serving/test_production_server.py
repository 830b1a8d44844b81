"""The documented production start: ``make serve`` with gunicorn, PostgreSQL and Redis.

One server answers 200 and is ready (database and Redis reachable); a published or
short secret key and the demo accounts make it refuse to start with one clear line,
instead of workers crashing in a loop.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from sqlalchemy import create_engine

from planner.demo.seed import DEMO_PASSWORD
from tests.serving.servers import production_environment, run_until_exit, scratch_database, serving

pytestmark = [pytest.mark.postgres_only]

# The settings are refused before any connection is made, so no database is needed.
NEVER_CONNECTED = "postgresql://nobody@127.0.0.1:1/never"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """One migrated scratch database for the module's servers."""
    with scratch_database("serve") as url:
        yield url


def test_make_serve_answers_and_is_ready(tmp_path: Path, database_url: str) -> None:
    with serving(production_environment(database_url), tmp_path / "serve.log") as server:
        with urlopen(f"{server.base_url}/", timeout=10) as home:
            assert home.status == 200
            assert len(home.headers["X-Request-ID"]) == 32
        with urlopen(f"{server.base_url}/readyz", timeout=10) as ready:
            assert json.load(ready) == {
                "status": "ready",
                "checks": {"database": "ok", "redis": "ok"},
            }
    log = (tmp_path / "serve.log").read_text()
    assert '"path": "/", "status": 200' in log  # the app's own request line
    assert "Production is running on SQLite" not in log


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        ("development-only-not-secret", "published in the Co-host Planner repository"),
        ("a", "SECRET_KEY is 1 bytes long"),
    ],
)
def test_make_serve_refuses_a_published_or_short_secret_key(
    tmp_path: Path, secret_key: str, reason: str
) -> None:
    status, output = run_until_exit(
        production_environment(NEVER_CONNECTED, SECRET_KEY=secret_key), tmp_path / "k.log"
    )
    assert status != 0
    assert reason in output
    assert "Traceback" not in output


def test_make_serve_refuses_to_start_with_demo_accounts(tmp_path: Path, database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO users (email, display_name, password_hash, role, active, "
            "created_at) VALUES ('admin@link-j.example', 'Demo', %s, 'admin', true, now())",
            (DEMO_PASSWORD,),
        )
    try:
        status, output = run_until_exit(production_environment(database_url), tmp_path / "d.log")
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM users")
        engine.dispose()
    assert status != 0
    assert "Demo accounts with a published password exist (admin@link-j.example)" in output
    assert "remove-demo-accounts" in output
