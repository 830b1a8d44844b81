"""Turning typed times into UTC instants, with errors people can act on.

Every wall-clock time a person types goes through ``resolve_start``, which uses the
strict core in ``planner.core.timezones``: a time that does not exist (the spring-forward
gap) or happens twice (the autumn fall-back hour) is refused, never guessed, and the
error names the way out (the nearest valid times, or the two offsets to choose from).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from planner.core import timezones
from planner.errors import TimeProblem, ValidationFailed
from planner.limits import PLANNABLE_YEARS, ZONE_NAME_MAX


def unknown_zone_message(zone_name: str) -> str:
    """The one sentence for a zone name the tz database does not know."""
    return _(
        "%(zone)s is not a known time zone. Use an IANA name such as Asia/Tokyo.", zone=zone_name
    )


def require_known_zone(zone_name: str, field: str) -> None:
    """Raise a 400 naming ``field`` unless ``zone_name`` is a zone of the tz database."""
    if not timezones.is_valid_zone(zone_name):
        raise ValidationFailed(
            unknown_zone_message(zone_name[:ZONE_NAME_MAX]), field=field, code="unknown_timezone"
        )


def describe_time_error(error: timezones.TimeZoneError) -> str:
    """Explain a time-zone error in the interface language, in plain words."""
    if isinstance(error, timezones.NonexistentLocalTimeError):
        before, after = error.nearest_valid_local
        return _(
            "%(time)s does not exist in %(zone)s: that night the clocks jump from "
            "%(gap_start)s to %(gap_end)s. Choose %(before)s or %(after)s instead.",
            time=error.local.strftime("%Y-%m-%d %H:%M"),
            zone=error.zone_name,
            gap_start=error.gap_start.strftime("%H:%M"),
            gap_end=error.gap_end.strftime("%H:%M"),
            before=before.strftime("%H:%M"),
            after=after.strftime("%H:%M"),
        )
    if isinstance(error, timezones.AmbiguousLocalTimeError):
        choices = _(" or ").join(
            f"{choice.offset} ({choice.abbreviation}, {choice.utc:%H:%M} UTC)"
            for choice in error.choices
        )
        return _(
            "%(time)s happens twice in %(zone)s because the clocks go back that night. "
            "Say which one you mean: %(choices)s.",
            time=error.local.strftime("%Y-%m-%d %H:%M"),
            zone=error.zone_name,
            choices=choices,
        )
    if isinstance(error, timezones.UnknownTimeZoneError):
        if error.suggestion:
            return _(
                "%(zone)s is not a time zone. Did you mean %(suggestion)s?",
                zone=error.zone_name,
                suggestion=error.suggestion,
            )
        return unknown_zone_message(error.zone_name or "—")
    if error.code == "invalid_datetime":
        return _("That is not a date and time. Use the form 2026-03-27T17:00.")
    if error.code == "zone_required":
        return _("Choose the time zone this time is typed in.")
    return str(error)


def time_problem(error: timezones.TimeZoneError, field: str) -> TimeProblem:
    """Wrap a core error as a 422 domain error, with the choices when ambiguous."""
    details: dict = {"reason": error.code}
    if isinstance(error, timezones.AmbiguousLocalTimeError):
        details["choices"] = [
            {
                "offset": choice.offset,
                "abbreviation": choice.abbreviation,
                "utc": choice.utc.isoformat().replace("+00:00", "Z"),
            }
            for choice in error.choices
        ]
    if isinstance(error, timezones.NonexistentLocalTimeError):
        details["nearest_valid_local"] = [
            moment.isoformat(timespec="minutes") for moment in error.nearest_valid_local
        ]
    return TimeProblem(describe_time_error(error), field=field, code=error.code, details=details)


def resolve_start(text: str, zone_name: str | None, choice: str | None, field: str) -> datetime:
    """Return the UTC instant of a typed start time, or raise ``TimeProblem`` for ``field``."""
    try:
        instant = timezones.parse_local_or_offset(text, zone_name, choice or None)
    except timezones.TimeZoneError as error:
        raise time_problem(error, field) from error
    if not PLANNABLE_YEARS[0] <= instant.year <= PLANNABLE_YEARS[1]:
        raise TimeProblem(
            _(
                "Choose a date between %(first)d and %(last)d.",
                first=PLANNABLE_YEARS[0],
                last=PLANNABLE_YEARS[1],
            ),
            field=field,
            code="out_of_range",
        )
    return instant


def require_zone(zone_name: str, field: str) -> str:
    """Return the canonical IANA name of ``zone_name`` or raise ``TimeProblem``."""
    try:
        return timezones.get_zone(zone_name).zone
    except timezones.TimeZoneError as error:
        raise time_problem(error, field) from error
