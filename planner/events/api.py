"""``/api/v1/events``: proposing, negotiating and running co-hosted events.

Each view parses the request, calls one service (which checks who may do what and
the event's state) and answers with the event's JSON and its ``ETag``. Reading is open
to visitors (public events only); everything else needs a bearer token.
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_optional, token_required
from planner.api.fields import JsonObject
from planner.api.requests import query_parameter
from planner.errors import ValidationFailed
from planner.events import negotiation, scheduling
from planner.events.access import load_event
from planner.events.api_input import (
    PATCH_FIELDS,
    PROPOSAL_FIELDS,
    RESCHEDULE_FIELDS,
    SLOT_FIELDS,
    STATUSES,
    answer_input,
    event_details,
    expected_version,
    proposal_input,
    reason_input,
    reschedule_input,
    slot_id_input,
    slot_input,
)
from planner.events.api_output import event_etag, event_json
from planner.events.queries import visible_events
from planner.models import Event, EventStatus, User


def _event_response(event: Event, viewer: User | None, status: int = 200) -> Response:
    """The event's JSON with its ETag (and its address when it was just created)."""
    response = jsonify(event_json(event, viewer))
    response.status_code = status
    response.set_etag(event_etag(event))
    if status == 201:
        response.headers["Location"] = f"{bp.url_prefix}/events/{event.id}"
    return response


def _status_filter() -> list[EventStatus]:
    """The ``status`` query parameter: one or more states, comma-separated."""
    value = query_parameter("status")
    if value is None:
        return []
    wanted = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in STATUSES]
    if unknown:
        raise ValidationFailed(
            _(
                "%(field)s must be one of: %(choices)s.",
                field="status",
                choices=", ".join(STATUSES),
            ),
            field="status",
        )
    return [EventStatus(part) for part in wanted]


@bp.get("/events")
@token_optional
def list_events(user: User | None) -> Response:
    """The events the caller may see: public ones, and their organization's."""
    events = visible_events(
        user, statuses=_status_filter(), organization_slug=query_parameter("org")
    )
    return jsonify({"events": [event_json(event, user) for event in events]})


@bp.post("/events")
@token_required
def create_event(user: User) -> Response:
    """Propose an event hosted by the caller's organization (a draft with "submit": false)."""
    proposal = proposal_input(JsonObject.from_request(PROPOSAL_FIELDS))
    return _event_response(negotiation.propose_event(user, proposal), user, 201)


@bp.get("/events/<int:event_id>")
@token_optional
def get_event(user: User | None, event_id: int) -> Response:
    """One event, if the caller may see it (404 otherwise)."""
    return _event_response(load_event(user, event_id), user)


@bp.patch("/events/<int:event_id>")
@token_required
def update_event(user: User, event_id: int) -> Response:
    """Change titles, descriptions, format, capacity or language (If-Match required)."""
    body = JsonObject.from_request(PATCH_FIELDS)
    version = expected_version(event_id, body)
    details = event_details(body, load_event(user, event_id))
    return _event_response(scheduling.update_event_details(user, event_id, details, version), user)


@bp.post("/events/<int:event_id>/slots")
@token_required
def add_slot(user: User, event_id: int) -> Response:
    """Propose another candidate time while the event is being negotiated."""
    slot = slot_input(JsonObject.from_request(SLOT_FIELDS))
    negotiation.add_counter_slot(user, event_id, slot)
    return _event_response(load_event(user, event_id), user, 201)


@bp.put("/events/<int:event_id>/slots/<int:slot_id>/response")
@token_required
def answer_slot(user: User, event_id: int, slot_id: int) -> Response:
    """Record the caller's organization's answer to one candidate time."""
    answer, comment = answer_input(JsonObject.from_request(("answer", "comment")))
    negotiation.answer_slot(user, event_id, slot_id, answer, comment)
    return _event_response(load_event(user, event_id), user)


@bp.post("/events/<int:event_id>/submit")
@token_required
def submit_event(user: User, event_id: int) -> Response:
    """Send a draft to the co-hosts."""
    return _event_response(negotiation.submit_proposal(user, event_id), user)


@bp.post("/events/<int:event_id>/confirm")
@token_required
def confirm_event(user: User, event_id: int) -> Response:
    """Fix the slot every co-host agreed to."""
    slot_id = slot_id_input(JsonObject.from_request(("slot_id",)))
    return _event_response(scheduling.confirm_slot(user, event_id, slot_id), user)


@bp.post("/events/<int:event_id>/publish")
@token_required
def publish_event(user: User, event_id: int) -> Response:
    """Make a confirmed event public."""
    return _event_response(scheduling.publish_event(user, event_id), user)


@bp.post("/events/<int:event_id>/reschedule")
@token_required
def reschedule_event(user: User, event_id: int) -> Response:
    """Move an agreed event (If-Match required); its SEQUENCE goes up."""
    body = JsonObject.from_request(RESCHEDULE_FIELDS)
    version = expected_version(event_id, body)
    change = reschedule_input(body)
    return _event_response(scheduling.reschedule_event(user, event_id, change, version), user)


@bp.post("/events/<int:event_id>/cancel")
@token_required
def cancel_event(user: User, event_id: int) -> Response:
    """Call off a confirmed or published event."""
    reason = reason_input(JsonObject.from_request(("reason",), optional=True))
    return _event_response(scheduling.cancel_event(user, event_id, reason), user)


@bp.post("/events/<int:event_id>/decline")
@token_required
def decline_event(user: User, event_id: int) -> Response:
    """Turn a proposal down on behalf of the caller's (co-host) organization."""
    reason = reason_input(JsonObject.from_request(("reason",), optional=True))
    return _event_response(negotiation.decline_proposal(user, event_id, reason), user)


@bp.post("/events/<int:event_id>/withdraw")
@token_required
def withdraw_event(user: User, event_id: int) -> Response:
    """Take back a draft or a proposal."""
    return _event_response(negotiation.withdraw_proposal(user, event_id), user)
