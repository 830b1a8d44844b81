r"""Reading a JSON request body, before its shape is checked.

Every JSON body the app reads is parsed by :class:`GuardedJSONProvider`, the app's
JSON provider, which the API installs with its request class :class:`PlannerRequest`.
Besides malformed JSON, it refuses what Python's parser accepts but nothing after it
can use, each with a 400 that says what is wrong, never a 500:

* nesting deeper than ``JSON_DEPTH_MAX`` (the parser itself would raise
  ``RecursionError`` on very deep input, which it turns into the same answer);
* lone surrogates (``"\ud800"``), in values or keys: they are not text, and no
  database or response can encode them.

The body is read at most ``REQUEST_BYTES_MAX`` bytes long (Flask's
``MAX_CONTENT_LENGTH``): a larger one is a 413 before it is parsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Request, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from planner.errors import ValidationFailed
from planner.limits import JSON_DEPTH_MAX

_SURROGATE = re.compile("[\ud800-\udfff]")


class UnreadableJson(ValueError):
    """JSON that parses, or would, but cannot be used; its message is for the client."""


def _too_deep() -> UnreadableJson:
    """The error for a body nested deeper than the limit."""
    return UnreadableJson(
        _(
            "The JSON is nested too deeply (more than %(count)d levels).",
            count=JSON_DEPTH_MAX,
        )
    )


def _lone_surrogate() -> UnreadableJson:
    r"""The error for a ``\ud800``-style escape that stands for no character."""
    return UnreadableJson(
        _(
            "The JSON contains an escape such as \\ud800 that is not a character "
            "(a lone surrogate). Send the text as UTF-8."
        )
    )


def _check_parsed(value: Any) -> None:
    """Refuse nesting beyond the limit and lone surrogates, walking without recursion."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _lone_surrogate()
        elif isinstance(item, dict | list):
            if depth > JSON_DEPTH_MAX:
                raise _too_deep()
            children = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in children:
                if isinstance(key, str) and _SURROGATE.search(key):
                    raise _lone_surrogate()
                pending.append((child, depth + 1))


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, whose ``loads`` (every request body's parser) adds the checks above."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse ``s``; raise :class:`UnreadableJson` (a ``ValueError``) when unusable."""
        try:
            value = super().loads(s, **kwargs)
        except RecursionError as error:
            raise _too_deep() from error
        _check_parsed(value)
        return value


class PlannerRequest(Request):
    """Flask's request, refusing a JSON body it cannot use with a 400 that says why.

    (Werkzeug's own answer is a bare "Bad Request" page.) Flask parses the body with
    the application's JSON provider, :class:`GuardedJSONProvider`.
    """

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        """Refuse the body with a 400 that says what is wrong with it."""
        if isinstance(e, UnreadableJson):
            raise ValidationFailed(str(e)) from e
        if isinstance(e, json.JSONDecodeError):
            raise ValidationFailed(
                _(
                    "The request body is not valid JSON (line %(line)d, column %(column)d).",
                    line=e.lineno,
                    column=e.colno,
                )
            ) from e
        if isinstance(e, UnicodeDecodeError):
            raise ValidationFailed(_("The request body is not UTF-8 text.")) from e
        raise ValidationFailed(_("Send a JSON object with Content-Type: application/json.")) from e


def _refuse_cut_off_body() -> None:
    """A body sent without a length (chunked) is read up to the limit only: more is a 413.

    Werkzeug stops reading such a body at ``MAX_CONTENT_LENGTH`` without a word; one
    more byte read past the limit makes it raise its 413 (``RequestEntityTooLarge``).
    """
    request.get_data(cache=True)
    if request.content_length is None:
        request.stream.read(1)


def json_body() -> dict[str, Any]:
    """Return the request's JSON object, or raise a 400 that says what was wrong."""
    if not request.is_json:
        raise ValidationFailed(_("Send a JSON object with Content-Type: application/json."))
    _refuse_cut_off_body()
    body = request.get_json()
    if not isinstance(body, dict):
        raise ValidationFailed(_("The request body must be a JSON object."))
    return body
