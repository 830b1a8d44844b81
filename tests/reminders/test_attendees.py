"""Reminders to attendees before their event, on a clock the tests move (time-machine).

The event starts on Sunday 29 March 2037 at 17:00 in Copenhagen (15:00 UTC), the
afternoon after the clocks there went forward: the day before is 23 hours earlier on a
Copenhagen clock. Readers in Tokyo, Copenhagen and New York get each reminder at
their own wall-clock time, moved out of their night (planner.core.reminder_times).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask

from planner.core.enums import ReminderKind
from planner.core.timezones import first_instant_at_wall_time
from planner.events import scheduling
from planner.events.editing import update_event_details
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Event, OutboxMessage, Registration, SentReminder
from planner.notifications.messages import context_of
from planner.registrations.operations import cancel_registration, register_attendee
from planner.reminders import ledger
from planner.reminders.attendees import ATTENDEE_REMINDER, send_attendee_reminders
from tests.factories import HOST, attendee, calendar_event, user

pytestmark = pytest.mark.usefixtures("demo")

START = datetime(2037, 3, 29, 15, 0, tzinfo=UTC)  # 17:00 CEST, the day the clocks changed
SETUP = datetime(2037, 3, 1, 12, 0, tzinfo=UTC)
ZONES = {1: "Asia/Tokyo", 2: "Europe/Copenhagen", 3: "America/New_York"}
# Each reader's reminders, worked out by hand from their clocks.
EXPECTED = {
    # Tokyo: the start is 00:00 on Monday. The day before (00:00 Sunday) is night, so
    # 08:00 Sunday morning; the hour before (23:00) is night too, so 21:00 that evening.
    ("attendee1@example.org", 1440): datetime(2037, 3, 28, 23, 0, tzinfo=UTC),
    ("attendee1@example.org", 60): datetime(2037, 3, 29, 12, 0, tzinfo=UTC),
    # Copenhagen: 17:00 on Saturday, still winter time (23 hours before); 16:00.
    ("attendee2@example.org", 1440): datetime(2037, 3, 28, 16, 0, tzinfo=UTC),
    ("attendee2@example.org", 60): datetime(2037, 3, 29, 14, 0, tzinfo=UTC),
    # New York (already on summer time): 11:00 on Saturday, 24 hours before; 10:00.
    ("attendee3@example.org", 1440): datetime(2037, 3, 28, 15, 0, tzinfo=UTC),
    ("attendee3@example.org", 60): datetime(2037, 3, 29, 14, 0, tzinfo=UTC),
}


def _event(**fields: object) -> Event:
    """The Copenhagen event, published, with an online join link."""
    with time_machine.travel(SETUP, tick=False):
        values: dict = dict(online_url="https://meet.example.org/lund", capacity=10)
        values.update(fields)
        return calendar_event("2037-03-29T17:00", "Europe/Copenhagen", **values)


def _register(event: Event, number: int, at: datetime = SETUP) -> Registration:
    with time_machine.travel(at, tick=False):
        outcome = register_attendee(event.id, attendee(number, timezone=ZONES.get(number)))
    return outcome.registration


def _run_at(instant: datetime) -> int:
    with time_machine.travel(instant, tick=False):
        return send_attendee_reminders()


def _queued() -> set[tuple[str, int]]:
    """(address, offset) of every attendee reminder queued so far."""
    messages = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.kind == ATTENDEE_REMINDER)
    )
    return {(m.recipient, context_of(m)["offset_minutes"]) for m in messages}


def test_each_reader_is_reminded_at_their_own_time_once(app: Flask) -> None:
    event = _event()
    for number in ZONES:
        _register(event, number)
    instants = sorted(set(EXPECTED.values()))
    for instant in instants:
        just_before = instant - timedelta(seconds=1)
        _run_at(just_before)
        assert _queued() == {key for key, due in EXPECTED.items() if due < instant}
        _run_at(instant)
        assert _queued() == {key for key, due in EXPECTED.items() if due <= instant}
        assert _run_at(instant) == 0  # twice at the same instant: nothing more
    assert _run_at(START - timedelta(minutes=1)) == 0
    assert _run_at(START + timedelta(minutes=1)) == 0
    assert len(_queued()) == len(EXPECTED) == 6
    count = db.select(db.func.count()).select_from(OutboxMessage)
    assert db.session.scalar(count.where(OutboxMessage.kind == ATTENDEE_REMINDER)) == 6


def test_the_core_agrees_with_the_hand_worked_times() -> None:
    # 17:00 Saturday in Copenhagen is 16:00 UTC (CET), 23 hours before the start.
    saturday = first_instant_at_wall_time(datetime(2037, 3, 28, 17, 0), "Europe/Copenhagen")
    assert saturday == EXPECTED[("attendee2@example.org", 1440)]
    assert START - saturday == timedelta(hours=23)


def test_a_worker_that_was_down_sends_one_reminder_not_a_burst(app: Flask) -> None:
    event = _event()
    registration = _register(event, 2)
    assert _run_at(datetime(2037, 3, 29, 14, 30, tzinfo=UTC)) == 1
    assert _queued() == {("attendee2@example.org", 60)}
    keys = set(
        db.session.scalars(db.select(SentReminder.key).filter_by(kind=str(ReminderKind.ATTENDEE)))
    )
    assert keys == {
        f"registration:{registration.id}:1440:{START.isoformat()}",
        f"registration:{registration.id}:60:{START.isoformat()}",
    }


def test_a_late_registrant_gets_no_stale_day_before_reminder(app: Flask) -> None:
    event = _event()
    _register(event, 2, at=datetime(2037, 3, 29, 9, 0, tzinfo=UTC))
    assert _run_at(datetime(2037, 3, 29, 9, 1, tzinfo=UTC)) == 0
    assert _run_at(EXPECTED[("attendee2@example.org", 60)]) == 1
    assert _queued() == {("attendee2@example.org", 60)}


def test_reminders_turned_off_send_nothing(app: Flask) -> None:
    event = _event()
    _register(event, 2)
    with time_machine.travel(SETUP, tick=False):
        update_event_details(user(HOST), event.id, {"reminder_offsets": []}, event.version)
    assert db.session.get(Event, event.id).reminder_offsets == []
    for instant in EXPECTED.values():
        assert _run_at(instant) == 0
    assert _queued() == set()


def test_a_cancelled_event_and_a_cancelled_registration_get_none(app: Flask) -> None:
    event = _event()
    _register(event, 2)
    kept = _event(title_en="Second event")
    cancelled_registration = _register(kept, 3)
    with time_machine.travel(SETUP, tick=False):
        scheduling.cancel_event(user(HOST), event.id, CancellationReason("Speaker ill"))
        cancel_registration(cancelled_registration.manage_token)
    for instant in sorted(EXPECTED.values()):
        assert _run_at(instant) == 0
    assert _queued() == set()


def test_a_reschedule_gives_reminders_for_the_new_time(app: Flask) -> None:
    event = _event()
    _register(event, 2)
    assert _run_at(EXPECTED[("attendee2@example.org", 1440)]) == 1
    moved_at = datetime(2037, 3, 28, 18, 0, tzinfo=UTC)
    with time_machine.travel(moved_at, tick=False):
        current = db.session.get(Event, event.id)
        scheduling.reschedule_event(
            user(HOST), event.id, RescheduleInput("2037-04-05T17:00"), current.version
        )
    # Nothing for the old time any more; the new day before is Saturday 4 April 17:00.
    assert _run_at(EXPECTED[("attendee2@example.org", 60)]) == 0
    new_day_before = datetime(2037, 4, 4, 15, 0, tzinfo=UTC)
    assert _run_at(new_day_before - timedelta(seconds=1)) == 0
    assert _run_at(new_day_before) == 1
    assert _run_at(datetime(2037, 4, 5, 14, 0, tzinfo=UTC)) == 1
    keys = set(db.session.scalars(db.select(SentReminder.key)))
    assert any("2037-04-05T15:00:00+00:00" in key for key in keys)


def test_an_opted_out_address_is_skipped(app: Flask) -> None:
    event = _event()
    _register(event, 1)
    _register(event, 2)
    ledger.opt_out("Attendee2@example.org", ReminderKind.ATTENDEE)
    for instant in sorted(EXPECTED.values()):
        _run_at(instant)
    assert _queued() == {("attendee1@example.org", 1440), ("attendee1@example.org", 60)}
