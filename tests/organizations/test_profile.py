"""An organization's profile, changed by its own admins or a site admin (issue 13)."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from planner.errors import NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.models import AuditEntry, Organization, OrganizationKind
from planner.organizations import operations as organizations
from planner.organizations.operations import OrganizationProfile
from tests.factories import ADMIN, HOST, post_form, user
from tests.organizations.members_world import EMBASSY_ADMIN, embassy_admin, organization_id

PROFILE = OrganizationProfile(
    name_en="Embassy of Denmark, Tokyo",
    name_ja="デンマーク大使館",
    country="JP",
    timezone="Asia/Tokyo",
    work_start=time(9, 30),
    work_end=time(17),
    audience_zones=("Europe/Copenhagen",),
    contact_email=" Press@DK-Embassy.example ",
)
FORM = {
    "name_en": "Embassy of Denmark, Tokyo",
    "name_ja": "駐日デンマーク王国大使館",
    "country": "jp",
    "timezone": "Asia/Tokyo",
    "audience_zones": "Europe/Copenhagen",
    "work_start": "09:30",
    "work_end": "17:00",
    "contact_email": "media@dk-embassy.example",
}


def _embassy() -> Organization:
    db.session.expire_all()
    return db.session.get(Organization, organization_id("dk-embassy"))


def test_an_organization_admin_changes_the_profile_not_the_slug(demo) -> None:
    embassy = _embassy()
    organizations.update_organization_profile(embassy_admin(), embassy.id, PROFILE)
    saved = _embassy()
    assert saved.name_en == "Embassy of Denmark, Tokyo" and saved.name_ja == "デンマーク大使館"
    assert saved.contact_email == "press@dk-embassy.example"
    assert saved.work_start == time(9, 30)
    assert saved.slug == "dk-embassy" and saved.kind == OrganizationKind.EMBASSY
    entry = db.session.scalars(
        db.select(AuditEntry).filter_by(action="organization.update").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.actor_id == embassy_admin().id
    assert entry.after["contact_email"] == "press@dk-embassy.example"
    assert "slug" not in entry.after


def test_only_its_admins_and_site_admins_change_it(demo) -> None:
    embassy = _embassy()
    for outsider in (user(HOST), user("organizer@medicon.example")):
        with pytest.raises(PermissionDenied):
            organizations.update_organization_profile(outsider, embassy.id, PROFILE)
    with pytest.raises(PermissionDenied):  # the embassy's admin, on LINK-J
        organizations.update_organization_profile(
            embassy_admin(), organization_id("link-j"), PROFILE
        )
    organizations.update_organization_profile(user(ADMIN), embassy.id, PROFILE)
    with pytest.raises(NotFound):
        organizations.update_organization_profile(user(ADMIN), 999_999, PROFILE)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Asia/Osaka"}, "timezone"),
        ({"audience_zones": ("Europe/Kobenhavn",)}, "audience_zones"),
        ({"country": "XX"}, "country"),
        ({"work_end": time(8)}, "work_end"),
        ({"contact_email": "not an address"}, "contact_email"),
    ],
)
def test_bad_profiles_are_refused_by_the_same_rules(demo, change: dict, field: str) -> None:
    before = _embassy().name_en
    with pytest.raises(ValidationFailed) as caught:
        organizations.update_organization_profile(
            embassy_admin(), _embassy().id, replace(PROFILE, **change)
        )
    assert caught.value.field == field
    assert _embassy().name_en == before


def test_an_empty_contact_address_clears_it(demo) -> None:
    organizations.update_organization_profile(embassy_admin(), _embassy().id, PROFILE)
    organizations.update_organization_profile(
        embassy_admin(), _embassy().id, replace(PROFILE, contact_email="  ")
    )
    assert _embassy().contact_email is None


# -- The page -----------------------------------------------------------------------


def test_the_profile_page_saves_a_japanese_name(client, auth, demo) -> None:
    auth.login(EMBASSY_ADMIN)
    path = f"/organizations/{_embassy().id}"
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "駐日デンマーク大使館" in text and "tokyo@dk-embassy.example" in text
    response = post_form(client, path, path, FORM)
    assert response.status_code == 302 and response.headers["Location"] == path
    saved = _embassy()
    assert saved.name_ja == "駐日デンマーク王国大使館" and saved.country == "JP"
    assert saved.contact_email == "media@dk-embassy.example"
    assert "駐日デンマーク王国大使館" in client.get(path).get_data(as_text=True)


def test_a_bad_zone_is_a_400_with_its_message(client, auth, demo) -> None:
    auth.login(EMBASSY_ADMIN)
    path = f"/organizations/{_embassy().id}"
    response = post_form(client, path, path, {**FORM, "timezone": "Asia/Osaka"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Asia/Osaka" in text and "field--invalid" in text
    response = post_form(client, path, path, {**FORM, "contact_email": "nobody"})
    assert response.status_code == 400
    assert _embassy().name_en == "Royal Danish Embassy in Japan"


def test_the_page_is_refused_to_others(client, auth, demo) -> None:
    path = f"/organizations/{_embassy().id}"
    assert client.get(path).status_code == 302  # to the sign-in page
    auth.login(HOST)
    assert client.get(path).status_code == 403
    assert client.get("/organizations/999999").status_code == 403
    auth.logout()
    auth.login(ADMIN)
    assert client.get(path).status_code == 200
    assert client.get("/organizations/999999").status_code == 404


def test_navigation_and_admin_overview_link_the_pages(client, auth, demo) -> None:
    embassy_id = _embassy().id
    auth.login(EMBASSY_ADMIN)
    home = client.get("/").get_data(as_text=True)
    assert f'href="/organizations/{embassy_id}"' in home
    auth.logout()
    auth.login(HOST)  # an organizer only: no such link
    assert "/organizations/" not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(ADMIN)
    overview = client.get("/admin/").get_data(as_text=True)
    assert f'href="/organizations/{embassy_id}"' in overview
    assert f'href="/organizations/{embassy_id}/members"' in overview


def test_the_profile_page_in_japanese(client, auth, demo) -> None:
    auth.login(EMBASSY_ADMIN)
    page = client.get(f"/organizations/{_embassy().id}", headers={"Accept-Language": "ja"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'lang="ja"' in text
    assert "Contact address" not in text and "Organization profile" not in text
