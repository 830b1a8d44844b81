"""The JSON form of events: their declared shapes, and plain functions from models to dicts.

Instants are ISO 8601 in UTC with ``Z``; local times are ISO 8601 with their offset.
What only the organizers may know (the join link, the candidate slots with each
organization's answers and comments) is left out for everybody else.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for
from pydantic import Field

from planner import presentation
from planner.api.shapes import Answer, UtcInstant, one_of
from planner.core import zone_display
from planner.events.access import available_actions, is_involved
from planner.events.api_input import ANSWERS, FORMATS, STATUSES
from planner.events.scheduling import missing_agreement
from planner.models import CandidateSlot, User
from planner.models import Event as EventRecord


class LocalTime(Answer):
    """One instant on the clock of one zone."""

    zone: str
    city: str
    local: str = Field(examples=["2026-03-27T17:00:00+09:00"])
    abbreviation: str
    date_differs: bool


class SlotAnswer(Answer):
    """One organization's answer to a candidate time."""

    answer: one_of(ANSWERS)
    comment: str


class Slot(Answer):
    """A candidate time with every organization's answer."""

    id: int
    start_utc: UtcInstant
    end_utc: UtcInstant
    entered_timezone: str
    local_times: list[LocalTime]
    proposed_by: str = Field(description="Slug of the proposing organization.")
    answers: dict[str, SlotAnswer] = Field(description="Each organization's answer, by slug.")
    agreed_by_all: bool


class Speaker(Answer):
    """A speaker."""

    name: str
    affiliation: str
    timezone: str | None


class Links(Answer):
    """The event's pages."""

    page: str
    ics: str


class Event(Answer):
    """An event as the caller may see it."""

    id: int
    uid: str = Field(description="The iCalendar UID.")
    status: one_of(STATUSES)
    sequence: int = Field(description="The iCalendar SEQUENCE.")
    version: int = Field(description="Send back as If-Match or `version`.")
    etag: str = Field(description="The ETag header's value, quotes included.")
    host: str
    cohosts: list[str]
    title: str
    title_ja: str | None
    description: str
    description_ja: str | None
    format: one_of(FORMATS)
    language: str
    duration_minutes: int
    planning_timezone: str
    cities: list[str] = Field(
        description="The zones the event's times are shown in: every co-host's office and "
        "audience zones, with the host's additions and removals",
        examples=[["Asia/Tokyo", "Europe/Copenhagen"]],
    )
    start_utc: UtcInstant | None
    end_utc: UtcInstant | None
    local_times: list[LocalTime] = Field(
        description="The agreed start in every involved zone; empty until agreed."
    )
    venue: str | None
    capacity: int | None
    asks_contact_consent: bool = Field(
        description="Whether registering requires agreeing to be contacted about the event."
    )
    reminder_offsets: list[int] = Field(
        description="Minutes before the start at which confirmed attendees are reminded."
    )
    reminder_alarms: bool = Field(
        description="Whether attendees' calendars carry an alarm for each reminder."
    )
    answer_by: date | None = Field(
        description="The date the co-hosts are asked to answer by (none when not asked)."
    )
    cancellation_reason: str | None
    cancellation_reason_ja: str | None
    speakers: list[Speaker]
    allowed_actions: list[str] = Field(
        description="What the caller may do now: lifecycle actions for their role, "
        "plus `edit`, `add_slot` and `answer`."
    )
    created_at: UtcInstant
    updated_at: UtcInstant
    published_at: UtcInstant | None
    links: Links
    online_url: str | None = Field(
        default=None, description="The join link; only for organizers of the event."
    )
    slots: list[Slot] = Field(
        default_factory=list,
        description="Candidate times and answers; only for organizers of the event.",
    )


class EventList(Answer):
    """Events, newest first."""

    events: list[Event]


def utc_text(instant: datetime | None) -> str | None:
    """An aware instant as ISO 8601 UTC with ``Z`` (``None`` stays ``None``)."""
    if instant is None:
        return None
    return instant.isoformat(timespec="seconds").replace("+00:00", "Z")


def event_etag(event: EventRecord) -> str:
    """The strong entity tag of an event's current version (without quotes)."""
    return f"v{event.version}-{event.id}"


def involved_zones(event: EventRecord) -> list[str]:
    """The planning zone, then every city the event is shown in, then speakers' zones."""
    zones = [event.planning_timezone, *presentation.involved_zones(event)]
    zones += [speaker.timezone for speaker in event.speakers if speaker.timezone]
    return list(dict.fromkeys(zones))


def local_times(instant: datetime, zones: list[str]) -> list[dict[str, Any]]:
    """One instant on the clock of each zone, the first zone's date as the reference."""
    return [
        {
            "zone": zone_time.zone_name,
            "city": zone_time.city,
            "local": zone_time.local.isoformat(timespec="seconds"),
            "abbreviation": zone_time.abbreviation,
            "date_differs": zone_time.date_differs,
        }
        for zone_time in zone_display.times_in_zones(instant, zones)
    ]


def slot_json(event: EventRecord, slot: CandidateSlot, zones: list[str]) -> dict[str, Any]:
    """A candidate slot with its times, who proposed it and every organization's answer."""
    return {
        "id": slot.id,
        "start_utc": utc_text(slot.start_utc),
        "end_utc": utc_text(slot.end_utc),
        "entered_timezone": slot.entered_timezone,
        "local_times": local_times(slot.start_utc, zones),
        "proposed_by": slot.proposed_by_organization.slug,
        "answers": {
            response.organization.slug: {
                "answer": str(response.answer),
                "comment": response.comment,
            }
            for response in slot.responses
        },
        "agreed_by_all": not missing_agreement(event, slot.id),
    }


def event_json(event: EventRecord, viewer: User | None) -> dict[str, Any]:
    """The API form of ``event`` as ``viewer`` (``None`` for a visitor) may see it."""
    zones = involved_zones(event)
    body: dict[str, Any] = {
        "id": event.id,
        "uid": event.uid,
        "status": str(event.status),
        "sequence": event.sequence,
        "version": event.version,
        "etag": f'"{event_etag(event)}"',
        "host": event.host.slug,
        "cohosts": [org.slug for org in event.cohosts],
        "title": event.title_en,
        "title_ja": event.title_ja,
        "description": event.description_en,
        "description_ja": event.description_ja,
        "format": str(event.format),
        "language": event.language,
        "duration_minutes": event.duration_minutes,
        "planning_timezone": event.planning_timezone,
        "cities": presentation.involved_zones(event),
        "start_utc": utc_text(event.start_utc),
        "end_utc": utc_text(event.end_utc),
        "local_times": local_times(event.start_utc, zones) if event.start_utc else [],
        "venue": event.venue,
        "capacity": event.capacity,
        "asks_contact_consent": event.asks_contact_consent,
        "reminder_offsets": list(event.reminder_offsets),
        "reminder_alarms": event.reminder_alarms,
        "answer_by": event.answer_by.isoformat() if event.answer_by else None,
        "cancellation_reason": event.cancellation_reason,
        "cancellation_reason_ja": event.cancellation_reason_ja,
        "speakers": [
            {"name": s.name, "affiliation": s.affiliation, "timezone": s.timezone}
            for s in event.speakers
        ],
        "allowed_actions": available_actions(viewer, event),
        "created_at": utc_text(event.created_at),
        "updated_at": utc_text(event.updated_at),
        "published_at": utc_text(event.published_at),
        "links": {
            "page": url_for("events.show", event_id=event.id),
            "ics": url_for("calendars.event_ics", event_id=event.id),
        },
    }
    if is_involved(viewer, event):
        body["online_url"] = event.online_url
        body["slots"] = [slot_json(event, slot, zones) for slot in event.slots]
    return body
