"""What can be wrong with a typed time, said in words a person can act on.

Pure module. The errors of :mod:`planner.core.timezones` (which re-exports them):
an unknown zone, a wall time inside a spring-forward gap, a wall time inside an
autumn fold; messages are locale-free English (the web and API layers translate
by ``code``), with clock times and dates written the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def day_text(day: date) -> str:
    """Return "29 Mar 2026", locale-free (strftime would follow the OS locale)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def clock_text(moment: datetime, reference_day: date | None = None) -> str:
    """Return "02:30" (seconds if any), plus the date when it is not ``reference_day``."""
    text = f"{moment:%H:%M:%S}" if moment.second or moment.microsecond else f"{moment:%H:%M}"
    if reference_day is not None and moment.date() != reference_day:
        text += f" on {day_text(moment.date())}"
    return text


class TimeZoneError(ValueError):
    """Base of every error raised here; ``code`` is machine-readable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class UnknownTimeZoneError(TimeZoneError):
    """The name is not an IANA time-zone name known to pytz."""

    def __init__(self, zone_name: str, suggestion: str | None = None) -> None:
        self.zone_name = zone_name
        self.suggestion = suggestion
        if not zone_name:
            message = "No time zone given; expected an IANA name like Asia/Tokyo."
        else:
            message = f'Unknown time zone "{zone_name}".'
            if suggestion:
                message += f" Did you mean {suggestion}?"
            else:
                message += " Expected an IANA name like Asia/Tokyo."
        super().__init__("unknown_timezone", message)


@dataclass(frozen=True)
class OffsetChoice:
    """One possible reading of a local wall time: its offset and UTC instant."""

    offset: str
    abbreviation: str
    utc: datetime


class NonexistentLocalTimeError(TimeZoneError):
    """The wall time falls in a gap: clocks jumped over it.

    ``gap_start``/``gap_end`` are the naive wall times bounding the gap
    (02:00 and 03:00 in Copenhagen each March). ``transition_utc`` is the
    instant of the jump. ``after`` is the first valid instant, i.e. the jump
    itself, shown as ``gap_end`` in the new offset (03:00 CEST == 01:00 UTC).
    ``before`` is one minute earlier, the last whole minute shown in the old
    offset (01:59 CET == 00:59 UTC): the bare gap start (02:00 CET) would be
    the same instant as ``after``, which is useless as an alternative.
    ``nearest_valid_local`` is those two instants as naive wall times, ready
    to offer to the user.
    """

    def __init__(
        self,
        zone_name: str,
        local: datetime,
        before: OffsetChoice,
        after: OffsetChoice,
        gap_start: datetime,
        gap_end: datetime,
    ) -> None:
        self.zone_name = zone_name
        self.local = local
        self.gap_start = gap_start
        self.gap_end = gap_end
        self.transition_utc = after.utc
        self.before = before.utc
        self.after = after.utc
        # before.utc is one minute before the jump, still in the old offset.
        self.nearest_valid_local = (gap_start - timedelta(minutes=1), gap_end)
        day = local.date()
        message = (
            f"{clock_text(local)} does not exist in {zone_name} on {day_text(day)}: "
            f"clocks jump from {clock_text(gap_start, day)} to {clock_text(gap_end, day)}"
            f" ({before.abbreviation}→{after.abbreviation}). Nearest valid times:"
            f" {clock_text(self.nearest_valid_local[0], day)} {before.abbreviation}"
            f" or {clock_text(self.nearest_valid_local[1], day)} {after.abbreviation}."
        )
        super().__init__("nonexistent_local_time", message)


class AmbiguousLocalTimeError(TimeZoneError):
    """The wall time falls in a fold: it happens more than once.

    ``choices`` lists every reading, earliest UTC instant first; pass one's
    offset or abbreviation as ``choice`` to :func:`localize_strict`.
    ``rejected_choice`` is the caller's choice when it matched none (or, with
    equal abbreviations on both sides, several) of them.
    """

    def __init__(
        self,
        zone_name: str,
        local: datetime,
        choices: list[OffsetChoice],
        rejected_choice: str | None = None,
    ) -> None:
        self.zone_name = zone_name
        self.local = local
        self.choices = choices
        self.rejected_choice = rejected_choice
        options = " or ".join(
            f"{c.offset} {c.abbreviation} ({clock_text(c.utc)} UTC)" for c in choices
        )
        count = "twice" if len(choices) == 2 else f"{len(choices)} times"
        message = (
            f"{clock_text(local)} occurs {count} in {zone_name} on"
            f" {day_text(local.date())} (clocks go back from {choices[0].abbreviation}"
            f" to {choices[-1].abbreviation}): choose {options}."
        )
        if rejected_choice is not None:
            message = f'"{rejected_choice}" does not pick out one of them. ' + message
        super().__init__("ambiguous_local_time", message)
