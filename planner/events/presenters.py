"""What the event pages show: the page itself, the slot matrix, conflicts, summaries, history.

Built from the shared pieces in ``planner.presentation`` (times in every city).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from planner.audit import References
from planner.history import HistoryLine, history_lines
from planner.models import Answer, AuditEntry, Event, User
from planner.presentation import (
    Moment,
    city_name,
    event_moment,
    list_names,
    reader_zone,
    render_markdown,
)


@dataclass(frozen=True)
class AnswerCell:
    """One organization's answer to one slot, as the matrix shows it."""

    organization: str
    answer: str | None  # "yes", "maybe", "no" or None when not answered yet
    comment: str


@dataclass(frozen=True)
class SlotRow:
    """One candidate slot in the matrix: when, who proposed it, everyone's answers."""

    id: int
    when: Moment
    proposed_by: str
    cells: list[AnswerCell]
    agreed_by_all: bool
    is_chosen: bool


def slot_matrix(event: Event, locale: str) -> list[SlotRow]:
    """The matrix of candidate slots against organizations, in slot order."""
    rows = []
    for slot in event.slots:
        answers = {response.organization_id: response for response in slot.responses}
        cells = [
            AnswerCell(
                organization=org.display_name(locale),
                answer=str(answers[org.id].answer) if org.id in answers else None,
                comment=answers[org.id].comment if org.id in answers else "",
            )
            for org in event.organizations
        ]
        agreed = all(
            org.id in answers and answers[org.id].answer in (Answer.YES, Answer.MAYBE)
            for org in event.cohosts
        )
        rows.append(
            SlotRow(
                id=slot.id,
                when=event_moment(event, slot.start_utc),
                proposed_by=slot.proposed_by_organization.display_name(locale),
                cells=cells,
                agreed_by_all=agreed,
                is_chosen=event.start_utc == slot.start_utc and event.start_utc is not None,
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


def event_page(event: Event, viewer: User | None, locale: str) -> EventPage:
    """What the event page shows to ``viewer``; the join link only to its organizers."""
    viewer_zone = viewer.timezone if viewer is not None else None
    involved = viewer is not None and (
        viewer.is_admin or viewer.organization_id in {org.id for org in event.organizations}
    )
    return EventPage(
        title=event.title(locale),
        description_html=render_markdown(event.description(locale)),
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
        cancellation_reason=event.cancellation_reason,
    )


@dataclass(frozen=True)
class FieldConflict:
    """One field that another organizer changed while this one was editing."""

    field: str
    theirs: str
    yours: str


def edit_conflict(current: dict, mine: object) -> list[FieldConflict]:
    """The fields where the saved event differs from what this organizer submitted."""
    conflicts = []
    for name in ("title_en", "title_ja", "format", "capacity", "language"):
        theirs, yours = current.get(name), getattr(mine, name, None)
        if (theirs or None) != (str(yours) if yours is not None else None) and str(
            theirs or ""
        ) != str(yours or ""):
            conflicts.append(FieldConflict(name, str(theirs or "—"), str(yours or "—")))
    return conflicts


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
