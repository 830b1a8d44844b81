"""Attendees read their emails in the language they registered in, in their own zone first.

The messages are written when they leave (the delivery job), not under the seat lock:
these tests register through the pages in Japanese and in English, read what reached a
real SMTP server (the ``inbox`` fixture), and check what the seat transaction wrote.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from planner.events import scheduling
from planner.events.scheduling import CancellationReason
from planner.extensions import db
from planner.models import CalendarFeedToken, Event, OutboxMessage, Registration
from planner.notifications import delivery
from planner.notifications.messages import render
from planner.registrations import mail as attendee_mail
from planner.registrations import operations as registrations
from planner.registrations.operations import register_attendee
from tests.core.icaljs import parse_with_icaljs
from tests.factories import HOST, JOIN_URL, attendee, csrf_token, published_event, user
from tests.mail_server import Inbox, calendar_part, text_of

TITLE_JA = "デンマークと日本のデジタルヘルス"
FORM = {
    "name": "山田 花子",
    "email": "hanako@example.jp",
    "affiliation": "京都大学",
    "country": "JP",
    "consent": "y",
    "timezone": "Europe/Copenhagen",
}


def register_on_page(client: FlaskClient, event: Event, language: str, **changes: str) -> None:
    """Register through the registration page shown in ``language`` (Accept-Language)."""
    headers = {"Accept-Language": language}
    page = client.get(f"/events/{event.id}/register", headers=headers)
    assert page.status_code == 200
    data = {**FORM, **changes, "csrf_token": csrf_token(client)}
    response = client.post(f"/events/{event.id}/register", data=data, headers=headers)
    assert response.status_code == 302, response.get_data(as_text=True)


def subject_of(message: EmailMessage) -> str:
    """The subject as a mail client shows it (a folded header may start with a space)."""
    return str(message["Subject"]).strip()


def line_starting(message: EmailMessage, start: str) -> str:
    """The first line of the message's text that starts with ``start``."""
    return next(line for line in text_of(message).splitlines() if line.startswith(start))


def vevent_of(message: EmailMessage):  # noqa: ANN201
    """The VEVENT of the message's calendar part, as icalendar reads it."""
    return Calendar.from_ical(calendar_part(message).get_content()).walk("VEVENT")[0]


def attendee_feed_tokens() -> int:
    """How many feed tokens the two attendees of these tests have."""
    emails = [attendee(1).email, attendee(2).email]
    return len(
        db.session.scalars(
            db.select(CalendarFeedToken).filter(CalendarFeedToken.email.in_(emails))
        ).all()
    )


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, capacity=1)


def test_a_japanese_registrant_reads_japanese_in_their_own_zone_first(
    client: FlaskClient, inbox: Inbox, event: Event
) -> None:
    register_on_page(client, event, "ja")
    assert db.session.scalar(db.select(Registration.locale)) == "ja"
    message = inbox.last_to("hanako@example.jp")
    assert subject_of(message) == f"[Co-host Planner] 参加登録完了：{TITLE_JA}"
    text = text_of(message)
    assert text.splitlines()[0] == "山田 花子様"
    assert f"「{TITLE_JA}」への参加登録が完了しました。" in text
    assert f"オンライン参加： {JOIN_URL}" in text
    assert "登録内容の確認・キャンセル： http" in text and "/feeds/attendee/" in text
    # Copenhagen (the zone their browser reported) first, then the event's cities,
    # dated as Japanese writes dates.
    when = line_starting(message, "日時：")
    assert when.index("コペンハーゲン") < when.index("東京")
    assert "年" in when and "月" in when and "日" in when
    assert "Copenhagen" not in text and "Dear" not in text

    # The invite is the reader's too: Japanese title and description, their seat.
    vevent = vevent_of(message)
    assert str(vevent["SUMMARY"]) == TITLE_JA
    assert "共催：" in str(vevent["DESCRIPTION"]) and JOIN_URL in str(vevent["DESCRIPTION"])
    attendee_line = vevent["ATTENDEE"]
    assert (attendee_line.params["PARTSTAT"], attendee_line.params["RSVP"]) == (
        "ACCEPTED",
        "FALSE",
    )
    assert calendar_part(message).get_param("method") == "REQUEST"
    (read,) = parse_with_icaljs(calendar_part(message).get_content().encode())["events"]
    assert read["summary"] == TITLE_JA and "共催：" in read["description"]
    assert read["dtstart"] == event.start_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert read["attendees"][0]["cn"] == "山田 花子"


def test_an_english_registrant_reads_english(
    client: FlaskClient, inbox: Inbox, event: Event
) -> None:
    register_on_page(client, event, "en", name="Mette Jensen", email="mette@example.dk")
    assert db.session.scalar(db.select(Registration.locale)) == "en"
    message = inbox.last_to("mette@example.dk")
    assert subject_of(message) == f"[Co-host Planner] Registered: {event.title_en}"
    text = text_of(message)
    assert text.splitlines()[0] == "Dear Mette Jensen,"
    assert f"You are registered for “{event.title_en}”." in text
    when = line_starting(message, "When:")
    assert when.index("Copenhagen") < when.index("Tokyo")
    assert str(vevent_of(message)["SUMMARY"]) == event.title_en


def test_without_a_japanese_title_the_english_one_stands_in_the_japanese_text(
    client: FlaskClient,
    inbox: Inbox,
    demo,  # noqa: ANN001
) -> None:
    event = published_event(days_ahead=30, title_ja="")
    register_on_page(client, event, "ja")
    message = inbox.last_to("hanako@example.jp")
    assert subject_of(message) == f"[Co-host Planner] 参加登録完了：{event.title_en}"
    assert f"「{event.title_en}」への参加登録が完了しました。" in text_of(message)
    assert str(vevent_of(message)["SUMMARY"]) == event.title_en


def test_waitlist_promotion_and_cancellation_are_in_each_readers_language(
    client: FlaskClient, inbox: Inbox, event: Event
) -> None:
    register_on_page(client, event, "en", name="Mette Jensen", email="mette@example.dk")
    register_on_page(client, event, "ja")
    waiting = inbox.last_to("hanako@example.jp")
    assert subject_of(waiting) == f"[Co-host Planner] キャンセル待ち：{TITLE_JA}"
    assert "キャンセル待ちの1番目として登録しました。" in text_of(waiting)
    assert calendar_part(waiting) is None and JOIN_URL not in text_of(waiting)

    seated = db.session.scalar(db.select(Registration).filter_by(email="mette@example.dk"))
    registrations.cancel_registration(seated.manage_token)
    withdrawn = inbox.last_to("mette@example.dk")
    assert subject_of(withdrawn) == f"[Co-host Planner] Registration cancelled: {event.title_en}"
    assert "Your seat has been given up" in text_of(withdrawn)
    assert calendar_part(withdrawn).get_param("method") == "CANCEL"
    assert str(vevent_of(withdrawn)["SUMMARY"]) == event.title_en

    promoted = inbox.last_to("hanako@example.jp")
    assert subject_of(promoted) == f"[Co-host Planner] お席をご用意できました：{TITLE_JA}"
    assert f"「{TITLE_JA}」への参加が確定しました。" in text_of(promoted)
    assert f"オンライン参加： {JOIN_URL}" in text_of(promoted)
    assert calendar_part(promoted).get_param("method") == "REQUEST"
    assert str(vevent_of(promoted)["SUMMARY"]) == TITLE_JA


def test_registering_again_keeps_the_first_language(
    client: FlaskClient, inbox: Inbox, event: Event
) -> None:
    register_on_page(client, event, "ja")
    register_on_page(client, event, "en", name="Someone else")
    assert db.session.scalar(db.select(Registration.locale)) == "ja"
    notice = inbox.last_to("hanako@example.jp")
    assert subject_of(notice) == f"[Co-host Planner] 登録済み：{TITLE_JA}"
    assert "参加が確定しています。" in text_of(notice)
    assert calendar_part(notice) is None


def test_the_seat_transaction_writes_only_an_unwritten_row(
    app: Flask, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No delivery job after the commit: what the registration wrote stays as it was.
    monkeypatch.setattr(delivery, "after_commit", lambda *_args: None)
    register_attendee(event.id, attendee(1, locale="ja", timezone="Europe/Copenhagen"))
    register_attendee(event.id, attendee(2, locale="en"))
    first, second = db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.registration_id.is_not(None))
        .order_by(OutboxMessage.id)
    )
    assert (first.kind, second.kind) == (attendee_mail.CONFIRMED, attendee_mail.WAITLISTED)
    for message in (first, second):
        assert message.rendered_at is None and message.subject == "" and message.body == ""
        assert message.calendar is None and message.registration_id is not None
    assert (first.locale, first.zone) == ("ja", "Europe/Copenhagen")
    assert (second.locale, second.zone) == ("en", event.planning_timezone)
    assert second.context == '{"position": 1}'
    # No feed token was made under the lock: the renderer makes it, at delivery.
    assert attendee_feed_tokens() == 0

    delivery.deliver_message(first.id)
    db.session.refresh(first)
    assert first.rendered_at is not None and first.calendar_method == "REQUEST"
    assert first.subject == f"[Co-host Planner] 参加登録完了：{TITLE_JA}"
    assert attendee_feed_tokens() == 1 and "/feeds/attendee/" in first.body


def test_a_promotion_under_the_lock_is_queued_unwritten_too(
    app: Flask, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = register_attendee(event.id, attendee(1)).registration
    register_attendee(event.id, attendee(2))
    monkeypatch.setattr(delivery, "after_commit", lambda *_args: None)
    registrations.cancel_registration(first.manage_token)
    cancelled, promoted = db.session.scalars(
        db.select(OutboxMessage)
        .filter_by(rendered_at=None)
        .where(OutboxMessage.registration_id.is_not(None))
        .order_by(OutboxMessage.id)
    )
    assert (cancelled.kind, cancelled.context) == (attendee_mail.CANCELLED, '{"had_seat": true}')
    assert (promoted.kind, promoted.recipient) == (attendee_mail.PROMOTED, attendee(2).email)


def test_a_confirmation_written_after_the_cancellation_invites_nobody(app: Flask, demo) -> None:  # noqa: ANN001
    # Messages are written when they leave: a worker that comes to the confirmation only
    # after the host called the event off writes it without a REQUEST (the CANCEL of the
    # cancellation follows it), and without promising an attached invite.
    event = published_event()
    register_attendee(event.id, attendee(1))
    confirmation = db.session.scalar(
        db.select(OutboxMessage).filter_by(kind=attendee_mail.CONFIRMED)
    )
    assert confirmation.calendar_method == "REQUEST"
    assert "Your calendar invite is attached." in confirmation.body
    scheduling.cancel_event(user(HOST), event.id, CancellationReason("Speaker ill"))
    late = render(confirmation)
    assert late.calendar is None and late.calendar_method is None
    assert "Your calendar invite is attached." not in late.body
