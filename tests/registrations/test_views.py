"""Registering through the pages, the manage link, and the organizers' registrant pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from planner.events import scheduling
from planner.extensions import db
from planner.models import Event, OutboxMessage, Registration
from planner.registrations import registrants
from planner.registrations.operations import register_attendee
from tests.factories import (
    CLUSTER,
    EMBASSY,
    HOST,
    JOIN_URL,
    OUTSIDER,
    agreed_event,
    attendee,
    count,
    csrf_token,
    csrf_token_from,
    post_form,
    published_event,
    user,
)
from tests.registrations.mailbox import last_message_to
from tests.registrations.mailbox import manage_path as emailed_manage_path

FORM = {
    "name": "Hanako Yamada",
    "email": "hanako@example.jp",
    "affiliation": "Kyoto University",
    "country": "JP",
    "consent": "y",
}


def register(client: FlaskClient, event_id: int, **changes: str):  # noqa: ANN201
    data = {**FORM, **changes, "csrf_token": csrf_token(client)}
    return client.post(f"/events/{event_id}/register", data={k: v for k, v in data.items() if v})


def manage_path(response, email: str = FORM["email"]) -> str:  # noqa: ANN001
    """The manage link a registration emailed ``email`` (the page itself shows none)."""
    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/{event_of(response)}/register/sent"
    path = emailed_manage_path(last_message_to(email))
    assert re.fullmatch(r"/registrations/[A-Za-z0-9_-]{43}", path), path
    return path


def event_of(response) -> str:  # noqa: ANN001
    """The event id of the registration page a response came from."""
    return re.search(r"/events/(\d+)/register", response.request.path).group(1)


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, capacity=1)


def test_registration_page_shows_the_event_state_and_form(client: FlaskClient, event) -> None:
    html = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "Digital health in Denmark and Japan" in html
    assert "Registration open" in html and "Seats left: 1 of 1." in html
    assert "I agree to be contacted about this event" in html
    assert 'autocomplete="email"' in html
    assert "Registration closes at" in html and "Copenhagen" in html
    assert f'href="/events/{event.id}"' in html
    assert "style=" not in html and " onclick" not in html


def test_registering_says_we_have_emailed_you_and_shows_no_secret(
    client: FlaskClient, event
) -> None:
    response = register(client, event.id)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/{event.id}/register/sent"
    page = client.get(response.headers["Location"])
    html = unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "We have sent an email to hanako@example.jp." in html
    assert "Check your email" in html and "personal calendar feed" in html
    registration = db.session.scalar(db.select(Registration))
    assert registration.manage_token not in html
    assert "/registrations/" not in html and "/feeds/attendee/" not in html
    assert registration.consent is True
    assert registration.email == "hanako@example.jp"
    assert registration.client_key  # which network it came from, hashed


def test_the_manage_page_from_the_email(client: FlaskClient, event) -> None:
    path = manage_path(register(client, event.id))
    page = client.get(path)
    assert page.mimetype == "text/html"
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = unescape(page.get_data(as_text=True))
    assert "Hanako Yamada" in html and "Seat confirmed" in html and "Japan" in html
    assert f"{path}/invite.ics" in html
    assert "Cancel my registration" in html
    # The personal feed lists every event of the address: never on a page.
    assert "/feeds/attendee/" not in html and "webcal://" not in html
    assert "We send its address by email only, to hanako@example.jp." in html
    assert f'action="{path}/feed"' in html


def test_the_second_registrant_is_waitlisted(client: FlaskClient, event) -> None:
    register(client, event.id)
    response = register(client, event.id, email="lars@example.dk", name="Lars")
    html = unescape(client.get(manage_path(response, "lars@example.dk")).get_data(as_text=True))
    assert "on the waitlist" in html and "Place on the waitlist" in html
    assert "invite.ics" not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"email": "hanako@"}, "Please enter a valid email address"),
        ({"email": "x" * 300 + "@example.org"}, "Field cannot be longer than 254 characters."),
        ({"affiliation": "a" * 201}, "Field cannot be longer than 200 characters."),
        ({"country": "Japan"}, "Use a two-letter ISO 3166 country code"),
    ],
)
def test_form_errors_come_back_on_the_registration_page(
    client: FlaskClient, event, changes: dict, message: str
) -> None:
    response = register(client, event.id, **changes)
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert message in html
    assert "Digital health in Denmark and Japan" in html
    assert 'aria-invalid="true"' in html or "field--invalid" in html
    assert count(Registration) == 0


def test_a_post_without_csrf_token_is_refused(client: FlaskClient, event) -> None:
    response = client.post(f"/events/{event.id}/register", data=FORM)
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    assert count(Registration) == 0


def test_registering_a_known_address_is_answered_like_a_new_one(client: FlaskClient, event) -> None:
    first = register(client, event.id)
    first_page = client.get(first.headers["Location"]).get_data(as_text=True)
    again = register(client, event.id, email="HANAKO@example.jp", name="Someone else")
    assert (again.status_code, again.headers["Location"]) == (302, first.headers["Location"])
    again_page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert _without_csrf(again_page) == _without_csrf(first_page)
    assert count(Registration) == 1
    notice = last_message_to(FORM["email"])
    assert notice.subject.startswith("[Co-host Planner] Already registered")
    assert emailed_manage_path(notice) == manage_path(first)


def _without_csrf(html: str) -> str:
    """A page without its per-session CSRF token, to compare two pages."""
    return re.sub(r'name="csrf-token" content="[^"]*"|value="[A-Za-z0-9._-]{40,}"', "", html)


def test_closed_cancelled_and_unpublished_events_refuse(client: FlaskClient, demo) -> None:
    closed = published_event(days_ahead=30)
    registrants.close_registration(user(HOST), closed.id)
    response = register(client, closed.id)
    assert response.status_code == 409
    assert "The organizers have closed registration" in response.get_data(as_text=True)
    called_off = published_event(days_ahead=30)
    scheduling.cancel_event(user(HOST), called_off.id)
    assert register(client, called_off.id).status_code == 409
    hidden = agreed_event(days_ahead=30)
    assert client.get(f"/events/{hidden.id}/register").status_code == 404
    assert client.get("/events/999999/register").status_code == 404
    assert count(Registration) == 0


def test_closed_registration_page_hides_the_form(client: FlaskClient, event) -> None:
    registrants.close_registration(user(HOST), event.id)
    html = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert "The organizers have closed registration for this event." in html
    assert 'name="email"' not in html


def test_invite_download_is_the_attendees_own_with_the_join_link(
    client: FlaskClient, event
) -> None:
    path = manage_path(register(client, event.id))
    response = client.get(f"{path}/invite.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == f'attachment; filename="event-{event.id}.ics"'
    calendar = response.get_data(as_text=True).replace("\r\n ", "")
    assert "METHOD:PUBLISH" in calendar and f"UID:{event.uid}" in calendar
    assert JOIN_URL in calendar


def test_wrong_manage_tokens_are_404_pages(client: FlaskClient, event) -> None:
    for path in (
        "/registrations/not-a-token",
        "/registrations/" + "A" * 43,
        "/registrations/" + "A" * 43 + "/invite.ics",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "This registration link is not valid." in response.get_data(as_text=True)
    response = post_form(client, "/", "/registrations/" + "B" * 43 + "/cancel", {})
    assert response.status_code == 404


def test_cancelling_from_the_manage_page(client: FlaskClient, event) -> None:
    path = manage_path(register(client, event.id))
    waiting = register_attendee(event.id, attendee(2)).registration
    response = client.post(f"{path}/cancel", data={})
    assert response.status_code == 400  # no CSRF token: nothing happens
    assert db.session.scalar(db.select(Registration).filter_by(email=FORM["email"])).status == (
        "confirmed"
    )
    response = post_form(client, path, f"{path}/cancel", {})
    assert response.status_code == 302 and response.headers["Location"] == path
    html = client.get(path).get_data(as_text=True)
    assert "Your registration is cancelled." in html
    assert "Cancel my registration" not in html
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    promoted = db.session.scalars(
        db.select(OutboxMessage).filter_by(recipient=waiting.email).order_by(OutboxMessage.id)
    ).all()[-1]
    assert promoted.calendar_method == "REQUEST"


def test_registrants_page_permissions(client: FlaskClient, auth, event) -> None:
    register_attendee(event.id, attendee(1))
    path = f"/events/{event.id}/registrants"
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(OUTSIDER)
    assert client.get(path).status_code == 403
    assert client.get(f"{path}.csv").status_code == 403
    auth.logout()
    auth.login(EMBASSY)
    html = client.get(path).get_data(as_text=True)
    assert "attendee1@example.org" in html and "Registration settings" not in html
    token = csrf_token_from(html)
    response = client.post(
        f"/events/{event.id}/capacity", data={"capacity": "5", "csrf_token": token}
    )
    assert response.status_code == 403
    response = client.post(f"/events/{event.id}/registration/close", data={"csrf_token": token})
    assert response.status_code == 403
    assert db.session.get(Event, event.id).registration_open is True
    auth.logout()
    auth.login(OUTSIDER)
    hidden = agreed_event(days_ahead=30)
    assert client.get(f"/events/{hidden.id}/registrants").status_code == 404


def _version_on(html: str) -> str:
    """The event version a settings page was opened at (its capacity form's)."""
    found = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    assert found is not None
    return found.group(1)


def test_a_capacity_saved_from_an_old_page_does_not_undo_a_newer_one(
    client: FlaskClient,
    auth,
    event,  # noqa: ANN001
) -> None:
    auth.login(HOST)
    path = f"/events/{event.id}/registrants"
    html = client.get(path).get_data(as_text=True)
    opened = {"version": _version_on(html), "csrf_token": csrf_token_from(html)}
    assert (
        client.post(f"/events/{event.id}/capacity", data={**opened, "capacity": "50"}).status_code
        == 302
    )
    stale = client.post(f"/events/{event.id}/capacity", data={**opened, "capacity": "40"})
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "Someone else changed the number of seats meanwhile" in body
    assert 'value="50"' in body
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 50


def test_host_changes_capacity_and_closes_registration(client: FlaskClient, auth, event) -> None:
    for number in range(3):
        register_attendee(event.id, attendee(number))
    auth.login(HOST)
    path = f"/events/{event.id}/registrants"
    html = client.get(path).get_data(as_text=True)
    assert "Registration settings" in html
    assert re.search(r'<span class="counts__number">1</span>seats confirmed', html)
    token = csrf_token_from(html)
    response = client.post(
        f"/events/{event.id}/capacity",
        data={"capacity": "2", "version": _version_on(html), "csrf_token": token},
    )
    assert response.status_code == 302
    html = client.get(path).get_data(as_text=True)
    assert "1 people moved from the waitlist to a seat." in html
    response = client.post(
        f"/events/{event.id}/capacity",
        data={"capacity": "1", "version": _version_on(html), "csrf_token": token},
    )
    assert response.status_code == 409
    assert "2 people already have a seat" in response.get_data(as_text=True)
    response = client.post(
        f"/events/{event.id}/capacity",
        data={"capacity": "zero", "version": _version_on(html), "csrf_token": token},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 2
    client.post(f"/events/{event.id}/registration/close", data={"csrf_token": token})
    html = client.get(path).get_data(as_text=True)
    assert "Reopen registration" in html and "Registration is closed." in html
    db.session.expire_all()
    assert db.session.get(Event, event.id).registration_open is False
    client.post(f"/events/{event.id}/registration/reopen", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Event, event.id).registration_open is True


def test_csv_download_for_excel(client: FlaskClient, auth, event) -> None:
    register_attendee(event.id, attendee(1, name="山田 花子"))
    auth.login(CLUSTER)
    response = client.get(f"/events/{event.id}/registrants.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="registrants-event-{event.id}.csv"'
    )
    assert response.data.startswith("\ufeffName,Email".encode())
    assert "山田 花子".encode() in response.data
    assert response.data.endswith(b"\r\n")
