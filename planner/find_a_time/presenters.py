"""What the "Find a time" page draws: day bars on one axis, texts and links to a proposal.

Every text is in the reader's language and every date and time is written by
:mod:`planner.presentation`; the bars' geometry comes from :mod:`planner.find_a_time.bars`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlencode

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from planner.core.suggestions import Reason
from planner.find_a_time.bars import Axis, HourLabel, Segment, city_segments, day_axis, hour_labels
from planner.find_a_time.service import (
    CityDay,
    PlannedDay,
    SharedTimePlan,
    Suggestion,
)
from planner.labels import clock_change_text, holiday_text, weekend_text
from planner.presentation import (
    city_name,
    date_text,
    hours_text,
    list_names,
    span_text,
    utc_instant_text,
)


@dataclass(frozen=True)
class CityBar:
    """One city's day in a row: what is drawn on the common axis and the same in words."""

    city: str
    date_text: str | None  # the city's own date, when it differs from the row's
    hours_text: str
    shared_text: str
    segments: list[Segment]
    labels: list[HourLabel]  # the city's own hours along the axis


@dataclass(frozen=True)
class DayRow:
    """One reference day: its label, marks (weekend, holidays, clock changes) and bars."""

    date_text: str
    iso_date: str
    marks: list[tuple[str, str]]  # (kind, text)
    axis_minutes: int  # the SVG viewBox width: 1440, or 1380/1500 on a clock-change day
    axis_labels: list[HourLabel]  # the axis zone's hours, when it is not one of the cities
    bars: list[CityBar]


@dataclass(frozen=True)
class SuggestionItem:
    """A suggested time ready to show, with the link that proposes it."""

    date_text: str
    utc_text: str
    start_utc: str  # the value a "pick several" checkbox sends
    local_texts: list[str]
    reasons: list[tuple[str, str]]  # (text, points such as "+6.5", or "" when none)
    score: str
    proposal_url: str


def plan_page(plan: SharedTimePlan, locale: str, axis_zone: str | None = None) -> dict:
    """Everything the template shows about a plan, as ready-made values.

    ``axis_zone`` is the zone the bars are drawn in (default: the reference zone).
    """
    axis_zone = axis_zone or plan.reference_zone
    names = {p.key: p.display_name(locale) for p in plan.participants}
    cities = {p.key: city_name(p.zone_name, locale) for p in plan.participants}
    axis_city = city_name(axis_zone, locale)
    rows = [_day_row(day, plan, cities, axis_zone, locale) for day in plan.days]
    return {
        "participants": [
            {
                "name": p.display_name(locale),
                "place": f"{city_name(p.zone_name, locale)} ({p.zone_name})",
                "hours": hours_text(p.work_start, p.work_end),
            }
            for p in plan.participants
        ],
        "reference_city": cities[plan.participants[0].key],
        "axis_city": axis_city,
        "axis_is_a_city": axis_zone in plan.zone_names,
        "range_text": _(
            "%(first)s to %(last)s",
            first=date_text(plan.first, locale),
            last=date_text(plan.last, locale),
        ),
        "rows": rows,
        "suggestions": [_suggestion_item(s, plan, names, locale) for s in plan.suggestions],
        "pick_query": {
            "duration": str(plan.duration_minutes),
            "cohosts": ",".join(participant.key for participant in plan.participants),
        },
    }


def _city_bar(city_day: CityDay, day: PlannedDay, axis: Axis, locale: str) -> CityBar:
    """One city's bar on the day's axis and its text."""
    if city_day.work_start is not None and city_day.work_end is not None:
        hours = _(
            "Working hours %(hours)s", hours=hours_text(city_day.work_start, city_day.work_end)
        )
    else:
        hours = _("No common working hours")
    if city_day.shared:
        shared = _(
            "Shared: %(times)s",
            times=", ".join(span_text(span.start, span.end) for span in city_day.shared),
        )
    else:
        shared = _("No shared working time")
    return CityBar(
        city=city_name(city_day.zone_name, locale),
        date_text=None
        if city_day.local_date == day.date
        else date_text(city_day.local_date, locale, with_year=False),
        hours_text=hours,
        shared_text=shared,
        segments=city_segments(axis, day, city_day),
        labels=hour_labels(axis, city_day.zone_name),
    )


def _day_row(
    day: PlannedDay, plan: SharedTimePlan, cities: dict[str, str], axis_zone: str, locale: str
) -> DayRow:
    """One row of the day-by-day view, every city drawn on the same axis."""
    marks = []
    if day.weekend_for:
        places = list(dict.fromkeys(cities[key] for key in day.weekend_for))
        marks.append(("weekend", weekend_text(list_names(places, locale))))
    territories = get_locale().territories if get_locale() else {}
    for country, name in dict.fromkeys((h.country, h.name) for h in day.holidays):
        marks.append(("holiday", holiday_text(territories.get(country, country), name)))
    for change in day.clock_changes:
        marks.append(
            (
                "change",
                clock_change_text(
                    city_name(change.zone_name, locale), change.offset_before, change.offset_after
                ),
            )
        )
    axis = day_axis(day, plan.reference_zone, axis_zone)
    return DayRow(
        date_text=date_text(day.date, locale, with_year=False),
        iso_date=day.date.isoformat(),
        marks=marks,
        axis_minutes=axis.minutes,
        axis_labels=[] if axis_zone in plan.zone_names else hour_labels(axis, axis_zone),
        bars=[_city_bar(city_day, day, axis, locale) for city_day in day.cities],
    )


def _reason_text(reason: Reason, names: dict[str, str], cities: dict[str, str]) -> str:
    """Explain one reason the core gave for a suggestion's score."""
    params = reason.params
    who = names.get(params.get("participant", ""), params.get("participant", ""))
    minutes = params.get("minutes", "0")
    if reason.code == "inside_working_hours":
        if params.get("margin_minutes", "0") == "0":
            return _("Inside everyone's working hours.")
        return _(
            "Inside everyone's working hours, at least %(minutes)s minutes from either end.",
            minutes=params.get("margin_minutes", "0"),
        )
    if reason.code == "midweek":
        return _("Tuesday to Thursday, when webinars draw the most attendees.")
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
        "start": utc_instant_text(suggestion.start_utc),
        "duration": str(plan.duration_minutes),
        "cohosts": ",".join(participant.key for participant in plan.participants),
    }
    return f"{url_for('events.new')}?{urlencode(query)}"


def _points_text(points: float) -> str:
    """A reason's effect on the score: "+6.5", "−20", or "" for an explaining reason."""
    if not points:
        return ""
    return f"+{points:g}" if points > 0 else f"−{-points:g}"


def _suggestion_item(
    suggestion: Suggestion, plan: SharedTimePlan, names: dict[str, str], locale: str
) -> SuggestionItem:
    """One suggestion as texts, a checkbox value and a link."""
    zone_cities = {span.zone_name: city_name(span.zone_name, locale) for span in suggestion.local}
    reference = suggestion.local[0]
    local_texts = [
        f"{zone_cities[span.zone_name]}: {date_text(span.start, locale, with_year=False)} "
        f"{span_text(span.start, span.end)}"
        for span in suggestion.local
    ]
    utc_span = span_text(suggestion.start_utc.astimezone(UTC), suggestion.end_utc.astimezone(UTC))
    return SuggestionItem(
        date_text=date_text(reference.start, locale),
        utc_text=utc_span,
        start_utc=utc_instant_text(suggestion.start_utc),
        local_texts=local_texts,
        reasons=[
            (_reason_text(reason, names, zone_cities), _points_text(reason.points))
            for reason in suggestion.reasons
        ],
        score=f"{suggestion.score:g}",
        proposal_url=proposal_url(suggestion, plan),
    )


def axis_choice_label(zone_name: str, locale: str) -> str:
    """A menu entry for the bars' zone: "Copenhagen · Europe/Copenhagen"."""
    return f"{city_name(zone_name, locale)} · {zone_name}"
