"""What everyone involved is told when an agreed event's time or place changes.

One message per person: organizers and seat holders get the updated invite (it carries
the join link); people on the waitlist get the news without an invite or join link,
and only when it concerns them (a new time or a new venue, not a new link).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from planner.models import Event
from planner.notifications import outbox as notifications

# Changes that move the event in everyone's calendar.
_TIME_FIELDS = ("start_utc", "duration_minutes")


def announce_changes(
    event: Event, changes: Mapping[str, Any], previous_start: datetime | None = None
) -> None:
    """Within the caller's unit of work: queue the messages about ``changes``.

    ``previous_start`` is given when the start moved, so each message says old → new.
    """
    moved = any(field in changes for field in _TIME_FIELDS)
    subject = f"[Co-host Planner] {'Rescheduled' if moved else 'Updated'}: {event.title_en}"
    lines = [f'"{event.title_en}" has moved.' if moved else f'"{event.title_en}" has changed.']
    if "venue" in changes:
        lines.append(f"Venue: {event.venue or 'none (online only)'}")
    invite_lines = [*lines]
    if "online_url" in changes:
        invite_lines.append("The online join link changed; use the one below.")
    notifications.notify(
        notifications.organizer_recipients(event, [org.id for org in event.organizations])
        + notifications.attendee_recipients(event),
        event,
        subject,
        "\n".join([*invite_lines, "Your calendar invite is updated."]),
        invite_method="REQUEST",
        previous_start=previous_start,
    )
    if moved or "venue" in changes:
        notifications.notify(
            notifications.attendee_recipients(event, waitlisted=True),
            event,
            subject,
            "\n".join([*lines, "You are still on the waitlist."]),
            include_join_link=False,
            previous_start=previous_start,
        )
