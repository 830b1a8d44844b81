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
from datetime import UTC, date, datetime
from typing import Any

from flask import jsonify
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.requests import query_parameter
from planner.errors import ValidationFailed
from planner.find_a_time.service import (
    SUGGESTION_MINUTES_DEFAULT,
    ClockChange,
    LocalSpan,
    PlannedDay,
    SharedTimePlan,
    Suggestion,
    find_shared_time,
)

_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE_NUMBER_PATTERN = re.compile(r"^\d{1,9}$")


@bp.get("/overlap")
def overlap() -> Response:
    """Answer when the given organizations' (or zones') working hours overlap."""
    first, last = _date_parameter("from"), _date_parameter("to")
    plan = find_shared_time(
        first,
        last,
        org_slugs=_list_parameter("orgs"),
        zone_names=_list_parameter("zones"),
        duration_minutes=_duration_parameter(),
        hours=query_parameter("hours"),
    )
    return jsonify(plan_json(plan))


def _list_parameter(name: str) -> list[str]:
    """A comma-separated parameter as a list (empty when absent)."""
    value = query_parameter(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else []


def _date_parameter(name: str) -> date:
    """A required YYYY-MM-DD parameter."""
    value = query_parameter(name, required=True) or ""
    try:
        if not _DATE_PATTERN.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationFailed(
            _("%(name)s must be a date written YYYY-MM-DD, such as 2026-03-27.", name=name),
            field=name,
            code="invalid_date",
        ) from error


def _duration_parameter() -> int:
    """The optional duration as a whole number of minutes (range checked by the service)."""
    value = query_parameter("duration")
    if value is None:
        return SUGGESTION_MINUTES_DEFAULT
    if not _WHOLE_NUMBER_PATTERN.match(value):
        raise ValidationFailed(
            _("duration must be a whole number of minutes, such as 60."),
            field="duration",
            code="invalid_duration",
        )
    return int(value)


def _utc(moment: datetime) -> str:
    """An instant as ISO 8601 UTC with Z: 2026-03-27T08:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        "reasons": [{"code": r.code, "params": r.params} for r in suggestion.reasons],
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
