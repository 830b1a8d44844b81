"""What an anonymous visitor can send, answered with a 4xx and a clear message, never a 500.

The reproductions of issue 12 (item 5 and 6, and the join-link rule of item 9), on
SQLite and PostgreSQL: control characters in addresses, forms and JSON; lone
surrogates and deep nesting in JSON; bodies over the size limit. One text rule
(``planner.text_rules``) decides for the web forms and the API alike.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import pytest
from flask.testing import FlaskClient
from wtforms import Form

import planner
from planner.extensions import db
from planner.form_base import PlannerForm, PlannerSubform
from planner.limits import (
    DESCRIPTION_MAX,
    JSON_DEPTH_MAX,
    REQUEST_BYTES_MAX,
    SPEAKER_TEXT_MAX,
    SPEAKERS_MAX,
    TITLE_MAX,
)
from planner.models import ApiToken, Event, Registration
from planner.text_rules import forbidden_character, is_web_address
from tests.api_client import Api, example_body
from tests.factories import HOST, count, csrf_token, post_form, published_event

NUL = "\x00"
# Characters the rule refuses in one line of text: C0, DEL, C1, line breaks, tab.
REFUSED_IN_A_LINE = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\n", "\r", "\t"]
# Text people do type: scripts, emoji (with joiners), marks of direction, the BOM.
ORDINARY_TEXT = ["デンマーク大使館", "Ærø – Øresund", "👩‍🔬 lab", "\u200fعربى\u200e", "Zoë\u00a0B."]


def _registration_body(**changes: object) -> dict:
    return {"name": "Ane Holm", "email": "ane@example.dk", "affiliation": "DTU", **changes}


def _post_raw_json(client: FlaskClient, path: str, text: str | bytes, token: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(path, data=text, headers=headers)


# -- The rule itself ------------------------------------------------------------------


@pytest.mark.parametrize("character", REFUSED_IN_A_LINE)
def test_the_rule_refuses_controls_in_a_line(character: str) -> None:
    assert forbidden_character(f"Title{character}more") == character


def test_the_rule_lets_multi_line_text_keep_tabs_and_line_breaks() -> None:
    assert forbidden_character("One\r\nTwo\n\tThree", multiline=True) is None
    assert forbidden_character("One\x00Two", multiline=True) == "\x00"
    assert forbidden_character("One\x85Two", multiline=True) == "\x85"
    assert forbidden_character("\ud800", multiline=True) == "\ud800"


@pytest.mark.parametrize("text", ORDINARY_TEXT)
def test_the_rule_lets_ordinary_text_through(text: str) -> None:
    assert forbidden_character(text) is None


# -- Addresses: path segments and query parameters ------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/orgs/li%00nk-j.ics",
        "/feeds/attendee/abc%00def.ics",
        "/feeds/organizer/abc%00def.ics",
        "/registrations/abc%00def",
        "/registrations/abc%00def/invite.ics",
        "/feeds/orgs/link-j%0A.ics",
        "/feeds/orgs/link%09j.ics",
        "/feeds/orgs/link%C2%85j.ics",
        "/static/css%00/x.css",
        "/api/v1/tokens/%00",
    ],
)
def test_a_control_character_in_a_path_is_a_404(client: FlaskClient, demo, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404


def test_a_path_error_on_a_feed_is_plain_text_for_calendar_clients(client: FlaskClient) -> None:
    response = client.get("/feeds/orgs/li%00nk-j.ics")
    assert (response.status_code, response.mimetype) == (404, "text/plain")
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "name", "answers"),
    [
        ("/?organization=%00", "organization", "text/html"),
        ("/calendar?zone=Asia/Tokyo%00", "zone", "text/html"),
        ("/login?next=/dashboard%0D%0ASet-Cookie:x", "next", "text/html"),
        ("/feeds/events.ics?lang=en%00", "lang", "text/plain"),
        ("/api/v1/events?org=link-j%00", "org", "application/json"),
        ("/api/v1/overlap?zones=Asia/Tokyo%1B&from=2037-03-02&to=2037-03-06", "zones", None),
    ],
)
def test_a_control_character_in_a_query_parameter_is_a_400_naming_it(
    client: FlaskClient, demo, path: str, name: str, answers: str | None
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    if answers:
        assert response.mimetype == answers
    if response.is_json:
        assert response.json["error"]["field"] == name
    assert name in response.get_data(as_text=True)
    assert "U+" in response.get_data(as_text=True) or "line break" in response.get_data(
        as_text=True
    )


# -- The API: one rule for every text field -------------------------------------------


def test_a_nul_in_a_registration_name_is_a_400_and_nothing_is_stored(api: Api) -> None:
    event = published_event()
    response = api.call(
        "POST", f"/api/v1/events/{event.id}/registrations", None, _registration_body(name="A\x00B")
    )
    assert response.status_code == 400
    error = response.json["error"]
    assert (error["field"], error["code"]) == ("name", "control_character")
    assert "U+0000" in error["message"]
    assert count(Registration) == 0


def test_a_nul_in_a_token_request_is_a_400(api: Api) -> None:
    before = count(ApiToken)
    for body, field in (
        ({"email": "organizer@link-j.example\x00", "password": "x"}, "email"),
        ({"email": HOST, "password": "pass\x00word"}, "password"),
        ({"email": HOST, "password": "x", "label": "a\x00"}, "label"),
    ):
        response = api.call("POST", "/api/v1/tokens", None, body)
        assert response.status_code == 400, body
        assert response.json["error"]["field"] == field
    assert count(ApiToken) == before


@pytest.mark.parametrize("character", REFUSED_IN_A_LINE)
def test_a_control_character_in_an_event_title_is_a_400(api: Api, character: str) -> None:
    before = count(Event)
    response = api.call("POST", "/api/v1/events", "host", example_body(title=f"A{character}B"))
    assert response.status_code == 400, response.json
    assert (response.json["error"]["field"], response.json["error"]["code"]) == (
        "title",
        "control_character",
    )
    assert count(Event) == before


def test_nested_and_list_text_fields_name_the_value_at_fault(api: Api) -> None:
    speakers = [{"name": "Mette"}, {"name": "Haruto\x00"}]
    cases = [
        (example_body(speakers=speakers), "speakers[1].name"),
        (example_body(cohosts=["dk-embassy", "dk-\x00cluster"]), "cohosts[1]"),
        (example_body(slots=[{"start": "2037-03-27T17:00\x00"}]), "slots[0].start"),
        (example_body(venue="Room\x0b5"), "venue"),
        (example_body(planning_timezone="Asia/Tokyo\x7f"), "planning_timezone"),
    ]
    for body, field in cases:
        response = api.call("POST", "/api/v1/events", "host", body)
        assert response.status_code == 400, field
        assert response.json["error"]["field"] == field


def test_descriptions_keep_tabs_and_line_breaks_but_refuse_other_controls(api: Api) -> None:
    kept = api.call(
        "POST", "/api/v1/events", "host", example_body(description="Agenda:\n\t1. Welcome\r\n")
    )
    assert kept.status_code == 201, kept.json
    assert "\t1. Welcome" in kept.json["description"]
    refused = api.call("POST", "/api/v1/events", "host", example_body(description="Agenda\x00"))
    assert (refused.status_code, refused.json["error"]["field"]) == (400, "description")


@pytest.mark.parametrize("text", ORDINARY_TEXT)
def test_ordinary_text_of_every_script_is_accepted(api: Api, text: str) -> None:
    event = published_event()
    response = api.call(
        "POST",
        f"/api/v1/events/{event.id}/registrations",
        None,
        _registration_body(name=text, affiliation=text),
    )
    assert response.status_code == 202, response.json


# -- JSON the parser accepts but nothing after it can use -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "\\ud800", "email": "ane@example.dk", "affiliation": "DTU"}',
        '{"name": "Ane \\udfff Holm", "email": "ane@example.dk", "affiliation": "DTU"}',
        '{"name": "Ane", "email": "ane@example.dk", "affiliation": "DTU", "\\ud83d": 1}',
        '{"name": ["\\ud800"], "email": "ane@example.dk", "affiliation": "DTU"}',
    ],
)
def test_a_lone_surrogate_in_json_is_a_400_that_says_so(
    client: FlaskClient, demo, text: str
) -> None:
    event = published_event()
    response = _post_raw_json(client, f"/api/v1/events/{event.id}/registrations", text)
    assert response.status_code == 400
    assert "surrogate" in response.json["error"]["message"]
    assert count(Registration) == 0


def test_a_surrogate_pair_is_one_character_and_welcome(client: FlaskClient, demo) -> None:
    event = published_event()
    text = '{"name": "Ane \\ud83d\\ude00", "email": "ane@example.dk", "affiliation": "DTU"}'
    response = _post_raw_json(client, f"/api/v1/events/{event.id}/registrations", text)
    assert response.status_code == 202, response.json


@pytest.mark.parametrize("depth", [JSON_DEPTH_MAX + 1, 5_000, 100_000])
def test_json_nested_too_deep_is_a_400(client: FlaskClient, demo, depth: int) -> None:
    event = published_event()
    text = "[" * depth + "]" * depth
    for path in (f"/api/v1/events/{event.id}/registrations", "/api/v1/tokens"):
        response = _post_raw_json(client, path, text)
        assert response.status_code == 400, path
        assert "nested too deeply" in response.json["error"]["message"]


def test_objects_nested_too_deep_inside_a_real_body_are_a_400(api: Api) -> None:
    deep: object = "x"
    for _ in range(JSON_DEPTH_MAX):
        deep = {"a": deep}
    response = api.call("POST", "/api/v1/events", "host", example_body(venue=deep))
    assert response.status_code == 400
    assert "nested too deeply" in response.json["error"]["message"]


def test_malformed_json_says_where(client: FlaskClient, demo) -> None:
    event = published_event()
    response = _post_raw_json(client, f"/api/v1/events/{event.id}/registrations", '{"name": ')
    assert response.status_code == 400
    assert "line 1, column 10" in response.json["error"]["message"]
    latin1 = _post_raw_json(
        client, f"/api/v1/events/{event.id}/registrations", '{"name": "Zo\xeb"}'.encode("latin-1")
    )
    assert latin1.status_code == 400
    assert "UTF-8" in latin1.json["error"]["message"]


# -- The web forms: the same rule, beside the field -----------------------------------


def test_every_form_of_the_site_is_held_to_the_text_rule() -> None:
    modules = [
        importlib.import_module(found.name)
        for found in pkgutil.walk_packages(planner.__path__, "planner.")
    ]
    forms = {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Form) and cls.__module__.startswith("planner.")
    }
    forms -= {PlannerForm, PlannerSubform}
    assert forms, "no forms found"
    outside = sorted(
        cls.__qualname__ for cls in forms if not issubclass(cls, PlannerForm | PlannerSubform)
    )
    assert outside == []


def test_a_nul_in_the_registration_form_is_refused_beside_the_field(
    client: FlaskClient, demo
) -> None:
    event = published_event()
    path = f"/events/{event.id}/register"
    data = {"name": "Ane\x00 Holm", "email": "ane@example.dk", "affiliation": "DTU\x1b"}
    response = post_form(client, f"/events/{event.id}", path, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("contains a character that cannot be used here (U+0000)") == 1
    assert "(U+001B)" in page
    assert count(Registration) == 0


def test_the_refusal_is_in_japanese_for_a_japanese_reader(client: FlaskClient, demo) -> None:
    event = published_event()
    data = {"name": "Ane\x00", "email": "ane@example.dk", "affiliation": "DTU"}
    response = client.post(
        f"/events/{event.id}/register",
        data={**data, "csrf_token": csrf_token(client)},
        headers={"Accept-Language": "ja"},
    )
    assert response.status_code == 400
    assert "使えない文字" in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_form_is_refused_not_a_500(client: FlaskClient, demo) -> None:
    response = post_form(
        client, "/login", "/login", {"email": "organizer@link-j.example\x00", "password": "x"}
    )
    assert response.status_code == 200
    assert "(U+0000)" in response.get_data(as_text=True)


def test_a_control_character_in_the_proposal_form_is_refused(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    data = {
        "title_en": "Digital\x00 health",
        "format": "webinar",
        "cohosts": ["dk-embassy"],
        "timezone": "Asia/Tokyo",
        "duration_minutes": "60",
        "slots-0-start": "2037-03-27T17:00",
        "language": "en",
        "description_en": "Agenda:\r\n\t1. Welcome",
        "speakers-0-name": "Mette\x07",
        "send": "Send proposal",
    }
    before = count(Event)
    response = post_form(client, "/events/new", "/events/new", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "(U+0000)" in page and "(U+0007)" in page
    assert "Agenda:" in page  # the description's tab and line breaks were fine
    assert count(Event) == before


# -- One rule for a join link ---------------------------------------------------------

ADDRESSES = {
    "https://us02web.zoom.us/j/123456?pwd=abc": True,
    "http://localhost:8080/room": True,
    "https://ja.wikipedia.org/wiki/東京": True,
    "https://[2001:db8::1]/room": True,
    "https://example.org/room\r\nX-Injected: 1": False,
    "https://example.org/room\n": False,
    'https://example.org/"onmouseover="x': False,
    "https://example.org/it's": False,
    "https://example.org/a b": False,
    "https://example.org/<script>": False,
    "javascript://example.org/%0Aalert(1)": False,
    "ftp://example.org/file": False,
    "https://": False,
    "https://example.org:99999/": False,
    "example.org/room": False,
}


@pytest.mark.parametrize(("address", "usable"), ADDRESSES.items())
def test_the_api_and_the_web_form_take_the_same_join_links(
    client: FlaskClient, auth, api: Api, address: str, usable: bool
) -> None:
    assert is_web_address(address) is usable
    event = published_event()
    through_api = api.change(
        "POST",
        f"/api/v1/events/{event.id}/reschedule",
        "host",
        {"start": "2037-06-01T18:00", "timezone": "Asia/Tokyo", "online_url": address},
    )
    assert through_api.status_code == (200 if usable else 400), through_api.json
    if not usable:
        assert through_api.json["error"]["field"] == "online_url"
    other = published_event()
    auth.login(HOST)
    page = f"/events/{other.id}/edit"
    through_form = post_form(
        client,
        page,
        page,
        {
            "version": str(other.version),
            "title_en": other.title_en,
            "format": "webinar",
            "language": "en",
            "capacity": "300",
            "online_url": address,
        },
    )
    assert through_form.status_code == (302 if usable else 400)
    db.session.expire_all()
    assert (db.session.get(Event, other.id).online_url == address.strip()) is usable


# -- Size ----------------------------------------------------------------------------


def test_a_60_mb_json_body_is_a_413_before_it_is_read(client: FlaskClient, demo) -> None:
    event = published_event()
    body = b'{"name": "' + b"x" * 60_000_000 + b'", "email": "ane@example.dk"}'
    response = _post_raw_json(client, f"/api/v1/events/{event.id}/registrations", body)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"
    assert count(Registration) == 0


def test_a_body_just_over_the_limit_is_a_413_page_on_the_web(client: FlaskClient, demo) -> None:
    event = published_event()
    filler = "x" * (REQUEST_BYTES_MAX + 1)
    response = client.post(f"/events/{event.id}/register", data={"name": filler})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "What you sent is too large." in response.get_data(as_text=True)


def _largest_proposal() -> dict:
    """A proposal with every text at its limit, in Japanese (escaped: 6 bytes each)."""
    return example_body(
        title="デ" * TITLE_MAX,
        title_ja="デ" * TITLE_MAX,
        description="デ" * DESCRIPTION_MAX,
        description_ja="デ" * DESCRIPTION_MAX,
        venue="デ" * 300,
        speakers=[
            {"name": "デ" * SPEAKER_TEXT_MAX, "affiliation": "デ" * SPEAKER_TEXT_MAX}
            for _ in range(SPEAKERS_MAX)
        ],
    )


def test_the_largest_legitimate_json_request_fits_the_limit(api: Api) -> None:
    body = _largest_proposal()
    assert len(json.dumps(body).encode()) < REQUEST_BYTES_MAX
    response = api.call("POST", "/api/v1/events", "host", body)
    assert response.status_code == 201, response.json


def test_the_largest_legitimate_form_post_fits_the_limit(client: FlaskClient, auth, demo) -> None:
    event = published_event()
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    data = {
        "version": str(event.version),
        "title_en": "デ" * TITLE_MAX,
        "title_ja": "デ" * TITLE_MAX,
        "description_en": "デ" * DESCRIPTION_MAX,
        "description_ja": "デ" * DESCRIPTION_MAX,
        "format": "webinar",
        "language": "en",
        "venue": "デ" * 300,
        **{f"speakers-{n}-name": "デ" * SPEAKER_TEXT_MAX for n in range(SPEAKERS_MAX)},
        **{f"speakers-{n}-affiliation": "デ" * SPEAKER_TEXT_MAX for n in range(SPEAKERS_MAX)},
    }
    response = post_form(client, page, page, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    assert db.session.get(Event, event.id).description_ja == "デ" * DESCRIPTION_MAX


@pytest.mark.parametrize("target", ["/x\r\nSet-Cookie: a=b", "/x\x00y", "/events\t", "/\x85"])
def test_a_redirect_target_with_a_control_character_goes_home(
    client: FlaskClient, demo, target: str
) -> None:
    # The language switcher and the feed page post "next" outside any form field.
    response = client.post(
        "/language", data={"locale": "ja", "next": target, "csrf_token": csrf_token(client)}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/")
