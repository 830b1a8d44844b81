"""JSON Schemas of the API's bodies, for the OpenAPI document (``openapi.py``).

The limits repeat the ones ``event_input`` enforces, by importing them, so the
document cannot promise a length the API refuses.
"""

from __future__ import annotations

from typing import Any

from planner.accounts.api_tokens import MAX_LABEL_LENGTH
from planner.events.api_input import ANSWERS, FORMATS, LANGUAGES, MAX_CHOICE, MAX_START, STATUSES
from planner.limits import (
    CAPACITY_MAX,
    COHOSTS_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DURATION_MINUTES_MAX,
    DURATION_MINUTES_MIN,
    EMAIL_MAX,
    PERSON_NAME_MAX,
    SLOTS_MAX,
    SPEAKER_TEXT_MAX,
    SPEAKERS_MAX,
    TITLE_MAX,
    URL_MAX,
    VENUE_MAX,
    ZONE_NAME_MAX,
)


def ref(name: str) -> dict[str, str]:
    """A reference to a schema of this document."""
    return {"$ref": f"#/components/schemas/{name}"}


def _text(max_length: int, **extra: Any) -> dict[str, Any]:
    """A string schema of at most ``max_length`` characters."""
    return {"type": "string", "maxLength": max_length, **extra}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or ``null``."""
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object schema (the API refuses unknown fields)."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


UTC_INSTANT = {"type": "string", "format": "date-time", "examples": ["2026-03-27T08:00:00Z"]}
ZONE = _text(ZONE_NAME_MAX, examples=["Asia/Tokyo"])
START = _text(
    MAX_START,
    description="A local time (2026-03-27T17:00) read in `timezone`, or a time with an "
    "offset (2026-04-02T09:30+02:00).",
)
CHOICE = _text(
    MAX_CHOICE,
    description="Which of the two readings of a time the clocks pass twice: an offset "
    "(+01:00) or an abbreviation (CET).",
)
URL = _text(URL_MAX, format="uri", description="An http:// or https:// address.")
DURATION = {"type": "integer", "minimum": DURATION_MINUTES_MIN, "maximum": DURATION_MINUTES_MAX}
CAPACITY = {"type": "integer", "minimum": 1, "maximum": CAPACITY_MAX}
SLOT_BODY = _object({"start": START, "timezone": ZONE, "choice": CHOICE}, ("start",))
LOCAL_TIME = _object(
    {
        "zone": {"type": "string"},
        "city": {"type": "string"},
        "local": {"type": "string", "examples": ["2026-03-27T17:00:00+09:00"]},
        "abbreviation": {"type": "string"},
        "date_differs": {"type": "boolean"},
    },
    ("zone", "city", "local", "abbreviation", "date_differs"),
)
SLOT = _object(
    {
        "id": {"type": "integer"},
        "start_utc": UTC_INSTANT,
        "end_utc": UTC_INSTANT,
        "entered_timezone": {"type": "string"},
        "local_times": {"type": "array", "items": ref("LocalTime")},
        "proposed_by": {"type": "string", "description": "Slug of the proposing organization."},
        "answers": {
            "type": "object",
            "description": "Each organization's answer, by slug.",
            "additionalProperties": _object(
                {"answer": {"enum": ANSWERS}, "comment": {"type": "string"}},
                ("answer", "comment"),
            ),
        },
        "agreed_by_all": {"type": "boolean"},
    },
    (
        "id",
        "start_utc",
        "end_utc",
        "entered_timezone",
        "local_times",
        "proposed_by",
        "answers",
        "agreed_by_all",
    ),
)
_EVENT_REQUIRED = (
    "id",
    "uid",
    "status",
    "sequence",
    "version",
    "etag",
    "host",
    "cohosts",
    "title",
    "title_ja",
    "format",
    "duration_minutes",
    "planning_timezone",
    "start_utc",
    "end_utc",
    "local_times",
    "allowed_actions",
    "links",
)
EVENT = _object(
    {
        "id": {"type": "integer"},
        "uid": {"type": "string", "description": "The iCalendar UID."},
        "status": {"enum": STATUSES},
        "sequence": {"type": "integer", "description": "The iCalendar SEQUENCE."},
        "version": {"type": "integer", "description": "Send back as If-Match or `version`."},
        "etag": {"type": "string", "description": "The ETag header's value, quotes included."},
        "host": {"type": "string"},
        "cohosts": {"type": "array", "items": {"type": "string"}},
        "title": {"type": "string"},
        "title_ja": _nullable({"type": "string"}),
        "description": {"type": "string"},
        "description_ja": _nullable({"type": "string"}),
        "format": {"enum": FORMATS},
        "language": {"type": "string"},
        "duration_minutes": {"type": "integer"},
        "planning_timezone": {"type": "string"},
        "start_utc": _nullable(UTC_INSTANT),
        "end_utc": _nullable(UTC_INSTANT),
        "local_times": {
            "type": "array",
            "items": ref("LocalTime"),
            "description": "The agreed start in every involved zone; empty until agreed.",
        },
        "venue": _nullable({"type": "string"}),
        "capacity": _nullable({"type": "integer"}),
        "cancellation_reason": _nullable({"type": "string"}),
        "speakers": {
            "type": "array",
            "items": _object(
                {
                    "name": {"type": "string"},
                    "affiliation": {"type": "string"},
                    "timezone": _nullable({"type": "string"}),
                }
            ),
        },
        "allowed_actions": {
            "type": "array",
            "items": {"type": "string"},
            "description": "What the caller may do now: lifecycle actions for their role, "
            "plus `edit`, `add_slot` and `answer`.",
        },
        "created_at": UTC_INSTANT,
        "updated_at": UTC_INSTANT,
        "published_at": _nullable(UTC_INSTANT),
        "links": _object({"page": {"type": "string"}, "ics": {"type": "string"}}, ("page", "ics")),
        "online_url": {
            **_nullable({"type": "string"}),
            "description": "The join link; only for organizers of the event.",
        },
        "slots": {
            "type": "array",
            "items": ref("Slot"),
            "description": "Candidate times and answers; only for organizers of the event.",
        },
    },
    _EVENT_REQUIRED,
)
SPEAKER_BODY = _object(
    {"name": _text(SPEAKER_TEXT_MAX), "affiliation": _text(SPEAKER_TEXT_MAX), "timezone": ZONE},
    ("name",),
)
DETAILS = {
    "title": _text(TITLE_MAX, minLength=1),
    "title_ja": _nullable(_text(TITLE_MAX)),
    "description": _nullable(_text(DESCRIPTION_MAX)),
    "description_ja": _nullable(_text(DESCRIPTION_MAX)),
    "format": {"enum": FORMATS},
    "capacity": _nullable(CAPACITY),
    "language": {"enum": list(LANGUAGES)},
}
NEW_EVENT = _object(
    {
        **DETAILS,
        "cohosts": {"type": "array", "items": _text(64), "maxItems": COHOSTS_MAX},
        "duration_minutes": DURATION,
        "slots": {"type": "array", "items": ref("SlotBody"), "maxItems": SLOTS_MAX},
        "online_url": _nullable(URL),
        "venue": _nullable(_text(VENUE_MAX)),
        "planning_timezone": _nullable(ZONE),
        "speakers": {"type": "array", "items": ref("SpeakerBody"), "maxItems": SPEAKERS_MAX},
        "submit": {"type": "boolean", "default": True, "description": "false keeps a draft."},
    },
    ("title", "format", "cohosts", "duration_minutes", "slots"),
)
VERSION = {"type": "integer", "minimum": 1, "description": "Instead of an If-Match header."}
EVENT_PATCH = _object({**DETAILS, "version": VERSION})
RESCHEDULE_BODY = _object(
    {
        "start": START,
        "timezone": ZONE,
        "choice": CHOICE,
        "duration_minutes": DURATION,
        "venue": _nullable(_text(VENUE_MAX)),
        "online_url": _nullable(URL),
        "version": VERSION,
    },
    ("start",),
)
ERROR = _object(
    {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "examples": ["invalid_transition"]},
                "message": {"type": "string"},
                "field": _nullable({"type": "string", "examples": ["slots[1].start"]}),
                "details": {"type": "object"},
            },
            "required": ["code", "message", "field"],
        }
    },
    ("error",),
)
TOKEN = _object(
    {
        "id": {"type": "integer"},
        "label": {"type": "string"},
        "created_at": UTC_INSTANT,
        "last_used_at": _nullable(UTC_INSTANT),
    },
    ("id", "label", "created_at", "last_used_at"),
)
ORGANIZATION = _object(
    {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "name_ja": _nullable({"type": "string"}),
        "kind": {"type": "string"},
        "country": {"type": "string"},
        "timezone": {"type": "string"},
        "working_hours": {"type": "string", "examples": ["09:00-18:00"]},
    },
    ("slug", "name", "kind", "country", "timezone", "working_hours"),
)

SCHEMAS: dict[str, Any] = {
    "Error": ERROR,
    "LocalTime": LOCAL_TIME,
    "Slot": SLOT,
    "Event": EVENT,
    "EventList": _object({"events": {"type": "array", "items": ref("Event")}}, ("events",)),
    "SlotBody": SLOT_BODY,
    "SpeakerBody": SPEAKER_BODY,
    "NewEvent": NEW_EVENT,
    "EventPatch": EVENT_PATCH,
    "AnswerBody": _object(
        {"answer": {"enum": ANSWERS}, "comment": _text(COMMENT_MAX)}, ("answer",)
    ),
    "ConfirmBody": _object({"slot_id": {"type": "integer", "minimum": 1}}, ("slot_id",)),
    "ReasonBody": _object({"reason": _text(COMMENT_MAX)}),
    "RescheduleBody": RESCHEDULE_BODY,
    "TokenRequest": _object(
        {
            "email": _text(254),
            "password": _text(200),
            "label": _text(MAX_LABEL_LENGTH),
        },
        ("email", "password"),
    ),
    "Token": TOKEN,
    "NewToken": _object(
        {
            **TOKEN["properties"],
            "token": {"type": "string", "description": "The secret, shown only this once."},
        },
        (*TOKEN["required"], "token"),
    ),
    "TokenList": _object({"tokens": {"type": "array", "items": ref("Token")}}, ("tokens",)),
    "RegistrationBody": _object(
        {
            "name": _text(PERSON_NAME_MAX),
            "email": _text(EMAIL_MAX, format="email"),
            "affiliation": _text(PERSON_NAME_MAX),
            "country": _nullable(_text(2, description="ISO 3166-1 alpha-2, e.g. DK.")),
            "consent": {"type": "boolean"},
        },
        ("name", "email", "affiliation"),
    ),
    "Registration": _object(
        {
            "id": {"type": "integer"},
            "event_id": {"type": "integer"},
            "status": {"enum": ["confirmed", "waitlisted", "cancelled"]},
            "manage_url": {"type": "string", "description": "Secret; only on creation."},
            "feed_url": {"type": "string", "description": "Secret; only on creation."},
            "message": {"type": "string"},
        },
        ("id", "event_id", "status"),
    ),
    "Organization": ORGANIZATION,
    "OrganizationList": _object(
        {"organizations": {"type": "array", "items": ref("Organization")}}, ("organizations",)
    ),
    "Overlap": {
        "type": "object",
        "description": "Shared working hours per day, day flags (weekends, public "
        "holidays, clock changes) and suggested times.",
        "required": ["from", "to", "duration_minutes", "participants", "days", "suggestions"],
    },
}
