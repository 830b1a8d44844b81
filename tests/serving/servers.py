"""Production servers for tests: ``make serve`` against a scratch PostgreSQL database.

Each server is the documented production command, started with the production
configuration from environment variables only, on a port the system picks. The
scratch database is migrated with the documented ``flask db upgrade``, so these tests
exercise exactly what an operator runs.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalize_database_url
from tests.conftest import POSTGRES_URL, require_or_skip
from tests.database import worker_database_url
from tests.redis_server import REDIS_URL, redis_available
from tests.server_processes import listening_url, stop_process_group, wait_until_answering

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 40  # seconds


def production_environment(database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a production server: settings from variables only."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PLANNER_", "MAIL_", "RATELIMIT_", "FLASK_"))
    }
    environment.update(
        PLANNER_CONFIG="production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_hex(32),
        PUBLIC_BASE_URL="https://planner.example.org",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        # One prefix per run: parallel test workers share the Redis server.
        RATELIMIT_KEY_PREFIX=f"test-{secrets.token_hex(4)}",
        BIND="127.0.0.1:0",
        WEB_CONCURRENCY="2",
    )
    environment.update(overrides)
    return environment


@contextmanager
def scratch_database(name: str) -> Iterator[str]:
    """An empty PostgreSQL database of this test worker, migrated by ``flask db upgrade``."""
    require_or_skip(bool(POSTGRES_URL), "PLANNER_TEST_DATABASE_URL is not set")
    require_or_skip(redis_available(), f"Redis is not reachable at {REDIS_URL}")
    base = make_url(worker_database_url(normalize_database_url(POSTGRES_URL or "")))
    scratch = f"{base.database}_{name}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    url = base.set(database=scratch).render_as_string(hide_password=False)
    try:
        migrated = subprocess.run(
            [str(ROOT / ".venv/bin/flask"), "--app", "planner", "db", "upgrade"],
            cwd=ROOT,
            env=production_environment(url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert migrated.returncode == 0, migrated.stderr
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Server:
    """A running ``make serve`` and what it printed."""

    process: subprocess.Popen
    log: Path
    base_url: str = ""


def _start(environment: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``make serve`` in its own process group, output to ``log``."""
    with log.open("w") as output:
        return subprocess.Popen(
            # -o translations: the suite's catalogs are compiled already, and other test
            # processes are reading them.
            ["make", "--no-print-directory", "-o", "translations", "serve"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def run_until_exit(environment: dict[str, str], log: Path) -> tuple[int, str]:
    """Run a server that is expected to refuse to start; its exit status and output."""
    process = _start(environment, log)
    try:
        process.wait(timeout=START_TIMEOUT)
    finally:
        stop_process_group(process)
    return process.returncode, log.read_text()


@contextmanager
def serving(environment: dict[str, str], log: Path) -> Iterator[Server]:
    """A production server that answers requests, stopped when the block ends."""
    server = Server(_start(environment, log), log)
    try:
        server.base_url = listening_url(log, server.process, START_TIMEOUT)
        wait_until_answering(f"{server.base_url}/healthz", START_TIMEOUT)
        yield server
    finally:
        stop_process_group(server.process)
