"""The JSON form of events and tokens: plain functions from models to dicts.

Instants are ISO 8601 in UTC with ``Z``; local times are ISO 8601 with their offset.
What only the organizers may know (the join link, the candidate slots with each
organization's answers and comments) is left out for everybody else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from planner.core import zone_display
from planner.events.access import available_actions, is_involved
from planner.events.scheduling import missing_agreement
from planner.models import ApiToken, CandidateSlot, Event, User


def utc_text(instant: datetime | None) -> str | None:
    """An aware instant as ISO 8601 UTC with ``Z`` (``None`` stays ``None``)."""
    if instant is None:
        return None
    return instant.isoformat(timespec="seconds").replace("+00:00", "Z")


def event_etag(event: Event) -> str:
    """The strong entity tag of an event's current version (without quotes)."""
    return f"v{event.version}-{event.id}"


def involved_zones(event: Event) -> list[str]:
    """The planning zone, then the organizations' and speakers' zones, without repeats."""
    zones = [event.planning_timezone, *(org.timezone for org in event.organizations)]
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


def slot_json(event: Event, slot: CandidateSlot, zones: list[str]) -> dict[str, Any]:
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


def event_json(event: Event, viewer: User | None) -> dict[str, Any]:
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
        "start_utc": utc_text(event.start_utc),
        "end_utc": utc_text(event.end_utc),
        "local_times": local_times(event.start_utc, zones) if event.start_utc else [],
        "venue": event.venue,
        "capacity": event.capacity,
        "cancellation_reason": event.cancellation_reason,
        "speakers": [
            {"name": s.name, "affiliation": s.affiliation, "timezone": s.timezone}
            for s in event.speakers
        ],
        "allowed_actions": available_actions(viewer, event),
        "created_at": utc_text(event.created_at),
        "updated_at": utc_text(event.updated_at),
        "published_at": utc_text(event.published_at),
        "links": {"page": f"/events/{event.id}", "ics": f"/events/{event.id}.ics"},
    }
    if is_involved(viewer, event):
        body["online_url"] = event.online_url
        body["slots"] = [slot_json(event, slot, zones) for slot in event.slots]
    return body


def token_json(token: ApiToken) -> dict[str, Any]:
    """A token's public facts (never its secret or its hash)."""
    return {
        "id": token.id,
        "label": token.label,
        "created_at": utc_text(token.created_at),
        "last_used_at": utc_text(token.last_used_at),
    }
