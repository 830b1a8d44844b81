"""An event's editable fields through its versions, and merging an edit made from an old one.

Every operation that changes these fields records what it replaced (``record``), so the
values any earlier version had can be rebuilt (``values_at``). An edit states values
for some fields and the version its editor started from; ``merge`` keeps only what
that editor changed, and raises ``EditConflict`` for a field someone else changed to
something different in the meantime (see ``planner.core.merge``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from planner.core.merge import merge_edit
from planner.errors import EditConflict, StaleVersion
from planner.extensions import db
from planner.form_values import unix_newlines
from planner.models import Event, EventRevision

# The texts co-host organizers may edit as well as the host.
TEXT_FIELDS = ("title_en", "title_ja", "description_en", "description_ja", "speakers")
# The practical details only the host changes on the edit page.
HOST_FIELDS = (
    "format",
    "capacity",
    "language",
    "venue",
    "online_url",
    "asks_contact_consent",
    "reminder_offsets",
    "reminder_alarms",
    "answer_by",
)
# The time, which only a reschedule changes.
TIME_FIELDS = ("start_utc", "duration_minutes")
EDITABLE_FIELDS = TEXT_FIELDS + HOST_FIELDS + TIME_FIELDS
# Changes attendees must hear about: where to go, or how to join.
ATTENDEE_FIELDS = ("venue", "online_url")


def editable_values(event: Event) -> dict[str, Any]:
    """The editable fields of ``event`` as plain, comparable, JSON-friendly values."""
    return {
        "title_en": event.title_en,
        "title_ja": event.title_ja,
        # Stored before line breaks were made one kind, a description may hold "\r\n".
        "description_en": unix_newlines(event.description_en),
        "description_ja": unix_newlines(event.description_ja),
        "speakers": [
            [speaker.name, speaker.affiliation, speaker.timezone] for speaker in event.speakers
        ],
        "format": str(event.format),
        "capacity": event.capacity,
        "language": event.language,
        "venue": event.venue,
        "online_url": event.online_url,
        "asks_contact_consent": event.asks_contact_consent,
        "reminder_offsets": list(event.reminder_offsets),
        "reminder_alarms": event.reminder_alarms,
        "answer_by": event.answer_by.isoformat() if event.answer_by else None,
        "start_utc": event.start_utc.isoformat() if event.start_utc else None,
        "duration_minutes": event.duration_minutes,
    }


def record(event: Event, before: Mapping[str, Any], base_version: int) -> None:
    """Within the caller's unit of work: remember the values this change replaced."""
    after = editable_values(event)
    replaced = {field: before[field] for field in EDITABLE_FIELDS if before[field] != after[field]}
    if replaced:
        db.session.add(EventRevision(event_id=event.id, base_version=base_version, before=replaced))


def values_at(event: Event, version: int) -> dict[str, Any]:
    """The editable fields as they were when ``event`` had ``version``.

    Walking back from the newest change, each change made at ``version`` or later puts
    back the values it replaced; the oldest such change's values are the ones the
    editor saw.
    """
    values = editable_values(event)
    later = db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id, EventRevision.base_version >= version)
        .order_by(EventRevision.id.desc())
    )
    for revision in later:
        values.update(revision.before)
    return values


def merge(event: Event, stated: Mapping[str, Any], base_version: int) -> dict[str, Any]:
    """The changes an edit makes, given the values it states and the version it began at.

    ``stated`` may name any editable fields; those its editor left as they were in
    ``base_version`` are not changes. Raises ``EditConflict`` when someone else changed
    one of this editor's fields to a different value since, and ``StaleVersion`` for a
    version the event never had.
    """
    if not 1 <= base_version <= event.version:
        raise StaleVersion(
            _("This form does not come from the current event. Open the event again.")
        )
    current = editable_values(event)
    base = current if base_version == event.version else values_at(event, base_version)
    result = merge_edit(base, stated, current)
    if result.clashes:
        raise EditConflict(
            _(
                "Someone else changed the same details after you opened this event: "
                "choose which version to keep."
            ),
            details={
                "current_version": event.version,
                # What would be saved without the clashes, to show it kept on the page.
                "changes": result.changes,
                "conflicts": [
                    {
                        "field": clash.field,
                        "base": clash.base,
                        "theirs": clash.theirs,
                        "yours": clash.yours,
                    }
                    for clash in result.clashes
                ],
            },
        )
    return result.changes
