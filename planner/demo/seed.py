"""Demo data: the LINK-J × Denmark organizations and their organizers.

Seeding is idempotent: each organization is found by slug and each account by email
before anything is created, so a second run adds nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.accounts.operations import create_user, hash_password
from planner.demo.events import seed_demo_events
from planner.errors import PermissionDenied
from planner.extensions import db
from planner.models import Organization, OrganizationKind, Role, User, utc_now
from planner.organizations.operations import OrganizationDetails, create_organization
from planner.unit_of_work import unit_of_work

DEMO_PASSWORD = "planner-demo"

DEMO_ORGANIZATIONS = (
    OrganizationDetails(
        slug="link-j",
        name_en="LINK-J (Life Science Innovation Network Japan)",
        name_ja="一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン（LINK-J）",
        kind=OrganizationKind.NETWORK,
        country="JP",
        timezone="Asia/Tokyo",
        work_start=time(9),
        work_end=time(18),
        contact_email="events@link-j.example",
    ),
    OrganizationDetails(
        slug="dk-embassy",
        name_en="Royal Danish Embassy in Japan",
        name_ja="駐日デンマーク大使館",
        kind=OrganizationKind.EMBASSY,
        country="JP",
        timezone="Asia/Tokyo",
        work_start=time(9),
        work_end=time(17),
        # The embassy's staff work in Tokyo; the audience it speaks for is in Denmark.
        audience_zones=("Europe/Copenhagen",),
        contact_email="tokyo@dk-embassy.example",
    ),
    OrganizationDetails(
        slug="dk-cluster",
        name_en="Danish Life Science Cluster",
        name_ja="デンマーク・ライフサイエンス・クラスター",
        kind=OrganizationKind.CLUSTER,
        country="DK",
        timezone="Europe/Copenhagen",
        work_start=time(9),
        work_end=time(17),
        contact_email="partners@dk-cluster.example",
    ),
    OrganizationDetails(
        slug="medicon",
        name_en="Medicon Valley Alliance",
        name_ja="メディコン・バレー・アライアンス",
        kind=OrganizationKind.CLUSTER,
        country="DK",
        timezone="Europe/Copenhagen",
        work_start=time(9),
        work_end=time(17),
        contact_email="info@medicon.example",
    ),
)

# (email, display name, organization slug, role)
DEMO_ACCOUNTS = (
    ("admin@link-j.example", "LINK-J Admin", "link-j", Role.ADMIN),
    ("organizer@link-j.example", "Yuki Tanaka", "link-j", Role.ORGANIZER),
    # The embassy's organizer also manages its profile and members (issue 13).
    ("organizer@dk-embassy.example", "Mette Jensen", "dk-embassy", Role.ORGANIZATION_ADMIN),
    ("organizer@dk-cluster.example", "Lars Nielsen", "dk-cluster", Role.ORGANIZER),
    ("organizer@medicon.example", "Sofie Andersen", "medicon", Role.ORGANIZER),
)


@dataclass
class SeedReport:
    """What one seeding run created (empty lists on a second run)."""

    organizations: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def seed_demo(
    *, allow_demo_accounts: bool, with_events: bool = True, today: date | None = None
) -> SeedReport:
    """Create the demo organizations, accounts and events that do not exist yet.

    ``with_events`` adds the demo events (one or more in each state), planned through
    the real services and dated from ``today``. ``allow_demo_accounts`` comes from the
    configuration: accounts with a published
    password must never exist in production, so there the call is refused.
    """
    if not allow_demo_accounts:
        raise PermissionDenied(
            _("Demo accounts have a published password and are refused in production.")
        )
    report = SeedReport()
    for details in DEMO_ORGANIZATIONS:
        existing = db.session.scalar(select(Organization).where(Organization.slug == details.slug))
        if existing is None:
            create_organization(None, details)
            report.organizations.append(details.slug)
    for email, name, slug, role in DEMO_ACCOUNTS:
        if db.session.scalar(select(User).where(User.email == email)) is not None:
            continue
        organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
        create_user(
            None,
            email=email,
            display_name=name,
            password=DEMO_PASSWORD,
            role=role,
            organization_id=organization.id if organization else None,
        )
        report.accounts.append(email)
    if with_events:
        report.events = seed_demo_events(today or utc_now().date())
    return report


def remove_demo_accounts() -> list[str]:
    """Deactivate every active demo account and forget its published password.

    The accounts stay (events and the audit log point at them) but can never sign in
    again, even if reactivated: their password becomes a random one nobody knows.
    Returns the addresses that were deactivated.
    """
    emails = [email for email, *_rest in DEMO_ACCOUNTS]
    with unit_of_work() as session:
        accounts = session.scalars(
            select(User).where(User.email.in_(emails), User.active.is_(True))
        ).all()
        for account in accounts:
            account.active = False
            account.password_hash = hash_password(secrets.token_urlsafe(32))
            audit.record(
                None,
                "user.update",
                "user",
                account.id,
                before={"active": True},
                after={"active": False},
            )
        return sorted(account.email for account in accounts)
