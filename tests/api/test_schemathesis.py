"""Schemathesis against the API's own OpenAPI document: no 5xx, every answer as documented.

The document is loaded from the application under test (``GET /api/v1/openapi.json``
through WSGI, no network). Every operation gets requests that keep to the documented
shapes (positive) and requests that break them (negative), once as a visitor (no
token, or a made-up one) and once with the host organizer's API token. Every answer
must have a documented status, with the documented body, content type and headers; a
request that breaks the shapes must be refused with a 4xx; nothing may be a 5xx.

So that requests reach real events, positive cases often have their path ids replaced
by ids the test made: events in several states, their slots, the demo API tokens.
Every generated request runs inside a SAVEPOINT that is rolled back after it, with the
rate-limit counters and calendar caches emptied: each one meets the same database, so
a failure Hypothesis finds replays and shrinks exactly, on SQLite and PostgreSQL alike.

Bounded for ``make test``: ``MAX_EXAMPLES`` requests per operation and run, no
deadline, derandomized under CI (``CI`` set) so that a CI failure is the same on every
rerun; elsewhere each run draws new examples.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.schemas import APIOperation, BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from planner.extensions import db
from planner.models import ApiToken
from planner.security import BoundedIntConverter
from tests.api_client import Api
from tests.factories import event_in
from tests.hostile import each_example_undone

# Generated requests per operation, per run (visitor, organizer) and per database.
MAX_EXAMPLES = 20
CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# One event in each state the API acts on (see tests.factories.event_in).
STATES = ("draft", "proposed", "agreed", "confirmed", "published", "cancelled", "declined")
# Path parameters that name a row; positive cases often get an id of one that exists.
ID_PARAMETERS = ("event_id", "slot_id", "token_id")

Authorize = Callable[[Case, st.DataObject], dict[str, str]]


@dataclass(frozen=True)
class World:
    """What generated requests can point at: existing ids, their ETags, the organizer's token."""

    ids: dict[str, list[int]]
    etags: dict[int, str]
    token: str


@pytest.fixture
def world(api: Api, tokens: dict[str, str]) -> World:
    """Events in every state the API acts on, their slots, and the demo API tokens."""
    events = [event_in(state, days_ahead=30 + number) for number, state in enumerate(STATES)]
    ids = {
        "event_id": [event.id for event in events],
        "slot_id": [slot.id for event in events for slot in event.slots],
        "token_id": list(db.session.scalars(db.select(ApiToken.id))),
    }
    etags = {
        event.id: api.call("GET", f"/api/v1/events/{event.id}", "host").headers["ETag"]
        for event in events
    }
    return World(ids=ids, etags=etags, token=tokens["host"])


@pytest.fixture
def api_schema(app: Flask, world: World) -> BaseSchema:
    """The application's OpenAPI document, loaded through WSGI (no network, no config file)."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=schemathesis.Config())


def _operations(api_schema: BaseSchema) -> list[APIOperation]:
    """Every documented operation (a definition Schemathesis cannot read fails here)."""
    return [result.ok() for result in api_schema.get_all_operations()]


def _takes_input(operation: APIOperation) -> bool:
    """Whether a request to ``operation`` has anything to break (a body or parameters)."""
    return bool(operation.body) or any(True for _ in operation.iter_parameters())


def _point_at_known_ids(case: Case, data: st.DataObject, world: World) -> None:
    """Often replace a generated id in the path by one of a row the test made.

    A request about a known event then often sends its current ETag as If-Match, so
    that changes get past the precondition to the checks behind it.
    """
    for name in ID_PARAMETERS:
        if name in (case.path_parameters or {}) and data.draw(st.booleans(), label=name):
            case.path_parameters[name] = data.draw(st.sampled_from(world.ids[name]), label=name)
    etag = world.etags.get((case.path_parameters or {}).get("event_id"))
    if etag and "If-Match" in (case.headers or {}) and data.draw(st.booleans(), label="etag"):
        case.headers["If-Match"] = etag


def _is_positive(case: Case) -> bool:
    """Whether ``case`` keeps to the documented shapes (Schemathesis's positive mode)."""
    return case.meta is None or case.meta.generation.mode is GenerationMode.POSITIVE


def _valid_once_blank_items_are_dropped(case: Case) -> bool:
    """Whether a comma-separated query parameter is valid but for blank items (``?status=,``).

    The API reads blank items as absent (``planner.api.shapes.parameter_list``): ``?status=``
    lists events in every state, as an empty list (which is also written ``status=``).
    Schemathesis counts the blank item as a value outside the enum, a false alarm.
    """
    for parameter in case.operation.definition.raw.get("parameters", []):
        schema = parameter.get("schema", {})
        value = (case.query or {}).get(parameter["name"])
        if (
            parameter["in"] != "query"
            or schema.get("type") != "array"
            or not isinstance(value, str)
        ):
            continue
        items = [item.strip() for item in value.split(",")]
        allowed = schema.get("items", {}).get("enum")
        if "" in items and all(allowed is None or item in allowed for item in items if item):
            return True
    return False


def _checks_for(case: Case) -> list[CheckFunction]:
    """The checks for one case (see ``_valid_once_blank_items_are_dropped``)."""
    if not _is_positive(case) and _valid_once_blank_items_are_dropped(case):
        return [check for check in CHECKS if check is not negative_data_rejection]
    return CHECKS


def _fuzz(operation: APIOperation, client: FlaskClient, world: World, authorize: Authorize) -> None:
    """Send ``MAX_EXAMPLES`` generated requests to ``operation`` and check every answer."""
    modes = [GenerationMode.POSITIVE]
    if _takes_input(operation):
        modes.append(GenerationMode.NEGATIVE)
    cases = st.one_of([operation.as_strategy(generation_mode=mode) for mode in modes])

    @given(case=cases, data=st.data())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def send(case: Case, data: st.DataObject) -> None:
        if _is_positive(case):
            _point_at_known_ids(case, data, world)
        headers = authorize(case, data)
        with each_example_undone():
            case.call_and_validate(session=client, headers=headers, checks=_checks_for(case))

    send()


def _as_visitor(case: Case, data: st.DataObject) -> dict[str, str]:
    """No token at all, or the made-up one Schemathesis generated (which must be a 401)."""
    if "Authorization" in (case.headers or {}) and data.draw(st.booleans(), label="no token"):
        del case.headers["Authorization"]
    return {}


def test_every_operation_as_a_visitor(
    api_schema: BaseSchema, client: FlaskClient, world: World, subtests: pytest.Subtests
) -> None:
    for operation in _operations(api_schema):
        with subtests.test(operation=operation.label):
            _fuzz(operation, client, world, _as_visitor)


def test_every_operation_with_an_organizers_token(
    api_schema: BaseSchema, client: FlaskClient, world: World, subtests: pytest.Subtests
) -> None:
    def with_token(case: Case, data: st.DataObject) -> dict[str, str]:
        return {"Authorization": f"Bearer {world.token}"}

    for operation in _operations(api_schema):
        with subtests.test(operation=operation.label):
            _fuzz(operation, client, world, with_token)


# -- What the runs above found, pinned -------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["2147483648", "3437453091", "9999999999", "1314567736014302766325301248"],
)
def test_an_id_beyond_the_column_is_404_for_every_method(api: Api, number: str) -> None:
    # werkzeug answered 405 ("method not allowed") to PATCH, because the GET rule of
    # the same address matched before the converter refused the number.
    for method in ("GET", "PATCH", "POST"):
        answer = api.call(method, f"/api/v1/events/{number}", "host", {})
        assert answer.status_code == 404, (method, answer.status_code)
    assert api.call("POST", f"/api/v1/events/{number}/cancel", "host", {}).status_code == 404


def test_the_id_pattern_is_exactly_the_numbers_a_column_holds() -> None:
    pattern = re.compile(BoundedIntConverter.regex)
    largest = 2**31 - 1
    edges = [0, 7, 10**9 - 1, 10**9, 2 * 10**9 - 1, 2 * 10**9, largest - 1, largest]
    edges += [largest + step for step in (1, 2, 10, 100, 10**4, 10**6, 10**8)]
    edges += [10**10 - 1, 10**10, 10**12]
    for number in edges:
        assert bool(pattern.fullmatch(str(number))) == (number <= largest), number
    text = str(largest)
    for position in range(len(text)):  # one digit above the limit's, at each position
        if text[position] != "9":
            above = f"{text[:position]}{int(text[position]) + 1}{text[position + 1 :]}"
            assert not pattern.fullmatch(above), above
