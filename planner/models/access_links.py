"""Invitations and personal email links: the secrets that let people in without a password.

Each row stores only the SHA-256 hash of its secret (``token_hash``), which is empty
until the email carrying the link is sent: the secret is made at that moment and
exists nowhere but in that email (:mod:`planner.notifications.links`). Sending again
makes a new secret, so only the newest email's link works.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import LinkPurpose, Role, enum_column
from planner.models.events import Event
from planner.models.organizations import Organization
from planner.models.users import User


class Invitation(Base):
    """An invitation for an email address to join an organization with a role.

    Pending while not accepted, not revoked and not expired; accepting it once creates
    the account (``accepted_user_id``) and uses it up. ``event_id`` is the proposal the
    invitation was sent for, if any: accepting it leads to that proposal's answers.
    """

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "invitation_role"))
    locale: Mapped[str] = mapped_column(String(8))  # the language the email is written in
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    event: Mapped[Event | None] = relationship()


class EmailLink(Base):
    """A personal link for one person: sign in once, reset the password, or answer a proposal.

    ``event_id`` is set for a proposal link, which opens that proposal and nothing else.
    ``used_at`` marks a link that was opened (each opens once); ``revoked_at`` one the
    person's organization admin (or a deactivation, or a newer link) took back.
    """

    __tablename__ = "email_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose, "link_purpose"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set when sent
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    event: Mapped[Event | None] = relationship()
