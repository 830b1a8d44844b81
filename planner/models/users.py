"""People who sign in: organizers of an organization, and admins."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import Role, enum_column
from planner.models.organizations import Organization


class User(UserMixin, Base):
    """An account. Emails are stored lower-cased, which makes them unique ignoring case."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    # Empty for an account that signs in by email link only (no password matches it).
    password_hash: Mapped[str] = mapped_column(String(255))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"), default=Role.ORGANIZER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(8))  # interface language preference
    timezone: Mapped[str | None] = mapped_column(String(64))  # personal zone, IANA name
    # How often the organizer digest comes: "off", "daily" or "weekly" (planner.reminders).
    digest: Mapped[str] = mapped_column(String(8), default="off", server_default="off")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # The generation of the account's sign-ins: every session carries the value it was
    # issued with, and raising it (sign-out, password change, deactivation) ends them all.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    organization: Mapped[Organization | None] = relationship(lazy="joined")

    def get_id(self) -> str:
        """What a session (and a remember-me cookie) stores: the id and the sign-in generation.

        The session loader accepts it only while ``session_epoch`` still has that value.
        """
        return f"{self.id}.{self.session_epoch}"

    @property
    def is_active(self) -> bool:
        """Flask-Login signs no deactivated account in; the session loader refuses theirs."""
        return self.active

    @property
    def is_admin(self) -> bool:
        """True for site administrators."""
        return self.role == Role.ADMIN

    @property
    def is_organization_admin(self) -> bool:
        """True for the admins of the user's own organization (not site admins)."""
        return self.role == Role.ORGANIZATION_ADMIN and self.organization_id is not None

    @property
    def has_password(self) -> bool:
        """False for people who joined by invitation and sign in by email link only."""
        return bool(self.password_hash)

    def __repr__(self) -> str:
        return f"<User {self.email}>"
