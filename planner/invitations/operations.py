"""Inviting people by email to an organization: who may, and what an invitation is.

A site admin invites anybody to any organization; an organization admin invites to
their own. An organizer proposing an event reaches the co-hosts' people: while the
proposal waits for answers, the host's organizers invite someone to answer for a
co-host nobody has joined yet (as its first admin: a later one joins as an organizer,
see ``acceptance``), and any organizer of a host or co-host invites a colleague of
their own organization for that event. An organization with people grows by its own
admins and colleagues only.

An invitation's secret is made only when its email is sent
(:mod:`planner.notifications.links`); sending again makes a new one, and the old link
stops working at once. An address that already has an account gets nothing, and the
inviter learns only that (never which organization the account is in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from planner import audit
from planner.accounts.operations import checked_email, normalize_email
from planner.core.enums import ORGANIZATION_ROLES
from planner.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from planner.events.access import load_event
from planner.extensions import db
from planner.invitations.mail import queue_invitation_email
from planner.models import Event, EventStatus, Invitation, Organization, Role, User, utc_now
from planner.notifications.links import invitation_lifetime
from planner.organizations.access import can_manage_organization
from planner.unit_of_work import unit_of_work

HAS_ACCOUNT_MESSAGE = _l("This address already has an account, so nothing was added.")


@dataclass(frozen=True)
class InvitationResult:
    """What inviting an address did: ``invited``, ``resent`` or ``has_account``."""

    kind: str
    invitation: Invitation | None
    message: str


def is_pending(invitation: Invitation, now: datetime | None = None) -> bool:
    """Not accepted, not revoked and not expired."""
    return (
        invitation.accepted_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > (now or utc_now())
    )


def has_account(email: str) -> bool:
    """Whether any account (of any organization, active or not) uses ``email``."""
    return db.session.scalar(select(exists().where(func.lower(User.email) == email))) or False


def has_active_member(organization_id: int, role: Role | None = None) -> bool:
    """Whether the organization has an active account (of ``role``, when given)."""
    condition = (User.organization_id == organization_id) & User.active.is_(True)
    if role is not None:
        condition &= User.role == role
    return db.session.scalar(select(exists().where(condition))) or False


def _organization(organization_id: int) -> Organization:
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(_("There is no such organization."))
    return organization


def _require_manager(actor: User, organization_id: int) -> None:
    if not can_manage_organization(actor, organization_id):
        raise PermissionDenied(
            _("Only this organization's admins (and site admins) manage its invitations.")
        )


def _invited_role(
    actor: User, organization: Organization, role: Role | None, event: Event | None
) -> Role:
    """The role the invitation gives, or ``PermissionDenied`` when the actor may not invite."""
    if role == Role.ADMIN:
        raise ValidationFailed(_("Site administrators cannot be invited."), field="role")
    if role is not None and role not in ORGANIZATION_ROLES:
        raise ValidationFailed(_("Choose organizer or organization admin."), field="role")
    if can_manage_organization(actor, organization.id):
        return role or Role.ORGANIZER
    if event is not None and actor.organization_id is not None:
        cohost_ids = {org.id for org in event.cohosts}
        if actor.organization_id == event.host_organization_id and organization.id in cohost_ids:
            # The host finds someone to answer for a co-host nobody has joined yet, while
            # the proposal waits for it; that person becomes the organization's first
            # admin. An organization with people is theirs to grow: the host can no
            # more add to it than manage it.
            if event.status != EventStatus.PROPOSED:
                raise PermissionDenied(
                    _("People are invited for an event while its proposal waits for answers.")
                )
            if has_active_member(organization.id):
                raise PermissionDenied(
                    _(
                        "%(organization)s has people who answer for it already; they "
                        "invite their colleagues themselves.",
                        organization=organization.name_en,
                    )
                )
            return Role.ORGANIZATION_ADMIN
        if actor.organization_id == organization.id and (
            organization.id in cohost_ids or organization.id == event.host_organization_id
        ):
            return Role.ORGANIZER  # a colleague, for this event
    raise PermissionDenied(_("You may not invite people to this organization."))


def _open_invitation(organization_id: int, email: str) -> Invitation | None:
    """The invitation of ``email`` to the organization that is neither used nor revoked."""
    return db.session.scalar(
        select(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.id.desc())
        .limit(1)
    )


def snapshot(invitation: Invitation) -> dict:
    """The audited fields of an invitation (never its secret's hash)."""
    return {
        "organization_id": invitation.organization_id,
        "email": invitation.email,
        "role": str(invitation.role),
        "locale": invitation.locale,
        "event_id": invitation.event_id,
        "expires_at": invitation.expires_at.isoformat(),
    }


def _new_invitation(
    actor: User | None,
    organization: Organization,
    email: str,
    role: Role,
    locale: str,
    event: Event | None,
) -> Invitation:
    """Within the caller's unit of work: add an invitation, audit it, queue its email."""
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        locale=locale,
        invited_by=actor,
        event=event,
        expires_at=utc_now() + invitation_lifetime(),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        actor,
        "invitation.create",
        "invitation",
        invitation.id,
        after=snapshot(invitation),
        event_id=event.id if event else None,
    )
    queue_invitation_email(invitation)
    return invitation


def _checked_locale(locale: str | None, actor: User) -> str:
    chosen = locale or actor.locale or "en"
    if chosen not in ("en", "ja"):
        raise ValidationFailed(_("Choose English or Japanese."), field="locale")
    return chosen


def invite_person(
    actor: User,
    *,
    organization_id: int,
    email: str,
    role: Role | None = None,
    locale: str | None = None,
    event_id: int | None = None,
) -> InvitationResult:
    """Invite ``email`` to the organization (see the module docstring for who may).

    A pending invitation of the same address is refreshed and sent again; an address
    that has an account gets nothing, with the same message whatever its organization.
    """
    organization = _organization(organization_id)
    event = load_event(actor, event_id) if event_id is not None else None
    given_role = _invited_role(actor, organization, role, event)
    address = checked_email(email)
    chosen_locale = _checked_locale(locale, actor)
    if has_account(address):
        return InvitationResult("has_account", None, str(HAS_ACCOUNT_MESSAGE))
    with unit_of_work():
        invitation = _open_invitation(organization.id, address)
        if invitation is not None:
            before = snapshot(invitation)
            if given_role == Role.ORGANIZATION_ADMIN and can_manage_organization(
                actor, organization.id
            ):
                # An upgrade, by someone who manages the organization; never a downgrade.
                invitation.role = given_role
            invitation.expires_at = utc_now() + invitation_lifetime()
            invitation.event = invitation.event or event
            old, new = audit.changed_fields(before, snapshot(invitation))
            audit.record(
                actor, "invitation.resend", "invitation", invitation.id, before=old, after=new
            )
            queue_invitation_email(invitation)
            kind = "resent"
            message = _(
                "%(email)s was already invited; the invitation is sent again.", email=address
            )
        else:
            invitation = _new_invitation(
                actor, organization, address, given_role, chosen_locale, event
            )
            kind = "invited"
            message = _("An invitation is on its way to %(email)s.", email=address)
    return InvitationResult(kind, invitation, message)


def get_invitation(actor: User, invitation_id: int) -> Invitation:
    """An invitation the actor manages (``NotFound`` / ``PermissionDenied`` otherwise)."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound(_("There is no such invitation."))
    _require_manager(actor, invitation.organization_id)
    return invitation


def _require_open(invitation: Invitation, resending: bool) -> None:
    """Refuse to resend or withdraw an invitation that was used or withdrawn (409)."""
    if invitation.accepted_at is not None:
        raise Conflict(
            _("This invitation was accepted already, so it cannot be sent again.")
            if resending
            else _("This invitation was accepted already, so it cannot be withdrawn.")
        )
    if invitation.revoked_at is not None:
        raise Conflict(
            _("This invitation was withdrawn, so it cannot be sent again.")
            if resending
            else _("This invitation was withdrawn already.")
        )


def resend_invitation(actor: User, invitation_id: int) -> Invitation:
    """Send an open invitation again with a new link and a new expiry."""
    invitation = get_invitation(actor, invitation_id)
    _require_open(invitation, resending=True)
    with unit_of_work():
        invitation.expires_at = utc_now() + invitation_lifetime()
        audit.record(
            actor,
            "invitation.resend",
            "invitation",
            invitation.id,
            after={"email": invitation.email, "expires_at": invitation.expires_at.isoformat()},
        )
        queue_invitation_email(invitation)
    return invitation


def revoke_invitation(actor: User, invitation_id: int) -> Invitation:
    """Withdraw an open invitation: its link then says so and opens nothing."""
    invitation = get_invitation(actor, invitation_id)
    _require_open(invitation, resending=False)
    with unit_of_work():
        invitation.revoked_at = utc_now()
        audit.record(
            actor,
            "invitation.revoke",
            "invitation",
            invitation.id,
            after={"email": invitation.email},
        )
    return invitation


def list_pending_invitations(actor: User, organization_id: int) -> list[Invitation]:
    """The organization's invitations neither accepted nor withdrawn, newest first.

    Expired ones are listed too: their holder can still ask for a new one
    (``ask_for_new_invitation``), so the admins must see them to withdraw them.
    """
    _organization(organization_id)
    _require_manager(actor, organization_id)
    query = (
        select(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return list(db.session.scalars(query))


def pending_invitation_emails(organization_id: int) -> list[str]:
    """The addresses invited to the organization whose invitations still work, oldest first."""
    return list(
        db.session.scalars(
            select(Invitation.email)
            .where(
                Invitation.organization_id == organization_id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utc_now(),
            )
            .order_by(Invitation.id)
        )
    )


def has_pending_invitation(organization_id: int, email: str | None = None) -> bool:
    """Whether someone (``email``, when given) has a pending invitation to the organization."""
    condition = (
        (Invitation.organization_id == organization_id)
        & Invitation.accepted_at.is_(None)
        & Invitation.revoked_at.is_(None)
        & (Invitation.expires_at > utc_now())
    )
    if email is not None:
        condition &= Invitation.email == email
    return db.session.scalar(select(exists().where(condition))) or False


def invite_organization_contacts_in_unit(actor: User, event: Event) -> list[Invitation]:
    """Within the proposal's unit of work: invite each co-host nobody can answer for.

    A co-host with no active account but a contact address gets an invitation (as
    its organization admin, for this event), unless that address is invited already
    or has an account.
    """
    invited = []
    for organization in event.cohosts:
        email = normalize_email(organization.contact_email or "")
        if not email or has_active_member(organization.id):
            continue
        if has_pending_invitation(organization.id, email) or has_account(email):
            continue
        locale = actor.locale if actor.locale in ("en", "ja") else "en"
        invited.append(
            _new_invitation(actor, organization, email, Role.ORGANIZATION_ADMIN, locale, event)
        )
    return invited


# Reading and accepting a link live in their own module; they are part of this API.
from planner.invitations.acceptance import (  # noqa: E402
    InvitationUnusable,
    LinkState,
    accept_invitation,
    ask_for_new_invitation,
    invitation_link_state,
)

__all__ = [
    "InvitationResult",
    "InvitationUnusable",
    "LinkState",
    "accept_invitation",
    "ask_for_new_invitation",
    "invitation_link_state",
    "invite_organization_contacts_in_unit",
    "invite_person",
    "list_pending_invitations",
    "resend_invitation",
    "revoke_invitation",
]
