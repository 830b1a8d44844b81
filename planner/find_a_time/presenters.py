"""What the "Find a time" page draws: day bars, texts and links to a new proposal.

Bar segments are SVG x/width in minutes, since the Content-Security-Policy forbids
style attributes; every text is in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import urlencode

from babel.dates import format_skeleton
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from planner.core.suggestions import Reason
from planner.find_a_time.service import (
    CityDay,
    LocalSpan,
    PlannedDay,
    SharedTimePlan,
    Suggestion,
)

DAY_MINUTES = 24 * 60
# Decorative night shading on the bars, in local wall-clock minutes.
NIGHT_SEGMENTS = ((0, 6 * 60), (22 * 60, DAY_MINUTES))
TICK_HOURS = (6, 12, 18)


@dataclass(frozen=True)
class Segment:
    """One rectangle of a day bar: a CSS class suffix and its span in local minutes."""

    kind: str  # off, night, work, shared, tick, change
    x: int
    width: int


@dataclass(frozen=True)
class CityBar:
    """One city's local day in a row: what is drawn and the text that says the same."""

    city: str
    date_text: str | None  # the city's own date, when it differs from the row's
    hours_text: str
    shared_text: str
    segments: list[Segment]


@dataclass(frozen=True)
class DayRow:
    """One reference day: its label, marks (weekend, holidays, clock changes) and bars."""

    date_text: str
    iso_date: str
    marks: list[tuple[str, str]]  # (kind, text)
    bars: list[CityBar]


@dataclass(frozen=True)
class SuggestionItem:
    """A suggested time ready to show, with the link that proposes it."""

    date_text: str
    utc_text: str
    local_texts: list[str]
    reasons: list[str]
    score: str
    proposal_url: str


def plan_page(plan: SharedTimePlan, locale: str) -> dict:
    """Everything the template shows about a plan, as ready-made values."""
    names = {p.key: p.display_name(locale) for p in plan.participants}
    cities = {p.key: p.city for p in plan.participants}
    return {
        "participants": [
            {
                "name": p.display_name(locale),
                "place": f"{p.city} ({p.zone_name})",
                "hours": _hours_text(p.work_start, p.work_end),
            }
            for p in plan.participants
        ],
        "reference_city": plan.participants[0].city,
        "range_text": _(
            "%(first)s to %(last)s",
            first=_date(plan.first, locale, True),
            last=_date(plan.last, locale, True),
        ),
        "rows": [_day_row(day, cities, locale) for day in plan.days],
        "suggestions": [_suggestion_item(s, plan, names, locale) for s in plan.suggestions],
    }


def _date(day: date, locale: str, with_year: bool = False) -> str:
    """A short local-language date with its weekday: "Fri, Mar 27" / "3月27日(金)"."""
    return format_skeleton("yMMMEd" if with_year else "MMMEd", day, locale=locale)


def _hours_text(start: time, end: time) -> str:
    """Working hours as "09:00–18:00"."""
    return f"{start:%H:%M}–{end:%H:%M}"


def _span_text(span: LocalSpan) -> str:
    """A local interval as "17:00–18:00 JST" (both abbreviations if they differ)."""
    start_zone, end_zone = span.start.tzname(), span.end.tzname()
    if start_zone == end_zone:
        return f"{span.start:%H:%M}–{span.end:%H:%M} {start_zone}"
    return f"{span.start:%H:%M} {start_zone}–{span.end:%H:%M} {end_zone}"


def _minute_of(moment: datetime, local_date: date) -> int:
    """Wall-clock minutes from the start of ``local_date``, clipped to the day."""
    minutes = (moment.date() - local_date).days * DAY_MINUTES + moment.hour * 60 + moment.minute
    return max(0, min(DAY_MINUTES, minutes))


def _segments(city_day: CityDay) -> list[Segment]:
    """The rectangles of one city's bar, back to front."""
    segments = [Segment("off", 0, DAY_MINUTES)]
    segments += [Segment("night", start, end - start) for start, end in NIGHT_SEGMENTS]
    if city_day.work_start is not None and city_day.work_end is not None:
        start = city_day.work_start.hour * 60 + city_day.work_start.minute
        end = city_day.work_end.hour * 60 + city_day.work_end.minute
        segments.append(Segment("work", start, end - start))
    for span in city_day.shared:
        start = _minute_of(span.start.replace(tzinfo=None), city_day.local_date)
        end = _minute_of(span.end.replace(tzinfo=None), city_day.local_date)
        if end > start:
            segments.append(Segment("shared", start, end - start))
    segments += [Segment("tick", hour * 60 - 1, 2) for hour in TICK_HOURS]
    for change in city_day.clock_changes:
        low, high = sorted((change.wall_from, change.wall_to))
        start, end = _minute_of(low, city_day.local_date), _minute_of(high, city_day.local_date)
        if end > start:
            segments.append(Segment("change", start, end - start))
    return segments


def _clock_change_text(city: str, before: str, after: str) -> str:
    """'Clocks change in Copenhagen: UTC+01:00 → UTC+02:00'."""
    return _(
        "Clocks change in %(city)s: UTC%(before)s → UTC%(after)s",
        city=city,
        before=before,
        after=after,
    )


def _city_bar(city_day: CityDay, row_date: date, locale: str) -> CityBar:
    """One city's bar and its text."""
    if city_day.work_start is not None and city_day.work_end is not None:
        hours_text = _(
            "Working hours %(hours)s", hours=_hours_text(city_day.work_start, city_day.work_end)
        )
    else:
        hours_text = _("No common working hours")
    if city_day.shared:
        shared_text = _(
            "Shared: %(times)s", times=", ".join(_span_text(span) for span in city_day.shared)
        )
    else:
        shared_text = _("No shared working time")
    return CityBar(
        city=city_day.city,
        date_text=None if city_day.local_date == row_date else _date(city_day.local_date, locale),
        hours_text=hours_text,
        shared_text=shared_text,
        segments=_segments(city_day),
    )


def _day_row(day: PlannedDay, cities: dict[str, str], locale: str) -> DayRow:
    """One row of the day-by-day view."""
    marks = []
    if day.weekend_for:
        places = list(dict.fromkeys(cities[key] for key in day.weekend_for))
        marks.append(("weekend", _("Weekend in %(places)s", places=", ".join(places))))
    territories = get_locale().territories if get_locale() else {}
    for country, name in dict.fromkeys((h.country, h.name) for h in day.holidays):
        marks.append(
            (
                "holiday",
                _(
                    "Public holiday in %(country)s: %(name)s",
                    country=territories.get(country, country),
                    name=name,
                ),
            )
        )
    for change in day.clock_changes:
        marks.append(
            ("change", _clock_change_text(change.city, change.offset_before, change.offset_after))
        )
    return DayRow(
        date_text=_date(day.date, locale),
        iso_date=day.date.isoformat(),
        marks=marks,
        bars=[_city_bar(city_day, day.date, locale) for city_day in day.cities],
    )


def _reason_text(reason: Reason, names: dict[str, str], cities: dict[str, str]) -> str:
    """Explain one reason the core gave for a suggestion's score."""
    params = reason.params
    who = names.get(params.get("participant", ""), params.get("participant", ""))
    minutes = params.get("minutes", "0")
    if reason.code == "inside_working_hours":
        return _("Inside everyone's working hours.")
    if reason.code == "early_for":
        if minutes == "0":
            return _("Starts just as the working day begins for %(who)s.", who=who)
        return _(
            "Starts %(minutes)s minutes into the working day for %(who)s.", minutes=minutes, who=who
        )
    if reason.code == "late_for":
        if minutes == "0":
            return _("Ends just as the working day ends for %(who)s.", who=who)
        return _(
            "Ends %(minutes)s minutes before the working day ends for %(who)s.",
            minutes=minutes,
            who=who,
        )
    if reason.code == "near_offset_change":
        city = cities.get(params.get("zone", ""), params.get("zone", ""))
        if params.get("days") == "0":
            return _("Clocks change in %(city)s that day.", city=city)
        return _(
            "Clocks change in %(city)s within %(days)s days of this date.",
            city=city,
            days=params.get("days", ""),
        )
    if reason.code == "weekend":
        return _("Weekend for %(who)s.", who=who)
    if reason.code == "holiday":
        return _("Public holiday for %(who)s: %(name)s.", who=who, name=params.get("name", ""))
    return reason.code


def proposal_url(suggestion: Suggestion, plan: SharedTimePlan) -> str:
    """The link that starts a new proposal at this time with these co-hosts."""
    query = {
        "start": suggestion.start_utc.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": str(plan.duration_minutes),
        "cohosts": ",".join(participant.key for participant in plan.participants),
    }
    return f"{url_for('events.new')}?{urlencode(query)}"


def _suggestion_item(
    suggestion: Suggestion, plan: SharedTimePlan, names: dict[str, str], locale: str
) -> SuggestionItem:
    """One suggestion as texts and a link."""
    zone_cities = {span.zone_name: span.city for span in suggestion.local}
    reference = suggestion.local[0]
    local_texts = [
        f"{span.city}: {_date(span.start.date(), locale)} {_span_text(span)}"
        for span in suggestion.local
    ]
    return SuggestionItem(
        date_text=_date(reference.start.date(), locale, with_year=True),
        utc_text=f"{suggestion.start_utc:%H:%M}–{suggestion.end_utc:%H:%M} UTC",
        local_texts=local_texts,
        reasons=[_reason_text(reason, names, zone_cities) for reason in suggestion.reasons],
        score=f"{suggestion.score:g}",
        proposal_url=proposal_url(suggestion, plan),
    )
