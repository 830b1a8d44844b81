"""Finding the events someone may see, with optional filters. Read-only.

The same rule as ``access.can_view``, as one query: public events for everyone; for
an organizer also every event their organization hosts (drafts included) and every
event it co-hosts that the host has sent (not a draft, nor a draft withdrawn unsent);
for an admin every event.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from planner.errors import ValidationFailed
from planner.events.access import public_condition, sent_condition
from planner.extensions import db
from planner.models import (
    CandidateSlot,
    Event,
    EventStatus,
    Organization,
    User,
    event_cohosts,
)


def _cohosted_by(organization_id: int | None) -> Select:
    """Ids of the events an organization co-hosts."""
    return select(event_cohosts.c.event_id).where(
        event_cohosts.c.organization_id == organization_id
    )


def visible_events(
    user: User | None,
    *,
    statuses: Sequence[EventStatus] = (),
    organization_slug: str | None = None,
) -> list[Event]:
    """The events ``user`` may see, newest first.

    ``statuses`` keeps only events in those states; ``organization_slug`` only events
    that organization hosts or co-hosts (an unknown slug is a 400 on ``org``).
    """
    query = select(Event).options(
        selectinload(Event.host),
        selectinload(Event.cohosts),
        selectinload(Event.speakers),
        selectinload(Event.slots).selectinload(CandidateSlot.responses),
    )
    if user is None:
        query = query.where(public_condition())
    elif not user.is_admin:
        query = query.where(
            or_(
                public_condition(),
                Event.host_organization_id == user.organization_id,
                and_(sent_condition(), Event.id.in_(_cohosted_by(user.organization_id))),
            )
        )
    if statuses:
        query = query.where(Event.status.in_(list(statuses)))
    if organization_slug is not None:
        organization = db.session.scalar(
            select(Organization).where(Organization.slug == organization_slug)
        )
        if organization is None:
            raise ValidationFailed(
                _("Unknown organization: %(slugs)s.", slugs=organization_slug), field="org"
            )
        query = query.where(
            or_(
                Event.host_organization_id == organization.id,
                Event.id.in_(_cohosted_by(organization.id)),
            )
        )
    return list(db.session.scalars(query.order_by(Event.created_at.desc(), Event.id.desc())))
