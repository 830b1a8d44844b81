"""Real gunicorn servers for the tests that need separate processes (load, shared limits)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30  # seconds


def _listening_port(log: Path, process: subprocess.Popen) -> int:
    """Wait for gunicorn to say which port it bound (it was given port 0)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start:\n{log.read_text()}")
        match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if match:
            return int(match.group(1))
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not start within {START_TIMEOUT}s:\n{log.read_text()}")


def _wait_until_answering(base_url: str) -> None:
    """Wait until a worker answers a request."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urlopen(f"{base_url}/api/v1/organizations", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


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


def _stop(process: subprocess.Popen) -> None:
    """Stop a gunicorn and its workers (its whole process group)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


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
            urls.append(f"http://127.0.0.1:{_listening_port(log, process)}")
            _wait_until_answering(urls[-1])
        yield urls
    finally:
        for process in processes:
            _stop(process)


@contextmanager
def gunicorn(settings: dict[str, str], log: Path, workers: int) -> Iterator[str]:
    """Serve the app with one gunicorn (see ``gunicorns``); yields its base URL."""
    with gunicorns(settings, [log], workers) as (url,):
        yield url
