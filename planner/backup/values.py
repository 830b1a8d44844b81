"""Each column's values as JSON and back, chosen by the column's SQLAlchemy type.

Instants are written as ISO 8601 in UTC (``2037-03-27T08:00:00.123456+00:00``), dates
and times of day as ISO 8601, enumerations by their stored value, NULL as ``null``, and
JSON columns as the JSON text they hold (a string such as ``'["Europe/Copenhagen"]'``).
As text, a stored JSON ``null`` (the string ``'null'``) stays apart from SQL NULL
(``null``); the app writes both (an audit entry's empty ``before`` is JSON null, a row
older than its column has SQL NULL), so a restore gives back exactly what was stored.

Reading a value back checks it as the database would (and more: SQLite checks neither
lengths nor types), so a damaged file is refused with the table, row and column at
fault instead of being half restored.
"""

from __future__ import annotations

import base64
import binascii
import copy
import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    Time,
    cast,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

# Lazy, so that checking a hundred thousand good values translates nothing.
EXPECTED_TEXT = _l("expected text")
NOT_UNICODE = _l("contains a character that is not valid Unicode")
EXPECTED_JSON = _l("expected JSON written as text")
EXPECTED_AWARE = _l("expected an ISO 8601 date and time with its UTC offset")
EXPECTED_NAIVE = _l("expected an ISO 8601 date and time without a UTC offset")
EXPECTED_DATE = _l("expected an ISO 8601 date")
EXPECTED_TIME = _l("expected an ISO 8601 time of day")
EXPECTED_BOOLEAN = _l("expected true or false")
EXPECTED_INTEGER = _l("expected a whole number")
EXPECTED_NUMBER = _l("expected a number")
EXPECTED_DECIMAL = _l("expected a decimal number written as text")
EXPECTED_BASE64 = _l("expected base64 text")
MAY_NOT_BE_EMPTY = _l("may not be empty")


class BadValue(ValueError):
    """A value in a backup that does not fit its column; the message says why."""

    def __init__(self, problem: object) -> None:
        super().__init__(str(problem))  # a lazy message is translated now, once


class UnsupportedColumn(TypeError):
    """A column whose type this module cannot write yet (a programming error).

    ``tests/backup`` checks every column of the models, so a new type is found there,
    not by an administrator's export.
    """


def _as_stored(column: Column) -> ColumnElement:
    return column


@dataclass(frozen=True)
class Codec:
    """How one column's values are written to JSON and read back (``None`` aside).

    ``read`` is what the export selects for the column (the column itself, or for JSON
    its text), ``encode`` turns what that gives into JSON, ``decode`` checks a value
    from a file and gives what to insert.
    """

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    read: Callable[[Column], ColumnElement] = _as_stored


def _require(value: Any, kind: type | tuple[type, ...], problem: object) -> Any:
    """``value`` if it is a ``kind`` (a bool is not a number here), else ``BadValue``."""
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise BadValue(problem)
    return value


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _unicode_text(value: Any) -> str:
    """``value`` as text PostgreSQL and SQLite can both store, else ``BadValue``."""
    _require(value, str, EXPECTED_TEXT)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate such as "\ud800"
        raise BadValue(NOT_UNICODE) from error
    return value


def _string_codec(sqltype: String) -> Codec:
    def decode(value: Any) -> str:
        text = _unicode_text(value)
        if sqltype.length is not None and len(text) > sqltype.length:
            raise BadValue(_("longer than %(limit)d characters", limit=sqltype.length))
        return text

    return Codec(encode=lambda value: value, decode=decode)


def _enum_codec(sqltype: Enum) -> Codec:
    allowed = list(sqltype.enums)

    def encode(value: Any) -> str:
        return value.value if isinstance(value, enum.Enum) else value

    def decode(value: Any) -> str:
        # The stored value itself: SQLAlchemy's Enum accepts it in place of the member.
        if value not in allowed:
            raise BadValue(_("not one of %(choices)s", choices=", ".join(allowed)))
        return value

    return Codec(encode=encode, decode=decode)


def _json_decode(value: Any) -> Any:
    problem = EXPECTED_JSON
    try:
        parsed = json.loads(_require(value, str, problem))
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:  # "\\ud800" inside the JSON text
        raise BadValue(NOT_UNICODE) from error
    except (ValueError, RecursionError) as error:
        raise BadValue(problem) from error
    # JSON.NULL stores JSON's null; plain None would be SQL NULL (see json_insert_type).
    return JSON.NULL if parsed is None else parsed


def _json_text(column: Column) -> ColumnElement:
    return cast(column, Text)


def _datetime_codec(sqltype: DateTime) -> Codec:
    def encode(value: datetime) -> str:
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()

    def decode(value: Any) -> datetime:
        problem = EXPECTED_AWARE if sqltype.timezone else EXPECTED_NAIVE
        try:
            moment = datetime.fromisoformat(_require(value, str, problem))
        except ValueError as error:
            raise BadValue(problem) from error
        if sqltype.timezone != (moment.tzinfo is not None):
            raise BadValue(problem)
        return moment.astimezone(UTC) if sqltype.timezone else moment

    return Codec(encode=encode, decode=decode)


def _iso_codec(kind: type[date] | type[time], problem: object) -> Codec:
    def decode(value: Any) -> Any:
        try:
            return kind.fromisoformat(_require(value, str, problem))
        except ValueError as error:
            raise BadValue(problem) from error

    return Codec(encode=lambda value: value.isoformat(), decode=decode)


def _binary_decode(value: Any) -> bytes:
    problem = EXPECTED_BASE64
    try:
        return base64.b64decode(_require(value, str, problem), validate=True)
    except binascii.Error as error:
        raise BadValue(problem) from error


def _numeric_decode(value: Any) -> Decimal:
    problem = EXPECTED_DECIMAL
    try:
        return Decimal(_require(value, str, problem))
    except InvalidOperation as error:
        raise BadValue(problem) from error


def _same(value: Any) -> Any:
    return value


def _plain_type(sqltype: TypeEngine) -> TypeEngine:
    """The type a column is stored as (a ``TypeDecorator`` such as UTCDateTime: its impl)."""
    return sqltype.impl_instance if isinstance(sqltype, TypeDecorator) else sqltype


def codec_for(column: Column) -> Codec:
    """The codec for ``column``'s type; ``UnsupportedColumn`` for a type not handled yet."""
    sqltype = _plain_type(column.type)
    # Most specific first: Enum is a String, Float a Numeric.
    if isinstance(sqltype, Enum):
        return _enum_codec(sqltype)
    if isinstance(sqltype, JSON):
        return Codec(encode=_same, decode=_json_decode, read=_json_text)
    if isinstance(sqltype, DateTime):
        return _datetime_codec(sqltype)
    if isinstance(sqltype, Date):
        return _iso_codec(date, EXPECTED_DATE)
    if isinstance(sqltype, Time):
        return _iso_codec(time, EXPECTED_TIME)
    if isinstance(sqltype, Boolean):
        return Codec(_same, lambda value: _require(value, bool, EXPECTED_BOOLEAN))
    if isinstance(sqltype, Integer):
        return Codec(_same, lambda value: _require(value, int, EXPECTED_INTEGER))
    if isinstance(sqltype, Float):
        return Codec(_same, lambda value: float(_require(value, (int, float), EXPECTED_NUMBER)))
    if isinstance(sqltype, Numeric):
        return Codec(encode=str, decode=_numeric_decode)
    if isinstance(sqltype, String):
        return _string_codec(sqltype)
    if isinstance(sqltype, LargeBinary):
        return Codec(
            encode=lambda value: base64.b64encode(value).decode("ascii"), decode=_binary_decode
        )
    raise UnsupportedColumn(
        f"{column.table.name}.{column.name}: no backup codec for {column.type!r} yet; "
        "add one in planner/backup/values.py"
    )


def insert_type(column: Column) -> TypeEngine:
    """The type to insert ``column``'s decoded values with.

    JSON columns get a copy that stores ``None`` as SQL NULL (the column's own type
    would store JSON null), so both nulls come back as they were exported.
    """
    sqltype = column.type
    if isinstance(sqltype, JSON):
        sqltype = copy.copy(sqltype)
        sqltype.none_as_null = True
    return sqltype


def encode_value(codec: Codec, value: Any) -> Any:
    """``value`` as JSON (``None`` stays ``null``)."""
    return None if value is None else codec.encode(value)


def decode_value(column: Column, codec: Codec, value: Any) -> Any:
    """The value to insert for ``value`` read from a backup, or ``BadValue``."""
    if value is None:
        if not column.nullable:
            raise BadValue(MAY_NOT_BE_EMPTY)
        return None
    return codec.decode(value)
