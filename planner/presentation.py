"""How times and names read, in every area: an instant in every involved city, lists.

Dates follow the locale (``2026年3月27日(金) 17:00`` in Japanese, ``Fri 27 Mar 2026,
17:00`` in English) and always carry the zone and the city, because the same instant
is a different wall time in Tokyo and Copenhagen. Each area's ``presenters`` module
builds its pages' values from these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from html.parser import HTMLParser

import markdown
import nh3
from babel.dates import format_datetime, get_timezone_location
from flask_babel import get_locale
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from planner.core import timezones, zone_display
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
            date_text=format_datetime(
                zone_time.local, _DATE_PATTERNS.get(locale, _DATE_PATTERNS["en"]), locale=locale
            ),
            short_date_text=format_datetime(
                zone_time.local,
                _SHORT_DATE_PATTERNS.get(locale, _SHORT_DATE_PATTERNS["en"]),
                locale=locale,
            ),
            time_text=zone_time.local.strftime("%H:%M"),
            abbreviation=zone_time.abbreviation,
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
    """The zone a reader's times are shown in: their own, their organization's, or UTC."""
    if user is None:
        return "UTC"
    if user.timezone:
        return user.timezone
    return user.organization.timezone if user.organization is not None else "UTC"


def involved_zones(event: Event) -> list[str]:
    """The zones of the host and co-hosts, host first, without repeats."""
    return list(dict.fromkeys(org.timezone for org in event.organizations))


def working_hours_by_zone(event: Event) -> dict[str, tuple[time, time]]:
    """The working day of the first involved organization in each zone."""
    hours: dict[str, tuple[time, time]] = {}
    for org in event.organizations:
        hours.setdefault(org.timezone, (org.work_start, org.work_end))
    return hours


def event_moment(event: Event, instant: datetime, viewer_zone: str | None = None) -> Moment:
    """An instant of ``event`` in every involved city (and the viewer's own, when known)."""
    zones = involved_zones(event) + ([viewer_zone] if viewer_zone else [])
    return moment(instant, zones, working_hours_by_zone(event))


# Markdown the description may use; everything else (scripts, styles, event handlers,
# images from elsewhere) is removed by nh3 before the HTML reaches a page.
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "hr",
}


def render_markdown(text: str) -> Markup:
    """Turn a Markdown description into sanitised HTML safe to put on a page."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


class _PlainText(HTMLParser):
    """Sanitised description HTML as plain text: paragraphs, list bullets, "text (url)"."""

    _BLOCKS = frozenset({"p", "ul", "ol", "pre", "blockquote", "h3", "h4", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._lists: list[list[int]] = []  # one counter per open list; [-1] for bullets
        self._href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS and not (tag in ("ul", "ol") and self._lists):
            self.parts.append("\n\n")
        if tag in ("ul", "ol"):
            self._lists.append([0] if tag == "ol" else [-1])
        elif tag == "li":
            counter = self._lists[-1] if self._lists else [-1]
            if counter[0] >= 0:
                counter[0] += 1
            bullet = f"{counter[0]}. " if counter[0] >= 0 else "- "
            self.parts.append("\n" + "  " * max(len(self._lists) - 1, 0) + bullet)
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
            if self._lists:
                return  # a nested list ends inside its parent item
        if tag == "a" and self._href:
            href = self._href.pop()
            # A bare link ("<https://x>") reads once; a named one as "text (url)".
            if href and self.parts[-1:] != [href]:
                self.parts.append(f" ({href})")
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._lists and not data.strip():
            return  # the newlines between list items; each item starts its own line
        self.parts.append(data)

    def text(self) -> str:
        """The collected text, with runs of blank lines and trailing spaces tidied."""
        lines = [line.rstrip() for line in "".join(self.parts).splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def markdown_to_text(text: str) -> str:
    """A Markdown description as plain text, for calendar files and calendar links.

    It goes through the same pipeline as the page (``render_markdown``), so what a
    calendar shows is what the page shows, without the markup: ``**bold**`` becomes
    ``bold``, lists keep their bullets and a link reads "text (url)".
    """
    parser = _PlainText()
    parser.feed(str(render_markdown(text)))
    parser.close()
    return parser.text()


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


def preview_zones(organizations: Sequence[Organization]) -> dict[str, str]:
    """Each organization's slug and zone, for the live time preview's data attributes."""
    return {org.slug: org.timezone for org in organizations}
