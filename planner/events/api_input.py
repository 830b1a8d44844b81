"""From API requests to the services' input values: event bodies and version preconditions.

Field names here are the public contract (``title``, ``cohosts``, ``slots[1].start``...);
the services' names (``title_en``, ``cohost_slugs``) stay inside.
"""

from __future__ import annotations

import re

from flask import request
from flask_babel import gettext as _

from planner.api.fields import JsonObject
from planner.errors import PreconditionRequired, StaleVersion, ValidationFailed
from planner.events.negotiation import ProposalInput, SlotInput, SpeakerInput
from planner.events.scheduling import EventDetails, RescheduleInput
from planner.limits import (
    CAPACITY_MAX,
    COHOSTS_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DURATION_MINUTES_MAX,
    DURATION_MINUTES_MIN,
    SLOTS_MAX,
    SPEAKER_TEXT_MAX,
    SPEAKERS_MAX,
    TITLE_MAX,
    URL_MAX,
    VENUE_MAX,
    ZONE_NAME_MAX,
)
from planner.models import Answer, Event, EventFormat, EventStatus

LANGUAGES = ("en", "ja", "en+ja")
FORMATS = [member.value for member in EventFormat]
ANSWERS = [member.value for member in Answer]
STATUSES = [member.value for member in EventStatus]
# Shape limits of the API alone: how long a typed start or fold choice may be.
MAX_START, MAX_CHOICE = 64, 16
MAX_ID = 2**31 - 1
SLOT_FIELDS = ("start", "timezone", "choice")
SPEAKER_FIELDS = ("name", "affiliation", "timezone")
DETAIL_FIELDS = (
    "title",
    "title_ja",
    "description",
    "description_ja",
    "format",
    "capacity",
    "language",
)
PATCH_FIELDS = (*DETAIL_FIELDS, "version")
PROPOSAL_FIELDS = (
    *DETAIL_FIELDS,
    "cohosts",
    "duration_minutes",
    "slots",
    "online_url",
    "venue",
    "planning_timezone",
    "speakers",
    "submit",
)
RESCHEDULE_FIELDS = (*SLOT_FIELDS, "duration_minutes", "venue", "online_url", "version")
_ETAG_PATTERN = re.compile(r"^v(\d{1,9})-(\d{1,12})$")


def slot_input(body: JsonObject) -> SlotInput:
    """A typed candidate start: ``start``, optional ``timezone`` and ``choice``."""
    return SlotInput(
        start=body.required_text("start", max_length=MAX_START),
        timezone=body.text("timezone", max_length=ZONE_NAME_MAX),
        choice=body.text("choice", max_length=MAX_CHOICE),
    )


def proposal_input(body: JsonObject) -> ProposalInput:
    """The body of ``POST /events``."""
    slots = body.objects("slots", allowed=SLOT_FIELDS, max_items=SLOTS_MAX, required=True)
    speakers = body.objects("speakers", allowed=SPEAKER_FIELDS, max_items=SPEAKERS_MAX)
    submit = body.boolean("submit")
    return ProposalInput(
        title_en=body.required_text("title", max_length=TITLE_MAX),
        title_ja=body.text("title_ja", max_length=TITLE_MAX),
        description_en=body.text("description", max_length=DESCRIPTION_MAX) or "",
        description_ja=body.text("description_ja", max_length=DESCRIPTION_MAX),
        format=EventFormat(body.required_choice("format", FORMATS)),
        cohost_slugs=body.texts("cohosts", max_items=COHOSTS_MAX, max_length=64, required=True),
        duration_minutes=body.required_integer(
            "duration_minutes", minimum=DURATION_MINUTES_MIN, maximum=DURATION_MINUTES_MAX
        ),
        slots=[slot_input(slot) for slot in slots],
        planning_timezone=body.text("planning_timezone", max_length=ZONE_NAME_MAX),
        online_url=body.url("online_url", max_length=URL_MAX),
        venue=body.text("venue", max_length=VENUE_MAX),
        capacity=body.integer("capacity", minimum=1, maximum=CAPACITY_MAX),
        language=body.choice("language", LANGUAGES) or "en",
        speakers=[
            SpeakerInput(
                name=speaker.required_text("name", max_length=SPEAKER_TEXT_MAX),
                affiliation=speaker.text("affiliation", max_length=SPEAKER_TEXT_MAX) or "",
                timezone=speaker.text("timezone", max_length=ZONE_NAME_MAX),
            )
            for speaker in speakers
        ],
        submit=True if submit is None else submit,
    )


def event_details(body: JsonObject, event: Event) -> EventDetails:
    """The body of ``PATCH /events/<id>``: fields sent replace, fields left out are kept.

    ``null`` clears an optional field (``title_ja``, ``description_ja``, ``capacity``).
    """
    has = body.has
    return EventDetails(
        title_en=body.required_text("title", max_length=TITLE_MAX)
        if has("title")
        else event.title_en,
        title_ja=body.text("title_ja", max_length=TITLE_MAX) if has("title_ja") else event.title_ja,
        description_en=body.text("description", max_length=DESCRIPTION_MAX) or ""
        if has("description")
        else event.description_en,
        description_ja=body.text("description_ja", max_length=DESCRIPTION_MAX)
        if has("description_ja")
        else event.description_ja,
        format=EventFormat(body.required_choice("format", FORMATS))
        if has("format")
        else event.format,
        capacity=body.integer("capacity", minimum=1, maximum=CAPACITY_MAX)
        if has("capacity")
        else event.capacity,
        language=body.required_choice("language", LANGUAGES) if has("language") else event.language,
    )


def reschedule_input(body: JsonObject) -> RescheduleInput:
    """The body of ``POST /events/<id>/reschedule``."""
    return RescheduleInput(
        start=body.required_text("start", max_length=MAX_START),
        timezone=body.text("timezone", max_length=ZONE_NAME_MAX),
        choice=body.text("choice", max_length=MAX_CHOICE),
        duration_minutes=body.integer(
            "duration_minutes", minimum=DURATION_MINUTES_MIN, maximum=DURATION_MINUTES_MAX
        ),
        venue=body.text("venue", max_length=VENUE_MAX),
        online_url=body.url("online_url", max_length=URL_MAX),
    )


def answer_input(body: JsonObject) -> tuple[Answer, str]:
    """The body of ``PUT .../response``: ``answer`` and an optional ``comment``."""
    answer = Answer(body.required_choice("answer", ANSWERS))
    return answer, body.text("comment", max_length=COMMENT_MAX) or ""


def reason_input(body: JsonObject) -> str:
    """The optional ``reason`` of a cancellation or a decline."""
    return body.text("reason", max_length=COMMENT_MAX) or ""


def slot_id_input(body: JsonObject) -> int:
    """The ``slot_id`` of a confirmation."""
    return body.required_integer("slot_id", minimum=1, maximum=MAX_ID)


def expected_version(event_id: int, body: JsonObject) -> int:
    """The version a change is based on, from ``If-Match`` or the body's ``version``.

    Without either the change is refused with 428: silently letting the last write win
    would lose the other person's edit. An ``If-Match`` that is not this event's ETag
    is a 412, as HTTP prescribes.
    """
    from_body = body.integer("version", minimum=1, maximum=MAX_ID)
    from_header = _version_from_if_match(event_id)
    version = from_body if from_header is None else from_header
    if version is None:
        raise PreconditionRequired(
            _(
                "Say which version you are changing: send the event's ETag in an If-Match "
                "header, or its version in a “version” field."
            )
        )
    if from_body is not None and from_body != version:
        raise ValidationFailed(
            _("The If-Match header and the version field disagree."), field="version"
        )
    return version


def _version_from_if_match(event_id: int) -> int | None:
    """The version named by ``If-Match`` (``None`` when the header is absent)."""
    if "If-Match" not in request.headers or request.if_match.star_tag:
        return None  # "*" names no version, so it is treated as no precondition
    for tag in request.if_match.as_set():
        match = _ETAG_PATTERN.match(tag)
        if match and int(match.group(2)) == event_id:
            return int(match.group(1))
    raise StaleVersion(_("If-Match does not name a version of this event. Fetch the event again."))
