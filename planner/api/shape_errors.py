"""From a failed shape check (a pydantic ``ValidationError``) to the API's own 400.

Only the first problem is answered, with ``field`` naming the path of the value
(``slots[1].start``) or the query parameter, and one of the translated messages below.
The limits quoted in messages (lengths, ranges, choices) are read from the same
declaration, so a message cannot quote a limit that the check does not apply.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planner.api.shapes import Query
from planner.errors import ValidationFailed
from planner.text_rules import forbidden_message, web_address_message

_OBJECT_TYPES = {"model_type", "dict_type", "model_attributes_type"}
_INTEGER_TYPES = {"int_type", "int_from_float", "int_parsing"}
_RANGE_TYPES = {"greater_than_equal", "less_than_equal"}


def shape_error(error: ValidationError, model: type[BaseModel]) -> ValidationFailed:
    """The 400 for the first problem of ``error`` (an unknown field goes first)."""
    problems = error.errors()
    problem = next((p for p in problems if p["type"] == "extra_forbidden"), problems[0])
    if issubclass(model, Query):
        return _parameter_error(problem, model)
    return _field_error(problem, model, _path(problem["loc"]))


def _path(loc: tuple[int | str, ...]) -> str:
    """``("slots", 1, "start")`` as ``slots[1].start``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _is_absent(problem: ErrorDetails) -> bool:
    """Whether the value is missing, blank where required, or a ``null`` field."""
    sent_null = problem["input"] is None and isinstance(problem["loc"][-1], str)
    return problem["type"] in ("missing", "blank") or sent_null


def _field_error(problem: ErrorDetails, model: type[BaseModel], path: str) -> ValidationFailed:
    """The 400 for one problem of a JSON body."""
    kind, context = problem["type"], problem.get("ctx", {})
    if _is_absent(problem):
        return _fail(path, _("%(field)s is required.", field=path), "required")
    if kind == "extra_forbidden":
        return _fail(path, _("Unknown field %(field)s.", field=path), "unknown_field")
    if kind == "control_character":
        message = forbidden_message(context["character"], path)
        return _fail(path, message, "control_character")
    if kind == "string_too_long":
        message = _(
            "%(field)s can have at most %(count)d characters.",
            field=path,
            count=context["max_length"],
        )
        return _fail(path, message, "too_long")
    if kind == "too_long":
        message = _(
            "%(field)s can have at most %(count)d items.", field=path, count=context["max_length"]
        )
        return _fail(path, message, "too_long")
    if kind in _RANGE_TYPES:
        schema = _declared(model, problem["loc"])
        low, high = schema["minimum"], schema["maximum"]
        message = _(
            "%(field)s must be between %(low)d and %(high)d.", field=path, low=low, high=high
        )
        return _fail(path, message)
    if kind == "literal_error":
        choices = ", ".join(str(choice) for choice in _declared(model, problem["loc"])["enum"])
        return _fail(path, _("%(field)s must be one of: %(choices)s.", field=path, choices=choices))
    return _fail(path, _type_message(kind, path))


def _type_message(kind: str, path: str) -> str:
    """The message for a value of the wrong JSON type (or an unusable address)."""
    if kind == "string_type":
        return _("%(field)s must be text.", field=path)
    if kind in _INTEGER_TYPES:
        return _("%(field)s must be a whole number.", field=path)
    if kind == "bool_type":
        return _("%(field)s must be true or false.", field=path)
    if kind == "list_type":
        return _("%(field)s must be a list.", field=path)
    if kind in _OBJECT_TYPES:
        return _("%(field)s must be an object.", field=path)
    if kind == "http_address":
        return web_address_message(path)
    if kind == "country_code":
        return _(
            "%(field)s must be a two-letter ISO 3166 country code, such as JP or DK.", field=path
        )
    return _("The request could not be understood.")


def _parameter_error(problem: ErrorDetails, model: type[BaseModel]) -> ValidationFailed:
    """The 400 for one problem of the query parameters (named without a path)."""
    name = str(problem["loc"][0])
    kind = problem["type"]
    if _is_absent(problem):
        return _fail(name, _("The parameter %(name)s is required.", name=name))
    if kind == "invalid_date":
        message = _("%(name)s must be a date written YYYY-MM-DD, such as 2026-03-27.", name=name)
        return _fail(name, message, "invalid_date")
    if kind == "invalid_duration":
        message = _("duration must be a whole number of minutes, such as 60.")
        return _fail(name, message, "invalid_duration")
    return _field_error(problem, model, name)


def _fail(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    """A 400 naming ``field``."""
    return ValidationFailed(message, field=field, code=code)


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of ``model``, computed once."""
    return model.model_json_schema()


def _declared(model: type[BaseModel], loc: tuple[int | str, ...]) -> dict[str, Any]:
    """The declared schema of the value at ``loc`` (its limits and choices)."""
    root = _schema(model)
    node = root
    for part in loc:
        node = _resolved(root, node)
        node = node["items"] if isinstance(part, int) else node["properties"][part]
    return _resolved(root, node)


def _resolved(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with references followed and the ``null`` alternative left out."""
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            node = next(option for option in node["anyOf"] if option.get("type") != "null")
        else:
            return node
