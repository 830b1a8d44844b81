"""People for the organization-admin tests: the demo's, and a few made through the services."""

from __future__ import annotations

from datetime import timedelta

from planner.accounts.operations import create_user
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import EmailLink, LinkPurpose, Organization, Role, User, utc_now
from tests.factories import user

# The demo's organization admin of the embassy (and its only account).
EMBASSY_ADMIN = "organizer@dk-embassy.example"
COLLEAGUE = "colleague@dk-embassy.example"


def organization_id(slug: str) -> int:
    """The id of the demo organization ``slug``."""
    return db.session.scalar(db.select(Organization.id).filter_by(slug=slug))


def member(email: str, slug: str, role: Role = Role.ORGANIZER) -> User:
    """A new account of the organization ``slug``, made by the command line."""
    return create_user(
        None,
        email=email,
        display_name=email.split("@")[0].title(),
        password=DEMO_PASSWORD,
        role=role,
        organization_id=organization_id(slug),
    )


def links_of(account: User, *, used: bool = False) -> list[EmailLink]:
    """Give ``account`` a sign-in link and a proposal link (both used, or neither)."""
    now = utc_now()
    links = [
        EmailLink(
            user_id=account.id,
            purpose=purpose,
            token_hash=f"{account.id:04d}{index}".ljust(64, "a"),
            expires_at=now + timedelta(minutes=15),
            used_at=now if used else None,
        )
        for index, purpose in enumerate((LinkPurpose.SIGN_IN, LinkPurpose.PROPOSAL))
    ]
    db.session.add_all(links)
    db.session.commit()
    return links


def embassy_admin() -> User:
    """The demo's organization admin of the embassy."""
    return user(EMBASSY_ADMIN)
