"""Emails to attendees: seat, promotion, waitlist place, cancellation, repeats, new feeds.

These emails are the only way an attendee's secrets reach anyone: the manage link
(this registration) and the personal feed (every event of the address, with join
links) go to the registered address and nowhere else.

A change to a registration queues its message by kind (``tell_*`` below) inside the
caller's unit of work, which for seats is the event's seat lock: only a small outbox
row is written there, with what that moment knew (a waitlist place, whether a seat was
given up). The delivery job writes it with the renderers below, in the language the
attendee registered in (:func:`planner.notifications.messages.reader_of_registration`):
the event's title in that language, its time in the attendee's own zone first and then
in every city of the event, the manage and feed links, and the calendar invite that
names the attendee (with their own name) as ATTENDEE.
"""

from __future__ import annotations

from typing import Any

from planner.calendars.tokens import attendee_feed_token
from planner.calendars.values import calendar_event_for, invite_applies
from planner.core import ical
from planner.events.mail import event_values
from planner.models import OutboxMessage, Registration
from planner.notifications.messages import (
    Rendered,
    context_of,
    event_of,
    queue_message,
    reader_of_registration,
    registration_of,
    render_email,
    renderer,
)
from planner.presentation import current_locale
from planner.urls import public_url

CONFIRMED = "registrations/confirmed"
PROMOTED = "registrations/promoted"
WAITLISTED = "registrations/waitlisted"
CANCELLED = "registrations/cancelled"
ALREADY_REGISTERED = "registrations/already_registered"
NEW_FEED_ADDRESS = "registrations/new_feed_address"


def _queue(kind: str, registration: Registration, **context: Any) -> OutboxMessage:
    """Within the caller's unit of work: one message of ``kind`` to the attendee."""
    return queue_message(
        kind,
        reader_of_registration(registration),
        event=registration.event,
        registration=registration,
        **context,
    )


def tell_confirmed(registration: Registration) -> OutboxMessage:
    """A seat is theirs: the confirmation, with the calendar invite and join link."""
    return _queue(CONFIRMED, registration)


def tell_promoted(registration: Registration) -> OutboxMessage:
    """A seat became free and went to them from the waitlist: as a confirmation."""
    return _queue(PROMOTED, registration)


def tell_waitlisted(registration: Registration, position: int) -> OutboxMessage:
    """All seats are taken: their place on the waitlist (as it was when they joined it)."""
    return _queue(WAITLISTED, registration, position=position)


def tell_cancelled(registration: Registration, *, had_seat: bool) -> OutboxMessage:
    """Their registration is cancelled; a seat holder's calendar entry is withdrawn."""
    return _queue(CANCELLED, registration, had_seat=had_seat)


def tell_already_registered(registration: Registration, position: int | None) -> OutboxMessage:
    """Someone registered the address again: nothing changed; here is the manage link.

    Whoever sent the form was told only "we have emailed you", so this message is
    how the owner learns of it, and how they find their link if they lost it.
    ``position`` is their waitlist place, ``None`` when they have a seat.
    """
    return _queue(ALREADY_REGISTERED, registration, position=position)


def tell_new_feed_address(registration: Registration) -> OutboxMessage:
    """The new address of the personal feed, asked for on the manage page."""
    return _queue(NEW_FEED_ADDRESS, registration)


def attendee_links(registration: Registration) -> dict[str, str]:
    """The attendee's two secret addresses (the feed token is created on first use)."""
    return {
        # See and cancel this registration.
        "manage_url": public_url("registrations.manage", token=registration.manage_token),
        # The personal feed of every event this email registered for.
        "feed_url": public_url(
            "calendars.attendee_feed", token=attendee_feed_token(registration.email)
        ),
    }


def _calendar_values(
    registration: Registration, locale: str, attendees: tuple[ical.InviteAttendee, ...]
) -> ical.CalendarEvent:
    """The event as the attendee's calendar sees it: in their language, with the join link."""
    return calendar_event_for(
        registration.event,
        locale=locale,
        include_join_link=True,
        attendees=attendees,
        for_attendee=True,
    )


def invite_text(registration: Registration, method: str, locale: str) -> str | None:
    """The attendee's REQUEST or CANCEL invite in ``locale``, naming them as ATTENDEE.

    Their PARTSTAT is ACCEPTED without RSVP: registering was the answer, so calendars
    should not ask them to reply to the organizer. ``None`` when the event has no
    organizer email to send an invite from, or when the event was cancelled before a
    REQUEST was written (:func:`planner.calendars.values.invite_applies`).
    """
    if not invite_applies(registration.event, method):
        return None
    attendee = ical.InviteAttendee(
        name=registration.name, email=registration.email, partstat="ACCEPTED", rsvp=False
    )
    values = _calendar_values(registration, locale, (attendee,))
    if values.organizer is None:
        return None
    return ical.build_invite(values, method).decode("utf-8")


def add_to_calendar_file(registration: Registration) -> bytes:
    """The attendee's "add to calendar" file: METHOD:PUBLISH, the join link, no ATTENDEE.

    RFC 5546 forbids attendees in a published file, so it names nobody. Written in the
    attendee's language, like their invite, so the calendar entry reads the same.
    """
    locale = reader_of_registration(registration).locale
    return ical.build_invite(_calendar_values(registration, locale, ()), "PUBLISH")


def _write(
    message: OutboxMessage, *, invite: str | None = None, seated: bool = False, **values: Any
) -> Rendered:
    """The message of its kind in the current locale, with links, times and maybe an invite.

    ``seated``: the reader holds a seat, so the text carries the join link.
    """
    registration = registration_of(message)
    event = event_of(message)
    texts = event_values(event, message)
    texts.update(attendee_links(registration))
    texts["join_url"] = event.online_url if seated else None
    texts.update(values)
    calendar = invite_text(registration, invite, current_locale()) if invite else None
    subject, body = render_email(message.kind, has_invite=calendar is not None, **texts)
    return Rendered(subject, body, calendar, invite if calendar else None)


@renderer(CONFIRMED)
def write_confirmed(message: OutboxMessage) -> Rendered:
    """You are registered: the invite and the join link."""
    return _write(message, invite="REQUEST", seated=True)


@renderer(PROMOTED)
def write_promoted(message: OutboxMessage) -> Rendered:
    """A seat became free and is yours: the invite and the join link."""
    return _write(message, invite="REQUEST", seated=True)


@renderer(WAITLISTED)
def write_waitlisted(message: OutboxMessage) -> Rendered:
    """All seats are taken: your place on the waitlist, no invite."""
    return _write(message, position=context_of(message).get("position"))


@renderer(CANCELLED)
def write_cancelled(message: OutboxMessage) -> Rendered:
    """Your registration is cancelled; a given-up seat withdraws the calendar entry."""
    had_seat = bool(context_of(message).get("had_seat"))
    return _write(message, invite="CANCEL" if had_seat else None, had_seat=had_seat)


@renderer(ALREADY_REGISTERED)
def write_already_registered(message: OutboxMessage) -> Rendered:
    """The address was registered again: nothing changed, here are your links."""
    return _write(message, position=context_of(message).get("position"))


@renderer(NEW_FEED_ADDRESS)
def write_new_feed_address(message: OutboxMessage) -> Rendered:
    """Your personal feed has a new address (the one the links give now)."""
    return _write(message)
