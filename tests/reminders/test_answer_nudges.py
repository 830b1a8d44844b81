"""Nudges before an answer-by date, at 09:00 on each reader's clock; the host's notices."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from flask import Flask

from planner.accounts.preferences import update_preferences
from planner.core.enums import ReminderKind
from planner.events import negotiation
from planner.events.negotiation import SlotInput
from planner.extensions import db
from planner.models import Answer, EmailLink, Event, OutboxMessage, SentReminder
from planner.reminders import ledger
from planner.reminders.answers import (
    ANSWER_BY_PASSED,
    EVERYONE_ANSWERED,
    NUDGE,
    send_answer_reminders,
)
from tests.factories import CLUSTER, EMBASSY, HOST, proposal, user

pytestmark = pytest.mark.usefixtures("demo")

# The answer-by date straddles Copenhagen's clock change (Sunday 29 March 2037).
ANSWER_BY = date(2037, 3, 31)
PROPOSED_AT = datetime(2037, 3, 20, 3, 0, tzinfo=UTC)
SLOTS = [SlotInput("2037-04-20T17:00", "Asia/Tokyo"), SlotInput("2037-04-21T17:00", "Asia/Tokyo")]


def _propose(answer_by: date = ANSWER_BY, at: datetime = PROPOSED_AT) -> Event:
    with time_machine.travel(at, tick=False):
        return negotiation.propose_event(user(HOST), proposal(slots=SLOTS, answer_by=answer_by))


def _run_at(instant: datetime) -> int:
    with time_machine.travel(instant, tick=False):
        return send_answer_reminders()


def _messages(kind: str, recipient: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(OutboxMessage)
            .filter_by(kind=kind, recipient=recipient)
            .order_by(OutboxMessage.id)
        )
    )


def _answer_all(email: str, event: Event, answer: Answer = Answer.YES) -> None:
    event = db.session.get(Event, event.id)
    answers = [negotiation.SlotAnswer(slot.id, answer) for slot in event.slots]
    with time_machine.travel(datetime(2037, 3, 21, tzinfo=UTC), tick=False):
        negotiation.answer_slots(user(email), event.id, answers)


def test_each_cohost_is_nudged_at_nine_on_their_clock_across_the_clock_change(app: Flask) -> None:
    _propose()
    # Saturday 28 March, three days before: 09:00 JST is 00:00 UTC, 09:00 CET 08:00 UTC.
    assert _run_at(datetime(2037, 3, 27, 23, 59, tzinfo=UTC)) == 0
    _run_at(datetime(2037, 3, 28, 0, 0, tzinfo=UTC))
    assert len(_messages(NUDGE, EMBASSY)) == 1 and _messages(NUDGE, CLUSTER) == []
    _run_at(datetime(2037, 3, 28, 7, 59, tzinfo=UTC))
    assert _messages(NUDGE, CLUSTER) == []
    _run_at(datetime(2037, 3, 28, 8, 0, tzinfo=UTC))
    assert len(_messages(NUDGE, CLUSTER)) == 1
    # The same job again, a minute later: nothing twice.
    assert _run_at(datetime(2037, 3, 28, 8, 1, tzinfo=UTC)) == 0
    # On the day, Tuesday 31 March: Copenhagen is on summer time now, 09:00 CEST = 07:00 UTC.
    _run_at(datetime(2037, 3, 31, 0, 0, tzinfo=UTC))
    assert len(_messages(NUDGE, EMBASSY)) == 2
    _run_at(datetime(2037, 3, 31, 6, 59, tzinfo=UTC))
    assert len(_messages(NUDGE, CLUSTER)) == 1
    _run_at(datetime(2037, 3, 31, 7, 0, tzinfo=UTC))
    assert len(_messages(NUDGE, CLUSTER)) == 2
    assert _run_at(datetime(2037, 3, 31, 7, 30, tzinfo=UTC)) == 0

    before, on_the_day = _messages(NUDGE, CLUSTER)
    assert before.subject.startswith("[Co-host Planner] Please answer by Tue 31 Mar 2037")
    assert on_the_day.subject.startswith("[Co-host Planner] Please answer today")
    # The candidate times in the reader's zone first, then in the event's cities.
    assert "1. Mon 20 Apr 2037 · 10:00 CEST Copenhagen · 17:00 JST Tokyo" in before.body
    assert "/reminders/off/" in before.body
    assert before.email_link is not None and before.email_link.user.email == CLUSTER
    assert before.email_link_id != on_the_day.email_link_id  # a fresh link each time
    assert ledger.unsubscribe_url(CLUSTER, ReminderKind.ANSWER) in before.body
    assert db.session.scalar(db.select(db.func.count(EmailLink.id))) >= 4
    # Nobody on the host's side is nudged.
    assert _messages(NUDGE, HOST) == []


def test_new_york_is_nudged_at_nine_before_and_after_its_clock_change(app: Flask) -> None:
    update_preferences(user(CLUSTER), "en", "America/New_York")
    _propose(answer_by=date(2037, 3, 10), at=datetime(2037, 3, 1, tzinfo=UTC))
    # Saturday 7 March: 09:00 EST = 14:00 UTC; Tuesday 10 March: 09:00 EDT = 13:00 UTC.
    _run_at(datetime(2037, 3, 7, 13, 59, tzinfo=UTC))
    assert _messages(NUDGE, CLUSTER) == []
    _run_at(datetime(2037, 3, 7, 14, 0, tzinfo=UTC))
    assert len(_messages(NUDGE, CLUSTER)) == 1
    _run_at(datetime(2037, 3, 10, 12, 59, tzinfo=UTC))
    assert len(_messages(NUDGE, CLUSTER)) == 1
    _run_at(datetime(2037, 3, 10, 13, 0, tzinfo=UTC))
    nudges = _messages(NUDGE, CLUSTER)
    assert len(nudges) == 2
    assert "EDT New York" in nudges[1].body.split("1. ")[1].split("\n")[0]


def test_organizations_that_answered_and_people_who_opted_out_are_not_nudged(app: Flask) -> None:
    event = _propose()
    _answer_all(EMBASSY, event)
    ledger.opt_out(CLUSTER, ReminderKind.ANSWER)
    _run_at(datetime(2037, 3, 28, 0, 0, tzinfo=UTC))
    _run_at(datetime(2037, 3, 28, 8, 0, tzinfo=UTC))
    _run_at(datetime(2037, 3, 31, 7, 0, tzinfo=UTC))
    assert _messages(NUDGE, EMBASSY) == [] and _messages(NUDGE, CLUSTER) == []


def test_a_nudge_due_before_the_proposal_was_sent_is_skipped(app: Flask) -> None:
    with time_machine.travel(datetime(2037, 3, 29, 12, 0, tzinfo=UTC), tick=False):
        negotiation.propose_event(user(HOST), proposal(slots=SLOTS, answer_by=ANSWER_BY))
    assert _run_at(datetime(2037, 3, 29, 12, 30, tzinfo=UTC)) == 0
    _run_at(datetime(2037, 3, 31, 0, 0, tzinfo=UTC))
    assert len(_messages(NUDGE, EMBASSY)) == 1


def test_a_japanese_reader_is_nudged_in_japanese(app: Flask) -> None:
    update_preferences(user(EMBASSY), "ja", None)
    _propose()
    _run_at(datetime(2037, 3, 28, 0, 0, tzinfo=UTC))
    (nudge,) = _messages(NUDGE, EMBASSY)
    assert nudge.subject.startswith("[Co-host Planner] ")
    assert "2037年3月31日(火)までにご回答ください" in nudge.subject
    assert "デンマークと日本のデジタルヘルス" in nudge.subject


def test_the_host_hears_once_everyone_answered_and_again_after_a_new_time(app: Flask) -> None:
    event = _propose()
    _answer_all(EMBASSY, event)
    assert _messages(EVERYONE_ANSWERED, HOST) == []
    _answer_all(CLUSTER, event, Answer.MAYBE)
    assert len(_messages(EVERYONE_ANSWERED, HOST)) == 1
    _answer_all(CLUSTER, event, Answer.YES)  # a changed answer: nothing new to say
    assert len(_messages(EVERYONE_ANSWERED, HOST)) == 1
    with time_machine.travel(datetime(2037, 3, 21, tzinfo=UTC), tick=False):
        negotiation.add_counter_slot(
            user(HOST), event.id, SlotInput("2037-04-22T17:00", "Asia/Tokyo")
        )
    _answer_all(EMBASSY, event)
    assert len(_messages(EVERYONE_ANSWERED, HOST)) == 1
    _answer_all(CLUSTER, event)
    notices = _messages(EVERYONE_ANSWERED, HOST)
    assert len(notices) == 2
    assert (
        notices[0].subject
        == "[Co-host Planner] Everyone answered: Digital health in Denmark and Japan"
    )
    assert _messages(EVERYONE_ANSWERED, EMBASSY) == []


def test_the_host_hears_once_when_the_date_passed_with_cohosts_silent(app: Flask) -> None:
    event = _propose()
    _answer_all(EMBASSY, event)
    # The host (Tokyo) hears at 09:00 on 1 April, the day after the date.
    assert _run_at(datetime(2037, 3, 31, 23, 59, tzinfo=UTC)) == 0
    _run_at(datetime(2037, 4, 1, 0, 0, tzinfo=UTC))
    _run_at(datetime(2037, 4, 1, 0, 15, tzinfo=UTC))
    (notice,) = _messages(ANSWER_BY_PASSED, HOST)
    assert "have not answered every candidate time yet: Danish Life Science Cluster." in notice.body
    assert "Embassy" not in notice.body
    assert (
        db.session.scalar(
            db.select(db.func.count(SentReminder.id)).where(SentReminder.key.like("passed:%"))
        )
        >= 1
    )
