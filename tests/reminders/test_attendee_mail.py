"""The reminder email: the reader's language and clock, their links, and its off switch."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from flask import Flask

from planner.extensions import db
from planner.jobs.registry import JOBS
from planner.models import OutboxMessage, Registration
from planner.reminders.attendees import ATTENDEE_REMINDER, send_attendee_reminders
from tests.factories import csrf_token_from
from tests.mail_server import Inbox, links_in, text_of
from tests.reminders.test_attendees import EXPECTED, START, _event, _register, _run_at


@pytest.mark.usefixtures("demo")
def test_a_japanese_seat_holder_reads_it_in_japanese_with_the_join_link(
    app: Flask, inbox: Inbox
) -> None:
    event = _event(title_ja="ルンドの夕べ")
    registration = _register(event, 1)  # Tokyo
    db.session.get(Registration, registration.id).locale = "ja"
    db.session.commit()
    _run_at(EXPECTED[("attendee1@example.org", 60)])
    email = inbox.last_to("attendee1@example.org")
    text = text_of(email)
    assert email["Subject"] == "[Co-host Planner] リマインダー：ルンドの夕べ"
    assert "https://meet.example.org/lund" in text
    # Their clock first (Tokyo, Monday 00:00), then the event's cities.
    assert text.index("JST") < text.index("CEST")
    assert "3時間後に始まります。" in text  # 21:00 the evening before: three hours before
    assert links_in(email, "/registrations/")
    assert email["List-Unsubscribe"]


@pytest.mark.usefixtures("demo")
def test_the_emails_link_turns_the_reminders_off(app: Flask, inbox: Inbox, client) -> None:  # noqa: ANN001
    event = _event(online_url=None, venue="Lund University, Room 1")
    _register(event, 2)
    _run_at(EXPECTED[("attendee2@example.org", 1440)])
    email = inbox.last_to("attendee2@example.org")
    text = text_of(email)
    assert (
        email["Subject"] == "[Co-host Planner] Reminder: Lund evening"
        or "Reminder:" in (email["Subject"])
    )
    assert "Lund University, Room 1" in text and "Join online" not in text
    assert "It starts tomorrow." in text
    assert "stop reminders before the events you register for" in text
    (url,) = links_in(email, "/reminders/off/")
    path = url.removeprefix("http://planner.test")
    page = client.get(path)
    client.post(path, data={"csrf_token": csrf_token_from(page.text), "choice": "off"})
    assert _run_at(EXPECTED[("attendee2@example.org", 60)]) == 0


@pytest.mark.real_commits
@pytest.mark.usefixtures("demo")
def test_two_workers_at_the_same_moment_queue_each_reminder_once(app: Flask) -> None:
    event = _event()
    for number in (1, 2, 3):
        _register(event, number)
    moment = START - timedelta(minutes=30)  # every reminder is due; one each is sent

    def run(_: int) -> int:
        with app.app_context():
            return send_attendee_reminders(moment)

    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(run, range(2)))
    assert sum(counts) == 3
    db.session.expire_all()
    queued = db.session.scalar(
        db.select(db.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.kind == ATTENDEE_REMINDER)
    )
    assert queued == 3


def test_every_declared_job_runs_on_an_empty_database(app: Flask) -> None:
    tasks = app.extensions["planner.jobs"]
    errors = app.extensions.setdefault("planner.jobs.errors", [])
    errors.clear()
    periodic = [spec.name for spec in JOBS.values() if spec.schedule is not None]
    assert "send_attendee_reminders" in periodic
    with time_machine.travel(START, tick=False):
        for name in periodic:
            tasks[name]()
        tasks["deliver_message"](1)  # asked-for jobs too: a message that is not there
    assert errors == []
