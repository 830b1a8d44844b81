"""The follow-up material as a page shows it to one viewer."""

from __future__ import annotations

from dataclasses import dataclass

from planner.follow_up.operations import can_follow_up, follow_up_of
from planner.models import Event


@dataclass(frozen=True)
class FollowUpView:
    """What a page shows of the material (the recording only to those who may see it)."""

    note: str
    slides_url: str | None
    recording_url: str | None
    recording_withheld: bool  # there is a recording, for registrants only


def follow_up_view(event: Event, locale: str, *, sees_recording: bool) -> FollowUpView | None:
    """The material for a viewer; ``sees_recording`` for organizers and registrants.

    None when nothing was shared (or the event has not taken place).
    """
    follow_up = follow_up_of(event) if can_follow_up(event) else None
    if follow_up is None or follow_up.is_empty:
        return None
    hidden = follow_up.recording_for_registrants and not sees_recording
    return FollowUpView(
        note=follow_up.note(locale),
        slides_url=follow_up.slides_url,
        recording_url=None if hidden else follow_up.recording_url,
        recording_withheld=hidden and bool(follow_up.recording_url),
    )
