"""Who may see and do what with an event. Read-only; used by every event service.

The rules, from the co-hosting workflow:
- published, cancelled and completed events are public;
- an unpublished event is visible to organizers of its host and co-host organizations
  and to admins, except one never sent to the co-hosts (a draft, or a draft the host
  withdrew unsent), which only the host's organizers (and admins) see;
- someone who may not see an event gets 404, as if it did not exist; someone who sees
  it but may not do an action gets 403.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import selectinload

from planner.core.lifecycle import FINAL, NEGOTIABLE, PUBLIC, Action, allowed_actions
from planner.errors import Conflict, NotFound, PermissionDenied
from planner.extensions import db
from planner.labels import status_label
from planner.models import CandidateSlot, Event, EventStatus, SlotResponse, User


def is_host(user: User | None, event: Event) -> bool:
    """True for organizers (and admins) of the host organization."""
    return bool(user and user.organization_id == event.host_organization_id)


def is_cohost(user: User | None, event: Event) -> bool:
    """True for users of one of the co-host organizations."""
    return bool(user and user.organization_id in {org.id for org in event.cohosts})


def is_public(event: Event) -> bool:
    """Published (and later cancelled or completed) events are public.

    A confirmed event cancelled before it was ever published stays among its
    organizers: ``published_at`` tells the two cancelled kinds apart.
    """
    return event.status in PUBLIC and event.published_at is not None


def public_condition() -> ColumnElement[bool]:
    """``is_public`` as a query condition, for listings and feeds."""
    return and_(Event.status.in_(sorted(PUBLIC)), Event.published_at.is_not(None))


def was_sent(event: Event) -> bool:
    """Whether the host ever sent the event to its co-hosts (a draft never was).

    A withdrawn event may have been a proposal the co-hosts saw, or a draft that never
    left the host: ``proposed_at`` tells the two withdrawn kinds apart.
    """
    return event.proposed_at is not None


def sent_condition() -> ColumnElement[bool]:
    """``was_sent`` as a query condition, for listings and feeds."""
    return Event.proposed_at.is_not(None)


def can_view(user: User | None, event: Event) -> bool:
    """Whether ``user`` (``None`` for a visitor) may see ``event``."""
    if is_public(event):
        return True
    if user is None:
        return False
    if user.is_admin or is_host(user, event):
        return True
    return was_sent(event) and is_cohost(user, event)


def is_involved(user: User | None, event: Event) -> bool:
    """Whether ``user`` organizes ``event`` (host, co-host) or administers the app."""
    return bool(user and (user.is_admin or is_host(user, event) or is_cohost(user, event)))


def load_event(user: User | None, event_id: int) -> Event:
    """Load an event ``user`` may see, with its slots and answers, or raise ``NotFound``."""
    event = db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.cohosts),
            selectinload(Event.slots)
            .selectinload(CandidateSlot.responses)
            .selectinload(SlotResponse.user),
        )
    )
    if event is None or not can_view(user, event):
        raise NotFound(_("There is no such event."))
    return event


def require_host(user: User, event: Event) -> None:
    """Only the host organization confirms, publishes, reschedules, cancels or edits."""
    if not is_host(user, event):
        raise PermissionDenied(
            _(
                "Only organizers of the host organization (%(host)s) can do this.",
                host=event.host.name_en,
            )
        )


def require_cohost(user: User, event: Event) -> None:
    """Only organizers of a co-host organization answer or decline for it."""
    if not is_cohost(user, event):
        raise PermissionDenied(_("Only organizers of a co-host organization can do this."))


def require_involved(user: User, event: Event) -> None:
    """Only the organizations running the event propose slots for it."""
    if not (is_host(user, event) or is_cohost(user, event)):
        raise PermissionDenied(_("Only organizers of the co-hosting organizations can do this."))


# What each side may do, on top of what the event's state allows.
HOST_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.CONFIRM,
        Action.PUBLISH,
        Action.RESCHEDULE,
        Action.CANCEL,
        Action.WITHDRAW,
    }
)
COHOST_ACTIONS = frozenset({Action.DECLINE})


def available_actions(user: User | None, event: Event) -> list[str]:
    """The moves ``user`` may make on ``event`` now, plus "answer", "add_slot", "edit", "cities".

    The page offers exactly these, so nothing that would be refused is shown.
    """
    allowed = set(allowed_actions(event.status))
    actions: list[str] = []
    if is_host(user, event):
        actions += [str(a) for a in Action if a in allowed and a in HOST_ACTIONS]
        if event.status not in FINAL:
            actions += ["edit", "cities"]
    if is_cohost(user, event):
        actions += [str(a) for a in Action if a in allowed and a in COHOST_ACTIONS]
        if event.status not in FINAL:
            actions.append("edit")  # the texts only; see planner.events.editing
    if (is_host(user, event) or is_cohost(user, event)) and event.status in NEGOTIABLE:
        actions.append("add_slot")
    if is_cohost(user, event) and event.status == EventStatus.PROPOSED:
        actions.append("answer")
    return actions


def ensure_available(user: User, event: Event, action: str) -> None:
    """Refuse to open a form for an action ``user`` cannot take on ``event`` now.

    403 when the user's role never allows it (a co-host rescheduling), 409 when the
    role would but the event's state does not (rescheduling a proposal).
    """
    if action in available_actions(user, event):
        return
    role_actions = HOST_ACTIONS | {"cities"} if is_host(user, event) else COHOST_ACTIONS
    if is_host(user, event) or is_cohost(user, event):
        role_actions = role_actions | {"edit"}
    if action not in {str(a) for a in role_actions}:
        raise PermissionDenied(_("You cannot do this for this event."))
    raise Conflict(
        _(
            "This event is %(status)s, so this is not possible now.",
            status=status_label(event.status),
        ),
        code="invalid_transition",
        details={"status": str(event.status)},
    )
