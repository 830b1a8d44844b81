"""The follow-up email: sent once to every confirmed attendee after the material is shared.

A periodic job finds follow-up material not emailed yet for an event that has ended,
takes it with a conditional update (of two workers one does it), and queues one
message per confirmed attendee who has not turned follow-ups off, each remembered in
the sent-once ledger. Changing the material later sends nothing again: the pages show
the new version.
"""

from __future__ import annotations

from sqlalchemy import select, update

from planner.calendars.values import event_page_url
from planner.extensions import db
from planner.follow_up.operations import FOLLOWED_UP_STATES, SEND_JOB
from planner.jobs.registry import job
from planner.models import (
    Event,
    FollowUp,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    ReminderKind,
    utc_now,
)
from planner.notifications.messages import (
    Rendered,
    event_of,
    queue_message,
    reader_of_registration,
    registration_of,
    render_email,
    renderer,
)
from planner.presentation import current_locale
from planner.reminders.ledger import (
    link_message,
    opted_out_addresses,
    remember_once,
    unsubscribe_url,
)
from planner.unit_of_work import unit_of_work
from planner.urls import public_url

FOLLOW_UP = "follow_up/attendee"


@job(SEND_JOB, every_minutes=5)
def send_follow_ups() -> int:
    """Queue the follow-up emails of every ended event not emailed yet; return how many."""
    now = utc_now()
    with unit_of_work():
        waiting = db.session.scalars(
            select(FollowUp.event_id)
            .join(Event, Event.id == FollowUp.event_id)
            .where(
                FollowUp.emailed_at.is_(None),
                Event.status.in_(FOLLOWED_UP_STATES),
                Event.end_utc <= now,
            )
        ).all()
    return sum(_email_attendees(event_id) for event_id in waiting)


def _email_attendees(event_id: int) -> int:
    """Take one event's material for this worker and queue its attendees' emails."""
    with unit_of_work():
        taken = db.session.execute(
            update(FollowUp)
            .where(FollowUp.event_id == event_id, FollowUp.emailed_at.is_(None))
            .values(emailed_at=utc_now())
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return 0
        event = db.session.get(Event, event_id)
        opted_out = opted_out_addresses(ReminderKind.FOLLOW_UP)
        attendees = db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event_id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .order_by(Registration.id)
        ).all()
        queued = 0
        for registration in attendees:
            if registration.email in opted_out:
                continue
            row = remember_once(ReminderKind.FOLLOW_UP, f"registration:{registration.id}")
            if row is None:
                continue
            message = queue_message(
                FOLLOW_UP,
                reader_of_registration(registration),
                event=event,
                registration=registration,
                unsubscribe=str(ReminderKind.FOLLOW_UP),
            )
            link_message(row, message)
            queued += 1
    return queued


@renderer(FOLLOW_UP)
def write_follow_up(message: OutboxMessage) -> Rendered:
    """The note, slides and recording, in the attendee's language."""
    event = event_of(message)
    registration = registration_of(message)
    follow_up = db.session.get(FollowUp, event.id)
    if follow_up is None:
        raise LookupError("the follow-up material of this event no longer exists")
    locale = current_locale()
    return Rendered(
        *render_email(
            FOLLOW_UP,
            name=message.recipient_name,
            title=event.title(locale),
            note=follow_up.note(locale),
            slides_url=follow_up.slides_url,
            recording_url=follow_up.recording_url,
            event_url=event_page_url(event),
            manage_url=public_url("registrations.manage", token=registration.manage_token),
            unsubscribe_url=unsubscribe_url(message.recipient, ReminderKind.FOLLOW_UP),
        )
    )
