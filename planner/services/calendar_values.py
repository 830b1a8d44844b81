"""From an event row to the plain values the iCalendar core builds files from."""

from __future__ import annotations

from planner import ical
from planner.models import Event, EventStatus

# iCalendar STATUS for each event state: agreed events are CONFIRMED, cancelled ones
# CANCELLED, anything still under negotiation only TENTATIVE.
_ICAL_STATUS = {
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.PUBLISHED: "CONFIRMED",
    EventStatus.COMPLETED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_page_url(event: Event, base_url: str) -> str:
    """The absolute URL of the event's page."""
    return f"{base_url}/events/{event.id}"


def describe_for_calendar(event: Event, base_url: str, locale: str, join_url: str | None) -> str:
    """The plain-text DESCRIPTION: the description, co-hosts, page and (maybe) join link."""
    names = ", ".join(org.display_name(locale) for org in event.organizations)
    parts = [event.description(locale).strip(), f"Co-hosted by {names}."]
    parts.append(f"Event page: {event_page_url(event, base_url)}")
    if join_url:
        parts.append(f"Join online: {join_url}")
    return "\n\n".join(part for part in parts if part)


def calendar_event_for(
    event: Event,
    *,
    base_url: str,
    locale: str = "en",
    include_join_link: bool = False,
    attendees: tuple[ical.InviteAttendee, ...] = (),
) -> ical.CalendarEvent:
    """Describe an agreed event for the iCalendar core.

    ``include_join_link`` is the caller's decision about who reads the file: the
    public feed and public download never carry the join link, an attendee's invite
    and personal feed do.
    """
    if event.start_utc is None or event.end_utc is None:
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
        description=describe_for_calendar(event, base_url, locale, join_url),
        url=event_page_url(event, base_url),
        location=event.venue or "Online",
        start_utc=event.start_utc,
        end_utc=event.end_utc,
        tzid=event.planning_timezone,
        created=event.created_at,
        last_modified=event.updated_at,
        organizer=organizer,
        cohosts=tuple(org.name_en for org in event.cohosts),
        categories=(str(event.format).capitalize(),),
        conference_url=join_url,
        attendees=attendees,
    )
