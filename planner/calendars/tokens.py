"""Secret feed addresses: an organizer's revocable feed and an attendee's personal feed."""

from __future__ import annotations

from sqlalchemy import select

from planner import audit
from planner.accounts.operations import normalize_email
from planner.extensions import db
from planner.models import CalendarFeedToken, User, utc_now
from planner.unit_of_work import unit_of_work


def _active_token(**owner: object) -> CalendarFeedToken | None:
    """The owner's token that has not been revoked, if any."""
    query = (
        select(CalendarFeedToken).filter_by(**owner).where(CalendarFeedToken.revoked_at.is_(None))
    )
    return db.session.scalar(query.order_by(CalendarFeedToken.id.desc()))


def organizer_feed_token(actor: User) -> str | None:
    """The actor's live organizer-feed token, or ``None`` before they asked for one.

    Reading never creates one: pages are GET requests, and a GET never writes.
    """
    existing = _active_token(user_id=actor.id)
    return existing.token if existing is not None else None


def new_organizer_feed_token(actor: User) -> str:
    """Give the actor a (new) organizer-feed address; a live one is revoked first."""
    with unit_of_work():
        existing = _active_token(user_id=actor.id)
        if existing is not None:
            existing.revoked_at = utc_now()
        token = CalendarFeedToken(user_id=actor.id)
        db.session.add(token)
        db.session.flush()
        audit.record(actor, "feed.create" if existing is None else "feed.rotate", "feed", token.id)
    return token.token


def attendee_feed_token(email: str) -> str:
    """Return the personal-feed token of an attendee's email, creating it on first use.

    Called inside the caller's unit of work (a registration's, to put the feed in its
    email); it only adds to the session when no token exists yet. The token goes into
    emails to the address only, never onto a page or into an API answer: nobody checks
    that whoever registers an address owns it, and the feed lists every event the
    address is registered for, with join links.
    """
    email = normalize_email(email)
    existing = _active_token(email=email)
    if existing is not None:
        return existing.token
    token = CalendarFeedToken(email=email)
    db.session.add(token)
    db.session.flush()
    return token.token


def new_attendee_feed_token(email: str) -> str:
    """Within the caller's unit of work: revoke the email's personal-feed token, issue another."""
    existing = _active_token(email=normalize_email(email))
    if existing is not None:
        existing.revoked_at = utc_now()
    return attendee_feed_token(email)


def resolve_feed_token(token: str) -> CalendarFeedToken | None:
    """The live feed token with this value, or ``None`` (unknown and revoked alike)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(CalendarFeedToken).where(
            CalendarFeedToken.token == token, CalendarFeedToken.revoked_at.is_(None)
        )
    )
