"""``flask export``: what the file holds and leaves out, where it goes, what it shows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from planner.accounts.operations import authenticate, update_user
from planner.backup.commands import TerminalProgress, progress_wanted
from planner.backup.layout import NO_PASSWORD, backup_tables
from planner.backup.values import codec_for
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import User
from tests.backup.database_states import empty_every_table, stamp_revision
from tests.factories import ADMIN, HOST


def export(runner: FlaskCliRunner, path: Path, *options: str) -> dict:
    """Export to ``path`` and return the document."""
    result = runner.invoke(args=["export", str(path), *options])
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_table_and_every_column_is_in_the_export(
    runner: FlaskCliRunner, demo: None, tmp_path: Path
) -> None:
    document = export(runner, tmp_path / "backup.json", "--with-password-hashes")
    assert set(document["tables"]) == set(db.metadata.tables)
    assert [table.name for table in backup_tables()] == list(document["tables"])
    for name, table in db.metadata.tables.items():
        for row in document["tables"][name]:
            assert list(row) == [column.name for column in table.columns], name


def test_every_column_type_of_the_models_can_be_written() -> None:
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            codec_for(column)  # raises UnsupportedColumn for a type not handled yet


def test_without_the_flag_no_password_hash_is_exported(
    runner: FlaskCliRunner, demo: None, tmp_path: Path
) -> None:
    hashes = list(db.session.scalars(db.select(User.password_hash)))
    plain = (tmp_path / "plain.json", tmp_path / "with.json")
    document = export(runner, plain[0])
    text = plain[0].read_text(encoding="utf-8")
    assert document["password_hashes"] is False
    assert all("password_hash" not in row for row in document["tables"]["users"])
    assert not any(password_hash in text for password_hash in hashes)
    assert "scrypt:" not in text
    with_hashes = export(runner, plain[1], "--with-password-hashes")
    assert with_hashes["password_hashes"] is True
    assert sorted(row["password_hash"] for row in with_hashes["tables"]["users"]) == sorted(hashes)


def test_accounts_restored_without_hashes_wait_for_a_new_password(
    runner: FlaskCliRunner, demo: None, tmp_path: Path
) -> None:
    path = tmp_path / "plain.json"
    export(runner, path)
    empty_every_table()
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "5 accounts have no password yet" in result.output
    assert "Admin > Users > Edit" in result.output
    organizer = db.session.scalar(db.select(User).filter_by(email=HOST))
    assert organizer.password_hash == NO_PASSWORD
    assert authenticate(HOST, DEMO_PASSWORD) is None
    assert authenticate(HOST, NO_PASSWORD) is None
    admin = db.session.scalar(db.select(User).filter_by(email=ADMIN))
    update_user(
        admin,
        organizer.id,
        email=organizer.email,
        display_name=organizer.display_name,
        role=organizer.role,
        organization_id=organizer.organization_id,
        active=True,
        new_password="a-new-long-password",
    )
    assert authenticate(HOST, "a-new-long-password") is not None


def test_export_to_standard_output_keeps_the_summary_apart(
    runner: FlaskCliRunner, demo: None
) -> None:
    result = runner.invoke(args=["export", "-"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["tables"]["organizations"][1]["name_ja"] == "駐日デンマーク大使館"
    assert "Exported" in result.stderr
    assert "rows of" in result.stderr and "to standard output" in result.stderr


def test_quiet_export_says_nothing(runner: FlaskCliRunner, demo: None, tmp_path: Path) -> None:
    result = runner.invoke(args=["export", str(tmp_path / "backup.json"), "--quiet"])
    assert result.exit_code == 0
    assert result.output == ""
    assert (tmp_path / "backup.json").stat().st_size > 1000


def test_a_refused_export_leaves_no_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    stamp_revision("0001")
    result = runner.invoke(args=["export", str(tmp_path / "backup.json")])
    assert result.exit_code == 1
    assert "The database is at schema revision 0001" in result.output
    assert list(tmp_path.iterdir()) == []


class FakeTerminal(io.StringIO):
    """Text written to what claims to be a terminal."""

    def isatty(self) -> bool:
        """Claim to be one."""
        return True


@pytest.mark.parametrize(
    ("quiet", "stream", "wanted"),
    [(False, FakeTerminal(), True), (True, FakeTerminal(), False), (False, io.StringIO(), False)],
)
def test_a_progress_bar_only_on_a_terminal_and_not_when_quiet(
    quiet: bool, stream: io.StringIO, wanted: bool
) -> None:
    assert progress_wanted(quiet, stream) is wanted


def test_the_progress_bar_counts_rows() -> None:
    terminal = FakeTerminal()
    bar = TerminalProgress("Exporting", terminal)
    bar.begin(2000)
    bar.advance(1000)
    halfway = terminal.getvalue()
    bar.advance(1000)
    bar.close()
    assert "Exporting" in halfway and "50%" in halfway
    assert "100%" in terminal.getvalue()


def test_no_progress_bar_into_a_pipe(runner: FlaskCliRunner, demo: None, tmp_path: Path) -> None:
    result = runner.invoke(args=["export", str(tmp_path / "backup.json")])
    assert "Exporting" not in result.output
    assert "%" not in result.output
