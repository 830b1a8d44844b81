"""Only the owner of an address ever learns its personal feed (issue 12, item 4).

The feed follows an email address and lists every event it is registered for, with
join links, and nobody checks that whoever registers an address owns it. So its
address goes by email to the address only: registering someone else's address, by
the form or the API, gives the registrant nothing that would later show the owner's
events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from planner import create_app
from planner.calendars import cache as feed_cache
from planner.calendars import feeds
from planner.extensions import db
from planner.models import CalendarFeedToken, Registration
from tests.app.test_migrations import empty_database_url  # noqa: F401  (a fixture)
from tests.factories import FROZEN_NOW, calendar_event, csrf_token
from tests.registrations.mailbox import feed_path, last_message_to, manage_path

VICTIM = "victim@example.dk"
FORM = {"name": "Victim", "email": VICTIM, "affiliation": "DTU"}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the planned 2037 events inside the feed window, and start cold."""
    monkeypatch.setattr(feeds, "utc_now", lambda: FROZEN_NOW)
    feed_cache.clear_caches()


def _secrets() -> set[str]:
    """Every manage token and feed token the database holds."""
    manage = set(db.session.scalars(db.select(Registration.manage_token)))
    return manage | set(db.session.scalars(db.select(CalendarFeedToken.token)))


def _everything_seen(response) -> str:  # noqa: ANN001
    """The body and headers of a response, as the client saw them."""
    return response.get_data(as_text=True) + str(response.headers)


def test_registering_a_victims_address_gives_the_registrant_no_feed(
    app: Flask,
    people,  # noqa: ANN001
) -> None:
    first = calendar_event(title_en="Webinar the attacker picks")
    later = calendar_event(title_en="Symposium the victim picks", start="2037-04-10T17:00")
    attacker = app.test_client()
    seen = []
    page = attacker.post(
        f"/events/{first.id}/register", data={**FORM, "csrf_token": csrf_token(attacker)}
    )
    seen += [page, attacker.get(page.headers["Location"])]
    seen.append(attacker.post(f"/api/v1/events/{first.id}/registrations", json=FORM))
    # The victim registers herself later, for another event.
    victim = app.test_client()
    victim.post(f"/events/{later.id}/register", data={**FORM, "csrf_token": csrf_token(victim)})
    secrets = _secrets()
    for response in seen:
        shown = _everything_seen(response)
        assert not any(secret in shown for secret in secrets), shown
        assert "/feeds/attendee/" not in shown and "/registrations/" not in shown
    # Her email brings her feed, with both events; it went to her address only.
    feed = victim.get(feed_path(last_message_to(VICTIM))).get_data(as_text=True)
    assert "Webinar the attacker picks" in feed and "Symposium the victim picks" in feed


def test_the_manage_page_never_shows_the_feed(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event()
    client.post(f"/events/{event.id}/register", data={**FORM, "csrf_token": csrf_token(client)})
    html = client.get(manage_path(last_message_to(VICTIM))).get_data(as_text=True)
    token = db.session.scalar(db.select(CalendarFeedToken.token).filter_by(email=VICTIM))
    assert token not in html and "/feeds/attendee/" not in html


def test_asking_for_a_new_feed_address_mails_it_and_kills_the_old_one(
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    event = calendar_event()
    client.post(f"/events/{event.id}/register", data={**FORM, "csrf_token": csrf_token(client)})
    mail = last_message_to(VICTIM)
    old_feed, manage = feed_path(mail), manage_path(mail)
    assert client.get(old_feed).status_code == 200
    answer = client.post(f"{manage}/feed", data={"csrf_token": csrf_token(client)})
    assert (answer.status_code, answer.headers["Location"]) == (302, manage)
    shown = client.get(manage).get_data(as_text=True)
    assert "We have emailed a new feed address to victim@example.dk." in shown
    new_feed = feed_path(last_message_to(VICTIM))
    assert new_feed != old_feed and new_feed not in shown
    assert client.get(old_feed).status_code == 404
    assert client.get(new_feed).status_code == 200
    refused = client.post(
        "/registrations/" + "A" * 43 + "/feed", data={"csrf_token": csrf_token(client)}
    )
    assert refused.status_code == 404


@pytest.fixture
def scratch_app(empty_database_url: str) -> Iterator[Flask]:  # noqa: F811
    """An application on an empty database of the suite's kind, for migrations."""
    application = create_app(
        {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    yield application
    with application.app_context():
        db.engine.dispose()


def test_upgrading_revokes_the_attendee_feeds_issued_before(
    scratch_app: Flask,
    empty_database_url: str,  # noqa: F811
) -> None:
    with scratch_app.app_context():
        upgrade(revision="0007")
    engine = create_engine(empty_database_url)
    created = datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO calendar_feed_tokens (token, email, created_at) "
                "VALUES ('shown-on-a-page', 'aiko@example.jp', :created)"
            ),
            {"created": created},
        )
    with scratch_app.app_context():
        upgrade()
    with engine.connect() as connection:
        revoked = connection.execute(
            text("SELECT revoked_at FROM calendar_feed_tokens WHERE token = 'shown-on-a-page'")
        ).scalar_one()
    engine.dispose()
    assert revoked is not None
    assert re.match(r"\d{4}-\d{2}-\d{2}", str(revoked))
