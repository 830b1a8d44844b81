"""From an event row to the plain values the iCalendar core builds files from."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from planner.core import ical, rich_text
from planner.models import Event, EventStatus
from planner.urls import public_url

# iCalendar STATUS for each event state: agreed events are CONFIRMED, cancelled ones
# CANCELLED, anything still under negotiation only TENTATIVE.
_ICAL_STATUS = {
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.PUBLISHED: "CONFIRMED",
    EventStatus.COMPLETED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_page_url(event: Event) -> str:
    """The absolute URL of the event's page."""
    return public_url("events.show", event_id=event.id)


def describe_for_calendar(event: Event, locale: str, join_url: str | None) -> str:
    """The plain-text DESCRIPTION: the description, co-hosts, page and (maybe) join link.

    Written in the calendar's language (``?lang=``), which need not be the language of
    the request that builds it.
    """
    names = ", ".join(org.display_name(locale) for org in event.organizations)
    with force_locale(locale):
        parts = [
            # Calendars show plain text: read from the HTML stored when the description
            # was saved (a linear pass; the Markdown is not parsed again, nor leaked).
            rich_text.html_to_text(event.description_html(locale)),
            _("Co-hosted by %(names)s.", names=names),
            _("Event page: %(url)s", url=event_page_url(event)),
        ]
        if join_url:
            parts.append(_("Join online: %(url)s", url=join_url))
    return "\n\n".join(part for part in parts if part)


def location_text(event: Event, locale: str) -> str:
    """LOCATION: the venue, or "Online" in the calendar's language."""
    if event.venue:
        return event.venue
    with force_locale(locale):
        return _("Online")


def invite_applies(event: Event, method: str) -> bool:
    """Whether an invite with ``method`` still says something true of ``event``.

    Messages are written when they leave, so a confirmation may be written after the
    event was called off: its REQUEST is then left out (the email still goes, and the
    cancellation with its CANCEL follows it, in order).
    """
    return not (method == "REQUEST" and event.status == EventStatus.CANCELLED)


def calendar_event_for(
    event: Event,
    *,
    locale: str = "en",
    include_join_link: bool = False,
    attendees: tuple[ical.InviteAttendee, ...] = (),
    times: tuple[datetime, datetime] | None = None,
    for_attendee: bool = False,
) -> ical.CalendarEvent:
    """Describe an agreed event for the iCalendar core.

    ``include_join_link`` is the caller's decision about who reads the file: the
    public feed and public download never carry the join link, an attendee's invite
    and personal feed do. ``times`` describes another start and end than the agreed
    one (a candidate slot shown as a hold). ``for_attendee`` marks a file for one
    registered attendee (their invite, their feed): it carries the event's reminders as
    alarms when the organizers turned those on.
    """
    start_utc, end_utc = times or (event.start_utc, event.end_utc)
    if start_utc is None or end_utc is None:
        raise ValueError(f"event {event.id} has no agreed time yet")
    join_url = event.online_url if include_join_link else None
    organizer = None
    if event.created_by is not None:
        organizer = ical.CalendarPerson(name=event.host.name_en, email=event.created_by.email)
    return ical.CalendarEvent(
        uid=event.uid,
        sequence=event.sequence,
        status=_ICAL_STATUS.get(event.status, "TENTATIVE"),
        summary=event.title(locale),
        description=describe_for_calendar(event, locale, join_url),
        url=event_page_url(event),
        location=location_text(event, locale),
        start_utc=start_utc,
        end_utc=end_utc,
        tzid=event.planning_timezone,
        created=event.created_at,
        last_modified=event.updated_at,
        organizer=organizer,
        cohosts=tuple(org.name_en for org in event.cohosts),
        categories=(str(event.format).capitalize(),),
        conference_url=join_url,
        attendees=attendees,
        alarms=tuple(event.reminder_offsets) if for_attendee and event.reminder_alarms else (),
    )
