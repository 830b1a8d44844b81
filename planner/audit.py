"""Writing and reading the audit log.

``record`` adds an entry to the caller's unit of work, so the entry is committed with
the change it describes, or not at all. Its ``actor`` says who acted: a user, a
:class:`Visitor` (someone without an account, such as a registrant), ``SYSTEM`` (the
app on its own: the clock, the waitlist) or ``None`` (an administrator at the command
line, the only caller that acts without any of these).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEntry, User


class ActorKind(StrEnum):
    """Who acted, as ``AuditEntry.actor_kind`` stores it."""

    USER = "user"
    VISITOR = "visitor"
    SYSTEM = "system"
    COMMAND_LINE = "command_line"


SYSTEM = ActorKind.SYSTEM


@dataclass(frozen=True)
class Visitor:
    """Someone acting without an account: a registrant on the event page or the API."""

    name: str
    email: str


def record(
    actor: User | Visitor | ActorKind | None,
    action: str,
    target_type: str,
    target_id: int | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    event_id: int | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (the caller commits)."""
    if isinstance(actor, User):
        kind, actor_id, name = ActorKind.USER, actor.id, None
    elif isinstance(actor, Visitor):
        kind, actor_id, name = ActorKind.VISITOR, None, actor.name
    else:
        kind, actor_id, name = actor or ActorKind.COMMAND_LINE, None, None
    entry = AuditEntry(
        actor_id=actor_id,
        actor_kind=str(kind),
        actor_name=name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
        event_id=event_id,
    )
    db.session.add(entry)
    return entry


def changed_fields(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (before, after) limited to the keys whose values differ."""
    keys = [key for key in new if old.get(key) != new.get(key)]
    return {key: old.get(key) for key in keys}, {key: new[key] for key in keys}


def recent_entries(limit: int = 200) -> list[AuditEntry]:
    """Return the newest audit entries, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def entries_for_event(event_id: int) -> list[AuditEntry]:
    """Everything recorded about one event, oldest first."""
    query = select(AuditEntry).where(AuditEntry.event_id == event_id)
    return list(db.session.scalars(query.order_by(AuditEntry.created_at, AuditEntry.id)))
