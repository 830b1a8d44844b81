"""``/api/v1/tokens``: personal API tokens, created with a password and revoked by id."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from planner.accounts import api_tokens
from planner.accounts.attempts import password_attempts_limited
from planner.api import bp
from planner.api.auth import token_required
from planner.api.openapi import PUBLIC, operation
from planner.api.shapes import Answer, Body, UtcInstant, required_text, text
from planner.events.api_output import utc_text
from planner.limits import EMAIL_MAX, PASSWORD_MAX, TOKEN_LABEL_MAX
from planner.models import ApiToken, User


class TokenRequest(Body):
    """The account's email and password, and an optional label for the token."""

    email: required_text(EMAIL_MAX)
    password: required_text(PASSWORD_MAX)
    label: text(TOKEN_LABEL_MAX) | None = None


class Token(Answer):
    """A token's public facts."""

    id: int
    label: str
    created_at: UtcInstant
    last_used_at: UtcInstant | None


class NewToken(Token):
    """A new token, with its secret."""

    token: str = Field(description="The secret, shown only this once.")


class TokenList(Answer):
    """The caller's working tokens."""

    tokens: list[Token]


def token_json(token: ApiToken) -> dict[str, Any]:
    """A token's public facts (never its secret or its hash)."""
    return {
        "id": token.id,
        "label": token.label,
        "created_at": utc_text(token.created_at),
        "last_used_at": utc_text(token.last_used_at),
    }


@bp.post("/tokens")
@password_attempts_limited
@operation(
    "createToken",
    (201, NewToken, "The new token; the secret is shown only now"),
    "400 401 429",
    security=PUBLIC,
    json=TokenRequest,
)
def create_token(json: TokenRequest) -> tuple[Response, int]:
    """Create a personal API token with your email and password (rate-limited)."""
    issued = api_tokens.create_token_with_password(json.email, json.password, json.label)
    return jsonify({**token_json(issued.record), "token": issued.secret}), 201


@bp.get("/tokens")
@token_required
@operation("listTokens", (200, TokenList, "Tokens"), "401")
def list_tokens(user: User) -> Response:
    """Your working tokens (labels and dates, never the secrets)."""
    return jsonify({"tokens": [token_json(token) for token in api_tokens.list_tokens(user)]})


@bp.delete("/tokens/<int:token_id>")
@token_required
@operation("revokeToken", (204, None, "Revoked"), "401 404")
def revoke_token(user: User, token_id: int) -> tuple[str, int]:
    """Revoke one of your tokens; it stops working at once."""
    api_tokens.revoke_token(user, token_id)
    return "", 204
