"""The OpenAPI 3.1 description of ``/api/v1``, served at ``GET /api/v1/openapi.json``.

Written by hand next to the code it describes; the tests validate it and check that it
lists exactly the routes the application has, so it cannot silently fall behind.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.schemas import SCHEMAS, ref

BEARER = [{"bearer": []}]
OPTIONAL_BEARER = [{}, {"bearer": []}]
ERROR_TEXTS = {
    "400": "Malformed input; `field` names the offending value (e.g. `slots[1].start`).",
    "401": "Missing, invalid or revoked token (with `WWW-Authenticate: Bearer`).",
    "403": "The caller sees the event but their role may not do this.",
    "404": "No such resource, or the caller may not see it.",
    "409": "Not possible in the event's state; `details` has `status` and `allowed`.",
    "412": "The version in If-Match (or `version`) is not the current one.",
    "422": "A time that does not exist or happens twice, or an unknown time zone; "
    "`details.choices` lists the readings of an ambiguous time.",
    "428": "Neither If-Match nor `version` was sent.",
    "429": "Too many sign-in attempts from this address; wait a minute.",
}
ETAG_HEADER = {"ETag": {"description": "Strong tag of this version", "schema": {"type": "string"}}}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The event's ETag; required unless the body has `version`.",
    "schema": {"type": "string"},
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON content block."""
    return {"content": {"application/json": {"schema": schema}}}


def _path_parameter(name: str) -> dict[str, Any]:
    """An integer id in the path."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _query_parameter(name: str, description: str) -> dict[str, Any]:
    """An optional string query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string"}}  # fmt: skip


def _operation(
    operation_id: str,
    summary: str,
    success: tuple[str, str, str | None],
    errors: str,
    *,
    security: list[dict[str, list[str]]] | None = None,
    body: str | None = None,
    body_required: bool = True,
    parameters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One operation of the document.

    ``success`` is (status, description, schema name or None); ``errors`` lists the
    error statuses it may answer, separated by spaces.
    """
    status, description, schema = success
    ok: dict[str, Any] = {"description": description}
    if schema:
        ok.update(_json(ref(schema)))
    if schema == "Event":
        ok["headers"] = ETAG_HEADER
    responses = {status: ok}
    for code in errors.split():
        responses[code] = {"description": ERROR_TEXTS[code], **_json(ref("Error"))}
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "security": security if security is not None else BEARER,
        "responses": responses,
    }
    if body:
        operation["requestBody"] = {"required": body_required, **_json(ref(body))}
    if parameters:
        operation["parameters"] = parameters
    return operation


EVENT_ID = _path_parameter("event_id")


def _event_action(operation_id: str, summary: str, body: str | None = None, **kw: Any) -> dict:
    """A ``POST /events/{event_id}/<action>`` answering the changed event."""
    errors = kw.pop("errors", "400 401 403 404 409")
    return {
        "parameters": [EVENT_ID],
        "post": _operation(
            operation_id, summary, ("200", "The changed event", "Event"), errors, body=body, **kw
        ),
    }


PATHS: dict[str, Any] = {
    "/api/v1/openapi.json": {
        "get": _operation(
            "getOpenApi", "This document", ("200", "OpenAPI 3.1", None), "", security=[]
        )  # fmt: skip
    },
    "/api/v1/organizations": {
        "get": _operation(
            "listOrganizations",
            "Every organization with its zone and working hours",
            ("200", "The organizations", "OrganizationList"),
            "",
            security=[],
        )
    },
    "/api/v1/overlap": {
        "get": _operation(
            "findOverlap",
            "Shared working hours, day flags and suggested times",
            ("200", "The plan", "Overlap"),
            "400 422",
            security=[],
            parameters=[
                _query_parameter("orgs", "Comma-separated organization slugs."),
                _query_parameter("zones", "Comma-separated IANA zones (instead of orgs)."),
                _query_parameter("from", "First day, YYYY-MM-DD."),
                _query_parameter("to", "Last day, YYYY-MM-DD."),
                _query_parameter("duration", "Minutes, for the suggestions (default 60)."),
                _query_parameter("hours", "HH:MM-HH:MM applied to everyone."),
            ],
        )
    },
    "/api/v1/tokens": {
        "post": _operation(
            "createToken",
            "Create a personal API token with your email and password (rate-limited)",
            ("201", "The new token; the secret is shown only now", "NewToken"),
            "400 401 429",
            security=[],
            body="TokenRequest",
        ),
        "get": _operation(
            "listTokens", "Your working tokens", ("200", "Tokens", "TokenList"), "401"
        ),
    },
    "/api/v1/tokens/{token_id}": {
        "delete": _operation(
            "revokeToken",
            "Revoke one of your tokens",
            ("204", "Revoked", None),
            "401 404",
            parameters=[_path_parameter("token_id")],
        )
    },
    "/api/v1/events": {
        "get": _operation(
            "listEvents",
            "Events you may see: public ones, and your organization's in any state",
            ("200", "The events, newest first", "EventList"),
            "400 401",
            security=OPTIONAL_BEARER,
            parameters=[
                _query_parameter("status", "Comma-separated states, e.g. proposed,confirmed."),
                _query_parameter("org", "Only events this organization hosts or co-hosts."),
            ],
        ),
        "post": _operation(
            "createEvent",
            "Propose an event hosted by your organization",
            ("201", "The proposal (or draft)", "Event"),
            "400 401 403 422",
            body="NewEvent",
        ),
    },
    "/api/v1/events/{event_id}": {
        "parameters": [EVENT_ID],
        "get": _operation(
            "getEvent",
            "One event",
            ("200", "The event", "Event"),
            "401 404",
            security=OPTIONAL_BEARER,
        ),
        "patch": _operation(
            "updateEvent",
            "Change titles, descriptions, format, capacity or language",
            ("200", "The changed event", "Event"),
            "400 401 403 404 412 428",
            body="EventPatch",
            parameters=[IF_MATCH],
        ),
    },
    "/api/v1/events/{event_id}/slots": {
        "parameters": [EVENT_ID],
        "post": _operation(
            "addSlot",
            "Propose another candidate time",
            ("201", "The event with the new slot", "Event"),
            "400 401 403 404 409 422",
            body="SlotBody",
        ),
    },
    "/api/v1/events/{event_id}/slots/{slot_id}/response": {
        "parameters": [EVENT_ID, _path_parameter("slot_id")],
        "put": _operation(
            "answerSlot",
            "Your organization's answer to a candidate time",
            ("200", "The event with the answer", "Event"),
            "400 401 403 404 409",
            body="AnswerBody",
        ),
    },
    "/api/v1/events/{event_id}/registrations": {
        "parameters": [EVENT_ID],
        "post": _operation(
            "registerForEvent",
            "Register an attendee for a published event (no token needed)",
            ("201", "Registered, confirmed or on the waitlist", "Registration"),
            "400 404 409",
            security=[],
            body="RegistrationBody",
        ),
    },
    "/api/v1/events/{event_id}/submit": _event_action("submitEvent", "Send a draft"),
    "/api/v1/events/{event_id}/confirm": _event_action(
        "confirmEvent", "Fix a slot every co-host agreed to", "ConfirmBody"
    ),
    "/api/v1/events/{event_id}/publish": _event_action("publishEvent", "Make it public"),
    "/api/v1/events/{event_id}/reschedule": _event_action(
        "rescheduleEvent",
        "Move the agreed time (SEQUENCE goes up)",
        "RescheduleBody",
        errors="400 401 403 404 409 412 422 428",
        parameters=[IF_MATCH],
    ),
    "/api/v1/events/{event_id}/cancel": _event_action(
        "cancelEvent", "Call the event off", "ReasonBody", body_required=False
    ),
    "/api/v1/events/{event_id}/decline": _event_action(
        "declineEvent", "Turn the proposal down (co-hosts)", "ReasonBody", body_required=False
    ),
    "/api/v1/events/{event_id}/withdraw": _event_action("withdrawEvent", "Take it back"),
}
PATHS["/api/v1/events/{event_id}/registrations"]["post"]["responses"]["200"] = {
    "description": "The address was already registered (no secret links are repeated)",
    **_json(ref("Registration")),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Co-host Planner API",
        "version": "1.0.0",
        "description": (
            "Propose co-hosted events between Tokyo and Copenhagen, agree on a time and run "
            "them. Instants are ISO 8601 UTC with Z; local times carry their offset. Every "
            "error has the shape of the Error schema. Changes that could overwrite "
            "someone else's (PATCH, reschedule) need the event's ETag in If-Match."
        ),
    },
    "servers": [{"url": "/"}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token (chp_...), from POST /api/v1/tokens "
                "or the account page.",
            }
        },
    },
}


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(DOCUMENT)
