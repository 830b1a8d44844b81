"""What a backup holds: the header, every table of the data model, and their columns.

The tables and columns come from the SQLAlchemy metadata, never from a list kept by
hand, so a table or column added to the models is in the next backup without anyone
remembering it (``tests/backup`` fails if one is not).

A backup is one JSON object: a header, then ``tables``, one list of rows per table, in
the order they are restored (parents before the rows that refer to them)::

    {"format": "cohost-planner-backup", "format_version": 1, "schema_revision": "0007",
     "exported_at": "2026-05-01T09:00:00+00:00", "password_hashes": false,
     "tables": {"organizations": [{"id": 1, "slug": "link-j", ...}, ...], ...}}
"""

from __future__ import annotations

from sqlalchemy import Column, Table

import planner.models  # noqa: F401  (importing it registers every table on the metadata)
from planner.extensions import db

FORMAT_NAME = "cohost-planner-backup"
# Raised whenever a reader of an older file would misread a newer one.
FORMAT_VERSION = 1

# Columns that hold what a person's password can be guessed from offline: left out
# unless the export is asked for them. API token hashes and calendar/manage tokens stay
# in: they are random 256-bit secrets (nothing to guess), and attendees' calendars and
# people's scripts must keep working after a restore.
PASSWORD_COLUMNS = frozenset({("users", "password_hash")})

# What a restored account without its hash gets instead: no "$", so Werkzeug's
# check_password_hash never accepts any password for it, until an administrator sets a
# new one. Readable in the database, so an administrator can see why.
NO_PASSWORD = "!restored-from-backup-without-password"

# Rows per INSERT batch and per progress step: large enough to be fast, small enough
# to keep memory flat on large tables.
BATCH_ROWS = 1000


def backup_tables() -> list[Table]:
    """Every table of the data model, each after the tables its foreign keys point to."""
    return list(db.metadata.sorted_tables)


def backup_columns(table: Table, *, with_password_hashes: bool) -> list[Column]:
    """The columns of ``table`` a backup holds (all of them, or all but password hashes)."""
    return [
        column
        for column in table.columns
        if with_password_hashes or (table.name, column.name) not in PASSWORD_COLUMNS
    ]


def row_order(table: Table) -> list[Column]:
    """The columns rows are written in order of: the primary key, else every column.

    A fixed order makes two exports of the same data identical, which is how a restore
    is checked.
    """
    return list(table.primary_key.columns) or list(table.columns)
