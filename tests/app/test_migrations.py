"""Alembic migrations build exactly the schema the models describe, on both databases.

Two paths to the current schema are tested: from an empty database, and from the
previous release's schema holding that release's rows (``previous_release.py``),
which must all survive and be read by today's app. Both then downgrade to nothing.
Nothing here names a revision after the previous release, so every later migration
is covered as it is added.
"""

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import Connection, make_url

from planner import create_app
from planner.extensions import db
from tests.app.previous_release import (
    COHOST_EMAIL,
    EVENTS,
    HOST_EMAIL,
    PASSWORD,
    PREVIOUS_RELEASE,
    PUBLISHED_TITLE,
    REGISTRANT,
    write_previous_release_rows,
)
from tests.conftest import IsolatedClient
from tests.factories import csrf_token


@pytest.fixture
def empty_database_url(database_url: str, tmp_path) -> Iterator[str]:
    """A brand-new empty database of the same kind as ``database_url``."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    # Named after the test database, so parallel runs on other databases do not collide.
    scratch = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def _differences_from_the_models(connection: Connection) -> list:
    """What autogenerate would change to reach the models (nothing, when migrations match)."""
    return compare_metadata(
        MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata
    )


def _row_counts(connection: Connection) -> dict[str, int]:
    """How many rows each table holds (Alembic's own table aside)."""
    return {
        name: connection.scalar(select(func.count()).select_from(table(name)))
        for name in inspect(connection).get_table_names()
        if name != "alembic_version"
    }


def test_upgrade_matches_the_models_and_downgrade_empties(empty_database_url: str) -> None:
    app = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = _differences_from_the_models(connection)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert {
            "organizations",
            "users",
            "events",
            "candidate_slots",
            "slot_responses",
            "registrations",
            "audit_entries",
            "event_cohosts",
        } <= tables
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def _sign_in(client: FlaskClient, email: str) -> None:
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _read_through_the_app(app: Flask) -> None:
    """Today's app serves the previous release's rows: pages, API, feed, sign-in."""
    app.test_client_class = IsolatedClient
    visitor = app.test_client()
    page = visitor.get(f"/events/{EVENTS.published}")
    assert page.status_code == 200
    assert PUBLISHED_TITLE in page.get_data(as_text=True)
    assert "Dr. Ida Holm" in page.get_data(as_text=True)
    answer = visitor.get(f"/api/v1/events/{EVENTS.published}")
    assert (answer.status_code, answer.json["title"]) == (200, PUBLISHED_TITLE)
    assert f"event-{EVENTS.published}@planner.test" in visitor.get("/feeds/events.ics").text
    host = app.test_client()
    _sign_in(host, HOST_EMAIL)
    dashboard = host.get("/dashboard")
    assert dashboard.status_code == 200
    registrants = host.get(f"/events/{EVENTS.published}/registrants")
    assert registrants.status_code == 200
    assert REGISTRANT in registrants.get_data(as_text=True)
    # Who sees what was decided by v0.1's rows: a co-host never sees the draft the host
    # withdrew unsent, and still sees every proposal it was sent.
    cohost = app.test_client()
    _sign_in(cohost, COHOST_EMAIL)
    assert cohost.get(f"/events/{EVENTS.withdrawn_draft}").status_code == 404
    for sent in (EVENTS.withdrawn_proposal, EVENTS.proposed, EVENTS.withdrawn_answered):
        assert cohost.get(f"/events/{sent}").status_code == 200, sent
    assert host.get(f"/events/{EVENTS.withdrawn_draft}").status_code == 200


def test_upgrade_from_the_previous_release_keeps_its_rows_then_downgrades(
    empty_database_url: str,
) -> None:
    app = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=PREVIOUS_RELEASE)
        with db.engine.begin() as connection:
            write_previous_release_rows(connection)
        with db.engine.connect() as connection:
            before = _row_counts(connection)
        upgrade()
        with db.engine.connect() as connection:
            after = _row_counts(connection)
            assert _differences_from_the_models(connection) == []
        # Every row of every table v0.1 had is still there (new tables may add rows).
        assert {name: after.get(name) for name in before} == before
        assert before["events"] == 5 and before["registrations"] == 1
        db.session.remove()
        db.engine.dispose()
    _read_through_the_app(app)
    with app.app_context():
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
