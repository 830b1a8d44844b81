"""``/api/v1``: an organization's invitations, and inviting someone for an event."""

from __future__ import annotations

import pytest

from planner.accounts import api_tokens
from planner.extensions import db
from planner.invitations.operations import invite_person
from planner.models import Invitation
from tests.api_client import Api
from tests.factories import ADMIN, HOST, proposed_event, user
from tests.invitations.helpers import (
    NEWCOMER,
    invitations_of,
    organization,
    organization_admin,
    partner,
)
from tests.mail_server import Inbox

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def admin_token(api: Api) -> str:
    """An API token of the embassy's organization admin."""
    token = api_tokens.create_token(organization_admin(), "tests").secret
    api.tokens["org_admin"] = token
    return token


def test_an_organization_admin_lists_and_invites(api: Api, admin_token: str, inbox: Inbox) -> None:
    embassy = organization("dk-embassy").id
    path = f"/api/v1/organizations/{embassy}/invitations"
    assert api.call("GET", path, "org_admin").get_json() == {"invitations": []}
    made = api.call(
        "POST", path, "org_admin", json={"email": NEWCOMER, "role": "org_admin", "locale": "ja"}
    )
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["result"] == "invited"
    invitation = body["invitation"]
    assert invitation["email"] == NEWCOMER and invitation["role"] == "org_admin"
    assert invitation["organization"] == "dk-embassy" and invitation["status"] == "pending"
    assert invitation["invited_by"] == "Embassy Admin" and invitation["sent_at"]
    stored = invitations_of(NEWCOMER)[0]
    listed = api.call("GET", path, "org_admin")
    assert [i["id"] for i in listed.get_json()["invitations"]] == [stored.id]
    assert stored.token_hash and stored.token_hash not in listed.get_data(as_text=True)
    assert stored.token_hash not in made.get_data(as_text=True)
    again = api.call("POST", path, "org_admin", json={"email": NEWCOMER})
    assert again.status_code == 200 and again.get_json()["result"] == "resent"
    known = api.call("POST", path, "org_admin", json={"email": HOST})
    assert known.status_code == 200
    assert known.get_json() == {
        "result": "has_account",
        "message": "This address already has an account, so nothing was added.",
        "invitation": None,
    }


def test_bad_input_and_other_organizations_are_refused(api: Api, admin_token: str) -> None:
    embassy = organization("dk-embassy").id
    path = f"/api/v1/organizations/{embassy}/invitations"
    assert api.call("POST", path, "org_admin", json={"email": "nope"}).status_code == 400
    admin_role = api.call("POST", path, "org_admin", json={"email": NEWCOMER, "role": "admin"})
    assert admin_role.status_code == 400
    assert api.call("GET", path, "cohost").status_code == 403
    assert api.call("GET", path).status_code == 401
    medicon = organization("medicon").id
    assert (
        api.call("GET", f"/api/v1/organizations/{medicon}/invitations", "org_admin").status_code
        == 403
    )
    assert api.call("GET", "/api/v1/organizations/999999/invitations", "admin").status_code == 404


def test_resend_and_revoke(api: Api, admin_token: str) -> None:
    invitation = invite_person(
        user(ADMIN), organization_id=organization("dk-embassy").id, email=NEWCOMER
    ).invitation
    resent = api.call("POST", f"/api/v1/invitations/{invitation.id}/resend", "org_admin")
    assert resent.status_code == 200 and resent.get_json()["id"] == invitation.id
    assert api.call("DELETE", f"/api/v1/invitations/{invitation.id}", "cohost").status_code == 403
    assert (
        api.call("DELETE", f"/api/v1/invitations/{invitation.id}", "org_admin").status_code == 204
    )
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).revoked_at is not None
    assert (
        api.call("DELETE", f"/api/v1/invitations/{invitation.id}", "org_admin").status_code == 409
    )
    gone = api.call("POST", f"/api/v1/invitations/{invitation.id}/resend", "org_admin")
    assert gone.status_code == 409
    assert "withdrawn" in gone.get_json()["error"]["message"]
    assert api.call("DELETE", "/api/v1/invitations/999999", "admin").status_code == 404


def test_the_host_invites_for_its_event(api: Api) -> None:
    nordic = partner(contact_email=None)
    event = proposed_event(cohost_slugs=["dk-embassy", nordic.slug])
    path = f"/api/v1/events/{event.id}/invitations"
    made = api.call("POST", path, "host", json={"organization_id": nordic.id, "email": NEWCOMER})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["invitation"]["role"] == "org_admin"
    assert made.get_json()["invitation"]["event_id"] == event.id
    # The embassy has people who answer for it: they invite their colleagues themselves.
    embassy = organization("dk-embassy").id
    joined = api.call("POST", path, "host", json={"organization_id": embassy, "email": "x@y.org"})
    assert joined.status_code == 403
    medicon = organization("medicon").id
    outside = api.call("POST", path, "host", json={"organization_id": medicon, "email": "m@x.org"})
    assert outside.status_code == 403
    hidden = api.call(
        "POST", path, "uninvolved", json={"organization_id": medicon, "email": "m@x.org"}
    )
    assert hidden.status_code == 404
    assert (
        api.call(
            "POST", path, "host", json={"organization_id": "1", "email": "a@b.org"}
        ).status_code
        == 400
    )
