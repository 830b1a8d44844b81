"""``/api/v1``: an organization's invitations, and inviting someone for an event.

Answers name the invitation, its address, role and dates; never its link's secret or
the secret's hash.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_required
from planner.api.openapi import operation
from planner.api.shapes import Answer, Body, UtcInstant, one_of, required_text, whole_number
from planner.events.api_output import utc_text
from planner.invitations import operations
from planner.invitations.operations import InvitationResult, is_pending
from planner.limits import EMAIL_MAX
from planner.models import Invitation as InvitationRecord
from planner.models import Role, User

ID_MAX = 2_147_483_647  # what an INTEGER column holds


class Invitation(Answer):
    """An invitation's public facts."""

    id: int
    organization: str = Field(description="The slug of the organization it invites to")
    email: str
    role: str = Field(examples=["organizer"])
    locale: str = Field(description="The language its email is written in", examples=["ja"])
    invited_by: str | None = Field(description="The inviter's display name")
    event_id: int | None = Field(description="The proposal it was sent for, if any")
    created_at: UtcInstant
    sent_at: UtcInstant | None
    expires_at: UtcInstant
    status: str = Field(examples=["pending"], description="pending, expired, accepted or revoked")


class InvitationList(Answer):
    """An organization's pending invitations."""

    invitations: list[Invitation]


class InvitationOutcome(Answer):
    """What inviting did: ``invited``, ``resent``, or ``has_account`` (nothing added)."""

    result: str = Field(examples=["invited"])
    message: str
    invitation: Invitation | None


class NewInvitation(Body):
    """The address to invite, the role it gets and the language of its email."""

    email: required_text(EMAIL_MAX)
    role: one_of(["organizer", "org_admin"]) | None = None
    locale: one_of(["en", "ja"]) | None = None


class EventInvitation(Body):
    """Someone who can answer for a co-host (or a colleague of yours) for this event."""

    organization_id: whole_number(1, ID_MAX)
    email: required_text(EMAIL_MAX)


def _status(invitation: InvitationRecord) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "pending" if is_pending(invitation) else "expired"


def invitation_json(invitation: InvitationRecord) -> dict[str, Any]:
    """The public JSON form of an invitation (no secret, no hash)."""
    return {
        "id": invitation.id,
        "organization": invitation.organization.slug,
        "email": invitation.email,
        "role": str(invitation.role),
        "locale": invitation.locale,
        "invited_by": invitation.invited_by.display_name if invitation.invited_by else None,
        "event_id": invitation.event_id,
        "created_at": utc_text(invitation.created_at),
        "sent_at": utc_text(invitation.sent_at),
        "expires_at": utc_text(invitation.expires_at),
        "status": _status(invitation),
    }


def _outcome(result: InvitationResult) -> tuple[Response, int]:
    body = {
        "result": result.kind,
        "message": result.message,
        "invitation": invitation_json(result.invitation) if result.invitation else None,
    }
    return jsonify(body), 201 if result.kind == "invited" else 200


OUTCOMES = {200: (InvitationOutcome, "Sent again, or nothing added (the address has an account)")}


@bp.get("/organizations/<int:organization_id>/invitations")
@token_required
@operation("listInvitations", (200, InvitationList, "Pending invitations"), "401 403 404")
def list_invitations(user: User, organization_id: int) -> Response:
    """The organization's pending invitations (its admins and site admins)."""
    invitations = operations.list_pending_invitations(user, organization_id)
    return jsonify({"invitations": [invitation_json(i) for i in invitations]})


@bp.post("/organizations/<int:organization_id>/invitations")
@token_required
@operation(
    "createInvitation",
    (201, InvitationOutcome, "Invited; the email is on its way"),
    "400 401 403 404",
    json=NewInvitation,
    also=OUTCOMES,
)
def create_invitation(
    user: User, organization_id: int, json: NewInvitation
) -> tuple[Response, int]:
    """Invite an address to the organization (its admins and site admins)."""
    result = operations.invite_person(
        user,
        organization_id=organization_id,
        email=json.email,
        role=Role(json.role) if json.role else None,
        locale=json.locale,
    )
    return _outcome(result)


@bp.post("/invitations/<int:invitation_id>/resend")
@token_required
@operation("resendInvitation", (200, Invitation, "Sent again"), "401 403 404 409")
def resend_invitation(user: User, invitation_id: int) -> Response:
    """Send a pending invitation again, with a new link and a new expiry."""
    return jsonify(invitation_json(operations.resend_invitation(user, invitation_id)))


@bp.delete("/invitations/<int:invitation_id>")
@token_required
@operation("revokeInvitation", (204, None, "Withdrawn"), "401 403 404 409")
def revoke_invitation(user: User, invitation_id: int) -> tuple[str, int]:
    """Withdraw a pending invitation; its link stops working."""
    operations.revoke_invitation(user, invitation_id)
    return "", 204


@bp.post("/events/<int:event_id>/invitations")
@token_required
@operation(
    "inviteForEvent",
    (201, InvitationOutcome, "Invited; the email is on its way"),
    "400 401 403 404",
    json=EventInvitation,
    also=OUTCOMES,
)
def invite_for_event(user: User, event_id: int, json: EventInvitation) -> tuple[Response, int]:
    """Invite someone who can answer for a co-host of your event, or a colleague of yours."""
    result = operations.invite_person(
        user, organization_id=json.organization_id, email=json.email, event_id=event_id
    )
    return _outcome(result)
