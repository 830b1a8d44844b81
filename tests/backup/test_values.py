"""Each kind of column value, written to a backup and read back, is the value it was."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
)

from planner.backup.values import BadValue, codec_for, decode_value, encode_value
from planner.models import Event, EventStatus, UTCDateTime

TOKYO = timezone(timedelta(hours=9))
SAMPLES = Table(
    "samples",
    MetaData(),
    Column("instant", UTCDateTime),
    Column("wall_time", DateTime),
    Column("day", Date),
    Column("clock", Time),
    Column("flag", Boolean),
    Column("count", Integer),
    Column("ratio", Float),
    Column("amount", Numeric(10, 2)),
    Column("title", String(10)),
    Column("body", Text),
    Column("blob", LargeBinary),
    Column("data", JSON),
)


def through_a_file(column: Column, value: object) -> object:
    """``value`` written as the export writes it, through JSON text, and read back."""
    codec = codec_for(column)
    written = json.loads(json.dumps(encode_value(codec, value), ensure_ascii=False))
    return decode_value(column, codec, written)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("instant", datetime(2037, 3, 27, 8, 0, 0, 123456, tzinfo=UTC)),
        ("wall_time", datetime(2037, 3, 29, 2, 30)),
        ("day", date(2099, 12, 31)),
        ("clock", time(8, 30, 15, 5)),
        ("flag", False),
        ("flag", True),
        ("count", 0),
        ("count", -(2**40)),
        ("ratio", 0.1 + 0.2),
        ("amount", Decimal("1234.50")),
        ("title", "日本橋 🧬"),
        ("body", "デンマーク\r\n" * 20_000),
        ("blob", b"\x00\xff binary"),
    ],
)
def test_a_value_comes_back_as_it_was(app: Flask, name: str, value: object) -> None:
    back = through_a_file(SAMPLES.c[name], value)
    assert back == value
    assert type(back) is type(value)


def test_an_instant_is_written_in_utc_and_comes_back_the_same_instant(app: Flask) -> None:
    tokyo_evening = datetime(2037, 3, 27, 17, 0, 0, 1, tzinfo=TOKYO)
    codec = codec_for(SAMPLES.c.instant)
    assert encode_value(codec, tokyo_evening) == "2037-03-27T08:00:00.000001+00:00"
    back = through_a_file(SAMPLES.c.instant, tokyo_evening)
    assert back == tokyo_evening and back.utcoffset() == timedelta(0)


def test_json_null_and_sql_null_stay_apart(app: Flask) -> None:
    column = SAMPLES.c.data
    codec = codec_for(column)
    # The export reads JSON columns as their text, so JSON null arrives as "null".
    assert decode_value(column, codec, "null") is JSON.NULL
    assert decode_value(column, codec, None) is None
    assert decode_value(column, codec, '{"都市": ["Asia/Tokyo"], "n": [1, 2.5, true]}') == {
        "都市": ["Asia/Tokyo"],
        "n": [1, 2.5, True],
    }


def test_an_enumeration_is_written_by_its_stored_value(app: Flask) -> None:
    column = Event.__table__.c.status
    codec = codec_for(column)
    assert encode_value(codec, EventStatus.CANCELLED) == "cancelled"
    assert decode_value(column, codec, "cancelled") == "cancelled"
    with pytest.raises(BadValue, match="not one of draft, proposed"):
        decode_value(column, codec, "Cancelled")


def test_null_comes_back_as_null_where_the_column_allows_it(app: Flask) -> None:
    for column in SAMPLES.columns:
        assert through_a_file(column, None) is None
    not_null = Event.__table__.c.title_en
    with pytest.raises(BadValue, match="may not be empty"):
        decode_value(not_null, codec_for(not_null), None)


def test_a_wall_time_is_not_taken_for_an_instant(app: Flask) -> None:
    with pytest.raises(BadValue, match="with its UTC offset"):
        through_a_file(SAMPLES.c.instant, datetime(2037, 3, 27, 17, 0))
    with pytest.raises(BadValue, match="without a UTC offset"):
        through_a_file(SAMPLES.c.wall_time, datetime(2037, 3, 27, 17, 0, tzinfo=UTC))
