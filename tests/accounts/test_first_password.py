"""An account without a password (it signs in by email link) sets its first one."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts.operations import authenticate, set_first_password
from planner.errors import ValidationFailed
from planner.extensions import db
from planner.models import AuditEntry
from tests.accounts.email_links import SIGN_IN_PATH, ask, link_path, post_form
from tests.factories import HOST, user
from tests.mail_server import Inbox

pytestmark = pytest.mark.usefixtures("demo")

NEW = "my first password"


def _without_password() -> None:
    user(HOST).password_hash = ""
    db.session.commit()


def _sign_in_by_link(client: FlaskClient, inbox: Inbox) -> None:
    assert ask(client, SIGN_IN_PATH, HOST).status_code == 200
    assert post_form(client, link_path(inbox, HOST, "/login/link/")).status_code == 302


def test_the_account_page_offers_to_set_a_password(client: FlaskClient, inbox: Inbox) -> None:
    _without_password()
    _sign_in_by_link(client, inbox)
    page = client.get("/account").get_data(as_text=True)
    assert "Set a password" in page
    assert "Your account has no password" in page
    assert 'name="current_password"' not in page
    assert 'name="new_password"' in page


def test_setting_it_signs_out_the_other_devices(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    _without_password()
    elsewhere = app.test_client()
    _sign_in_by_link(elsewhere, inbox)
    _sign_in_by_link(client, inbox)
    answer = post_form(client, "/account/password", new_password=NEW, new_password_again=NEW)
    assert answer.status_code == 302
    assert client.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    assert authenticate(HOST, NEW) is not None
    entry = db.session.scalar(
        db.select(AuditEntry).filter_by(action="user.update").order_by(AuditEntry.id.desc())
    )
    assert entry.after == {"password": "set"}
    # Now it has one: the page asks for it to change it.
    page = client.get("/account").get_data(as_text=True)
    assert 'name="current_password"' in page
    assert "Change password" in page


def test_a_short_first_password_is_refused_beside_its_field(
    client: FlaskClient, inbox: Inbox
) -> None:
    _without_password()
    _sign_in_by_link(client, inbox)
    answer = post_form(
        client, "/account/password", new_password="short", new_password_again="short"
    )
    assert answer.status_code == 400
    assert "at least 10 characters" in answer.get_data(as_text=True)
    assert not user(HOST).has_password


def test_an_account_with_a_password_must_change_it_with_the_current_one(
    client: FlaskClient,
    auth,  # noqa: ANN001
) -> None:
    auth.login(HOST)
    # The first-password form's fields alone do not change an existing password.
    answer = post_form(client, "/account/password", new_password=NEW, new_password_again=NEW)
    assert answer.status_code == 400
    assert authenticate(HOST, NEW) is None
    with pytest.raises(ValidationFailed):
        set_first_password(user(HOST), NEW)
