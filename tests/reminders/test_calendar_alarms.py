"""With the organizers' say-so, an attendee's own calendar files carry the reminders as alarms."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from planner.calendars.tokens import attendee_feed_token, new_organizer_feed_token
from planner.extensions import db
from planner.models import Event, Registration, RegistrationStatus
from planner.registrations import operations as registrations
from planner.registrations.operations import RegistrationInput
from tests.core.icaljs import parse_with_icaljs
from tests.factories import HOST, published_event, user
from tests.mail_server import Inbox, calendar_part

pytestmark = pytest.mark.usefixtures("demo")


def _event_with_alarms(alarms: bool) -> Event:
    event = published_event()
    event = db.session.get(Event, event.id)
    event.reminder_offsets, event.reminder_alarms = [1440, 60], alarms
    db.session.commit()
    return event


def _alarm_triggers(ics: bytes) -> list[int]:
    (read,) = parse_with_icaljs(ics)["events"]
    return [alarm["trigger_seconds"] for alarm in read["alarms"]]


def test_the_invite_and_personal_feed_carry_alarms(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    event = _event_with_alarms(True)
    registrations.register_attendee(
        event.id, RegistrationInput(name="Aiko Sato", email="aiko@example.jp", affiliation="Keio")
    )
    invite = calendar_part(inbox.last_to("aiko@example.jp")).get_content().encode()
    assert _alarm_triggers(invite) == [-86400, -3600]
    vevent = Calendar.from_ical(invite).walk("VEVENT")[0]
    assert len(vevent.walk("VALARM")) == 2
    feed = client.get(f"/feeds/attendee/{attendee_feed_token('aiko@example.jp')}.ics").data
    assert _alarm_triggers(feed) == [-86400, -3600]
    aiko = db.session.scalar(db.select(Registration).filter_by(email="aiko@example.jp"))
    assert aiko.status == RegistrationStatus.CONFIRMED
    added = client.get(f"/registrations/{aiko.manage_token}/invite.ics").data
    assert _alarm_triggers(added) == [-86400, -3600]
    # Shared calendars never alert anyone: the public feed, the file on the event page,
    # the organizers' feed.
    for path in (
        "/feeds/events.ics",
        f"/events/{event.id}.ics",
        f"/feeds/organizer/{new_organizer_feed_token(user(HOST))}.ics",
    ):
        assert b"VALARM" not in client.get(path).data, path


def test_no_alarms_unless_the_organizers_turn_them_on(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    event = _event_with_alarms(False)
    registrations.register_attendee(
        event.id, RegistrationInput(name="Aiko Sato", email="aiko@example.jp", affiliation="Keio")
    )
    assert b"VALARM" not in calendar_part(inbox.last_to("aiko@example.jp")).get_content().encode()
    feed = client.get(f"/feeds/attendee/{attendee_feed_token('aiko@example.jp')}.ics").data
    assert b"VALARM" not in feed
