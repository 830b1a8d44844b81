"""Completing events: a published event whose end has passed becomes completed.

Nobody asks for this move; the clock makes it: the job worker runs it every five
minutes (``flask --app planner complete-events`` runs it by hand). Pages never do it:
a GET request never writes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from planner import audit
from planner.core.lifecycle import Action, check_transition
from planner.extensions import db
from planner.jobs.registry import job
from planner.models import Event, EventStatus, utc_now
from planner.unit_of_work import unit_of_work


@job("complete_ended_events", every_minutes=5)
def complete_ended_events(now: datetime | None = None) -> list[int]:
    """Mark every published event that ended by ``now`` as completed; return their ids.

    Running it again completes nothing more (idempotent). The rows are locked so two
    runs at once cannot both move the same event.
    """
    moment = now or utc_now()
    with unit_of_work():
        ended = db.session.scalars(
            select(Event)
            .where(Event.status == EventStatus.PUBLISHED, Event.end_utc <= moment)
            .order_by(Event.id)
            .with_for_update(skip_locked=True)
        ).all()
        for event in ended:
            event.status = check_transition(event.status, Action.COMPLETE)
            # No touch(): a completed event reads the same in every calendar (still
            # CONFIRMED), so LAST-MODIFIED and DTSTAMP stay and feeds stay identical.
            audit.record(
                audit.SYSTEM,
                "event.complete",
                "event",
                event.id,
                event_id=event.id,
                before={"status": str(EventStatus.PUBLISHED)},
                after={"status": str(EventStatus.COMPLETED)},
            )
    return [event.id for event in ended]
