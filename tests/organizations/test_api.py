"""``/api/v1/organizations/<id>``: the profile and the members, for the organization's admins.

In the ``api`` fixture ``cohost`` is the demo's organizer of the embassy, who is also its
organization admin; ``host`` is LINK-J's organizer (not an admin).
"""

from __future__ import annotations

from planner.extensions import db
from planner.models import EmailLink, Organization, Role, User
from tests.factories import HOST, user
from tests.organizations.members_world import COLLEAGUE, embassy_admin, links_of, member


def _embassy_id() -> int:
    return db.session.scalar(db.select(Organization.id).filter_by(slug="dk-embassy"))


def _fresh(account_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, account_id)


def test_the_profile_for_its_admins(api) -> None:
    path = f"/api/v1/organizations/{_embassy_id()}"
    response = api.call("GET", path, "cohost")
    assert response.status_code == 200
    body = response.get_json()
    assert body["slug"] == "dk-embassy" and body["contact_email"] == "tokyo@dk-embassy.example"
    assert body["id"] == _embassy_id() and body["working_hours"] == "09:00-17:00"
    assert api.call("GET", path, "admin").status_code == 200
    assert api.call("GET", path, "host").status_code == 403
    assert api.call("GET", path, "uninvolved").status_code == 403
    assert api.call("GET", path).status_code == 401
    assert api.call("GET", "/api/v1/organizations/999999", "admin").status_code == 404


def test_patch_the_profile(api) -> None:
    path = f"/api/v1/organizations/{_embassy_id()}"
    response = api.call(
        "PATCH",
        path,
        "cohost",
        json={
            "name_ja": "駐日デンマーク王国大使館",
            "working_hours": "09:30-17:30",
            "contact_email": "press@dk-embassy.example",
            "audience_zones": ["Europe/Copenhagen", "Europe/Stockholm"],
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["name_ja"] == "駐日デンマーク王国大使館"
    assert body["working_hours"] == "09:30-17:30"
    assert body["audience_zones"] == ["Europe/Copenhagen", "Europe/Stockholm"]
    assert body["name"] == "Royal Danish Embassy in Japan"  # not sent: kept
    cleared = api.call("PATCH", path, "cohost", json={"contact_email": None}).get_json()
    assert cleared["contact_email"] is None


def test_bad_profiles_are_refused_by_field(api) -> None:
    path = f"/api/v1/organizations/{_embassy_id()}"
    cases = [
        ({"timezone": "Asia/Osaka"}, 400, "timezone"),
        ({"working_hours": "18:00-09:00"}, 400, "working_hours"),
        ({"name_ja": "大使館\u0007"}, 400, "name_ja"),
        ({"working_hours": "25:00-26:00"}, 400, "working_hours"),
        ({"contact_email": "nobody"}, 400, "contact_email"),
        ({"slug": "renamed"}, 400, "slug"),  # the site admins' only: not in the body
        ({"name": None}, 400, "name"),
    ]
    for body, status, field in cases:
        response = api.call("PATCH", path, "cohost", json=body)
        assert response.status_code == status, (body, response.get_json())
        assert response.get_json()["error"]["field"] == field, (body, response.get_json())
    assert api.call("PATCH", path, "host", json={"name": "Taken over"}).status_code == 403


def test_members_list_and_changes(api) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    links_of(colleague)
    base = f"/api/v1/organizations/{_embassy_id()}/members"
    listing = api.call("GET", base, "cohost")
    assert listing.status_code == 200
    members = listing.get_json()["members"]
    assert {m["email"] for m in members} == {embassy_admin().email, COLLEAGUE}
    assert all(set(m) == {"id", "name", "email", "role", "active", "has_password"} for m in members)
    assert "hash" not in listing.get_data(as_text=True)

    response = api.call("PATCH", f"{base}/{colleague.id}", "cohost", json={"role": "org_admin"})
    assert response.status_code == 200 and response.get_json()["role"] == "org_admin"
    response = api.call(
        "PATCH", f"{base}/{colleague.id}", "cohost", json={"role": "organizer", "active": False}
    )
    assert response.status_code == 200
    changed = response.get_json()
    assert changed["active"] is False and changed["role"] == "organizer"
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(EmailLink)
            .filter(EmailLink.user_id == colleague.id, EmailLink.revoked_at.is_(None))
        )
        == 0
    )
    assert (
        api.call("PATCH", f"{base}/{colleague.id}", "cohost", json={"role": "admin"}).status_code
        == 400
    )


def test_revoke_links_and_the_last_admin(api) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    links_of(colleague)
    base = f"/api/v1/organizations/{_embassy_id()}/members"
    response = api.call("POST", f"{base}/{colleague.id}/revoke-links", "cohost")
    assert response.status_code == 200 and response.get_json() == {"revoked": 2}
    admin_id = embassy_admin().id
    response = api.call("PATCH", f"{base}/{admin_id}", "cohost", json={"active": False})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "last_organization_admin"
    assert _fresh(admin_id).active and _fresh(admin_id).role == Role.ORGANIZATION_ADMIN


def test_other_organizations_members_are_refused(api) -> None:
    link_j = db.session.scalar(db.select(Organization.id).filter_by(slug="link-j"))
    host = user(HOST)
    base = f"/api/v1/organizations/{link_j}/members"
    assert api.call("GET", base, "cohost").status_code == 403
    assert (
        api.call("PATCH", f"{base}/{host.id}", "cohost", json={"active": False}).status_code == 403
    )
    assert api.call("POST", f"{base}/{host.id}/revoke-links", "cohost").status_code == 403
    # The host's organizer through the embassy's address: no such member.
    embassy = f"/api/v1/organizations/{_embassy_id()}/members/{host.id}"
    assert api.call("PATCH", embassy, "cohost", json={"active": False}).status_code == 404
    assert _fresh(host.id).active
