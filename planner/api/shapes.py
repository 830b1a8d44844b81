"""The building blocks of the API's declared shapes (pydantic models).

Each area declares its request and response bodies as subclasses of ``Body``,
``Query`` or ``Answer`` built from the field types below. The same declaration checks
the request (types, required fields, lengths, choices, URLs: never domain rules) and
becomes a schema of the OpenAPI document. A JSON ``null`` counts as absent.

Every text type holds its value to ``planner.text_rules`` (no control characters;
tabs and line breaks only in ``multiline_text``), the rule the web forms apply too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from planner.countries import country_codes
from planner.text_rules import forbidden_character, is_web_address


class Body(BaseModel):
    """A JSON request body: exact JSON types (no coercion) and no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Query(BaseModel):
    """Query parameters: strings read by their own validators; unknown ones are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Answer(BaseModel):
    """A JSON response body, as documented (and checked before it leaves)."""

    model_config = ConfigDict(extra="forbid")


def _refuse_forbidden(value: str, *, multiline: bool) -> str:
    """Refuse a character the text rule forbids (a tab and line breaks pass in multi-line)."""
    character = forbidden_character(value, multiline=multiline)
    if character is not None:
        raise PydanticCustomError(
            "control_character", "control_character", {"character": character}
        )
    return value


def _single_line(value: str) -> str:
    """One line of text: no control characters, tabs and line breaks included."""
    return _refuse_forbidden(value, multiline=False)


def _multi_line(value: str) -> str:
    """Text that may hold tabs and line breaks, but no other control characters."""
    return _refuse_forbidden(value, multiline=True)


def _not_blank(value: str) -> str:
    """Refuse a required text that is only spaces."""
    if not value.strip():
        raise PydanticCustomError("blank", "blank")
    return value


def _http_address(value: str) -> str:
    """Refuse anything but a usable ``http://`` or ``https://`` address (blank passes).

    The rule is the web form's (``planner.text_rules.is_web_address``): no white space,
    line breaks or quotes, whatever the browser would have allowed.
    """
    if value.strip() and not is_web_address(value):
        raise PydanticCustomError("http_address", "http_address")
    return value


def _country_code(value: str) -> str:
    """Refuse anything but an ISO 3166-1 alpha-2 code ("Germany" included; blank passes)."""
    code = value.strip().upper()
    if code and code not in country_codes():
        raise PydanticCustomError("country_code", "country_code")
    return value


def country_code() -> Any:
    """An ISO 3166-1 alpha-2 country code such as DK (any case)."""
    return Annotated[
        str,
        Field(
            json_schema_extra={
                "pattern": "^[A-Za-z]{2}$",
                "description": "ISO 3166-1 alpha-2, e.g. DK.",
            }
        ),
        AfterValidator(_single_line),
        AfterValidator(_country_code),
    ]


def text(max_length: int, **schema: Any) -> Any:
    """One line of at most ``max_length`` characters (``schema`` adds documentation)."""
    return Annotated[
        str,
        Field(max_length=max_length, json_schema_extra=schema or None),
        AfterValidator(_single_line),
    ]


def multiline_text(max_length: int, **schema: Any) -> Any:
    """Text of at most ``max_length`` characters that may hold tabs and line breaks."""
    return Annotated[
        str,
        Field(max_length=max_length, json_schema_extra=schema or None),
        AfterValidator(_multi_line),
    ]


def required_text(max_length: int, **schema: Any) -> Any:
    """One line of at most ``max_length`` characters that is not blank."""
    return Annotated[
        str,
        Field(max_length=max_length, json_schema_extra={"minLength": 1, **schema}),
        AfterValidator(_single_line),
        AfterValidator(_not_blank),
    ]


def http_address(max_length: int) -> Any:
    """An ``http://`` or ``https://`` address of at most ``max_length`` characters."""
    return Annotated[
        str,
        Field(
            max_length=max_length,
            json_schema_extra={"format": "uri", "description": "An http:// or https:// address."},
        ),
        AfterValidator(_single_line),
        AfterValidator(_http_address),
    ]


def whole_number(low: int, high: int, **schema: Any) -> Any:
    """An integer (not a boolean) from ``low`` to ``high``."""
    return Annotated[int, Field(ge=low, le=high, json_schema_extra=schema or None)]


def one_of(options: list[str] | tuple[str, ...]) -> Any:
    """One of ``options``, exactly as written."""
    return Literal[tuple(options)]


def trimmed(value: Any) -> Any:
    """A query parameter without surrounding spaces; blank (or absent) is ``None``."""
    if isinstance(value, list):  # a repeated parameter: the first one counts
        value = value[0] if value else None
    if isinstance(value, str):
        value = _single_line(value.strip()) or None
    return value


def _items(value: Any) -> list[str]:
    """A comma-separated query parameter as its non-blank items."""
    value = trimmed(value)
    return [item.strip() for item in value.split(",") if item.strip()] if value else []


def parameter(description: str) -> Any:
    """An optional query parameter, trimmed."""
    return Annotated[
        str | None, BeforeValidator(trimmed), Field(default=None, description=description)
    ]


def parameter_list(description: str, item: Any = str) -> Any:
    """A comma-separated query parameter, as a list of ``item`` (empty when absent)."""
    return Annotated[
        list[item],
        BeforeValidator(_items),
        Field(
            default_factory=list,
            description=description,
            json_schema_extra={"style": "form", "explode": False},
        ),
    ]


UtcInstant = Annotated[
    str, Field(json_schema_extra={"format": "date-time", "examples": ["2026-03-27T08:00:00Z"]})
]


class ErrorDetails(Answer):
    """What went wrong."""

    code: str = Field(examples=["invalid_transition"])
    message: str
    field: str | None = Field(examples=["slots[1].start"])
    details: dict[str, Any] | None = None


class Error(Answer):
    """The body of every error the API answers."""

    error: ErrorDetails
