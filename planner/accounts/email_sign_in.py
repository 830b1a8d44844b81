"""Signing in by an emailed link, and resetting a forgotten password the same way.

Asking for a link says nothing about the address: an active account with it gets an
email, any other address (unknown, deactivated) gets nothing, and the caller shows
the same page either way. Each email carries an :class:`~planner.models.EmailLink`
whose secret is made only when the message is sent
(:mod:`planner.notifications.links`), so its lifetime (15 minutes to sign in, 60 to
reset) starts then, and the database keeps only its hash.

A link is looked up by the hash of the secret it brings and compared once more in
constant time. It opens once: using it sets ``used_at`` in one conditional UPDATE,
so two clicks at the same moment cannot both sign in. Opening the link's page (a
GET, which mail scanners and Outlook's Safe Links also do) uses nothing; only the
button on that page (a POST) does.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.accounts.link_secrets import (
    LinkStatus,
    claim_once,
    find_by_secret,
    link_status,
    revoke_email_links_in_unit,
)
from planner.accounts.operations import check_password_policy, hash_password, normalize_email
from planner.accounts.sessions import end_all_sessions_in_unit
from planner.errors import DomainError, NotFound
from planner.extensions import db
from planner.models import EmailLink, LinkPurpose, User
from planner.notifications.links import link_lifetime, queue_personal_email
from planner.unit_of_work import unit_of_work

# The email each purpose sends (templates/emails/<name>.txt).
EMAIL_TEMPLATES = {
    LinkPurpose.SIGN_IN: "sign_in_link",
    LinkPurpose.PASSWORD_RESET: "password_reset",
}


@dataclass(frozen=True)
class LinkState:
    """What a link's secret opens now: ``status``, and the link when it is a real one."""

    status: LinkStatus
    link: EmailLink | None = None


class LinkUnknown(NotFound):
    """No link of this kind has this secret (forged, mistyped, another kind of link)."""

    code = "link_unknown"


class LinkGone(DomainError):
    """A real link that no longer opens anything: expired, used or revoked (410)."""

    status_code = 410
    code = "link_gone"

    def __init__(self, status: LinkStatus, message: str) -> None:
        super().__init__(message, code=f"link_{status}")
        self.status = status


def _active_user(email: str) -> User | None:
    """The active account with ``email`` (as typed), or ``None``."""
    address = normalize_email(email)
    if not address:
        return None
    user = db.session.scalar(select(User).where(User.email == address))
    return user if user is not None and user.active else None


def _request_link(email: str, locale: str, purpose: LinkPurpose) -> None:
    """Email an active account with ``email`` a link of ``purpose``; others get nothing."""
    user = _active_user(email)
    if user is None:
        return
    minutes = int(link_lifetime(purpose).total_seconds() // 60)
    with unit_of_work():
        link = EmailLink(user=user, purpose=purpose)
        db.session.add(link)
        queue_personal_email(
            user.email,
            EMAIL_TEMPLATES[purpose],
            user.locale or locale,
            email_link=link,
            name=user.display_name,
            email=user.email,
            minutes=minutes,
        )


def request_sign_in_link(email: str, locale: str) -> None:
    """Email a one-time sign-in link to the active account with ``email``, if there is one.

    ``locale`` is the language of the page that asked, used when the account has no
    preference. Nothing tells the caller whether an email went out.
    """
    _request_link(email, locale, LinkPurpose.SIGN_IN)


def request_password_reset(email: str, locale: str) -> None:
    """Email a password-reset link to the active account with ``email``, if there is one.

    Accounts that have no password yet (they sign in by link) get one too: following
    it sets their first password. Nothing tells the caller whether an email went out.
    """
    _request_link(email, locale, LinkPurpose.PASSWORD_RESET)


def email_link_state(token: str, purpose: LinkPurpose) -> LinkState:
    """What the secret ``token`` opens as a link of ``purpose``.

    A secret of the wrong shape, of no link, or of a link of another purpose is
    "unknown"; a link already used, withdrawn (or of a deactivated account) or past
    its time says so, in that order.
    """
    link = find_by_secret(EmailLink, token, EmailLink.purpose == purpose)
    if link is None:
        return LinkState("unknown")
    status = link_status(
        used_at=link.used_at,
        revoked_at=link.revoked_at,
        expires_at=link.expires_at,
        withdrawn=not link.user.active,
    )
    return LinkState(status, link)


def _problem(state: LinkState) -> DomainError:
    """The error for a link that does not open (any state but "valid")."""
    if state.status == "used":
        return LinkGone("used", _("This link has already been used. Each link works only once."))
    if state.status == "revoked":
        return LinkGone("revoked", _("This link has been withdrawn and no longer works."))
    if state.status == "expired":
        return LinkGone("expired", _("This link has expired."))
    return LinkUnknown(_("This link is not valid. Check that it was copied in full."))


def valid_link(token: str, purpose: LinkPurpose) -> EmailLink:
    """The link ``token`` opens as ``purpose``, or the error that says why it opens nothing."""
    state = email_link_state(token, purpose)
    if state.status != "valid" or state.link is None:
        raise _problem(state)
    return state.link


def _use(link: EmailLink) -> None:
    """Within the caller's unit of work: use ``link`` up, unless another request did first."""
    if not claim_once(link):
        raise _problem(LinkState("used", link))


def sign_in_with_link(token: str) -> User:
    """Use up a sign-in link and return its user (the caller signs them in on this device).

    The user's other unused sign-in links are withdrawn: they have served their turn.
    """
    link = valid_link(token, LinkPurpose.SIGN_IN)
    with unit_of_work():
        _use(link)
        revoke_email_links_in_unit(link.user_id, purposes=(LinkPurpose.SIGN_IN,), except_id=link.id)
        audit.record(link.user, "user.sign_in_by_link", "user", link.user_id)
    return link.user


def reset_password_with_link(token: str, new_password: str) -> User:
    """Use up a reset link: set the new password and end every session of the user.

    The user's other unused sign-in and reset links are withdrawn, so that a link left
    in a mailbox that someone else reads cannot undo the reset. The caller signs the
    person in again on this device.
    """
    link = valid_link(token, LinkPurpose.PASSWORD_RESET)
    check_password_policy(new_password, field="new_password")
    user = link.user
    with unit_of_work():
        _use(link)
        user.password_hash = hash_password(new_password)
        end_all_sessions_in_unit(user)
        # Whoever could read the mailbox may hold other links: proposal links too.
        revoke_email_links_in_unit(user.id, except_id=link.id)
        audit.record(user, "user.password_reset", "user", user.id, after={"password": "reset"})
    return user
