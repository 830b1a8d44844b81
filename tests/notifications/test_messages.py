"""Messages written at delivery: in each reader's language and zone, failing clearly."""

from __future__ import annotations

import pytest
from flask import Flask

from planner.events.mail import PUBLISHED
from planner.extensions import db
from planner.models import DeliveryStatus, Event, OutboxMessage
from planner.notifications import delivery
from planner.notifications.messages import queue_message, reader_of_user
from planner.unit_of_work import unit_of_work
from tests.factories import EMBASSY, HOST, event_in, user

pytestmark = pytest.mark.usefixtures("demo")


def _published_to(email: str) -> OutboxMessage:
    return db.session.scalar(db.select(OutboxMessage).filter_by(kind=PUBLISHED, recipient=email))


def test_each_organizer_reads_in_their_language_and_zone(app: Flask) -> None:
    with unit_of_work():
        user(EMBASSY).locale = "ja"
        user(EMBASSY).timezone = "Europe/Copenhagen"
    event = event_in("published", title_ja="デンマークのデジタルヘルス")
    japanese, english = _published_to(EMBASSY), _published_to(HOST)
    assert japanese.locale == "ja" and japanese.rendered_at is not None
    assert japanese.subject == "[Co-host Planner] 公開：デンマークのデジタルヘルス"
    assert "「デンマークのデジタルヘルス」が公開され" in japanese.body
    # Copenhagen first (the reader's own zone), then Tokyo; dates as Japanese writes them.
    when = next(line for line in japanese.body.splitlines() if line.startswith("日時："))
    assert when.index("コペンハーゲン") < when.index("東京") and "年" in when
    assert english.subject == f"[Co-host Planner] Published: {event.title_en}"
    when = next(line for line in english.body.splitlines() if line.startswith("When:"))
    assert when.index("Tokyo") < when.index("Copenhagen")


def test_a_message_whose_event_is_gone_fails_with_the_reason(app: Flask) -> None:
    event = event_in("published")
    app.config["MAIL_TO_CONSOLE"] = True
    with unit_of_work():
        message = queue_message(PUBLISHED, reader_of_user(user(HOST)), event=event)
        # Queued and then the event deleted before the worker came to it.
        db.session.flush()
        db.session.delete(db.session.get(Event, event.id))
    db.session.refresh(message)
    assert message.status == DeliveryStatus.FAILED and message.rendered_at is None
    assert "could not write the message" in message.error
    assert delivery.sweep_outbox() == 0  # failed for good: nothing to queue again
