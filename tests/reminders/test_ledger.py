"""Each reminder decided once; opt-outs by signed link, per address and kind."""

from __future__ import annotations

import pytest
from flask import Flask

from planner.core.enums import ReminderKind
from planner.events.mail import PUBLISHED
from planner.extensions import db
from planner.models import SentReminder
from planner.notifications.messages import queue_message, reader_of_user
from planner.reminders import ledger
from planner.unit_of_work import unit_of_work
from tests.factories import HOST, csrf_token_from, event_in, user
from tests.mail_server import Inbox


def test_an_occasion_is_claimed_once(app: Flask) -> None:
    with unit_of_work():
        first = ledger.remember_once(ReminderKind.ATTENDEE, "registration:1:1440:2037-03-27T08:00")
    with unit_of_work():
        again = ledger.remember_once(ReminderKind.ATTENDEE, "registration:1:1440:2037-03-27T08:00")
        other = ledger.remember_once(ReminderKind.ATTENDEE, "registration:1:60:2037-03-27T08:00")
    assert first is not None and again is None and other is not None
    assert db.session.scalar(db.select(db.func.count(SentReminder.id))) == 2


def test_unsubscribe_links_are_signed_per_address_and_kind(app: Flask) -> None:
    with app.test_request_context():
        token = ledger.unsubscribe_token("Aiko@Example.jp", ReminderKind.ATTENDEE)
        assert ledger.read_unsubscribe_token(token) == ("aiko@example.jp", ReminderKind.ATTENDEE)
        assert ledger.read_unsubscribe_token(token[:-2] + "xx") is None
        assert ledger.read_unsubscribe_token("not-a-token") is None
        assert ledger.unsubscribe_url("a@b.example", ReminderKind.DIGEST).startswith(
            "http://planner.test/"
        )


def test_opting_out_is_per_kind_and_can_be_undone(app: Flask) -> None:
    ledger.opt_out("aiko@example.jp", ReminderKind.ATTENDEE)
    ledger.opt_out("AIKO@example.jp", ReminderKind.ATTENDEE)  # again: nothing changes
    assert ledger.has_opted_out("aiko@example.jp", ReminderKind.ATTENDEE)
    assert not ledger.has_opted_out("aiko@example.jp", ReminderKind.DIGEST)
    assert ledger.opted_out_addresses(ReminderKind.ATTENDEE) == {"aiko@example.jp"}
    ledger.opt_in("aiko@example.jp", ReminderKind.ATTENDEE)
    assert not ledger.has_opted_out("aiko@example.jp", ReminderKind.ATTENDEE)


def test_the_page_asks_then_turns_off_and_back_on(app: Flask, client) -> None:  # noqa: ANN001
    with app.test_request_context():
        url = ledger.unsubscribe_url("aiko@example.jp", ReminderKind.ATTENDEE)
    path = url.removeprefix("http://planner.test")
    page = client.get(path)
    assert page.status_code == 200 and "aiko@example.jp receives these emails" in page.text
    assert not ledger.has_opted_out("aiko@example.jp", ReminderKind.ATTENDEE)  # a GET asks only
    token = csrf_token_from(page.text)
    done = client.post(path, data={"csrf_token": token, "choice": "off"})
    assert done.status_code == 200 and "receives no more of these emails" in done.text
    assert ledger.has_opted_out("aiko@example.jp", ReminderKind.ATTENDEE)
    client.post(path, data={"csrf_token": token, "choice": "on"})
    assert not ledger.has_opted_out("aiko@example.jp", ReminderKind.ATTENDEE)
    assert client.post(path, data={"csrf_token": token, "choice": "maybe"}).status_code == 400
    # A mail client's one-click request needs no page and no CSRF token.
    assert (
        client.post(f"{path}/one-click", data={"List-Unsubscribe": "One-Click"}).status_code == 204
    )
    assert ledger.has_opted_out("aiko@example.jp", ReminderKind.ATTENDEE)
    assert client.get(path[:-3] + "abc").status_code == 404


@pytest.mark.usefixtures("demo")
def test_a_message_that_can_be_turned_off_says_so_to_mail_clients(app: Flask, inbox: Inbox) -> None:
    event = event_in("published")
    with unit_of_work():
        reader = reader_of_user(user(HOST), event)
        queue_message(PUBLISHED, reader, event=event, unsubscribe=str(ReminderKind.DIGEST))
    email = inbox.last_to(HOST)
    url = email["List-Unsubscribe"].strip("<>")
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = url.rsplit("/", 2)[-2]
    assert ledger.read_unsubscribe_token(token) == (HOST, ReminderKind.DIGEST)
    # Messages nobody can turn off (the publication itself) have no such header.
    assert all(m["List-Unsubscribe"] is None for m in inbox.messages[:-1])
