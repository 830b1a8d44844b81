"""Waiting for and stopping real server processes, for the tests that start gunicorn.

``tests/registrations/servers.py`` (plain gunicorn, test settings) and
``tests/serving/servers.py`` (the documented ``make serve``) start their servers in
their own ways and share these steps.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

_LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")


def listening_url(log: Path, process: subprocess.Popen, timeout: float) -> str:
    """Wait for gunicorn to log the address it bound (it was given port 0)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped at start:\n{log.read_text()}")
        match = _LISTENING.search(log.read_text())
        if match:
            return match.group(1)
        time.sleep(0.1)
    pytest.fail(f"the server did not start within {timeout}s:\n{log.read_text()}")


def wait_until_answering(url: str, timeout: float) -> None:
    """Wait until a worker answers ``url`` with 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def stop_process_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a server started in its own session: the master and all its workers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
