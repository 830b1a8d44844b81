"""Where proposals stand, for the clock's messages: who has answered, what can be confirmed.

Read in bulk (:func:`open_proposals` loads every candidate time and answer with the
events, in a fixed number of queries), then decided in plain Python per event and
organization, so a job's cost does not grow with its readers.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.models import Answer, CandidateSlot, Event, EventStatus, Organization, event_cohosts

# The answers that agree to a time (as confirming a slot counts them).
AGREEING = (Answer.YES, Answer.MAYBE)


def open_proposals(query: Select) -> list[Event]:
    """The proposed events ``query`` selects, with their co-hosts, times and answers loaded."""
    query = query.where(Event.status == EventStatus.PROPOSED).options(
        selectinload(Event.cohosts),
        selectinload(Event.host),
        selectinload(Event.slots).selectinload(CandidateSlot.responses),
    )
    return list(db.session.scalars(query).unique())


def proposals_involving(organization_ids: Iterable[int]) -> list[Event]:
    """Every open proposal the organizations host or co-host."""
    ids = list(organization_ids)
    if not ids:
        return []
    cohosted = select(event_cohosts.c.event_id).where(event_cohosts.c.organization_id.in_(ids))
    return open_proposals(
        select(Event).where(Event.host_organization_id.in_(ids) | Event.id.in_(cohosted))
    )


def has_answered_all(event: Event, organization_id: int) -> bool:
    """Whether the organization has answered every candidate time of ``event``."""
    return all(
        any(response.organization_id == organization_id for response in slot.responses)
        for slot in event.slots
    )


def silent_cohosts(event: Event) -> list[Organization]:
    """The co-host organizations that have not answered every candidate time yet."""
    return [org for org in event.cohosts if not has_answered_all(event, org.id)]


def ready_to_confirm(event: Event) -> bool:
    """Whether some candidate time has every co-host's agreement (the host may confirm it)."""
    cohost_ids = {org.id for org in event.cohosts}
    for slot in event.slots:
        agreeing = {r.organization_id for r in slot.responses if r.answer in AGREEING}
        if cohost_ids <= agreeing:
            return True
    return False
