"""What the home page and the month calendar show, in the interface language.

Times are shown in Tokyo and Copenhagen on the listing and in the viewer's chosen zone
on the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton, get_day_names

from planner.core.zone_display import PUBLIC_DISPLAY_ZONES
from planner.home.queries import (
    FilterOptions,
    ListedEvent,
    MonthOfEvents,
    PublicEvents,
    shift_month,
)
from planner.labels import FORMAT_LABELS, LANGUAGE_LABELS, REGISTRATION_STATE_LABELS
from planner.models import EventStatus
from planner.presentation import (
    Moment,
    city_name,
    clock_text,
    current_locale,
    moment,
    zone_abbreviation,
)


@dataclass(frozen=True)
class FilterChoices:
    """The (value, label) pairs each filter offers."""

    organizations: list[tuple[str, str]]
    formats: list[tuple[str, str]]
    languages: list[tuple[str, str]]


@dataclass(frozen=True)
class EventEntry:
    """One event on the listing."""

    event_id: int
    title: str
    organizations: str
    format_label: str
    language_label: str
    when: Moment
    state: str
    state_label: str


@dataclass(frozen=True)
class PublicListing:
    """Upcoming events, soonest first, and past events, latest first."""

    upcoming: list[EventEntry]
    past: list[EventEntry]


def _language_label(code: str) -> str:
    """A language's name in the interface language (the code when unknown)."""
    return str(LANGUAGE_LABELS[code]) if code in LANGUAGE_LABELS else code


def filter_choices(options: FilterOptions) -> FilterChoices:
    """The organizations, formats and languages the home page can be filtered by."""
    locale = current_locale()
    languages = sorted({*LANGUAGE_LABELS, *options.languages_in_use})
    return FilterChoices(
        organizations=[(org.slug, org.display_name(locale)) for org in options.organizations],
        formats=[(str(value), str(label)) for value, label in FORMAT_LABELS.items()],
        languages=[(code, _language_label(code)) for code in languages],
    )


def _entry(listed: ListedEvent, locale: str) -> EventEntry:
    """One event of the listing as display values."""
    event, state = listed.event, listed.registration_state
    return EventEntry(
        event_id=event.id,
        title=event.title(locale),
        organizations=" · ".join(org.display_name(locale) for org in event.organizations),
        format_label=str(FORMAT_LABELS[event.format]),
        language_label=_language_label(event.language),
        when=moment(event.start_utc, PUBLIC_DISPLAY_ZONES),
        state=str(state),
        state_label=str(REGISTRATION_STATE_LABELS[state]),
    )


def public_listing(events: PublicEvents) -> PublicListing:
    """The home page's listing: upcoming, then past events."""
    locale = current_locale()
    return PublicListing(
        upcoming=[_entry(listed, locale) for listed in events.upcoming],
        past=[_entry(listed, locale) for listed in events.past],
    )


@dataclass(frozen=True)
class CalendarEntry:
    """An event in a day cell: its local start in the calendar's zone."""

    event_id: int
    title: str
    time_text: str
    abbreviation: str
    cancelled: bool


@dataclass(frozen=True)
class CalendarDay:
    """One cell of the month grid."""

    iso: str
    number: int
    in_month: bool
    is_today: bool
    entries: list[CalendarEntry]


@dataclass(frozen=True)
class AgendaDay:
    """A day of the month that has events, for the list view phones get."""

    iso: str
    date_text: str  # "Fri 27 Mar" / "3月27日(金)"
    is_today: bool
    entries: list[CalendarEntry]


@dataclass(frozen=True)
class ZoneChoice:
    """A zone the calendar can be shown in, and whether it is the one shown."""

    zone_name: str
    city: str
    current: bool


@dataclass(frozen=True)
class MonthCalendar:
    """A month of public events as a Monday-first grid of weeks, in one zone."""

    month: str  # "2026-03"
    title: str
    zone_name: str
    city: str
    weekday_names: list[str]
    weeks: list[list[CalendarDay]]
    previous_month: str
    next_month: str
    zones: list[ZoneChoice]
    agenda: list[AgendaDay]  # the month's days with events, in order (the phone's list)


def month_calendar(month: MonthOfEvents) -> MonthCalendar:
    """A month of public events as a grid of weeks, with the zones it can be shown in."""
    locale = current_locale()
    first, zone_name = month.first_day, month.zone_name
    cells = [
        CalendarDay(
            iso=day.isoformat(),
            number=day.day,
            in_month=day.month == first.month,
            is_today=day == month.today,
            entries=[
                CalendarEntry(
                    event_id=event.id,
                    title=event.title(locale),
                    time_text=clock_text(local),
                    abbreviation=zone_abbreviation(local),
                    cancelled=event.status == EventStatus.CANCELLED,
                )
                for event, local in month.events_by_day.get(day, [])
            ],
        )
        for day in month.days
    ]
    day_names = get_day_names("abbreviated", locale=locale)
    zones = list(dict.fromkeys([*PUBLIC_DISPLAY_ZONES, zone_name]))
    return MonthCalendar(
        month=f"{first:%Y-%m}",
        title=format_skeleton("yMMMM", first, locale=locale),
        zone_name=zone_name,
        city=city_name(zone_name, locale),
        weekday_names=[day_names[weekday] for weekday in range(7)],
        weeks=[cells[index : index + 7] for index in range(0, len(cells), 7)],
        previous_month=f"{shift_month(first, -1):%Y-%m}",
        next_month=f"{shift_month(first, 1):%Y-%m}",
        zones=[ZoneChoice(name, city_name(name, locale), name == zone_name) for name in zones],
        agenda=[
            AgendaDay(
                iso=cell.iso,
                date_text=format_skeleton("MMMEd", date.fromisoformat(cell.iso), locale=locale),
                is_today=cell.is_today,
                entries=cell.entries,
            )
            for cell in cells
            if cell.in_month and cell.entries
        ],
    )
