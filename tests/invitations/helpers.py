"""What the invitation tests share: an organization admin, a partner nobody works at."""

from __future__ import annotations

from datetime import time, timedelta

from planner.accounts.operations import create_user
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import Invitation, Organization, OrganizationKind, Role, User, utc_now
from planner.organizations.operations import OrganizationDetails, create_organization

EMBASSY_ADMIN = "admin@dk-embassy.example"
PARTNER_CONTACT = "info@nordic-lab.example"
NEWCOMER = "newcomer@example.org"


def organization(slug: str) -> Organization:
    """A demo organization by slug."""
    return db.session.scalar(db.select(Organization).filter_by(slug=slug))


def organization_admin(slug: str = "dk-embassy", email: str = EMBASSY_ADMIN) -> User:
    """An organization admin of ``slug`` (the demo has none)."""
    return create_user(
        None,
        email=email,
        display_name="Embassy Admin",
        password=DEMO_PASSWORD,
        role=Role.ORGANIZATION_ADMIN,
        organization_id=organization(slug).id,
    )


def partner(contact_email: str | None = PARTNER_CONTACT, slug: str = "nordic-lab") -> Organization:
    """A partner organization nobody has an account at, with a contact address."""
    made = create_organization(
        None,
        OrganizationDetails(
            slug=slug,
            name_en="Nordic Lab",
            name_ja="ノルディック・ラボ",
            kind=OrganizationKind.ACADEMIA,
            country="DK",
            timezone="Europe/Copenhagen",
            work_start=time(9),
            work_end=time(17),
        ),
    )
    made.contact_email = contact_email
    db.session.commit()
    return made


def invitations_of(email: str) -> list[Invitation]:
    """Every invitation of ``email``, oldest first."""
    return list(db.session.scalars(db.select(Invitation).filter_by(email=email).order_by("id")))


def expire(invitation: Invitation) -> None:
    """Let the invitation's time run out (its expiry moved into the past)."""
    invitation = db.session.get(Invitation, invitation.id)
    invitation.expires_at = utc_now() - timedelta(minutes=1)
    db.session.commit()
