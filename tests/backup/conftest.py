"""A second, brand-new database for backups to be restored into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner import create_app
from planner.extensions import db


@pytest.fixture
def restored_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An application on a new database of the suite's kind, migrated to the head.

    Built by the migrations (not by ``create_all``, as the suite's database is), as an
    administrator restoring a backup would build it. On PostgreSQL it is named after the
    suite's database, so parallel runs on other databases do not collide. The caller
    pushes its application context when it uses it.
    """
    url = make_url(database_url)
    admin = None
    if url.get_backend_name() == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        scratch = f"{url.database}_restore"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{scratch}"'))
        target_url = url.set(database=scratch).render_as_string(hide_password=False)
    application = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": target_url})
    with application.app_context():
        upgrade()
    try:
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
            admin.dispose()
