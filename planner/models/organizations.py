"""Organizations: LINK-J, the embassy, the Danish clusters and every other partner."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import OrganizationKind, enum_column


class Organization(Base):
    """A member or partner organization, with the zone and hours it works in.

    ``timezone`` is the office zone its staff work in (working-hours checks use it);
    ``audience_zones`` are the zones of the people it speaks for (the embassy in Tokyo
    speaks for an audience in Copenhagen): events show them, nothing checks them.
    """

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[OrganizationKind] = mapped_column(enum_column(OrganizationKind, "org_kind"))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2, e.g. "JP", "DK"
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name, e.g. "Europe/Copenhagen"
    audience_zones: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    work_start: Mapped[time] = mapped_column(Time, default=time(9))
    work_end: Mapped[time] = mapped_column(Time, default=time(18))
    # Where a proposal goes while nobody of the organization has an account: the
    # address is invited to join (issue 13), so the proposal still reaches someone.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    def display_name(self, locale: str = "en") -> str:
        """Return the name in ``locale`` (Japanese when asked and known, else English)."""
        if locale == "ja" and self.name_ja:
            return self.name_ja
        return self.name_en

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"
