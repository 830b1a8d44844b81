"""Reading what the outbox sent an attendee: the only place their secret links appear."""

from __future__ import annotations

import re

from planner.extensions import db
from planner.models import OutboxMessage

BASE = "http://planner.test"
_MANAGE = re.compile(r"https?://[^\s/]+(/registrations/[A-Za-z0-9_-]+)")
_FEED = re.compile(r"https?://[^\s/]+(/feeds/attendee/[A-Za-z0-9_-]+\.ics)")


def messages_to(email: str) -> list[OutboxMessage]:
    """Every message queued for ``email``, oldest first."""
    return list(
        db.session.scalars(
            db.select(OutboxMessage)
            .filter_by(recipient=email.strip().lower())
            .order_by(OutboxMessage.id)
        )
    )


def last_message_to(email: str) -> OutboxMessage:
    """The newest message queued for ``email`` (fails when there is none)."""
    found = messages_to(email)
    assert found, f"no message to {email}"
    return found[-1]


def manage_path(message: OutboxMessage) -> str:
    """The manage page's path in a message."""
    match = _MANAGE.search(message.body)
    assert match, message.body
    return match.group(1)


def feed_path(message: OutboxMessage) -> str:
    """The personal feed's path in a message."""
    match = _FEED.search(message.body)
    assert match, message.body
    return match.group(1)
