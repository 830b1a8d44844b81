"""The outbox: every email the app sends, kept so admins can read what went out."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, UTCDateTime, utc_now

if TYPE_CHECKING:
    from planner.models.access_links import EmailLink, Invitation


class OutboxMessage(Base):
    """One email to one recipient, with its optional calendar part.

    Without an SMTP server configured the message simply stays here (``sent_at`` is
    empty), which is what makes the demo work without a mail server.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    calendar: Mapped[str | None] = mapped_column(Text)  # iCalendar text, when an invite
    calendar_method: Mapped[str | None] = mapped_column(String(16))  # REQUEST, CANCEL...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(500))
    # A message carrying a personal link names what the link opens; the link's secret
    # is made when the message is sent and never stored (see notifications.links).
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    email_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("email_links.id", ondelete="SET NULL"), index=True
    )

    invitation: Mapped[Invitation | None] = relationship()
    email_link: Mapped[EmailLink | None] = relationship()
