"""An organization's members: their role, whether they may sign in, and their email links.

Organization admins manage the people of their own organization; site admins manage
everyone's. Site-admin accounts are never changed here (the admin pages do that), and
an organization admin cannot leave the organization without an active organization
admin: the last one can be neither demoted nor deactivated, by themselves or by a
fellow admin. Site admins may (somebody left, and they take over).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from planner import audit
from planner.accounts.link_secrets import revoke_email_links_in_unit
from planner.accounts.operations import user_snapshot
from planner.accounts.sessions import end_all_sessions_in_unit
from planner.core.enums import ORGANIZATION_ROLES
from planner.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.models import Organization, Role, User
from planner.organizations.access import require_organization_admin
from planner.organizations.operations import get_organization
from planner.unit_of_work import unit_of_work


def list_members(actor: User | None, organization_id: int) -> list[User]:
    """Every account of the organization (site admins among them too), by name."""
    require_organization_admin(actor, organization_id)
    get_organization(organization_id)
    return list(
        db.session.scalars(
            select(User)
            .where(User.organization_id == organization_id)
            .order_by(func.lower(User.display_name), User.email)
        )
    )


def get_member(actor: User | None, organization_id: int, user_id: int) -> User:
    """A member the actor may change: 403 for others' people and site admins, 404 if none."""
    require_organization_admin(actor, organization_id)
    get_organization(organization_id)
    member = db.session.get(User, user_id)
    if member is None or member.organization_id != organization_id:
        raise NotFound(_("This organization has no such member."))
    if member.is_admin:
        raise PermissionDenied(
            _("Site administrator accounts are changed on the administration pages only.")
        )
    return member


def _lock_organization(organization_id: int) -> None:
    """Hold the organization's row until the commit, so two admins' changes queue.

    Without it two admins demoting each other at the same moment would each see the
    other still in place, and leave the organization with none (PostgreSQL; SQLite
    writes one transaction at a time anyway).
    """
    db.session.execute(
        select(Organization.id).where(Organization.id == organization_id).with_for_update()
    )


def _keeps_an_admin(actor: User | None, member: User) -> None:
    """Refuse to take away the organization's last active organization admin.

    Only site admins (and the command line) may: they manage the organization anyway.
    """
    if actor is None or actor.is_admin:
        return
    if not (member.role == Role.ORGANIZATION_ADMIN and member.active):
        return
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.organization_id == member.organization_id,
            User.role == Role.ORGANIZATION_ADMIN,
            User.active.is_(True),
            User.id != member.id,
        )
    )
    if not others:
        raise Conflict(
            _(
                "%(name)s is the organization's last active organization admin. Make "
                "someone else an organization admin first.",
                name=member.display_name,
            ),
            code="last_organization_admin",
        )


def _revoke_links_in_unit(member: User) -> int:
    """Within the caller's unit of work: take back every email link of ``member``.

    Opened proposal links too, so that a pass on a lost phone ends with them.
    """
    return revoke_email_links_in_unit(member.id)


def _check_role(role: Role) -> None:
    """Refuse a role the members page cannot give."""
    if role not in ORGANIZATION_ROLES:
        raise ValidationFailed(
            _("Choose organizer or organization admin."), field="role", code="invalid_role"
        )


def update_member(
    actor: User | None,
    organization_id: int,
    user_id: int,
    *,
    role: Role | None = None,
    active: bool | None = None,
) -> User:
    """Change a member's role and whether they may sign in, in one unit of work.

    ``None`` keeps that fact as it is. Deactivating ends every session of the member on
    every device and takes back every email link not yet used (sign-in, proposal
    answers); reactivating brings back neither, so the member signs in anew.
    """
    if role is not None:
        _check_role(role)
    member = get_member(actor, organization_id, user_id)
    role = member.role if role is None else role
    active = member.active if active is None else active
    if role == member.role and active == member.active:
        return member
    with unit_of_work():
        _lock_organization(organization_id)
        if role != Role.ORGANIZATION_ADMIN or not active:
            _keeps_an_admin(actor, member)
        extra = {}
        if member.active and not active:
            end_all_sessions_in_unit(member)
            extra["email_links_revoked"] = _revoke_links_in_unit(member)
        old = user_snapshot(member)
        member.role = role
        member.active = active
        before, after = audit.changed_fields(old, user_snapshot(member))
        audit.record(
            actor, "user.update", "user", member.id, before=before, after={**after, **extra}
        )
    return member


def change_member_role(actor: User | None, organization_id: int, user_id: int, role: Role) -> User:
    """Make a member an organizer or an organization admin of their organization."""
    return update_member(actor, organization_id, user_id, role=role)


def set_member_active(actor: User | None, organization_id: int, user_id: int, active: bool) -> User:
    """Let a member sign in again, or stop them (see :func:`update_member`)."""
    return update_member(actor, organization_id, user_id, active=active)


def revoke_member_links(actor: User | None, organization_id: int, user_id: int) -> int:
    """Take back every email link the member has not used yet; how many there were.

    Sign-in links and proposal answer links alike stop working at once (a lost phone,
    a forwarded email); the member can ask for a new sign-in link.
    """
    member = get_member(actor, organization_id, user_id)
    with unit_of_work():
        count = _revoke_links_in_unit(member)
        audit.record(
            actor,
            "user.revoke_links",
            "user",
            member.id,
            after={"email_links_revoked": count},
        )
    return count
