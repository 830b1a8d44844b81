"""A forgotten password: reset by an emailed link, which ends every session of the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts.operations import authenticate
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import AuditEntry, LinkPurpose, utc_now
from tests.accounts.email_links import (
    FORGOT_PATH,
    SIGN_IN_PATH,
    ask,
    link_path,
    links_of,
    post_form,
    secret_of,
    tampered,
    without_csrf,
)
from tests.conftest import AuthActions
from tests.factories import EMBASSY, HOST, csrf_token, user
from tests.mail_server import Inbox, text_of

pytestmark = pytest.mark.usefixtures("demo")

NEW = "a brand new password"
SENT = "If an account uses this address, we have sent it a link to choose a new password."


def _reset_link(client: FlaskClient, inbox: Inbox, email: str = HOST) -> str:
    assert ask(client, FORGOT_PATH, email).status_code == 200
    return link_path(inbox, email, "/password/reset/")


def _reset(client: FlaskClient, path: str, password: str = NEW, again: str | None = None):
    return post_form(
        client, path, new_password=password, new_password_again=password if again is None else again
    )


def test_known_unknown_and_deactivated_addresses_get_the_same_answer(
    client: FlaskClient, inbox: Inbox
) -> None:
    user(EMBASSY).active = False
    db.session.commit()
    answers = [ask(client, FORGOT_PATH, email) for email in (HOST, "nobody@x.example", EMBASSY)]
    assert {answer.status_code for answer in answers} == {200}
    assert len({without_csrf(answer) for answer in answers}) == 1
    assert SENT in answers[0].get_data(as_text=True)
    assert "It works once, for 60 minutes." in answers[0].get_data(as_text=True)
    assert [message["To"] for message in inbox.messages] == [HOST]


def test_the_email_explains_itself(client: FlaskClient, inbox: Inbox) -> None:
    _reset_link(client, inbox)
    message = inbox.last_to(HOST)
    text = text_of(message)
    assert message["Subject"] == "Choose a new password for Co-host Planner"
    assert f"Dear {user(HOST).display_name}," in text
    assert "works once, for 60 minutes" in text
    assert "your account is unchanged" in text
    (link,) = links_of(HOST, LinkPurpose.PASSWORD_RESET)
    assert timedelta(minutes=59) < link.expires_at - utc_now() <= timedelta(minutes=60)


def test_the_japanese_email(client: FlaskClient, inbox: Inbox) -> None:
    user(HOST).locale = "ja"
    db.session.commit()
    _reset_link(client, inbox)
    text = text_of(inbox.last_to(HOST))
    assert text.startswith(f"{user(HOST).display_name}様")
    assert "60分" in text


def test_a_reset_ends_every_session_and_signs_in_here(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    elsewhere = app.test_client()
    assert (
        elsewhere.post(
            "/login",
            data={
                "email": HOST,
                "password": DEMO_PASSWORD,
                "csrf_token": csrf_token(elsewhere),
            },
        ).status_code
        == 302
    )
    assert elsewhere.get("/account").status_code == 200
    path = _reset_link(client, inbox)
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert links_of(HOST, LinkPurpose.PASSWORD_RESET)[0].used_at is None  # GET uses nothing
    answer = _reset(client, path)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/dashboard"
    assert client.get("/account").status_code == 200  # signed in on this device
    assert elsewhere.get("/account").status_code == 302  # signed out elsewhere
    assert authenticate(HOST, DEMO_PASSWORD) is None
    assert authenticate(HOST, NEW) is not None
    assert AuthActions(app.test_client()).login(HOST, DEMO_PASSWORD).status_code == 401
    assert AuthActions(app.test_client()).login(HOST, NEW).status_code == 302
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="user.password_reset"))
    assert entry is not None and "reset" in str(entry.after)
    # The link worked once.
    assert client.get(path).status_code == 410
    assert _reset(app.test_client(), path, "yet another password").status_code == 410
    assert authenticate(HOST, NEW) is not None


def test_a_reset_retires_the_other_reset_and_sign_in_links(
    client: FlaskClient, inbox: Inbox
) -> None:
    older = _reset_link(client, inbox)
    assert ask(client, SIGN_IN_PATH, HOST).status_code == 200
    sign_in = link_path(inbox, HOST, "/login/link/")
    newer = _reset_link(client, inbox)
    assert _reset(client, newer).status_code == 302
    for path in (older, sign_in):
        answer = client.get(path)
        assert answer.status_code == 410
        assert "withdrawn" in answer.get_data(as_text=True)


def test_the_password_policy_and_the_repeat_are_checked(client: FlaskClient, inbox: Inbox) -> None:
    path = _reset_link(client, inbox)
    short = _reset(client, path, "short")
    assert short.status_code == 400
    assert "at least 10 characters" in short.get_data(as_text=True)
    different = _reset(client, path, NEW, "something else entirely")
    assert different.status_code == 400
    assert "not the same" in different.get_data(as_text=True)
    assert links_of(HOST, LinkPurpose.PASSWORD_RESET)[0].used_at is None
    assert _reset(client, path).status_code == 302


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ("expired", 410, "This link has expired."),
        ("revoked", 410, "withdrawn"),
        ("used", 410, "already been used"),
        ("tampered", 404, "This link is not valid"),
        ("forged", 404, "This link is not valid"),
        ("sign-in link", 404, "This link is not valid"),
    ],
)
def test_a_link_that_does_not_work_changes_nothing(
    client: FlaskClient, inbox: Inbox, change: str, status: int, words: str
) -> None:
    path = _reset_link(client, inbox)
    link = links_of(HOST, LinkPurpose.PASSWORD_RESET)[0]
    if change == "expired":
        link.expires_at = utc_now() - timedelta(seconds=1)
    elif change == "revoked":
        link.revoked_at = utc_now()
    elif change == "used":
        link.used_at = utc_now()
    elif change == "tampered":
        path = tampered(path)
    elif change == "forged":
        path = "/password/reset/" + "Z" * 43
    else:
        assert ask(client, SIGN_IN_PATH, HOST).status_code == 200
        path = "/password/reset/" + secret_of(link_path(inbox, HOST, "/login/link/"))
    db.session.commit()
    for answer in (client.get(path), _reset(client, path)):
        assert answer.status_code == status
        body = answer.get_data(as_text=True)
        assert words in body
        assert 'href="/password/forgot"' in body
    assert authenticate(HOST, DEMO_PASSWORD) is not None
    assert client.get("/account").status_code == 302


def test_an_account_without_a_password_gets_its_first_one(
    client: FlaskClient, inbox: Inbox
) -> None:
    user(HOST).password_hash = ""
    db.session.commit()
    path = _reset_link(client, inbox)
    assert _reset(client, path).status_code == 302
    assert authenticate(HOST, NEW) is not None
