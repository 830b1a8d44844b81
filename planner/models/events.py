"""Events and their negotiation: candidate slots and each organization's answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.sql.expression import false, true

from planner.core import rich_text
from planner.limits import REMINDER_OFFSETS_DEFAULT
from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import Answer, EventFormat, EventStatus, enum_column
from planner.models.organizations import Organization
from planner.models.users import User

event_cohosts = Table(
    "event_cohosts",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True),
)


def new_event_uid() -> str:
    """Return a globally unique, never reused iCalendar UID for a new event."""
    return f"{uuid.uuid4()}@cohost-planner"


class Event(Base):
    """A co-hosted webinar or symposium, from first proposal to completion.

    ``start_utc``/``end_utc`` are set once a slot is agreed; ``planning_timezone`` is the
    IANA zone the host plans in, used for iCalendar TZIDs and default display.
    ``version`` is SQLAlchemy's optimistic-locking counter: an UPDATE that finds a
    different version raises ``StaleDataError`` instead of silently overwriting.
    ``sequence`` is the iCalendar SEQUENCE, raised on every reschedule or cancellation.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True, default=new_event_uid)
    title_en: Mapped[str] = mapped_column(String(200))
    title_ja: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ja: Mapped[str | None] = mapped_column(Text)
    # The descriptions as sanitized HTML, rendered whenever a description is set
    # (``_render_description``), so no page, feed or calendar renders Markdown per view.
    description_html_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_html_ja: Mapped[str | None] = mapped_column(Text)
    format: Mapped[EventFormat] = mapped_column(enum_column(EventFormat, "event_format"))
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT, index=True
    )
    host_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    planning_timezone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    online_url: Mapped[str | None] = mapped_column(String(500))
    venue: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Why the host called the event off, in English and Japanese (either may be empty).
    cancellation_reason: Mapped[str | None] = mapped_column(String(1000))
    cancellation_reason_ja: Mapped[str | None] = mapped_column(String(1000))
    # Registration closes at the start, or earlier at this organizer-set deadline.
    registration_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Contact consent is optional on the registration form unless the event asks for it.
    asks_contact_consent: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # Reminders to confirmed attendees, in minutes before the start (choices in
    # planner.limits; [] sends none), and whether their calendars get matching alarms.
    reminder_offsets: Mapped[list[int]] = mapped_column(
        JSON, default=lambda: list(REMINDER_OFFSETS_DEFAULT), server_default="[1440, 60]"
    )
    reminder_alarms: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the host sent the proposal to the co-hosts; None while it is the host's own
    # draft, and forever for a draft withdrawn unsent (the co-hosts never see that one).
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day the host asks the co-hosts to answer by (a calendar date: "by Friday"
    # means Friday where each co-host is); nudges and the host's notice follow it.
    answer_by: Mapped[date | None] = mapped_column(Date)
    # The host's own changes to the cities the event is shown in, on top of every
    # co-host's office and audience zones ("also show São Paulo", "not Tokyo twice").
    added_zones: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    removed_zones: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    host: Mapped[Organization] = relationship(foreign_keys=[host_organization_id])
    created_by: Mapped[User | None] = relationship()
    cohosts: Mapped[list[Organization]] = relationship(
        secondary=event_cohosts, order_by=Organization.slug
    )
    slots: Mapped[list[CandidateSlot]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="CandidateSlot.start_utc"
    )
    speakers: Mapped[list[Speaker]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Speaker.position"
    )

    __mapper_args__ = {"version_id_col": version}

    def title(self, locale: str = "en") -> str:
        """Return the title in ``locale``, falling back to the English title."""
        if locale == "ja" and self.title_ja:
            return self.title_ja
        return self.title_en

    def reason_cancelled(self, locale: str = "en") -> str:
        """Why the event was cancelled, in ``locale`` when given, else in the other language."""
        first, second = (
            (self.cancellation_reason_ja, self.cancellation_reason)
            if locale == "ja"
            else (self.cancellation_reason, self.cancellation_reason_ja)
        )
        return first or second or ""

    def description(self, locale: str = "en") -> str:
        """Return the description in ``locale``, falling back to English."""
        if locale == "ja" and self.description_ja:
            return self.description_ja
        return self.description_en

    def description_html(self, locale: str = "en") -> str:
        """The stored HTML of :meth:`description` (same language, same fallback)."""
        if locale == "ja" and self.description_ja:
            return self.description_html_ja or ""
        return self.description_html_en or ""

    @validates("description_en", "description_ja")
    def _render_description(self, key: str, text: str | None) -> str | None:
        """Render a description into its HTML column as it is set, wherever it is set.

        Every way of writing a description (proposals, edits, the API, the demo data,
        tests' factories) assigns the attribute, so the HTML cannot fall out of step.
        """
        html = rich_text.render_html(text) if text else ""
        if key == "description_en":
            self.description_html_en = html
        else:
            self.description_html_ja = html if text else None
        return text

    @property
    def organizations(self) -> list[Organization]:
        """The host followed by the co-hosts: everyone who co-organizes the event."""
        return [self.host, *self.cohosts]

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.status}>"


class CandidateSlot(Base):
    """A proposed start and end, with who proposed it and the zone it was typed in."""

    __tablename__ = "candidate_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    entered_timezone: Mapped[str] = mapped_column(String(64))
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_by_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    event: Mapped[Event] = relationship(back_populates="slots")
    proposed_by: Mapped[User | None] = relationship()
    proposed_by_organization: Mapped[Organization] = relationship()
    responses: Mapped[list[SlotResponse]] = relationship(
        back_populates="slot", cascade="all, delete-orphan"
    )


class SlotResponse(Base):
    """One organization's answer to one candidate slot (the latest answer wins).

    ``event_version`` is the event's version this answer was last written in (``None``
    for answers from before it was kept), so that an answer sent from an older version
    is refused only if the organization's answer to that slot changed since.
    """

    __tablename__ = "slot_responses"
    __table_args__ = (UniqueConstraint("slot_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("candidate_slots.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[Answer] = mapped_column(enum_column(Answer, "slot_answer"))
    comment: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    event_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    slot: Mapped[CandidateSlot] = relationship(back_populates="responses")
    organization: Mapped[Organization] = relationship()
    user: Mapped[User | None] = relationship()


class Speaker(Base):
    """Someone who speaks at an event, with the city (zone) they speak from."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    affiliation: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str | None] = mapped_column(String(64))

    event: Mapped[Event] = relationship(back_populates="speakers")
