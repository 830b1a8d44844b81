"""Contact consent is optional unless the event asks; countries are a localized menu."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from planner.countries import country_choices
from planner.extensions import db
from planner.models import Event, Registration
from tests.api_client import Api, example_body
from tests.factories import count, csrf_token, published_event
from tests.registrations.mailbox import last_message_to, manage_path

FORM = {
    "name": "Hanako Yamada",
    "email": "hanako@example.jp",
    "affiliation": "Kyoto University",
    "country": "JP",
}
BODY = {"name": "Mette Jensen", "email": "mette@example.dk", "affiliation": "NNF"}


def register(client: FlaskClient, event_id: int, **changes: str):  # noqa: ANN201
    data = {**FORM, **changes, "csrf_token": csrf_token(client)}
    return client.post(f"/events/{event_id}/register", data={k: v for k, v in data.items() if v})


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30)


@pytest.fixture
def asking_event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, asks_contact_consent=True)


def test_consent_is_optional_by_default(client: FlaskClient, event: Event) -> None:
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="consent"[^>]*>', page).group(0)
    assert "required" not in checkbox
    assert register(client, event.id).status_code == 302
    assert db.session.scalar(db.select(Registration)).consent is False


def test_an_event_that_asks_requires_consent(client: FlaskClient, asking_event: Event) -> None:
    page = client.get(f"/events/{asking_event.id}").get_data(as_text=True)
    checkbox = re.search(r'<input[^>]*name="consent"[^>]*>', page).group(0)
    assert "required" in checkbox
    refused = register(client, asking_event.id)
    assert refused.status_code == 400
    assert "This event asks registrants to agree to be contacted" in unescape(
        refused.get_data(as_text=True)
    )
    assert count(Registration) == 0
    assert register(client, asking_event.id, consent="y").status_code == 302
    assert db.session.scalar(db.select(Registration)).consent is True


def test_the_api_refuses_missing_consent_when_asked(
    client: FlaskClient, asking_event: Event
) -> None:
    path = f"/api/v1/events/{asking_event.id}/registrations"
    refused = client.post(path, json=BODY)
    assert refused.status_code == 400
    assert refused.json["error"]["field"] == "consent"
    assert client.post(path, json={**BODY, "consent": True}).status_code == 202


@pytest.mark.parametrize("country", ["Germany", "XX", "EU"])
def test_the_api_says_countries_are_iso_codes(
    client: FlaskClient, event: Event, country: str
) -> None:
    response = client.post(
        f"/api/v1/events/{event.id}/registrations", json={**BODY, "country": country}
    )
    assert response.status_code == 400
    assert response.json["error"]["field"] == "country"
    assert "ISO 3166" in response.json["error"]["message"]


def test_the_api_accepts_iso_codes(client: FlaskClient, event: Event) -> None:
    response = client.post(
        f"/api/v1/events/{event.id}/registrations", json={**BODY, "country": "de"}
    )
    assert response.status_code == 202
    assert db.session.scalar(db.select(Registration)).country == "DE"


def test_the_country_menu_is_in_the_readers_language(client: FlaskClient, event: Event) -> None:
    english = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert '<option value="DE">Germany</option>' in english
    japanese = client.get(f"/events/{event.id}", headers={"Accept-Language": "ja"})
    assert '<option value="DE">ドイツ</option>' in japanese.get_data(as_text=True)
    assert register(client, event.id, country="DE").status_code == 302
    assert db.session.scalar(db.select(Registration)).country == "DE"


def test_country_menus_are_sorted_for_the_language(app) -> None:  # noqa: ANN001
    english = [choice.label for choice in country_choices("en")]
    assert english[:4][1:] == ["Japan", "Denmark", "Sweden"]  # the partners first
    rest = english[4:]
    # Accents do not sink a name to the end of the list.
    assert rest.index("Afghanistan") < rest.index("Åland Islands") < rest.index("Albania")
    japanese = [choice.label for choice in country_choices("ja")][4:]
    assert japanese.index("アイスランド") < japanese.index("ドイツ")


def test_the_api_sets_and_patches_asks_contact_consent(api: Api) -> None:
    created = api.call("POST", "/api/v1/events", "host", example_body(asks_contact_consent=True))
    assert created.status_code == 201
    assert created.json["asks_contact_consent"] is True
    event_id, etag = created.json["id"], created.headers["ETag"]
    patched = api.call(
        "PATCH",
        f"/api/v1/events/{event_id}",
        "host",
        {"asks_contact_consent": False},
        {"If-Match": etag},
    )
    assert patched.status_code == 200
    assert patched.json["asks_contact_consent"] is False
    plain = api.call("POST", "/api/v1/events", "host", example_body())
    assert plain.json["asks_contact_consent"] is False


def test_pages_name_the_country_in_the_readers_language(client: FlaskClient, event: Event) -> None:
    register(client, event.id, country="DK")
    manage = manage_path(last_message_to(db.session.scalar(db.select(Registration)).email))
    assert "<dd>Denmark</dd>" in client.get(manage).get_data(as_text=True)
    japanese = client.get(manage, headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "<dd>デンマーク</dd>" in japanese
