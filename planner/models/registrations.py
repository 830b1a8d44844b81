"""Attendees' registrations for published events."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import RegistrationStatus, enum_column
from planner.models.events import Event


def new_manage_token() -> str:
    """Return an unguessable token for an attendee's manage link."""
    return secrets.token_urlsafe(32)


class Registration(Base):
    """One attendee's seat (or place on the waitlist) at one event.

    The unique (event, email) pair is what makes a second registration with the same
    address give back the first one instead of a duplicate.
    """

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # The zone the attendee's browser reported when they registered, so messages about
    # the event (a reschedule) give its time in their own clock first.
    timezone: Mapped[str | None] = mapped_column(String(64))
    # The interface language they registered in: every email to them is written in it
    # (None for registrations from before it was kept: the event's language then).
    locale: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status")
    )
    manage_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_manage_token)
    # A keyed hash of the network the registration came from (never the address
    # itself), so organizers can see many registrations from one place; None for
    # those made before it was kept, or not over the web.
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    event: Mapped[Event] = relationship()
