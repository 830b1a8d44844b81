"""Flags on a time being planned, as words: weekend, public holiday, clock change, hours.

Every planning view (the proposal's live preview, the answer matrix, the confirmed
event page, the reschedule page) takes its flags from
:func:`planner.core.time_flags.time_flags`, the same core function Find a time ranks
its suggestions with, and its words from :mod:`planner.labels`.

Organizations are checked at their office zone, country and working hours; their
audience zones are shown on time cards but never checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import get_locale

from planner.core.overlap import Participant, WorkingHours
from planner.core.time_flags import time_flags
from planner.labels import clock_change_text, holiday_text, outside_hours_text, weekend_text
from planner.models import Organization
from planner.presentation import city_name, current_locale, list_names


@dataclass(frozen=True)
class FlagNote:
    """One thing to know about a time: ``kind`` for styling, ``text`` to read."""

    kind: str  # "weekend", "holiday", "change" or "hours"
    text: str


def participants(organizations: Sequence[Organization]) -> list[Participant]:
    """The organizations as the core sees them: office zone, hours and country."""
    unique = list({org.slug: org for org in organizations}.values())
    return [
        Participant(org.slug, org.timezone, WorkingHours(org.work_start, org.work_end), org.country)
        for org in unique
    ]


def flag_notes(
    organizations: Sequence[Organization], start_utc: datetime, end_utc: datetime
) -> list[FlagNote]:
    """What the organizers should know about this start and end, in reading order."""
    if not organizations:
        return []
    locale = current_locale()
    by_slug = {org.slug: org for org in organizations}
    flags = time_flags(participants(organizations), start_utc, end_utc)
    notes = []
    if flags.weekend_for:
        places = dict.fromkeys(
            city_name(by_slug[key].timezone, locale) for key in flags.weekend_for
        )
        notes.append(FlagNote("weekend", str(weekend_text(list_names(list(places), locale)))))
    territories = get_locale().territories if get_locale() else {}
    for country, name in dict.fromkeys((h.country, h.name) for h in flags.holidays):
        notes.append(
            FlagNote("holiday", str(holiday_text(territories.get(country, country), name)))
        )
    for change in flags.clock_changes:
        text = clock_change_text(
            city_name(change.zone_name, locale), change.offset_before, change.offset_after
        )
        notes.append(FlagNote("change", str(text)))
    if flags.outside_hours_for:
        names = [by_slug[key].display_name(locale) for key in flags.outside_hours_for]
        notes.append(FlagNote("hours", str(outside_hours_text(list_names(names, locale)))))
    return notes
