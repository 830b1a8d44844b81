"""Real job workers for tests: the documented command, in processes of their own.

:func:`workers` starts ``huey_consumer planner.jobs.worker.queue --workers 2
--worker-type thread`` (the Makefile's ``WORKER_COMMAND``) from this worktree's
``.venv/bin``, configured by environment variables only, as ``make worker`` is: the
test app's committed database, the test's queue and SMTP server, and a retry wait of
a second. Each worker has its own process group, so a test can kill one outright, and
they are all stopped when the block ends; what they logged is printed then, which
pytest shows with a failed test.

:func:`real_queue` moves the test app itself off immediate mode onto the same queue,
so the jobs its operations ask for wait there for the workers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from huey import Huey
from sqlalchemy import select

from planner.extensions import db
from planner.jobs.queue import init_app
from planner.models import OutboxMessage
from planner.notifications.delivery import UNFINISHED
from tests.server_processes import stop_process_group

ROOT = Path(__file__).resolve().parents[2]
WORKER_COMMAND = (
    str(ROOT / ".venv" / "bin" / "huey_consumer"),
    "planner.jobs.worker.queue",
    "--workers",
    "2",
    "--worker-type",
    "thread",
)
# Generous: a loaded CI machine may take long to import the app; nothing is timed.
START_TIMEOUT = 60
OUTCOME_TIMEOUT = 60
POLL_SECONDS = 0.05
# What huey_consumer logs once it consumes.
_STARTED = "Huey consumer started"
_QUEUE_SETTINGS = ("JOBS_IMMEDIATE", "JOBS_URL", "JOBS_NAME")
_QUEUE_EXTENSIONS = ("huey", "planner.jobs")


@dataclass(frozen=True)
class JobQueue:
    """Where a test's jobs wait: a Redis or SQLite URL and a name of the test's own."""

    url: str
    name: str


@dataclass
class Worker:
    """One running worker process and the file it logs to."""

    process: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """Kill the worker's whole process group at once (SIGKILL: nothing is cleaned up)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def worker_environment(app: Flask, queue: JobQueue, **overrides: str) -> dict[str, str]:
    """The environment of a worker serving ``app``'s database and mail server on ``queue``.

    Only what the test sets reaches the worker: the suite's own PLANNER_*, MAIL_*,
    JOBS_* and the like are left out, and imports come from this worktree.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PLANNER_", "MAIL_", "JOBS_", "RATELIMIT_", "FLASK_"))
        and key not in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "PYTHONPATH")
    }
    environment.update(
        PLANNER_CONFIG="development",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        JOBS_URL=queue.url,
        JOBS_NAME=queue.name,
        MAIL_SERVER=app.config["MAIL_SERVER"],
        MAIL_PORT=str(app.config["MAIL_PORT"]),
        MAIL_RETRY_SECONDS="1",
        PUBLIC_BASE_URL="http://planner.test",
        PYTHONPATH=str(ROOT),
    )
    environment.update(overrides)
    return environment


def _start(environment: dict[str, str], log: Path) -> Worker:
    """Start one worker in its own process group, its output going to ``log``."""
    with log.open("w") as output:
        process = subprocess.Popen(
            WORKER_COMMAND,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Worker(process, log)


def _wait_until_consuming(worker: Worker) -> None:
    """Wait for the worker to say it consumes (or fail with its log if it stopped)."""
    deadline = time.monotonic() + START_TIMEOUT
    while _STARTED not in worker.log.read_text():
        if worker.process.poll() is not None:
            pytest.fail(f"a worker stopped at start:\n{worker.log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no worker start in {START_TIMEOUT}s:\n{worker.log.read_text()}")
        time.sleep(POLL_SECONDS)


@contextmanager
def workers(environment: dict[str, str], logs: Path, count: int = 1) -> Iterator[list[Worker]]:
    """Run ``count`` workers configured by ``environment``; yields them once they consume.

    Their logs are ``logs/worker-<n>.log``. All are stopped when the block ends, killed
    ones included, and their logs printed (pytest shows them when the test failed).
    """
    logs.mkdir(parents=True, exist_ok=True)
    started = [_start(environment, logs / f"worker-{number}.log") for number in range(count)]
    try:
        for worker in started:
            _wait_until_consuming(worker)
        yield started
    finally:
        for worker in started:
            stop_process_group(worker.process)
        for worker in started:
            print(f"--- {worker.log.name} ---\n{worker.log.read_text()}")


def wait_for(condition: Callable[[], Any], what: str) -> Any:
    """Poll ``condition`` until it returns something true, and return that.

    The deadline is generous and only there so that a broken worker fails the test
    instead of hanging it; nothing is asserted about how long it took.
    """
    deadline = time.monotonic() + OUTCOME_TIMEOUT
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {OUTCOME_TIMEOUT}s: {what}")
        time.sleep(POLL_SECONDS)


@contextmanager
def real_queue(app: Flask, queue: JobQueue) -> Iterator[Huey]:
    """Switch ``app`` from immediate jobs to ``queue`` for the block; empty it after."""
    saved_settings = {key: app.config[key] for key in _QUEUE_SETTINGS}
    saved_extensions = {key: app.extensions[key] for key in _QUEUE_EXTENSIONS}
    app.config.update(JOBS_IMMEDIATE=False, JOBS_URL=queue.url, JOBS_NAME=queue.name)
    init_app(app)
    huey = app.extensions["huey"]
    try:
        yield huey
    finally:
        app.extensions.update(saved_extensions)
        app.config.update(saved_settings)
        huey.flush()
        huey.storage.close()
        pool = getattr(huey.storage, "pool", None)  # Redis: its connections
        if pool is not None:
            pool.disconnect()


def committed_outbox() -> list[OutboxMessage]:
    """Every outbox row as committed now (the test's session forgets what it had read)."""
    db.session.rollback()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def all_finished(messages: list[OutboxMessage]) -> bool:
    """Whether every message is done with, sent or failed."""
    return bool(messages) and all(message.status not in UNFINISHED for message in messages)


def finished_outbox() -> list[OutboxMessage]:
    """Every outbox row once all are done with (sent or failed); until then nothing."""
    messages = committed_outbox()
    return messages if all_finished(messages) else []
