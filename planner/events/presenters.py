"""What the event pages show: the page itself, the slot matrix, summaries, history.

Built from the shared pieces in ``planner.presentation`` (times in every city).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from planner.audit import References
from planner.events.common import slot_has_passed
from planner.history import HistoryLine, history_lines
from planner.labels import (
    AGREE_AND_CONFIRM,
    ANSWER_LABELS,
    CONFIRM_THIS_TIME,
    HOST_AGREES_BY_CONFIRMING,
    HOST_CHOSE_THIS_TIME,
    NO_ANSWER_YET,
)
from planner.models import Answer, AuditEntry, Event, Organization, SlotResponse, User
from planner.planning_flags import FlagNote, flag_notes
from planner.presentation import (
    Moment,
    city_name,
    description_markup,
    event_moment,
    involved_zones,
    list_names,
    office_zones,
    reader_zone,
)


@dataclass(frozen=True)
class AnswerCell:
    """One organization's answer to one slot, as the matrix shows it."""

    organization: str
    answer: str | None  # "yes", "maybe", "no", "host" (agrees by confirming) or None
    label: str  # what the cell reads: the answer, "Agrees by confirming", "no answer yet"
    comment: str
    answered_by: str = ""  # who gave the answer (a colleague's answer is not yours)


@dataclass(frozen=True)
class SlotRow:
    """One candidate slot in the matrix: when, who proposed it, everyone's answers."""

    id: int
    when: Moment
    proposed_by: str
    cells: list[AnswerCell]
    agreed_by_all: bool
    is_chosen: bool
    flags: list[FlagNote]  # weekend, holiday, clock change, hours (as on Find a time)
    has_passed: bool  # started already: it can no longer be confirmed
    confirm_label: str  # "Confirm this time", or "Agree and confirm" when the host has not said


def _answer_cell(
    org: Organization, response: SlotResponse | None, host_note: str, locale: str
) -> AnswerCell:
    """A cell: the answer given, else for the host what confirming means, else 'no answer'."""
    if response is not None:
        answer = str(response.answer)
        return AnswerCell(
            org.display_name(locale),
            answer,
            str(ANSWER_LABELS[response.answer]),
            response.comment,
            response.user.display_name if response.user else "",
        )
    if host_note:
        return AnswerCell(org.display_name(locale), "host", host_note, "")
    return AnswerCell(org.display_name(locale), None, str(NO_ANSWER_YET), "")


def slot_matrix(event: Event, locale: str) -> list[SlotRow]:
    """The matrix of candidate slots against organizations, in slot order.

    The host does not answer its co-hosts' times: it agrees by confirming one. So on a
    slot the host has no answer to, its column says so (or, once chosen, that it chose
    it), and the button reads "Agree and confirm this time".
    """
    rows = []
    for slot in event.slots:
        answers = {response.organization_id: response for response in slot.responses}
        is_chosen = event.start_utc == slot.start_utc and event.start_utc is not None
        host_note = str(HOST_CHOSE_THIS_TIME if is_chosen else HOST_AGREES_BY_CONFIRMING)
        cells = [
            _answer_cell(
                org, answers.get(org.id), host_note if org.id == event.host.id else "", locale
            )
            for org in event.organizations
        ]
        agreed = all(
            org.id in answers and answers[org.id].answer in (Answer.YES, Answer.MAYBE)
            for org in event.cohosts
        )
        host_said_yes = event.host.id in answers and answers[event.host.id].answer == Answer.YES
        rows.append(
            SlotRow(
                id=slot.id,
                when=event_moment(event, slot.start_utc),
                proposed_by=slot.proposed_by_organization.display_name(locale),
                cells=cells,
                agreed_by_all=agreed,
                is_chosen=is_chosen,
                flags=flag_notes(event.organizations, slot.start_utc, slot.end_utc),
                confirm_label=str(CONFIRM_THIS_TIME if host_said_yes else AGREE_AND_CONFIRM),
                has_passed=slot_has_passed(slot),
            )
        )
    return rows


@dataclass(frozen=True)
class EventPage:
    """The values the event page shows, computed once for the template."""

    title: str
    description_html: Markup
    status: str
    host: str
    cohosts: str  # joined the way the language lists names ("A, B" / "A、B")
    when: Moment | None
    duration_minutes: int
    location: str
    join_url: str | None
    speakers: list[tuple[str, str, str]]  # name, affiliation, city
    cancellation_reason: str | None
    flags: list[FlagNote]  # for organizers: weekend, holiday, clock change, hours


def event_page(event: Event, viewer: User | None, locale: str) -> EventPage:
    """What the event page shows to ``viewer``; the join link only to its organizers."""
    viewer_zone = viewer.timezone if viewer is not None else None
    involved = viewer is not None and (
        viewer.is_admin or viewer.organization_id in {org.id for org in event.organizations}
    )
    return EventPage(
        title=event.title(locale),
        description_html=description_markup(event, locale),
        status=str(event.status),
        host=event.host.display_name(locale),
        cohosts=list_names([org.display_name(locale) for org in event.cohosts], locale),
        when=event_moment(event, event.start_utc, viewer_zone) if event.start_utc else None,
        duration_minutes=event.duration_minutes,
        location=event.venue or "",
        join_url=event.online_url if involved else None,
        speakers=[
            (s.name, s.affiliation, city_name(s.timezone, locale) if s.timezone else "")
            for s in event.speakers
        ],
        cancellation_reason=event.reason_cancelled(locale) or None,
        flags=flag_notes(event.organizations, event.start_utc, event.end_utc)
        if involved and event.start_utc and event.end_utc
        else [],
    )


@dataclass(frozen=True)
class CityChoice:
    """A city the host may keep showing (ticked) or show again (unticked)."""

    zone_name: str
    city: str
    shown: bool
    is_office: bool  # an organizer's office: its working hours are the ones checked


def city_choices(event: Event, locale: str) -> list[CityChoice]:
    """The shown cities, then the default ones the host removed, for the host's form."""
    shown = involved_zones(event)
    offices = set(office_zones(event))
    hidden = [zone for zone in event.removed_zones or [] if zone not in shown]
    return [
        CityChoice(zone, city_name(zone, locale), zone in shown, zone in offices)
        for zone in [*shown, *hidden]
    ]


@dataclass(frozen=True)
class EventSummary:
    """One line of an event list."""

    id: int
    title: str
    status: str
    organizations: str
    when: Moment | None
    slot_count: int


def event_summary(event: Event, locale: str) -> EventSummary:
    """A short description of an event for lists."""
    return EventSummary(
        id=event.id,
        title=event.title(locale),
        status=str(event.status),
        organizations=" × ".join(org.display_name(locale) for org in event.organizations),
        when=event_moment(event, event.start_utc) if event.start_utc else None,
        slot_count=len(event.slots),
    )


def audit_lines(
    entries: Sequence[AuditEntry], references: References, viewer: User | None, locale: str
) -> list[HistoryLine]:
    """The event's history: one sentence per entry, times in the viewer's zone."""
    return history_lines(entries, references, locale, reader_zone(viewer))
