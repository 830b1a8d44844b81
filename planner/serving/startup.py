"""What production checks before it serves a single request.

Settings are checked when the configuration loads (``config.py``); these checks need
the database, so they run when a server process starts (``planner.serving.wsgi``),
not for ``flask`` commands: an operator must still be able to run ``flask db upgrade``
or ``flask remove-demo-accounts`` to fix what these checks refuse.
"""

from __future__ import annotations

import logging
import sys

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from config import ConfigurationError
from planner.app import create_app
from planner.demo.seed import DEMO_ACCOUNTS
from planner.extensions import db
from planner.models import User

logger = logging.getLogger("planner.startup")

SQLITE_IN_PRODUCTION_WARNING = (
    "\n" + "!" * 78 + "\n"
    "Production is running on SQLite. That is safe for one server process on one machine\n"
    "only: several app servers need PostgreSQL (set DATABASE_URL=postgresql://...).\n" + "!" * 78
)


def _schema_revision(app: Flask) -> tuple[str | None, str]:
    """The database's migration revision and the newest one this code knows."""
    scripts = ScriptDirectory(app.extensions["migrate"].directory)
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, scripts.get_current_head() or ""


def check_schema_is_current(app: Flask) -> None:
    """Refuse to serve a database that is unreachable or not migrated to this code."""
    try:
        current, head = _schema_revision(app)
    except SQLAlchemyError as error:
        raise ConfigurationError(
            f"The database cannot be reached ({type(error).__name__}); check DATABASE_URL "
            "and that the database server is running."
        ) from error
    if current != head:
        raise ConfigurationError(
            f"The database schema is at revision {current or 'none'}, this code needs {head}. "
            "Run `flask --app planner db upgrade` first."
        )


def check_no_demo_accounts() -> None:
    """Refuse to serve while an active demo account (published password) exists."""
    emails = [email for email, *_rest in DEMO_ACCOUNTS]
    present = db.session.scalars(
        select(User.email).where(User.email.in_(emails), User.active.is_(True))
    ).all()
    db.session.remove()
    if present:
        raise ConfigurationError(
            f"Demo accounts with a published password exist ({', '.join(sorted(present))}). "
            "Run `flask --app planner remove-demo-accounts` before serving in production."
        )


def run_production_checks(app: Flask) -> None:
    """Everything production verifies before serving; raises ``ConfigurationError``."""
    with app.app_context():
        check_schema_is_current(app)
        check_no_demo_accounts()
        if db.engine.dialect.name == "sqlite":
            logger.warning(SQLITE_IN_PRODUCTION_WARNING)


def checked_application() -> Flask:
    """The app the environment describes, checked when it is a production one."""
    application = create_app()
    if application.config.get("NAME") == "production":
        run_production_checks(application)
    return application


def refusal(error: ConfigurationError, status: int) -> SystemExit:
    """Say why the server will not start; the exit (with ``status``) to raise."""
    logger.error("Refusing to start: %s", error.message)
    print(f"Co-host Planner refuses to start: {error.message}", file=sys.stderr)
    return SystemExit(status)


def verify_before_serving() -> None:
    """Run the checks in a process that will not serve itself (gunicorn's master)."""
    try:
        application = checked_application()
    except ConfigurationError as error:
        raise refusal(error, 1) from error
    with application.app_context():
        # The master forks the workers: no connection of its own may outlive the check.
        db.engine.dispose()
