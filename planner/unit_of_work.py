"""The one place where services commit or roll back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from planner.extensions import db


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Run a block as one transaction: commit when it ends, roll back if it raises.

    Rolling back on any exception (domain errors included) is what guarantees that a
    refused request leaves nothing half-written.
    """
    session = db.session
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
