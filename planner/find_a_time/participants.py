"""Reading a "find a time" request: who takes part, which days, how long.

Every refusal is a ``ValidationFailed`` naming the API parameter at fault (``orgs``,
``zones``, ``from``, ``to``, ``duration``, ``hours``); :mod:`planner.find_a_time.service`
calls these in a fixed order, so the first problem in that order is the one reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from flask_babel import gettext as _

from planner.core.overlap import WorkingHours, parse_working_hours
from planner.core.timezones import TimeZoneError, zone_city
from planner.errors import NotFound, ValidationFailed
from planner.limits import OVERLAP_MINUTES_MAX, PLANNABLE_YEARS
from planner.organizations.operations import get_organization_by_slug
from planner.time_input import unknown_zone_message

MAX_PARTICIPANTS = 12


@dataclass(frozen=True)
class PlanParticipant:
    """One side of the plan as shown to people: an organization or a bare time zone."""

    key: str  # organization slug, or the zone name when zones were given
    name_en: str | None
    name_ja: str | None
    zone_name: str
    city: str
    work_start: time
    work_end: time
    country: str | None  # None: no holiday calendar (zones given by name)

    def display_name(self, locale: str = "en") -> str:
        """The organization's name in ``locale`` when known, else the city."""
        if locale == "ja" and self.name_ja:
            return self.name_ja
        return self.name_en or self.city


def unique(values: Sequence[str]) -> list[str]:
    """Trim, drop empty entries and repeats, keep the order."""
    return list(dict.fromkeys(value.strip() for value in values if value and value.strip()))


def check_choice_of_participants(slugs: list[str], zones: list[str]) -> None:
    """Exactly one of the two ways of naming participants, and not too many."""
    if not slugs and not zones:
        raise ValidationFailed(
            _("Give the organizations (orgs) or the time zones (zones) to compare."),
            field="orgs",
            code="missing_participants",
        )
    if slugs and zones:
        raise ValidationFailed(
            _("Give either organizations (orgs) or time zones (zones), not both."),
            field="zones",
            code="conflicting_parameters",
        )
    if len(slugs or zones) > MAX_PARTICIPANTS:
        raise ValidationFailed(
            _("Compare at most %(count)s at a time.", count=MAX_PARTICIPANTS),
            field="orgs" if slugs else "zones",
            code="too_many_participants",
        )


def working_hours_override(text: str | None) -> WorkingHours | None:
    """Parse the optional hours override, or say what is wrong with it."""
    if text is None or not text.strip():
        return None
    try:
        return parse_working_hours(text)
    except TimeZoneError as error:
        raise ValidationFailed(
            _(
                "%(hours)s is not valid working hours: use HH:MM-HH:MM, ending after it "
                "starts, such as 09:00-18:00.",
                hours=text.strip(),
            ),
            field="hours",
            code=error.code,
        ) from error


def check_range(first: date, last: date, max_days: int) -> None:
    """The range must run forwards, lie in a plannable era and be at most ``max_days`` long."""
    for field, day in (("from", first), ("to", last)):
        if not PLANNABLE_YEARS[0] <= day.year <= PLANNABLE_YEARS[1]:
            raise ValidationFailed(
                _(
                    "Choose dates between %(first)d and %(last)d.",
                    first=PLANNABLE_YEARS[0],
                    last=PLANNABLE_YEARS[1],
                ),
                field=field,
                code="invalid_range",
            )
    if last < first:
        raise ValidationFailed(
            _("The last day comes before the first day."), field="to", code="invalid_range"
        )
    if (last - first).days + 1 > max_days:
        raise ValidationFailed(
            _("Choose at most %(count)s days.", count=max_days), field="to", code="range_too_long"
        )


def check_duration(minutes: int) -> None:
    """A duration is a positive whole number of minutes, at most a day."""
    if not 0 < minutes <= OVERLAP_MINUTES_MAX:
        raise ValidationFailed(
            _(
                "The duration must be from 1 to %(count)s minutes.",
                count=OVERLAP_MINUTES_MAX,
            ),
            field="duration",
            code="invalid_duration",
        )


def organization_participant(slug: str, hours: WorkingHours | None) -> PlanParticipant:
    """An organization with its zone, country and hours (or the override)."""
    try:
        organization = get_organization_by_slug(slug)
    except NotFound as error:
        raise ValidationFailed(error.message, field="orgs", code="unknown_organization") from error
    return PlanParticipant(
        key=organization.slug,
        name_en=organization.name_en,
        name_ja=organization.name_ja,
        zone_name=organization.timezone,
        city=zone_city(organization.timezone),
        work_start=hours.start if hours else organization.work_start,
        work_end=hours.end if hours else organization.work_end,
        country=organization.country,
    )


def zone_participant(zone_name: str, hours: WorkingHours | None) -> PlanParticipant:
    """A bare time zone: default office hours unless overridden, and no holidays."""
    try:
        city = zone_city(zone_name)
    except TimeZoneError as error:
        message = unknown_zone_message(zone_name)
        suggestion = getattr(error, "suggestion", None)
        if suggestion:
            message += " " + _("Did you mean %(zone)s?", zone=suggestion)
        raise ValidationFailed(message, field="zones", code=error.code) from error
    hours = hours or WorkingHours()
    return PlanParticipant(
        key=zone_name,
        name_en=None,
        name_ja=None,
        zone_name=zone_name,
        city=city,
        work_start=hours.start,
        work_end=hours.end,
        country=None,
    )
