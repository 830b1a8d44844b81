"""Opening an invitation's link: what state it is in, accepting it, asking for a new one.

Looking at a link changes nothing (mail scanners open links too); only accepting it,
with a form the invitee sends, uses it up. The organization and the role come from
the invitation's row, never from what the form sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.accounts.link_secrets import find_by_secret, link_status
from planner.accounts.operations import (
    check_password_policy,
    hash_password,
    user_snapshot,
)
from planner.errors import Conflict, DomainError, NotFound, ValidationFailed
from planner.extensions import db
from planner.invitations.mail import queue_invitation_email
from planner.invitations.operations import has_account, has_active_member
from planner.limits import ZONE_NAME_MAX
from planner.models import Invitation, Role, User, utc_now
from planner.notifications.links import invitation_lifetime
from planner.organizations.access import can_manage_organization
from planner.time_input import require_known_zone
from planner.unit_of_work import unit_of_work

DISPLAY_NAME_MAX = 120  # users.display_name


class InvitationUnusable(DomainError):
    """The invitation exists but can no longer be used: expired, used or withdrawn."""

    status_code = 410
    code = "invitation_unusable"


@dataclass(frozen=True)
class LinkState:
    """What an invitation link opens: ``valid``, ``expired``, ``used``, ``revoked``, ``unknown``."""

    status: str
    invitation: Invitation | None = None

    @property
    def is_valid(self) -> bool:
        """Only a valid link can be accepted."""
        return self.status == "valid"


def _find(token: str) -> Invitation | None:
    """The invitation whose newest email carried ``token``, or ``None``."""
    return find_by_secret(Invitation, token)


def _state_of(invitation: Invitation | None) -> LinkState:
    if invitation is None:
        return LinkState("unknown")
    status = link_status(
        used_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
        expires_at=invitation.expires_at,
    )
    return LinkState(status, invitation)


def invitation_link_state(token: str) -> LinkState:
    """What the link with ``token`` opens; nothing is changed by looking."""
    return _state_of(_find(token))


def _refuse(state: LinkState) -> None:
    """Raise the error a link that cannot be used gets."""
    if state.status == "unknown":
        raise NotFound(_("This invitation link is not valid."))
    messages = {
        "expired": _("This invitation has expired."),
        "used": _("This invitation has been used already."),
        "revoked": _("This invitation was withdrawn."),
    }
    raise InvitationUnusable(messages[state.status], code=f"invitation_{state.status}")


def _role_on_joining(invitation: Invitation) -> Role:
    """The invitation's role, unless it made a first admin of an organization that has one now.

    The host invites someone to answer for a co-host nobody had joined, as its first
    admin; if someone else joined first (another invitation of the host, the contact
    address), the later one joins as an organizer: only the organization's own admins
    (and site admins) make more admins.
    """
    if invitation.role != Role.ORGANIZATION_ADMIN:
        return invitation.role
    inviter = invitation.invited_by
    if inviter is not None and can_manage_organization(inviter, invitation.organization_id):
        return invitation.role
    if has_active_member(invitation.organization_id, Role.ORGANIZATION_ADMIN):
        return Role.ORGANIZER
    return invitation.role


def _checked_name(display_name: str) -> str:
    name = " ".join((display_name or "").split())
    if not name:
        raise ValidationFailed(_("Please enter your name."), field="display_name")
    if len(name) > DISPLAY_NAME_MAX:
        raise ValidationFailed(
            _("Use at most %(count)d characters.", count=DISPLAY_NAME_MAX), field="display_name"
        )
    return name


def _checked_zone(timezone: str | None) -> str | None:
    zone = (timezone or "").strip() or None
    if zone is not None:
        if len(zone) > ZONE_NAME_MAX:
            raise ValidationFailed(_("Choose a time zone from the list."), field="timezone")
        require_known_zone(zone, "timezone")
    return zone


def accept_invitation(
    token: str,
    *,
    display_name: str,
    locale: str,
    timezone: str | None,
    password: str | None,
) -> User:
    """Make the invitee's account from a valid invitation and use the invitation up.

    Without a password the account signs in by email link only. The invitee's other
    pending invitations are withdrawn (one address, one account).
    """
    name = _checked_name(display_name)
    if locale not in current_app.config["SUPPORTED_LOCALES"]:
        raise ValidationFailed(_("Choose English or Japanese."), field="locale")
    zone = _checked_zone(timezone)
    if password:
        check_password_policy(password)
    with unit_of_work():
        invitation = _find(token)
        if invitation is not None:
            # One acceptance at a time: a second, concurrent one finds it used.
            db.session.refresh(invitation, with_for_update=True)
        state = _state_of(invitation)
        if not state.is_valid:
            _refuse(state)
        if has_account(invitation.email):
            raise Conflict(
                _(
                    "An account with this address exists already. "
                    "Sign in with it, or ask for a sign-in link."
                ),
                code="has_account",
            )
        user = User(
            email=invitation.email,
            display_name=name,
            password_hash=hash_password(password) if password else "",
            role=_role_on_joining(invitation),
            organization_id=invitation.organization_id,
            active=True,
            locale=locale,
            timezone=zone,
        )
        db.session.add(user)
        db.session.flush()
        now = utc_now()
        invitation.accepted_at = now
        invitation.accepted_user_id = user.id
        others = db.session.scalars(
            select(Invitation).where(
                Invitation.email == invitation.email,
                Invitation.id != invitation.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
            )
        )
        for other in others:
            other.revoked_at = now
        after = {**user_snapshot(user), "invitation_id": invitation.id}
        after["password"] = "set" if password else "none (email link only)"
        audit.record(
            user,
            "invitation.accept",
            "invitation",
            invitation.id,
            after=after,
            event_id=invitation.event_id,
        )
    return user


def ask_for_new_invitation(token: str) -> None:
    """Send an expired invitation again, to the address it was made for (a new expiry).

    It only ever reaches the invitee's own mailbox, so whoever holds the old link
    gains nothing; a used, withdrawn or unknown link cannot be renewed.
    """
    with unit_of_work():
        state = invitation_link_state(token)
        if state.status != "expired":
            if state.status == "valid":
                raise Conflict(_("This invitation still works: open it to join."))
            _refuse(state)
        invitation = state.invitation
        invitation.expires_at = utc_now() + invitation_lifetime()
        audit.record(
            audit.SYSTEM,
            "invitation.renew",
            "invitation",
            invitation.id,
            after={"email": invitation.email, "expires_at": invitation.expires_at.isoformat()},
        )
        queue_invitation_email(invitation)
