"""Delivering the outbox: one job per message, tried again with backoff, sent once.

A message is written in the transaction of the change it announces; once that commits,
the job ``deliver_message`` is queued for it. The job claims the row with a conditional
update (queued or retrying and due → sending), so of two workers given the same
message one sends it and the other finds nothing to do. The SMTP exchange runs outside
any transaction: nothing is locked while a mail server is slow. Its outcome is written
in a second short unit of work: sent; retrying, due again after a wait that doubles each
time; or failed, for a refusal that no retry can change or after ``MAIL_MAX_ATTEMPTS``.

Nothing is lost when a job is: ``sweep_outbox`` runs every minute and queues every
message that is due but waits (its job lost with a Redis restart, or never queued
because the queue was out of reach), and puts back a message left "sending" for longer
than a worker can take (that worker died). A worker that dies after the server took a
message but before it wrote "sent" makes that message go out again after the lease:
SMTP offers nothing better, and the resent copy keeps its Message-ID so mail clients
see one message.

Messages to one person about one event leave in the order they were written: an
invitation's update must not overtake it, nor a cancellation the confirmation before.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

import click
from flask import current_app
from sqlalchemy import event, exists, or_, select, update
from sqlalchemy.orm import aliased, object_session

from planner.extensions import db
from planner.jobs.queue import after_commit, enqueue
from planner.jobs.registry import job
from planner.models import DeliveryStatus, OutboxMessage, utc_now
from planner.notifications.links import MintedLink, mint_link, record_link, text_with_link
from planner.notifications.messages import render
from planner.notifications.mime import email_for
from planner.unit_of_work import unit_of_work

DELIVER_JOB = "deliver_message"
SWEEP_JOB = "sweep_outbox"
# Each SMTP exchange gives up after this many seconds without an answer.
SMTP_TIMEOUT_SECONDS = 10
# A worker holding a message longer than this has died: a delivery takes one SMTP
# exchange, well under a minute even at the timeout.
SENDING_LEASE = timedelta(minutes=5)
# The wait between tries doubles up to this.
LONGEST_RETRY_WAIT = timedelta(hours=1)
# A message's own job normally runs within seconds; the sweep leaves it that long.
SWEEP_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 500
# The states in which a message still waits to be sent.
UNFINISHED = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.RETRYING)
ERROR_LENGTH = 500
SUBJECT_LENGTH = 300


@event.listens_for(OutboxMessage, "after_insert")
def _deliver_once_committed(_mapper: object, _connection: object, message: OutboxMessage) -> None:
    """Every new outbox row gets its delivery job, queued after its transaction commits."""
    after_commit(object_session(message), DELIVER_JOB, message.id)


def mail_configured() -> bool:
    """Whether messages leave at all: a mail server, or (development) the console."""
    config = current_app.config
    return bool(config.get("MAIL_SERVER") or config.get("MAIL_TO_CONSOLE"))


@dataclass(frozen=True)
class Delivery:
    """One claimed message, ready to leave: the MIME message and the link it carries."""

    message_id: int
    email: EmailMessage
    link: MintedLink | None
    attempts: int


@job(DELIVER_JOB)
def deliver_message(message_id: int) -> None:
    """Write one outbox message if it waits to be written; send it if it is due.

    Without a mail server the message is still written (admins read it in the
    outbox), and stays queued.
    """
    if not _render(message_id) or not mail_configured():
        return
    delivery = _claim(message_id)
    if delivery is None:
        _queue_next_in_line(message_id)  # in case it failed at once
        return
    config = current_app.config
    try:
        if config.get("MAIL_SERVER"):
            _send_by_smtp(delivery.email)
        else:
            _print(delivery.email)
    except (OSError, smtplib.SMTPException) as error:
        _record_failure(delivery, error)
    else:
        _record_sent(delivery)
    _queue_next_in_line(message_id)


def _render(message_id: int) -> bool:
    """Write the message in its reader's language if it is not yet; False if it cannot be.

    Two workers writing the same message write the same text, so no lock is taken.
    A message whose kind, event or registration is gone fails with the reason.
    """
    with unit_of_work():
        message = db.session.get(OutboxMessage, message_id)
        if message is None:
            return False
        if message.rendered_at is not None:
            return True
        try:
            rendered = render(message)
        except (KeyError, LookupError, ValueError, TypeError) as error:
            _finish(message, DeliveryStatus.FAILED, f"could not write the message: {error!r}")
            return False
        message.subject = rendered.subject[:SUBJECT_LENGTH]
        message.body = rendered.body
        message.calendar = rendered.calendar
        message.calendar_method = rendered.calendar_method
        message.rendered_at = utc_now()
    return True


def _claim(message_id: int) -> Delivery | None:
    """Take the message for this worker, or None if it is not due, taken or done.

    The row moves to "sending" only if it is still queued (or retrying and due) and
    no earlier message to the same person about the same event is unfinished.
    """
    now = utc_now()
    with unit_of_work():
        message = db.session.get(OutboxMessage, message_id)
        if message is None:
            return None
        earlier = aliased(OutboxMessage)
        claimed = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status.in_((DeliveryStatus.QUEUED, DeliveryStatus.RETRYING)),
                OutboxMessage.rendered_at.is_not(None),
                or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
                ~exists().where(
                    earlier.recipient == message.recipient,
                    earlier.event_id == message.event_id,
                    earlier.id < message_id,
                    earlier.status.in_(UNFINISHED),
                ),
            )
            .values(
                status=DeliveryStatus.SENDING,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
        db.session.refresh(message)
        try:
            link = mint_link(message)
            email = email_for(
                message, current_app.config["MAIL_FROM"], text_with_link(message, link)
            )
        except (ValueError, TypeError, UnicodeError) as error:
            # A message that cannot even be built never will be: it fails at once
            # instead of blocking the messages after it.
            _finish(message, DeliveryStatus.FAILED, f"could not build the message: {error}")
            return None
        return Delivery(message_id, email, link, message.attempts)


def _send_by_smtp(email: EmailMessage) -> None:
    """Hand one message to the configured SMTP server."""
    config = current_app.config
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS
    ) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def _print(email: EmailMessage) -> None:
    """Development without a mail server: print the message, personal links and all.

    The decoded text, not the MIME form, so that Japanese stays readable. Only the
    development configuration sets ``MAIL_TO_CONSOLE``; no environment variable does.
    """
    click.echo(
        "--- email (development: printed, not sent) ---\n"
        f"To: {email['To']}\nSubject: {email['Subject']}\n\n"
        f"{email.get_body(('plain',)).get_content()}",
        err=True,
    )


def _record_sent(delivery: Delivery) -> None:
    """The server took the message: mark it sent and keep its link's hash."""
    with unit_of_work():
        message = db.session.get(OutboxMessage, delivery.message_id)
        record_link(message, delivery.link)
        message.sent_at = utc_now()
        _finish(message, DeliveryStatus.SENT, None)


def _record_failure(delivery: Delivery, error: Exception) -> None:
    """The try failed: give up on a permanent refusal or the last try, else retry later."""
    config = current_app.config
    text = f"{type(error).__name__}: {error}"
    with unit_of_work():
        message = db.session.get(OutboxMessage, delivery.message_id)
        if _is_permanent(error):
            _finish(message, DeliveryStatus.FAILED, text)
            return
        if delivery.attempts >= config["MAIL_MAX_ATTEMPTS"]:
            _finish(
                message, DeliveryStatus.FAILED, f"gave up after {delivery.attempts} tries: {text}"
            )
            return
        wait = retry_wait(delivery.attempts, config["MAIL_RETRY_SECONDS"])
        message.status = DeliveryStatus.RETRYING
        message.next_attempt_at = utc_now() + wait
        message.error = text[:ERROR_LENGTH]
    enqueue(DELIVER_JOB, delivery.message_id, delay=wait)


def retry_wait(attempts: int, first_wait_seconds: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling, at most an hour."""
    wait = timedelta(seconds=first_wait_seconds * 2 ** max(attempts - 1, 0))
    return min(wait, LONGEST_RETRY_WAIT)


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer about this message: the same message would be refused again.

    Connection problems, 4xx answers and a refusal of our sign-in are worth retrying
    (the last may be fixed by an operator meanwhile).
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _finish(message: OutboxMessage, status: DeliveryStatus, error: str | None) -> None:
    """Within a unit of work: the message is done, sent or failed."""
    message.status = status
    message.next_attempt_at = None
    message.error = error[:ERROR_LENGTH] if error else None


def _queue_next_in_line(message_id: int) -> None:
    """Queue the next waiting message to the same person about the same event, if any.

    Its own job found this one unfinished and left it; now it may go.
    """
    with unit_of_work():
        message = db.session.get(OutboxMessage, message_id)
        if message is None or message.status in UNFINISHED:
            return
        following = db.session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.recipient == message.recipient,
                OutboxMessage.event_id == message.event_id,
                OutboxMessage.id > message_id,
                OutboxMessage.status == DeliveryStatus.QUEUED,
            )
            .order_by(OutboxMessage.id)
            .limit(1)
        )
    if following is not None:
        enqueue(DELIVER_JOB, following)


@job(SWEEP_JOB, every_minutes=1)
def sweep_outbox() -> int:
    """Queue every message that waits longer than it should; return how many.

    A message left "sending" past the lease is put back first (its worker died), then
    every due message whose own job should have run by now is queued again. Queuing a
    message twice is harmless: only one job can claim it.
    """
    now = utc_now()
    if not mail_configured():
        return _queue_unwritten(now)
    with unit_of_work():
        stuck = list(
            db.session.scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.status == DeliveryStatus.SENDING,
                    OutboxMessage.claimed_at < now - SENDING_LEASE,
                )
            )
        )
        if stuck:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(stuck), OutboxMessage.status == DeliveryStatus.SENDING)
                .values(
                    status=DeliveryStatus.RETRYING,
                    # Due since its worker took it, not from this sweeper's clock: a
                    # worker whose clock is behind would refuse it until the next sweep.
                    next_attempt_at=OutboxMessage.claimed_at,
                    error="The worker sending this message stopped before it finished.",
                )
                .execution_options(synchronize_session=False)
            )
        waiting = list(
            db.session.scalars(
                select(OutboxMessage.id)
                .where(
                    or_(
                        (OutboxMessage.status == DeliveryStatus.QUEUED)
                        & (OutboxMessage.created_at < now - SWEEP_GRACE),
                        (OutboxMessage.status == DeliveryStatus.RETRYING)
                        & (OutboxMessage.next_attempt_at < now - SWEEP_GRACE),
                    )
                )
                .order_by(OutboxMessage.id)
                .limit(SWEEP_BATCH)
            )
        )
    overdue = sorted({*stuck, *waiting})
    for message_id in overdue:
        enqueue(DELIVER_JOB, message_id)
    return len(overdue)


def _queue_unwritten(now: datetime) -> int:
    """Without a mail server: queue the messages still waiting to be written (for admins)."""
    with unit_of_work():
        unwritten = list(
            db.session.scalars(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.rendered_at.is_(None),
                    OutboxMessage.status == DeliveryStatus.QUEUED,
                    OutboxMessage.created_at < now - SWEEP_GRACE,
                )
                .order_by(OutboxMessage.id)
                .limit(SWEEP_BATCH)
            )
        )
    for message_id in unwritten:
        enqueue(DELIVER_JOB, message_id)
    return len(unwritten)
