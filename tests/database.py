"""One application and one seeded database per session; every test rolled back.

Building an application (about 60 ms) and seeding the demo organizations and
accounts (about as much) for each of the suite's thousands of tests was most of its
run time. :class:`SuiteDatabase` does both once per database and session and gives
each test the same clean start for a millisecond or two:

- one connection with one outer transaction per test, rolled back at its end;
- ``db.session`` replaced, for the test, by sessions bound to that connection with
  ``join_transaction_mode="create_savepoint"``: the test's own session and every
  request's (each request has its own application context, so its own session)
  commit and roll back SAVEPOINTs only, and see each other's writes;
- the demo rows deleted inside that transaction when the test did not ask for them;
- the application's configuration, rate-limit counters and calendar caches restored
  or emptied around each test.

SQLite needs the pysqlite driver's own transaction handling switched off for
SAVEPOINTs to work (SQLAlchemy's documented recipe); that is done on a separate
engine used only for the rolled-back tests, so the application's own engine (used by
``real_commits`` tests, which run threads) keeps the driver's default behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import flask_sqlalchemy.session
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Table, create_engine, event, func, select, text
from sqlalchemy.engine import Connection, Engine, make_url

from planner import create_app
from planner.calendars.cache import clear_caches
from planner.demo.seed import seed_demo
from planner.extensions import db, limiter


def worker_database_url(url: str) -> str:
    """``url`` itself, or under pytest-xdist the worker's own database (made if missing)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    finally:
        admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


class ConnectionSession(flask_sqlalchemy.session.Session):
    """A Flask-SQLAlchemy session that always uses the connection it was given.

    Flask-SQLAlchemy's ``get_bind`` picks the application's engine and ignores a
    session-wide ``bind``; the rolled-back tests need the one connection instead.
    """

    def get_bind(
        self, mapper: Any = None, clause: Any = None, bind: Any = None, **kwargs: Any
    ) -> Connection | Engine:
        """The test's connection."""
        return self.bind


def _savepoint_capable_sqlite_engine(url: str) -> Engine:
    """An SQLite engine on which SAVEPOINT works (SQLAlchemy's pysqlite recipe)."""
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


class SuiteDatabase:
    """The session's application on one database, and its committed baseline."""

    _instances: ClassVar[list[SuiteDatabase]] = []

    def __init__(self, url: str, client_class: type[FlaskClient]) -> None:
        self.url = url
        self.client_class = client_class
        self.app = self._make_app()
        self.is_sqlite = url.startswith("sqlite")
        self._sqlite_engine = _savepoint_capable_sqlite_engine(url) if self.is_sqlite else None
        self._schema_built = False
        self._stale = True
        self._demo_tables: list[Table] = []
        self._demo_present = False
        SuiteDatabase._instances.append(self)

    @classmethod
    def invalidate_all(cls) -> None:
        """Something committed outside the rolled-back path: rebuild before next use."""
        for database in cls._instances:
            database._stale = True

    def _make_app(self) -> Flask:
        settings: dict[str, Any] = {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": self.url}
        if self.url.startswith("postgresql"):
            # Tests need no durability: not waiting for the WAL flush on every commit
            # makes the PostgreSQL runs several times faster.
            settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
                "pool_pre_ping": True,
                "connect_args": {"options": "-c synchronous_commit=off"},
            }
        application = create_app(settings)
        application.test_client_class = self.client_class
        return application

    def _rebuild(self) -> None:
        """Commit the baseline: the schema (once per session) and the demo data."""
        if not self._schema_built:
            # Rebuilt from the models once per run, so that a database left by an
            # older checkout cannot hide a missing column.
            db.drop_all()
            db.create_all()
            self._schema_built = True
        else:
            self._empty_all_tables()
        seed_demo(allow_demo_accounts=True, with_events=False)
        self._demo_tables = [
            table
            for table in reversed(db.metadata.sorted_tables)
            if db.session.scalar(select(func.count()).select_from(table))
        ]
        db.session.commit()
        db.session.remove()
        self._stale = False

    def _empty_all_tables(self) -> None:
        """Delete every row (children first), keeping the schema, and commit."""
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()

    def has_demo(self) -> bool:
        """Whether the current test's database holds the demo data."""
        return self._demo_present

    @contextmanager
    def test(self, *, demo: bool, real_commits: bool, fresh_app: bool) -> Iterator[Flask]:
        """Run one test on the baseline, with or without the demo data."""
        application = self._make_app() if fresh_app else self.app
        saved_config = dict(application.config)
        clear_caches()
        try:
            with application.app_context():
                limiter.reset()
                if self._stale:
                    self._rebuild()
                if real_commits:
                    yield from self._committed(application, demo)
                else:
                    yield from self._rolled_back(application, demo)
        finally:
            application.config.clear()
            application.config.update(saved_config)
            if fresh_app:
                with application.app_context():
                    db.engine.dispose()

    def _committed(self, application: Flask, demo: bool) -> Iterator[Flask]:
        """The slow path: real commits, then the baseline is rebuilt for the next test."""
        self._stale = True
        if not demo:
            self._empty_all_tables()
        self._demo_present = demo
        try:
            yield application
        finally:
            db.session.remove()

    def _rolled_back(self, application: Flask, demo: bool) -> Iterator[Flask]:
        """The fast path: everything inside one transaction that is rolled back."""
        engine = self._sqlite_engine or db.engine
        connection = engine.connect()
        outer = connection.begin()
        if not demo:
            for table in self._demo_tables:
                connection.execute(table.delete())
        self._demo_present = demo
        committed_session = db.session
        db.session = db._make_scoped_session(
            {
                "class_": ConnectionSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        try:
            yield application
        finally:
            db.session.remove()
            db.session = committed_session
            outer.rollback()
            connection.close()

    def close(self) -> None:
        """Release every connection of the session's application and engines."""
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        if self._sqlite_engine is not None:
            self._sqlite_engine.dispose()
        SuiteDatabase._instances.remove(self)
