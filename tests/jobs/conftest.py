"""Fixtures of the job tests: a real queue (Redis or a SQLite file) and the SMTP server."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.conftest import require_or_skip
from tests.jobs.smtp import ScriptedInbox
from tests.jobs.workers import JobQueue, real_queue
from tests.mail_server import free_port
from tests.redis_server import REDIS_URL, redis_available


@pytest.fixture(params=["redis", "sqlite-file"])
def job_queue(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[JobQueue]:
    """A queue of the test's own, on Redis (production) or a SQLite file (the default).

    The test app asks for its jobs on it instead of running them at once, so they wait
    there for the workers the test starts; the queue is emptied after.
    """
    if request.param == "redis":
        require_or_skip(redis_available(), f"Redis is not reachable at {REDIS_URL}")
        url = REDIS_URL
    else:
        url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    queue = JobQueue(url, f"planner-test-{secrets.token_hex(6)}")
    with real_queue(app, queue):
        yield queue


@pytest.fixture
def smtp(app: Flask) -> Iterator[ScriptedInbox]:
    """A scripted SMTP server on localhost, with the app's MAIL_SERVER pointing at it."""
    handler = ScriptedInbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield handler
    finally:
        controller.stop()
