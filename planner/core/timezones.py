"""Time-zone core: strict local-time resolution, offsets and clock changes.

Showing one instant in several zones is :mod:`planner.core.zone_display`.

Pure module (standard library and pytz only). Inside the app every instant is
an aware UTC ``datetime``; local wall-clock times exist only at the edges
(forms, API input, display), and every conversion between the two goes
through here.

DST policy, in one place:

* A wall time typed by a user is never resolved silently. A time inside a
  spring-forward gap raises :class:`NonexistentLocalTimeError`; a time inside
  an autumn fold raises :class:`AmbiguousLocalTimeError` unless the caller
  passes a ``choice`` (an offset or abbreviation) naming one occurrence.
* Recurring schedules (working hours) instead use
  :func:`first_instant_at_wall_time`, a documented lenient rule, because a
  daily 02:30 rule still has to happen on switch days.

Gaps and folds are found from pytz's own transition table rather than from
``tz.localize(is_dst=None)``: localize only probes the offsets in force one day
either side and filters by the DST flag, whereas scanning every offset near the
wall time and keeping those that round-trip is exact for 30-minute gaps
(Australia/Lord_Howe), midnight gaps (America/Havana), whole skipped days
(Pacific/Apia, 2011) and folds where both sides are "standard time".
"""

import difflib
import re
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache

import pytz

from planner.core.timezone_errors import (  # noqa: F401  (part of this module's interface)
    MONTH_NAMES,
    WEEKDAY_NAMES,
    AmbiguousLocalTimeError,
    NonexistentLocalTimeError,
    OffsetChoice,
    TimeZoneError,
    UnknownTimeZoneError,
    clock_text,
    day_text,
)

# Real offsets lie within -12:00..+14:00, so every wall time that could map to
# a given instant lies within a day of it; scanning one day either side of a
# wall time therefore sees every offset that could apply to it.
_OFFSET_SCAN = timedelta(days=1)
_OFFSET_PATTERN = re.compile(r"^([+-])(\d{2})(?::?(\d{2}))?$")
_ABBREVIATION_PATTERN = re.compile(r"^[A-Za-z]{1,6}$")
_ISO_PATTERN = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})"
    r"(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
ISO_FORMAT_HINT = "YYYY-MM-DDTHH:MM[:SS][+HH:MM|Z], e.g. 2026-03-27T17:00"


def get_zone(name: str) -> tzinfo:
    """Return the pytz zone for an IANA name, or raise UnknownTimeZoneError.

    Surrounding whitespace is ignored; the match is case-sensitive so that
    stored names are canonical, but the error suggests the correctly spelled
    zone when one exists (case-insensitive match, same city, or close typo).
    """
    cleaned = name.strip() if isinstance(name, str) else ""
    if cleaned in pytz.all_timezones_set:
        return pytz.timezone(cleaned)
    raise UnknownTimeZoneError(cleaned, _suggest_zone(cleaned) if cleaned else None)


def is_valid_zone(name: str) -> bool:
    """Tell whether ``name`` is accepted by :func:`get_zone`."""
    return isinstance(name, str) and name.strip() in pytz.all_timezones_set


def zone_city(zone_name: str) -> str:
    """Return a zone's place name: "America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    return get_zone(zone_name).zone.rsplit("/", 1)[-1].replace("_", " ")


def _suggest_zone(name: str) -> str | None:
    """Find the zone the user probably meant, for the error message only."""
    folded = name.casefold().replace(" ", "_")
    exact_but_for_case = {zone.casefold(): zone for zone in pytz.all_timezones}
    if folded in exact_but_for_case:
        return exact_but_for_case[folded]
    by_folded_name = {zone.casefold(): zone for zone in pytz.common_timezones}
    for zone in pytz.common_timezones:
        if zone.rsplit("/", 1)[-1].casefold() == folded:
            return zone
    close = difflib.get_close_matches(folded, list(by_folded_name), n=1, cutoff=0.85)
    return by_folded_name[close[0]] if close else None


@cache
def _history(zone_name: str) -> tuple[list[datetime], list[tuple[timedelta, str]]]:
    """Return (naive UTC transition times, (offset, abbreviation) in force from each).

    Cached per zone because every conversion bisects it. Fixed-offset zones
    (UTC, Etc/GMT+5) have no table, so they get one entry valid from the
    beginning of time.
    """
    zone = get_zone(zone_name)
    times = getattr(zone, "_utc_transition_times", None)
    if times is None:
        return [datetime.min], [(zone.utcoffset(None), zone.tzname(None))]
    infos = [(offset, abbreviation) for offset, _dst, abbreviation in zone._transition_info]
    return times, infos


def _in_force(zone_name: str, utc_naive: datetime) -> tuple[timedelta, str]:
    """Return the (offset, abbreviation) in force at a naive UTC instant."""
    times, infos = _history(zone_name)
    return infos[max(0, bisect_right(times, utc_naive) - 1)]


def format_offset(offset: timedelta) -> str:
    """Format a UTC offset as "+09:00" / "-03:30" (seconds only if present)."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def _readings(zone_name: str, local: datetime) -> list[OffsetChoice]:
    """Return every UTC instant whose wall time in the zone is exactly ``local``.

    Empty in a gap, two (or more) in a fold, earliest first.
    """
    if not (datetime.min + 2 * _OFFSET_SCAN <= local <= datetime.max - 2 * _OFFSET_SCAN):
        raise TimeZoneError("invalid_datetime", f"{local} is outside the supported range.")
    times, infos = _history(zone_name)
    low = max(0, bisect_right(times, local - _OFFSET_SCAN) - 1)
    high = max(0, bisect_right(times, local + _OFFSET_SCAN) - 1)
    readings = []
    for offset in sorted({infos[index][0] for index in range(low, high + 1)}, reverse=True):
        utc_naive = local - offset
        in_force_offset, abbreviation = _in_force(zone_name, utc_naive)
        if in_force_offset == offset:
            utc = utc_naive.replace(tzinfo=UTC)
            readings.append(OffsetChoice(format_offset(offset), abbreviation, utc))
    return readings


def _gap_around(zone_name: str, local: datetime) -> NonexistentLocalTimeError:
    """Build the error for a wall time known to fall in a gap of the zone."""
    times, infos = _history(zone_name)
    low = max(1, bisect_right(times, local - _OFFSET_SCAN))
    for index in range(low, bisect_right(times, local + _OFFSET_SCAN)):
        old_offset, old_abbreviation = infos[index - 1]
        new_offset, new_abbreviation = infos[index]
        gap_start, gap_end = times[index] + old_offset, times[index] + new_offset
        if gap_start <= local < gap_end:
            jump = times[index].replace(tzinfo=UTC)
            last_minute = jump - timedelta(minutes=1)
            before = OffsetChoice(format_offset(old_offset), old_abbreviation, last_minute)
            after = OffsetChoice(format_offset(new_offset), new_abbreviation, jump)
            return NonexistentLocalTimeError(zone_name, local, before, after, gap_start, gap_end)
    # A wall time with no reading must sit inside some forward jump; reaching
    # here means the transition table itself is inconsistent.
    raise AssertionError(f"no gap found around {local} in {zone_name}")


def _offset_from_text(text: str) -> timedelta | None:
    """Read "+02:00", "+0200" or "+02" as an offset; None if not offset-shaped.

    Raises ValueError for offset-shaped text out of range (minutes >= 60,
    a day or more).
    """
    match = _OFFSET_PATTERN.match(text)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    if int(minutes or 0) >= 60:
        raise ValueError(f"offset minutes in {text} must be below 60")
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset >= timedelta(hours=24):
        raise ValueError(f"offset {text} must be less than a day")
    return -offset if sign == "-" else offset


def _parse_choice(choice: str) -> timedelta | str:
    """Turn a user's fold choice into an offset or an upper-case abbreviation."""
    try:
        offset = _offset_from_text(choice)
    except ValueError:
        offset = None  # out-of-range offsets fall through to the error below
    if offset is not None:
        return offset
    if _ABBREVIATION_PATTERN.match(choice):
        return choice.upper()
    raise TimeZoneError(
        "invalid_offset_choice",
        f'"{choice}" is neither a UTC offset like +02:00 nor an abbreviation like CEST.',
    )


def _choice_matches(wanted: timedelta | str, reading: OffsetChoice) -> bool:
    """Tell whether a parsed choice names this reading."""
    if isinstance(wanted, str):
        return reading.abbreviation.upper() == wanted
    return reading.offset == format_offset(wanted)


def localize_strict(local: datetime, zone_name: str, choice: str | None = None) -> datetime:
    """Convert a naive wall time in ``zone_name`` to an aware UTC datetime.

    Never guesses: a wall time in a gap raises NonexistentLocalTimeError; one
    in a fold raises AmbiguousLocalTimeError unless ``choice`` (an offset such
    as "+02:00", "+0200", "+02", or an abbreviation such as "CEST", any case)
    names one of its readings. A choice on an unambiguous time is accepted if
    it names the single valid offset and otherwise raises TimeZoneError
    "offset_mismatch", because a contradiction means the user meant another
    time. A blank choice counts as none (an untouched form field).
    """
    if local.tzinfo is not None:
        raise TimeZoneError("aware_datetime", "Expected a wall time without a time zone.")
    zone_name = get_zone(zone_name).zone
    wanted = _parse_choice(choice.strip()) if choice and choice.strip() else None
    readings = _readings(zone_name, local)
    if not readings:
        raise _gap_around(zone_name, local)
    if wanted is not None:
        matching = [reading for reading in readings if _choice_matches(wanted, reading)]
        if len(matching) == 1:
            return matching[0].utc
        if len(readings) == 1:
            only = readings[0]
            raise TimeZoneError(
                "offset_mismatch",
                f'"{choice}" does not apply to {clock_text(local)} on {day_text(local.date())} in'
                f" {zone_name}, which is {only.offset} {only.abbreviation}.",
            )
        raise AmbiguousLocalTimeError(zone_name, local, readings, choice)
    if len(readings) > 1:
        raise AmbiguousLocalTimeError(zone_name, local, readings)
    return readings[0].utc


def first_instant_at_wall_time(local: datetime, zone_name: str) -> datetime:
    """Return the first UTC instant at which the zone's clock reads ``local`` or later.

    The lenient rule for recurring schedules such as working hours, never for
    user-typed times: in a fold it takes the first occurrence (the clock shows
    it then), in a gap the moment of the jump (the clock skips straight past
    it, so that is when "02:30" has first been reached).
    """
    zone_name = get_zone(zone_name).zone
    readings = _readings(zone_name, local)
    if readings:
        return readings[0].utc
    return _gap_around(zone_name, local).after


def parse_local_or_offset(text: str, zone_name: str | None, choice: str | None = None) -> datetime:
    """Parse ISO 8601 text into an aware UTC datetime.

    "2026-03-27T17:00[:SS]" is a wall time in ``zone_name`` and is resolved
    with :func:`localize_strict` (so ``choice`` settles a fold). Text with an
    explicit offset ("+02:00", "Z") names an instant already, so it is
    accepted as is: no zone is needed and ``choice`` is ignored.
    """
    match = _ISO_PATTERN.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise TimeZoneError(
            "invalid_datetime", f'"{text}" is not a date and time; use {ISO_FORMAT_HINT}.'
        )
    year, month, day, hour, minute, second, fraction, offset_text = match.groups()
    try:
        offset = _parse_iso_offset(offset_text)
        parsed = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=offset,
        )  # fmt: skip
    except ValueError as error:
        raise TimeZoneError(
            "invalid_datetime",
            f'"{text}" is not a valid date and time ({error}); use {ISO_FORMAT_HINT}.',
        ) from error
    if offset is not None:
        try:
            return parsed.astimezone(UTC)
        except OverflowError as error:  # e.g. year 1 at +14:00 falls before year 1 in UTC
            raise TimeZoneError(
                "invalid_datetime", f'"{text}" is outside the range of dates this handles.'
            ) from error
    if zone_name is None or not zone_name.strip():
        raise TimeZoneError(
            "zone_required", f'"{text}" has no UTC offset, so a time zone is required.'
        )
    return localize_strict(parsed, zone_name, choice)


def _parse_iso_offset(offset_text: str | None) -> timezone | None:
    """Turn "Z", "+02:00", "+0200" or "+02" into a fixed offset; None if absent."""
    if offset_text is None:
        return None
    if offset_text in ("Z", "z"):
        return UTC
    return timezone(_offset_from_text(offset_text))


def to_local(instant: datetime, zone_name: str) -> datetime:
    """Express an aware instant as an aware wall time in ``zone_name``."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise TimeZoneError("naive_datetime", "Expected an aware datetime (UTC inside the app).")
    # pytz's fromutc (used by astimezone) picks the right offset for the instant.
    return instant.astimezone(get_zone(zone_name))


def offset_changes(zone_name: str, first: date, last: date) -> list[tuple[datetime, str, str]]:
    """List (UTC instant, offset before, offset after) for each offset change.

    Covers changes whose local date (the wall date just before the change)
    lies in ``first``..``last``. Transitions that only rename the abbreviation
    without moving the clock are left out: nothing about scheduling changes.
    """
    if last < first:
        raise TimeZoneError("invalid_range", f"The range ends ({last}) before it starts ({first}).")
    times, infos = _history(get_zone(zone_name).zone)
    start = datetime.combine(first, datetime.min.time()) - _OFFSET_SCAN
    stop = datetime.combine(last, datetime.min.time()) + 2 * _OFFSET_SCAN
    changes = []
    for index in range(max(1, bisect_right(times, start)), bisect_right(times, stop)):
        old_offset, new_offset = infos[index - 1][0], infos[index][0]
        if old_offset != new_offset and first <= (times[index] + old_offset).date() <= last:
            moment = times[index].replace(tzinfo=UTC)
            changes.append((moment, format_offset(old_offset), format_offset(new_offset)))
    return changes
