"""Export: every table of the database to one JSON document, written as it is read.

The document is streamed table by table and row by row (a few thousand rows held at a
time, never the whole database as one string), from one consistent snapshot: on
PostgreSQL a REPEATABLE READ, READ ONLY transaction, on SQLite one read transaction,
so rows written while the export runs cannot leave a registration whose event is
missing from the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol, TextIO

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, scoped_session

from planner.backup.layout import (
    BATCH_ROWS,
    FORMAT_NAME,
    FORMAT_VERSION,
    backup_columns,
    backup_tables,
    row_order,
)
from planner.backup.schema import database_schema_revision
from planner.backup.values import codec_for, encode_value
from planner.models import utc_now
from planner.unit_of_work import unit_of_work


class Progress(Protocol):
    """Told how many rows there are, then how many more are done (a progress bar)."""

    def begin(self, total: int) -> None:
        """The work is ``total`` rows."""

    def advance(self, rows: int) -> None:
        """``rows`` more rows are done."""


class NoProgress:
    """Progress nobody watches (``--quiet``, or no terminal)."""

    def begin(self, total: int) -> None:
        """Nothing to show."""

    def advance(self, rows: int) -> None:
        """Nothing to show."""


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    schema_revision: str
    row_counts: dict[str, int]
    with_password_hashes: bool

    @property
    def total_rows(self) -> int:
        """Rows in every table together."""
        return sum(self.row_counts.values())


def _snapshot_connection(session: Session | scoped_session) -> Connection:
    """The session's connection, reading one consistent snapshot when it starts afresh.

    A session already inside a transaction (the caller's, or a test's SAVEPOINT) reads
    that transaction's snapshot: only its first statement may choose the isolation.
    """
    # The unit of work hands out Flask-SQLAlchemy's scoped session; ask the real one.
    fresh = not (session() if isinstance(session, scoped_session) else session).in_transaction()
    connection = session.connection()
    if not fresh or connection.in_nested_transaction():
        return connection
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    elif connection.dialect.name == "sqlite":
        # The sqlite3 driver starts transactions only before writes, so each SELECT
        # would read its own moment; an explicit BEGIN holds one snapshot for them all.
        driver_connection = connection.connection.dbapi_connection
        if not driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN")
    return connection


def _header(revision: str, with_password_hashes: bool) -> str:
    """The document's opening: the header fields, up to the start of ``tables``."""
    header = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "exported_at": utc_now().isoformat(),
        "password_hashes": with_password_hashes,
    }
    # Every field but the last, streamed one: the object stays open for "tables".
    return json.dumps(header, ensure_ascii=False)[:-1] + ',\n"tables": {\n'


def export_backup(
    out: TextIO, *, with_password_hashes: bool = False, progress: Progress | None = None
) -> ExportSummary:
    """Write every table to ``out`` as one backup document (see ``planner.backup.layout``).

    Password hashes are left out unless ``with_password_hashes``. Refuses (``Conflict``)
    a database whose schema is not at this installation's revision.
    """
    progress = progress or NoProgress()
    tables = backup_tables()
    # A read-only unit of work: it commits nothing, but ends the snapshot cleanly.
    with unit_of_work() as session:
        connection = _snapshot_connection(session)
        revision = database_schema_revision(connection)
        # For the progress bar only: the rows written are counted as they are written.
        progress.begin(
            sum(connection.scalar(select(func.count()).select_from(table)) for table in tables)
        )
        out.write(_header(revision, with_password_hashes))
        counts: dict[str, int] = {}
        for index, table in enumerate(tables):
            columns = backup_columns(table, with_password_hashes=with_password_hashes)
            codecs = [codec_for(column) for column in columns]
            names = [column.name for column in columns]
            out.write(f"{',' if index else ''}{json.dumps(table.name)}: [")
            result = connection.execute(
                select(
                    *(codec.read(column) for column, codec in zip(columns, codecs, strict=True))
                ).order_by(*row_order(table)),
                execution_options={"yield_per": BATCH_ROWS},
            )
            separator, counts[table.name] = "\n", 0
            for batch in result.partitions():
                for row in batch:
                    encoded = {
                        name: encode_value(codec, value)
                        for name, codec, value in zip(names, codecs, row, strict=True)
                    }
                    out.write(separator + json.dumps(encoded, ensure_ascii=False))
                    separator = ",\n"
                counts[table.name] += len(batch)
                progress.advance(len(batch))
            out.write("\n]\n")
        out.write("}}\n")
    return ExportSummary(revision, counts, with_password_hashes)
