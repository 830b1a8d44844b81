"""``/api/v1``: an event's follow-up material, read and shared as on its page."""

from __future__ import annotations

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_required
from planner.api.openapi import operation
from planner.api.shapes import Answer, Body, http_address, multiline_text
from planner.events.access import load_event, require_involved
from planner.follow_up.operations import FollowUpInput, follow_up_of, save_follow_up
from planner.limits import FOLLOW_UP_NOTE_MAX, URL_MAX
from planner.models import FollowUp, User


class FollowUpShared(Body):
    """The material to share; a field left out is cleared."""

    note_en: multiline_text(FOLLOW_UP_NOTE_MAX) = ""
    note_ja: multiline_text(FOLLOW_UP_NOTE_MAX) = ""
    slides_url: http_address(URL_MAX) | None = None
    recording_url: http_address(URL_MAX) | None = None
    recording_for_registrants: bool = Field(
        True, description="Show the recording only to registered attendees"
    )


class FollowUpMaterial(Answer):
    """The material as shared, and whether the attendees' emails have gone out."""

    note_en: str
    note_ja: str
    slides_url: str | None
    recording_url: str | None
    recording_for_registrants: bool
    emailed: bool = Field(description="The attendees' follow-up emails were queued")


def _material(follow_up: FollowUp | None) -> dict:
    """The answer body (empty material when nothing was shared)."""
    if follow_up is None:
        return FollowUpMaterial(
            note_en="",
            note_ja="",
            slides_url=None,
            recording_url=None,
            recording_for_registrants=True,
            emailed=False,
        ).model_dump()
    return FollowUpMaterial(
        note_en=follow_up.note_en,
        note_ja=follow_up.note_ja,
        slides_url=follow_up.slides_url,
        recording_url=follow_up.recording_url,
        recording_for_registrants=follow_up.recording_for_registrants,
        emailed=follow_up.emailed_at is not None,
    ).model_dump()


@bp.get("/events/<int:event_id>/follow-up")
@token_required
@operation("getFollowUp", (200, FollowUpMaterial, "The follow-up material"), "401 403 404")
def get_follow_up(user: User, event_id: int) -> Response:
    """An event's follow-up material (organizers of the co-hosting organizations)."""
    event = load_event(user, event_id)
    require_involved(user, event)
    return jsonify(_material(follow_up_of(event)))


@bp.put("/events/<int:event_id>/follow-up")
@token_required
@operation(
    "shareFollowUp",
    (200, FollowUpMaterial, "Shared; attendees are emailed once"),
    "400 401 403 404 409",
    json=FollowUpShared,
)
def share_follow_up(user: User, event_id: int, json: FollowUpShared) -> Response:
    """Share or change the material once the event has taken place."""
    follow_up = save_follow_up(
        user,
        event_id,
        FollowUpInput(
            note_en=json.note_en,
            note_ja=json.note_ja,
            slides_url=json.slides_url or "",
            recording_url=json.recording_url or "",
            recording_for_registrants=json.recording_for_registrants,
        ),
    )
    return jsonify(_material(follow_up))
