"""The cities an event is shown in: offices, audiences, and the host's own changes.

LINK-J (Tokyo) with the Royal Danish Embassy (Tokyo office, Copenhagen audience):
the event shows Copenhagen too, while working hours are checked in Tokyo only.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner import presentation
from planner.errors import Conflict, PermissionDenied, TimeProblem, ValidationFailed
from planner.events import cities, scheduling
from planner.events.negotiation import SlotInput
from planner.events.presenters import event_page
from planner.extensions import db
from planner.models import Event, OutboxMessage
from planner.notifications.messages import when_text
from planner.registrations.operations import register_attendee
from planner.registrations.presenters import event_heading
from tests.factories import EMBASSY, HOST, attendee, event_in, post_form, user

TOKYO, CPH, SAO = "Asia/Tokyo", "Europe/Copenhagen", "America/Sao_Paulo"


def embassy_event(state: str = "proposed", **fields) -> Event:
    """LINK-J and the embassy only: two Tokyo offices, one Copenhagen audience."""
    fields.setdefault("slots", [SlotInput("2027-03-31T16:00", TOKYO)])
    return event_in(state, cohost_slugs=["dk-embassy"], **fields)


def test_the_embassy_event_shows_copenhagen_but_checks_hours_in_tokyo(demo) -> None:
    event = embassy_event()
    assert presentation.office_zones(event) == [TOKYO]
    assert presentation.involved_zones(event) == [TOKYO, CPH]
    assert set(presentation.working_hours_by_zone(event)) == {TOKYO}


def test_time_cards_registration_page_and_emails_show_copenhagen(app: Flask, demo) -> None:
    event = embassy_event("published", days_ahead=30)
    with app.test_request_context("/"):
        heading = event_heading(event)
        assert [city.zone_name for city in heading.when.cities] == [TOKYO, CPH]
        assert "Copenhagen" in when_text(event, event.start_utc, TOKYO)
    bodies = [m.body for m in db.session.scalars(db.select(OutboxMessage))]
    assert bodies and all("Copenhagen" in body for body in bodies if "When:" in body)


def test_the_host_adds_and_removes_cities(demo) -> None:
    event = embassy_event()
    cities.set_shown_cities(user(HOST), event.id, [CPH, SAO], event.version)
    assert presentation.involved_zones(event) == [CPH, SAO]
    assert (event.added_zones, event.removed_zones) == ([SAO], [TOKYO])
    # Hours are still checked in the offices, whatever is shown.
    assert presentation.office_zones(event) == [TOKYO]


def test_a_cohost_cannot_change_the_cities(demo) -> None:
    event = embassy_event()
    with pytest.raises(PermissionDenied):
        cities.set_shown_cities(user(EMBASSY), event.id, [TOKYO, SAO])


@pytest.mark.parametrize(
    ("zones", "error", "code"),
    [
        (["Mars/Base"], TimeProblem, "unknown_timezone"),
        ([], ValidationFailed, "no_cities"),
        ([f"Etc/GMT+{n}" for n in range(1, 10)], ValidationFailed, "too_many_cities"),
    ],
)
def test_bad_cities_are_refused(demo, zones, error, code) -> None:
    event = embassy_event()
    with pytest.raises(error) as raised:
        cities.set_shown_cities(user(HOST), event.id, zones)
    assert raised.value.code == code
    db.session.expire_all()
    assert presentation.involved_zones(db.session.get(Event, event.id)) == [TOKYO, CPH]


def test_cities_of_a_cancelled_event_stay_as_they_were(demo) -> None:
    event = embassy_event("cancelled")
    with pytest.raises(Conflict):
        cities.set_shown_cities(user(HOST), event.id, [TOKYO])


def test_the_host_changes_cities_through_the_event_page(client: FlaskClient, auth, demo) -> None:
    event = embassy_event()
    auth.login(HOST)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f'action="/events/{event.id}/cities"' in page
    response = post_form(
        client,
        f"/events/{event.id}",
        f"/events/{event.id}/cities",
        {"cities": [TOKYO, CPH], "add": SAO, "version": str(event.version)},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "São Paulo" in page or "Sao Paulo" in page
    db.session.expire_all()
    assert presentation.involved_zones(db.session.get(Event, event.id)) == [TOKYO, CPH, SAO]


def test_an_unknown_city_on_the_page_is_explained(client: FlaskClient, auth, demo) -> None:
    event = embassy_event()
    auth.login(HOST)
    response = post_form(
        client,
        f"/events/{event.id}",
        f"/events/{event.id}/cities",
        {"cities": [TOKYO], "add": "Mars/Base", "version": str(event.version)},
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mars/Base is not a known time zone" in page
    db.session.expire_all()
    assert presentation.involved_zones(db.session.get(Event, event.id)) == [TOKYO, CPH]


def test_a_cohost_sees_no_cities_form_and_cannot_post_one(client: FlaskClient, auth, demo) -> None:
    event = embassy_event()
    auth.login(EMBASSY)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/events/{event.id}/cities" not in page
    response = post_form(
        client,
        f"/events/{event.id}",
        f"/events/{event.id}/cities",
        {"cities": [TOKYO], "version": str(event.version)},
    )
    assert response.status_code == 403


def test_the_api_shows_and_changes_the_cities(api, demo) -> None:
    event = embassy_event()
    body = api.call("GET", f"/api/v1/events/{event.id}", "host").json
    assert body["cities"] == [TOKYO, CPH]
    headers = {"If-Match": f'"v{event.version}-{event.id}"'}
    changed = api.call(
        "PUT", f"/api/v1/events/{event.id}/cities", "host", {"cities": [TOKYO, SAO]}, headers
    )
    assert changed.status_code == 200
    assert changed.json["cities"] == [TOKYO, SAO]
    stale = api.call(
        "PUT", f"/api/v1/events/{event.id}/cities", "host", {"cities": [TOKYO]}, headers
    )
    assert stale.status_code == 412
    unknown = api.call(
        "PUT",
        f"/api/v1/events/{event.id}/cities",
        "host",
        {"cities": ["Mars/Base"], "version": changed.json["version"]},
    )
    assert unknown.status_code == 422
    assert unknown.json["error"]["field"] == "cities"


def test_the_proposal_form_previews_each_cohosts_audience_cities(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    page = client.get("/events/new").get_data(as_text=True)
    assert "&#34;dk-embassy&#34;: [&#34;Asia/Tokyo&#34;, &#34;Europe/Copenhagen&#34;]" in page or (
        '"dk-embassy": ["Asia/Tokyo", "Europe/Copenhagen"]' in page
    )


def test_a_city_the_host_adds_reaches_cards_registration_page_and_every_email(
    app: Flask, client: FlaskClient, demo
) -> None:
    event = embassy_event("confirmed", days_ahead=30)
    cities.set_shown_cities(user(HOST), event.id, [TOKYO, CPH, SAO], event.version)
    event = db.session.get(Event, event.id)
    scheduling.publish_event(user(HOST), event.id)
    register_attendee(event.id, attendee(1))
    with app.test_request_context("/"):
        assert [c.zone_name for c in event_heading(event).when.cities] == [TOKYO, CPH, SAO]
        assert [c.zone_name for c in event_page(event, None, "en").when.cities] == [
            TOKYO,
            CPH,
            SAO,
        ]
        shown = when_text(event, event.start_utc, TOKYO)
        assert "Sao Paulo" in shown or "São Paulo" in shown
    attendee_mail = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.recipient == attendee(1).email)
    )
    assert "Sao_Paulo" not in attendee_mail.body  # a city, not a zone name
    assert "Sao Paulo" in attendee_mail.body or "São Paulo" in attendee_mail.body
    page = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "São Paulo" in page or "Sao Paulo" in page
