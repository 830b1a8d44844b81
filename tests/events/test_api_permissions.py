"""Every API route × every role, with the exact status each one gets.

Roles over the demo data: a visitor without a token, the host's organizer (LINK-J), a
co-host's organizer (the embassy), an organizer of an uninvolved organization
(Medicon Valley Alliance) and the admin (a LINK-J account, so host-side too). Each
cell starts from a fresh event in the state where the route's action is possible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from planner.accounts.api_tokens import hash_token
from planner.demo.seed import DEMO_PASSWORD
from planner.events import negotiation
from planner.events.negotiation import ProposalInput, SlotInput
from planner.extensions import db
from planner.models import ApiToken, Event, EventFormat, Organization
from planner.registrations.operations import register_attendee
from tests.api_client import EXAMPLE_BODY, ROLES, Api
from tests.factories import ADMIN, EMBASSY, attendee, event_in, user


def _org_id(slug: str) -> int:
    """The id of a demo organization."""
    return db.session.scalar(db.select(Organization.id).filter_by(slug=slug))


def _invitation_id() -> int:
    """A pending invitation to LINK-J, made by the site admin (its host is an organizer)."""
    from planner.invitations.operations import invite_person

    result = invite_person(
        user(ADMIN), organization_id=_org_id("link-j"), email="invitee@example.org"
    )
    return result.invitation.id


MATRIX_ROLES = (None, "host", "cohost", "uninvolved", "admin")
OVERLAP_QUERY = "/api/v1/overlap?orgs=link-j,dk-cluster&from=2037-03-02&to=2037-03-06"


@dataclass(frozen=True)
class Cell:
    """What one request needs: its path, body and headers."""

    path: str
    body: Any = None
    headers: dict[str, str] | None = None


@dataclass(frozen=True)
class Route:
    """A route, the state its event starts in, how to call it, and each role's status."""

    method: str
    rule: str
    state: str | None
    request: Callable[[Event | None, str | None, Api], Cell]
    statuses: tuple[int, int, int, int, int]  # in MATRIX_ROLES order


def _event_path(suffix: str = "") -> Callable[[Event | None, str | None, Api], Cell]:
    """A bodiless request to the event (plus ``suffix``)."""
    return lambda event, role, api: Cell(f"/api/v1/events/{event.id}{suffix}")


def _event_change(suffix: str) -> Callable[[Event | None, str | None, Api], Cell]:
    """A bodiless change of the event, based on its current version."""
    return lambda event, role, api: Cell(
        f"/api/v1/events/{event.id}{suffix}", None, _if_match(event)
    )


def _own_token_id(role: str | None, api: Api) -> int:
    """The id of the role's token (a visitor aims at the host's)."""
    secret = api.tokens[role or "host"]
    return db.session.scalar(db.select(ApiToken.id).filter_by(token_hash=hash_token(secret)))


def _if_match(event: Event) -> dict[str, str]:
    return {"If-Match": f'"v{event.version}-{event.id}"'}


def _registration_id(event: Event) -> int:
    """A registration of ``event`` to remove."""
    return register_attendee(event.id, attendee(1)).registration.id


def _embassy(suffix: str = "", body: Any = None) -> Callable[[Event | None, str | None, Api], Cell]:
    """A request about the embassy (whose demo organizer is its organization admin)."""

    def request(event: Event | None, role: str | None, api: Api) -> Cell:
        embassy = user(EMBASSY)
        path = suffix.replace("<member>", str(embassy.id))
        return Cell(f"/api/v1/organizations/{embassy.organization_id}{path}", body)

    return request


# The embassy's profile and members: its organization admin (cohost) and the site admin.
EMBASSY_ADMINS = (401, 403, 200, 403, 200)


def _token_request(event: Event | None, role: str | None, api: Api) -> Cell:
    email = ROLES[role] if role else "nobody@example.org"
    return Cell("/api/v1/tokens", {"email": email, "password": DEMO_PASSWORD})


ROUTES = [
    Route("GET", "/api/v1/openapi.json", None, lambda e, r, a: Cell("/api/v1/openapi.json"),
          (200, 200, 200, 200, 200)),
    Route("GET", "/api/v1/organizations", None, lambda e, r, a: Cell("/api/v1/organizations"),
          (200, 200, 200, 200, 200)),
    Route("GET", "/api/v1/organizations/<int:organization_id>", None, _embassy(), EMBASSY_ADMINS),
    Route("PATCH", "/api/v1/organizations/<int:organization_id>", None,
          _embassy("", {"contact_email": "press@dk-embassy.example"}), EMBASSY_ADMINS),
    Route("GET", "/api/v1/organizations/<int:organization_id>/members", None,
          _embassy("/members"), EMBASSY_ADMINS),
    Route("PATCH", "/api/v1/organizations/<int:organization_id>/members/<int:user_id>", None,
          _embassy("/members/<member>", {"role": "org_admin"}), EMBASSY_ADMINS),
    Route("POST",
          "/api/v1/organizations/<int:organization_id>/members/<int:user_id>/revoke-links", None,
          _embassy("/members/<member>/revoke-links"), EMBASSY_ADMINS),
    Route("GET", "/api/v1/overlap", None,
          lambda e, r, a: Cell(OVERLAP_QUERY),
          (200, 200, 200, 200, 200)),
    Route("POST", "/api/v1/tokens", None, _token_request, (401, 201, 201, 201, 201)),
    Route("GET", "/api/v1/tokens", None, lambda e, r, a: Cell("/api/v1/tokens"),
          (401, 200, 200, 200, 200)),
    Route("DELETE", "/api/v1/tokens/<int:token_id>", None,
          lambda e, r, a: Cell(f"/api/v1/tokens/{_own_token_id(r, a)}"),
          (401, 204, 204, 204, 204)),
    Route("GET", "/api/v1/events", "proposed", lambda e, r, a: Cell("/api/v1/events"),
          (200, 200, 200, 200, 200)),
    # The embassy cannot co-host its own event; Medicon may propose to the Danes.
    Route("POST", "/api/v1/events", None, lambda e, r, a: Cell("/api/v1/events", EXAMPLE_BODY),
          (401, 201, 400, 201, 201)),
    Route("GET", "/api/v1/events/<int:event_id>", "proposed", _event_path(),
          (404, 200, 200, 404, 200)),
    Route("PATCH", "/api/v1/events/<int:event_id>", "proposed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}", {"capacity": 250}, _if_match(e)),
          (401, 200, 403, 404, 200)),
    Route("PUT", "/api/v1/events/<int:event_id>/cities", "proposed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/cities",
                               {"cities": ["Asia/Tokyo", "America/Sao_Paulo"]}, _if_match(e)),
          (401, 200, 403, 404, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/slots", "proposed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/slots",
                               {"start": "2037-03-30T09:00", "timezone": "Europe/Copenhagen"},
                               _if_match(e)),
          (401, 201, 201, 404, 201)),
    Route("PUT", "/api/v1/events/<int:event_id>/slots/<int:slot_id>/response", "proposed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/slots/{e.slots[0].id}/response",
                               {"answer": "yes"}, _if_match(e)),
          (401, 403, 200, 404, 403)),
    Route("POST", "/api/v1/events/<int:event_id>/submit", "draft", _event_change("/submit"),
          (401, 200, 404, 404, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/confirm", "agreed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/confirm", {"slot_id": e.slots[0].id},
                               _if_match(e)),
          (401, 200, 403, 404, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/publish", "confirmed", _event_change("/publish"),
          (401, 200, 403, 404, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/reschedule", "published",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/reschedule",
                               {"start": "2037-03-27T18:00", "timezone": "Asia/Tokyo"},
                               _if_match(e)),
          (401, 200, 403, 403, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/cancel", "published", _event_change("/cancel"),
          (401, 200, 403, 403, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/decline", "proposed", _event_change("/decline"),
          (401, 403, 200, 404, 403)),
    Route("POST", "/api/v1/events/<int:event_id>/registrations", "upcoming",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/registrations",
                               {"name": "Ane Holm", "email": "ane@example.dk",
                                "affiliation": "DTU"}),
          (202, 202, 202, 202, 202)),
    Route("GET", "/api/v1/events/<int:event_id>/registrations/floods", "upcoming",
          _event_path("/registrations/floods"),
          (401, 200, 200, 403, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/registrations/remove", "upcoming",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/registrations/remove",
                               {"registration_ids": [_registration_id(e)]}),
          (401, 200, 403, 403, 200)),
    Route("POST", "/api/v1/events/<int:event_id>/withdraw", "proposed", _event_change("/withdraw"),
          (401, 200, 403, 404, 200)),
    # Invitations: only the organization's admins and site admins manage them (LINK-J's:
    # its demo organizer is no admin of it, the embassy's admin none of LINK-J); for an
    # event, the host invites to a co-host and a co-host a colleague.
    Route("GET", "/api/v1/organizations/<int:organization_id>/invitations", None,
          lambda e, r, a: Cell(f"/api/v1/organizations/{_org_id('link-j')}/invitations"),
          (401, 403, 403, 403, 200)),
    Route("POST", "/api/v1/organizations/<int:organization_id>/invitations", None,
          lambda e, r, a: Cell(f"/api/v1/organizations/{_org_id('link-j')}/invitations",
                               {"email": "invitee@example.org"}),
          (401, 403, 403, 403, 201)),
    Route("POST", "/api/v1/invitations/<int:invitation_id>/resend", None,
          lambda e, r, a: Cell(f"/api/v1/invitations/{_invitation_id()}/resend"),
          (401, 403, 403, 403, 200)),
    Route("DELETE", "/api/v1/invitations/<int:invitation_id>", None,
          lambda e, r, a: Cell(f"/api/v1/invitations/{_invitation_id()}"),
          (401, 403, 403, 403, 204)),
    Route("POST", "/api/v1/events/<int:event_id>/invitations", "proposed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/invitations",
                               {"organization_id": _org_id("dk-embassy"),
                                "email": "invitee@example.org"}),
          # The host: 403, the embassy has people who invite their colleagues.
          (401, 403, 201, 404, 201)),
    # Forwarding: a co-host's organizers only (a new address: an invitation, 201).
    Route("POST", "/api/v1/events/<int:event_id>/forward", "proposed",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/forward",
                               {"email": "colleague@dk-embassy.example"}),
          (401, 403, 201, 404, 403)),
    # Follow-up material: the co-hosting organizations' organizers; sharing it waits for
    # the end of the event (409 before).
    Route("GET", "/api/v1/events/<int:event_id>/follow-up", "published",
          _event_path("/follow-up"),
          (401, 200, 200, 403, 200)),
    Route("PUT", "/api/v1/events/<int:event_id>/follow-up", "published",
          lambda e, r, a: Cell(f"/api/v1/events/{e.id}/follow-up", {"note_en": "Thanks"}),
          (401, 409, 409, 403, 409)),
]  # fmt: skip

CELLS = [
    pytest.param(route, role, status, id=f"{route.method} {route.rule} as {role or 'visitor'}")
    for route in ROUTES
    for role, status in zip(MATRIX_ROLES, route.statuses, strict=True)
]


@pytest.mark.parametrize(("route", "role", "status"), CELLS)
def test_route_answers_each_role_exactly(
    api: Api, route: Route, role: str | None, status: int
) -> None:
    event = event_in(route.state) if route.state else None
    cell = route.request(event, role, api)
    response = api.call(route.method, cell.path, role, cell.body, cell.headers)
    assert response.status_code == status, response.get_data(as_text=True)
    if status >= 400:
        assert response.json["error"]["code"] and response.json["error"]["message"]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_matrix_covers_every_api_route(app: Flask) -> None:
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(route.method, route.rule) for route in ROUTES}


def test_public_event_is_readable_by_everyone_without_the_negotiation(api: Api) -> None:
    event = event_in("published")
    for role in MATRIX_ROLES:
        response = api.call("GET", f"/api/v1/events/{event.id}", role)
        assert response.status_code == 200
        involved = role in ("host", "cohost", "admin")
        assert ("online_url" in response.json) is involved
        assert ("slots" in response.json) is involved


def test_admin_sees_other_organizations_events_but_cannot_act_for_them(api: Api) -> None:
    proposal = ProposalInput(
        title_en="Embassy roundtable",
        format=EventFormat.SYMPOSIUM,
        cohost_slugs=["dk-cluster"],
        slots=[SlotInput("2037-05-12T16:00", "Asia/Tokyo")],
        duration_minutes=60,
    )
    event = negotiation.propose_event(user(EMBASSY), proposal)
    base = f"/api/v1/events/{event.id}"
    assert api.call("GET", base, "admin").status_code == 200
    assert api.change("POST", f"{base}/withdraw", "admin").status_code == 403
    assert api.change("POST", f"{base}/decline", "admin").status_code == 403
    assert api.call("GET", base, "host").status_code == 404
    assert event.id in [e["id"] for e in api.call("GET", "/api/v1/events", "admin").json["events"]]
    assert event.id not in [
        e["id"] for e in api.call("GET", "/api/v1/events", "host").json["events"]
    ]
