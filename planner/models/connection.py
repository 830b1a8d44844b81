"""How every database connection is set up: SQLite made safe for one machine.

SQLite is the embedded default (``make run``, a single machine), so its connections get
what a small production needs:

* ``journal_mode=WAL``: readers never wait for the writer and the writer does not wait
  for readers, so a page view does not stall behind a registration;
* ``busy_timeout``: a writer that finds the database locked waits for it (up to
  ``SQLITE_BUSY_TIMEOUT_MS``) instead of failing at once with "database is locked";
* ``foreign_keys=ON``: SQLite ignores foreign keys unless asked, and a row pointing at
  nothing is exactly the kind of half-written data we promise never to keep.

PostgreSQL needs nothing here: it enforces all of this itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Long enough for a burst of registrations to queue behind the write lock, short
# enough that a real deadlock still surfaces (as a 503, see planner.errors).
SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys=ON",
)


def _is_sqlite(dbapi_connection: Any) -> bool:
    """Whether a raw DB-API connection is an sqlite3 one."""
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _set_sqlite_pragmas(dbapi_connection: Any, _connection_record: Any) -> None:
    """Apply the pragmas to every new SQLite connection, of any engine."""
    if not _is_sqlite(dbapi_connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
