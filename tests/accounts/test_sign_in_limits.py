"""The per-account sign-in limit: many machines cannot guess one account's password.

``SIGN_IN_ACCOUNT_RATE_LIMIT`` (5 a minute, 20 an hour) counts password attempts by
the address typed, whatever the client address, on the web sign-in and the API's
token creation together. The per-client limit has its own tests in ``test_api.py``.
"""

from __future__ import annotations

import itertools

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts.attempts import typed_account
from planner.demo.seed import DEMO_PASSWORD
from tests.factories import HOST, csrf_token

ACCOUNT_LIMITED = "Too many sign-in attempts for this email address."
_addresses = (f"192.0.2.{n}" for n in itertools.count(1))


def _web(client: FlaskClient, email: str, password: str = "wrong password"):
    """A sign-in from a client address never used before in the test."""
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": next(_addresses)},
    )


def _api(client: FlaskClient, email: object, password: str = "wrong password"):
    """A token request from a client address never used before in the test."""
    return client.post(
        "/api/v1/tokens",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": next(_addresses)},
    )


def test_five_guesses_from_anywhere_limit_the_account(client: FlaskClient, demo) -> None:  # noqa: ANN001
    assert [_web(client, HOST).status_code for _ in range(5)] == [401] * 5
    # The right password from yet another address waits too: the account is limited.
    page = _web(client, HOST, DEMO_PASSWORD)
    assert page.status_code == 429
    assert page.mimetype == "text/html"
    assert ACCOUNT_LIMITED in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) > 0
    answer = _api(client, HOST, DEMO_PASSWORD)
    assert answer.status_code == 429
    assert answer.json["error"]["code"] == "too_many_requests"
    assert ACCOUNT_LIMITED in answer.json["error"]["message"]
    assert int(answer.headers["Retry-After"]) > 0
    # Another account is not affected.
    assert _web(client, "organizer@dk-embassy.example", DEMO_PASSWORD).status_code == 302


def test_web_and_api_attempts_count_together(client: FlaskClient, demo) -> None:  # noqa: ANN001
    for n in range(5):
        assert (_web if n % 2 else _api)(client, HOST).status_code == 401
    assert _api(client, HOST, DEMO_PASSWORD).status_code == 429


def test_the_typed_address_counts_however_it_is_written(client: FlaskClient, demo) -> None:  # noqa: ANN001
    for spelling in (HOST, HOST.upper(), f"  {HOST} ", "Organizer@LINK-J.example", HOST):
        assert _web(client, spelling).status_code == 401
    assert _web(client, HOST, DEMO_PASSWORD).status_code == 429


def test_an_unknown_address_is_limited_exactly_like_a_known_one(client: FlaskClient, demo) -> None:  # noqa: ANN001
    """Being limited tells nothing: the limit counts addresses, not accounts."""
    answers = {}
    for email in (HOST, "nobody@link-j.example"):
        statuses = [_api(client, email).status_code for _ in range(6)]
        limited = _api(client, email)
        answers[email] = (
            statuses,
            limited.status_code,
            limited.json,
            limited.headers["Retry-After"],
        )
    assert answers[HOST][:3] == answers["nobody@link-j.example"][:3]
    assert answers[HOST][0] == [401] * 5 + [429]


def test_the_hourly_limit_holds_when_the_minutes_pass(
    app: Flask,
    client: FlaskClient,
    demo,  # noqa: ANN001
) -> None:
    # The same rule with a smaller hourly budget, read from the configuration.
    app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"] = "50 per minute; 3 per hour"
    assert [_web(client, HOST).status_code for _ in range(3)] == [401] * 3
    assert _web(client, HOST, DEMO_PASSWORD).status_code == 429


def test_attempts_without_an_address_are_left_to_the_client_limit(
    client: FlaskClient,
    demo,  # noqa: ANN001
) -> None:
    for _ in range(7):
        assert _web(client, "").status_code == 200  # the form asks for the address
    assert _web(client, HOST, DEMO_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "body",
    [
        b'{"email": 5, "password": "x"}',
        b'{"email": ["a@b.example"], "password": "x"}',
        b'{"email": "\\ud800@b.example", "password": "x"}',
        b'["not", "an", "object"]',
        b"{not json",
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_odd_bodies_name_no_account_and_never_fail(app: Flask, body: bytes) -> None:
    with app.test_request_context(
        "/api/v1/tokens", method="POST", data=body, content_type="application/json"
    ):
        key = typed_account()
    assert key == "" or key.startswith("account:")
    assert "@" not in key  # the store holds a hash, never the address


def test_the_key_is_a_hash_of_the_normalized_address(app: Flask) -> None:
    keys = set()
    for email in (HOST, HOST.upper(), f" {HOST}\t"):
        with app.test_request_context("/login", method="POST", data={"email": email}):
            keys.add(typed_account())
    assert len(keys) == 1
    assert HOST not in keys.pop()
