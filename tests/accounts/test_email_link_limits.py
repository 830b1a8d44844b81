"""How often sign-in and reset emails may be asked for: per address and per client.

``EMAIL_LINK_RATE_LIMIT_PER_ADDRESS`` (3 per 15 minutes, 10 a day) counts the typed
address, known or not, on both forms together; ``EMAIL_LINK_RATE_LIMIT_PER_CLIENT``
(10 an hour) counts every request of one client network.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts.link_limits import address_key
from tests.accounts.email_links import FORGOT_PATH, SIGN_IN_PATH, ask, without_csrf
from tests.factories import HOST
from tests.mail_server import Inbox

pytestmark = pytest.mark.usefixtures("demo")

ADDRESS_LIMITED = "We have sent this email address several sign-in or password emails recently."
CLIENT_LIMITED = "Many sign-in or password emails have been asked for from your network."


def test_an_address_is_limited_across_both_forms(client: FlaskClient, inbox: Inbox) -> None:
    # A script alternating between the two forms gets no more than either would give.
    paths = [SIGN_IN_PATH, FORGOT_PATH, SIGN_IN_PATH]
    assert [ask(client, path, HOST).status_code for path in paths] == [200] * 3
    for path in (FORGOT_PATH, SIGN_IN_PATH):
        limited = ask(client, path, HOST.upper())  # however the address is written
        assert limited.status_code == 429
        assert limited.mimetype == "text/html"
        assert ADDRESS_LIMITED in limited.get_data(as_text=True)
        assert int(limited.headers["Retry-After"]) > 0
    assert len(inbox.to(HOST)) == 3
    # Another address is not affected.
    assert ask(client, SIGN_IN_PATH, "organizer@dk-embassy.example").status_code == 200


def test_an_unknown_address_is_limited_exactly_like_a_known_one(client: FlaskClient) -> None:
    """Being limited tells nothing: the limit counts addresses, not accounts."""
    answers = {}
    for email in (HOST, "nobody@link-j.example"):
        statuses = [ask(client, SIGN_IN_PATH, email).status_code for _ in range(3)]
        limited = ask(client, SIGN_IN_PATH, email)
        answers[email] = (statuses, limited.status_code, without_csrf(limited))
    assert answers[HOST] == answers["nobody@link-j.example"]
    assert answers[HOST][:2] == ([200] * 3, 429)


def test_one_client_is_limited_whatever_the_addresses(client: FlaskClient) -> None:
    remote = "203.0.113.7"
    statuses = [
        ask(client, (SIGN_IN_PATH, FORGOT_PATH)[n % 2], f"person{n}@x.example", remote).status_code
        for n in range(10)
    ]
    assert statuses == [200] * 10
    limited = ask(client, SIGN_IN_PATH, "someone-else@x.example", remote)
    assert limited.status_code == 429
    assert CLIENT_LIMITED in limited.get_data(as_text=True)
    # Another client is not affected; showing the form is never limited.
    assert ask(client, SIGN_IN_PATH, "someone-else@x.example").status_code == 200
    assert client.get(SIGN_IN_PATH, environ_base={"REMOTE_ADDR": remote}).status_code == 200


def test_the_limits_come_from_the_configuration(app: Flask, client: FlaskClient) -> None:
    app.config["EMAIL_LINK_RATE_LIMIT_PER_ADDRESS"] = "1 per hour"
    assert ask(client, FORGOT_PATH, HOST).status_code == 200
    assert ask(client, FORGOT_PATH, HOST).status_code == 429


def test_the_store_holds_a_hash_of_the_normalized_address(app: Flask) -> None:
    keys = set()
    for email in (HOST, HOST.upper(), f" {HOST}\t"):
        with app.test_request_context(SIGN_IN_PATH, method="POST", data={"email": email}):
            keys.add(address_key())
    assert len(keys) == 1
    assert "@" not in keys.pop()
