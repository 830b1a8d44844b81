"""Declaring jobs: each area marks its job functions, every app's queue gets them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huey import crontab


@dataclass(frozen=True)
class JobSpec:
    """One declared job: its function, its name on the queue, and when it runs by itself."""

    name: str
    function: Callable[..., Any]
    # A huey ``crontab`` for periodic jobs; None for jobs that are asked for.
    schedule: Callable[..., bool] | None = None


JOBS: dict[str, JobSpec] = {}


def job(name: str, *, every_minutes: int | None = None) -> Callable:
    """Declare ``function`` as the job ``name``; with ``every_minutes`` it also runs alone.

    The function runs inside an application context and must be idempotent: a job may
    run twice (two workers' periodic schedules, a sweep finding work a slow job is
    still doing), and must then do its work once.
    """

    def declare(function: Callable[..., Any]) -> Callable[..., Any]:
        if name in JOBS:
            raise ValueError(f"the job {name!r} is declared twice")
        schedule = crontab(minute=f"*/{every_minutes}") if every_minutes else None
        JOBS[name] = JobSpec(name, function, schedule)
        return function

    return declare
