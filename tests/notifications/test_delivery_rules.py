"""The delivery job's rules, run at once in the test (immediate mode) against a real SMTP server.

The sweep, the order of messages to one person about one event, the retry waits and a
message that cannot be built. Workers in their own processes: tests/jobs.
"""

from __future__ import annotations

from datetime import timedelta

import time_machine
from flask import Flask

from planner.extensions import db
from planner.models import DeliveryStatus, OutboxMessage, User, utc_now
from planner.notifications.delivery import (
    LONGEST_RETRY_WAIT,
    SWEEP_GRACE,
    deliver_message,
    retry_wait,
    sweep_outbox,
)
from planner.unit_of_work import unit_of_work
from tests.factories import published_event
from tests.mail_server import Inbox

READER = "reader@example.org"


def _write(recipient: str, subject: str, event_id: int | None = None) -> int:
    """One outbox row, written as a service writes it (its job runs once it commits)."""
    with unit_of_work():
        # Written already (rendered_at set), as a personal email is when it is queued.
        message = OutboxMessage(
            event_id=event_id,
            recipient=recipient,
            subject=subject,
            body=f"{subject}.\n",
            rendered_at=utc_now(),
        )
        db.session.add(message)
    return message.id


def _written_unsent(app: Flask, recipient: str, subject: str, event_id: int | None = None) -> int:
    """A row whose job ran while no mail server was set: it stays queued, as a lost job's."""
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = None
    try:
        return _write(recipient, subject, event_id)
    finally:
        app.config["MAIL_SERVER"] = server


def _row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_the_sweep_does_nothing_without_a_mail_server(app: Flask) -> None:
    message_id = _write(READER, "Kept")
    with time_machine.travel(utc_now() + SWEEP_GRACE + timedelta(minutes=1)):
        assert sweep_outbox() == 0
    kept = _row(message_id)
    assert (kept.status, kept.attempts) == (DeliveryStatus.QUEUED, 0)


def test_the_sweep_queues_a_message_whose_job_was_lost(app: Flask, inbox: Inbox) -> None:
    message_id = _written_unsent(app, READER, "Lost job")
    assert sweep_outbox() == 0  # its own job may still come within the grace period
    assert _row(message_id).status == DeliveryStatus.QUEUED
    with time_machine.travel(utc_now() + SWEEP_GRACE + timedelta(seconds=1)):
        assert sweep_outbox() == 1
    sent = _row(message_id)
    assert (sent.status, sent.attempts) == (DeliveryStatus.SENT, 1)
    assert [message["Subject"] for message in inbox.to(READER)] == ["Lost job"]


def test_a_later_message_to_the_same_person_waits_for_the_earlier_one(
    app: Flask, inbox: Inbox, people: dict[str, User]
) -> None:
    event_id = published_event(days_ahead=30).id
    first = _written_unsent(app, READER, "Registered", event_id)
    second = _write(READER, "Moved", event_id)  # its job ran, and left it
    elsewhere = _write("someone@example.org", "Moved too", event_id)
    assert (_row(second).status, _row(second).attempts) == (DeliveryStatus.QUEUED, 0)
    assert _row(elsewhere).status == DeliveryStatus.SENT  # not held back by another's

    deliver_message(first)  # sends it, then the one that waited for it
    assert [_row(first).status, _row(second).status] == [DeliveryStatus.SENT] * 2
    assert [message["Subject"] for message in inbox.to(READER)] == ["Registered", "Moved"]


def test_a_message_that_cannot_be_built_fails_at_once(app: Flask, inbox: Inbox) -> None:
    message_id = _write("reader@example.org\nBcc: everyone@example.org", "Injected")
    failed = _row(message_id)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 1)
    assert failed.error.startswith("could not build the message: ")
    assert failed.next_attempt_at is None
    assert inbox.messages == []


def test_the_wait_between_tries_doubles_up_to_an_hour() -> None:
    waits = [retry_wait(attempts, 60) for attempts in range(1, 9)]
    assert waits == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8, 16, 32, 60, 60)]
    assert retry_wait(0, 60) == timedelta(minutes=1)
    assert retry_wait(40, 60) == LONGEST_RETRY_WAIT == timedelta(hours=1)
