"""Shape checks for JSON input: types, required fields, lengths, choices and URLs.

Every failure is a 400 whose ``field`` is the path of the offending value, such as
``slots[1].start``, so that a client can point at it. Domain rules (is this a known
zone, does this local time exist, is this slug an organization) belong to the services.
A JSON ``null`` counts as absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import request
from flask_babel import gettext as _

from planner.api.requests import json_body
from planner.errors import ValidationFailed


def _invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    """A 400 naming ``field``."""
    return ValidationFailed(message, field=field, code=code)


def _checked_text(path: str, value: Any, *, max_length: int, required: bool) -> str:
    """``value`` if it is a string of acceptable length (and not blank when required)."""
    if not isinstance(value, str):
        raise _invalid(path, _("%(field)s must be text.", field=path))
    if len(value) > max_length:
        raise _invalid(
            path,
            _("%(field)s can have at most %(count)d characters.", field=path, count=max_length),
            code="too_long",
        )
    if required and not value.strip():
        raise _invalid(path, _("%(field)s is required.", field=path), code="required")
    return value


def _checked_integer(path: str, value: Any, minimum: int, maximum: int) -> int:
    """``value`` if it is a whole number (not a boolean) within the bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(path, _("%(field)s must be a whole number.", field=path))
    if not minimum <= value <= maximum:
        raise _invalid(
            path,
            _(
                "%(field)s must be between %(low)d and %(high)d.",
                field=path,
                low=minimum,
                high=maximum,
            ),
        )
    return value


def _checked_choice(path: str, value: Any, choices: Iterable[str]) -> str:
    """``value`` if it is one of ``choices``."""
    options = list(choices)
    if value not in options:
        raise _invalid(
            path,
            _("%(field)s must be one of: %(choices)s.", field=path, choices=", ".join(options)),
        )
    return value


class JsonObject:
    """A JSON object from the request, read field by field with shape checks."""

    def __init__(self, values: dict[str, Any], path: str = "") -> None:
        self._values = values
        self._path = path

    @classmethod
    def from_request(cls, allowed: Iterable[str], *, optional: bool = False) -> JsonObject:
        """The request's JSON object, refusing unknown fields.

        With ``optional`` an empty body counts as ``{}`` (actions whose fields are all
        optional may be sent without one).
        """
        if optional and not request.get_data(cache=True):
            return cls({})
        body = cls(json_body())
        body.refuse_unknown(allowed)
        return body

    def path(self, name: str) -> str:
        """The full path of a field of this object, for error messages."""
        return f"{self._path}.{name}" if self._path else name

    def has(self, name: str) -> bool:
        """Whether the field was sent at all (even as ``null``)."""
        return name in self._values

    def refuse_unknown(self, allowed: Iterable[str]) -> None:
        """Refuse fields this endpoint does not know, so that typos do not pass silently."""
        known = set(allowed)
        for name in self._values:
            if name not in known:
                raise _invalid(
                    self.path(name),
                    _("Unknown field %(field)s.", field=self.path(name)),
                    code="unknown_field",
                )

    def _value(self, name: str, required: bool) -> Any:
        """The raw value, or ``None``; a missing required field is a 400."""
        value = self._values.get(name)
        if value is None and required:
            raise _invalid(
                self.path(name),
                _("%(field)s is required.", field=self.path(name)),
                code="required",
            )
        return value

    def text(self, name: str, *, max_length: int) -> str | None:
        """An optional string of at most ``max_length`` characters."""
        value = self._value(name, False)
        if value is None:
            return None
        return _checked_text(self.path(name), value, max_length=max_length, required=False)

    def required_text(self, name: str, *, max_length: int) -> str:
        """A string that must be sent and not be blank."""
        value = self._value(name, True)
        return _checked_text(self.path(name), value, max_length=max_length, required=True)

    def integer(self, name: str, *, minimum: int, maximum: int) -> int | None:
        """An optional whole number between ``minimum`` and ``maximum``."""
        value = self._value(name, False)
        if value is None:
            return None
        return _checked_integer(self.path(name), value, minimum, maximum)

    def required_integer(self, name: str, *, minimum: int, maximum: int) -> int:
        """A whole number between ``minimum`` and ``maximum`` that must be sent."""
        return _checked_integer(self.path(name), self._value(name, True), minimum, maximum)

    def boolean(self, name: str) -> bool | None:
        """``true`` or ``false``."""
        value = self._value(name, False)
        if value is not None and not isinstance(value, bool):
            raise _invalid(
                self.path(name), _("%(field)s must be true or false.", field=self.path(name))
            )
        return value

    def choice(self, name: str, choices: Iterable[str]) -> str | None:
        """An optional value out of ``choices``."""
        value = self._value(name, False)
        return None if value is None else _checked_choice(self.path(name), value, choices)

    def required_choice(self, name: str, choices: Iterable[str]) -> str:
        """A value out of ``choices`` that must be sent."""
        return _checked_choice(self.path(name), self._value(name, True), choices)

    def url(self, name: str, *, max_length: int) -> str | None:
        """An absolute ``http://`` or ``https://`` address."""
        value = self.text(name, max_length=max_length)
        if value is None or not value.strip():
            return value
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value.strip():
            raise _invalid(
                self.path(name),
                _("%(field)s must be an http:// or https:// address.", field=self.path(name)),
            )
        return value

    def _list(self, name: str, *, max_items: int, required: bool) -> list[Any]:
        """A JSON array of at most ``max_items`` entries (empty when absent)."""
        value = self._value(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _invalid(self.path(name), _("%(field)s must be a list.", field=self.path(name)))
        if len(value) > max_items:
            raise _invalid(
                self.path(name),
                _(
                    "%(field)s can have at most %(count)d items.",
                    field=self.path(name),
                    count=max_items,
                ),
                code="too_long",
            )
        return value

    def texts(
        self, name: str, *, max_items: int, max_length: int, required: bool = False
    ) -> list[str]:
        """A list of non-blank strings, each at most ``max_length`` characters."""
        values = self._list(name, max_items=max_items, required=required)
        return [
            _checked_text(
                f"{self.path(name)}[{index}]", value, max_length=max_length, required=True
            )
            for index, value in enumerate(values)
        ]

    def objects(
        self, name: str, *, allowed: Iterable[str], max_items: int, required: bool = False
    ) -> list[JsonObject]:
        """A list of JSON objects, each refusing fields outside ``allowed``."""
        allowed = list(allowed)
        items = []
        for index, value in enumerate(self._list(name, max_items=max_items, required=required)):
            path = f"{self.path(name)}[{index}]"
            if not isinstance(value, dict):
                raise _invalid(path, _("%(field)s must be an object.", field=path))
            item = JsonObject(value, path)
            item.refuse_unknown(allowed)
            items.append(item)
        return items
