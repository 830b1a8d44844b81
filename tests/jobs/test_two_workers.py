"""Two real workers on one queue send every message once, even when each is queued twice.

A published event's registrations and its cancellation write dozens of messages
through the real operations; every message's job is then queued a second time, as a
sweep finding it still queued would. Two worker processes of two threads each race
for them: each message is claimed by one conditional update, so the mail server gets
exactly one copy of each.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from flask import Flask

from planner.events import scheduling
from planner.events.scheduling import CancellationReason
from planner.jobs.queue import enqueue
from planner.models import DeliveryStatus, User
from planner.notifications.delivery import DELIVER_JOB
from planner.notifications.mime import message_id_of
from planner.registrations.operations import register_attendee
from tests.factories import attendee, published_event
from tests.jobs.smtp import ScriptedInbox
from tests.jobs.workers import (
    JobQueue,
    committed_outbox,
    finished_outbox,
    wait_for,
    worker_environment,
    workers,
)

# The workers read and write the test's database from other processes.
pytestmark = pytest.mark.real_commits

REGISTRANTS = 15


def test_two_workers_send_every_message_once(
    app: Flask,
    people: dict[str, User],
    smtp: ScriptedInbox,
    job_queue: JobQueue,
    tmp_path: Path,
) -> None:
    event = published_event(days_ahead=30)
    for number in range(REGISTRANTS):
        register_attendee(event.id, attendee(number))
    scheduling.cancel_event(people["link-j"], event.id, CancellationReason("Speaker ill"))
    written = committed_outbox()
    # Each attendee was told twice (registered, cancelled), the organizers more often.
    assert len(written) > 2 * REGISTRANTS
    for message in written:
        enqueue(DELIVER_JOB, message.id)  # a second job for every message

    with workers(worker_environment(app, job_queue), tmp_path / "logs", count=2):
        sent = wait_for(finished_outbox, "every message is sent or failed")

    assert [message.id for message in sent] == [message.id for message in written]
    failures = [(m.kind, m.error) for m in sent if m.status != DeliveryStatus.SENT]
    assert not failures, failures
    assert {message.attempts for message in sent} == {1}
    received = Counter(email["Message-ID"] for email in smtp.messages)
    expected = Counter(message_id_of(message, app.config["MAIL_FROM"]) for message in sent)
    assert received == expected  # one copy of each message, none missing
    # Messages to one person about the event arrived in the order they were written.
    for number in range(REGISTRANTS):
        subjects = [email["Subject"] for email in smtp.to(f"attendee{number}@example.org")]
        in_outbox = [m.subject for m in sent if m.recipient == f"attendee{number}@example.org"]
        assert subjects == in_outbox and len(subjects) == 2
