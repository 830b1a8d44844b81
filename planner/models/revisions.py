"""What each change to an event's details replaced, so later edits can be merged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base, UTCDateTime, utc_now


class EventRevision(Base):
    """One saved change of an event's editable fields, with their previous values.

    ``base_version`` is the event's version when the change began: every edit opened at
    that version or later was made before this change (versions only grow), so its
    editor never saw ``before``'s values replaced. That is all a three-way merge needs.
    """

    __tablename__ = "event_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
