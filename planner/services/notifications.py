"""Emails to the people involved: queued in the outbox, sent by SMTP when configured.

Services call ``notify`` inside their unit of work, so a message exists exactly when
the change it announces was committed. After the commit, ``deliver_pending`` sends
what is waiting if ``MAIL_SERVER`` is set; without it the messages stay in the outbox,
where admins read them in the app. A failed delivery is recorded on the message and
never undoes the change.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from planner import ical, timezones
from planner.extensions import db
from planner.models import Event, OutboxMessage, User, utc_now
from planner.services.calendar_values import calendar_event_for, event_page_url
from planner.services.unit_of_work import unit_of_work


def organizers_of(organization_ids: Iterable[int]) -> list[User]:
    """The active users of the given organizations, ordered by email."""
    ids = list(organization_ids)
    if not ids:
        return []
    query = select(User).where(User.organization_id.in_(ids), User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.email)))


def when_text(event: Event, instant_zone: str) -> str:
    """The agreed time, first in the recipient's zone, then in every other involved zone."""
    if event.start_utc is None:
        return ""
    zones = [instant_zone] + [org.timezone for org in event.organizations]
    return timezones.format_in_zones(event.start_utc, zones)


def notify(
    recipients: Iterable[tuple[str, str]],
    event: Event,
    subject: str,
    body: str,
    *,
    invite_method: str | None = None,
    include_join_link: bool = True,
) -> list[OutboxMessage]:
    """Queue one message per (email, zone) recipient, adding the time in their zone.

    With ``invite_method`` (REQUEST or CANCEL) each message carries an invite for the
    event with the recipient as ATTENDEE, built by the iCalendar core.
    """
    base_url = current_app.config["PUBLIC_BASE_URL"]
    messages = []
    for email, zone in dict(recipients).items():
        text = body
        if event.start_utc is not None:
            text += "\n\n" + when_text(event, zone)
        text += f"\n\n{event_page_url(event, base_url)}\n"
        calendar = None
        if invite_method and event.start_utc is not None:
            attendee = ical.InviteAttendee(name=email, email=email)
            values = calendar_event_for(
                event,
                base_url=base_url,
                include_join_link=include_join_link,
                attendees=(attendee,),
            )
            if values.organizer is not None:
                calendar = ical.build_invite(values, invite_method).decode("utf-8")
        message = OutboxMessage(
            event_id=event.id,
            recipient=email,
            subject=subject,
            body=text,
            calendar=calendar,
            calendar_method=invite_method if calendar else None,
        )
        db.session.add(message)
        messages.append(message)
    return messages


def organizer_recipients(event: Event, organization_ids: Iterable[int]) -> list[tuple[str, str]]:
    """(email, zone) for the organizers of the given organizations."""
    return [
        (user.email, user.timezone or (user.organization.timezone if user.organization else "UTC"))
        for user in organizers_of(organization_ids)
    ]


def _email_for(message: OutboxMessage, sender: str) -> EmailMessage:
    """Build the MIME message: text, then a text/calendar part and an .ics attachment.

    Outlook recognises an invite only by the ``text/calendar; method=...`` alternative;
    other clients look for the attached file, so both are there.
    """
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
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


def deliver_pending() -> int:
    """Send the unsent outbox messages by SMTP when a server is configured; return how many.

    Each message is marked sent, or marked with the SMTP error, in one unit of work; an
    unreachable server leaves everything queued for the next attempt.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0
    sent = 0
    with unit_of_work():
        pending = db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.error.is_(None))
            .order_by(OutboxMessage.id)
        ).all()
        if not pending:
            return 0
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
                for message in pending:
                    try:
                        smtp.send_message(_email_for(message, config["MAIL_FROM"]))
                    except smtplib.SMTPException as error:
                        message.error = str(error)[:500]
                    else:
                        message.sent_at = utc_now()
                        sent += 1
        except (OSError, smtplib.SMTPException) as error:
            current_app.logger.warning("Mail server unavailable, messages stay queued: %s", error)
    return sent


def list_outbox(limit: int = 200) -> list[OutboxMessage]:
    """The newest outbox messages, for the admin page."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.scalars(query))
