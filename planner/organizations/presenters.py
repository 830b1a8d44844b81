"""What the organization pages show: each member as a row of plain values."""

from __future__ import annotations

from dataclasses import dataclass

from planner.labels import ROLE_LABELS
from planner.models import Organization, User
from planner.organizations.access import can_manage_organization


@dataclass(frozen=True)
class MemberRow:
    """One account of the organization, as the members page lists it."""

    id: int
    name: str
    email: str
    role: str  # the stored value, for the role menu
    role_label: str
    active: bool
    has_password: bool  # False: signs in by email link only
    manageable: bool  # False for site-admin accounts, changed on the admin pages only
    is_viewer: bool  # the row of the person reading the page


def member_rows(members: list[User], viewer: User) -> list[MemberRow]:
    """The members page's rows, in the order given."""
    return [
        MemberRow(
            id=member.id,
            name=member.display_name,
            email=member.email,
            role=member.role.value,
            role_label=str(ROLE_LABELS[member.role]),
            active=member.active,
            has_password=member.has_password,
            manageable=not member.is_admin,
            is_viewer=member.id == viewer.id,
        )
        for member in members
    ]


@dataclass(frozen=True)
class OrganizationHeading:
    """The organization a page is about, as its heading and links show it."""

    id: int
    name: str
    slug: str
    kind_label: str
    site_admin: bool  # the viewer is a site admin: the slug and kind are theirs to change


def organization_heading(
    organization: Organization, viewer: User, locale: str, kind_label: str
) -> OrganizationHeading:
    """The heading values of an organization page, for ``viewer`` in ``locale``."""
    return OrganizationHeading(
        id=organization.id,
        name=organization.display_name(locale),
        slug=organization.slug,
        kind_label=kind_label,
        site_admin=bool(viewer.is_admin),
    )


def own_organization_id(user: User | None) -> int | None:
    """The organization whose pages the navigation offers ``user``: an org admin's own."""
    if user is None or not getattr(user, "is_authenticated", False) or user.is_admin:
        return None
    organization_id = user.organization_id
    if organization_id is not None and can_manage_organization(user, organization_id):
        return organization_id
    return None
