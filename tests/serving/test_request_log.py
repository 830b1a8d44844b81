"""One JSON line per request, and no secret token in any log line."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.calendars.tokens import new_organizer_feed_token
from planner.extensions import db
from planner.models import Registration, RegistrationStatus
from planner.serving.request_log import RedactTokens
from tests.factories import HOST, csrf_token, organizers, published_event, register
from tests.mail_server import Inbox, links_in

pytestmark = pytest.mark.usefixtures("demo")


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "planner.requests"
    ]


def test_each_request_writes_one_line_with_its_parts(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="planner")
    response = client.get("/")
    (line,) = _request_lines(caplog)
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert len(line["request_id"]) == 32


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="planner")
    kept = client.get("/", headers={"X-Request-ID": "proxy-1234abcd"})
    replaced = client.get("/", headers={"X-Request-ID": "bad id; with spaces"})
    assert kept.headers["X-Request-ID"] == "proxy-1234abcd"
    assert replaced.headers["X-Request-ID"] != "bad id; with spaces"
    assert [line["request_id"] for line in _request_lines(caplog)] == [
        "proxy-1234abcd",
        replaced.headers["X-Request-ID"],
    ]


def test_secret_tokens_never_reach_the_log(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    event = published_event(days_ahead=20, capacity=10)
    register(event, "secret@example.org", RegistrationStatus.CONFIRMED)
    registration = db.session.scalar(db.select(Registration))
    feed_token = new_organizer_feed_token(organizers()["link-j"])
    db.session.commit()
    caplog.set_level(logging.INFO, logger="planner")
    client.get(f"/registrations/{registration.manage_token}?utm=x")
    client.get(f"/feeds/organizer/{feed_token}.ics")
    client.get(f"/feeds/organizer/{feed_token}x.ics")  # one character wrong: a 404
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert registration.manage_token not in logged
    assert feed_token not in logged
    assert "utm" not in logged  # query strings are never logged
    paths = [line["path"] for line in _request_lines(caplog)]
    assert paths == [
        "/registrations/[secret]",
        "/feeds/organizer/[secret].ics",
        "/feeds/organizer/[secret].ics",
    ]


def test_sign_in_and_reset_links_never_reach_the_log(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, inbox: Inbox
) -> None:
    for path in ("/login/link", "/password/forgot"):
        client.post(path, data={"email": HOST, "csrf_token": csrf_token(client)})
    links = [urlsplit(url).path for message in inbox.to(HOST) for url in links_in(message)]
    assert [path.rsplit("/", 1)[0] for path in links] == ["/login/link", "/password/reset"]
    caplog.set_level(logging.INFO, logger="planner")
    caplog.clear()
    for path in links:
        client.get(path)
        client.get(path + "x")  # one character more: a 404
        client.post(path, data={"csrf_token": csrf_token(client)})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for path in links:
        assert path.rsplit("/", 1)[1] not in logged
    assert [line["path"] for line in _request_lines(caplog)] == [
        *(["/login/link/[secret]"] * 3),
        *(["/password/reset/[secret]"] * 3),
    ]


def test_an_invitations_token_never_reaches_the_log(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture, inbox: Inbox
) -> None:
    from planner.invitations.operations import invite_person
    from planner.models import Organization, User

    admin = db.session.scalar(db.select(User).filter_by(email="admin@link-j.example"))
    medicon = db.session.scalar(db.select(Organization).filter_by(slug="medicon"))
    invite_person(admin, organization_id=medicon.id, email="newcomer@example.org")
    [link] = links_in(inbox.last_to("newcomer@example.org"), "/invitations/")
    token = link.rsplit("/", 1)[1]
    caplog.set_level(logging.INFO, logger="planner")
    assert client.get(f"/invitations/{token}").status_code == 200
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in logged
    assert [line["path"] for line in _request_lines(caplog)] == ["/invitations/[secret]"]


def test_health_probes_stay_out_of_the_info_log(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="planner")
    client.get("/healthz")
    assert _request_lines(caplog) == []


def test_the_development_servers_own_lines_hide_tokens() -> None:
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "%s" %s -',
        ("127.0.0.1", "GET /feeds/attendee/AbCdEf0123456789xyzQRS.ics HTTP/1.1", "200"),
        None,
    )
    assert RedactTokens().filter(record)
    assert record.getMessage() == '127.0.0.1 - - "GET /feeds/attendee/[secret].ics HTTP/1.1" 200 -'
