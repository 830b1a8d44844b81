"""The one place where operations commit or roll back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.errors import StaleVersion
from planner.extensions import db
from planner.jobs.queue import discard_pending, enqueue_committed


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Run a block as one transaction: commit when it ends, roll back if it raises.

    Rolling back on any exception (domain errors included) is what guarantees that a
    refused request leaves nothing half-written. Losing a race on an event's version
    counter (two people saving the same event at the same moment) is the same domain
    error as saving from an old version: ``StaleVersion``, a 412 in the API and the
    conflict page on the web. Only events carry a version counter.

    The jobs the block asked for (``planner.jobs.queue.after_commit``) are queued once
    the commit succeeded, and forgotten on a rollback.
    """
    session = db.session
    try:
        yield session
        session.commit()
    except StaleDataError as error:
        session.rollback()
        discard_pending(session)
        raise StaleVersion(
            _("Someone else changed this event at the same moment. Reload and try again.")
        ) from error
    except BaseException:
        session.rollback()
        discard_pending(session)
        raise
    enqueue_committed(session)
