"""Pieces every event service shares: state moves, change stamps and audit snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from planner import audit
from planner.core.lifecycle import Action, TransitionRefused, check_transition
from planner.errors import Conflict, StaleVersion, ValidationFailed
from planner.labels import status_label
from planner.limits import DURATION_MINUTES_MAX, DURATION_MINUTES_MIN
from planner.models import CandidateSlot, Event, User, utc_now


def event_snapshot(event: Event) -> dict[str, Any]:
    """The audited fields of an event, as JSON-friendly values."""
    return {
        "status": str(event.status),
        "title_en": event.title_en,
        "title_ja": event.title_ja,
        "description_en": _excerpt(event.description_en),
        "description_ja": _excerpt(event.description_ja),
        "speakers": [speaker.name for speaker in event.speakers],
        "format": str(event.format),
        "start_utc": event.start_utc.isoformat() if event.start_utc else None,
        "end_utc": event.end_utc.isoformat() if event.end_utc else None,
        "planning_timezone": event.planning_timezone,
        "duration_minutes": event.duration_minutes,
        "online_url": event.online_url,
        "venue": event.venue,
        "capacity": event.capacity,
        "language": event.language,
        "asks_contact_consent": event.asks_contact_consent,
        "reminder_offsets": list(event.reminder_offsets),
        "reminder_alarms": event.reminder_alarms,
        "sequence": event.sequence,
        "cohosts": [org.slug for org in event.cohosts],
    }


# How much of a description the audit log keeps: enough to recognise the change.
_EXCERPT_LENGTH = 80


def _excerpt(text: str | None) -> str | None:
    """The start of a description, for the audit log (the full text is on the event)."""
    if not text:
        return None
    return text if len(text) <= _EXCERPT_LENGTH else text[: _EXCERPT_LENGTH - 1] + "…"


def touch(event: Event) -> None:
    """Stamp the event as changed now (iCalendar LAST-MODIFIED/DTSTAMP follow this)."""
    event.updated_at = utc_now()


def check_version(event: Event, expected_version: int | None) -> None:
    """Refuse a change based on an older version of the event (optimistic locking).

    For changes that are not merged field by field (the cities an event is shown in);
    edits and reschedules merge instead, see ``planner.events.revisions``.
    """
    if expected_version is not None and expected_version != event.version:
        raise StaleVersion(
            _(
                "Someone else changed this event after you opened it (your version %(yours)d, "
                "now %(now)d). Review the current details and apply your change again.",
                yours=expected_version,
                now=event.version,
            ),
            details={"current_version": event.version, "current": event_snapshot(event)},
        )


def check_known_version(event: Event, expected_version: int | None) -> None:
    """Refuse a version ``event`` never had (a change that adds, or merges, may be older).

    For the changes that cannot overwrite anyone else's (a new candidate time) or that
    look for a clash themselves (an answer): an older version is fine, a future one or
    nonsense is not.
    """
    if expected_version is not None and not 1 <= expected_version <= event.version:
        raise StaleVersion(
            _(
                "This event has no version %(yours)d (it is at %(now)d). Fetch it again.",
                yours=expected_version,
                now=event.version,
            ),
            details={"current_version": event.version},
        )


def move(actor: User, event: Event, action: Action, extra: dict[str, Any] | None = None) -> None:
    """Move ``event`` by ``action`` (within the caller's unit of work) and audit it."""
    try:
        target = check_transition(event.status, action)
    except TransitionRefused as refused:
        allowed = ", ".join(refused.allowed) or _("nothing")
        raise Conflict(
            _(
                "This event is %(status)s, so it cannot be %(action)s. Allowed now: %(allowed)s.",
                status=status_label(event.status),
                action=_past_participle(action),
                allowed=allowed,
            ),
            code="invalid_transition",
            details={"status": str(event.status), "allowed": [str(a) for a in refused.allowed]},
        ) from refused
    before = str(event.status)
    event.status = target
    touch(event)
    audit.record(
        actor,
        f"event.{action}",
        "event",
        event.id,
        event_id=event.id,
        before={"status": before},
        after={"status": str(target), **(extra or {})},
    )


def _past_participle(action: Action) -> str:
    """How the refused action reads in a sentence ('confirmed', 'published', ...)."""
    words = {
        Action.SUBMIT: _("submitted"),
        Action.CONFIRM: _("confirmed"),
        Action.PUBLISH: _("published"),
        Action.RESCHEDULE: _("rescheduled"),
        Action.CANCEL: _("cancelled"),
        Action.DECLINE: _("declined"),
        Action.WITHDRAW: _("withdrawn"),
        Action.COMPLETE: _("completed"),
    }
    return words[action]


def check_duration(minutes: int) -> None:
    """A duration between a quarter of an hour and a day."""
    if not DURATION_MINUTES_MIN <= minutes <= DURATION_MINUTES_MAX:
        raise ValidationFailed(
            _(
                "The duration must be between %(low)d and %(high)d minutes.",
                low=DURATION_MINUTES_MIN,
                high=DURATION_MINUTES_MAX,
            ),
            field="duration_minutes",
        )


def slot_has_passed(slot: CandidateSlot, now: datetime | None = None) -> bool:
    """Whether a candidate time has started already (``now`` is the clock's by default)."""
    return slot.start_utc <= (now or utc_now())


def require_slot_ahead(slot: CandidateSlot) -> None:
    """Refuse to confirm a candidate time that has passed while the co-hosts answered.

    409, not 422: the request names a real slot and nothing typed is wrong; the clock
    has moved on since, which is a conflict with the current state (like a slot not
    agreed yet). The way out is a new candidate time.
    """
    if slot_has_passed(slot):
        raise Conflict(
            _(
                "This time has already passed, so it cannot be confirmed. "
                "Suggest another time for everyone to answer."
            ),
            code="slot_in_past",
            details={"start_utc": slot.start_utc.isoformat().replace("+00:00", "Z")},
        )
