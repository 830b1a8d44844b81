"""What organizers share after an event: a note, the slides, the recording."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base, UTCDateTime, utc_now


class FollowUp(Base):
    """An event's follow-up material, in both languages; one per event.

    Confirmed attendees are emailed it once (planner.follow_up.jobs); the event page
    shows it, the recording only to registrants when ``recording_for_registrants``.
    """

    __tablename__ = "follow_ups"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    note_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    note_ja: Mapped[str] = mapped_column(Text, default="", server_default="")
    slides_url: Mapped[str | None] = mapped_column(String(500))
    recording_url: Mapped[str | None] = mapped_column(String(500))
    recording_for_registrants: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true()
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # When the attendees' emails were queued: once, by the first job that got here.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def note(self, locale: str) -> str:
        """The note in ``locale``, else in the other language."""
        if locale == "ja":
            return self.note_ja or self.note_en
        return self.note_en or self.note_ja

    @property
    def is_empty(self) -> bool:
        """Nothing to share (yet)."""
        return not (self.note_en or self.note_ja or self.slides_url or self.recording_url)
