"""Emails to attendees: seat, waitlist place, promotion, cancellation, repeats, new feeds.

These emails are the only way an attendee's secrets reach anyone: the manage link
(this registration) and the personal feed (every event of the address, with join
links) go to the registered address and nowhere else.

Messages are queued in the outbox inside the caller's unit of work, so a message
exists exactly when the change it announces was committed; the caller runs
``notifications.deliver_pending`` after the commit. They are built here rather than
with ``notifications.notify`` because an attendee's message differs from an
organizer's: the invite names the attendee (with their own name) as ATTENDEE, the
body carries their secret manage link and personal feed, and attendees have no zone
of their own, so the time is given in every city the event is shown in.

Like the organizers' emails they are in English: a registration stores no language,
and a promotion is sent during somebody else's request.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.calendars.tokens import attendee_feed_token
from planner.calendars.values import calendar_event_for, event_page_url
from planner.core import ical, zone_display
from planner.extensions import db
from planner.models import OutboxMessage, Registration, RegistrationStatus, utc_now
from planner.presentation import involved_zones
from planner.urls import public_url

SUBJECT_PREFIX = "[Co-host Planner]"


@dataclass(frozen=True)
class AttendeeLinks:
    """An attendee's two secret addresses."""

    manage_url: str  # see and cancel this registration
    feed_url: str  # the personal feed of every event this email registered for


def links_for(registration: Registration) -> AttendeeLinks:
    """The attendee's secret addresses (the feed token is created on first use)."""
    return AttendeeLinks(
        manage_url=public_url("registrations.manage", token=registration.manage_token),
        feed_url=public_url(
            "calendars.attendee_feed", token=attendee_feed_token(registration.email)
        ),
    )


def _calendar_values(
    registration: Registration, attendees: tuple[ical.InviteAttendee, ...]
) -> ical.CalendarEvent:
    """The event as the attendee's calendar sees it: with the join link."""
    return calendar_event_for(
        registration.event,
        include_join_link=True,
        attendees=attendees,
    )


def invite_text(registration: Registration, method: str) -> str | None:
    """The attendee's REQUEST or CANCEL invite, naming them as ATTENDEE.

    Their PARTSTAT is ACCEPTED without RSVP: registering was the answer, so calendars
    should not ask them to reply to the organizer. ``None`` when the event has no
    organizer email to send an invite from.
    """
    attendee = ical.InviteAttendee(
        name=registration.name, email=registration.email, partstat="ACCEPTED", rsvp=False
    )
    values = _calendar_values(registration, (attendee,))
    if values.organizer is None:
        return None
    return ical.build_invite(values, method).decode("utf-8")


def add_to_calendar_file(registration: Registration) -> bytes:
    """The attendee's "add to calendar" file: METHOD:PUBLISH, the join link, no ATTENDEE.

    RFC 5546 forbids attendees in a published file, so it names nobody.
    """
    return ical.build_invite(_calendar_values(registration, ()), "PUBLISH")


def _queue(
    registration: Registration,
    links: AttendeeLinks,
    subject: str,
    paragraphs: list[str],
    invite_method: str | None,
) -> OutboxMessage:
    """Add one message to the outbox (the caller's unit of work commits it)."""
    event = registration.event
    # Attendees have no zone of their own: every city the event is shown in.
    when = zone_display.format_in_zones(event.start_utc, involved_zones(event))
    body = "\n\n".join(
        [
            f"Dear {registration.name},",
            *paragraphs,
            f"When: {when}",
            f"Event page: {event_page_url(event)}",
            f"See or cancel your registration: {links.manage_url}",
            "Your personal calendar feed of the events you registered for "
            f"(keep this address to yourself): {links.feed_url}",
        ]
    )
    calendar = invite_text(registration, invite_method) if invite_method else None
    message = OutboxMessage(
        event_id=event.id,
        recipient=registration.email,
        subject=f"{SUBJECT_PREFIX} {subject}: {event.title_en}",
        body=body + "\n",
        calendar=calendar,
        calendar_method=invite_method if calendar else None,
        rendered_at=utc_now(),
    )
    db.session.add(message)
    return message


def _join_paragraph(registration: Registration) -> list[str]:
    """The join link, for attendees with a seat at an online event."""
    online_url = registration.event.online_url
    return [f"Join online: {online_url}"] if online_url else []


def tell_confirmed(
    registration: Registration, links: AttendeeLinks, *, promoted: bool = False
) -> OutboxMessage:
    """A seat is theirs: confirmation with the calendar invite and join link."""
    title = registration.event.title_en
    if promoted:
        subject = "A seat is free for you"
        text = f'A seat became free and it is yours: you are now registered for "{title}".'
    else:
        subject = "Registered"
        text = f'You are registered for "{title}".'
    paragraphs = [text + " Your calendar invite is attached.", *_join_paragraph(registration)]
    return _queue(registration, links, subject, paragraphs, "REQUEST")


def tell_waitlisted(
    registration: Registration, links: AttendeeLinks, position: int
) -> OutboxMessage:
    """All seats are taken: their place on the waitlist, and what happens next."""
    title = registration.event.title_en
    text = (
        f'All seats for "{title}" are taken, so you are on the waitlist (number {position}). '
        "If a seat becomes free we give it to the next person on the list and email you "
        "the calendar invite."
    )
    return _queue(registration, links, "On the waitlist", [text], None)


def tell_cancelled(
    registration: Registration, links: AttendeeLinks, *, had_seat: bool
) -> OutboxMessage:
    """Their registration is cancelled; a seat holder's calendar entry is withdrawn."""
    title = registration.event.title_en
    text = f'Your registration for "{title}" is cancelled.'
    if had_seat:
        text += " Your seat has been given up and the calendar entry is withdrawn."
    method = "CANCEL" if had_seat else None
    return _queue(registration, links, "Registration cancelled", [text], method)


def _status_text(registration: Registration, position: int | None) -> str:
    """Where a registration stands, in a sentence."""
    if registration.status == RegistrationStatus.CONFIRMED:
        return "You have a seat."
    return f"You are on the waitlist (number {position})."


def tell_already_registered(
    registration: Registration, links: AttendeeLinks, position: int | None
) -> OutboxMessage:
    """Someone registered the address again: nothing changed; here is the manage link.

    Whoever sent the form was told only "we have emailed you", so this message is
    how the owner learns of it, and how they find their link if they lost it.
    """
    title = registration.event.title_en
    status = _status_text(registration, position)
    text = (
        f'Someone, perhaps you, asked to register this email address for "{title}" again. '
        f"It was already registered, so nothing has changed: {status} "
        "If it was not you, you can ignore this message; your registration stays as it is."
    )
    return _queue(registration, links, "Already registered", [text], None)


def tell_new_feed_address(registration: Registration, links: AttendeeLinks) -> OutboxMessage:
    """The new address of the personal feed, asked for on the manage page."""
    text = (
        "As asked on the page of your registration, your personal calendar feed has a new "
        "address, given below. The old address no longer works: in your calendar app, "
        "remove the old subscription and subscribe to the new address."
    )
    return _queue(registration, links, "Your new calendar feed address", [text], None)
