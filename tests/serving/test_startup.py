"""What production refuses before it serves.

An old schema and the demo accounts stop it; SQLite gets a loud warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from flask_migrate import upgrade

from config import ConfigurationError
from planner import create_app
from planner.accounts.operations import authenticate
from planner.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD
from planner.extensions import db
from planner.serving.startup import (
    check_no_demo_accounts,
    check_schema_is_current,
    run_production_checks,
)
from tests.redis_server import limiter_kept


def test_demo_accounts_stop_production_until_they_are_removed(
    app: Flask, runner: FlaskCliRunner, demo: None
) -> None:
    with pytest.raises(ConfigurationError, match="remove-demo-accounts"):
        check_no_demo_accounts()
    result = runner.invoke(args=["remove-demo-accounts"])
    assert result.exit_code == 0, result.output
    assert f"{len(DEMO_ACCOUNTS)} demo accounts deactivated." in result.output
    check_no_demo_accounts()  # no longer refused
    # The published password opens nothing any more.
    assert all(authenticate(email, DEMO_PASSWORD) is None for email, *_ in DEMO_ACCOUNTS)


def test_an_unmigrated_database_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    with limiter_kept():
        app = create_app(
            {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"}
        )
    with app.app_context(), pytest.raises(ConfigurationError, match="db upgrade"):
        check_schema_is_current(app)


class _Kept(logging.Handler):
    """Keeps the records it is given (alembic's logging set-up replaces caplog's)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname} {record.getMessage()}")


def test_a_migrated_sqlite_database_serves_with_a_loud_warning(tmp_path: Path) -> None:
    with limiter_kept():
        app = create_app(
            {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/b.db"}
        )
    with app.app_context():
        upgrade()
        db.engine.dispose()
    kept = _Kept()
    startup_logger = logging.getLogger("planner.startup")
    startup_logger.addHandler(kept)
    try:
        run_production_checks(app)
    finally:
        startup_logger.removeHandler(kept)
    assert any(
        message.startswith("WARNING") and "Production is running on SQLite" in message
        for message in kept.messages
    )
