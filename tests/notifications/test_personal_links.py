"""Personal links in emails: made only when the message leaves, stored only as a hash."""

from __future__ import annotations

import pytest
from flask import Flask

from planner.accounts.link_secrets import looks_like_secret, new_secret, same_hash, secret_hash
from planner.extensions import db
from planner.models import EmailLink, OutboxMessage
from planner.notifications.links import LINK_PLACEHOLDER, mint_link, record_link, text_with_link
from tests.factories import EMBASSY, event_in, user
from tests.mail_server import Inbox, links_in


def test_secrets_are_long_random_and_compared_by_hash() -> None:
    first, second = new_secret(), new_secret()
    assert first != second and len(first) >= 43 and looks_like_secret(first)
    assert same_hash(secret_hash(first), first)
    assert not same_hash(secret_hash(first), second)
    assert not same_hash(None, first)
    for shape in ("short", "a" * 200, "ünïcödé" * 5, "with space " * 3, "../../etc/passwd" * 2):
        assert not looks_like_secret(shape)


@pytest.mark.usefixtures("demo")
def test_without_a_mail_server_no_secret_exists(app: Flask) -> None:
    event_in("proposed")
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=user(EMBASSY).id))
    assert link.token_hash is None and link.expires_at is None
    message = db.session.scalar(db.select(OutboxMessage).filter_by(email_link_id=link.id))
    assert LINK_PLACEHOLDER in message.body and message.sent_at is None


@pytest.mark.usefixtures("demo")
def test_sending_again_retires_the_earlier_link(app: Flask, inbox: Inbox) -> None:
    event_in("proposed")
    (first_url,) = links_in(inbox.last_to(EMBASSY), "/answer/")
    message = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.email_link_id.is_not(None))
    )
    link = message.email_link
    first_hash = link.token_hash
    # What a second delivery does: the same message made again gets a new secret,
    # which replaces the first one's hash only once it has been sent.
    minted = mint_link(message)
    again = text_with_link(message, minted)
    assert first_url not in again and "/answer/" in again
    assert link.token_hash == first_hash
    record_link(message, minted)
    db.session.commit()
    assert link.token_hash != first_hash
    assert not same_hash(link.token_hash, first_url.rsplit("/", 1)[1])


@pytest.mark.usefixtures("demo")
def test_development_prints_mail_with_its_links(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    app.config.update(MAIL_SERVER=None, MAIL_TO_CONSOLE=True)
    event_in("proposed")
    printed = capsys.readouterr().err
    assert "(development: printed, not sent)" in printed
    assert f"To: {EMBASSY}" in printed
    assert "http://planner.test/answer/" in printed
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=user(EMBASSY).id))
    assert link.token_hash is not None and link.expires_at is not None
    assert all(m.sent_at is not None for m in db.session.scalars(db.select(OutboxMessage)))
