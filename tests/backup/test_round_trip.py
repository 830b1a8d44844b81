"""Export, import into a new migrated database, export again: nothing may change.

The demo data (planned through the real services) plus a thousand generated events,
on SQLite and PostgreSQL. Compared twice: the two documents (minus the export time),
and every table's rows as the database gives them back (typed values: aware instants
to the microsecond, enumerations, JSON as stored), so a loss shared by writing and
reading cannot hide.
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from planner.accounts.api_tokens import create_token, user_for_token
from planner.accounts.operations import authenticate
from planner.backup.layout import backup_columns, backup_tables, row_order
from planner.backup.values import codec_for
from planner.calendars.tokens import (
    attendee_feed_token,
    new_organizer_feed_token,
    resolve_feed_token,
)
from planner.demo.events import seed_demo_events
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import Event, EventStatus, Organization, OrganizationKind
from planner.organizations.operations import OrganizationDetails, create_organization
from planner.registrations.operations import register_attendee, registration_for_token
from tests.backup.generate import add_generated_events
from tests.factories import HOST, attendee, user

GENERATED_EVENTS = 1000


def typed_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows as the database gives them back, in a fixed order."""
    rows = {}
    for table in backup_tables():
        columns = backup_columns(table, with_password_hashes=True)
        selected = [codec_for(column).read(column) for column in columns]
        query = db.select(*selected).order_by(*row_order(table))
        rows[table.name] = [tuple(row) for row in db.session.execute(query)]
    return rows


def without_export_time(path: Path) -> dict[str, Any]:
    """A backup document with its export time taken out (the only thing that may differ)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("exported_at")
    return document


def add_service_made_rows() -> dict[str, str]:
    """The demo events, and rows made as people make them: a registration, tokens.

    Returns the secrets an attendee and a script hold, to try on the restored database.
    """
    seed_demo_events(date.today())
    published = db.session.scalar(
        db.select(Event).filter_by(status=EventStatus.PUBLISHED).order_by(Event.id)
    )
    registered = register_attendee(published.id, attendee(1, name="佐藤 愛子"))
    secrets = {
        "manage": registered.registration.manage_token,
        "attendee_feed": attendee_feed_token("attendee1@example.org"),
        "organizer_feed": new_organizer_feed_token(user(HOST)),
        "api": create_token(user(HOST), "バックアップ").secret,
    }
    return secrets


@pytest.mark.real_commits
def test_demo_and_a_thousand_events_survive_export_and_import(
    app: Flask, demo: None, runner: FlaskCliRunner, restored_app: Flask, tmp_path: Path
) -> None:
    secrets = add_service_made_rows()
    add_generated_events(GENERATED_EVENTS)
    before = typed_rows()
    empty = [name for name, rows in before.items() if not rows]
    assert not empty, (
        f"no rows in {empty}: give each new table rows in tests/backup/generate.py, "
        "so that the round trip covers it"
    )
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    # A new session, as the command line has: the export then reads one snapshot.
    db.session.remove()
    exported = runner.invoke(args=["export", str(first), "--with-password-hashes"])
    assert exported.exit_code == 0, exported.output
    with restored_app.app_context():
        restore = restored_app.test_cli_runner()
        imported = restore.invoke(args=["import", str(first)])
        assert imported.exit_code == 0, imported.output
        assert "no password" not in imported.output
        after = typed_rows()
        db.session.remove()
        again = restore.invoke(args=["export", str(second), "--with-password-hashes"])
        assert again.exit_code == 0, again.output
        _restored_database_works(secrets)

    assert sum(len(rows) for rows in before.values()) > 10_000
    assert len(before["events"]) >= GENERATED_EVENTS
    for table in backup_tables():
        assert after[table.name] == before[table.name], table.name
    first_document, second_document = without_export_time(first), without_export_time(second)
    for name, rows in first_document["tables"].items():
        assert second_document["tables"][name] == rows, name
    assert second_document == first_document


def _restored_database_works(secrets: dict[str, str]) -> None:
    """Sign-ins, tokens and new rows work on the restored database as on the first."""
    assert authenticate(HOST, DEMO_PASSWORD) is not None
    assert user_for_token(secrets["api"]).email == HOST
    assert registration_for_token(secrets["manage"]).name == "佐藤 愛子"
    assert resolve_feed_token(secrets["attendee_feed"]).email == "attendee1@example.org"
    assert resolve_feed_token(secrets["organizer_feed"]).user.email == HOST
    # New rows get ids after the restored ones (PostgreSQL's sequences were moved on).
    largest = db.session.scalar(db.select(db.func.max(Organization.id)))
    created = create_organization(
        None,
        OrganizationDetails(
            slug="after-restore",
            name_en="Created after the restore",
            name_ja=None,
            kind=OrganizationKind.COMPANY,
            country="SE",
            timezone="Europe/Stockholm",
            work_start=time(9),
            work_end=time(17),
        ),
    )
    assert created.id == largest + 1
