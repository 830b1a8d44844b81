"""Secret calendar-feed addresses: one per organizer, one per attendee email."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.users import User


def new_feed_token() -> str:
    """Return an unguessable token for a secret feed URL."""
    return secrets.token_urlsafe(32)


class CalendarFeedToken(Base):
    """The secret part of a personal feed URL.

    An organizer feed belongs to a user and can be revoked (a new one replaces it); an
    attendee feed belongs to an email address and lists every event that address is
    registered for. The token is kept readable because the owner is shown their URL
    again (on the account or manage page), as calendar services do.
    """

    __tablename__ = "calendar_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_feed_token)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
