"""The co-hosting workflow services, end to end, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest

from planner.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TimeProblem,
    ValidationFailed,
)
from planner.events import negotiation, scheduling
from planner.events.access import can_view
from planner.events.negotiation import SlotInput
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Answer, AuditEntry, Event, EventStatus, OutboxMessage
from tests.factories import ADMIN, proposal, user


def test_proposal_stores_utc_instants_and_the_entered_zone(people) -> None:  # noqa: ANN001
    event = negotiation.propose_event(people["link-j"], proposal())
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == EventStatus.PROPOSED
    assert [slot.start_utc for slot in event.slots] == [
        datetime(2037, 3, 27, 8, 0, tzinfo=UTC),
        datetime(2037, 4, 2, 7, 30, tzinfo=UTC),
    ]
    assert event.slots[0].end_utc == datetime(2037, 3, 27, 9, 30, tzinfo=UTC)
    assert event.planning_timezone == "Asia/Tokyo"
    assert [org.slug for org in event.cohosts] == ["dk-cluster", "dk-embassy"]
    recipients = {m.recipient for m in db.session.scalars(db.select(OutboxMessage))}
    assert recipients == {"organizer@dk-embassy.example", "organizer@dk-cluster.example"}


def test_nonexistent_local_time_is_a_422_and_nothing_is_written(people) -> None:  # noqa: ANN001
    bad = proposal(slots=[SlotInput("2037-03-29T02:30", "Europe/Copenhagen")])
    with pytest.raises(TimeProblem) as caught:
        negotiation.propose_event(people["link-j"], bad)
    assert caught.value.status_code == 422
    assert caught.value.code == "nonexistent_local_time"
    assert caught.value.field == "slots[0]"
    assert "02:00" in caught.value.message and "03:00" in caught.value.message
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_ambiguous_local_time_offers_both_choices_and_accepts_one(people) -> None:  # noqa: ANN001
    ambiguous = [SlotInput("2037-10-25T02:30", "Europe/Copenhagen")]
    with pytest.raises(TimeProblem) as caught:
        negotiation.propose_event(people["link-j"], proposal(slots=ambiguous))
    assert [c["offset"] for c in caught.value.details["choices"]] == ["+02:00", "+01:00"]
    chosen = [SlotInput("2037-10-25T02:30", "Europe/Copenhagen", choice="CET")]
    event = negotiation.propose_event(people["link-j"], proposal(slots=chosen))
    assert event.slots[0].start_utc == datetime(2037, 10, 25, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cohost_slugs": []}, "cohosts"),
        ({"cohost_slugs": ["atlantis"]}, "cohosts"),
        ({"cohost_slugs": ["link-j"]}, "cohosts"),
        ({"slots": []}, "slots"),
        ({"slots": [SlotInput("2037-05-01T10:00", "Asia/Tokyo")] * 11}, "slots"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"title_en": "  "}, "title_en"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_invalid_proposals_name_the_field(people, change: dict, field: str) -> None:  # noqa: ANN001
    with pytest.raises(ValidationFailed) as caught:
        negotiation.propose_event(people["link-j"], proposal(**change))
    assert caught.value.field == field


def test_full_flow_answer_confirm_publish_reschedule_cancel(people) -> None:  # noqa: ANN001
    event = negotiation.propose_event(people["link-j"], proposal())
    first = event.slots[0]
    negotiation.answer_slot(people["dk-embassy"], event.id, first.id, Answer.YES)
    with pytest.raises(Conflict) as not_yet:
        scheduling.confirm_slot(people["link-j"], event.id, first.id)
    assert not_yet.value.details["not_agreed"] == ["Danish Life Science Cluster"]
    negotiation.answer_slot(people["dk-cluster"], event.id, first.id, Answer.MAYBE, "Early for us")
    scheduling.confirm_slot(people["link-j"], event.id, first.id)
    assert event.status == EventStatus.CONFIRMED
    assert event.start_utc == first.start_utc
    invites = db.session.scalars(
        db.select(OutboxMessage).filter_by(calendar_method="REQUEST")
    ).all()
    assert {m.recipient for m in invites} >= {"organizer@dk-cluster.example"}
    assert "UID:" + event.uid in invites[0].calendar.replace("\r\n ", "")
    scheduling.publish_event(people["link-j"], event.id)
    assert event.status == EventStatus.PUBLISHED
    assert can_view(None, event)
    scheduling.reschedule_event(
        people["link-j"], event.id, RescheduleInput("2037-03-27T18:00", "Asia/Tokyo")
    )
    assert event.sequence == 1
    assert event.start_utc == datetime(2037, 3, 27, 9, 0, tzinfo=UTC)
    scheduling.cancel_event(people["link-j"], event.id, CancellationReason("Speaker ill"))
    assert (event.status, event.sequence) == (EventStatus.CANCELLED, 2)
    cancels = db.session.scalars(db.select(OutboxMessage).filter_by(calendar_method="CANCEL"))
    assert all("STATUS:CANCELLED" in m.calendar for m in cancels)
    actions = [
        e.action
        for e in db.session.scalars(
            db.select(AuditEntry).filter_by(event_id=event.id).order_by(AuditEntry.id)
        )
    ]
    assert actions[0] == "event.propose"
    assert {
        "slot.answer",
        "event.confirm",
        "event.publish",
        "event.reschedule",
        "event.cancel",
    } <= set(actions)


def test_refused_slot_cannot_be_confirmed(people) -> None:  # noqa: ANN001
    event = negotiation.propose_event(people["link-j"], proposal())
    slot = event.slots[0]
    negotiation.answer_slot(people["dk-embassy"], event.id, slot.id, Answer.YES)
    negotiation.answer_slot(people["dk-cluster"], event.id, slot.id, Answer.NO)
    with pytest.raises(Conflict):
        scheduling.confirm_slot(people["link-j"], event.id, slot.id)
    assert event.status == EventStatus.PROPOSED


def test_counter_slot_counts_its_proposer_as_yes(people) -> None:  # noqa: ANN001
    event = negotiation.propose_event(people["link-j"], proposal())
    slot = negotiation.add_counter_slot(
        people["dk-cluster"], event.id, SlotInput("2037-03-30T09:00", "Europe/Copenhagen")
    )
    assert slot.start_utc == datetime(2037, 3, 30, 7, 0, tzinfo=UTC)  # CEST already
    negotiation.answer_slot(people["dk-embassy"], event.id, slot.id, Answer.YES)
    scheduling.confirm_slot(people["link-j"], event.id, slot.id)
    assert event.start_utc == slot.start_utc


def test_permissions(people) -> None:  # noqa: ANN001
    draft = negotiation.propose_event(people["link-j"], proposal(submit=False))
    assert draft.status == EventStatus.DRAFT
    with pytest.raises(NotFound):  # a draft is not shown to co-hosts yet
        negotiation.answer_slot(people["dk-embassy"], draft.id, draft.slots[0].id, Answer.YES)
    negotiation.submit_proposal(people["link-j"], draft.id)
    with pytest.raises(NotFound):  # Medicon is not involved
        negotiation.answer_slot(people["medicon"], draft.id, draft.slots[0].id, Answer.YES)
    with pytest.raises(PermissionDenied):  # only the host confirms
        scheduling.confirm_slot(people["dk-embassy"], draft.id, draft.slots[0].id)
    with pytest.raises(PermissionDenied):  # the host does not decline its own proposal
        negotiation.decline_proposal(people["link-j"], draft.id)
    assert can_view(user(ADMIN), draft)
    negotiation.decline_proposal(people["dk-cluster"], draft.id, "Not this spring")
    assert draft.status == EventStatus.DECLINED
    with pytest.raises(Conflict) as refused:
        negotiation.withdraw_proposal(people["link-j"], draft.id)
    assert "declined" in refused.value.message
    assert refused.value.details["allowed"] == []
