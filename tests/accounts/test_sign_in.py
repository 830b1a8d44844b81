"""Signing in and out, CSRF, and the sign-in failure message."""

import pytest
from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import User

FAILURE = "The email or password is not correct."


def test_demo_organizer_signs_in_and_out(client: FlaskClient, auth, demo) -> None:
    response = auth.login("organizer@link-j.example")
    assert response.status_code == 302
    assert "Yuki Tanaka" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Yuki Tanaka" not in client.get("/").get_data(as_text=True)


def test_email_is_case_insensitive_at_sign_in(auth, demo) -> None:
    assert auth.login("  Organizer@LINK-J.example ").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("nobody@link-j.example", "planner-demo"), ("organizer@link-j.example", "wrong-password")],
)
def test_failure_says_the_same_for_unknown_email_and_wrong_password(
    auth,
    demo,
    email: str,
    password: str,
) -> None:
    response = auth.login(email, password)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert FAILURE in body
    assert email.strip() in body  # the typed email is kept in the form


def test_deactivated_account_cannot_sign_in(auth, demo) -> None:
    user = db.session.scalar(db.select(User).filter_by(email="organizer@medicon.example"))
    user.active = False
    db.session.commit()
    response = auth.login("organizer@medicon.example")
    assert response.status_code == 401
    assert FAILURE in response.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(client: FlaskClient, demo) -> None:
    response = client.post(
        "/login", data={"email": "organizer@link-j.example", "password": "planner-demo"}
    )
    assert response.status_code == 400
    assert "This form has expired or did not come from this site" in response.get_data(as_text=True)
    assert "Yuki Tanaka" not in client.get("/").get_data(as_text=True)


def test_logout_needs_post_and_csrf(client: FlaskClient, auth, demo) -> None:
    auth.login("organizer@link-j.example")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert "Yuki Tanaka" in client.get("/").get_data(as_text=True)


def test_next_parameter_returns_to_the_page(client: FlaskClient, auth, demo) -> None:
    token = auth.csrf_token("/login?next=/admin/")
    response = client.post(
        "/login",
        data={
            "email": "admin@link-j.example",
            "password": "planner-demo",
            "next": "/admin/",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/admin/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_parameter_never_leaves_the_site(client: FlaskClient, auth, demo, target: str) -> None:
    token = auth.csrf_token()
    response = client.post(
        "/login",
        data={
            "email": "admin@link-j.example",
            "password": "planner-demo",
            "next": target,
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/dashboard"


def test_sign_in_without_next_lands_on_the_dashboard(client: FlaskClient, auth, demo) -> None:
    response = client.post(
        "/login",
        data={
            "email": "organizer@link-j.example",
            "password": "planner-demo",
            "csrf_token": auth.csrf_token(),
        },
    )
    assert response.headers["Location"] == "/dashboard"


def test_signed_in_user_visiting_login_goes_to_the_dashboard(
    client: FlaskClient, auth, demo
) -> None:
    auth.login("organizer@link-j.example")
    response = client.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
