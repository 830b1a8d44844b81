"""The members page: an organization admin changes roles, deactivates and takes back links."""

from __future__ import annotations

from planner.extensions import db
from planner.models import EmailLink, Role, User
from tests.conftest import AuthActions
from tests.factories import ADMIN, HOST, post_form, user
from tests.organizations.members_world import (
    COLLEAGUE,
    EMBASSY_ADMIN,
    embassy_admin,
    links_of,
    member,
    organization_id,
)


def _path(suffix: str = "") -> str:
    return f"/organizations/{organization_id('dk-embassy')}/members{suffix}"


def _fresh(account_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, account_id)


def test_the_members_page_lists_every_account(client, auth, demo) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    colleague.password_hash = ""  # joined by invitation: signs in by email link only
    db.session.commit()
    auth.login(EMBASSY_ADMIN)
    page = client.get(_path())
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert EMBASSY_ADMIN in text and COLLEAGUE in text
    assert "Email link only" in text and "Password or email link" in text
    assert "Organization admin" in text
    assert "scrypt" not in text and "pbkdf2" not in text  # no password hash shows


def test_change_role_deactivate_and_revoke_from_the_page(client, auth, demo) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    links_of(colleague)
    auth.login(EMBASSY_ADMIN)
    response = post_form(client, _path(), _path(f"/{colleague.id}/role"), {"role": "org_admin"})
    assert response.status_code == 302 and response.headers["Location"] == _path()
    assert _fresh(colleague.id).role == Role.ORGANIZATION_ADMIN
    assert "is now Organization admin" in client.get(_path()).get_data(as_text=True)

    response = post_form(client, _path(), _path(f"/{colleague.id}/revoke-links"), {})
    assert response.status_code == 302
    assert "2 unused email links taken back." in client.get(_path()).get_data(as_text=True)
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(EmailLink)
            .filter(EmailLink.user_id == colleague.id, EmailLink.revoked_at.is_(None))
        )
        == 0
    )

    response = post_form(client, _path(), _path(f"/{colleague.id}/active"), {"active": "no"})
    assert response.status_code == 302
    assert not _fresh(colleague.id).active
    response = post_form(client, _path(), _path(f"/{colleague.id}/active"), {"active": "yes"})
    assert _fresh(colleague.id).active


def test_a_deactivated_member_is_signed_out(app, client, auth, demo) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    theirs = app.test_client()
    AuthActions(theirs).login(COLLEAGUE)
    assert theirs.get("/dashboard").status_code == 200
    auth.login(EMBASSY_ADMIN)
    post_form(client, _path(), _path(f"/{colleague.id}/active"), {"active": "no"})
    assert theirs.get("/dashboard").status_code == 302  # to the sign-in page


def test_the_last_admin_gets_a_clear_409(client, auth, demo) -> None:
    auth.login(EMBASSY_ADMIN)
    admin_id = embassy_admin().id
    response = post_form(client, _path(), _path(f"/{admin_id}/role"), {"role": "organizer"})
    assert response.status_code == 409
    assert "last active organization admin" in response.get_data(as_text=True)
    response = post_form(client, _path(), _path(f"/{admin_id}/active"), {"active": "no"})
    assert response.status_code == 409
    assert _fresh(admin_id).role == Role.ORGANIZATION_ADMIN and _fresh(admin_id).active


def test_bad_choices_are_a_400(client, auth, demo) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    auth.login(EMBASSY_ADMIN)
    response = post_form(client, _path(), _path(f"/{colleague.id}/role"), {"role": "admin"})
    assert response.status_code == 400
    assert "Choose organizer or organization admin." in response.get_data(as_text=True)
    response = post_form(client, _path(), _path(f"/{colleague.id}/active"), {"active": "maybe"})
    assert response.status_code == 400
    assert _fresh(colleague.id).role == Role.ORGANIZER and _fresh(colleague.id).active


def test_other_organizations_and_site_admin_accounts(client, auth, demo) -> None:
    link_j = organization_id("link-j")
    auth.login(EMBASSY_ADMIN)
    assert client.get(f"/organizations/{link_j}/members").status_code == 403
    host = user(HOST)
    response = post_form(
        client, _path(), f"/organizations/{link_j}/members/{host.id}/active", {"active": "no"}
    )
    assert response.status_code == 403
    # The host's organizer through the embassy's own pages: no such member.
    response = post_form(client, _path(), _path(f"/{host.id}/active"), {"active": "no"})
    assert response.status_code == 404
    assert _fresh(host.id).active
    auth.logout()
    auth.login(ADMIN)
    page = client.get(f"/organizations/{link_j}/members").get_data(as_text=True)
    assert "Site administrator: changed on the administration pages." in page
    response = post_form(
        client,
        _path(),
        f"/organizations/{link_j}/members/{user(ADMIN).id}/role",
        {"role": "organizer"},
    )
    assert response.status_code == 403
    assert _fresh(user(ADMIN).id).role == Role.ADMIN


def test_the_members_page_in_japanese(client, auth, demo) -> None:
    member(COLLEAGUE, "dk-embassy")
    auth.login(EMBASSY_ADMIN)
    page = client.get(_path(), headers={"Accept-Language": "ja"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "メールリンクを取り消す" in text and "組織管理者" in text
    assert "Revoke email links" not in text and "Deactivate" not in text


def test_the_changes_read_as_sentences_in_the_admin_history(client, auth, demo) -> None:
    colleague = member(COLLEAGUE, "dk-embassy")
    links_of(colleague)
    auth.login(EMBASSY_ADMIN)
    post_form(client, _path(), _path(f"/{colleague.id}/revoke-links"), {})
    post_form(client, _path(), _path(f"/{colleague.id}/active"), {"active": "no"})
    auth.logout()
    auth.login(ADMIN)
    overview = client.get("/admin/").get_data(as_text=True)
    assert f"took back the unused email links of {COLLEAGUE}" in overview
    assert f"changed the account {COLLEAGUE}" in overview
