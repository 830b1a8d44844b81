"""How times and names read, in every area: the one formatting path for dates and times.

Dates follow the locale (``2026年3月27日(金) 17:00`` in Japanese, ``Fri 27 Mar 2026,
17:00`` in English) and always carry the zone and the city, because the same instant
is a different wall time in Tokyo and Copenhagen. Each area's ``presenters`` module
builds its pages' values from these; templates reach the same functions through the
``instant_text`` filter (:func:`init_app`) and never call ``strftime`` themselves.
The "Your time" card script (static/js/local-time.js) follows the same rules in the
browser: abbreviation (or "UTC+hh:mm" when the zone has none) and city.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from babel.dates import format_datetime, get_timezone_location
from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from planner.core import timezones, zone_display
from planner.core.cities import shown_zones
from planner.models import Event, Organization, User

# Date patterns per interface language (CLDR skeletons would reorder them anyway; these
# are the forms our readers asked for).
_DATE_PATTERNS = {"ja": "y年M月d日(EEE)", "en": "EEE d MMM y"}
_SHORT_DATE_PATTERNS = {"ja": "M月d日(EEE)", "en": "EEE d MMM"}


@dataclass(frozen=True)
class CityTime:
    """One instant as a reader in one city sees it."""

    city: str
    zone_name: str
    date_text: str  # "Fri 27 Mar 2026" / "2026年3月27日(金)"
    short_date_text: str  # without the year, for a second line
    time_text: str  # "17:00"
    abbreviation: str  # "JST", "CEST"
    offset: str  # "+09:00"
    iso: str  # local ISO 8601 with offset, for <time datetime=...>
    day_shift: int  # -1/0/+1 relative to the first city
    period: str  # "work", "off" (awake, outside working hours) or "night" in that city


@dataclass(frozen=True)
class Moment:
    """An instant shown in several cities (first city first), plus the UTC value."""

    utc_iso: str
    cities: list[CityTime]

    @property
    def date_changes(self) -> bool:
        """True when the calendar date is not the same in every city."""
        return any(city.day_shift for city in self.cities)


def _locale_code() -> str:
    """The current interface language code ("en" or "ja")."""
    return str(get_locale() or "en").split("_")[0]


def date_text(day: date, locale: str | None = None, *, with_year: bool = True) -> str:
    """A date with its weekday: "Tue 1 Dec 2026" / "2026年12月1日(火)".

    Without the year: "Tue 1 Dec" / "12月1日(火)".
    """
    locale = locale or _locale_code()
    patterns = _DATE_PATTERNS if with_year else _SHORT_DATE_PATTERNS
    # format_datetime wants a datetime; a plain date reads the same at midnight.
    moment_of_day = day if isinstance(day, datetime) else datetime.combine(day, time())
    return format_datetime(moment_of_day, patterns.get(locale, patterns["en"]), locale=locale)


def clock_text(wall: datetime | time) -> str:
    """A wall-clock time on the 24-hour clock in both languages: "17:00"."""
    return f"{wall.hour:02d}:{wall.minute:02d}"


def hours_text(start: time, end: time) -> str:
    """Working hours as "09:00–18:00"."""
    return f"{clock_text(start)}–{clock_text(end)}"


def zone_abbreviation(local: datetime) -> str:
    """The zone's abbreviation at that instant ("JST", "CEST"), or "UTC+03:00".

    Many zones have no letters abbreviation in the tz database, only "+03"; those
    read as the UTC offset, the way the cards' tooltips write offsets.
    """
    abbreviation = local.tzname() or ""
    if abbreviation[:1] in "+-" or not abbreviation:
        offset = local.utcoffset()
        return "UTC" + (timezones.format_offset(offset) if offset else "")
    return abbreviation


def span_text(start: datetime, end: datetime) -> str:
    """A local interval as "17:00–18:00 JST" (both abbreviations when a clock change splits it)."""
    start_zone, end_zone = zone_abbreviation(start), zone_abbreviation(end)
    if start_zone == end_zone:
        return f"{clock_text(start)}–{clock_text(end)} {start_zone}"
    return f"{clock_text(start)} {start_zone}–{clock_text(end)} {end_zone}"


def zone_label(zone_name: str, instant: datetime, locale: str | None = None) -> str:
    """A zone as the reader knows it at ``instant``: "CET · Copenhagen", "UTC+03:00 · Istanbul"."""
    local = timezones.to_local(instant, zone_name)
    city = city_name(zone_name, locale or _locale_code())
    abbreviation = zone_abbreviation(local)
    return abbreviation if city == abbreviation else f"{abbreviation} · {city}"


def instant_text(instant: datetime, zone_name: str = "UTC", locale: str | None = None) -> str:
    """One instant as date, time and zone in ``zone_name``.

    "Tue 1 Dec 2026, 17:00 JST" / "2026年12月1日(火) 17:00 JST".
    """
    locale = locale or _locale_code()
    local = timezones.to_local(instant, zone_name)
    separator = " " if locale == "ja" else ", "
    return f"{date_text(local, locale)}{separator}{clock_text(local)} {zone_abbreviation(local)}"


def viewer_zone(viewer: User | None) -> str | None:
    """The zone a signed-in reader reads times in: their own, else their organization's."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    if viewer.timezone:
        return viewer.timezone
    return viewer.organization.timezone if viewer.organization else None


def utc_instant_text(instant: datetime) -> str:
    """An instant in UTC for links and machine-read values: "2026-12-01T08:00:00Z"."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _period(local_time: time, hours: tuple[time, time] | None) -> str:
    """Whether a local time is inside working hours, outside them but awake, or at night."""
    start, end = hours or (time(9), time(18))
    if start <= local_time < end:
        return "work"
    if time(7) <= local_time < time(22):
        return "off"
    return "night"


def city_name(zone_name: str, locale: str) -> str:
    """The zone's city in the reader's language (CLDR exemplar city, e.g. コペンハーゲン)."""
    try:
        name = get_timezone_location(zone_name, locale=locale, return_city=True)
    except LookupError:
        return timezones.zone_city(zone_name)
    # Babel falls back to "Region/City" for zones CLDR has no city for.
    return timezones.zone_city(zone_name) if "/" in name else name


def moment(
    instant: datetime,
    zone_names: Sequence[str],
    working_hours: dict[str, tuple[time, time]] | None = None,
) -> Moment:
    """Describe ``instant`` in each zone (duplicates dropped, order kept).

    ``working_hours`` maps a zone to the working day of the organization that lives
    there, so the display can say who is at work and who is in their evening.
    """
    locale = _locale_code()
    cities = [
        CityTime(
            city=city_name(zone_time.zone_name, locale),
            zone_name=zone_time.zone_name,
            date_text=date_text(zone_time.local, locale),
            short_date_text=date_text(zone_time.local, locale, with_year=False),
            time_text=clock_text(zone_time.local),
            abbreviation=zone_abbreviation(zone_time.local),
            offset=zone_time.offset,
            iso=zone_time.local.isoformat(timespec="minutes"),
            day_shift=zone_time.day_shift,
            period=_period(zone_time.local.time(), (working_hours or {}).get(zone_time.zone_name)),
        )
        for zone_time in zone_display.times_in_zones(instant, zone_names)
    ]
    return Moment(utc_iso=instant.isoformat().replace("+00:00", "Z"), cities=cities)


def moment_text(shown: Moment) -> str:
    """An instant in one line: "Tue 2 Mar 2027 17:00 JST / 09:00 CET" (dates when they differ)."""
    first, *others = shown.cities
    parts = [f"{first.date_text} {first.time_text} {first.abbreviation}"]
    for city in others:
        date = f"{city.short_date_text} " if city.day_shift else ""
        parts.append(f"{date}{city.time_text} {city.abbreviation}")
    return " / ".join(parts)


def reader_zone(user: User | None) -> str:
    """The zone a reader's times are shown in: ``viewer_zone``, else UTC."""
    return viewer_zone(user) or "UTC"


def office_zones(event: Event) -> list[str]:
    """The zones the host's and co-hosts' staff work in, host first, without repeats.

    Working-hours checks use these and nothing else: an audience in Copenhagen does
    not make the embassy's Tokyo staff work Copenhagen hours.
    """
    return list(dict.fromkeys(org.timezone for org in event.organizations))


def involved_zones(event: Event) -> list[str]:
    """Every city the event is shown in: offices, audiences, the host's additions.

    The one rule (:func:`planner.core.cities.shown_zones`) for time cards, the
    registration page, emails and the live preview alike.
    """
    return shown_zones(
        office_zones(event),
        [zone for org in event.organizations for zone in org.audience_zones or []],
        event.added_zones or [],
        event.removed_zones or [],
    )


def working_hours_by_zone(event: Event) -> dict[str, tuple[time, time]]:
    """The working day of the first involved organization in each office zone."""
    hours: dict[str, tuple[time, time]] = {}
    for org in event.organizations:
        hours.setdefault(org.timezone, (org.work_start, org.work_end))
    return hours


def event_moment(event: Event, instant: datetime, viewer_zone: str | None = None) -> Moment:
    """An instant of ``event`` in every involved city (and the viewer's own, when known)."""
    zones = involved_zones(event) + ([viewer_zone] if viewer_zone else [])
    return moment(instant, zones, working_hours_by_zone(event))


def description_markup(event: Event, locale: str) -> Markup:
    """The event's description in ``locale`` as HTML for a page: the stored rendering.

    Rendered and sanitized once, when the text was saved
    (:mod:`planner.core.rich_text`), never per view.
    """
    return Markup(event.description_html(locale))  # noqa: S704 - sanitised when saved


def list_names(names: Sequence[str], locale: str) -> str:
    """Join names as the language does: "A, B" in English, "A、B" in Japanese."""
    return ("、" if locale == "ja" else ", ").join(names)


def current_locale() -> str:
    """The interface language code ("en" or "ja")."""
    return _locale_code()


def organization_choices(organizations: Sequence[Organization], locale: str) -> list[SelectChoice]:
    """Checkbox choices for organizations, labelled with their name and city."""
    return [
        SelectChoice(org.slug, f"{org.display_name(locale)} · {city_name(org.timezone, locale)}")
        for org in organizations
    ]


def preview_zones(organizations: Sequence[Organization]) -> dict[str, list[str]]:
    """Each organization's slug and the zones it is shown in (office, then audience).

    For the live time preview's data attributes: ticking a co-host adds its cities.
    """
    return {
        org.slug: list(dict.fromkeys([org.timezone, *(org.audience_zones or [])]))
        for org in organizations
    }


def _instant_filter(instant: datetime, zone_name: str | None = None) -> str:
    """Template filter: ``instant|instant_text`` in the signed-in reader's zone, else UTC."""
    from flask_login import current_user  # a request-time value, read only by templates

    return instant_text(instant, zone_name or viewer_zone(current_user) or "UTC")


def init_app(app: Flask) -> None:
    """Give templates the ``instant_text``, ``utc_iso`` and ``clock`` filters.

    So templates format times through this module and never call ``strftime``.
    """
    app.add_template_filter(_instant_filter, "instant_text")
    app.add_template_filter(utc_instant_text, "utc_iso")
    app.add_template_filter(clock_text, "clock")
