"""Reminding confirmed attendees before their event, at a sensible hour of their day.

Every minute the worker looks at the published events starting in the coming
:data:`WINDOW` and, for every confirmed registration whose address did not turn these
reminders off, at each reminder the event sends (``Event.reminder_offsets``). A
reminder is due at its :func:`~planner.core.reminder_times.send_instant` in the
reader's zone (the zone their browser reported, else the event's planning zone).

Each (registration, offset, start) is decided once (:func:`ledger.remember_once`), so a
second worker, a retry or a second run in the same minute sends nothing twice; the
start is part of the key, so a rescheduled event reminds again for its new time. Of
the reminders due at one run only the last is sent: after a worker was down, the
attendee gets one reminder, not a burst, and the earlier ones are remembered without a
message. A reminder that was due before the person registered is remembered without a
message too (they have just had their confirmation). Cancelled events and cancelled or
waitlisted registrations are never looked at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from planner.core.enums import ReminderKind
from planner.core.reminder_times import send_instant
from planner.extensions import db
from planner.jobs.registry import job
from planner.limits import REMINDER_OFFSET_CHOICES
from planner.models import Event, EventStatus, Registration, RegistrationStatus, utc_now
from planner.notifications.messages import queue_message, reader_of_registration
from planner.reminders import ledger
from planner.unit_of_work import unit_of_work

ATTENDEE_REMINDER = "reminders/attendee"
# How far ahead events are looked at: the earliest reminder, plus a day for a clock
# change and for a reminder moved out of the reader's night to the evening before.
WINDOW = timedelta(minutes=max(REMINDER_OFFSET_CHOICES)) + timedelta(days=1)


@dataclass(frozen=True)
class DueReminder:
    """One reminder of one registration whose time has come."""

    offset_minutes: int
    instant: datetime
    key: str


def reminder_key(registration_id: int, offset_minutes: int, start_utc: datetime) -> str:
    """The occasion's name in the ledger: this registration, this offset, this start."""
    return f"registration:{registration_id}:{offset_minutes}:{start_utc.isoformat()}"


def due_reminders(registration: Registration, event: Event, now: datetime) -> list[DueReminder]:
    """The event's reminders for ``registration`` that are due at ``now``, earliest first.

    Ties (two reminders moved to the same evening) put the one closer to the start last.
    """
    zone = registration.timezone or event.planning_timezone
    due = []
    for offset in event.reminder_offsets or ():
        instant = send_instant(event.start_utc, offset, zone)
        if instant <= now:
            key = reminder_key(registration.id, offset, event.start_utc)
            due.append(DueReminder(offset, instant, key))
    return sorted(due, key=lambda reminder: (reminder.instant, -reminder.offset_minutes))


def _decide(registration: Registration, due: Sequence[DueReminder]) -> int:
    """Within the unit of work: claim every due reminder, queue the last one; 1 if queued."""
    *superseded, last = due
    for reminder in superseded:
        ledger.remember_once(ReminderKind.ATTENDEE, reminder.key)
    claimed = ledger.remember_once(ReminderKind.ATTENDEE, last.key)
    if claimed is None or last.instant < registration.created_at:
        return 0
    message = queue_message(
        ATTENDEE_REMINDER,
        reader_of_registration(registration),
        event=registration.event,
        registration=registration,
        unsubscribe=str(ReminderKind.ATTENDEE),
        offset_minutes=last.offset_minutes,
    )
    ledger.link_message(claimed, message)
    return 1


@job("send_attendee_reminders", every_minutes=1)
def send_attendee_reminders(now: datetime | None = None) -> int:
    """Queue every attendee reminder due by ``now`` (default: the clock); return how many.

    Four queries whatever the number of attendees: the events in the window, their
    confirmed registrations, the addresses that turned these reminders off, and the
    reminders already decided.
    """
    moment = now or utc_now()
    with unit_of_work():
        events = {
            event.id: event
            for event in db.session.scalars(
                select(Event).where(
                    Event.status == EventStatus.PUBLISHED,
                    Event.start_utc > moment,
                    Event.start_utc <= moment + WINDOW,
                )
            )
            if event.reminder_offsets
        }
        if not events:
            return 0
        registrations = db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id.in_(events),
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            # One order for every worker, so two running at once never wait on each
            # other's ledger rows in opposite orders (a deadlock).
            .order_by(Registration.event_id, Registration.id)
        ).all()
        refused = ledger.opted_out_addresses(ReminderKind.ATTENDEE)
        waiting = [
            (registration, due)
            for registration in registrations
            if registration.email.lower() not in refused
            and (due := due_reminders(registration, events[registration.event_id], moment))
        ]
        # A reminder stays due until the start: skip those decided on an earlier run in
        # one query, rather than failing to claim each of them again every minute.
        handled = ledger.remembered(
            ReminderKind.ATTENDEE, (reminder.key for _r, due in waiting for reminder in due)
        )
        queued = 0
        for registration, due in waiting:
            if due[-1].key in handled:
                continue  # the latest due one was decided: so were the ones before it
            fresh = [reminder for reminder in due if reminder.key not in handled]
            queued += _decide(registration, fresh)
    return queued
