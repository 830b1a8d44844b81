"""Sending each reminder once, and never to someone who turned its kind off.

A periodic job may run in two workers at once, be retried after a crash, or see the
clock jump back: :func:`remember_once` is how every reminder job decides, inside the
unit of work that queues the message, that this occasion has not been handled yet.
It inserts the (kind, key) row under a savepoint; the unique constraint lets exactly
one transaction have it, and the loser's message is never queued.

Every reminder email carries a link that turns its kind off for that address without
signing in: the link holds the address and the kind, signed with the app's secret key
(so nobody can turn off someone else's reminders by guessing), and leads to a page
that asks to confirm (a GET changes nothing; mail scanners follow links).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from planner.core.enums import ReminderKind
from planner.extensions import db
from planner.models import MailOptOut, OutboxMessage, SentReminder
from planner.unit_of_work import unit_of_work
from planner.urls import public_url

_UNSUBSCRIBE_SALT = "planner.reminders.unsubscribe"


def remember_once(kind: ReminderKind, key: str) -> SentReminder | None:
    """Within the caller's unit of work: claim the occasion ``key``, or None if it was handled.

    The caller queues its message only when it got the row, and links it
    (:func:`link_message`).
    """
    row = SentReminder(kind=str(kind), key=key)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    return row


def remembered(kind: ReminderKind, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` were handled already, in one query.

    A periodic job skips those instead of trying (and failing) to claim each again on
    every run.
    """
    wanted = list(keys)
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            select(SentReminder.key).where(
                SentReminder.kind == str(kind), SentReminder.key.in_(wanted)
            )
        )
    )


def link_message(row: SentReminder, message: OutboxMessage) -> None:
    """Within the caller's unit of work: note which message the reminder became."""
    db.session.flush()  # the message's id
    row.outbox_message_id = message.id


def has_opted_out(email: str, kind: ReminderKind) -> bool:
    """Whether ``email`` turned off reminders of ``kind``."""
    return (
        db.session.scalar(
            select(MailOptOut.id).where(
                MailOptOut.email == email.lower(), MailOptOut.kind == str(kind)
            )
        )
        is not None
    )


def opted_out_addresses(kind: ReminderKind) -> set[str]:
    """Every address that turned off ``kind`` (for jobs that check many at once)."""
    return set(db.session.scalars(select(MailOptOut.email).where(MailOptOut.kind == str(kind))))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(email: str, kind: ReminderKind) -> str:
    """The signed token of the "turn these off" link for ``email`` and ``kind``."""
    return _serializer().dumps([email.lower(), str(kind)])


def unsubscribe_url(email: str, kind: ReminderKind) -> str:
    """The absolute "turn these off" address for ``email`` and ``kind``."""
    return public_url("reminders.unsubscribe", token=unsubscribe_token(email, kind))


def one_click_url(email: str, kind: ReminderKind) -> str:
    """The List-Unsubscribe address for ``email`` and ``kind`` (RFC 8058 one-click)."""
    return public_url("reminders.unsubscribe_one_click", token=unsubscribe_token(email, kind))


def read_unsubscribe_token(token: str) -> tuple[str, ReminderKind] | None:
    """The address and kind a token was made for; None if it is not one of ours."""
    try:
        email, kind = _serializer().loads(token)
        return email, ReminderKind(kind)
    except (BadSignature, ValueError, TypeError):
        return None


def opt_out(email: str, kind: ReminderKind) -> None:
    """Turn off reminders of ``kind`` for ``email`` (again: nothing changes)."""
    with unit_of_work():
        if has_opted_out(email, kind):
            return
        try:
            # Two clicks at once: the unique constraint keeps one row, neither fails.
            with db.session.begin_nested():
                db.session.add(MailOptOut(email=email.lower(), kind=str(kind)))
        except IntegrityError:
            pass


def opt_in(email: str, kind: ReminderKind) -> None:
    """Turn reminders of ``kind`` back on for ``email``."""
    with unit_of_work():
        db.session.execute(
            delete(MailOptOut).where(
                MailOptOut.email == email.lower(), MailOptOut.kind == str(kind)
            )
        )
