"""The organizations service and the demo seed, on SQLite and PostgreSQL."""

from dataclasses import replace
from datetime import time

import pytest

from planner.demo import seed as demo_service
from planner.errors import NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.models import AuditEntry, Event, Organization, OrganizationKind, User
from planner.organizations import operations as organizations
from planner.organizations.operations import OrganizationDetails

DETAILS = OrganizationDetails(
    slug="osaka-bio",
    name_en="Osaka Bio Headquarters",
    name_ja="大阪バイオ・ヘッドクオーター",
    kind=OrganizationKind.NETWORK,
    country="JP",
    timezone="Asia/Tokyo",
    work_start=time(9),
    work_end=time(17, 30),
)


def test_create_and_read_back(app) -> None:
    created = organizations.create_organization(None, DETAILS)
    db.session.expire_all()
    loaded = organizations.get_organization_by_slug("osaka-bio")
    assert loaded.id == created.id
    assert loaded.work_end == time(17, 30)
    assert loaded.display_name("ja") == "大阪バイオ・ヘッドクオーター"
    assert loaded.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Asia/Osaka"}, "timezone"),
        ({"timezone": "JST"}, "timezone"),
        ({"country": "XX"}, "country"),
        ({"slug": "Osaka Bio"}, "slug"),
        ({"work_end": time(8)}, "work_end"),
    ],
)
def test_invalid_details_are_refused_without_writing(app, change: dict, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        organizations.create_organization(None, replace(DETAILS, **change))
    assert caught.value.field == field
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_duplicate_slug_is_refused(app) -> None:
    organizations.create_organization(None, DETAILS)
    with pytest.raises(ValidationFailed, match="already uses this slug"):
        organizations.create_organization(None, replace(DETAILS, name_en="Other"))


def test_unknown_slug_is_not_found(app) -> None:
    with pytest.raises(NotFound):
        organizations.get_organization_by_slug("nope")


def test_organizers_cannot_manage_organizations(demo) -> None:
    organizer = db.session.scalar(db.select(User).filter_by(email="organizer@dk-cluster.example"))
    with pytest.raises(PermissionDenied):
        organizations.create_organization(organizer, DETAILS)


def test_seed_demo_is_idempotent(app) -> None:
    first = demo_service.seed_demo(allow_demo_accounts=True)
    second = demo_service.seed_demo(allow_demo_accounts=True)
    assert first.organizations == ["link-j", "dk-embassy", "dk-cluster", "medicon"]
    assert len(first.accounts) == 5
    assert len(first.events) == 6
    assert second.organizations == [] and second.accounts == [] and second.events == []
    statuses = {str(status) for status in db.session.scalars(db.select(Event.status))}
    assert statuses == {"published", "proposed", "confirmed", "draft", "cancelled", "declined"}
    zones = dict(db.session.execute(db.select(Organization.slug, Organization.timezone)).all())
    assert zones == {
        "link-j": "Asia/Tokyo",
        "dk-embassy": "Asia/Tokyo",
        "dk-cluster": "Europe/Copenhagen",
        "medicon": "Europe/Copenhagen",
    }


def test_seed_demo_refused_when_demo_accounts_are_not_allowed(app) -> None:
    with pytest.raises(PermissionDenied):
        demo_service.seed_demo(allow_demo_accounts=False)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
