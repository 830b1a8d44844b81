"""What ``flask import`` refuses: each with one clear line, exit code 1, nothing written.

A good backup of the demo organizations and accounts is made first, the database is
emptied (inside the test's transaction), and then each damaged copy is offered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from planner.backup.schema import code_schema_revision
from planner.extensions import db
from planner.models import Organization
from tests.backup.database_states import empty_every_table, row_total, stamp_revision


@pytest.fixture
def document(runner: FlaskCliRunner, demo: None, tmp_path: Path) -> dict[str, Any]:
    """A good backup of the demo data, parsed; the database is empty afterwards."""
    path = tmp_path / "good.json"
    result = runner.invoke(args=["export", str(path), "--with-password-hashes"])
    assert result.exit_code == 0, result.output
    empty_every_table()
    return json.loads(path.read_text(encoding="utf-8"))


def offer(runner: FlaskCliRunner, tmp_path: Path, content: bytes | dict) -> str:
    """Import ``content``, check that it was refused cleanly, and return the message."""
    path = tmp_path / "offered.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert row_total() == 0
    return result.output


def test_a_good_backup_is_imported(runner: FlaskCliRunner, tmp_path: Path, document: dict) -> None:
    path = tmp_path / "again.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(Organization.name_ja).filter_by(slug="dk-embassy")) == (
        "駐日デンマーク大使館"
    )


def test_a_database_with_rows_is_refused(
    runner: FlaskCliRunner, demo: None, tmp_path: Path
) -> None:
    path = tmp_path / "demo.json"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0
    rows = row_total()
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "The database is not empty (the table organizations has rows)" in result.output
    assert "nothing was imported" in result.output
    assert row_total() == rows


def _set(path: tuple, value: Any) -> Callable[[dict], dict]:
    """A change to the document: the value at ``path`` (keys and list indexes) replaced."""

    def change(document: dict) -> dict:
        target = document
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return document

    return change


_DELETE = object()
USER = ("tables", "users", 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set(("format_version",), 2),
            "backup format version 2; this installation reads version 1",
        ),
        (_set(("format_version",), "1"), 'backup format version "1"'),
        (_set(("format",), "something-else"), "the file is not a Co-host Planner backup"),
        (_set(("schema_revision",), "0001"), 'exported at schema revision "0001", but this'),
        (_set(("password_hashes",), _DELETE), "password_hashes is not true or false"),
        (_set(("exported_at",), None), "the header has no export time"),
        (_set(("tables",), []), "the file has no tables"),
        (_set(("tables", "speakers"), _DELETE), "the file has no table speakers"),
        (_set(("tables", "sessions"), []), "a table sessions this schema does not know"),
        (_set(("tables", "users"), {}), "the table users is not a list of rows"),
        (_set((*USER, "email"), _DELETE), "row 1 of users lacks the column email"),
        (_set((*USER, "unknown"), 1), "row 1 of users has an unexpected column unknown"),
        (_set(("tables", "users", 1), [1, 2]), "row 2 of users is not an object"),
        (_set((*USER, "created_at"), "2037-01-01T09:00:00"), "with its UTC offset"),
        (_set((*USER, "created_at"), "yesterday"), "column created_at: expected an ISO 8601"),
        (_set((*USER, "role"), "owner"), "column role: not one of admin, org_admin, organizer"),
        (_set((*USER, "organization_id"), "1"), "column organization_id: expected a whole"),
        (_set((*USER, "organization_id"), True), "column organization_id: expected a whole"),
        (_set((*USER, "active"), 1), "column active: expected true or false"),
        (_set((*USER, "display_name"), "x" * 121), "longer than 120 characters"),
        (_set((*USER, "display_name"), "\ud800"), "not valid Unicode"),
        (_set((*USER, "email"), None), "row 1 of users, column email: may not be empty"),
        (_set(("tables", "organizations", 0, "work_start"), "9am"), "time of day"),
        (_set(("tables", "organizations", 0, "audience_zones"), ["x"]), "expected JSON"),
        (_set(("tables", "organizations", 0, "audience_zones"), "[1,"), "expected JSON"),
    ],
)
def test_a_damaged_file_is_refused(
    runner: FlaskCliRunner, tmp_path: Path, document: dict, change: Callable, expected: str
) -> None:
    message = offer(runner, tmp_path, change(document))
    assert "This backup cannot be restored (nothing was written)" in message
    assert expected in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is not valid JSON (Expecting value at line 1, column 1)"),
        (b"PGDMP\x00\x01", "the file is not valid JSON"),
        (b'{"format": "\xff"}', "the file is not UTF-8 text"),
        (b"[" * 100_000, "nested too deeply"),
        (b"[1, 2]", "the file is not a Co-host Planner backup"),
    ],
)
def test_what_is_not_a_backup_is_refused(
    runner: FlaskCliRunner, tmp_path: Path, document: dict, content: bytes, expected: str
) -> None:
    assert expected in offer(runner, tmp_path, content)


def test_a_cut_off_file_is_refused(runner: FlaskCliRunner, tmp_path: Path, document: dict) -> None:
    whole = json.dumps(document).encode()
    assert "the file is not valid JSON" in offer(runner, tmp_path, whole[: len(whole) // 2])


def test_a_row_the_database_refuses_undoes_every_row_before_it(
    runner: FlaskCliRunner, tmp_path: Path, document: dict
) -> None:
    # Organizations go in first; the second account then repeats the first one's id.
    document["tables"]["users"][1]["id"] = document["tables"]["users"][0]["id"]
    message = offer(runner, tmp_path, document)
    assert "the database refused a row" in message


def test_a_database_at_another_revision_is_refused(
    runner: FlaskCliRunner, tmp_path: Path, document: dict
) -> None:
    stamp_revision("0001")
    message = offer(runner, tmp_path, document)
    assert (
        f"The database is at schema revision 0001, but this installation expects "
        f"{code_schema_revision()}. Run `flask --app planner db upgrade` first."
    ) in message


def test_a_database_without_the_schema_is_refused(
    runner: FlaskCliRunner, tmp_path: Path, document: dict
) -> None:
    db.session.execute(db.text("DROP TABLE event_revisions"))
    db.session.commit()
    path = tmp_path / "good.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "no Co-host Planner schema yet (no table event_revisions)" in result.output


def test_a_missing_file_is_a_usage_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["import", str(tmp_path / "nowhere.json")])
    assert result.exit_code == 2
    assert "No such file or directory" in result.output
