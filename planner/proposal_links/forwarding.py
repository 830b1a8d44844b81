"""Forwarding a proposal to a colleague of the same organization.

A colleague with an account gets the proposal's email with a personal link of their
own (a forwarded email's link would have been the forwarder's, and used up); a
colleague without one gets an invitation to the organization that leads to the
proposal (:func:`planner.invitations.operations.invite_person`). An address with an
account elsewhere is told apart from neither, so forwarding reveals nothing about
other organizations.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from planner import audit
from planner.accounts.operations import normalize_email
from planner.errors import Conflict
from planner.events.access import load_event, require_cohost
from planner.extensions import db
from planner.invitations import operations as invitations
from planner.models import EventStatus, User
from planner.proposal_links.operations import send_link_to_colleague_in_unit
from planner.unit_of_work import unit_of_work


@dataclass(frozen=True)
class ForwardResult:
    """What forwarding did, in a sentence for the forwarder."""

    kind: str  # "sent" (a colleague with an account), "invited", "resent", "has_account"
    message: str


def forward_proposal(actor: User, event_id: int, email: str) -> ForwardResult:
    """Send the proposal ``event_id`` to a colleague of ``actor``'s organization."""
    event = load_event(actor, event_id)
    require_cohost(actor, event)
    if event.status != EventStatus.PROPOSED:
        raise Conflict(
            _("Only a proposal that is still open can be forwarded."), code="invalid_transition"
        )
    address = normalize_email(email)
    colleague = db.session.scalar(select(User).where(func.lower(User.email) == address))
    is_colleague = colleague is not None and colleague.active
    if not is_colleague or colleague.organization_id != actor.organization_id:
        # No account: an invitation. An account elsewhere (or deactivated): the
        # invitations' own answer, the same whatever organization holds it.
        result = invitations.invite_person(
            actor, organization_id=actor.organization_id, email=address, event_id=event.id
        )
        return ForwardResult(result.kind, result.message)
    with unit_of_work():
        send_link_to_colleague_in_unit(actor, event, colleague)
        audit.record(
            actor,
            "event.forward",
            "event",
            event.id,
            event_id=event.id,
            after={"to": colleague.email, "organization": actor.organization.slug},
        )
    return ForwardResult(
        "sent",
        _(
            "%(name)s has been sent the proposal with a link of their own.",
            name=colleague.display_name,
        ),
    )
