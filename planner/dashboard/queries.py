"""What an organizer sees first: what waits for them, their drafts, what is coming up."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from planner.core.lifecycle import FINAL
from planner.events.access import sent_condition
from planner.extensions import db
from planner.models import CandidateSlot, Event, EventStatus, User, event_cohosts, utc_now


@dataclass
class Dashboard:
    """The organizer's events, grouped by what they need."""

    awaiting_my_answer: list[Event] = field(default_factory=list)
    awaiting_partners: list[Event] = field(default_factory=list)
    drafts: list[Event] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    closed: list[Event] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many events are in each group."""
        return {
            "awaiting_my_answer": len(self.awaiting_my_answer),
            "awaiting_partners": len(self.awaiting_partners),
            "drafts": len(self.drafts),
            "upcoming": len(self.upcoming),
        }


def _unanswered_by(event: Event, organization_id: int) -> bool:
    """True when some slot has no answer from the organization yet."""
    return any(
        all(response.organization_id != organization_id for response in slot.responses)
        for slot in event.slots
    )


def dashboard_for(user: User) -> Dashboard:
    """Group the events the user's organization hosts or co-hosts (admins: all events)."""
    query = select(Event).options(
        selectinload(Event.cohosts),
        selectinload(Event.slots).selectinload(CandidateSlot.responses),
    )
    if not user.is_admin or user.organization_id is not None:
        cohosted = select(event_cohosts.c.event_id).where(
            event_cohosts.c.organization_id == user.organization_id
        )
        # A co-host's board holds what the host has sent it, never an unsent draft
        # (nor one the host withdrew before sending).
        query = query.where(
            or_(
                Event.host_organization_id == user.organization_id,
                and_(sent_condition(), Event.id.in_(cohosted)),
            )
        )
    events = db.session.scalars(query.order_by(Event.created_at.desc(), Event.id.desc())).all()
    board = Dashboard()
    now = utc_now()
    for event in events:
        is_host = event.host_organization_id == user.organization_id
        if event.status == EventStatus.DRAFT:
            if is_host:
                board.drafts.append(event)
        elif event.status == EventStatus.PROPOSED:
            if not is_host and _unanswered_by(event, user.organization_id):
                board.awaiting_my_answer.append(event)
            else:
                board.awaiting_partners.append(event)
        elif event.status in (EventStatus.CONFIRMED, EventStatus.PUBLISHED) and (
            event.end_utc is None or event.end_utc >= now
        ):
            board.upcoming.append(event)
        elif event.status in FINAL or event.status == EventStatus.PUBLISHED:
            board.closed.append(event)
    board.upcoming.sort(key=lambda e: e.start_utc or now)
    return board
