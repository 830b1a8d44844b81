"""The organizer digest: at 09:00 on the reader's clock, daily or on Mondays, once a period."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from flask import Flask

from planner.accounts.preferences import update_preferences
from planner.core.enums import ReminderKind
from planner.events import negotiation
from planner.events.negotiation import SlotInput
from planner.extensions import db
from planner.models import (
    Answer,
    Event,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    SentReminder,
)
from planner.reminders import ledger
from planner.reminders.digests import DIGEST, send_digests
from tests.factories import CLUSTER, EMBASSY, HOST, OUTSIDER, csrf_token_from, proposal, user

pytestmark = pytest.mark.usefixtures("demo")

SLOTS = [SlotInput("2037-04-20T17:00", "Asia/Tokyo")]
# Friday 20 March 2037; Monday is the 23rd.
PROPOSED_AT = datetime(2037, 3, 20, 3, 0, tzinfo=UTC)


def _propose() -> Event:
    with time_machine.travel(PROPOSED_AT, tick=False):
        return negotiation.propose_event(user(HOST), proposal(slots=SLOTS))


def _run_at(instant: datetime) -> int:
    with time_machine.travel(instant, tick=False):
        return send_digests()


def _digests(recipient: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(OutboxMessage)
            .filter_by(kind=DIGEST, recipient=recipient)
            .order_by(OutboxMessage.id)
        )
    )


def test_a_daily_digest_comes_at_nine_local_with_proposals_to_answer(app: Flask) -> None:
    update_preferences(user(EMBASSY), "en", None, "daily")  # Tokyo
    _propose()
    assert _run_at(datetime(2037, 3, 20, 23, 59, tzinfo=UTC)) == 0  # 08:59 in Tokyo
    assert _run_at(datetime(2037, 3, 21, 0, 0, tzinfo=UTC)) == 1
    assert _run_at(datetime(2037, 3, 21, 0, 15, tzinfo=UTC)) == 0  # once a day
    (digest,) = _digests(EMBASSY)
    assert digest.subject == "[Co-host Planner] Your daily digest"
    assert "Proposals your organization has to answer:" in digest.body
    assert "Digital health in Denmark and Japan" in digest.body
    assert ledger.unsubscribe_url(EMBASSY, ReminderKind.DIGEST) in digest.body
    assert _run_at(datetime(2037, 3, 22, 0, 0, tzinfo=UTC)) == 1  # and the next day again


def test_a_weekly_digest_comes_on_monday_with_what_the_host_can_confirm(app: Flask) -> None:
    update_preferences(user(HOST), "en", "Europe/Copenhagen", "weekly")
    event = _propose()
    with time_machine.travel(datetime(2037, 3, 21, tzinfo=UTC), tick=False):
        for email in (EMBASSY, CLUSTER):
            negotiation.answer_slot(user(email), event.id, event.slots[0].id, Answer.YES)
        db.session.add_all(
            Registration(
                event_id=event.id, name=f"A {n}", email=f"a{n}@example.org",
                status=RegistrationStatus.CONFIRMED,
            )
            for n in range(3)
        )  # fmt: skip
        db.session.commit()
    # Sunday 09:00 in Copenhagen: not the day. Monday 23 March 09:00 CET = 08:00 UTC.
    assert _run_at(datetime(2037, 3, 22, 8, 0, tzinfo=UTC)) == 0
    assert _run_at(datetime(2037, 3, 23, 7, 59, tzinfo=UTC)) == 0
    assert _run_at(datetime(2037, 3, 23, 8, 0, tzinfo=UTC)) == 1
    assert _run_at(datetime(2037, 3, 23, 9, 0, tzinfo=UTC)) == 0
    (digest,) = _digests(HOST)
    assert digest.subject == "[Co-host Planner] Your weekly digest"
    assert "Your proposals ready to confirm" in digest.body
    assert "Digital health in Denmark and Japan: 3 registrations" in digest.body
    assert "has to answer" not in digest.body


def test_nothing_waiting_means_nothing_sent_and_opt_outs_count_as_off(app: Flask) -> None:
    update_preferences(user(OUTSIDER), "en", None, "daily")  # Copenhagen, not involved
    update_preferences(user(CLUSTER), "en", None, "daily")
    _propose()
    ledger.opt_out(CLUSTER, ReminderKind.DIGEST)
    assert _run_at(datetime(2037, 3, 21, 8, 0, tzinfo=UTC)) == 0
    assert _digests(OUTSIDER) == [] and _digests(CLUSTER) == []
    # The outsider's day was decided (nothing to say); the cluster's was never looked at.
    keys = set(db.session.scalars(db.select(SentReminder.key)))
    assert any(key.startswith(f"digest:{user(OUTSIDER).id}:") for key in keys)
    # Choosing the digest again on the account page undoes the opt-out.
    update_preferences(user(CLUSTER), "en", None, "daily")
    assert not ledger.has_opted_out(CLUSTER, ReminderKind.DIGEST)
    assert _run_at(datetime(2037, 3, 22, 8, 0, tzinfo=UTC)) == 1


def test_a_japanese_reader_gets_the_digest_in_japanese(app: Flask) -> None:
    update_preferences(user(EMBASSY), "ja", None, "daily")
    _propose()
    _run_at(datetime(2037, 3, 21, 0, 0, tzinfo=UTC))
    (digest,) = _digests(EMBASSY)
    assert digest.subject == "[Co-host Planner] 毎日のダイジェスト"
    assert "貴組織の回答が必要な提案" in digest.body
    assert "デンマークと日本のデジタルヘルス" in digest.body


def test_the_account_page_sets_the_digest(client, auth) -> None:  # noqa: ANN001
    auth.login(CLUSTER)
    page = client.get("/account").get_data(as_text=True)
    assert 'name="digest"' in page and "Weekly (Mondays)" in page
    token = csrf_token_from(page)
    saved = client.post(
        "/account/preferences",
        data={"csrf_token": token, "locale": "en", "timezone": "", "digest": "weekly"},
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert user(CLUSTER).digest == "weekly"
    refused = client.post(
        "/account/preferences",
        data={"csrf_token": token, "locale": "en", "timezone": "", "digest": "hourly"},
    )
    assert refused.status_code == 400
    assert "Choose off, daily or weekly." in refused.get_data(as_text=True)
    # Turned off from a digest's own link: the page says "off", as the job reads it.
    ledger.opt_out(CLUSTER, ReminderKind.DIGEST)
    page = client.get("/account").get_data(as_text=True)
    assert '<option selected value="off">' in page or 'value="off" selected' in page
