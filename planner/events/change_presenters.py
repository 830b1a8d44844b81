"""What the edit, reschedule, cancel and publish pages show beyond the form itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from planner.events.revisions import TIME_FIELDS
from planner.labels import FIELD_LABELS, FORMAT_LABELS, reminder_offsets_text
from planner.models import Event, EventFormat
from planner.presentation import Moment, description_markup, event_moment


@dataclass(frozen=True)
class Clash:
    """One field both organizers changed: their saved value and this organizer's."""

    field: str
    label: str
    theirs: str
    yours: str
    choosable: bool  # False for the time, which the organizer retypes instead


def _shown(event: Event, field: str, value: Any) -> str:
    """A field's value as a person reads it (never a raw list or an ISO string)."""
    if field == "reminder_offsets":
        return reminder_offsets_text(value)
    if value in (None, "", []):
        return "—"
    if field == "speakers":
        return "; ".join(
            name + (f" ({affiliation})" if affiliation else "") for name, affiliation, _ in value
        )
    if field == "start_utc":
        cities = event_moment(event, datetime.fromisoformat(value)).cities
        return " / ".join(f"{c.date_text} {c.time_text} {c.abbreviation}" for c in cities)
    if field == "format":
        return str(FORMAT_LABELS[EventFormat(value)])
    return str(value)


def clashes(event: Event, details: Mapping[str, Any]) -> list[Clash]:
    """The fields of an ``EditConflict`` side by side, in the page's language."""
    return [
        Clash(
            field=item["field"],
            label=str(FIELD_LABELS[item["field"]]),
            theirs=_shown(event, item["field"], item["theirs"]),
            yours=_shown(event, item["field"], item["yours"]),
            choosable=item["field"] not in TIME_FIELDS,
        )
        for item in details.get("conflicts", [])
    ]


@dataclass(frozen=True)
class LanguageVersion:
    """The event's public texts in one language, for the last look before publishing."""

    language: str
    title: str
    description_html: Markup
    missing: bool  # the texts fall back to English: nothing was written in this language


@dataclass(frozen=True)
class PublishPreview:
    """Everything the public will see, in both languages, and the time in every city."""

    versions: Sequence[LanguageVersion]
    when: Moment | None
    venue: str
    has_join_link: bool
    capacity: int | None


def publish_preview(event: Event) -> PublishPreview:
    """The public page's texts in English and Japanese, and its practical details."""
    versions = [
        LanguageVersion(
            _("English"), event.title_en, description_markup(event, "en"), missing=False
        ),
        LanguageVersion(
            _("Japanese"),
            event.title("ja"),
            description_markup(event, "ja"),
            missing=not (event.title_ja and event.description_ja),
        ),
    ]
    return PublishPreview(
        versions=versions,
        when=event_moment(event, event.start_utc) if event.start_utc else None,
        venue=event.venue or "",
        has_join_link=bool(event.online_url),
        capacity=event.capacity,
    )


@dataclass(frozen=True)
class CancelAudience:
    """The event's title and who hears of its cancellation, counted."""

    title: str
    organizers: int
    attendees: int
    waitlisted: int
