"""Personal emails: written in the reader's language, with a link made when they are sent.

An invitation, a sign-in link, a password reset and a proposal's answer link are
emails to one person carrying a secret. The secret must exist only in that email:
not in the outbox (which admins read), not in logs, and in the database only as a
hash. So the outbox row keeps the text with :data:`LINK_PLACEHOLDER` where the link
goes, and names the invitation or email link it opens; :func:`mint_link` makes the
secret when the message is handed to the mail server, the absolute link goes into the
text that leaves, and :func:`record_link` stores the hash once the server took it. A
message sent again gets a new secret, which retires the one before.

The text is rendered from ``templates/emails/<name>.txt`` with the reader's locale
when the message is queued (:func:`planner.notifications.messages.render_email`):
the first line is the subject, the rest the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale

from planner.accounts.link_secrets import new_secret, secret_hash
from planner.extensions import db
from planner.models import EmailLink, Event, Invitation, LinkPurpose, OutboxMessage, utc_now
from planner.notifications.messages import LINK_PLACEHOLDER, render_email
from planner.urls import public_url

# What the admin outbox shows where the link will be.
LINK_SHOWN_IN_OUTBOX = "[personal link, made when the message is sent]"

# The route each kind of link opens; each takes the secret as ``token``.
INVITATION_ENDPOINT = "invitations.accept"
LINK_ENDPOINTS = {
    LinkPurpose.SIGN_IN: "auth.email_sign_in",
    LinkPurpose.PASSWORD_RESET: "auth.reset_password",
    LinkPurpose.PROPOSAL: "proposal_links.open_link",
}
# How long each kind of link works after it is sent (config keys, in minutes).
LIFETIME_SETTINGS = {
    LinkPurpose.SIGN_IN: "SIGN_IN_LINK_MINUTES",
    LinkPurpose.PASSWORD_RESET: "PASSWORD_RESET_LINK_MINUTES",
    LinkPurpose.PROPOSAL: "PROPOSAL_LINK_MINUTES",
}


def link_lifetime(purpose: LinkPurpose) -> timedelta:
    """How long a link of ``purpose`` works after its email is sent."""
    return timedelta(minutes=current_app.config[LIFETIME_SETTINGS[purpose]])


def invitation_lifetime() -> timedelta:
    """How long an invitation works after it is made or sent again."""
    return timedelta(days=current_app.config["INVITATION_DAYS"])


def queue_personal_email(
    recipient: str,
    template: str,
    locale: str,
    *,
    invitation: Invitation | None = None,
    email_link: EmailLink | None = None,
    event: Event | None = None,
    **values: Any,
) -> OutboxMessage:
    """Within the caller's unit of work: queue one personal email with its link.

    Exactly one of ``invitation`` and ``email_link`` names what the link opens.
    """
    if (invitation is None) == (email_link is None):
        raise ValueError("a personal email carries exactly one link")
    with force_locale(locale):
        subject, body = render_email(template, **values)
    message = OutboxMessage(
        kind=template,
        event_id=event.id if event is not None else None,
        recipient=recipient,
        locale=locale,
        subject=subject,
        body=body,
        invitation=invitation,
        email_link=email_link,
        # Written now, in the reader's language: only the link waits for the sending.
        rendered_at=utc_now(),
    )
    db.session.add(message)
    return message


@dataclass(frozen=True)
class MintedLink:
    """A message's personal link, made for one delivery: the secret and its address."""

    secret: str
    url: str


def mint_link(message: OutboxMessage) -> MintedLink | None:
    """A new secret and the address it opens, for ``message``; nothing is stored yet.

    None when the message carries no link, or when the link's target is gone (revoked
    and cleaned up): the text then leaves without a dead link.
    """
    if LINK_PLACEHOLDER not in message.body:
        return None
    secret = new_secret()
    if message.invitation is not None:
        return MintedLink(secret, public_url(INVITATION_ENDPOINT, token=secret))
    if message.email_link is not None:
        endpoint = LINK_ENDPOINTS[message.email_link.purpose]
        return MintedLink(secret, public_url(endpoint, token=secret))
    return None


def text_with_link(message: OutboxMessage, link: MintedLink | None) -> str:
    """The body that leaves: the placeholder replaced by the link (or by nothing)."""
    return message.body.replace(LINK_PLACEHOLDER, link.url if link else "")


def record_link(message: OutboxMessage, link: MintedLink | None) -> None:
    """Within the sender's unit of work, once the mail server took the message: keep the hash.

    Only then, so that a delivery that failed leaves the earlier link working. The
    hash replaces any earlier one (an earlier email's link stops working); an email
    link starts its lifetime now.
    """
    if link is None:
        return
    if message.invitation is not None:
        message.invitation.token_hash = secret_hash(link.secret)
        message.invitation.sent_at = utc_now()
    elif message.email_link is not None:
        message.email_link.token_hash = secret_hash(link.secret)
        message.email_link.expires_at = utc_now() + link_lifetime(message.email_link.purpose)


def outbox_text(body: str) -> str:
    """The body as the admin outbox shows it (the link's place marked, never a secret)."""
    return body.replace(LINK_PLACEHOLDER, LINK_SHOWN_IN_OUTBOX)
