"""Sharing an event's follow-up material: who may, when, and what is kept."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from planner import audit
from planner.errors import Conflict, ValidationFailed
from planner.events.access import load_event, require_involved
from planner.extensions import db
from planner.jobs.queue import after_commit
from planner.limits import FOLLOW_UP_NOTE_MAX
from planner.models import Event, EventStatus, FollowUp, User, utc_now
from planner.text_rules import is_web_address, web_address_message
from planner.unit_of_work import unit_of_work

# Follow-up belongs to an event that took place in public.
FOLLOWED_UP_STATES = (EventStatus.PUBLISHED, EventStatus.COMPLETED)
# The job that emails it (planner.follow_up.mail).
SEND_JOB = "send_follow_ups"


@dataclass(frozen=True)
class FollowUpInput:
    """The material as typed: a note per language, two addresses, who sees the recording."""

    note_en: str = ""
    note_ja: str = ""
    slides_url: str = ""
    recording_url: str = ""
    recording_for_registrants: bool = True


def follow_up_of(event: Event) -> FollowUp | None:
    """The event's follow-up material, if any was shared."""
    return db.session.get(FollowUp, event.id)


def can_follow_up(event: Event) -> bool:
    """Whether the event is one that has ended and was held (published, then completed)."""
    return (
        event.status in FOLLOWED_UP_STATES
        and event.end_utc is not None
        and event.end_utc <= utc_now()
    )


def _checked(values: FollowUpInput) -> FollowUpInput:
    """The values trimmed, or ``ValidationFailed`` naming the field at fault."""
    for field in ("note_en", "note_ja"):
        if len(getattr(values, field).strip()) > FOLLOW_UP_NOTE_MAX:
            raise ValidationFailed(
                _("Keep the note under %(num)d characters.", num=FOLLOW_UP_NOTE_MAX), field=field
            )
    for field in ("slides_url", "recording_url"):
        address = getattr(values, field).strip()
        if address and not is_web_address(address):
            raise ValidationFailed(web_address_message(), field=field)
    return FollowUpInput(
        note_en=values.note_en.strip(),
        note_ja=values.note_ja.strip(),
        slides_url=values.slides_url.strip(),
        recording_url=values.recording_url.strip(),
        recording_for_registrants=values.recording_for_registrants,
    )


def save_follow_up(actor: User, event_id: int, values: FollowUpInput) -> FollowUp:
    """An organizer of a co-hosting organization shares (or changes) the material.

    Only once the event has ended. Confirmed attendees are emailed it once, by the
    follow-up job; a later change shows on the pages but sends nothing again.
    """
    event = load_event(actor, event_id)
    require_involved(actor, event)
    if not can_follow_up(event):
        raise Conflict(
            _("Follow-up material can be shared once the event has taken place."),
            code="event_not_over",
        )
    checked = _checked(values)
    with unit_of_work():
        follow_up = follow_up_of(event) or FollowUp(event_id=event.id)
        db.session.add(follow_up)
        follow_up.note_en = checked.note_en
        follow_up.note_ja = checked.note_ja
        follow_up.slides_url = checked.slides_url or None
        follow_up.recording_url = checked.recording_url or None
        follow_up.recording_for_registrants = checked.recording_for_registrants
        follow_up.updated_by_id = actor.id
        follow_up.updated_at = utc_now()
        audit.record(
            actor,
            "event.follow_up",
            "event",
            event.id,
            event_id=event.id,
            after={
                "slides_url": follow_up.slides_url,
                "recording_url": follow_up.recording_url,
                "recording_for_registrants": follow_up.recording_for_registrants,
            },
        )
        # The attendees' emails go at once, not at the job's next periodic run.
        after_commit(db.session, SEND_JOB)
    return follow_up
