"""Ending sessions: a copied session cookie stops working when its account's sessions end.

Sessions are signed cookies, which the server cannot delete; each one carries the
account's sign-in generation, which signing out, a password change and deactivation
raise (``planner.accounts.sessions``). A second test client holding a copy of the
first one's cookie plays whoever copied it.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_login.utils import encode_cookie

from planner.accounts.sessions import user_for_session
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import AuditEntry, User
from tests.factories import ADMIN, HOST, csrf_token, post_form

NEW_PASSWORD = "a much longer new password"


def _me(email: str = HOST) -> User:
    db.session.expire_all()
    return db.session.scalar(db.select(User).filter_by(email=email))


def _signed_in(client: FlaskClient) -> bool:
    """Whether the client's cookies open the account page."""
    return client.get("/account").status_code == 200


def _copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    return thief


def _change_password(client: FlaskClient, current: str, new: str, again: str | None = None):
    return post_form(
        client,
        "/account",
        "/account/password",
        {"current_password": current, "new_password": new, "new_password_again": again or new},
    )


def test_a_copied_cookie_stops_working_after_sign_out(app: Flask, client, auth, demo) -> None:  # noqa: ANN001
    auth.login(HOST)
    thief = _copy_of(app, client)
    assert _signed_in(thief)
    response = auth.logout()
    assert response.status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(thief)
    page = client.get("/").get_data(as_text=True)
    assert "You have signed out on every device." in page


def test_signing_out_ends_the_sessions_on_every_device(app: Flask, demo) -> None:  # noqa: ANN001
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post(
            "/login",
            data={"email": HOST, "password": DEMO_PASSWORD, "csrf_token": csrf_token(device)},
        )
        assert _signed_in(device)
    phone.post("/logout", data={"csrf_token": csrf_token(phone)})
    assert not _signed_in(laptop)
    # Signing in again works as ever, on either device.
    laptop.post(
        "/login", data={"email": HOST, "password": DEMO_PASSWORD, "csrf_token": csrf_token(laptop)}
    )
    assert _signed_in(laptop)


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    app: Flask,
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    auth.login(HOST)
    thief = _copy_of(app, client)
    response = _change_password(client, DEMO_PASSWORD, NEW_PASSWORD)
    assert (response.status_code, response.headers["Location"]) == (302, "/account")
    page = client.get("/account")
    assert page.status_code == 200
    assert "Every other device has been signed out." in page.get_data(as_text=True)
    assert not _signed_in(thief)
    # The new password is the one that signs in now, and the change is in the audit log.
    auth.logout()
    assert auth.login(HOST, DEMO_PASSWORD).status_code == 401
    assert auth.login(HOST, NEW_PASSWORD).status_code == 302
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="user.update"))
    assert entry.after == {"password": "changed"} and entry.actor_id == _me().id


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong password", NEW_PASSWORD, NEW_PASSWORD, "The current password is not correct."),
        (DEMO_PASSWORD, "short", "short", "The password must have at least 10 characters."),
        (DEMO_PASSWORD, NEW_PASSWORD, "something else", "The two new passwords are not the same."),
    ],
)
def test_a_refused_password_change_changes_nothing(
    app: Flask,
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
    current: str,
    new: str,
    again: str,
    message: str,
) -> None:
    auth.login(HOST)
    thief = _copy_of(app, client)
    epoch = _me().session_epoch
    response = _change_password(client, current, new, again)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _me().session_epoch == epoch
    assert _signed_in(client) and _signed_in(thief)


def test_guessing_the_current_password_is_limited_per_account(client, auth, demo) -> None:  # noqa: ANN001
    auth.login(HOST)  # the first of the account's five attempts a minute
    answers = [_change_password(client, f"guess {n}", NEW_PASSWORD).status_code for n in range(4)]
    assert answers == [400] * 4
    limited = _change_password(client, DEMO_PASSWORD, NEW_PASSWORD)
    assert limited.status_code == 429
    assert "Retry-After" in limited.headers


def test_an_admin_changing_their_own_password_stays_signed_in(
    app: Flask,
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    auth.login(ADMIN)
    thief = _copy_of(app, client)
    admin = _me(ADMIN)
    response = post_form(
        client,
        f"/admin/users/{admin.id}",
        f"/admin/users/{admin.id}",
        {
            "email": ADMIN,
            "display_name": admin.display_name,
            "role": "admin",
            "organization_id": str(admin.organization_id or 0),
            "active": "y",
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not _signed_in(thief)


@pytest.mark.parametrize("change", ["password", "deactivate"])
def test_an_admin_ends_someone_elses_sessions(
    app: Flask,
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
    change: str,
) -> None:
    organizer = app.test_client()
    organizer.post(
        "/login",
        data={"email": HOST, "password": DEMO_PASSWORD, "csrf_token": csrf_token(organizer)},
    )
    assert _signed_in(organizer)
    auth.login(ADMIN)
    host = _me(HOST)
    form = {
        "email": HOST,
        "display_name": host.display_name,
        "role": "organizer",
        "organization_id": str(host.organization_id),
        "active": "y",
    }
    if change == "password":
        form["password"] = NEW_PASSWORD
    else:
        del form["active"]
    response = post_form(client, f"/admin/users/{host.id}", f"/admin/users/{host.id}", form)
    assert response.status_code == 302
    assert not _signed_in(organizer)
    assert _signed_in(client)  # the admin's own session is untouched
    if change == "deactivate":
        # Reactivating the account does not bring the old session back.
        form["active"] = "y"
        post_form(client, f"/admin/users/{host.id}", f"/admin/users/{host.id}", form)
        assert _me().active
        assert not _signed_in(organizer)


def test_changing_other_details_keeps_the_sessions(app: Flask, client, auth, demo) -> None:  # noqa: ANN001
    organizer = app.test_client()
    organizer.post(
        "/login",
        data={"email": HOST, "password": DEMO_PASSWORD, "csrf_token": csrf_token(organizer)},
    )
    auth.login(ADMIN)
    host = _me(HOST)
    form = {
        "email": HOST,
        "display_name": "Yuki Tanaka-Sato",
        "role": "organizer",
        "organization_id": str(host.organization_id),
        "active": "y",
    }
    assert post_form(client, "/admin/", f"/admin/users/{host.id}", form).status_code == 302
    assert _signed_in(organizer)


def test_a_remember_me_cookie_follows_the_same_rule(app: Flask, client, auth, demo) -> None:  # noqa: ANN001
    """The app issues no remember-me cookie; one made with the key would still end."""
    remembered = app.test_client()
    with app.test_request_context():
        remembered.set_cookie(
            app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
            encode_cookie(_me().get_id()),
        )
    assert _signed_in(remembered)
    auth.login(HOST)
    auth.logout()
    fresh = app.test_client()
    fresh.set_cookie(
        app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
        remembered.get_cookie("remember_token").value,
    )
    assert not _signed_in(fresh)


def test_the_stored_session_value_must_name_the_current_generation(demo) -> None:  # noqa: ANN001
    host = _me()
    assert user_for_session(host.get_id()) is host
    stale = f"{host.id}.{host.session_epoch + 1}"
    for stored in (str(host.id), stale, f"{host.id}.", ".0", "x.0", f"{host.id}.0.0", ""):
        assert user_for_session(stored) is None, stored
    host.active = False
    db.session.commit()
    assert user_for_session(host.get_id()) is None


def test_a_session_from_before_generations_signs_in_again(client: FlaskClient, demo) -> None:  # noqa: ANN001
    with client.session_transaction() as session:
        session["_user_id"] = str(_me().id)  # what sessions stored before
    assert not _signed_in(client)


def test_a_deactivated_accounts_session_stops_working(client, auth, demo) -> None:  # noqa: ANN001
    auth.login(HOST)
    host = _me()
    host.active = False  # even without the admin page's ending of its sessions
    db.session.commit()
    assert not _signed_in(client)
