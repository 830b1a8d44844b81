"""Organizations speak for audiences in other zones: the embassy's is in Copenhagen."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from flask.testing import FlaskClient

from planner.errors import ValidationFailed
from planner.extensions import db
from planner.models import AuditEntry, Organization, OrganizationKind
from planner.organizations import operations as organizations
from planner.organizations.operations import OrganizationDetails
from tests.factories import ADMIN, post_form

DETAILS = OrganizationDetails(
    slug="jetro-dk",
    name_en="JETRO Copenhagen",
    name_ja="ジェトロ・コペンハーゲン",
    kind=OrganizationKind.NETWORK,
    country="DK",
    timezone="Europe/Copenhagen",
    work_start=time(9),
    work_end=time(17),
    audience_zones=("Asia/Tokyo", "Asia/Tokyo", "Europe/Copenhagen"),
)


def test_audience_zones_are_kept_without_repeats_or_the_office_zone(app) -> None:
    created = organizations.create_organization(None, DETAILS)
    db.session.expire_all()
    assert db.session.get(Organization, created.id).audience_zones == ["Asia/Tokyo"]
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="organization.create"))
    assert entry.after["audience_zones"] == ["Asia/Tokyo"]


@pytest.mark.parametrize(
    "zones", [("Mars/Base",), ("Asia/Tokyo", "JST"), tuple(f"Etc/GMT+{n}" for n in range(1, 7))]
)
def test_unknown_or_too_many_audience_zones_are_refused(app, zones) -> None:
    with pytest.raises(ValidationFailed) as caught:
        organizations.create_organization(None, replace(DETAILS, audience_zones=zones))
    assert caught.value.field == "audience_zones"
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0


def test_the_demo_embassy_speaks_for_copenhagen(demo) -> None:
    embassy = organizations.get_organization_by_slug("dk-embassy")
    assert (embassy.timezone, embassy.audience_zones) == ("Asia/Tokyo", ["Europe/Copenhagen"])


def test_the_api_lists_audience_zones(client: FlaskClient, demo) -> None:
    listed = client.get("/api/v1/organizations").json["organizations"]
    embassy = next(org for org in listed if org["slug"] == "dk-embassy")
    assert embassy["timezone"] == "Asia/Tokyo"
    assert embassy["audience_zones"] == ["Europe/Copenhagen"]


def test_the_admin_form_shows_and_saves_audience_zones(client: FlaskClient, auth, demo) -> None:
    auth.login(ADMIN)
    embassy = organizations.get_organization_by_slug("dk-embassy")
    path = f"/admin/organizations/{embassy.id}"
    assert 'value="Europe/Copenhagen"' in client.get(path).get_data(as_text=True)
    form = {
        "slug": "dk-embassy",
        "name_en": embassy.name_en,
        "name_ja": embassy.name_ja,
        "kind": "embassy",
        "country": "JP",
        "timezone": "Asia/Tokyo",
        "audience_zones": "Europe/Copenhagen, Europe/Stockholm",
        "work_start": "09:00",
        "work_end": "17:00",
    }
    assert post_form(client, path, path, form).status_code == 302
    db.session.expire_all()
    assert organizations.get_organization_by_slug("dk-embassy").audience_zones == [
        "Europe/Copenhagen",
        "Europe/Stockholm",
    ]
    refused = post_form(client, path, path, {**form, "audience_zones": "Europe/Copenhagn"})
    assert refused.status_code == 400
    assert "Europe/Copenhagn is not a known time zone" in refused.get_data(as_text=True)
