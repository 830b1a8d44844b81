"""Every problem of a proposal in one round, beside its field, once.

A nonexistent time, an ambiguous time and an unknown speaker zone are found together
(the service, the API and the form), the ambiguous readings are shown in every
involved city, and the nearest valid times follow the inputs' five-minute step.
"""

import re

import pytest
from flask.testing import FlaskClient

from planner.errors import FieldErrors
from planner.events import negotiation
from planner.events.negotiation import SlotInput, SpeakerInput
from planner.extensions import db
from planner.models import Event
from tests.api_client import Api, example_body
from tests.factories import HOST, post_form, proposal

GAP = "2037-03-29T02:30"  # Copenhagen's clocks jump from 02:00 to 03:00 that night
FOLD = "2037-10-25T02:30"  # and go back from 03:00 to 02:00 on this one
BAD_ZONE = "Mars/Olympus_Mons"


def _three_problems(people) -> FieldErrors:  # noqa: ANN001
    wanted = proposal(
        planning_timezone="Europe/Copenhagen",
        slots=[SlotInput(GAP), SlotInput(FOLD), SlotInput("2037-05-12T10:00")],
        speakers=[SpeakerInput("Dr. Aiko Sato", "Keio", BAD_ZONE)],
    )
    with pytest.raises(FieldErrors) as refused:
        negotiation.propose_event(people["link-j"], wanted)
    return refused.value


def test_the_service_raises_every_problem_at_once(people) -> None:  # noqa: ANN001
    error = _three_problems(people)
    assert [(e.field, e.code) for e in error.errors] == [
        ("slots[0]", "nonexistent_local_time"),
        ("slots[1]", "ambiguous_local_time"),
        ("speakers[0].timezone", "unknown_timezone"),
    ]
    assert error.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_field_problems_other_than_times_come_in_the_same_round(people) -> None:  # noqa: ANN001
    wanted = proposal(
        title_en="  ",
        cohost_slugs=[],
        duration_minutes=5,
        planning_timezone="Europe/Copenhagen",
        slots=[SlotInput(GAP)],
    )
    with pytest.raises(FieldErrors) as refused:
        negotiation.propose_event(people["link-j"], wanted)
    assert [e.field for e in refused.value.errors] == [
        "title_en",
        "cohosts",
        "duration_minutes",
        "slots[0]",
    ]


def test_ambiguous_readings_are_shown_in_every_involved_city(people) -> None:  # noqa: ANN001
    ambiguous = _three_problems(people).errors[1]
    first, second = ambiguous.details["choices"]
    assert [city["zone"] for city in first["cities"]] == ["Europe/Copenhagen", "Asia/Tokyo"]
    # 02:30 CEST is 00:30 UTC = 09:30 in Tokyo; 02:30 CET is 01:30 UTC = 10:30.
    assert [city["text"] for city in first["cities"]] == [
        "Copenhagen 02:30 CEST",
        "Tokyo 09:30 JST",
    ]
    assert [city["text"] for city in second["cities"]] == [
        "Copenhagen 02:30 CET",
        "Tokyo 10:30 JST",
    ]
    assert "Tokyo 09:30 JST" in ambiguous.message and "Tokyo 10:30 JST" in ambiguous.message


def test_nearest_valid_times_follow_the_five_minute_step(people) -> None:  # noqa: ANN001
    gap = _three_problems(people).errors[0]
    assert gap.details["nearest_valid_local"] == ["2037-03-29T01:55", "2037-03-29T03:00"]
    assert "01:55" in gap.message and "03:00" in gap.message and "01:59" not in gap.message


def test_the_api_names_every_field_in_one_422(api: Api) -> None:
    body = example_body(
        planning_timezone="Europe/Copenhagen",
        slots=[{"start": GAP}, {"start": FOLD}],
        speakers=[{"name": "Dr. Aiko Sato", "timezone": BAD_ZONE}],
    )
    response = api.call("POST", "/api/v1/events", "host", json=body)
    assert response.status_code == 422
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("invalid_fields", "slots[0]")
    assert [(e["field"], e["code"]) for e in error["details"]["errors"]] == [
        ("slots[0]", "nonexistent_local_time"),
        ("slots[1]", "ambiguous_local_time"),
        ("speakers[0].timezone", "unknown_timezone"),
    ]
    assert error["details"]["errors"][1]["details"]["choices"][0]["cities"]


def _form(**overrides: object) -> dict:
    data = {
        "title_en": "Medicon Valley meets Nihonbashi",
        "format": "symposium",
        "cohosts": ["dk-embassy", "dk-cluster"],
        "timezone": "Europe/Copenhagen",
        "duration_minutes": "120",
        "slots-0-start": GAP,
        "slots-1-start": FOLD,
        "speakers-0-name": "Dr. Aiko Sato",
        "speakers-0-timezone": BAD_ZONE,
        "language": "en",
        "send": "Send proposal",
    }
    data.update(overrides)
    return data


def _error_list(body: str, field_id: str) -> str:
    """The inline error list of the field with ``field_id``."""
    opening = f'<ul class="field__errors" id="{re.escape(field_id)}-error">'
    match = re.search(rf"{opening}(.*?)</ul>", body, re.S)
    assert match, f"no error list beside {field_id}"
    return match.group(1)


def test_the_form_shows_every_problem_beside_its_field_once(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    auth.login(HOST)
    response = post_form(client, "/events/new", "/events/new", _form())
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "does not exist in Europe/Copenhagen" in _error_list(body, "slots-0-start")
    assert "happens twice in Europe/Copenhagen" in _error_list(body, "slots-1-start")
    assert "is not a known time zone" in _error_list(body, "speakers-0-timezone")
    for message in ("does not exist in", "happens twice in", "is not a known time zone"):
        assert body.count(message) == 1, message
    assert "flash--error" not in body  # nothing in a banner
    # The two readings of the twice-happening time, in both cities.
    assert "Tokyo 09:30 JST" in body and "Tokyo 10:30 JST" in body


def test_form_checks_and_service_checks_come_in_one_round(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    data = _form(title_en="")
    del data["cohosts"]
    auth.login(HOST)
    body = post_form(client, "/events/new", "/events/new", data).get_data(as_text=True)
    assert "This field is required." in _error_list(body, "title_en")
    assert "The event needs an English title." not in body  # the title's problem, once
    assert "Choose at least one co-host organization." in _error_list(body, "cohosts")
    assert 'aria-describedby="cohosts-error"' in body
    assert "does not exist in Europe/Copenhagen" in _error_list(body, "slots-0-start")
    assert "is not a known time zone" in _error_list(body, "speakers-0-timezone")


def test_a_counter_slot_error_is_shown_beside_its_field(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    from tests.factories import EMBASSY, proposed_event

    event = proposed_event(days_ahead=30)
    auth.login(EMBASSY)
    page = f"/events/{event.id}"
    response = post_form(
        client, page, f"{page}/slots", {"start": GAP, "timezone": "Europe/Copenhagen"}
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "does not exist in Europe/Copenhagen" in _error_list(body, "start")
    assert body.count("does not exist in Europe/Copenhagen") == 1
