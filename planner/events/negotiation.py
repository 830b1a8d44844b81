"""Proposing a co-hosted event and negotiating its time.

An organizer proposes an event to one or more partner organizations with 1 to 10
candidate slots; co-host organizers answer each slot (yes / if need be / no) and may
add counter-slots; a co-host may decline, the host may withdraw.
"""

from __future__ import annotations

from flask_babel import gettext as _

from planner import audit
from planner.core.lifecycle import NEGOTIABLE, Action
from planner.errors import (
    Conflict,
    FieldChecks,
    PermissionDenied,
    ValidationFailed,
)
from planner.events import mail as event_mail
from planner.events.access import load_event, require_cohost, require_host, require_involved
from planner.events.answering import SlotAnswer, answer_slot, answer_slots  # this API's too
from planner.events.common import (
    check_known_version,
    check_version,
    event_snapshot,
    move,
    touch,
)
from planner.events.proposal_checks import (  # the input types are part of this API
    ProposalInput,
    SlotInput,
    SpeakerInput,
    check_proposal,
)
from planner.events.proposal_checks import new_slot as make_slot
from planner.extensions import db
from planner.form_values import unix_newlines
from planner.invitations import operations as invitations
from planner.labels import status_label
from planner.limits import SLOTS_MAX
from planner.models import Answer, CandidateSlot, Event, EventStatus, SlotResponse, User, utc_now
from planner.presentation import involved_zones
from planner.proposal_links import operations as proposal_links
from planner.registrations import seats
from planner.unit_of_work import unit_of_work

__all__ = [
    "ProposalInput",
    "SlotAnswer",
    "SlotInput",
    "SpeakerInput",
    "add_counter_slot",
    "answer_slot",
    "answer_slots",
    "decline_proposal",
    "propose_event",
    "submit_proposal",
    "withdraw_proposal",
]


def _record_own_yes(slot: CandidateSlot, actor: User, written_in: int | None = None) -> None:
    """Whoever proposes a slot agrees to it: their organization's answer is yes."""
    slot.responses.append(
        SlotResponse(
            organization_id=actor.organization_id,
            user=actor,
            answer=Answer.YES,
            event_version=written_in,
        )
    )


def _require_organizer(actor: User) -> None:
    """Proposing needs an organization to host the event."""
    if actor.organization_id is None:
        raise PermissionDenied(_("Only members of an organization can propose events."))


def propose_event(actor: User, proposal: ProposalInput) -> Event:
    """Create a proposal (or a draft, when ``submit`` is false) hosted by the actor's org.

    Every field is checked before anything is written; all problems are raised at once
    (:class:`~planner.errors.FieldErrors` when there are several).
    """
    _require_organizer(actor)
    checks = FieldChecks()
    checked = check_proposal(actor, proposal, checks)
    checks.raise_any()
    slots, speakers = checked.slots, checked.speakers
    with unit_of_work():
        event = Event(
            title_en=checked.title,
            title_ja=(proposal.title_ja or "").strip() or None,
            description_en=(unix_newlines(proposal.description_en) or "").strip(),
            description_ja=(unix_newlines(proposal.description_ja) or "").strip() or None,
            format=proposal.format,
            status=EventStatus.PROPOSED if proposal.submit else EventStatus.DRAFT,
            proposed_at=utc_now() if proposal.submit else None,
            host_organization_id=actor.organization_id,
            host=actor.organization,
            created_by=actor,
            planning_timezone=checked.planning_zone,
            duration_minutes=checked.duration_minutes,
            online_url=(proposal.online_url or "").strip() or None,
            venue=(proposal.venue or "").strip() or None,
            capacity=proposal.capacity,
            language=proposal.language,
            asks_contact_consent=proposal.asks_contact_consent,
            answer_by=proposal.answer_by,
            cohosts=checked.cohosts,
            slots=slots,
            speakers=speakers,
        )
        for slot in slots:
            _record_own_yes(slot, actor)
        db.session.add(event)
        db.session.flush()
        audit.record(
            actor,
            "event.propose" if proposal.submit else "event.draft",
            "event",
            event.id,
            after=event_snapshot(event),
            event_id=event.id,
        )
        if proposal.submit:
            _tell_cohosts_about_proposal(event, actor)
            invitations.invite_organization_contacts_in_unit(actor, event)
    return event


def _tell_cohosts_about_proposal(event: Event, actor: User) -> None:
    """Queue the new-proposal email, with a personal answer link, to each co-host organizer."""
    db.session.flush()  # the links refer to the event by id
    proposal_links.send_proposal_emails_in_unit(event, actor)


def submit_proposal(actor: User, event_id: int, expected_version: int | None = None) -> Event:
    """Send a draft to the co-hosts (refused if it changed since ``expected_version``)."""
    event = load_event(actor, event_id)
    require_host(actor, event)
    check_version(event, expected_version)
    with unit_of_work():
        move(actor, event, Action.SUBMIT)
        event.proposed_at = utc_now()
        _tell_cohosts_about_proposal(event, actor)
        invitations.invite_organization_contacts_in_unit(actor, event)
    return event


def add_counter_slot(
    actor: User, event_id: int, slot: SlotInput, expected_version: int | None = None
) -> CandidateSlot:
    """A host or co-host organizer proposes another time while negotiating.

    A new time overwrites nothing, so ``expected_version`` may be an older version (two
    organizations suggesting times at once both get theirs in); one the event never
    had is refused.
    """
    event = load_event(actor, event_id)
    require_involved(actor, event)
    if event.status not in NEGOTIABLE:
        raise Conflict(
            _(
                "Times can only be proposed while the event is being planned (it is %(status)s).",
                status=status_label(event.status),
            ),
            code="invalid_transition",
            details={"status": str(event.status), "allowed": []},
        )
    if len(event.slots) >= SLOTS_MAX * 2:
        raise ValidationFailed(
            _("This proposal already has enough candidate times."), field="slots"
        )
    zones = [event.planning_timezone, *involved_zones(event)]
    new_slot = make_slot(
        actor, slot, event.duration_minutes, event.planning_timezone, "start", zones
    )
    with unit_of_work():
        seats.lock_event(event.id)  # one writer at a time; the event is read afresh
        check_known_version(event, expected_version)
        event.slots.append(new_slot)
        _record_own_yes(new_slot, actor, written_in=event.version + 1)
        touch(event)
        db.session.flush()
        audit.record(
            actor,
            "slot.add",
            "slot",
            new_slot.id,
            event_id=event.id,
            after={
                "start_utc": new_slot.start_utc.isoformat(),
                "timezone": new_slot.entered_timezone,
            },
        )
        event_mail.tell_candidate_added(event, actor, new_slot)
    return new_slot


def decline_proposal(
    actor: User, event_id: int, reason: str = "", expected_version: int | None = None
) -> Event:
    """A co-host organization turns the whole proposal down."""
    event = load_event(actor, event_id)
    require_cohost(actor, event)
    check_version(event, expected_version)
    with unit_of_work():
        move(actor, event, Action.DECLINE, extra={"reason": reason.strip()})
        event_mail.tell_declined(event, actor, reason.strip())
    return event


def withdraw_proposal(actor: User, event_id: int, expected_version: int | None = None) -> Event:
    """The host takes back a draft or a proposal."""
    event = load_event(actor, event_id)
    require_host(actor, event)
    check_version(event, expected_version)
    with unit_of_work():
        was_sent = event.status == EventStatus.PROPOSED
        move(actor, event, Action.WITHDRAW)
        if was_sent:
            event_mail.tell_withdrawn(event)
    return event
