"""Invites delivered to a real SMTP server (aiosmtpd on localhost), read as received.

The co-hosting workflow runs through the services with MAIL_SERVER pointing at the
local server; the test then parses what arrived on the wire, as a mail client would.
"""

from __future__ import annotations

from email.message import EmailMessage

from flask import Flask
from icalendar import Calendar

from planner.events import negotiation, scheduling
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Answer, DeliveryStatus, EventStatus, OutboxMessage, RegistrationStatus
from tests.core.icaljs import parse_with_icaljs
from tests.factories import calendar_event, register
from tests.mail_server import Inbox, calendar_part, free_port


def _calendar_of(message: EmailMessage) -> Calendar:
    return Calendar.from_ical(calendar_part(message).get_content())


def test_invites_on_confirm_reschedule_and_cancel(app: Flask, inbox: Inbox, people) -> None:  # noqa: ANN001
    event = calendar_event("2037-03-27T09:00", "Europe/Copenhagen", until=EventStatus.PUBLISHED)
    register(event, "aiko@example.jp", RegistrationStatus.CONFIRMED, name="Aiko Sato")
    scheduling.reschedule_event(
        people["link-j"], event.id, RescheduleInput("2037-03-30T09:00", "Europe/Copenhagen")
    )
    scheduling.cancel_event(people["link-j"], event.id, CancellationReason("Speaker ill"))

    # Every queued message went out, to the address it names.
    outbox = db.session.scalars(db.select(OutboxMessage)).all()
    assert outbox and all(message.sent_at is not None for message in outbox)
    assert all(message.error is None for message in outbox)
    assert len(inbox.messages) == len(outbox)
    pairs = zip(inbox.messages, inbox.recipients, strict=True)
    assert all([message["To"]] == recipients for message, recipients in pairs)

    lars = inbox.invites_for("organizer@dk-cluster.example")
    assert [calendar_part(m).get_param("method") for m in lars] == ["REQUEST", "REQUEST", "CANCEL"]
    confirmed, moved, cancelled = lars

    # multipart/mixed [multipart/alternative [text/plain, text/calendar], invite.ics]
    assert confirmed.get_content_type() == "multipart/mixed"
    alternative, attachment = confirmed.iter_parts()
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/calendar",
    ]
    assert calendar_part(confirmed).get_content_charset() == "utf-8"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == calendar_part(confirmed).get_content().encode("utf-8")
    assert confirmed["Message-ID"] and confirmed["Date"]

    # The time in the recipient's zone first, and in the other city.
    text = confirmed.get_body(("plain",)).get_content()
    assert "When: Fri 27 Mar 2037 · 09:00 CET Copenhagen · 17:00 JST Tokyo (60 minutes)" in text
    assert f"Join online: {event.online_url}" in text
    tokyo_text = inbox.invites_for("organizer@link-j.example")[0].get_body(("plain",)).get_content()
    assert "When: Fri 27 Mar 2037 · 17:00 JST Tokyo · 09:00 CET Copenhagen" in tokyo_text
    moved_text = moved.get_body(("plain",)).get_content()
    assert "Was: Fri 27 Mar 2037 · 09:00 CET Copenhagen · 17:00 JST Tokyo" in moved_text
    assert "Now: Mon 30 Mar 2037 · 09:00 CEST Copenhagen · 16:00 JST Tokyo" in moved_text

    # One UID; SEQUENCE 0, then 1 after the reschedule, then 2 with the cancellation.
    calendars = [_calendar_of(message) for message in lars]
    vevents = [calendar.walk("VEVENT")[0] for calendar in calendars]
    assert [str(calendar["METHOD"]) for calendar in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {str(vevent["UID"]) for vevent in vevents} == {event.uid}
    assert [vevent["SEQUENCE"] for vevent in vevents] == [0, 1, 2]
    assert [str(vevent["STATUS"]) for vevent in vevents] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    attendee = vevents[0]["ATTENDEE"]
    assert str(attendee) == "mailto:organizer@dk-cluster.example"
    assert attendee.params["CN"] == "Lars Nielsen"
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert str(vevents[0]["ORGANIZER"]) == "mailto:organizer@link-j.example"

    # ical.js reads the moved invite as the new instant (09:00 CEST = 07:00Z).
    (read,) = parse_with_icaljs(calendar_part(moved).get_content().encode())["events"]
    assert (read["dtstart"], read["sequence"]) == ("2037-03-30T07:00:00.000Z", 1)
    assert read["attendees"][0]["cn"] == "Lars Nielsen"

    # The registered attendee is told of the move and the cancellation, by name.
    aiko = inbox.invites_for("aiko@example.jp")
    assert [calendar_part(m).get_param("method") for m in aiko] == ["REQUEST", "CANCEL"]
    aiko_attendee = _calendar_of(aiko[0]).walk("VEVENT")[0]["ATTENDEE"]
    assert aiko_attendee.params["CN"] == "Aiko Sato"


def test_unreachable_server_keeps_messages_queued(app: Flask, people) -> None:  # noqa: ANN001
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    event = calendar_event(until=EventStatus.PROPOSED)
    negotiation.answer_slot(people["dk-cluster"], event.id, event.slots[0].id, Answer.YES)
    waiting = db.session.scalars(db.select(OutboxMessage)).all()
    assert waiting and all(message.sent_at is None for message in waiting)
    # Refused connections are worth another try: each waits for it, with the error.
    assert {message.status for message in waiting} == {DeliveryStatus.RETRYING}
    assert all(message.attempts == 1 and message.next_attempt_at for message in waiting)
    assert all("ConnectionRefusedError" in message.error for message in waiting)
