"""Emails to the people involved: queued in the outbox, delivered by a job.

Services call ``notify`` inside their unit of work, so a message exists exactly when
the change it announces was committed. Once it commits, a job sends the message if
``MAIL_SERVER`` is set (``planner.notifications.delivery``); without it the messages
stay in the outbox, where admins read them in the app. A failed delivery is recorded
on the message and never undoes the change.

Invites (REQUEST on confirm and reschedule, CANCEL on cancellation) carry the event's
UID and its current SEQUENCE, which the scheduling service raises on every
reschedule and cancellation, so calendars update the entry they already have instead
of adding a second one. Each recipient is the invite's only ATTENDEE, named by their
display name when the app knows it, with PARTSTAT=NEEDS-ACTION and RSVP=TRUE: a new
or moved time is a question to every recipient.

Emails are in English, like the subjects the calling services write: a recipient's
message is built during somebody else's request, so the request's interface
language says nothing about the reader's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from planner.calendars.values import calendar_event_for, event_page_url
from planner.core import ical, zone_display
from planner.extensions import db
from planner.models import (
    Event,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    User,
    utc_now,
)
from planner.presentation import involved_zones


class Recipient(NamedTuple):
    """Who gets a message: their address, the zone they read times in, their name.

    A plain ``(email, zone)`` pair is accepted wherever a recipient is; the name
    is then looked up among the app's users and the event's registrations.
    """

    email: str
    zone: str
    name: str = ""


def organizers_of(organization_ids: Iterable[int]) -> list[User]:
    """The active users of the given organizations, ordered by email."""
    ids = list(organization_ids)
    if not ids:
        return []
    query = select(User).where(User.organization_id.in_(ids), User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.email)))


def organizer_recipients(event: Event, organization_ids: Iterable[int]) -> list[Recipient]:
    """The organizers of the given organizations, in their own (or their org's) zone."""
    return [
        Recipient(
            user.email,
            user.timezone or (user.organization.timezone if user.organization else "UTC"),
            user.display_name,
        )
        for user in organizers_of(organization_ids)
    ]


def attendee_recipients(event: Event, *, waitlisted: bool = False) -> list[Recipient]:
    """The attendees with a seat (or, with ``waitlisted``, those waiting for one).

    Each reads times in the zone their browser reported when they registered, else
    in the zone the event is planned in.
    """
    status = RegistrationStatus.WAITLISTED if waitlisted else RegistrationStatus.CONFIRMED
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == status)
        .order_by(Registration.id)
    )
    return [
        Recipient(
            registration.email,
            registration.timezone or event.planning_timezone,
            registration.name,
        )
        for registration in registrations
    ]


def when_text(event: Event, recipient_zone: str, start: datetime | None = None) -> str:
    """The agreed time (or ``start``) in the recipient's zone first, then everywhere else.

    Those are the co-hosts' offices and audiences and the host's picks
    (:func:`planner.presentation.involved_zones`), so whoever reads it also sees the
    time in the other cities; repeated zones are shown once.
    """
    start = start or event.start_utc
    if start is None:
        return ""
    return zone_display.format_in_zones(start, [recipient_zone, *involved_zones(event)])


def _known_names(event: Event, emails: Iterable[str]) -> dict[str, str]:
    """Display names for addresses: app users first, else the event's registrations."""
    emails = list(emails)
    if not emails:
        return {}
    names = {
        registration.email: registration.name
        for registration in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id, Registration.email.in_(emails)
            )
        )
    }
    names.update(
        (user.email, user.display_name)
        for user in db.session.scalars(select(User).where(User.email.in_(emails)))
    )
    return names


def _recipients(recipients: Iterable[tuple[str, ...]], event: Event) -> list[Recipient]:
    """One recipient per address (the first mention wins), with names filled in."""
    unique: dict[str, Recipient] = {}
    for item in recipients:
        recipient = Recipient(*item)
        unique.setdefault(recipient.email, recipient)
    nameless = [email for email, recipient in unique.items() if not recipient.name]
    names = _known_names(event, nameless)
    return [
        recipient._replace(name=recipient.name or names.get(recipient.email, ""))
        for recipient in unique.values()
    ]


def invite_for(
    event: Event,
    recipient: Recipient,
    method: str,
    *,
    include_join_link: bool = True,
) -> bytes | None:
    """The iCalendar invite (REQUEST or CANCEL) of ``event`` for one recipient.

    ``None`` when the event has no agreed time yet or no organizer address that
    replies could go to (RFC 5546 needs one).
    """
    if event.start_utc is None:
        return None
    attendee = ical.InviteAttendee(
        name=recipient.name, email=recipient.email, partstat="NEEDS-ACTION", rsvp=True
    )
    values = calendar_event_for(event, include_join_link=include_join_link, attendees=(attendee,))
    if values.organizer is None:
        return None
    return ical.build_invite(values, method)


def _text_for(
    event: Event,
    body: str,
    recipient: Recipient,
    join_url: str | None,
    previous_start: datetime | None = None,
) -> str:
    """The plain-text part: the message, when it is (and was), in every city, the links."""
    paragraphs = [body]
    if previous_start is not None:
        paragraphs.append(f"Was: {when_text(event, recipient.zone, previous_start)}")
    if event.start_utc is not None and event.end_utc is not None:
        minutes = int((event.end_utc - event.start_utc).total_seconds() // 60)
        label = "Now" if previous_start is not None else "When"
        paragraphs.append(f"{label}: {when_text(event, recipient.zone)} ({minutes} minutes)")
    if join_url:
        paragraphs.append(f"Join online: {join_url}")
    paragraphs.append(f"Event page: {event_page_url(event)}")
    return "\n\n".join(paragraphs) + "\n"


def notify(
    recipients: Iterable[tuple[str, ...]],
    event: Event,
    subject: str,
    body: str,
    *,
    invite_method: str | None = None,
    include_join_link: bool = True,
    previous_start: datetime | None = None,
) -> list[OutboxMessage]:
    """Queue one message per recipient (a ``Recipient`` or an ``(email, zone)`` pair).

    Each text gives the time in the recipient's zone and in every city the event is
    shown in (and, after a reschedule, the ``previous_start`` the same way). With
    ``invite_method`` (REQUEST or CANCEL) each message also carries an invite with the
    recipient as ATTENDEE, and, when ``include_join_link``, the join link.
    """
    messages = []
    for recipient in _recipients(recipients, event):
        calendar = None
        if invite_method:
            invite = invite_for(
                event,
                recipient,
                invite_method,
                include_join_link=include_join_link,
            )
            calendar = invite.decode("utf-8") if invite else None
        join_url = event.online_url if calendar and include_join_link else None
        message = OutboxMessage(
            event_id=event.id,
            recipient=recipient.email,
            subject=subject,
            body=_text_for(event, body, recipient, join_url, previous_start),
            calendar=calendar,
            calendar_method=invite_method if calendar else None,
            rendered_at=utc_now(),
        )
        db.session.add(message)
        messages.append(message)
    return messages


def list_outbox(limit: int = 200) -> list[OutboxMessage]:
    """The newest outbox messages, for the admin page."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.scalars(query))
