"""The invitation email: who invites whom, to what, why, until when, in the reader's language."""

from __future__ import annotations

import pytest

from planner.events import negotiation
from planner.extensions import db
from planner.invitations.operations import invite_person
from planner.models import User
from tests.factories import ADMIN, HOST, proposal, user
from tests.invitations.helpers import NEWCOMER, PARTNER_CONTACT, organization, partner
from tests.mail_server import Inbox, links_in, text_of

pytestmark = pytest.mark.usefixtures("demo")


def _rename(email: str, name: str) -> None:
    account = db.session.scalar(db.select(User).filter_by(email=email))
    account.display_name = name
    db.session.commit()


def test_the_english_email_says_who_what_why_and_until_when(inbox: Inbox) -> None:
    _rename(HOST, "Yuki Tanaka")
    nordic = partner()
    event = negotiation.propose_event(user(HOST), proposal(cohost_slugs=[nordic.slug]))
    message = inbox.last_to(PARTNER_CONTACT)
    assert message["Subject"] == "Yuki Tanaka invites you to join Nordic Lab in Co-host Planner"
    body = text_of(message)
    body = body.replace("\r\n", "\n")
    assert body.startswith("Yuki Tanaka of LINK-J")
    assert "invites you to join Nordic Lab in Co-host Planner as an organization admin." in body
    assert f"proposes “{event.title_en}” to Nordic Lab" in body
    assert "answer its candidate times" in body
    [link] = links_in(message, "/invitations/")
    assert link.startswith("http")
    assert "The link works once, until " in body
    assert "A password is optional" in body
    assert "If you did not expect this invitation, ignore this email" in body
    assert "\n\n\n" not in body


def test_the_japanese_email_is_polite_and_in_japanese(inbox: Inbox) -> None:
    invite_person(
        user(ADMIN), organization_id=organization("dk-embassy").id, email=NEWCOMER, locale="ja"
    )
    message = inbox.last_to(NEWCOMER)
    assert "共催プランナーの" in message["Subject"] and "招待が届いています" in message["Subject"]
    body = text_of(message)
    assert "主催担当者としての招待が届いています" in body
    assert "年" in body and "月" in body  # the expiry date, written the Japanese way
    assert "パスワードの設定は任意です" in body
    assert "お心当たりのない場合" in body
    assert "invites you" not in body
    assert links_in(message, "/invitations/")


def test_no_secret_is_kept_in_the_outbox(inbox: Inbox) -> None:
    from planner.models import OutboxMessage

    invite_person(user(ADMIN), organization_id=organization("medicon").id, email=NEWCOMER)
    [link] = links_in(inbox.last_to(NEWCOMER), "/invitations/")
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(db.select(OutboxMessage).filter_by(recipient=NEWCOMER))
    assert token not in stored.body
