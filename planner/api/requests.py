"""Reading API input: JSON bodies and query parameters, with errors that name the field."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from planner.errors import ValidationFailed


def json_body() -> dict[str, Any]:
    """Return the request's JSON object, or raise a 400 that says what was wrong."""
    if not request.is_json:
        raise ValidationFailed(_("Send a JSON object with Content-Type: application/json."))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed(_("The request body must be a JSON object."))
    return body


def query_parameter(name: str, *, required: bool = False) -> str | None:
    """Return a trimmed query parameter; a missing required one is a 400 naming it."""
    value = request.args.get(name)
    if value is None or not value.strip():
        if required:
            raise ValidationFailed(_("The parameter %(name)s is required.", name=name), field=name)
        return None
    return value.strip()
