"""What the proposal-link pages show, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.events.presenters import SlotRow, slot_matrix
from planner.models import Event, User
from planner.presentation import Moment, event_moment, instant_text, reader_zone
from planner.proposal_links.operations import ProposalLinkState


@dataclass(frozen=True)
class LinkPage:
    """The proposal a link opens, for the page before (or instead of) the answers."""

    title: str = ""
    person: str = ""
    organization: str = ""
    host: str = ""
    expired_at: str = ""
    may_ask_again: bool = False


def link_page(state: ProposalLinkState, locale: str) -> LinkPage:
    """The link's proposal and person (nothing at all for an unknown link)."""
    link = state.link
    if link is None or link.event is None:
        return LinkPage()
    user, event = link.user, link.event
    return LinkPage(
        title=event.title(locale),
        person=user.display_name,
        organization=user.organization.display_name(locale) if user.organization else "",
        host=event.host.display_name(locale),
        expired_at=(
            instant_text(link.expires_at, reader_zone(user), locale)
            if state.status == "expired" and link.expires_at
            else ""
        ),
        may_ask_again=state.may_ask_again,
    )


@dataclass(frozen=True)
class AnswerPage:
    """The answer page: whose answers, for which proposal, and every candidate time."""

    title: str
    host: str
    person: str
    organization: str
    rows: list[SlotRow]
    agreed: Moment | None  # the time the co-hosts agreed on, once the host confirmed one


def answer_page(event: Event, actor: User, locale: str) -> AnswerPage:
    """The candidate times in every city of the event and in the answerer's own zone."""
    zone = reader_zone(actor)
    rows = [
        replace(row, when=event_moment(event, slot.start_utc, zone))
        for row, slot in zip(slot_matrix(event, locale), event.slots, strict=True)
    ]
    return AnswerPage(
        title=event.title(locale),
        host=event.host.display_name(locale),
        person=actor.display_name,
        organization=actor.organization.display_name(locale) if actor.organization else "",
        rows=rows,
        agreed=event_moment(event, event.start_utc, zone) if event.start_utc else None,
    )
