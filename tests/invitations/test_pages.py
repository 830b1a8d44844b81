"""The invitation pages through the test client, with the link from the real email."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from planner.extensions import db
from planner.invitations.operations import invite_person, revoke_invitation
from planner.models import Invitation, Role, SlotResponse, User
from tests.conftest import AuthActions
from tests.factories import ADMIN, EMBASSY, HOST, csrf_token, proposal, user
from tests.invitations.helpers import (
    EMBASSY_ADMIN,
    NEWCOMER,
    PARTNER_CONTACT,
    expire,
    invitations_of,
    organization,
    organization_admin,
    partner,
)
from tests.mail_server import Inbox, links_in, text_of

pytestmark = pytest.mark.usefixtures("demo")


def _path(inbox: Inbox, email: str) -> str:
    """The path of the newest invitation link emailed to ``email``."""
    [link] = links_in(inbox.last_to(email), "/invitations/")
    return "/invitations/" + link.rsplit("/invitations/", 1)[1]


def _invite(inbox: Inbox, slug: str = "medicon", email: str = NEWCOMER) -> str:
    invite_person(user(ADMIN), organization_id=organization(slug).id, email=email)
    return _path(inbox, email)


def _join(client: FlaskClient, path: str, **fields: str):
    data = {"display_name": "Mette Jensen", "locale": "en", "timezone": "", **fields}
    return client.post(path, data={**data, "csrf_token": csrf_token(client)})


def test_the_form_shows_who_invites_to_what_and_uses_nothing(
    inbox: Inbox, client: FlaskClient
) -> None:
    path = _invite(inbox)
    for _ in range(2):  # a mail scanner's visit, then the person's
        page = client.get(path)
        assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Medicon Valley Alliance" in text
    assert "LINK-J Admin" in text
    assert "Leave the password empty to sign in with a link sent by email" in text
    assert 'name="timezone"' in text and "Europe/Copenhagen" in text
    assert invitations_of(NEWCOMER)[0].accepted_at is None
    # The address carries the secret: no cache keeps the page, no Referer takes it away.
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_joining_without_a_password_signs_in(inbox: Inbox, client: FlaskClient) -> None:
    path = _invite(inbox)
    response = _join(client, path)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    made = db.session.scalar(db.select(User).filter_by(email=NEWCOMER))
    assert not made.has_password
    other = client.application.test_client()
    for guess in ("", "Mette Jensen", "a-long-password"):
        refused = AuthActions(other).login(NEWCOMER, guess)
        assert refused.status_code != 302
        assert other.get("/dashboard").status_code == 302  # still signed out
    again = client.get(path)
    assert again.status_code == 410
    assert "used already" in again.get_data(as_text=True)
    assert "/login" in again.get_data(as_text=True)


def test_joining_with_a_password(inbox: Inbox, client: FlaskClient) -> None:
    path = _invite(inbox)
    mismatch = _join(client, path, password="a-long-password", password_again="another-one")
    assert mismatch.status_code == 400
    assert "not the same" in mismatch.get_data(as_text=True)
    short = _join(client, path, password="short", password_again="short")
    assert short.status_code == 400
    assert "at least 10 characters" in short.get_data(as_text=True)
    blank = _join(client, path, display_name="  ")
    assert blank.status_code == 400
    assert (
        _join(
            client, path, password="a-long-password", password_again="a-long-password"
        ).status_code
        == 302
    )
    other = client.application.test_client()
    assert AuthActions(other).login(NEWCOMER, "a-long-password").status_code == 302


def test_an_expired_link_offers_a_new_invitation(inbox: Inbox, client: FlaskClient) -> None:
    path = _invite(inbox)
    expire(invitations_of(NEWCOMER)[0])
    page = client.get(path)
    assert page.status_code == 410
    text = page.get_data(as_text=True)
    assert "Send me a new invitation" in text
    assert _join(client, path).status_code == 410
    renewed = client.post(path + "/renew", data={"csrf_token": csrf_token(client)})
    assert renewed.status_code == 200
    assert "on its way" in renewed.get_data(as_text=True)
    new_path = _path(inbox, NEWCOMER)
    assert new_path != path
    assert client.get(new_path).status_code == 200
    assert client.get(path).status_code == 404
    assert client.post(path + "/renew", data={"csrf_token": csrf_token(client)}).status_code == 404


def test_a_withdrawn_link_says_so(inbox: Inbox, client: FlaskClient) -> None:
    path = _invite(inbox)
    revoke_invitation(user(ADMIN), invitations_of(NEWCOMER)[0].id)
    page = client.get(path)
    assert page.status_code == 410
    assert "ask the person who invited you" in page.get_data(as_text=True)
    assert _join(client, path).status_code == 410
    assert client.post(path + "/renew", data={"csrf_token": csrf_token(client)}).status_code == 410
    assert db.session.scalar(db.select(User).filter_by(email=NEWCOMER)) is None


@pytest.mark.parametrize("suffix", ["x", "", "-tampered"])
def test_an_unknown_link_is_not_found(inbox: Inbox, client: FlaskClient, suffix: str) -> None:
    path = _invite(inbox)
    wrong = path[:-1] + ("A" if path[-1] != "A" else "B") if not suffix else path + suffix
    page = client.get(wrong)
    assert page.status_code == 404
    assert "This invitation link is not valid" in page.get_data(as_text=True)
    assert _join(client, wrong).status_code == 404
    assert client.get("/dashboard").status_code == 302  # not signed in


def test_the_pending_list_is_for_the_organizations_admins(
    inbox: Inbox, client: FlaskClient, auth: AuthActions
) -> None:
    admin = organization_admin()
    path = f"/organizations/{admin.organization_id}/invitations"
    assert client.get(path).status_code == 302  # sign in first
    auth.login(EMBASSY)
    assert client.get(path).status_code == 403
    auth.logout()
    auth.login(EMBASSY_ADMIN)
    assert client.get(path).status_code == 200
    assert client.get(f"/organizations/{organization('medicon').id}/invitations").status_code == 403
    sent = client.post(
        path,
        data={
            "email": NEWCOMER,
            "role": "org_admin",
            "locale": "ja",
            "csrf_token": csrf_token(client),
        },
    )
    assert sent.status_code == 302
    [invitation] = invitations_of(NEWCOMER)
    assert invitation.role == Role.ORGANIZATION_ADMIN and invitation.locale == "ja"
    assert inbox.last_to(NEWCOMER)
    listing = client.get(path).get_data(as_text=True)
    assert NEWCOMER in listing and "Embassy Admin" in listing
    assert invitation.token_hash not in listing
    known = client.post(
        path,
        data={"email": HOST, "role": "organizer", "locale": "en", "csrf_token": csrf_token(client)},
    )
    assert known.status_code == 302
    assert "already has an account" in client.get(path).get_data(as_text=True)
    bad = client.post(
        path,
        data={
            "email": "nope",
            "role": "organizer",
            "locale": "en",
            "csrf_token": csrf_token(client),
        },
    )
    assert bad.status_code == 400
    first_link = _path(inbox, NEWCOMER)
    resend = client.post(
        f"/invitations/{invitation.id}/resend", data={"csrf_token": csrf_token(client)}
    )
    assert resend.status_code == 302
    assert client.get(first_link).status_code == 404
    revoke = client.post(
        f"/invitations/{invitation.id}/revoke", data={"csrf_token": csrf_token(client)}
    )
    assert revoke.status_code == 302
    assert "is withdrawn" in client.get(path).get_data(as_text=True)  # the flash
    assert f"<td>{NEWCOMER}</td>" not in client.get(path).get_data(as_text=True)
    again = client.post(
        f"/invitations/{invitation.id}/resend", data={"csrf_token": csrf_token(client)}
    )
    assert again.status_code == 409


def test_a_proposal_reaches_an_organization_without_accounts(
    inbox: Inbox, client: FlaskClient, auth: AuthActions
) -> None:
    from planner.events import negotiation

    nordic = partner()
    event = negotiation.propose_event(user(HOST), proposal(cohost_slugs=[nordic.slug]))
    email = inbox.last_to(PARTNER_CONTACT)
    body = text_of(email)
    assert "Nordic Lab" in email["Subject"]
    assert event.title_en in body
    path = _path(inbox, PARTNER_CONTACT)
    joined = _join(client, path, display_name="Lars Holm")
    assert joined.status_code == 302
    assert joined.headers["Location"].endswith(f"/events/{event.id}/answer")
    made = db.session.scalar(db.select(User).filter_by(email=PARTNER_CONTACT))
    assert made.organization_id == nordic.id and made.role == Role.ORGANIZATION_ADMIN
    page = client.get(f"/events/{event.id}")
    assert page.status_code == 200
    assert "Save my answers" in page.get_data(as_text=True)
    answered = client.post(
        f"/events/{event.id}/answers",
        data={
            "rows-0-slot_id": str(event.slots[0].id),
            "rows-0-answer": "yes",
            "csrf_token": csrf_token(client),
        },
    )
    assert answered.status_code == 302
    response = db.session.scalar(
        db.select(SlotResponse).filter_by(slot_id=event.slots[0].id, organization_id=nordic.id)
    )
    assert response is not None and response.user_id == made.id


def test_the_host_is_asked_for_someone_who_can_answer(
    inbox: Inbox, client: FlaskClient, auth: AuthActions
) -> None:
    from planner.events import negotiation

    nordic = partner(contact_email=None)
    event = negotiation.propose_event(
        user(HOST), proposal(cohost_slugs=[nordic.slug, "dk-embassy"])
    )
    asked = "Nobody at Nordic Lab can answer yet. Invite someone who can:"
    auth.login(EMBASSY)
    assert asked not in client.get(f"/events/{event.id}").get_data(as_text=True)
    auth.logout()
    auth.login(HOST)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert asked in page
    assert "Nobody at Royal Danish Embassy" not in page
    refused = client.post(
        f"/events/{event.id}/invitations",
        data={
            "organization_id": str(nordic.id),
            "email": "wrong",
            "csrf_token": csrf_token(client),
        },
    )
    assert refused.status_code == 400
    sent = client.post(
        f"/events/{event.id}/invitations",
        data={
            "organization_id": str(nordic.id),
            "email": "lars@nordic-lab.example",
            "csrf_token": csrf_token(client),
        },
    )
    assert sent.status_code == 302
    [invitation] = invitations_of("lars@nordic-lab.example")
    assert invitation.role == Role.ORGANIZATION_ADMIN and invitation.event_id == event.id
    assert event.title_en in text_of(inbox.last_to("lars@nordic-lab.example"))
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert asked not in page
    # The host sees whom it is waiting for.
    assert (
        "Nordic Lab: lars@nordic-lab.example is invited to answer and has not joined yet." in page
    )
    outside = client.post(
        f"/events/{event.id}/invitations",
        data={
            "organization_id": str(organization("medicon").id),
            "email": "m@example.org",
            "csrf_token": csrf_token(client),
        },
    )
    assert outside.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 1
