"""What the clock's messages remember: each reminder sent once, and who asked for none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base, UTCDateTime, utc_now


class SentReminder(Base):
    """One reminder, nudge or digest that was decided: its (kind, key) exists once.

    The key names the occasion completely (say, this registration, this offset, this
    start), so a second worker, a retry after a crash or a clock that jumps back finds
    the row and sends nothing. A reminder passed over on purpose (due before the person
    registered, or superseded by a later one) has a row without a message.
    """

    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class MailOptOut(Base):
    """An address that turned off one kind of reminder, from the link in such an email."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("email", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
