"""``GET /api/v1/overlap``: shared working hours, day flags and suggested times.

Query parameters:

* ``orgs``: comma-separated organization slugs, **or** ``zones``: comma-separated IANA
  zone names (exactly one of the two). The first one sets the reference zone: days
  follow its calendar. Zones have no country, so only organizations get public
  holidays flagged; zones work 09:00-18:00 unless ``hours`` says otherwise.
* ``from``, ``to``: the first and last day, ``YYYY-MM-DD``, at most 366 days.
* ``duration``: minutes, 1 to 1440, for the suggestions (default 60).
* ``hours``: ``HH:MM-HH:MM`` applied to every participant (overrides organizations' own).

Instants are ISO 8601 UTC with ``Z``; local times are ISO 8601 with their offset. A bad
parameter answers 400 with ``{"error": {"code", "message", "field"}}`` naming it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from flask import jsonify
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.openapi import PUBLIC, operation
from planner.api.shapes import Answer, Query, UtcInstant, parameter, parameter_list, trimmed
from planner.find_a_time.service import (
    ClockChange,
    LocalSpan,
    PlannedDay,
    SharedTimePlan,
    Suggestion,
    find_shared_time,
)
from planner.limits import SUGGESTION_MINUTES_DEFAULT
from planner.presentation import utc_instant_text

_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE_NUMBER_PATTERN = re.compile(r"^\d{1,9}$")


def _day(value: Any) -> Any:
    """A YYYY-MM-DD parameter as a date (blank stays ``None``, refused as missing)."""
    value = trimmed(value)
    if value is None:
        return None
    try:
        if not _DATE_PATTERN.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError("invalid_date", "invalid_date") from error


def _minutes(value: Any) -> Any:
    """The duration as a whole number of minutes (range checked by the service)."""
    value = trimmed(value)
    if value is None:
        return SUGGESTION_MINUTES_DEFAULT
    if not _WHOLE_NUMBER_PATTERN.match(value):
        raise PydanticCustomError("invalid_duration", "invalid_duration")
    return int(value)


class OverlapQuery(Query):
    """The query parameters of ``GET /overlap``."""

    orgs: parameter_list("Comma-separated organization slugs.")
    zones: parameter_list("Comma-separated IANA zones (instead of orgs).")
    first: Annotated[date, BeforeValidator(_day)] = Field(
        alias="from", description="First day, YYYY-MM-DD."
    )
    last: Annotated[date, BeforeValidator(_day)] = Field(
        alias="to", description="Last day, YYYY-MM-DD."
    )
    duration: Annotated[int, BeforeValidator(_minutes)] = Field(
        default=SUGGESTION_MINUTES_DEFAULT,
        description="Minutes, for the suggestions (default 60).",
    )
    hours: parameter("HH:MM-HH:MM applied to everyone.")


class LocalSpanAnswer(Answer):
    """An interval in one zone."""

    timezone: str
    city: str
    start: str
    end: str
    start_abbreviation: str | None
    end_abbreviation: str | None


class Window(Answer):
    """A shared working window."""

    start_utc: UtcInstant
    end_utc: UtcInstant
    minutes: int
    local: list[LocalSpanAnswer]


class HolidayAnswer(Answer):
    """A public holiday of one participant."""

    participant: str
    country: str | None
    name: str


class ClockChangeAnswer(Answer):
    """An offset change in one zone."""

    timezone: str
    at_utc: UtcInstant
    offset_before: str
    offset_after: str


class DayFlags(Answer):
    """What is special about a day."""

    weekend_for: list[str]
    holidays: list[HolidayAnswer]
    offset_change: bool
    offset_changes: list[ClockChangeAnswer]


class Day(Answer):
    """One reference day."""

    date: str
    windows: list[Window]
    flags: DayFlags
    offsets: dict[str, str]


class ReasonAnswer(Answer):
    """Why a time is suggested; ``points`` is what it added to or took from the score."""

    code: str
    params: dict[str, Any]
    points: float


class SuggestionAnswer(Answer):
    """A suggested slot."""

    start_utc: UtcInstant
    end_utc: UtcInstant
    local: list[LocalSpanAnswer]
    score: float
    reasons: list[ReasonAnswer]


class Participant(Answer):
    """An organization or a zone taking part."""

    key: str
    name: str | None
    timezone: str
    city: str
    working_hours: str
    country: str | None


class Overlap(Answer):
    """Shared working hours per day, day flags and suggested times.

    The flags mark weekends, public holidays and clock changes.
    """

    first: str = Field(alias="from")
    last: str = Field(alias="to")
    duration_minutes: int
    reference_zone: str | None
    participants: list[Participant]
    days: list[Day]
    suggestions: list[SuggestionAnswer]


@bp.get("/overlap")
@operation(
    "findOverlap",
    (200, Overlap, "The plan"),
    "400 422",
    security=PUBLIC,
    query=OverlapQuery,
)
def overlap(query: OverlapQuery) -> Response:
    """Shared working hours, day flags and suggested times."""
    plan = find_shared_time(
        query.first,
        query.last,
        org_slugs=query.orgs,
        zone_names=query.zones,
        duration_minutes=query.duration,
        hours=query.hours,
    )
    return jsonify(plan_json(plan))


def _utc(moment: datetime) -> str:
    """An instant as ISO 8601 UTC with Z: 2026-03-27T08:00:00Z."""
    return utc_instant_text(moment)


def _local_json(span: LocalSpan) -> dict[str, Any]:
    """An interval in one zone."""
    return {
        "timezone": span.zone_name,
        "city": span.city,
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "start_abbreviation": span.start.tzname(),
        "end_abbreviation": span.end.tzname(),
    }


def _clock_change_json(change: ClockChange) -> dict[str, Any]:
    """An offset change in one zone."""
    return {
        "timezone": change.zone_name,
        "at_utc": _utc(change.at_utc),
        "offset_before": change.offset_before,
        "offset_after": change.offset_after,
    }


def _day_json(day: PlannedDay) -> dict[str, Any]:
    """One reference day: its shared windows and flags."""
    return {
        "date": day.date.isoformat(),
        "windows": [
            {
                "start_utc": _utc(window.start_utc),
                "end_utc": _utc(window.end_utc),
                "minutes": window.minutes,
                "local": [_local_json(span) for span in window.local],
            }
            for window in day.windows
        ],
        "flags": {
            "weekend_for": day.weekend_for,
            "holidays": [
                {"participant": h.participant_key, "country": h.country, "name": h.name}
                for h in day.holidays
            ],
            "offset_change": day.offset_change,
            "offset_changes": [_clock_change_json(change) for change in day.clock_changes],
        },
        "offsets": day.offsets,
    }


def _suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """One suggested slot, best first in the list."""
    return {
        "start_utc": _utc(suggestion.start_utc),
        "end_utc": _utc(suggestion.end_utc),
        "local": [_local_json(span) for span in suggestion.local],
        "score": suggestion.score,
        "reasons": [
            {"code": r.code, "params": r.params, "points": r.points} for r in suggestion.reasons
        ],
    }


def plan_json(plan: SharedTimePlan) -> dict[str, Any]:
    """The whole answer of ``GET /api/v1/overlap``."""
    return {
        "from": plan.first.isoformat(),
        "to": plan.last.isoformat(),
        "duration_minutes": plan.duration_minutes,
        "reference_zone": plan.reference_zone,
        "participants": [
            {
                "key": p.key,
                "name": p.name_en,
                "timezone": p.zone_name,
                "city": p.city,
                "working_hours": f"{p.work_start:%H:%M}-{p.work_end:%H:%M}",
                "country": p.country,
            }
            for p in plan.participants
        ],
        "days": [_day_json(day) for day in plan.days],
        "suggestions": [_suggestion_json(suggestion) for suggestion in plan.suggestions],
    }
