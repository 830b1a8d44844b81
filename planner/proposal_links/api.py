"""``/api/v1``: forwarding a proposal to a colleague, as the answer page does."""

from __future__ import annotations

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_required
from planner.api.openapi import operation
from planner.api.shapes import Answer, Body, required_text
from planner.limits import EMAIL_MAX
from planner.models import User
from planner.proposal_links.forwarding import forward_proposal


class Forward(Body):
    """The colleague's address."""

    email: required_text(EMAIL_MAX)


class ForwardOutcome(Answer):
    """What forwarding did, and the sentence that says so."""

    result: str = Field(
        examples=["sent"],
        description="sent (a colleague with an account got a link of their own), invited, "
        "resent (an invitation sent again), or has_account (nothing sent)",
    )
    message: str


@bp.post("/events/<int:event_id>/forward")
@token_required
@operation(
    "forwardProposal",
    (200, ForwardOutcome, "Sent, sent again, or nothing sent"),
    "400 401 403 404 409",
    json=Forward,
    also={201: (ForwardOutcome, "The colleague had no account: an invitation is on its way")},
)
def forward(user: User, event_id: int, json: Forward) -> tuple[Response, int]:
    """Forward an open proposal to a colleague of your (co-host) organization."""
    result = forward_proposal(user, event_id, json.email)
    body = {"result": result.kind, "message": result.message}
    return jsonify(body), 201 if result.kind == "invited" else 200
