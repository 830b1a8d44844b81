"""An outbox message as it goes on the wire: the MIME shape mail clients read invites from."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from planner.models import OutboxMessage, ReminderKind, utc_now
from planner.notifications.messages import UNSUBSCRIBE_KEY, context_of
from planner.reminders.ledger import one_click_url


def email_for(message: OutboxMessage, sender: str, body: str) -> EmailMessage:
    """Build the MIME message: text, then a text/calendar part and an .ics attachment.

    The shape is multipart/mixed [multipart/alternative [text/plain, text/calendar;
    method=...], application/ics "invite.ics"]: Outlook and Gmail recognise an
    invite by the ``text/calendar; method=...`` alternative, other clients look for
    the attached file, so both are there.
    """
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    # A header is one line: line breaks typed into a title must not end it early.
    email["Subject"] = " ".join(message.subject.split())
    email["Date"] = format_datetime(message.created_at or utc_now())
    email["Message-ID"] = message_id_of(message, sender)
    unsubscribe = context_of(message).get(UNSUBSCRIBE_KEY)
    if unsubscribe:
        # Mail clients show their own "unsubscribe" button for these (RFC 2369, 8058).
        url = one_click_url(message.recipient, ReminderKind(unsubscribe))
        email["List-Unsubscribe"] = f"<{url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(body)
    if message.calendar:
        email.add_alternative(
            message.calendar, subtype="calendar", params={"method": message.calendar_method}
        )
        email.add_attachment(
            message.calendar.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename="invite.ics",
        )
    return email


def message_id_of(message: OutboxMessage, sender: str) -> str:
    """The message's Message-ID, the same on every try (clients show a resent copy once).

    Some servers and spam filters refuse or mark mail without one. The sender's domain
    is used, not the host name, which would need a lookup.
    """
    sender_domain = parseaddr(sender)[1].rpartition("@")[2] or "cohost-planner.invalid"
    created = int(message.created_at.timestamp()) if message.created_at else 0
    return f"<outbox.{message.id}.{created}@{sender_domain}>"
