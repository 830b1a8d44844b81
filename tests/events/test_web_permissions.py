"""Every workflow route against every role, on a proposal and on a published event.

404 for someone who may not see the event, 403 for an action a visible event's viewer
may not take, 409 for an action the event's state does not allow, and the login page
for visitors posting. Each cell starts from a fresh event.
"""

import pytest
from flask.testing import FlaskClient

from planner.accounts.operations import create_user
from planner.extensions import db
from planner.models import Role
from tests.factories import (
    ADMIN,
    CLUSTER,
    HOST,
    OUTSIDER,
    post_form,
    proposed_event,
    published_event,
)

ORGLESS_ADMIN = "overseer@planner.example"
ROLES = {
    "visitor": None,
    "host": HOST,
    "cohost": CLUSTER,
    "outsider": OUTSIDER,
    "host_admin": ADMIN,
    "orgless_admin": ORGLESS_ADMIN,
}
LOGIN = "login"


def _body(route: str, event) -> dict:  # noqa: ANN001
    slot = event.slots[0]
    return {
        "answers": {"rows-0-slot_id": str(slot.id), "rows-0-answer": "yes"},
        "slots": {"start": "2037-04-10T10:00", "timezone": "Asia/Tokyo"},
        "confirm": {"slot_id": str(slot.id)},
        "reschedule": {
            "version": str(event.version),
            "start": "2037-03-27T18:00",
            "timezone": "Asia/Tokyo",
        },
        "edit": {
            "version": str(event.version),
            "title_en": "New title",
            "format": "webinar",
            "language": "en",
        },
        "cancel": {"reason_en": "test"},
        "decline": {"reason": "test"},
    }.get(route, {})


# (route, method) -> expected status per role, for a PROPOSED event whose slots nobody
# but the host has answered.
PROPOSED = {
    ("show", "GET"): dict(
        visitor=404, host=200, cohost=200, outsider=404, host_admin=200, orgless_admin=200
    ),
    ("answers", "POST"): dict(
        visitor=LOGIN, host=403, cohost=302, outsider=404, host_admin=403, orgless_admin=403
    ),
    ("slots", "POST"): dict(
        visitor=LOGIN, host=302, cohost=302, outsider=404, host_admin=302, orgless_admin=403
    ),
    ("confirm", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("submit", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("publish", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("withdraw", "POST"): dict(
        visitor=LOGIN, host=302, cohost=403, outsider=404, host_admin=302, orgless_admin=403
    ),
    ("decline", "POST"): dict(
        visitor=LOGIN, host=403, cohost=302, outsider=404, host_admin=403, orgless_admin=403
    ),
    ("cancel", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("reschedule", "GET"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("reschedule", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("publish", "GET"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    ("cancel", "GET"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=404, host_admin=409, orgless_admin=403
    ),
    # Co-hosts edit the texts of an event they co-host (the form has no other fields).
    ("edit", "GET"): dict(
        visitor=LOGIN, host=200, cohost=200, outsider=404, host_admin=200, orgless_admin=403
    ),
    ("edit", "POST"): dict(
        visitor=LOGIN, host=302, cohost=302, outsider=404, host_admin=302, orgless_admin=403
    ),
}

# The same routes on a PUBLISHED event, which everyone may see.
PUBLISHED = {
    ("show", "GET"): dict(
        visitor=200, host=200, cohost=200, outsider=200, host_admin=200, orgless_admin=200
    ),
    ("answers", "POST"): dict(
        visitor=LOGIN, host=403, cohost=409, outsider=403, host_admin=403, orgless_admin=403
    ),
    ("slots", "POST"): dict(
        visitor=LOGIN, host=409, cohost=409, outsider=403, host_admin=409, orgless_admin=403
    ),
    ("confirm", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=403, host_admin=409, orgless_admin=403
    ),
    ("publish", "POST"): dict(
        visitor=LOGIN, host=409, cohost=403, outsider=403, host_admin=409, orgless_admin=403
    ),
    ("decline", "POST"): dict(
        visitor=LOGIN, host=403, cohost=409, outsider=403, host_admin=403, orgless_admin=403
    ),
    ("reschedule", "GET"): dict(
        visitor=LOGIN, host=200, cohost=403, outsider=403, host_admin=200, orgless_admin=403
    ),
    ("reschedule", "POST"): dict(
        visitor=LOGIN, host=302, cohost=403, outsider=403, host_admin=302, orgless_admin=403
    ),
    ("cancel", "GET"): dict(
        visitor=LOGIN, host=200, cohost=403, outsider=403, host_admin=200, orgless_admin=403
    ),
    ("cancel", "POST"): dict(
        visitor=LOGIN, host=302, cohost=403, outsider=403, host_admin=302, orgless_admin=403
    ),
    ("edit", "GET"): dict(
        visitor=LOGIN, host=200, cohost=200, outsider=403, host_admin=200, orgless_admin=403
    ),
    ("edit", "POST"): dict(
        visitor=LOGIN, host=302, cohost=302, outsider=403, host_admin=302, orgless_admin=403
    ),
}


def _cells(table: dict) -> list:
    return [
        pytest.param(route, method, role, expected, id=f"{route}-{method}-{role}")
        for (route, method), by_role in table.items()
        for role, expected in by_role.items()
    ]


def _request(client: FlaskClient, auth, event, route: str, method: str):  # noqa: ANN001, ANN202
    path = f"/events/{event.id}" + ("" if route == "show" else f"/{route}")
    if method == "GET":
        return client.get(path)
    return post_form(client, "/", path, _body(route, event))


def _sign_in(auth, role: str) -> None:  # noqa: ANN001
    if role == "orgless_admin":
        create_user(
            None,
            email=ORGLESS_ADMIN,
            display_name="Overseer",
            password="planner-demo-admin",
            role=Role.ADMIN,
        )
        auth.login(ORGLESS_ADMIN, "planner-demo-admin")
    elif ROLES[role]:
        assert auth.login(ROLES[role]).status_code == 302


def _check(response, expected) -> None:  # noqa: ANN001
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize(("route", "method", "role", "expected"), _cells(PROPOSED))
def test_proposal_matrix(client, auth, demo, route, method, role, expected) -> None:  # noqa: ANN001
    event = proposed_event()
    _sign_in(auth, role)
    _check(_request(client, auth, event, route, method), expected)
    db.session.rollback()


@pytest.mark.parametrize(("route", "method", "role", "expected"), _cells(PUBLISHED))
def test_published_matrix(client, auth, demo, route, method, role, expected) -> None:  # noqa: ANN001
    event = published_event()
    _sign_in(auth, role)
    _check(_request(client, auth, event, route, method), expected)
    db.session.rollback()
