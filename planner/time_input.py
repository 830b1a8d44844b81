"""Turning typed times into UTC instants, with errors people can act on.

Every wall-clock time a person types goes through ``resolve_start``, which uses the
strict core in ``planner.core.timezones``: a time that does not exist (the spring-forward
gap) or happens twice (the autumn fall-back hour) is refused, never guessed, and the
error names the way out (the nearest valid times, or the two offsets to choose from).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from flask_babel import gettext as _

from planner import presentation
from planner.core import timezones
from planner.errors import TimeProblem, ValidationFailed
from planner.limits import PLANNABLE_YEARS, TIME_STEP_MINUTES, ZONE_NAME_MAX
from planner.models import utc_now


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


def nearest_valid_on_step(error: timezones.NonexistentLocalTimeError) -> tuple[datetime, datetime]:
    """The valid wall times nearest a gap that a time input with our step accepts.

    The core offers the last minute before the jump (01:59) and the jump's end (03:00);
    our datetime inputs move in steps of ``TIME_STEP_MINUTES`` (step=300), where 01:59
    cannot be typed, so the earlier one goes back to the last step before the gap
    (01:55) and the later one forward to the first step from its end (03:00; 02:30
    after Lord Howe's half-hour jump).
    """
    step = timedelta(minutes=TIME_STEP_MINUTES)
    midnight = error.gap_start.replace(hour=0, minute=0, second=0, microsecond=0)
    before = midnight + (error.nearest_valid_local[0] - midnight) // step * step
    after = midnight - (midnight - error.gap_end) // step * step
    return before, after


def _choice_text(choice: timezones.OffsetChoice, zone_names: Sequence[str]) -> str:
    """One reading of a twice-happening time, in every involved city (else in UTC)."""
    if not zone_names:
        return f"{choice.offset} ({choice.abbreviation}, {choice.utc:%H:%M} UTC)"
    shown = presentation.moment(choice.utc, zone_names)
    cities = presentation.list_names(
        [_city_text(city) for city in shown.cities], presentation.current_locale()
    )
    return f"{choice.offset} ({choice.abbreviation}: {cities})"


def _city_text(city: presentation.CityTime) -> str:
    """One city's clock ("Tokyo 09:30 JST"), with the date when it is not the first city's."""
    text = f"{city.city} {city.time_text} {city.abbreviation}"
    return f"{text} ({city.short_date_text})" if city.day_shift else text


def describe_time_error(error: timezones.TimeZoneError, zone_names: Sequence[str] = ()) -> str:
    """Explain a time-zone error in the interface language, in plain words.

    ``zone_names`` are the cities involved (the entry zone first): the two readings of
    a twice-happening time are shown in each of them, since "00:30 UTC" is not how an
    organizer in Tokyo or Copenhagen tells them apart.
    """
    if isinstance(error, timezones.NonexistentLocalTimeError):
        before, after = nearest_valid_on_step(error)
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
        zones = _with_entry_zone(error.zone_name, zone_names)
        choices = _(" or ").join(_choice_text(choice, zones) for choice in error.choices)
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


def _with_entry_zone(zone_name: str, zone_names: Sequence[str]) -> list[str]:
    """The involved zones with the one the time was typed in first, without repeats."""
    return list(dict.fromkeys([zone_name, *zone_names])) if zone_names else []


def _choice_details(choice: timezones.OffsetChoice, zone_names: Sequence[str]) -> dict:
    """One reading for the API and the form's radio buttons, with each city's clock."""
    cities = presentation.moment(choice.utc, zone_names).cities if zone_names else []
    return {
        "offset": choice.offset,
        "abbreviation": choice.abbreviation,
        "utc": choice.utc.isoformat().replace("+00:00", "Z"),
        "cities": [
            {
                "zone": city.zone_name,
                "city": city.city,
                "local": city.iso,
                "text": _city_text(city),
            }
            for city in cities
        ],
    }


def time_problem(
    error: timezones.TimeZoneError, field: str, zone_names: Sequence[str] = ()
) -> TimeProblem:
    """Wrap a core error as a 422 domain error, with the choices when ambiguous."""
    details: dict = {"reason": error.code}
    if isinstance(error, timezones.AmbiguousLocalTimeError):
        zones = _with_entry_zone(error.zone_name, zone_names)
        details["choices"] = [_choice_details(choice, zones) for choice in error.choices]
    if isinstance(error, timezones.NonexistentLocalTimeError):
        details["nearest_valid_local"] = [
            moment.isoformat(timespec="minutes") for moment in nearest_valid_on_step(error)
        ]
    message = describe_time_error(error, zone_names)
    return TimeProblem(message, field=field, code=error.code, details=details)


def past_time_message() -> str:
    """The one sentence for a time (slot, new start, deadline) that has already passed."""
    return _("That time has already passed. Choose a time still to come.")


def require_future(instant: datetime, field: str, now: datetime | None = None) -> datetime:
    """Return ``instant`` unless it is not after ``now`` (the clock's ``utc_now``).

    One rule for every time that plans something ahead: a candidate slot, a counter-
    slot, a new start and a registration deadline. ``now`` is there for tests.
    """
    if instant <= (now or utc_now()):
        raise TimeProblem(past_time_message(), field=field, code="in_the_past")
    return instant


def resolve_start(
    text: str,
    zone_name: str | None,
    choice: str | None,
    field: str,
    zone_names: Sequence[str] = (),
) -> datetime:
    """Return the UTC instant of a typed start time, or raise ``TimeProblem`` for ``field``.

    ``zone_names`` are the involved cities, in which the readings of an ambiguous time
    are described.
    """
    try:
        instant = timezones.parse_local_or_offset(text, zone_name, choice or None)
    except timezones.TimeZoneError as error:
        raise time_problem(error, field, zone_names) from error
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
