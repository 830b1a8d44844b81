"""Import: a backup file checked in full, then restored into an empty database at once.

Nothing is written until the whole file has been read and every value checked; then
every row goes in within one transaction, so a restore is all or nothing. Ids are kept
(rows refer to each other by them, and feed and manage links carry tokens, not ids);
PostgreSQL's id sequences are then moved past the restored ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import Integer, Table, func, insert, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import StatementError

from planner.backup.export import NoProgress, Progress
from planner.backup.layout import (
    BATCH_ROWS,
    FORMAT_NAME,
    FORMAT_VERSION,
    NO_PASSWORD,
    PASSWORD_COLUMNS,
    backup_columns,
    backup_tables,
)
from planner.backup.schema import code_schema_revision, database_schema_revision
from planner.backup.values import BadValue, codec_for, decode_value, insert_type
from planner.errors import Conflict, ValidationFailed
from planner.unit_of_work import unit_of_work


@dataclass(frozen=True)
class Backup:
    """A backup file, read and checked: its header and every table's decoded rows."""

    schema_revision: str
    exported_at: str
    password_hashes: bool
    rows: dict[str, list[dict[str, Any]]]

    @property
    def total_rows(self) -> int:
        """Rows in every table together."""
        return sum(len(rows) for rows in self.rows.values())


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore wrote, and how many accounts still need a password."""

    row_counts: dict[str, int]
    accounts_without_password: int

    @property
    def total_rows(self) -> int:
        """Rows in every table together."""
        return sum(self.row_counts.values())


def _damaged(problem: str) -> ValidationFailed:
    """A refusal of the file itself; the message says that nothing was written."""
    return ValidationFailed(
        _("This backup cannot be restored (nothing was written): %(problem)s", problem=problem),
        code="backup_refused",
    )


def _parse(stream: IO[bytes]) -> Any:
    """The JSON document in ``stream``, or a refusal saying why it is not one."""
    try:
        return json.load(stream)
    except UnicodeDecodeError as error:
        raise _damaged(_("the file is not UTF-8 text.")) from error
    except json.JSONDecodeError as error:
        raise _damaged(
            _(
                "the file is not valid JSON (%(reason)s at line %(line)d, column %(column)d).",
                reason=error.msg,
                line=error.lineno,
                column=error.colno,
            )
        ) from error
    except RecursionError as error:
        raise _damaged(_("the file's JSON is nested too deeply.")) from error


def _checked_header(document: Any) -> dict[str, Any]:
    """The document if its header says it is a backup this installation can restore."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise _damaged(_("the file is not a Co-host Planner backup."))
    version = document.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise _damaged(
            _(
                "the file has backup format version %(found)s; this installation reads "
                "version %(expected)s.",
                found=json.dumps(version),
                expected=FORMAT_VERSION,
            )
        )
    expected = code_schema_revision()
    if document.get("schema_revision") != expected:
        raise _damaged(
            _(
                "the file was exported at schema revision %(found)s, but this installation "
                "is at %(expected)s. Restore it with the Co-host Planner version that wrote "
                "it and upgrade afterwards, or export it again from an installation at "
                "%(expected)s.",
                found=json.dumps(document.get("schema_revision")),
                expected=expected,
            )
        )
    if not isinstance(document.get("password_hashes"), bool):
        raise _damaged(_("the header's password_hashes is not true or false."))
    if not isinstance(document.get("exported_at"), str):
        raise _damaged(_("the header has no export time."))
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _damaged(_("the file has no tables."))
    known = {table.name for table in backup_tables()}
    for name in sorted(set(tables) ^ known):
        if name in known:
            raise _damaged(_("the file has no table %(table)s.", table=name))
        raise _damaged(_("the file has a table %(table)s this schema does not know.", table=name))
    return document


def _check_row_columns(table: Table, number: int, row: Any, names: set[str]) -> None:
    """Refuse row ``number`` unless it is an object with exactly the columns ``names``."""
    if isinstance(row, dict) and row.keys() == names:
        return
    where = {"row": number, "table": table.name}
    if not isinstance(row, dict):
        raise _damaged(_("row %(row)d of %(table)s is not an object.", **where))
    missing, unexpected = sorted(names - row.keys()), sorted(row.keys() - names)
    if missing:
        raise _damaged(
            _("row %(row)d of %(table)s lacks the column %(column)s.", column=missing[0], **where)
        )
    raise _damaged(
        _(
            "row %(row)d of %(table)s has an unexpected column %(column)s.",
            column=unexpected[0],
            **where,
        )
    )


def _decoded_rows(table: Table, rows: Any, with_password_hashes: bool) -> list[dict[str, Any]]:
    """``table``'s rows from the file, each value checked and decoded for inserting."""
    if not isinstance(rows, list):
        raise _damaged(_("the table %(table)s is not a list of rows.", table=table.name))
    columns = backup_columns(table, with_password_hashes=with_password_hashes)
    codecs = [(column, codec_for(column)) for column in columns]
    names = {column.name for column in columns}
    # Only password columns are ever left out (layout.backup_columns): fill them in.
    left_out = [column.name for column in table.columns if column.name not in names]
    decoded = []
    for number, row in enumerate(rows, start=1):
        _check_row_columns(table, number, row, names)
        values = {}
        for column, codec in codecs:
            try:
                values[column.name] = decode_value(column, codec, row[column.name])
            except BadValue as error:
                raise _damaged(
                    _(
                        "row %(row)d of %(table)s, column %(column)s: %(problem)s.",
                        row=number,
                        table=table.name,
                        column=column.name,
                        problem=str(error),
                    )
                ) from error
        values.update(dict.fromkeys(left_out, NO_PASSWORD))
        decoded.append(values)
    return decoded


def read_backup(stream: IO[bytes]) -> Backup:
    """Read and check a whole backup file; ``ValidationFailed`` says what is wrong with it.

    Checks the format and its version, that the schema revision is this installation's,
    that every table is there (and no other), and every row's columns and values.
    """
    document = _checked_header(_parse(stream))
    with_hashes = document["password_hashes"]
    rows = {
        table.name: _decoded_rows(table, document["tables"][table.name], with_hashes)
        for table in backup_tables()
    }
    return Backup(document["schema_revision"], document["exported_at"], with_hashes, rows)


def _refuse_non_empty(connection: Connection) -> None:
    """Refuse a database that holds any row: a restore never merges into existing data."""
    for model_table in backup_tables():
        if connection.scalar(select(func.count()).select_from(model_table)):
            raise Conflict(
                _(
                    "The database is not empty (the table %(table)s has rows), so nothing "
                    "was imported. Restore into a new database: create it, run "
                    "`flask --app planner db upgrade`, then import.",
                    table=model_table.name,
                ),
                code="backup_refused",
            )


def _insert_target(model_table: Table) -> Any:
    """A bare table to insert into: the columns with their insert types, no defaults.

    Without the models' defaults, every value is the one in the file (an export's
    ``updated_at`` is not replaced by the time of the import).
    """
    return sql_table(
        model_table.name,
        *(sql_column(each.name, insert_type(each)) for each in model_table.columns),
    )


def _reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move each id sequence past the largest restored id.

    Rows were inserted with their ids, which does not advance a sequence; without this
    the next new row would be given id 1 and collide. SQLite takes the next id from
    the largest one in the table, so has nothing to reset.
    """
    if connection.dialect.name != "postgresql":
        return
    for model_table in backup_tables():
        key = list(model_table.primary_key.columns)
        # Only a single integer id has a sequence (not event_cohosts' pair of ids).
        if len(key) != 1 or not isinstance(key[0].type, Integer) or key[0].foreign_keys:
            continue
        sequence = func.pg_get_serial_sequence(model_table.name, key[0].name)
        largest = func.max(key[0])
        connection.execute(
            select(func.setval(sequence, func.coalesce(largest, 1), largest.is_not(None)))
        )


def restore_backup(backup: Backup, progress: Progress | None = None) -> RestoreSummary:
    """Insert every row of ``backup`` into the empty database, in one transaction.

    Refuses (``Conflict``) a database that is not at the backup's schema revision or
    holds any row; a row the database refuses (``ValidationFailed``) undoes them all.
    """
    progress = progress or NoProgress()
    try:
        with unit_of_work() as session:
            connection = session.connection()
            database_schema_revision(connection)
            _refuse_non_empty(connection)
            progress.begin(backup.total_rows)
            for model_table in backup_tables():
                rows = backup.rows[model_table.name]
                target = _insert_target(model_table)
                for start in range(0, len(rows), BATCH_ROWS):
                    batch = rows[start : start + BATCH_ROWS]
                    connection.execute(insert(target), batch)
                    progress.advance(len(batch))
            _reset_sequences(connection)
    except StatementError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise _damaged(_("the database refused a row: %(reason)s", reason=reason)) from error
    return RestoreSummary(
        row_counts={name: len(rows) for name, rows in backup.rows.items()},
        accounts_without_password=_without_password(backup),
    )


def _without_password(backup: Backup) -> int:
    """How many restored rows got ``NO_PASSWORD`` (accounts that cannot sign in yet)."""
    if backup.password_hashes:
        return 0
    return sum(len(backup.rows[table_name]) for table_name, _column in PASSWORD_COLUMNS)
