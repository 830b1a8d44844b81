"""Personal proposal links: each co-host organizer answers from the email itself.

When a proposal is sent, every active organizer of each co-host organization gets an
email in their own language with the candidate times in their own zone and the
event's cities, and a personal link (:class:`~planner.models.EmailLink`, purpose
``proposal``). Opening the link (a POST from the page it leads to, so that a mail
scanner following it uses nothing) uses it up and lets that person, and nobody else,
answer that proposal, and nothing else, on this device: a *proposal pass*
(:mod:`planner.proposal_links.passes`). Every answer is recorded as that person on
behalf of their organization, as if they had signed in.

The link is short-lived (``PROPOSAL_LINK_MINUTES``, 72 hours after sending) and the
pass ends with it; an expired or already opened link offers a new one, which goes to
the same person's address only. The person's organization admin revokes links by
revoking the member's email links or deactivating the member.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.accounts.link_secrets import claim_once, find_by_secret, link_status
from planner.errors import Conflict
from planner.events.access import require_cohost
from planner.extensions import db
from planner.models import EmailLink, Event, EventStatus, LinkPurpose, User, utc_now
from planner.notifications import outbox
from planner.notifications.links import link_lifetime, queue_personal_email
from planner.presentation import event_moment, moment_text, reader_zone
from planner.unit_of_work import unit_of_work
from planner.urls import public_url


@dataclass(frozen=True)
class ProposalLinkState:
    """What a proposal link is now: ``valid``, ``expired``, ``used``, ``revoked`` or ``unknown``.

    ``link`` is set whenever the link exists (for the page that explains the state).
    """

    status: str
    link: EmailLink | None = None

    @property
    def may_ask_again(self) -> bool:
        """Whether the page may offer a new link (only to the same person's address).

        Not while a newer link of the same person for the same proposal still works:
        an old email then brings one new link at most, never a flood of them.
        """
        return (
            self.status in ("expired", "used")
            and self.link is not None
            and not _has_newer_live_link(self.link)
        )


@dataclass(frozen=True)
class ProposalPass:
    """What an opened link lets its holder do: answer one proposal as one person."""

    user_id: int
    event_id: int
    link_id: int
    session_epoch: int


def _still_answerable(link: EmailLink) -> bool:
    """Whether the link's person may still answer its proposal (active, a co-host, open)."""
    event, user = link.event, link.user
    return bool(
        event is not None
        and user.active
        and event.status == EventStatus.PROPOSED
        and user.organization_id in {organization.id for organization in event.cohosts}
    )


def _has_newer_live_link(link: EmailLink) -> bool:
    """Whether a link sent after ``link`` to the same person for its proposal still works."""
    newer = db.session.scalar(
        select(EmailLink.id).where(
            EmailLink.user_id == link.user_id,
            EmailLink.event_id == link.event_id,
            EmailLink.purpose == LinkPurpose.PROPOSAL,
            EmailLink.id > link.id,
            EmailLink.used_at.is_(None),
            EmailLink.revoked_at.is_(None),
            # Not sent yet (no expiry) counts as live: it is on its way.
            (EmailLink.expires_at.is_(None)) | (EmailLink.expires_at > utc_now()),
        )
    )
    return newer is not None


def link_state(token: str) -> ProposalLinkState:
    """What the proposal link ``token`` is now; looking changes nothing."""
    link = find_by_secret(EmailLink, token, EmailLink.purpose == LinkPurpose.PROPOSAL)
    if link is None:
        return ProposalLinkState("unknown")
    if not _still_answerable(link):
        # A proposal no longer waiting for this person: nothing to renew either.
        return ProposalLinkState("revoked", link)
    status = link_status(
        used_at=link.used_at, revoked_at=link.revoked_at, expires_at=link.expires_at
    )
    return ProposalLinkState(status, link)


def pass_is_current(proposal_pass: ProposalPass) -> User | None:
    """The pass holder while the pass still opens its proposal, else ``None``.

    It stops with its link (expired or revoked), with the person's sessions (signing
    out everywhere, a password change, a deactivation) and with the proposal itself
    (answered and confirmed, withdrawn, or the organization no longer a co-host).
    """
    link = db.session.get(EmailLink, proposal_pass.link_id)
    if link is None or link.user_id != proposal_pass.user_id:
        return None
    if link.event_id != proposal_pass.event_id or link.revoked_at is not None:
        return None
    if link.expires_at is None or link.expires_at <= utc_now():
        return None
    if link.user.session_epoch != proposal_pass.session_epoch or not _still_answerable(link):
        return None
    return link.user


def open_link(token: str) -> ProposalPass:
    """Use the link up and return the pass it gives; refused unless the link is valid."""
    with unit_of_work():
        state = link_state(token)
        if state.status != "valid" or state.link is None:
            raise Conflict(_("This link can no longer be used."), code=f"link_{state.status}")
        link = state.link
        if not claim_once(link):
            # Another request opened it at the same moment: only one gets the pass.
            raise Conflict(_("This link can no longer be used."), code="link_used")
        audit.record(
            link.user,
            "proposal_link.open",
            "event",
            link.event_id,
            event_id=link.event_id,
            after={"organization": link.user.organization.slug},
        )
        opened = ProposalPass(link.user_id, link.event_id, link.id, link.user.session_epoch)
    return opened


def _queue_proposal_email(event: Event, user: User, proposer: User) -> None:
    """Within the caller's unit of work: one person's proposal email with a new link."""
    link = EmailLink(user=user, purpose=LinkPurpose.PROPOSAL, event=event)
    db.session.add(link)
    locale = user.locale or "en"
    # The email's times are in the reader's zone first, then every city of the event,
    # written in the reader's language (formatting follows the rendering locale).
    with force_locale(locale):
        candidates = [
            moment_text(event_moment(event, slot.start_utc, reader_zone(user)))
            for slot in event.slots
        ]
    queue_personal_email(
        user.email,
        "proposal",
        locale,
        email_link=link,
        event=event,
        name=user.display_name,
        proposer=proposer.display_name,
        host=event.host.display_name(locale),
        organization=user.organization.display_name(locale),
        title=event.title(locale),
        candidates=candidates,
        hours=round(link_lifetime(LinkPurpose.PROPOSAL).total_seconds() / 3600),
        # The whole event page is for signed-in organizers: the link signs in first.
        event_url=public_url("auth.login", next=f"/events/{event.id}"),
    )


def send_proposal_emails_in_unit(event: Event, proposer: User) -> None:
    """Within the caller's unit of work: the proposal's email to every co-host organizer."""
    for user in outbox.organizers_of(organization.id for organization in event.cohosts):
        _queue_proposal_email(event, user, proposer)


def send_new_link(token: str) -> User:
    """Send a fresh link to the person an expired or opened link was for.

    It goes to that person's own address only, so whoever asks learns nothing and gains
    nothing; a revoked or unknown link gets no new one.
    """
    with unit_of_work():
        state = link_state(token)
        if not state.may_ask_again or state.link is None:
            raise Conflict(_("A new link cannot be sent for this one."), code="link_not_renewable")
        link = state.link
        _queue_proposal_email(link.event, link.user, link.event.created_by or link.user)
        person = link.user
    return person


def send_link_to_colleague_in_unit(actor: User, event: Event, colleague: User) -> None:
    """Within the caller's unit of work: forward the proposal to a colleague with an account."""
    require_cohost(actor, event)
    _queue_proposal_email(event, colleague, actor)
