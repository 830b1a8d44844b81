"""Bearer-token authentication for the API.

A protected endpoint is decorated with ``token_required`` and receives the token's
user as its first argument; an endpoint open to visitors uses ``token_optional`` and
receives ``None`` for a visitor (a token, when sent, must still be valid: a bad one is
a 401, never a silent downgrade to anonymous).
Every 401 the API answers carries ``WWW-Authenticate: Bearer``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from planner.accounts.api_tokens import user_for_token
from planner.api import bp
from planner.errors import AuthenticationRequired
from planner.models import User

REALM = "Co-host Planner API"


def _bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header, or ``None`` when there is none."""
    authorization = request.authorization
    if authorization is None:
        return None
    if authorization.type != "bearer" or not authorization.token:
        raise AuthenticationRequired(
            _("Send your API token as “Authorization: Bearer” followed by the token."),
            code="invalid_token",
        )
    return authorization.token


def _token_user(*, required: bool) -> User | None:
    """The user of the request's token, ``None`` without one; refuses bad tokens."""
    secret = _bearer_token()
    if secret is None:
        if required:
            raise AuthenticationRequired(
                _("This needs an API token. Create one on your account page.")
            )
        return None
    user = user_for_token(secret)
    if user is None:
        raise AuthenticationRequired(
            _("This API token is not valid or has been revoked."), code="invalid_token"
        )
    return user


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let a request in only with a valid bearer token; the view gets the user first."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return view(_token_user(required=True), *args, **kwargs)

    return wrapped


def token_optional(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let visitors in too; the view gets the token's user, or ``None`` for a visitor."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return view(_token_user(required=False), *args, **kwargs)

    return wrapped


@bp.after_request
def challenge_unauthenticated(response: Response) -> Response:
    """Tell clients how to authenticate whenever the API answers 401."""
    if response.status_code == 401:
        response.headers.setdefault("WWW-Authenticate", f'Bearer realm="{REALM}"')
    return response
