"""Demo events, one or more in each state, planned through the real services.

Dates are counted from the day of seeding so the demo always has upcoming events; the
times are chosen to show what the app is about: a Tokyo evening that is a Copenhagen
morning, and one date that differs between the cities.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from planner.extensions import db
from planner.models import Answer, Event, EventFormat, User
from planner.services import proposals, scheduling
from planner.services.proposals import ProposalInput, SlotInput, SpeakerInput


def _user(email: str) -> User:
    """A demo account (seeded before the events)."""
    return db.session.scalar(select(User).where(User.email == email))


def _day(today: date, weeks: int, weekday: int) -> str:
    """The ISO date of ``weekday`` (0 = Monday) in the week ``weeks`` from ``today``."""
    start = today + timedelta(weeks=weeks)
    return (start + timedelta(days=(weekday - start.weekday()) % 7)).isoformat()


def _exists(title: str) -> bool:
    """True when an event with this English title is already there."""
    return db.session.scalar(select(Event.id).where(Event.title_en == title)) is not None


def _agree(event: Event, slot_index: int, emails: list[str]) -> int:
    """Every listed co-host organizer says yes to one slot; returns the slot id."""
    slot_id = event.slots[slot_index].id
    for email in emails:
        proposals.answer_slot(_user(email), event.id, slot_id, Answer.YES, "")
    return slot_id


def seed_demo_events(today: date) -> list[str]:
    """Create the demo events that do not exist yet; return the titles created."""
    host = _user("organizer@link-j.example")
    cluster = _user("organizer@dk-cluster.example")
    created: list[str] = []

    title = "Digital health in Denmark and Japan"
    if not _exists(title):
        event = proposals.propose_event(
            host,
            ProposalInput(
                title_en=title,
                title_ja="デンマークと日本のデジタルヘルス",
                format=EventFormat.WEBINAR,
                cohost_slugs=["dk-embassy", "dk-cluster"],
                duration_minutes=90,
                slots=[
                    SlotInput(f"{_day(today, 3, 3)}T17:00", "Asia/Tokyo"),
                    SlotInput(f"{_day(today, 4, 1)}T16:30", "Asia/Tokyo"),
                ],
                description_en=(
                    "How national health data, telemedicine and hospital partnerships work in "
                    "Denmark and Japan.\n\n* Welcome from both co-hosts\n* Two case studies\n"
                    "* Questions from the audience"
                ),
                description_ja="デンマークと日本における医療データ、遠隔医療、病院連携の取り組みを紹介します。",
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
        )
        slot_id = _agree(event, 0, ["organizer@dk-embassy.example", "organizer@dk-cluster.example"])
        scheduling.confirm_slot(host, event.id, slot_id)
        scheduling.publish_event(host, event.id)
        created.append(title)

    title = "Medicon Valley meets Nihonbashi: open innovation symposium"
    if not _exists(title):
        proposals.propose_event(
            cluster,
            ProposalInput(
                title_en=title,
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
        )
        created.append(title)

    title = "Biobanks and data sharing: a working session"
    if not _exists(title):
        event = proposals.propose_event(
            host,
            ProposalInput(
                title_en=title,
                format=EventFormat.WEBINAR,
                cohost_slugs=["medicon"],
                duration_minutes=60,
                # 07:00 in Tokyo is still the evening before in Copenhagen.
                slots=[SlotInput(f"{_day(today, 5, 4)}T07:00", "Asia/Tokyo")],
                online_url="https://webinar.example.org/j/biobanks",
            ),
        )
        slot_id = _agree(event, 0, ["organizer@medicon.example"])
        scheduling.confirm_slot(host, event.id, slot_id)
        created.append(title)

    title = "Start-up pitch night (draft)"
    if not _exists(title):
        proposals.propose_event(
            host,
            ProposalInput(
                title_en=title,
                format=EventFormat.SYMPOSIUM,
                cohost_slugs=["dk-embassy"],
                duration_minutes=120,
                slots=[SlotInput(f"{_day(today, 8, 2)}T18:00", "Asia/Tokyo")],
                submit=False,
            ),
        )
        created.append(title)

    title = "Antimicrobial resistance roundtable"
    if not _exists(title):
        event = proposals.propose_event(
            host,
            ProposalInput(
                title_en=title,
                format=EventFormat.WEBINAR,
                cohost_slugs=["dk-cluster"],
                duration_minutes=60,
                slots=[SlotInput(f"{_day(today, 2, 2)}T16:00", "Asia/Tokyo")],
                online_url="https://webinar.example.org/j/amr",
            ),
        )
        slot_id = _agree(event, 0, ["organizer@dk-cluster.example"])
        scheduling.confirm_slot(host, event.id, slot_id)
        scheduling.publish_event(host, event.id)
        scheduling.cancel_event(
            host, event.id, "The speakers could not travel; we will propose a new date."
        )
        created.append(title)

    title = "Regulatory science exchange"
    if not _exists(title):
        event = proposals.propose_event(
            host,
            ProposalInput(
                title_en=title,
                format=EventFormat.WEBINAR,
                cohost_slugs=["dk-embassy"],
                duration_minutes=60,
                slots=[SlotInput(f"{_day(today, 7, 1)}T17:00", "Asia/Tokyo")],
            ),
        )
        proposals.decline_proposal(
            _user("organizer@dk-embassy.example"), event.id, "Our team is fully booked that season."
        )
        created.append(title)
    return created
