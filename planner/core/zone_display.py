"""One instant in several zones: the cities an event is shown in, side by side.

Pure module, built on :mod:`planner.core.timezones`. Pages and emails meant for
attendees, who have no zone of their own, show every time in the two cities the
events are made for, Tokyo (no DST) and Copenhagen (DST): ``PUBLIC_DISPLAY_ZONES``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from planner.core.timezones import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    TimeZoneError,
    clock_text,
    format_offset,
    get_zone,
    to_local,
    zone_city,
)

TOKYO = "Asia/Tokyo"
COPENHAGEN = "Europe/Copenhagen"
PUBLIC_DISPLAY_ZONES = (TOKYO, COPENHAGEN)


@dataclass(frozen=True)
class ZoneTime:
    """One instant as seen in one zone, relative to the first zone listed."""

    zone_name: str
    city: str
    local: datetime
    abbreviation: str
    offset: str
    date_differs: bool
    day_shift: int  # local date minus the first zone's date; -1/0/+1, ±2 only across the date line


def times_in_zones(instant: datetime, zone_names: Sequence[str]) -> list[ZoneTime]:
    """Show one instant in several zones; repeated zone names are dropped, order kept."""
    canonical_names = list(dict.fromkeys(get_zone(name).zone for name in zone_names))
    if not canonical_names:
        raise TimeZoneError("no_zones", "At least one time zone is needed.")
    locals_ = [to_local(instant, name) for name in canonical_names]
    reference_date = locals_[0].date()
    return [
        ZoneTime(
            zone_name=name,
            city=zone_city(name),
            local=local,
            abbreviation=local.tzname(),
            offset=format_offset(local.utcoffset()),
            date_differs=local.date() != reference_date,
            day_shift=(local.date() - reference_date).days,
        )
        for name, local in zip(canonical_names, locals_, strict=True)
    ]


def format_in_zones(instant: datetime, zone_names: Sequence[str]) -> str:
    """Render an instant in several zones as one English line.

    The first zone gives the full date; later zones show only a time unless
    their date differs, in which case they show their own weekday and date
    (year too when it differs) and a "(−1 day)"/"(+1 day)" mark:
    "Fri 27 Mar 2026 · 07:00 JST Tokyo · Thu 26 Mar 23:00 CET Copenhagen (−1 day)".
    Numeric abbreviations such as "+03" are shown as "UTC+03:00", as on the pages.
    """
    zone_times = times_in_zones(instant, zone_names)
    first = zone_times[0]
    parts = [_weekday_date(first.local, with_year=True) + " · " + _zone_label(first)]
    for zone_time in zone_times[1:]:
        label = _zone_label(zone_time)
        if zone_time.date_differs:
            shown_date = _weekday_date(zone_time.local, zone_time.local.year != first.local.year)
            shift = zone_time.day_shift
            unit = "day" if abs(shift) == 1 else "days"
            label = f"{shown_date} {label} ({'−' if shift < 0 else '+'}{abs(shift)} {unit})"
        parts.append(label)
    return " · ".join(parts)


def _zone_label(zone_time: ZoneTime) -> str:
    """Return "17:00 JST Tokyo" for one zone."""
    abbreviation = zone_time.abbreviation
    if abbreviation[:1] in "+-":
        # Written as the pages write it (planner.presentation.zone_abbreviation).
        abbreviation = "UTC" + zone_time.offset
    label = f"{clock_text(zone_time.local)} {abbreviation}"
    return label if zone_time.city == abbreviation else f"{label} {zone_time.city}"


def _weekday_date(moment: datetime, with_year: bool) -> str:
    """Return "Fri 27 Mar 2026" (or "Fri 27 Mar" without the year), locale-free."""
    text = f"{WEEKDAY_NAMES[moment.weekday()]} {moment.day} {MONTH_NAMES[moment.month - 1]}"
    return f"{text} {moment.year}" if with_year else text
