"""The production worker refuses to start, in one line, where the web server would."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.jobs.workers import ROOT, START_TIMEOUT


def test_make_worker_refuses_production_without_a_secret_key(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PLANNER_", "MAIL_", "JOBS_", "FLASK_")) and key != "SECRET_KEY"
    }
    environment.update(
        PLANNER_CONFIG="production",
        PUBLIC_BASE_URL="https://planner.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'never-opened.db'}",
        JOBS_URL=f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
    )
    # -o translations: the suite's catalogs are compiled already, and other test
    # processes are reading them.
    finished = subprocess.run(
        ["make", "--no-print-directory", "-o", "translations", "worker"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert finished.returncode != 0
    refusals = [
        line for line in finished.stderr.splitlines() if line.startswith("Co-host Planner refuses")
    ]
    assert refusals == [
        "Co-host Planner refuses to start: SECRET_KEY is not set. Production needs a long "
        "random value. Generate one with "
        "`python3 -c 'import secrets; print(secrets.token_hex(32))'`."
    ]
    assert "Traceback" not in finished.stderr
    assert not (tmp_path / "jobs.sqlite3").exists()  # refused before it touched anything
