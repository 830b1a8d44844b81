"""The shapes of the event endpoints' input, and their conversion to the services' values.

Field names here are the public contract (``title``, ``cohosts``, ``slots[1].start``...);
the services' names (``title_en``, ``cohost_slugs``) stay inside.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from planner.api.shapes import (
    Body,
    Query,
    http_address,
    multiline_text,
    one_of,
    parameter,
    parameter_list,
    required_text,
    text,
    whole_number,
)
from planner.errors import EditConflict
from planner.events.negotiation import ProposalInput, SlotInput, SpeakerInput
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.limits import (
    CAPACITY_MAX,
    CHOICE_MAX,
    COHOSTS_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DURATION_MINUTES_MAX,
    DURATION_MINUTES_MIN,
    ID_MAX,
    REMINDER_OFFSET_CHOICES,
    SHOWN_CITIES_MAX,
    SLOTS_MAX,
    SLUG_MAX,
    SPEAKER_TEXT_MAX,
    SPEAKERS_MAX,
    START_MAX,
    TITLE_MAX,
    URL_MAX,
    VENUE_MAX,
    ZONE_NAME_MAX,
)
from planner.models import Answer, EventFormat, EventStatus

LANGUAGES = ("en", "ja", "en+ja")
FORMATS = [member.value for member in EventFormat]
ANSWERS = [member.value for member in Answer]
STATUSES = [member.value for member in EventStatus]

Zone = text(ZONE_NAME_MAX, examples=["Asia/Tokyo"])
Start = required_text(
    START_MAX,
    description="A local time (2026-03-27T17:00) read in `timezone`, or a time with an "
    "offset (2026-04-02T09:30+02:00).",
)
Choice = text(
    CHOICE_MAX,
    description="Which of the two readings of a time the clocks pass twice: an offset "
    "(+01:00) or an abbreviation (CET).",
)
Title = required_text(TITLE_MAX)
OptionalTitle = text(TITLE_MAX)
Description = multiline_text(DESCRIPTION_MAX)
Format = one_of(FORMATS)
Language = one_of(LANGUAGES)
Capacity = whole_number(1, CAPACITY_MAX)
Duration = whole_number(DURATION_MINUTES_MIN, DURATION_MINUTES_MAX)
Address = http_address(URL_MAX)
Venue = text(VENUE_MAX)
Comment = multiline_text(COMMENT_MAX)
Version = whole_number(1, ID_MAX, description="Instead of an If-Match header.")
# JSON has no dates: an ISO 8601 date text (2037-03-31) is read as one.
AnswerBy = Annotated[date, Field(strict=False, examples=["2037-03-31"])]


class SlotBody(Body):
    """A candidate start typed in a zone."""

    start: Start
    timezone: Zone | None = None
    choice: Choice | None = None


class SpeakerBody(Body):
    """A speaker of the event."""

    name: required_text(SPEAKER_TEXT_MAX)
    affiliation: text(SPEAKER_TEXT_MAX) | None = None
    timezone: Zone | None = None


ANSWER_BY_DESCRIPTION = (
    "The date (2037-03-31) the co-hosts are asked to answer by; not before today. "
    "Co-host organizers who have not answered are reminded 3 days before and on the day."
)
CONSENT_DESCRIPTION = (
    "true: registering requires agreeing to be contacted about the event "
    "(default false: the agreement is optional)."
)


# The reminders an event sends its confirmed attendees (the edit page's choices).
ReminderOffsets = Annotated[
    list[one_of(REMINDER_OFFSET_CHOICES)],
    Field(
        max_length=len(REMINDER_OFFSET_CHOICES),
        description="Minutes before the start at which each confirmed attendee is emailed "
        "a reminder (whole days on their own clock, never at night); [] sends none.",
        examples=[[1440, 60]],
    ),
]
ALARMS_DESCRIPTION = (
    "true: attendees' calendar invites and personal feeds also carry an alarm for each "
    "reminder (default false)."
)


class NewEvent(Body):
    """The body of ``POST /events``."""

    title: Title
    title_ja: OptionalTitle | None = None
    description: Description | None = None
    description_ja: Description | None = None
    format: Format
    capacity: Capacity | None = None
    language: Language | None = None
    cohosts: Annotated[list[required_text(SLUG_MAX)], Field(max_length=COHOSTS_MAX)]
    duration_minutes: Duration
    slots: Annotated[list[SlotBody], Field(max_length=SLOTS_MAX)]
    online_url: Address | None = None
    venue: Venue | None = None
    planning_timezone: Zone | None = None
    speakers: Annotated[list[SpeakerBody], Field(max_length=SPEAKERS_MAX)] | None = None
    submit: bool | None = Field(default=None, description="false keeps a draft (default true).")
    asks_contact_consent: bool | None = Field(default=None, description=CONSENT_DESCRIPTION)
    answer_by: AnswerBy | None = Field(default=None, description=ANSWER_BY_DESCRIPTION)


class EventPatch(Body):
    """The body of ``PATCH /events/<id>``: fields sent replace, fields left out are kept.

    ``null`` clears an optional field (``title_ja``, ``description_ja``, ``capacity``,
    ``venue``, ``online_url``, ``answer_by``); ``speakers`` replaces the whole list. The
    version sent (or ``If-Match``) is the one the change is based on: a field someone else changed
    since is kept, unless this body changes it too (then 412 names the conflict).
    Co-host organizers may change the titles, descriptions and speakers.
    """

    title: Title | None = None
    title_ja: OptionalTitle | None = None
    description: Description | None = None
    description_ja: Description | None = None
    format: Format | None = None
    capacity: Capacity | None = None
    language: Language | None = None
    venue: Venue | None = None
    online_url: Address | None = None
    speakers: Annotated[list[SpeakerBody], Field(max_length=SPEAKERS_MAX)] | None = None
    asks_contact_consent: bool | None = Field(default=None, description=CONSENT_DESCRIPTION)
    reminder_offsets: ReminderOffsets | None = None
    reminder_alarms: bool | None = Field(default=None, description=ALARMS_DESCRIPTION)
    answer_by: AnswerBy | None = Field(default=None, description=ANSWER_BY_DESCRIPTION)
    version: Version | None = None

    @field_validator(
        "title",
        "format",
        "language",
        "speakers",
        "asks_contact_consent",
        "reminder_offsets",
        "reminder_alarms",
    )
    @classmethod
    def _sent_means_not_null(cls, value: object) -> object:
        """A title, format, language or speaker list that is sent cannot be null."""
        if value is None:
            raise PydanticCustomError("missing", "missing")
        return value


class RescheduleBody(Body):
    """The body of ``POST /events/<id>/reschedule``."""

    start: Start
    timezone: Zone | None = None
    choice: Choice | None = None
    duration_minutes: Duration | None = None
    venue: Venue | None = None
    online_url: Address | None = None
    version: Version | None = None


class CounterSlotBody(SlotBody):
    """The body of ``POST /events/<id>/slots``: a candidate start, and the version."""

    version: Version | None = None


class AnswerBody(Body):
    """The body of ``PUT .../response``."""

    answer: one_of(ANSWERS)
    comment: Comment | None = None
    version: Version | None = None


class ConfirmBody(Body):
    """The body of ``POST /events/<id>/confirm``."""

    slot_id: whole_number(1, ID_MAX)
    version: Version | None = None


class VersionBody(Body):
    """The optional body of submit, publish and withdraw: the version, instead of If-Match."""

    version: Version | None = None


class ReasonBody(Body):
    """The optional body of a decline."""

    reason: Comment | None = None
    version: Version | None = None


class CancelBody(Body):
    """The optional body of a cancellation: the reason attendees read, in either language."""

    reason: Comment | None = None
    reason_ja: Comment | None = None
    version: Version | None = None


class CitiesBody(Body):
    """The body of ``PUT /events/<id>/cities``: every city the event is to be shown in.

    Zones left out of the co-hosts' office and audience zones are hidden; zones beyond
    them are added. Working hours are still checked in the offices only.
    """

    cities: Annotated[
        list[required_text(ZONE_NAME_MAX)],
        Field(
            min_length=1,
            max_length=SHOWN_CITIES_MAX,
            examples=[["Asia/Tokyo", "Europe/Copenhagen", "America/Sao_Paulo"]],
        ),
    ]
    version: Version | None = None


class EventQuery(Query):
    """The query parameters of ``GET /events``."""

    status: parameter_list("Comma-separated states, e.g. proposed,confirmed.", one_of(STATUSES))
    org: parameter("Only events this organization hosts or co-hosts.")


def slot_input(body: SlotBody | CounterSlotBody | RescheduleBody) -> SlotInput:
    """A typed candidate start."""
    return SlotInput(start=body.start, timezone=body.timezone, choice=body.choice)


def proposal_input(body: NewEvent) -> ProposalInput:
    """The service's input for ``POST /events``."""
    return ProposalInput(
        title_en=body.title,
        title_ja=body.title_ja,
        description_en=body.description or "",
        description_ja=body.description_ja,
        format=EventFormat(body.format),
        cohost_slugs=body.cohosts,
        duration_minutes=body.duration_minutes,
        slots=[slot_input(slot) for slot in body.slots],
        planning_timezone=body.planning_timezone,
        online_url=body.online_url,
        venue=body.venue,
        capacity=body.capacity,
        language=body.language or "en",
        speakers=[
            SpeakerInput(
                name=speaker.name, affiliation=speaker.affiliation or "", timezone=speaker.timezone
            )
            for speaker in body.speakers or []
        ],
        submit=True if body.submit is None else body.submit,
        asks_contact_consent=bool(body.asks_contact_consent),
        answer_by=body.answer_by,
    )


# The API's names for the editable fields, where they differ from the operations'.
_PATCH_FIELDS = {"title": "title_en", "description": "description_en"}


def public_conflict(error: EditConflict) -> EditConflict:
    """The same conflict, its fields and values named as the API names them."""
    public = {internal: name for name, internal in _PATCH_FIELDS.items()}

    def shown(field: str, value: object) -> object:
        if field == "speakers" and isinstance(value, list):
            return [
                dict(zip(("name", "affiliation", "timezone"), row, strict=True)) for row in value
            ]
        return value

    def item(field: str, values: dict) -> dict:
        return {"field": public.get(field, field)} | {
            key: shown(field, values[key]) for key in ("base", "theirs", "yours")
        }

    details = dict(error.details)
    details["conflicts"] = [item(c["field"], c) for c in error.details["conflicts"]]
    details["changes"] = {
        public.get(field, field): shown(field, value)
        for field, value in error.details["changes"].items()
    }
    return EditConflict(error.message, details=details)


def stated_details(body: EventPatch) -> dict[str, object]:
    """The fields ``body`` sent, named and shaped as ``editing.update_event_details`` takes."""
    stated: dict[str, object] = {}
    for name in body.model_fields_set - {"version"}:
        value = getattr(body, name)
        if name == "speakers":
            value = [[s.name, s.affiliation or "", s.timezone] for s in value]
        stated[_PATCH_FIELDS.get(name, name)] = value
    return stated


def reschedule_input(body: RescheduleBody) -> RescheduleInput:
    """The service's input for ``POST /events/<id>/reschedule``.

    A venue or link not sent stays as it is; one sent as ``null`` is removed.
    """
    sent = body.model_fields_set
    return RescheduleInput(
        start=body.start,
        timezone=body.timezone,
        choice=body.choice,
        duration_minutes=body.duration_minutes,
        venue=(body.venue or "") if "venue" in sent else None,
        online_url=(body.online_url or "") if "online_url" in sent else None,
    )


def cancellation_reason(body: CancelBody) -> CancellationReason:
    """The reason of ``POST /events/<id>/cancel``, in both languages."""
    return CancellationReason(en=body.reason or "", ja=body.reason_ja or "")
