"""A worker killed in the middle of a delivery: the message is sent later, once.

The mail server holds the message inside DATA; the worker is killed outright while
the row says "sending". Its job is lost with it (Huey's queues have no
acknowledgement), so the row is the only record: once the delivery lease has passed,
the sweep puts it back and queues it, and a fresh worker sends it. The killed try
never finished DATA, so the recipient gets one copy.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask

from planner.models import DeliveryStatus, OutboxMessage, User, utc_now
from planner.notifications.delivery import SENDING_LEASE, sweep_outbox
from planner.notifications.mime import message_id_of
from planner.registrations.operations import register_attendee
from tests.factories import attendee, published_event
from tests.jobs.smtp import Script, ScriptedInbox
from tests.jobs.workers import (
    JobQueue,
    all_finished,
    committed_outbox,
    wait_for,
    worker_environment,
    workers,
)

pytestmark = pytest.mark.real_commits

ATTENDEE = "attendee1@example.org"


def _attendee_message() -> OutboxMessage:
    (message,) = [row for row in committed_outbox() if row.recipient == ATTENDEE]
    return message


def test_a_killed_worker_s_message_is_sent_once_by_another(
    app: Flask,
    people: dict[str, User],
    smtp: ScriptedInbox,
    job_queue: JobQueue,
    tmp_path: Path,
) -> None:
    event = published_event(days_ahead=30)
    environment = worker_environment(app, job_queue)
    with workers(environment, tmp_path / "first") as (first,):
        wait_for(lambda: all_finished(committed_outbox()), "the organizers' messages are sent")
        smtp.scripts[ATTENDEE] = Script(hold=frozenset({1}))
        register_attendee(event.id, attendee(1))
        # Killed only when nothing else is on its way, so that only this one is cut.
        wait_for(
            lambda: (
                smtp.is_holding(ATTENDEE, 1)
                and all_finished([m for m in committed_outbox() if m.recipient != ATTENDEE])
            ),
            "the attendee's message waits in DATA, and nothing else is unsent",
        )
        held = _attendee_message()
        assert (held.status, held.attempts) == (DeliveryStatus.SENDING, 1)
        first.kill()
        wait_for(lambda: (ATTENDEE, 1) in smtp.abandoned, "the server saw the worker go")

    # Nothing moves it until the lease is over: the worker might only be slow.
    assert sweep_outbox() == 0
    assert _attendee_message().status == DeliveryStatus.SENDING
    with time_machine.travel(utc_now() + SENDING_LEASE + timedelta(seconds=1)):
        assert sweep_outbox() == 1  # put back, and queued on the real queue
    put_back = _attendee_message()
    assert put_back.status == DeliveryStatus.RETRYING
    assert "stopped before it finished" in put_back.error

    with workers(environment, tmp_path / "second"):
        wait_for(lambda: _attendee_message().status == DeliveryStatus.SENT, "the message is sent")

    sent = _attendee_message()
    assert (sent.attempts, sent.error) == (2, None)
    assert smtp.tries[ATTENDEE] == 2
    (received,) = smtp.to(ATTENDEE)
    assert received["Message-ID"] == message_id_of(sent, app.config["MAIL_FROM"])
    assert {message.status for message in committed_outbox()} == {DeliveryStatus.SENT}
