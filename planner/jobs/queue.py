"""Each application's job queue, and asking for a job once a transaction has committed."""

from __future__ import annotations

import logging
import sqlite3
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.signals import SIGNAL_ERROR
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from planner.jobs.registry import JOBS

logger = logging.getLogger(__name__)

# The modules that declare jobs; importing them fills planner.jobs.registry.JOBS.
JOB_MODULES = (
    "planner.notifications.delivery",
    "planner.events.completion",
    "planner.follow_up.mail",
    "planner.reminders.attendees",
    "planner.reminders.answers",
    "planner.reminders.digests",
)
# Where a session keeps the jobs asked for in its open transaction.
_PENDING_KEY = "planner.jobs.after_commit"


def make_queue(config: dict[str, Any]) -> Huey:
    """The Huey queue the settings name: immediate, SQLite (the default) or Redis."""
    name = config["JOBS_NAME"]
    # results=False: nobody waits for a job's return value, so none is stored.
    if config["JOBS_IMMEDIATE"]:
        return MemoryHuey(name, results=False, immediate=True)
    url = config["JOBS_URL"]
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, results=False, url=url)
    return SqliteHuey(name, results=False, filename=url.removeprefix("sqlite:///"))


def init_app(app: Flask) -> None:
    """Give ``app`` its queue with every declared job on it (``app.extensions["huey"]``)."""
    from importlib import import_module

    for module in JOB_MODULES:
        import_module(module)
    queue = make_queue(app.config)
    tasks = {}
    for spec in JOBS.values():
        runner = _in_app_context(app, spec.function)
        if spec.schedule is not None:
            tasks[spec.name] = queue.periodic_task(spec.schedule, name=spec.name)(runner)
        else:
            tasks[spec.name] = queue.task(name=spec.name)(runner)
    if app.config["JOBS_IMMEDIATE"]:
        _record_errors_of(queue, app)
    app.extensions["huey"] = queue
    app.extensions["planner.jobs"] = tasks


def _in_app_context(app: Flask, function: Any) -> Any:
    """``function`` run inside an application context of its own (its own session)."""

    def run(*args: Any) -> Any:
        with app.app_context():
            return function(*args)

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def _record_errors_of(queue: Huey, app: Flask) -> None:
    """Immediate mode (tests): keep every job's exception, which Huey would only log."""
    errors = app.extensions.setdefault("planner.jobs.errors", [])

    @queue.signal(SIGNAL_ERROR)
    def keep(_signal: str, task: Any, exc: BaseException | None = None) -> None:
        errors.append((task.name, exc))


def enqueue(name: str, *args: Any, delay: timedelta | None = None) -> None:
    """Put job ``name`` on the queue now (or to run after ``delay``).

    A queue out of reach is logged, not raised: the work it was asked for is recorded
    in the database, and the periodic sweeps find it.
    """
    task = current_app.extensions["planner.jobs"][name]
    try:
        if delay is not None:
            task.schedule(args=args, delay=max(delay.total_seconds(), 0))
        else:
            task(*args)
    except (RedisError, sqlite3.Error, OSError) as error:
        logger.warning(
            "Could not queue the job %s%r; a sweep will pick it up: %s", name, args, error
        )


def after_commit(session: Session, name: str, *args: Any) -> None:
    """Within a unit of work: queue job ``name`` once the transaction has committed."""
    session.info.setdefault(_PENDING_KEY, []).append((name, args))


def enqueue_committed(session: Session) -> None:
    """After a commit: queue the jobs its transaction asked for (``unit_of_work`` calls it)."""
    for name, args in session.info.pop(_PENDING_KEY, []):
        enqueue(name, *args)


def discard_pending(session: Session) -> None:
    """After a rollback: forget the jobs the rolled-back transaction asked for."""
    session.info.pop(_PENDING_KEY, None)
