"""A real SMTP server for tests (aiosmtpd on localhost), and reading what it received.

``inbox`` starts the server and points the app's ``MAIL_SERVER`` at it (the suite
restores the configuration after each test); mail then leaves exactly as in
production, personal links included (they are made only when a message is sent).
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

_URL = re.compile(r"https?://[^\s<>\"')]+")


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        """Accept the message (aiosmtpd's hook name)."""
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self, email: str) -> list[EmailMessage]:
        """Every message to ``email``, in the order received."""
        return [message for message in self.messages if message["To"] == email]

    def last_to(self, email: str) -> EmailMessage:
        """The newest message to ``email`` (fails the test when there is none)."""
        messages = self.to(email)
        assert messages, f"no email reached {email}; got {[m['To'] for m in self.messages]}"
        return messages[-1]

    def invites_for(self, email: str) -> list[EmailMessage]:
        """Messages to ``email`` that carry a calendar part, in the order received."""
        return [message for message in self.to(email) if calendar_part(message) is not None]


def text_of(message: EmailMessage) -> str:
    """The plain-text part of ``message``."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text/plain part"
    return part.get_content()


def links_in(message: EmailMessage, path_part: str = "") -> list[str]:
    """The absolute URLs in the message's text (those containing ``path_part``)."""
    return [url for url in _URL.findall(text_of(message)) if path_part in url]


def calendar_part(message: EmailMessage) -> EmailMessage | None:
    """The ``text/calendar`` alternative of ``message``, if it has one."""
    return next(
        (part for part in message.walk() if part.get_content_type() == "text/calendar"), None
    )


def free_port() -> int:
    """A TCP port on localhost that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app: Flask) -> Iterator[Inbox]:
    """A real SMTP server on localhost, with the app configured to deliver to it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield handler
    finally:
        controller.stop()
