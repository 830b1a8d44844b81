"""Who manages an organization: its own organization admins, and the site admins."""

from __future__ import annotations

from flask_babel import gettext as _

from planner.errors import PermissionDenied
from planner.models import User


def can_manage_organization(user: User | None, organization_id: int) -> bool:
    """Whether ``user`` manages the organization's profile and members.

    Site admins manage every organization; an organization admin only their own.
    Anonymous visitors (and ``None``) manage nothing: the command line is trusted by
    :func:`require_organization_admin`, not here.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    if user.is_admin:
        return True
    return user.is_organization_admin and user.organization_id == organization_id


def require_organization_admin(actor: User | None, organization_id: int) -> None:
    """Refuse (403) anyone but a site admin or an admin of this organization.

    ``None`` is the command line, trusted like everywhere else.
    """
    if actor is None:
        return
    if not can_manage_organization(actor, organization_id):
        raise PermissionDenied(
            _("Only this organization's admins and site administrators can do that.")
        )
