"""The outbox: every email the app sends, kept so admins can read what went out."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import DeliveryStatus, enum_column

if TYPE_CHECKING:
    from planner.models.access_links import EmailLink, Invitation
    from planner.models.registrations import Registration


class OutboxMessage(Base):
    """One email to one recipient, with its optional calendar part.

    The row is written in the transaction of the change it announces; a job delivers
    it (``planner.notifications.delivery``), and its status, attempts and last error
    say how far it got. Without an SMTP server configured the message stays queued
    here, which is what makes the demo work without a mail server.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    # What the message is and who reads it (planner.notifications.messages): the
    # delivery job writes subject, body and calendar from these, in the reader's
    # language and zone, and sets rendered_at. Messages written when they were queued
    # (personal links, and those from before) are rendered from the start.
    kind: Mapped[str | None] = mapped_column(String(64))
    recipient_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    locale: Mapped[str | None] = mapped_column(String(8))
    zone: Mapped[str | None] = mapped_column(String(64))
    context: Mapped[str | None] = mapped_column(Text)  # JSON: what only the moment knew
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    calendar: Mapped[str | None] = mapped_column(Text)  # iCalendar text, when an invite
    calendar_method: Mapped[str | None] = mapped_column(String(16))  # REQUEST, CANCEL...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "delivery_status"),
        default=DeliveryStatus.QUEUED,
        server_default=DeliveryStatus.QUEUED.value,
        index=True,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When the next try is due (retrying), and when a worker took the message (sending):
    # a message left sending longer than a lease belonged to a worker that died.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(500))  # the last try's error
    # A message carrying a personal link names what the link opens; the link's secret
    # is made when the message is sent and never stored (see notifications.links).
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    email_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("email_links.id", ondelete="SET NULL"), index=True
    )

    invitation: Mapped[Invitation | None] = relationship()
    registration: Mapped[Registration | None] = relationship()
    email_link: Mapped[EmailLink | None] = relationship()
