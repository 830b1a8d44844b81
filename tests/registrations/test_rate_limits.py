"""Public registration is rate-limited per client network, per event and per address.

These run with the memory store (one process); ``test_rate_limit_redis.py`` shows the
counters shared between two app servers through Redis.
"""

from __future__ import annotations

from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import ConfigurationError, load_config
from planner.extensions import db
from planner.models import Event, OutboxMessage, Registration
from planner.registrations.throttle import client_network
from tests.factories import count, csrf_token, published_event
from tests.registrations.mailbox import last_message_to, manage_path

BODY = {"name": "Mette Jensen", "email": "mette@example.dk", "affiliation": "DTU"}


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, capacity=None)


def api(client: FlaskClient, event_id: int, client_address: str = "203.0.113.1", **changes):  # noqa: ANN003, ANN201
    return client.post(
        f"/api/v1/events/{event_id}/registrations",
        json={**BODY, **changes},
        environ_base={"REMOTE_ADDR": client_address},
    )


def form(client: FlaskClient, event_id: int, client_address: str = "203.0.113.1", **changes):  # noqa: ANN003, ANN201
    data = {**BODY, **changes, "csrf_token": csrf_token(client)}
    return client.post(
        f"/events/{event_id}/register", data=data, environ_base={"REMOTE_ADDR": client_address}
    )


def test_one_network_is_limited_on_the_form_and_the_api_together(
    app: Flask, client: FlaskClient, event: Event
) -> None:
    app.config["REGISTRATION_RATE_LIMIT_PER_CLIENT"] = "3 per minute"
    assert form(client, event.id, email="a@example.dk").status_code == 302
    assert api(client, event.id, email="b@example.dk").status_code == 202
    assert api(client, event.id, email="not-an-address").status_code == 400  # counts too
    limited = api(client, event.id, email="c@example.dk")
    assert limited.status_code == 429
    error = limited.json["error"]
    assert error["code"] == "too_many_registrations"
    assert error["message"].startswith("Many registrations have come from your network")
    assert error["message"].endswith("Please try again in 1 minute.")
    assert 0 < error["details"]["retry_after"] <= 61  # the window, rounded up
    assert 0 < int(limited.headers["Retry-After"]) <= 61
    page = form(client, event.id, email="d@example.dk")
    assert page.status_code == 429
    html = unescape(page.get_data(as_text=True))
    assert "Many registrations have come from your network in a short time." in html
    assert "Retry-After" in page.headers
    assert count(Registration) == 2
    # Another network is not held up.
    assert api(client, event.id, "198.51.100.9", email="e@example.dk").status_code == 202


def test_an_ipv6_client_counts_as_its_whole_64(
    app: Flask, client: FlaskClient, event: Event
) -> None:
    app.config["REGISTRATION_RATE_LIMIT_PER_CLIENT"] = "2 per minute"
    assert api(client, event.id, "2001:db8:1:2::1", email="a@example.dk").status_code == 202
    assert api(client, event.id, "2001:db8:1:2::ffff", email="b@example.dk").status_code == 202
    assert api(client, event.id, "2001:db8:1:2:abcd::9", email="c@example.dk").status_code == 429
    assert api(client, event.id, "2001:db8:1:3::1", email="c@example.dk").status_code == 202


def test_client_networks() -> None:
    assert client_network("203.0.113.7") == "203.0.113.7"
    assert client_network("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert client_network("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_network("not an address") == "not an address"
    assert client_network(None) == "unknown"


def test_one_event_takes_so_many_registrations_from_everyone(
    app: Flask,
    client: FlaskClient,
    event: Event,
    demo,  # noqa: ANN001
) -> None:
    app.config["REGISTRATION_RATE_LIMIT_PER_EVENT"] = "2 per minute"
    other = published_event(days_ahead=30, capacity=None, title_en="Another event")
    # Refused requests do not use up the event's registrations.
    assert api(client, event.id, "198.51.100.1", email="broken").status_code == 400
    assert api(client, event.id, "198.51.100.2", email="a@example.dk").status_code == 202
    assert form(client, event.id, "198.51.100.3", email="b@example.dk").status_code == 302
    limited = api(client, event.id, "198.51.100.4", email="c@example.dk")
    assert limited.status_code == 429
    assert "This event is receiving a great many registrations" in limited.json["error"]["message"]
    assert api(client, other.id, "198.51.100.4", email="c@example.dk").status_code == 202


def test_one_address_is_emailed_so_often_whether_new_or_known(
    app: Flask,
    client: FlaskClient,
    event: Event,
    demo,  # noqa: ANN001
) -> None:
    app.config["REGISTRATION_RATE_LIMIT_PER_RECIPIENT"] = "2 per hour"
    other = published_event(days_ahead=30, capacity=None, title_en="Another event")
    assert api(client, event.id, "198.51.100.1").status_code == 202  # new
    assert form(client, event.id, "198.51.100.2", email="METTE@example.dk").status_code == 302
    sent = count(OutboxMessage)
    limited = api(client, other.id, "198.51.100.3")
    assert limited.status_code == 429
    assert "We have sent this email address many messages" in limited.json["error"]["message"]
    assert limited.json["error"]["message"].endswith("Please try again in 60 minutes.")
    assert count(OutboxMessage) == sent
    assert api(client, other.id, "198.51.100.3", email="lars@example.dk").status_code == 202


def test_a_new_feed_address_takes_from_the_same_allowance(
    app: Flask, client: FlaskClient, event: Event
) -> None:
    app.config["REGISTRATION_RATE_LIMIT_PER_RECIPIENT"] = "2 per hour"
    assert api(client, event.id).status_code == 202
    manage = manage_path(last_message_to(BODY["email"]))
    token = csrf_token(client)
    assert client.post(f"{manage}/feed", data={"csrf_token": token}).status_code == 302
    limited = client.post(f"{manage}/feed", data={"csrf_token": token})
    assert limited.status_code == 429
    assert "We have sent this email address many messages" in unescape(
        limited.get_data(as_text=True)
    )
    assert db.session.scalar(db.select(Registration)).email == BODY["email"]


def test_the_limits_are_documented_as_429(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").json
    answers = document["paths"]["/api/v1/events/{event_id}/registrations"]["post"]["responses"]
    # 413 (a body over the limit) and 503 (the database out of reach) apply everywhere.
    assert set(answers) == {"202", "400", "404", "409", "413", "422", "429", "503"}
    assert "retry_after" in answers["429"]["description"]


@pytest.mark.parametrize(
    "name",
    [
        "REGISTRATION_RATE_LIMIT_PER_CLIENT",
        "REGISTRATION_RATE_LIMIT_PER_EVENT",
        "REGISTRATION_RATE_LIMIT_PER_RECIPIENT",
    ],
)
def test_limits_come_from_the_environment_and_bad_ones_stop_the_start(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "5 per second;100 per day")
    assert load_config("test")[name] == "5 per second;100 per day"
    monkeypatch.setenv(name, "lots")
    with pytest.raises(ConfigurationError, match=name):
        load_config("test")


def test_the_rate_limit_headers_count_the_callers_own_requests(
    client: FlaskClient, event: Event
) -> None:
    answer = api(client, event.id)
    assert (answer.headers["X-RateLimit-Limit"], answer.headers["X-RateLimit-Remaining"]) == (
        "10",
        "9",
    )
