"""The queue without workers: which one the settings pick, and jobs asked for after a commit.

These run in immediate mode, as the rest of the suite does (``JOBS_IMMEDIATE``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from huey import MemoryHuey, RedisHuey, SqliteHuey

from config import ConfigurationError, load_config
from planner.extensions import db
from planner.jobs.queue import after_commit, make_queue
from planner.unit_of_work import unit_of_work

SETTINGS = {"JOBS_NAME": "planner-test", "JOBS_IMMEDIATE": False}


def test_the_settings_pick_an_immediate_sqlite_or_redis_queue(tmp_path: Path) -> None:
    immediate = make_queue({**SETTINGS, "JOBS_IMMEDIATE": True, "JOBS_URL": "redis://x:1/0"})
    assert type(immediate) is MemoryHuey and immediate.immediate

    filename = tmp_path / "jobs.sqlite3"
    embedded = make_queue({**SETTINGS, "JOBS_URL": f"sqlite:///{filename}"})
    assert type(embedded) is SqliteHuey and not embedded.immediate
    assert embedded.storage.filename == str(filename) and filename.exists()
    embedded.storage.close()

    shared = make_queue({**SETTINGS, "JOBS_URL": "redis://queue.internal:6380/3"})
    assert type(shared) is RedisHuey and shared.name == "planner-test"
    assert shared.storage.pool.connection_kwargs == {
        "host": "queue.internal",
        "port": 6380,
        "db": 3,
    }


@pytest.mark.parametrize("url", ["postgresql://db/jobs", "jobs.sqlite3", "sqlite://relative"])
def test_a_jobs_url_of_no_known_queue_is_refused(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("JOBS_URL", url)
    with pytest.raises(ConfigurationError) as refused:
        load_config("test")
    assert refused.value.message == (f"JOBS_URL must be a redis:// or sqlite:/// URL, not {url!r}.")


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://queue:6380", "sqlite:////var/jobs.sqlite3"]
)
def test_a_redis_or_sqlite_jobs_url_is_taken(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("JOBS_URL", url)
    assert load_config("test")["JOBS_URL"] == url


def test_a_job_asked_for_in_a_unit_of_work_runs_after_its_commit_only(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[tuple] = []
    monkeypatch.setitem(app.extensions["planner.jobs"], "probe", lambda *args: ran.append(args))

    with unit_of_work():
        after_commit(db.session, "probe", 1)
        assert ran == []  # not while the transaction is open
    assert ran == [(1,)]

    with pytest.raises(RuntimeError), unit_of_work():
        after_commit(db.session, "probe", 2)
        raise RuntimeError("refused")
    with unit_of_work():
        pass  # the next commit does not run what the rolled-back one asked for
    assert ran == [(1,)]
