"""A mail server that fails: the request never waits for it, and nothing is lost.

The server holds the registrant's message in DATA and then answers 451 (try again
later), twice; the third try is accepted. The registration page answers with its
redirect while the first try is still held, the row records each failure and when it
is due again, and the message is finally sent, once. A permanent refusal (550) fails
the message at once; a server that never stops answering 451 makes it fail after
``MAIL_MAX_ATTEMPTS`` tries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.models import DeliveryStatus, OutboxMessage, User
from planner.notifications.mime import message_id_of
from planner.registrations.operations import register_attendee
from tests.factories import attendee, csrf_token, published_event
from tests.jobs.smtp import TRY_AGAIN, Script, ScriptedInbox
from tests.jobs.workers import (
    JobQueue,
    all_finished,
    committed_outbox,
    finished_outbox,
    wait_for,
    worker_environment,
    workers,
)

pytestmark = pytest.mark.real_commits

FORM = {
    "name": "Hanako Yamada",
    "email": "hanako@example.jp",
    "affiliation": "Kyoto University",
    "country": "JP",
    "consent": "y",
}
ATTENDEE = "attendee1@example.org"
REFUSED = "550 5.1.1 No such mailbox here"


def _message_to(email: str) -> OutboxMessage:
    (message,) = [row for row in committed_outbox() if row.recipient == email]
    return message


def test_a_registration_does_not_wait_for_a_failing_mail_server(
    app: Flask,
    people: dict[str, User],
    client: FlaskClient,
    smtp: ScriptedInbox,
    job_queue: JobQueue,
    tmp_path: Path,
) -> None:
    email = FORM["email"]
    event = published_event(days_ahead=30)
    smtp.scripts[email] = Script(data={1: TRY_AGAIN, 2: TRY_AGAIN}, hold=frozenset({1, 2}))
    with workers(worker_environment(app, job_queue), tmp_path / "logs"):
        response = client.post(
            f"/events/{event.id}/register", data={**FORM, "csrf_token": csrf_token(client)}
        )
        # Answered while the mail server has not answered anything for this message.
        assert response.status_code == 302
        assert response.headers["Location"] == f"/events/{event.id}/register/sent"
        waiting = _message_to(email)
        assert waiting.status in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
        assert waiting.sent_at is None and smtp.to(email) == []

        wait_for(lambda: smtp.is_holding(email, 1), "the first try reaches DATA")
        assert _message_to(email).status == DeliveryStatus.SENDING
        smtp.release(email, 1)  # and it is answered 451
        wait_for(lambda: smtp.is_holding(email, 2), "the second try reaches DATA")
        # Claimed again after a wait, with the first try's failure still on record.
        retried = _message_to(email)
        assert (retried.status, retried.attempts) == (DeliveryStatus.SENDING, 2)
        assert "451" in retried.error and "Try again later" in retried.error
        assert retried.next_attempt_at is not None
        smtp.release(email, 2)  # 451 again; the third try is accepted
        sent = wait_for(finished_outbox, "every message is sent or failed")

    assert {message.status for message in sent} == {DeliveryStatus.SENT}
    delivered = _message_to(email)
    assert (delivered.attempts, delivered.error, delivered.next_attempt_at) == (3, None, None)
    assert smtp.tries[email] == 3
    received = sorted(message["Message-ID"] for message in smtp.messages)
    assert received == sorted(message_id_of(row, app.config["MAIL_FROM"]) for row in sent)


@pytest.mark.parametrize("job_queue", ["sqlite-file"], indirect=True)
@pytest.mark.parametrize(
    "script", [Script(rcpt=REFUSED), Script(data={1: REFUSED})], ids=["at-rcpt", "at-data"]
)
def test_a_permanent_refusal_fails_the_message_at_once(
    app: Flask,
    people: dict[str, User],
    smtp: ScriptedInbox,
    job_queue: JobQueue,
    tmp_path: Path,
    script: Script,
) -> None:
    event = published_event(days_ahead=30)
    smtp.scripts[ATTENDEE] = script
    with workers(worker_environment(app, job_queue), tmp_path / "logs"):
        register_attendee(event.id, attendee(1))
        wait_for(lambda: all_finished(committed_outbox()), "every message is sent or failed")

    failed = _message_to(ATTENDEE)
    assert (failed.status, failed.attempts, failed.next_attempt_at) == (
        DeliveryStatus.FAILED,
        1,
        None,
    )
    assert "550" in failed.error and "No such mailbox here" in failed.error
    assert smtp.to(ATTENDEE) == []
    others = [row for row in committed_outbox() if row.recipient != ATTENDEE]
    assert others and {row.status for row in others} == {DeliveryStatus.SENT}


def test_a_server_that_keeps_failing_makes_the_message_fail_after_the_last_try(
    app: Flask,
    people: dict[str, User],
    smtp: ScriptedInbox,
    job_queue: JobQueue,
    tmp_path: Path,
) -> None:
    event = published_event(days_ahead=30)
    smtp.scripts[ATTENDEE] = Script(otherwise=TRY_AGAIN)
    environment = worker_environment(app, job_queue, MAIL_MAX_ATTEMPTS="2")
    with workers(environment, tmp_path / "logs"):
        register_attendee(event.id, attendee(1))
        wait_for(lambda: all_finished(committed_outbox()), "every message is sent or failed")

    failed = _message_to(ATTENDEE)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 2)
    assert failed.error.startswith("gave up after 2 tries: SMTPDataError: (451")
    assert smtp.tries[ATTENDEE] == 2 and smtp.to(ATTENDEE) == []
