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
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.models import AuditEntry, CandidateSlot, Event, Organization, Registration, User


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


@dataclass(frozen=True)
class References:
    """What audit entries refer to by id, loaded at once so that presenters never query.

    An entry names a candidate time, a registration or an account by id; the history
    pages show the time, the name and the address instead. Rows deleted since are
    simply absent.
    """

    events: dict[int, Event]
    slots: dict[int, CandidateSlot]
    organizations: list[Organization]
    registrations: dict[int, Registration]
    users: dict[int, User]


def _target_ids(entries: list[AuditEntry], target_type: str) -> set[int]:
    """The ids of the entries' targets of one type."""
    return {e.target_id for e in entries if e.target_type == target_type and e.target_id}


def references(entries: list[AuditEntry]) -> References:
    """Load everything ``entries`` refer to: events, candidate times, people, organizations."""
    slot_ids = _target_ids(entries, "slot") | {
        value for entry in entries if isinstance(value := (entry.after or {}).get("slot_id"), int)
    }
    event_ids = {entry.event_id for entry in entries if entry.event_id}
    user_ids = _target_ids(entries, "user")
    registration_ids = _target_ids(entries, "registration")

    def by_id(model: type, ids: set[int], *options: Any) -> dict[int, Any]:
        if not ids:
            return {}
        rows = db.session.scalars(select(model).where(model.id.in_(ids)).options(*options))
        return {row.id: row for row in rows}

    events = by_id(
        Event,
        event_ids,
        selectinload(Event.slots),
        selectinload(Event.cohosts),
        selectinload(Event.host),
    )
    slots = {slot.id: slot for event in events.values() for slot in event.slots}
    slots |= by_id(CandidateSlot, slot_ids - set(slots), selectinload(CandidateSlot.event))
    return References(
        events=events,
        slots=slots,
        organizations=list(db.session.scalars(select(Organization))),
        registrations=by_id(Registration, registration_ids),
        users=by_id(User, user_ids),
    )
