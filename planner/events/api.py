"""``/api/v1/events``: proposing, negotiating and running co-hosted events.

Each view parses the request, calls one service (which checks who may do what and
the event's state) and answers with the event's JSON and its ``ETag``. Reading is open
to visitors (public events only); everything else needs a bearer token, and every
change the version it is based on (``If-Match`` or the body's ``version``): 428
without one, 412 when someone else changed the event since (an edit, a reschedule, an
answer or a new slot is merged instead, and is 412 only where the changes clash).
"""

from __future__ import annotations

from flask import jsonify, url_for
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_optional, token_required
from planner.api.openapi import OPTIONAL_BEARER, operation
from planner.errors import EditConflict
from planner.events import cities, editing, negotiation, scheduling
from planner.events.access import load_event
from planner.events.api_input import (
    AnswerBody,
    CancelBody,
    CitiesBody,
    ConfirmBody,
    CounterSlotBody,
    EventPatch,
    EventQuery,
    NewEvent,
    ReasonBody,
    RescheduleBody,
    VersionBody,
    cancellation_reason,
    proposal_input,
    public_conflict,
    reschedule_input,
    slot_input,
    stated_details,
)
from planner.events.api_output import Event as EventAnswer
from planner.events.api_output import EventList, event_etag, event_json
from planner.events.api_versions import IfMatch, expected_version
from planner.events.queries import visible_events
from planner.models import Answer, Event, EventStatus, User

CHANGED = (200, EventAnswer, "The changed event")
# Every change names the version it is based on (If-Match or "version"): 412 and 428.
ACTION_ERRORS = "400 401 403 404 409 412 428"


def _event_response(event: Event, viewer: User | None, status: int = 200) -> Response:
    """The event's JSON with its ETag (and its address when it was just created)."""
    response = jsonify(event_json(event, viewer))
    response.status_code = status
    response.set_etag(event_etag(event))
    if status == 201:
        response.headers["Location"] = url_for("api.get_event", event_id=event.id)
    return response


@bp.get("/events")
@token_optional
@operation(
    "listEvents",
    (200, EventList, "The events, newest first"),
    "400 401",
    security=OPTIONAL_BEARER,
    query=EventQuery,
)
def list_events(user: User | None, query: EventQuery) -> Response:
    """Events you may see: public ones, and your organization's in any state."""
    statuses = [EventStatus(status) for status in query.status]
    events = visible_events(user, statuses=statuses, organization_slug=query.org)
    return jsonify({"events": [event_json(event, user) for event in events]})


@bp.post("/events")
@token_required
@operation(
    "createEvent",
    (201, EventAnswer, "The proposal (or draft)"),
    "400 401 403 422",
    json=NewEvent,
)
def create_event(user: User, json: NewEvent) -> Response:
    """Propose an event hosted by your organization (a draft with "submit": false)."""
    return _event_response(negotiation.propose_event(user, proposal_input(json)), user, 201)


@bp.get("/events/<int:event_id>")
@token_optional
@operation("getEvent", (200, EventAnswer, "The event"), "401 404", security=OPTIONAL_BEARER)
def get_event(user: User | None, event_id: int) -> Response:
    """One event, if the caller may see it (404 otherwise)."""
    return _event_response(load_event(user, event_id), user)


@bp.patch("/events/<int:event_id>")
@token_required
@operation("updateEvent", CHANGED, "400 401 403 404 409 412 428", json=EventPatch, headers=IfMatch)
def update_event(user: User, event_id: int, json: EventPatch) -> Response:
    """Change texts and details (If-Match or version required); other changes are kept."""
    version = expected_version(event_id, json.version)
    try:
        event = editing.update_event_details(user, event_id, stated_details(json), version)
    except EditConflict as conflict:
        raise public_conflict(conflict) from conflict
    return _event_response(event, user)


@bp.put("/events/<int:event_id>/cities")
@token_required
@operation(
    "setEventCities", CHANGED, "400 401 403 404 409 412 422 428", json=CitiesBody, headers=IfMatch
)
def set_event_cities(user: User, event_id: int, json: CitiesBody) -> Response:
    """Show the event's times in exactly these cities (host only; If-Match required)."""
    version = expected_version(event_id, json.version)
    return _event_response(cities.set_shown_cities(user, event_id, json.cities, version), user)


@bp.post("/events/<int:event_id>/slots")
@token_required
@operation(
    "addSlot",
    (201, EventAnswer, "The event with the new slot"),
    "400 401 403 404 409 412 422 428",
    json=CounterSlotBody,
    headers=IfMatch,
)
def add_slot(user: User, event_id: int, json: CounterSlotBody) -> Response:
    """Propose another candidate time while the event is being negotiated."""
    version = expected_version(event_id, json.version)
    negotiation.add_counter_slot(user, event_id, slot_input(json), version)
    return _event_response(load_event(user, event_id), user, 201)


@bp.put("/events/<int:event_id>/slots/<int:slot_id>/response")
@token_required
@operation(
    "answerSlot",
    (200, EventAnswer, "The event with the answer"),
    ACTION_ERRORS,
    json=AnswerBody,
    headers=IfMatch,
)
def answer_slot(user: User, event_id: int, slot_id: int, json: AnswerBody) -> Response:
    """Your organization's answer to a candidate time (a new answer replaces the last)."""
    version = expected_version(event_id, json.version)
    negotiation.answer_slot(
        user, event_id, slot_id, Answer(json.answer), json.comment or "", version
    )
    return _event_response(load_event(user, event_id), user)


@bp.post("/events/<int:event_id>/submit")
@token_required
@operation(
    "submitEvent", CHANGED, ACTION_ERRORS, json=VersionBody, headers=IfMatch, optional_body=True
)
def submit_event(user: User, event_id: int, json: VersionBody) -> Response:
    """Send a draft to the co-hosts."""
    version = expected_version(event_id, json.version)
    return _event_response(negotiation.submit_proposal(user, event_id, version), user)


@bp.post("/events/<int:event_id>/confirm")
@token_required
@operation("confirmEvent", CHANGED, ACTION_ERRORS, json=ConfirmBody, headers=IfMatch)
def confirm_event(user: User, event_id: int, json: ConfirmBody) -> Response:
    """Fix the slot every co-host agreed to."""
    version = expected_version(event_id, json.version)
    return _event_response(scheduling.confirm_slot(user, event_id, json.slot_id, version), user)


@bp.post("/events/<int:event_id>/publish")
@token_required
@operation(
    "publishEvent", CHANGED, ACTION_ERRORS, json=VersionBody, headers=IfMatch, optional_body=True
)
def publish_event(user: User, event_id: int, json: VersionBody) -> Response:
    """Make a confirmed event public."""
    version = expected_version(event_id, json.version)
    return _event_response(scheduling.publish_event(user, event_id, version), user)


@bp.post("/events/<int:event_id>/reschedule")
@token_required
@operation(
    "rescheduleEvent",
    CHANGED,
    "400 401 403 404 409 412 422 428",
    json=RescheduleBody,
    headers=IfMatch,
)
def reschedule_event(user: User, event_id: int, json: RescheduleBody) -> Response:
    """Move the agreed time; its SEQUENCE goes up."""
    version = expected_version(event_id, json.version)
    change = reschedule_input(json)
    return _event_response(scheduling.reschedule_event(user, event_id, change, version), user)


@bp.post("/events/<int:event_id>/cancel")
@token_required
@operation(
    "cancelEvent", CHANGED, ACTION_ERRORS, json=CancelBody, headers=IfMatch, optional_body=True
)
def cancel_event(user: User, event_id: int, json: CancelBody) -> Response:
    """Call off a confirmed or published event, with an optional reason in both languages."""
    version = expected_version(event_id, json.version)
    reason = cancellation_reason(json)
    return _event_response(scheduling.cancel_event(user, event_id, reason, version), user)


@bp.post("/events/<int:event_id>/decline")
@token_required
@operation(
    "declineEvent", CHANGED, ACTION_ERRORS, json=ReasonBody, headers=IfMatch, optional_body=True
)
def decline_event(user: User, event_id: int, json: ReasonBody) -> Response:
    """Turn the proposal down on behalf of your (co-host) organization."""
    version = expected_version(event_id, json.version)
    return _event_response(
        negotiation.decline_proposal(user, event_id, json.reason or "", version), user
    )


@bp.post("/events/<int:event_id>/withdraw")
@token_required
@operation(
    "withdrawEvent", CHANGED, ACTION_ERRORS, json=VersionBody, headers=IfMatch, optional_body=True
)
def withdraw_event(user: User, event_id: int, json: VersionBody) -> Response:
    """Take back a draft or a proposal."""
    version = expected_version(event_id, json.version)
    return _event_response(negotiation.withdraw_proposal(user, event_id, version), user)
