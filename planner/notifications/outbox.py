"""The outbox: every email waits here until a job delivers it, and admins read it.

A change queues its messages inside its own unit of work, so a message exists exactly
when the change it announces was committed: as a kind and a reader with
:func:`planner.notifications.messages.queue_message` (written when delivered, in the
reader's language and zone), or, for a personal link, with
:func:`planner.notifications.links.queue_personal_email`. Once it commits, a job sends
the message if ``MAIL_SERVER`` is set (:mod:`planner.notifications.delivery`); without
it the messages stay in the outbox, where admins read them in the app. A failed
delivery is recorded on the message and never undoes the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from planner.extensions import db
from planner.models import OutboxMessage, User


def organizers_of(organization_ids: Iterable[int]) -> list[User]:
    """The active users of the given organizations, ordered by email."""
    ids = list(organization_ids)
    if not ids:
        return []
    query = select(User).where(User.organization_id.in_(ids), User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.email)))


def list_outbox(limit: int = 200) -> list[OutboxMessage]:
    """The newest outbox messages, for the admin page."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.scalars(query))
