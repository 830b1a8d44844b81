"""Answering a proposal: each co-host organization's answer to each candidate time.

Split from :mod:`planner.events.negotiation`, which re-exports these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.errors import Conflict, StaleVersion, ValidationFailed
from planner.events import mail as event_mail
from planner.events.access import load_event, require_cohost
from planner.events.common import check_known_version, touch
from planner.extensions import db
from planner.labels import status_label
from planner.models import Answer, CandidateSlot, Event, EventStatus, SlotResponse, User, utc_now
from planner.registrations import seats
from planner.reminders import answers as answer_reminders
from planner.unit_of_work import unit_of_work


@dataclass(frozen=True)
class SlotAnswer:
    """One answer to one candidate slot."""

    slot_id: int
    answer: Answer
    comment: str = ""


def answer_slots(
    actor: User,
    event_id: int,
    answers: list[SlotAnswer],
    expected_version: int | None = None,
    *,
    via_link: bool = False,
) -> list[SlotResponse]:
    """Record the actor's organization's answers to several slots, all or nothing.

    Every slot is checked before anything is written, the answers are saved in one
    unit of work, and the host is told once. A new answer replaces the old one, also
    when two of the organization's organizers answer at the same moment: answers are
    written under the event's lock, so the second finds the first and replaces it
    (never a second row, which the database would refuse).

    ``expected_version`` (the API's precondition) is the version the answers are based
    on. Answers are merged like edits: other organizations' answers and other changes
    since do not matter, but if this organization's answer to one of the slots was
    written after that version, the answers are refused (``StaleVersion``, code
    ``answer_conflict``) rather than silently replace a colleague's.

    ``via_link`` records that the actor answered from their personal proposal link
    (planner.proposal_links) rather than signed in; the answer is theirs all the same.
    """
    event = load_event(actor, event_id)
    require_cohost(actor, event)  # each co-host answers for itself; the host confirms
    saved = []
    with unit_of_work():
        # One writer of the event's answers at a time; the state is read under the lock.
        seats.lock_event(event.id)
        check_known_version(event, expected_version)
        if event.status != EventStatus.PROPOSED:
            raise Conflict(
                _(
                    "Answers are collected while the event is proposed (it is %(status)s).",
                    status=status_label(event.status),
                ),
                code="invalid_transition",
                details={"status": str(event.status), "allowed": []},
            )
        slots = {slot.id: slot for slot in event.slots}
        if any(item.slot_id not in slots for item in answers):
            raise ValidationFailed(_("This event has no such candidate time."), field="slot_id")
        written_in = event.version + 1  # the version this unit of work makes
        changed: list[tuple[CandidateSlot, SlotAnswer]] = []
        for item in answers:
            slot = slots[item.slot_id]
            current = _current_answer(slot, actor)
            if _same_answer(current, item):
                # Sent back as it stood (a form preset with a colleague's answer): it
                # stays that colleague's, and nothing is recorded or announced.
                saved.append(current)
                continue
            saved.append(
                _record_answer(
                    actor, event, slot, item, current, expected_version, written_in, via_link
                )
            )
            changed.append((slot, item))
        if changed:
            touch(event)
            _tell_the_host(event, actor, changed)
            answer_reminders.tell_host_if_everyone_answered_in_unit(event)
    return saved


def _current_answer(slot: CandidateSlot, actor: User) -> SlotResponse | None:
    """The organization's answer to ``slot`` as stored now (not as loaded before the lock)."""
    return db.session.scalar(
        select(SlotResponse)
        .filter_by(slot_id=slot.id, organization_id=actor.organization_id)
        .execution_options(populate_existing=True)
    )


def _same_answer(current: SlotResponse | None, item: SlotAnswer) -> bool:
    """Whether ``item`` says exactly what the stored answer says."""
    return (
        current is not None
        and current.answer == item.answer
        and (current.comment or "") == item.comment.strip()
    )


def _tell_the_host(
    event: Event, actor: User, changed: list[tuple[CandidateSlot, SlotAnswer]]
) -> None:
    """Queue one message to the host's organizers: each changed answer, time by time.

    Written when it is delivered, in each reader's language and zone
    (:func:`planner.events.mail.write_answered`).
    """
    event_mail.tell_answered(
        event, actor, [(slot, item.answer, item.comment.strip()) for slot, item in changed]
    )


def _record_answer(
    actor: User,
    event: Event,
    slot: CandidateSlot,
    item: SlotAnswer,
    response: SlotResponse | None,
    expected_version: int | None,
    written_in: int,
    via_link: bool = False,
) -> SlotResponse:
    """Set one slot's answer for the actor's organization (within the caller's work).

    ``response`` is the current answer, read from the database under the event's lock
    (``_current_answer``), not from ``slot.responses``, which may be older.
    """
    if response is not None and expected_version is not None:
        _refuse_unseen_answer(event, response, expected_version)
    before = {"answer": str(response.answer), "comment": response.comment} if response else None
    if response is None:
        response = SlotResponse(organization_id=actor.organization_id)
        slot.responses.append(response)
    response.user = actor
    response.answer = item.answer
    response.comment = item.comment.strip()
    response.updated_at = utc_now()
    response.event_version = written_in
    db.session.flush()
    audit.record(
        actor,
        "slot.answer",
        "slot",
        slot.id,
        event_id=event.id,
        before=before,
        after={
            "answer": str(item.answer),
            "comment": response.comment,
            "organization": actor.organization.slug,
            **({"via": "email link"} if via_link else {}),
        },
    )
    return response


def _refuse_unseen_answer(event: Event, response: SlotResponse, expected_version: int) -> None:
    """Refuse to replace an answer written after the version the new one is based on."""
    if (response.event_version or 0) > expected_version:
        raise StaleVersion(
            _(
                "Someone in your organization answered this time after you opened the "
                "event. Look at their answer, then send yours again."
            ),
            code="answer_conflict",
            details={
                "current_version": event.version,
                "slot_id": response.slot_id,
                "current": {"answer": str(response.answer), "comment": response.comment},
            },
        )


def answer_slot(
    actor: User,
    event_id: int,
    slot_id: int,
    answer: Answer,
    comment: str = "",
    expected_version: int | None = None,
) -> SlotResponse:
    """Record the actor's organization's answer to one slot."""
    return answer_slots(actor, event_id, [SlotAnswer(slot_id, answer, comment)], expected_version)[
        0
    ]
