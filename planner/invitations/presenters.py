"""What the pages show about invitations: the pending list, and whom the host must find."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from planner.events.access import is_host
from planner.invitations.operations import (
    has_active_member,
    pending_invitation_emails,
)
from planner.labels import ROLE_LABELS
from planner.models import Event, EventStatus, Invitation, Organization, User, utc_now


@dataclass(frozen=True)
class InvitedContact:
    """Someone invited to answer for a co-host nobody has joined yet."""

    organization: str
    email: str


@dataclass(frozen=True)
class ContactBox:
    """The host's box while a proposal waits, for the co-hosts nobody has joined yet.

    ``waiting``: those nobody is invited for either (the page asks for an address);
    ``invited``: who is invited for the others, so the host knows whom to chase.
    """

    waiting: list[Organization] = field(default_factory=list)
    invited: list[InvitedContact] = field(default_factory=list)


def contact_box(event: Event, viewer: User | None, locale: str) -> ContactBox:
    """The box for ``viewer``: only the host's side (and site admins), while proposed."""
    if viewer is None or event.status != EventStatus.PROPOSED:
        return ContactBox()
    if not (viewer.is_admin or is_host(viewer, event)):
        return ContactBox()
    box = ContactBox()
    for organization in event.cohosts:
        if has_active_member(organization.id):
            continue
        emails = pending_invitation_emails(organization.id)
        if not emails:
            box.waiting.append(organization)
        box.invited.extend(
            InvitedContact(organization.display_name(locale), email) for email in emails
        )
    return box


@dataclass(frozen=True)
class PendingRow:
    """One line of the pending invitations list."""

    id: int
    email: str
    role: str
    invited_by: str
    sent_at: datetime
    expires_at: datetime
    expired: bool  # its holder may ask for a new one until an admin withdraws it


def pending_rows(invitations: list[Invitation]) -> list[PendingRow]:
    """The pending invitations as the list shows them."""
    return [
        PendingRow(
            id=invitation.id,
            email=invitation.email,
            role=str(ROLE_LABELS[invitation.role]),
            invited_by=invitation.invited_by.display_name if invitation.invited_by else "",
            sent_at=invitation.sent_at or invitation.created_at,
            expires_at=invitation.expires_at,
            expired=invitation.expires_at <= utc_now(),
        )
        for invitation in invitations
    ]
