"""What everyone involved reads when an agreed event is confirmed, changed or cancelled.

Organizers and attendees with a seat get the invite (REQUEST, or CANCEL), written for
them in their language; people on the waitlist get the news without an invite or a join
link, and of a change only when it concerns them (a new time or a new venue, not a new
link). Each message is queued with what the moment knows (the start before a move, the
fields changed, the reason of a cancellation) and written when it is delivered
(:mod:`planner.notifications.messages`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from planner.events.mail import (
    WAITLIST,
    audience_of,
    event_values,
    invite_for_reader,
    queue_to_everyone,
    queue_to_organizers,
)
from planner.models import Event, OutboxMessage
from planner.notifications.messages import (
    Rendered,
    context_of,
    context_time,
    event_of,
    render_email,
    renderer,
    when_text,
)
from planner.presentation import current_locale

CONFIRMED = "events/confirmed"
CANCELLED = "events/cancelled"
RESCHEDULED = "events/rescheduled"
UPDATED = "events/updated"

# Changes that move the event in everyone's calendar.
TIME_FIELDS = ("start_utc", "duration_minutes")


def _invited(
    kind: str, message: OutboxMessage, method: str, *, include_join_link: bool, **values: Any
) -> Rendered:
    """Text and invite for the reader; the join line only where the invite carries it."""
    event = event_of(message)
    calendar = invite_for_reader(event, message, method, include_join_link=include_join_link)
    join_url = event.online_url if calendar and include_join_link else None
    subject, body = render_email(
        kind,
        **event_values(event, message),
        join_url=join_url,
        has_invite=calendar is not None,
        **values,
    )
    return Rendered(subject, body, calendar, method if calendar else None)


def tell_confirmed(event: Event) -> None:
    """Within the caller's unit of work: every co-host organizer gets the invite."""
    queue_to_organizers(CONFIRMED, event, [org.id for org in event.organizations])


@renderer(CONFIRMED)
def write_confirmed(message: OutboxMessage) -> Rendered:
    """The host fixed the time: the invite, with the join link."""
    event = event_of(message)
    host = event.host.display_name(current_locale())
    return _invited(CONFIRMED, message, "REQUEST", include_join_link=True, host=host)


def tell_cancelled(event: Event, reason_en: str, reason_ja: str) -> None:
    """Within the caller's unit of work: organizers, seat holders and the waitlist hear it."""
    queue_to_everyone(CANCELLED, event, waitlist=True, reason_en=reason_en, reason_ja=reason_ja)


@renderer(CANCELLED)
def write_cancelled(message: OutboxMessage) -> Rendered:
    """The event is called off: the reason in both languages, the reader's first.

    Organizers and seat holders get the CANCEL invite; nobody needs the join link of a
    cancelled event, and the waitlist never had an invite to withdraw.
    """
    context = context_of(message)
    reasons = [context.get("reason_en") or "", context.get("reason_ja") or ""]
    if current_locale() == "ja":
        reasons.reverse()
    values = {"reasons": [reason for reason in reasons if reason]}
    if audience_of(message) == WAITLIST:
        event = event_of(message)
        return Rendered(*render_email(CANCELLED, **event_values(event, message), **values))
    return _invited(CANCELLED, message, "CANCEL", include_join_link=False, **values)


def announce_changes(
    event: Event, changes: Mapping[str, Any], previous_start: datetime | None = None
) -> None:
    """Within the caller's unit of work: queue the messages about ``changes``.

    ``previous_start`` is given when the start moved, so each message says old → new.
    The waitlist hears only of a new time or venue.
    """
    moved = any(field in changes for field in TIME_FIELDS)
    queue_to_everyone(
        RESCHEDULED if moved else UPDATED,
        event,
        waitlist=moved or "venue" in changes,
        fields=sorted(changes),
        previous_start=previous_start,
    )


def _write_change(kind: str, message: OutboxMessage) -> Rendered:
    """The news of a change: what changed, and was → now after a move."""
    event = event_of(message)
    fields: Iterable[str] = context_of(message).get("fields", [])
    previous_start = context_time(message, "previous_start")
    values = {
        "moved": kind == RESCHEDULED,
        "venue_changed": "venue" in fields,
        "venue": event.venue or "",
        "link_changed": "online_url" in fields,
        "was": when_text(event, previous_start, message.zone) if previous_start else "",
    }
    if audience_of(message) == WAITLIST:
        return Rendered(
            *render_email(kind, **event_values(event, message), waitlisted=True, **values)
        )
    return _invited(kind, message, "REQUEST", include_join_link=True, **values)


@renderer(RESCHEDULED)
def write_rescheduled(message: OutboxMessage) -> Rendered:
    """The event moved: was and now, in the reader's zone first."""
    return _write_change(RESCHEDULED, message)


@renderer(UPDATED)
def write_updated(message: OutboxMessage) -> Rendered:
    """The venue or the join link changed, the time stayed."""
    return _write_change(UPDATED, message)
