"""Demo events, one or more in each state, planned through the real services.

Dates are counted from the day of seeding so the demo always has upcoming events; the
times are chosen to show what the app is about: a Tokyo evening that is a Copenhagen
morning, and one date that differs between the cities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from planner.events import negotiation, scheduling
from planner.events.negotiation import ProposalInput, SlotInput, SpeakerInput
from planner.extensions import db
from planner.models import Answer, Event, EventFormat, User


@dataclass(frozen=True)
class DemoEvent:
    """One demo event: who proposes what, and how far it gets.

    ``outcome`` is the state it ends in: draft, proposed, confirmed, published,
    cancelled (after publishing) or declined (by its first co-host); ``note`` is the
    cancellation or decline reason.
    """

    host_slug: str
    proposal: ProposalInput
    outcome: str
    note: str = ""


def _organizer(slug: str) -> User:
    """The demo organizer of an organization (seeded before the events)."""
    return db.session.scalar(select(User).where(User.email == f"organizer@{slug}.example"))


def _day(today: date, weeks: int, weekday: int) -> str:
    """The ISO date of ``weekday`` (0 = Monday) in the week ``weeks`` from ``today``."""
    start = today + timedelta(weeks=weeks)
    return (start + timedelta(days=(weekday - start.weekday()) % 7)).isoformat()


def demo_events(today: date) -> list[DemoEvent]:
    """The demo events, dated from ``today``."""
    return [
        DemoEvent(
            "link-j",
            ProposalInput(
                title_en="Digital health in Denmark and Japan",
                title_ja="デンマークと日本のデジタルヘルス",
                format=EventFormat.WEBINAR,
                cohost_slugs=["dk-embassy", "dk-cluster"],
                duration_minutes=90,
                slots=[
                    SlotInput(f"{_day(today, 3, 3)}T17:00", "Asia/Tokyo"),
                    SlotInput(f"{_day(today, 4, 1)}T16:30", "Asia/Tokyo"),
                ],
                description_en=(
                    "How national health data, telemedicine and hospital partnerships work "
                    "in Denmark and Japan.\n\n* Welcome from both co-hosts\n"
                    "* Two case studies\n* Questions from the audience"
                ),
                description_ja=(
                    "デンマークと日本における医療データ、遠隔医療、病院連携の取り組みを紹介します。"
                ),
                online_url="https://webinar.example.org/j/digital-health",
                capacity=300,
                language="en",
                speakers=[
                    SpeakerInput(
                        "Dr. Kirsten Holm", "Danish Life Science Cluster", "Europe/Copenhagen"
                    ),
                    SpeakerInput("Dr. Haruto Sato", "LINK-J", "Asia/Tokyo"),
                ],
            ),
            "published",
        ),
        DemoEvent(
            "dk-cluster",
            ProposalInput(
                title_en="Medicon Valley meets Nihonbashi: open innovation symposium",
                title_ja="メディコン・バレー × 日本橋 オープンイノベーション・シンポジウム",
                format=EventFormat.HYBRID,
                cohost_slugs=["link-j", "medicon"],
                duration_minutes=180,
                slots=[
                    SlotInput(f"{_day(today, 6, 2)}T09:00", "Europe/Copenhagen"),
                    SlotInput(f"{_day(today, 6, 3)}T08:30", "Europe/Copenhagen"),
                ],
                venue="Nihonbashi Life Science Hub, Tokyo / online",
                online_url="https://webinar.example.org/j/open-innovation",
                capacity=120,
            ),
            "proposed",
        ),
        DemoEvent(
            "link-j",
            ProposalInput(
                title_en="Biobanks and data sharing: a working session",
                format=EventFormat.WEBINAR,
                cohost_slugs=["medicon"],
                duration_minutes=60,
                # 07:00 in Tokyo is still the evening before in Copenhagen.
                slots=[SlotInput(f"{_day(today, 5, 4)}T07:00", "Asia/Tokyo")],
                online_url="https://webinar.example.org/j/biobanks",
            ),
            "confirmed",
        ),
        DemoEvent(
            "link-j",
            ProposalInput(
                title_en="Start-up pitch night (draft)",
                format=EventFormat.SYMPOSIUM,
                cohost_slugs=["dk-embassy"],
                duration_minutes=120,
                slots=[SlotInput(f"{_day(today, 8, 2)}T18:00", "Asia/Tokyo")],
                submit=False,
            ),
            "draft",
        ),
        DemoEvent(
            "link-j",
            ProposalInput(
                title_en="Antimicrobial resistance roundtable",
                format=EventFormat.WEBINAR,
                cohost_slugs=["dk-cluster"],
                duration_minutes=60,
                slots=[SlotInput(f"{_day(today, 2, 2)}T16:00", "Asia/Tokyo")],
                online_url="https://webinar.example.org/j/amr",
            ),
            "cancelled",
            "The speakers could not travel; we will propose a new date.",
        ),
        DemoEvent(
            "link-j",
            ProposalInput(
                title_en="Regulatory science exchange",
                format=EventFormat.WEBINAR,
                cohost_slugs=["dk-embassy"],
                duration_minutes=60,
                slots=[SlotInput(f"{_day(today, 7, 1)}T17:00", "Asia/Tokyo")],
            ),
            "declined",
            "Our team is fully booked that season.",
        ),
    ]


def _bring_to_outcome(event: Event, demo: DemoEvent) -> None:
    """Take a new proposal as far as ``demo.outcome`` says, as the real people would."""
    host = _organizer(demo.host_slug)
    if demo.outcome == "declined":
        negotiation.decline_proposal(_organizer(demo.proposal.cohost_slugs[0]), event.id, demo.note)
        return
    if demo.outcome not in ("confirmed", "published", "cancelled"):
        return
    slot_id = event.slots[0].id
    for slug in demo.proposal.cohost_slugs:
        negotiation.answer_slot(_organizer(slug), event.id, slot_id, Answer.YES, "")
    scheduling.confirm_slot(host, event.id, slot_id)
    if demo.outcome in ("published", "cancelled"):
        scheduling.publish_event(host, event.id)
    if demo.outcome == "cancelled":
        scheduling.cancel_event(host, event.id, scheduling.CancellationReason(en=demo.note))


def seed_demo_events(today: date) -> list[str]:
    """Create the demo events that do not exist yet; return the titles created."""
    created: list[str] = []
    for demo in demo_events(today):
        title = demo.proposal.title_en
        if db.session.scalar(select(Event.id).where(Event.title_en == title)) is not None:
            continue
        event = negotiation.propose_event(_organizer(demo.host_slug), demo.proposal)
        _bring_to_outcome(event, demo)
        created.append(title)
    return created
