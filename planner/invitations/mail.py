"""The invitation email: its values, in the invitation's language, and queuing it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from planner.core import timezones
from planner.models import Invitation, Role
from planner.notifications.links import queue_personal_email
from planner.presentation import date_text

# How the email names the role ("... as an organizer").
ROLE_PHRASES = {
    Role.ORGANIZER: _l("an organizer"),
    Role.ORGANIZATION_ADMIN: _l("an organization admin"),
}


def email_values(invitation: Invitation) -> dict:
    """What ``templates/emails/invitation.txt`` says, in the invitation's language."""
    locale = invitation.locale
    organization = invitation.organization
    inviter = invitation.invited_by
    event = invitation.event
    expires_local = timezones.to_local(invitation.expires_at, organization.timezone)
    return {
        "inviter": inviter.display_name if inviter else "",
        "inviter_organization": (
            inviter.organization.display_name(locale) if inviter and inviter.organization else ""
        ),
        "organization": organization.display_name(locale),
        "role": ROLE_PHRASES[invitation.role],
        "expires": date_text(expires_local.date(), locale),
        "event_title": event.title(locale) if event else "",
        "event_host": event.host.display_name(locale) if event else "",
    }


def queue_invitation_email(invitation: Invitation) -> None:
    """Within the caller's unit of work: queue the invitation's email (a new link).

    The stored hash is cleared, so the link of any earlier email stops working now,
    not only once the new one leaves.
    """
    invitation.token_hash = None
    queue_personal_email(
        invitation.email,
        "invitation",
        invitation.locale,
        invitation=invitation,
        event=invitation.event,
        **email_values(invitation),
    )
