"""``/api/v1/tokens``: personal API tokens, created with a password and revoked by id."""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from planner.accounts import api_tokens
from planner.api import bp
from planner.api.auth import token_required
from planner.api.fields import JsonObject
from planner.events.api_output import token_json
from planner.extensions import sign_in_limit
from planner.models import User


@bp.post("/tokens")
@sign_in_limit
def create_token() -> tuple[Response, int]:
    """Issue a token to whoever sends the account's email and password (rate-limited)."""
    body = JsonObject.from_request(("email", "password", "label"))
    issued = api_tokens.create_token_with_password(
        body.required_text("email", max_length=254),
        body.required_text("password", max_length=200),
        body.text("label", max_length=api_tokens.MAX_LABEL_LENGTH),
    )
    return jsonify({**token_json(issued.record), "token": issued.secret}), 201


@bp.get("/tokens")
@token_required
def list_tokens(user: User) -> Response:
    """The caller's working tokens (labels and dates, never the secrets)."""
    return jsonify({"tokens": [token_json(token) for token in api_tokens.list_tokens(user)]})


@bp.delete("/tokens/<int:token_id>")
@token_required
def revoke_token(user: User, token_id: int) -> tuple[str, int]:
    """Revoke one of the caller's tokens; it stops working at once."""
    api_tokens.revoke_token(user, token_id)
    return "", 204
