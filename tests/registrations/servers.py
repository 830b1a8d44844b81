"""Real gunicorn servers for the tests that need separate processes (load, shared limits)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.server_processes import listening_url, stop_process_group, wait_until_answering

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30  # seconds


def _start(settings: dict[str, str], log: Path, workers: int) -> subprocess.Popen:
    """Start gunicorn configured by ``settings`` (environment variables), logging to ``log``."""
    log.touch()
    environment = {**os.environ, "PLANNER_CONFIG": "test", **settings}
    environment.pop("MAIL_SERVER", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            "127.0.0.1:0",
            "--chdir",
            str(ROOT),
            "--error-logfile",
            str(log),
            "planner:create_app()",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, stopped as a whole below
    )


@contextmanager
def gunicorns(settings: dict[str, str], logs: list[Path], workers: int) -> Iterator[list[str]]:
    """Serve the app with one gunicorn per log file, all configured by ``settings``.

    They start at the same time; yields their base URLs once each answers, and stops
    them all after.
    """
    processes = [_start(settings, log, workers) for log in logs]
    try:
        urls = []
        for log, process in zip(logs, processes, strict=True):
            urls.append(listening_url(log, process, START_TIMEOUT))
            wait_until_answering(f"{urls[-1]}/api/v1/organizations", START_TIMEOUT)
        yield urls
    finally:
        for process in processes:
            stop_process_group(process)


@contextmanager
def gunicorn(settings: dict[str, str], log: Path, workers: int) -> Iterator[str]:
    """Serve the app with one gunicorn (see ``gunicorns``); yields its base URL."""
    with gunicorns(settings, [log], workers) as (url,):
        yield url
