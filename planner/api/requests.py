"""Reading a JSON request body, before its shape is checked."""

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
