"""What organizers and attendees read about an event, each in their language and zone.

Through the real SMTP server where the message carries an invite: the calendar part
is read as received, by icalendar and by ical.js.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from flask import Flask
from icalendar import Calendar

from planner.events import negotiation, scheduling
from planner.events.mail import ANSWERED, CANDIDATE_ADDED, DECLINED, WITHDRAWN
from planner.events.negotiation import SlotAnswer, SlotInput
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Answer, Organization, OutboxMessage, Registration, RegistrationStatus
from planner.unit_of_work import unit_of_work
from tests.core.icaljs import parse_with_icaljs
from tests.factories import CLUSTER, EMBASSY, HOST, JOIN_URL, calendar_event, event_in, user
from tests.mail_server import Inbox, calendar_part, text_of

pytestmark = pytest.mark.usefixtures("demo")

TITLE_JA = "デンマークと日本のデジタルヘルス"
TITLE_EN = "Digital health in Denmark and Japan"


def _reads_japanese(email: str, zone: str | None = None) -> None:
    """The account reads in Japanese (in ``zone`` when given)."""
    with unit_of_work():
        account = user(email)
        account.locale = "ja"
        if zone:
            account.timezone = zone


def _vevent(message: EmailMessage):  # noqa: ANN202
    return Calendar.from_ical(calendar_part(message).get_content()).walk("VEVENT")[0]


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def _to(kind: str, email: str) -> OutboxMessage:
    return db.session.scalar(db.select(OutboxMessage).filter_by(kind=kind, recipient=email))


def _name_ja(slug: str) -> str:
    return db.session.scalar(db.select(Organization).filter_by(slug=slug)).display_name("ja")


def test_a_japanese_cohost_reads_the_confirmation_invite_in_japanese(
    app: Flask, inbox: Inbox
) -> None:
    _reads_japanese(EMBASSY, "Europe/Copenhagen")
    calendar_event("2037-03-27T17:00", "Asia/Tokyo", until="confirmed")

    (japanese,) = inbox.invites_for(EMBASSY)
    assert japanese["Subject"] == f"[Co-host Planner] 日時確定：{TITLE_JA}"
    text = text_of(japanese)
    assert text.startswith(f"{user(EMBASSY).display_name}様")
    assert f"{_name_ja('link-j')}が「{TITLE_JA}」の日時を確定しました。" in text
    # Copenhagen first (the reader's zone), dates as Japanese writes them.
    assert _line(text, "日時：") == (
        "日時： 2037年3月27日(金) · 09:00 CET コペンハーゲン · 17:00 JST 東京 (60分)"
    )
    assert _line(text, "オンライン参加：") == f"オンライン参加： {JOIN_URL}"
    assert calendar_part(japanese).get_param("method") == "REQUEST"

    vevent = _vevent(japanese)
    assert str(vevent["SUMMARY"]) == TITLE_JA
    assert "二都市、一つのプログラム。" in vevent["DESCRIPTION"]
    assert "共催" in vevent["DESCRIPTION"] and "Co-hosted" not in vevent["DESCRIPTION"]
    assert vevent["DTSTART"].dt == datetime(2037, 3, 27, 8, 0, tzinfo=UTC)
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == f"mailto:{EMBASSY}"
    assert attendee.params["CN"] == user(EMBASSY).display_name
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
    (read,) = parse_with_icaljs(calendar_part(japanese).get_content().encode())["events"]
    assert (read["dtstart"], read["summary"]) == ("2037-03-27T08:00:00.000Z", TITLE_JA)
    assert "二都市、一つのプログラム。" in read["description"]

    (english,) = inbox.invites_for(CLUSTER)
    assert english["Subject"] == f"[Co-host Planner] Confirmed: {TITLE_EN}"
    assert _line(text_of(english), "When:") == (
        "When: Fri 27 Mar 2037 · 09:00 CET Copenhagen · 17:00 JST Tokyo (60 minutes)"
    )
    assert str(_vevent(english)["SUMMARY"]) == TITLE_EN
    assert "Co-hosted by" in _vevent(english)["DESCRIPTION"]


def test_a_reschedule_across_the_clock_change_says_was_and_now_in_the_readers_words(
    app: Flask, inbox: Inbox
) -> None:
    _reads_japanese(EMBASSY, "Europe/Copenhagen")
    event = calendar_event("2037-03-27T09:00", "Europe/Copenhagen", until="published")
    # Copenhagen moves its clocks on 29 March: the same 09:00 is an hour earlier in Tokyo.
    scheduling.reschedule_event(
        user(HOST), event.id, RescheduleInput("2037-03-30T09:00", "Europe/Copenhagen")
    )

    japanese = inbox.invites_for(EMBASSY)[-1]
    assert japanese["Subject"] == f"[Co-host Planner] 日時変更：{TITLE_JA}"
    text = text_of(japanese)
    assert f"「{TITLE_JA}」の日時が変更されました。" in text
    assert _line(text, "変更前：") == (
        "変更前： 2037年3月27日(金) · 09:00 CET コペンハーゲン · 17:00 JST 東京"
    )
    assert _line(text, "現在：") == (
        "現在： 2037年3月30日(月) · 09:00 CEST コペンハーゲン · 16:00 JST 東京 (60分)"
    )
    assert text.index("変更前：") < text.index("現在：") < text.index("オンライン参加：")
    (read,) = parse_with_icaljs(calendar_part(japanese).get_content().encode())["events"]
    assert (read["dtstart"], read["sequence"], read["summary"]) == (
        "2037-03-30T07:00:00.000Z",
        1,
        TITLE_JA,
    )

    english = text_of(inbox.invites_for(CLUSTER)[-1])
    assert _line(english, "Was:") == "Was: Fri 27 Mar 2037 · 09:00 CET Copenhagen · 17:00 JST Tokyo"
    assert _line(english, "Now:") == (
        "Now: Mon 30 Mar 2037 · 09:00 CEST Copenhagen · 16:00 JST Tokyo (60 minutes)"
    )


def test_the_host_reads_each_changed_answer_with_the_japanese_label() -> None:
    _reads_japanese(HOST)
    event = calendar_event(until="proposed", other_starts=["2037-05-13T17:00"])
    first, second = event.slots
    negotiation.answer_slots(
        user(EMBASSY),
        event.id,
        [SlotAnswer(first.id, Answer.YES), SlotAnswer(second.id, Answer.NO, "祝日です")],
    )

    message = _to(ANSWERED, HOST)
    embassy = _name_ja("dk-embassy")
    assert message.subject == f"[Co-host Planner] {embassy}が回答：{TITLE_JA}"
    lines = [line for line in message.body.splitlines() if line.startswith("候補日時")]
    assert lines == [
        "候補日時1（2037年5月12日(火) · 17:00 JST 東京 · 10:00 CEST コペンハーゲン）：参加可",
        "候補日時2（2037年5月13日(水) · 17:00 JST 東京 · 10:00 CEST コペンハーゲン）："
        "不可（祝日です）",
    ]
    assert f"{user(EMBASSY).display_name}（{embassy}）が回答しました：" in message.body
    # An English reader of the same organization reads the English labels.
    english = _to(ANSWERED, "admin@link-j.example")
    assert "Candidate time 1 (Tue 12 May 2037 · 17:00 JST Tokyo" in english.body
    assert "): No (祝日です)" in english.body


def test_negotiation_news_reaches_each_organizer_in_their_language() -> None:
    _reads_japanese(HOST)
    _reads_japanese(EMBASSY)
    event = calendar_event(until="proposed")
    negotiation.add_counter_slot(
        user(CLUSTER), event.id, SlotInput("2037-05-14T10:00", "Europe/Copenhagen")
    )
    added = _to(CANDIDATE_ADDED, HOST)
    assert added.subject == f"[Co-host Planner] 新しい候補日時：{TITLE_JA}"
    assert "2037年5月14日(木) · 17:00 JST 東京" in added.body
    assert _to(CANDIDATE_ADDED, CLUSTER) is None  # the proposer is not told of their own

    declined = event_in("declined")
    told = _to(DECLINED, HOST)
    assert told.event_id == declined.id
    assert f"{_name_ja('dk-cluster')}が提案を辞退しました。" in told.body
    assert "Not this spring" in told.body

    withdrawn = event_in("withdrawn")
    told = db.session.scalar(
        db.select(OutboxMessage).filter_by(kind=WITHDRAWN, recipient=EMBASSY, event_id=withdrawn.id)
    )
    assert told.subject == f"[Co-host Planner] 取り下げ：{TITLE_JA}"
    assert f"{_name_ja('link-j')}が提案を取り下げました。" in told.body
    english = _to(WITHDRAWN, CLUSTER)
    assert english.subject == f"[Co-host Planner] Withdrawn: {TITLE_EN}"


def test_a_cancellation_reaches_the_waitlist_without_invite_or_join_link(
    app: Flask, inbox: Inbox
) -> None:
    event = calendar_event(until="published")
    db.session.add_all(
        [
            Registration(
                event_id=event.id,
                name="Aiko Sato",
                email="seat@example.org",
                status=RegistrationStatus.CONFIRMED,
            ),
            Registration(
                event_id=event.id,
                name="佐藤花子",
                email="waiting@example.jp",
                status=RegistrationStatus.WAITLISTED,
                locale="ja",
            ),
        ]
    )
    db.session.commit()
    scheduling.cancel_event(
        user(HOST), event.id, CancellationReason("The speaker is ill.", "講演者が病気です。")
    )

    waiting = inbox.last_to("waiting@example.jp")
    assert calendar_part(waiting) is None
    assert waiting["Subject"] == f"[Co-host Planner] 中止：{TITLE_JA}"
    text = text_of(waiting)
    assert text.startswith("佐藤花子様") and f"「{TITLE_JA}」は中止になりました。" in text
    # Both reasons, the reader's language first; no join link.
    assert text.index("講演者が病気です。") < text.index("The speaker is ill.")
    assert JOIN_URL not in text and "オンライン参加" not in text

    seat = inbox.last_to("seat@example.org")
    assert calendar_part(seat).get_param("method") == "CANCEL"
    vevent = _vevent(seat)
    assert (str(vevent["STATUS"]), vevent["SEQUENCE"]) == ("CANCELLED", 1)
    # As their registration's invite: registering was the answer.
    assert (vevent["ATTENDEE"].params["PARTSTAT"], vevent["ATTENDEE"].params["RSVP"]) == (
        "ACCEPTED",
        "FALSE",
    )
    assert JOIN_URL not in text_of(seat) and JOIN_URL not in calendar_part(seat).get_content()
    assert text_of(seat).index("The speaker is ill.") < text_of(seat).index("講演者が病気です。")
