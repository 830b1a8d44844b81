"""Registrations that look like a flood: shown to the organizers, removed by the host's.

Registrations are made with the ``client_key`` the pages and the API store (a keyed
hash of the client network); ``net-a`` stands for one network.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from flask.testing import FlaskClient

from planner.errors import Conflict, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.limits import FLOOD_MIN_REGISTRATIONS
from planner.models import AuditEntry, Event, OutboxMessage, Registration, RegistrationStatus
from planner.registrations import registrants
from planner.registrations.operations import register_attendee
from tests.api_client import Api
from tests.factories import (
    CLUSTER,
    EMBASSY,
    HOST,
    attendee,
    count,
    csrf_token,
    move_start,
    published_event,
    user,
)


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    """Two real attendees, then a flood of six from one network: every seat taken."""
    event = published_event(days_ahead=30, capacity=8)
    register_attendee(event.id, attendee(1), client_key="net-real-1")
    register_attendee(event.id, attendee(2), client_key="net-real-2")
    for number in range(10, 16):
        register_attendee(event.id, attendee(number, name=f"Bot {number}"), client_key="net-a")
    return event


def ids_of(event: Event, name_prefix: str) -> list[int]:
    rows = db.session.scalars(
        db.select(Registration.id)
        .filter_by(event_id=event.id)
        .where(Registration.name.startswith(name_prefix))
        .order_by(Registration.id)
    )
    return list(rows)


def statuses(event: Event) -> dict[str, str]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(Registration).filter_by(event_id=event.id))
    return {row.name: str(row.status) for row in rows}


def test_one_network_with_many_registrations_is_a_suspected_flood(event: Event) -> None:
    found = registrants.registrants_of(user(EMBASSY), event.id)
    [flood] = found.floods
    assert flood.number == 1
    assert [registration.name for registration in flood.registrations] == [
        f"Bot {number}" for number in range(10, 16)
    ]
    assert found.can_remove is False  # a co-host sees, only the host removes
    assert registrants.registrants_of(user(HOST), event.id).can_remove is True


def test_fewer_than_the_threshold_is_no_flood(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    for number in range(FLOOD_MIN_REGISTRATIONS - 1):
        register_attendee(event.id, attendee(number), client_key="net-b")
    register_attendee(event.id, attendee(99))  # made without a network (not over the web)
    assert registrants.registrants_of(user(HOST), event.id).floods == []


def test_removing_frees_the_seats_for_the_waitlist_and_mails_nobody_removed(
    event: Event,
) -> None:
    register_attendee(event.id, attendee(20, name="Waiting 20"), client_key="net-real-3")
    register_attendee(event.id, attendee(21, name="Waiting 21"), client_key="net-real-4")
    bots = ids_of(event, "Bot")
    sent_to_bots = count(OutboxMessage)
    removal = registrants.remove_registrations(user(HOST), event.id, bots[:5])
    assert sorted(registration.id for registration in removal.removed) == bots[:5]
    assert [registration.name for registration in removal.promoted] == ["Waiting 20", "Waiting 21"]
    now = statuses(event)
    assert [now[f"Bot {number}"] for number in range(10, 15)] == ["cancelled"] * 5
    assert now["Bot 15"] == "confirmed"
    assert (now["Waiting 20"], now["Waiting 21"]) == ("confirmed", "confirmed")
    new_mail = db.session.scalars(
        db.select(OutboxMessage.recipient).order_by(OutboxMessage.id).offset(sent_to_bots)
    ).all()
    assert new_mail == ["attendee20@example.org", "attendee21@example.org"]  # the promoted only
    entry = db.session.scalar(
        db.select(AuditEntry).filter_by(action="registration.remove", event_id=event.id)
    )
    assert entry.actor_id == user(HOST).id
    assert entry.after == {"removed": bots[:5], "count": 5}
    assert set(entry.before["registrations"].values()) == {"confirmed"}
    # Removing again, with one already gone, removes only the rest.
    again = registrants.remove_registrations(user(HOST), event.id, bots[4:])
    assert [registration.id for registration in again.removed] == bots[5:]


def test_only_the_host_removes_and_only_before_the_start(event: Event) -> None:
    bots = ids_of(event, "Bot")
    for actor in (EMBASSY, CLUSTER):
        with pytest.raises(PermissionDenied):
            registrants.remove_registrations(user(actor), event.id, bots)
    with pytest.raises(ValidationFailed) as unknown:
        registrants.remove_registrations(user(HOST), event.id, [*bots, 999_999])
    assert unknown.value.field == "registration_ids" and "999999" in unknown.value.message
    with pytest.raises(ValidationFailed):
        registrants.remove_registrations(user(HOST), event.id, [])
    other = published_event(days_ahead=30, title_en="Other event")
    with pytest.raises(ValidationFailed):  # another event's registrations are not these
        registrants.remove_registrations(user(HOST), other.id, bots)
    move_start(event, datetime.now(UTC) - timedelta(minutes=5))
    with pytest.raises(Conflict):
        registrants.remove_registrations(user(HOST), event.id, bots)
    assert set(statuses(event).values()) == {"confirmed"}


def test_the_page_shows_the_flood_and_the_host_removes_it_after_a_look(
    client: FlaskClient,
    auth,
    event: Event,  # noqa: ANN001
) -> None:
    path = f"/events/{event.id}/registrants"
    bots = ids_of(event, "Bot")
    auth.login(EMBASSY)
    html = unescape(client.get(path).get_data(as_text=True))
    assert "Many registrations from one network" in html and "Network 1" in html
    assert "6 registrations" in html
    assert 'type="checkbox"' not in html and "Remove these" not in html
    auth.logout()
    auth.login(HOST)
    html = unescape(client.get(path).get_data(as_text=True))
    assert "Remove these 6…" in html
    assert len(re.findall(r"<td>Network 1</td>", html)) == 6
    checkboxes = re.findall(r'name="registration" value="(\d+)" form="remove-selected"', html)
    assert len(checkboxes) == 8  # every active registration can be chosen
    token = csrf_token(client)
    look = client.post(
        f"/events/{event.id}/registrants/remove",
        data={"registration": [str(number) for number in bots], "csrf_token": token},
    )
    assert look.status_code == 200
    page = unescape(look.get_data(as_text=True))
    assert "Remove 6 registrations?" in page and "attendee10@example.org" in page
    assert "are not emailed" in page
    assert set(statuses(event).values()) == {"confirmed"}  # nothing yet
    done = client.post(
        f"/events/{event.id}/registrants/remove",
        data={"registration": [str(n) for n in bots], "confirmed": "yes", "csrf_token": token},
    )
    assert done.status_code == 302
    html = unescape(client.get(path).get_data(as_text=True))
    assert "6 registrations removed." in html
    assert "Many registrations from one network" not in html
    now = statuses(event)
    assert {now[f"Bot {number}"] for number in range(10, 16)} == {"cancelled"}
    history = unescape(client.get(f"/events/{event.id}").get_data(as_text=True))
    assert "removed 6 registrations." in history


def test_bad_removals_are_answered_on_the_page(
    client: FlaskClient,
    auth,
    event: Event,  # noqa: ANN001
) -> None:
    auth.login(HOST)
    token = csrf_token(client)
    action = f"/events/{event.id}/registrants/remove"
    nothing = client.post(action, data={"csrf_token": token})
    assert nothing.status_code == 400
    assert "Choose the registrations to remove." in nothing.get_data(as_text=True)
    garbage = client.post(action, data={"registration": "x", "csrf_token": token})
    assert garbage.status_code == 400
    unknown = client.post(
        action, data={"registration": "999999", "confirmed": "yes", "csrf_token": token}
    )
    assert unknown.status_code == 400
    assert "These are not registrations of this event: 999999." in unescape(
        unknown.get_data(as_text=True)
    )
    assert client.post(action, data={"registration": "1"}).status_code == 400  # no CSRF
    auth.logout()
    auth.login(CLUSTER)
    bots = ids_of(event, "Bot")
    refused = client.post(
        action,
        data={"registration": str(bots[0]), "confirmed": "yes", "csrf_token": csrf_token(client)},
    )
    assert refused.status_code == 403
    assert set(statuses(event).values()) == {"confirmed"}


def test_the_api_lists_floods_and_removes_them(api: Api, event: Event) -> None:
    base = f"/api/v1/events/{event.id}/registrations"
    bots = ids_of(event, "Bot")
    listed = api.call("GET", f"{base}/floods", "cohost")
    assert listed.status_code == 200
    [flood] = listed.json["floods"]
    assert listed.json["threshold"] == FLOOD_MIN_REGISTRATIONS
    assert (flood["network"], flood["count"], flood["registration_ids"]) == (1, 6, bots)
    assert flood["first_registered_at"].endswith("Z")
    assert api.call("GET", f"{base}/floods", "uninvolved").status_code == 403
    assert api.call("GET", f"{base}/floods").status_code == 401
    body = {"registration_ids": bots}
    assert api.call("POST", f"{base}/remove", "cohost", body).status_code == 403
    bad = api.call("POST", f"{base}/remove", "host", {"registration_ids": []})
    assert (bad.status_code, bad.json["error"]["field"]) == (400, "registration_ids")
    removed = api.call("POST", f"{base}/remove", "host", body)
    assert removed.status_code == 200
    assert removed.json == {"removed": bots, "promoted": []}
    assert api.call("GET", f"{base}/floods", "host").json["floods"] == []
    assert count(Registration) == 8
    assert (
        db.session.scalar(db.select(Registration.status).filter_by(id=bots[0]))
        == RegistrationStatus.CANCELLED
    )
