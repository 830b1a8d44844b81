"""Bringing the test's database into the states an import must refuse or accept.

All inside the test's transaction, which is rolled back after it.
"""

from __future__ import annotations

from sqlalchemy import func, select, text

from planner.extensions import db


def row_total() -> int:
    """How many rows the database holds, in every table together."""
    return sum(
        db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    )


def empty_every_table() -> None:
    """Delete every row (inside the test's transaction, which is rolled back after it)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def stamp_revision(revision: str) -> None:
    """Give the database an Alembic stamp (inside the test's transaction)."""
    db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    db.session.execute(text("INSERT INTO alembic_version VALUES (:number)"), {"number": revision})
    db.session.commit()
