"""Signing in with a link sent by email: one answer for every address, each link once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts.email_sign_in import email_link_state
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
from tests.factories import EMBASSY, HOST, csrf_token, user
from tests.mail_server import Inbox, text_of

pytestmark = pytest.mark.usefixtures("demo")

SENT = "If an account uses this address, we have sent it a sign-in link."


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def _deactivate(email: str) -> None:
    user(email).active = False
    db.session.commit()


def _link(client: FlaskClient, inbox: Inbox, email: str = HOST) -> str:
    assert ask(client, SIGN_IN_PATH, email).status_code == 200
    return link_path(inbox, email, "/login/link/")


def test_the_sign_in_page_offers_both_links(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/login/link"' in page
    assert 'href="/password/forgot"' in page
    form = client.get(SIGN_IN_PATH)
    assert form.status_code == 200
    assert "Email me a sign-in link" in form.get_data(as_text=True)


def test_known_unknown_and_deactivated_addresses_get_the_same_answer(
    client: FlaskClient, inbox: Inbox
) -> None:
    _deactivate(EMBASSY)
    answers = [ask(client, SIGN_IN_PATH, email) for email in (HOST, "nobody@x.example", EMBASSY)]
    assert {answer.status_code for answer in answers} == {200}
    assert len({without_csrf(answer) for answer in answers}) == 1
    assert SENT in answers[0].get_data(as_text=True)
    assert "It works once, for 15 minutes." in answers[0].get_data(as_text=True)
    assert [message["To"] for message in inbox.messages] == [HOST]
    assert links_of(EMBASSY, LinkPurpose.SIGN_IN) == []


def test_the_email_says_who_it_is_for_what_it_does_and_for_how_long(
    client: FlaskClient, inbox: Inbox
) -> None:
    _link(client, inbox)
    message = inbox.last_to(HOST)
    text = text_of(message)
    assert message["Subject"] == "Your sign-in link for Co-host Planner"
    assert f"Dear {user(HOST).display_name}," in text
    assert HOST in text
    assert "works once, for 15 minutes" in text
    assert "If you did not ask for this, ignore this email" in text
    assert "your account is unchanged" in text
    (link,) = links_of(HOST, LinkPurpose.SIGN_IN)
    # The lifetime starts when the email leaves, and only a hash is stored.
    assert timedelta(minutes=14) < link.expires_at - utc_now() <= timedelta(minutes=15)
    assert link.token_hash and secret_of(link_path(inbox, HOST, "/login/link/")) not in (
        link.token_hash
    )


def test_the_japanese_email_is_addressed_politely(client: FlaskClient, inbox: Inbox) -> None:
    user(HOST).locale = "ja"
    db.session.commit()
    _link(client, inbox)
    message = inbox.last_to(HOST)
    text = text_of(message)
    assert message["Subject"] == "共催プランナーのサインイン用リンク"
    assert text.startswith(f"{user(HOST).display_name}様")
    assert "15分" in text
    assert "お心当たりがない場合" in text


def test_without_a_preference_the_email_is_in_the_pages_language(
    client: FlaskClient, inbox: Inbox
) -> None:
    client.post("/language", data={"locale": "ja", "csrf_token": csrf_token(client)})
    assert user(HOST).locale is None
    _link(client, inbox)
    assert text_of(inbox.last_to(HOST)).startswith(f"{user(HOST).display_name}様")


def test_opening_the_link_uses_nothing_and_the_button_signs_in_once(
    client: FlaskClient, app: Flask, inbox: Inbox
) -> None:
    path = _link(client, inbox)
    for _ in range(3):  # a mail scanner, a Safe Links preview, the person
        page = client.get(path)
        assert page.status_code == 200
        assert f"Sign in as {user(HOST).display_name} ({HOST})" in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["Referrer-Policy"] == "no-referrer"
    assert not _signed_in(client)
    answer = post_form(client, path)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/dashboard"
    assert _signed_in(client)
    (link,) = links_of(HOST, LinkPurpose.SIGN_IN)
    assert link.used_at is not None
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="user.sign_in_by_link"))
    # Once only: on another browser too.
    other = app.test_client()
    for method in (other.get, lambda p: post_form(other, p)):
        again = method(path)
        assert again.status_code == 410
        assert "already been used" in again.get_data(as_text=True)
    assert not _signed_in(other)


def test_a_safe_next_is_followed_and_another_site_is_not(
    client: FlaskClient, app: Flask, inbox: Inbox
) -> None:
    path = _link(client, inbox)
    assert post_form(client, path, next="/account").headers["Location"] == "/account"
    path = _link(client, inbox)
    other = app.test_client()
    answer = post_form(other, path, next="https://evil.example/")
    assert answer.headers["Location"] == "/dashboard"


def test_the_post_needs_the_pages_csrf_token(client: FlaskClient, inbox: Inbox) -> None:
    path = _link(client, inbox)
    assert client.post(path).status_code == 400
    assert links_of(HOST, LinkPurpose.SIGN_IN)[0].used_at is None


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ("expired", 410, "This link has expired."),
        ("revoked", 410, "withdrawn"),
        ("deactivated", 410, "withdrawn"),
    ],
)
def test_a_link_that_no_longer_works_explains_itself(
    client: FlaskClient, inbox: Inbox, change: str, status: int, words: str
) -> None:
    path = _link(client, inbox)
    (link,) = links_of(HOST, LinkPurpose.SIGN_IN)
    if change == "expired":
        link.expires_at = utc_now() - timedelta(seconds=1)
    elif change == "revoked":
        link.revoked_at = utc_now()
    else:
        link.user.active = False
    db.session.commit()
    for answer in (client.get(path), post_form(client, path)):
        assert answer.status_code == status
        body = answer.get_data(as_text=True)
        assert words in body
        assert 'href="/login/link"' in body  # ask for a new one
    assert not _signed_in(client)


@pytest.mark.parametrize("kind", ["forged", "tampered", "truncated", "reset link", "odd"])
def test_an_unknown_link_is_a_clear_404(client: FlaskClient, inbox: Inbox, kind: str) -> None:
    path = _link(client, inbox)
    if kind == "forged":
        path = "/login/link/" + "x" * 43
    elif kind == "tampered":
        path = tampered(path)
    elif kind == "truncated":
        path = path[:-5]
    elif kind == "reset link":
        assert ask(client, FORGOT_PATH, HOST).status_code == 200
        reset = link_path(inbox, HOST, "/password/reset/")
        path = "/login/link/" + secret_of(reset)
    else:
        path = "/login/link/%F0%9F%94%91" + "k" * 40
    for answer in (client.get(path), post_form(client, path)):
        assert answer.status_code == 404
        assert "This link is not valid" in answer.get_data(as_text=True)
    assert not _signed_in(client)


def test_an_unsent_link_opens_nothing(app: Flask, client: FlaskClient) -> None:
    """Without a mail server no secret exists: the request still answers as always."""
    assert ask(client, SIGN_IN_PATH, HOST).status_code == 200
    (link,) = links_of(HOST, LinkPurpose.SIGN_IN)
    assert link.token_hash is None and link.expires_at is None


def test_using_a_link_retires_the_other_sign_in_links(client: FlaskClient, inbox: Inbox) -> None:
    first = _link(client, inbox)
    second = _link(client, inbox)
    assert post_form(client, second).status_code == 302
    assert client.get(first).status_code == 410


def test_the_state_of_a_secret(app: Flask, client: FlaskClient, inbox: Inbox) -> None:
    secret = secret_of(_link(client, inbox))
    assert email_link_state(secret, LinkPurpose.SIGN_IN).status == "valid"
    assert email_link_state(secret, LinkPurpose.PASSWORD_RESET).status == "unknown"
    assert email_link_state("", LinkPurpose.SIGN_IN).status == "unknown"
    assert email_link_state("é" * 43, LinkPurpose.SIGN_IN).link is None


def test_a_bad_address_is_asked_again(client: FlaskClient) -> None:
    answer = ask(client, SIGN_IN_PATH, "")
    assert answer.status_code == 400
    assert SENT not in answer.get_data(as_text=True)
