"""What the pages show about invitations: the pending list, and whom the host must find."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.events.access import is_host
from planner.invitations.operations import (
    has_active_member,
    has_pending_invitation,
    pending_invitation_emails,
)
from planner.labels import ROLE_LABELS
from planner.models import Event, EventStatus, Invitation, Organization, User, utc_now


def organizations_waiting_for_someone(event: Event) -> list[Organization]:
    """The co-hosts nobody can answer for: no active account and no pending invitation."""
    return [
        organization
        for organization in event.cohosts
        if not has_active_member(organization.id) and not has_pending_invitation(organization.id)
    ]


def asks_for_contact(event: Event, viewer: User | None) -> list[Organization]:
    """The co-hosts the event page asks ``viewer`` to invite someone for.

    Only the host's side (and site admins) see the box, and only while the proposal
    waits for answers.
    """
    if viewer is None or event.status != EventStatus.PROPOSED:
        return []
    if not (viewer.is_admin or is_host(viewer, event)):
        return []
    return organizations_waiting_for_someone(event)


@dataclass(frozen=True)
class InvitedContact:
    """Someone invited to answer for a co-host nobody has joined yet."""

    organization: str
    email: str


def invited_contacts(event: Event, viewer: User | None, locale: str) -> list[InvitedContact]:
    """For the host's side while the proposal waits: who is invited for which co-host.

    So that the host knows the proposal reached somebody (or whom to chase).
    """
    if viewer is None or event.status != EventStatus.PROPOSED:
        return []
    if not (viewer.is_admin or is_host(viewer, event)):
        return []
    contacts = []
    for organization in event.cohosts:
        if has_active_member(organization.id):
            continue
        contacts += [
            InvitedContact(organization.display_name(locale), email)
            for email in pending_invitation_emails(organization.id)
        ]
    return contacts


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
