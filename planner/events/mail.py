"""What co-host organizers read about an event: each message kind and how it is written.

Operations queue a message by its kind (:func:`planner.notifications.messages.queue_for_each`);
the delivery job calls the renderer below in the reader's language, so titles, dates and
the calendar part are the reader's.
"""

from __future__ import annotations

from planner.calendars.values import event_page_url
from planner.models import Event, OutboxMessage
from planner.notifications.messages import (
    Rendered,
    event_of,
    organizer_readers,
    queue_for_each,
    render_email,
    renderer,
    when_text,
)
from planner.presentation import current_locale

PUBLISHED = "events/published"


def event_values(event: Event, message: OutboxMessage) -> dict:
    """What every event message says at its end: when (reader's zone first), the page."""
    locale = current_locale()
    when = when_text(event, event.start_utc, message.zone) if event.start_utc else ""
    minutes = int((event.end_utc - event.start_utc).total_seconds() // 60) if when else 0
    return {
        "name": message.recipient_name,
        "title": event.title(locale),
        "when": when,
        "minutes": minutes,
        "event_url": event_page_url(event),
    }


def tell_published_in_unit(event: Event) -> None:
    """Within the caller's unit of work: every co-host organizer hears the event is public."""
    readers = organizer_readers(event, [org.id for org in event.organizations])
    queue_for_each(PUBLISHED, readers, event=event)


@renderer(PUBLISHED)
def write_published(message: OutboxMessage) -> Rendered:
    """The event is public and open for registration."""
    event = event_of(message)
    return Rendered(*render_email(PUBLISHED, **event_values(event, message)))
