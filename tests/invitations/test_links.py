"""Invitation links: the real link from the email, and every way a link can fail."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from planner.accounts.link_secrets import new_secret
from planner.accounts.operations import authenticate
from planner.errors import Conflict, NotFound
from planner.extensions import db
from planner.invitations.operations import (
    InvitationUnusable,
    accept_invitation,
    ask_for_new_invitation,
    invitation_link_state,
    invite_person,
    revoke_invitation,
)
from planner.models import Invitation, Role, User
from tests.factories import ADMIN, csrf_token, user
from tests.invitations.helpers import NEWCOMER, expire, organization
from tests.mail_server import Inbox, links_in

pytestmark = pytest.mark.usefixtures("demo")


def _invite(inbox: Inbox, slug: str = "medicon", email: str = NEWCOMER) -> tuple[Invitation, str]:
    """Invite ``email`` to ``slug`` as the site admin; the invitation and its link's token."""
    result = invite_person(user(ADMIN), organization_id=organization(slug).id, email=email)
    [link] = links_in(inbox.last_to(email), "/invitations/")
    return result.invitation, link.rsplit("/", 1)[1]


def _accept(token: str, **changes: object) -> User:
    values = dict(display_name="Mette Jensen", locale="en", timezone=None, password=None)
    values.update(changes)
    return accept_invitation(token, **values)


def test_the_emailed_link_is_valid_and_looking_changes_nothing(inbox: Inbox) -> None:
    invitation, token = _invite(inbox)
    for _ in range(3):
        state = invitation_link_state(token)
        assert state.status == "valid"
        assert state.invitation.id == invitation.id
    assert db.session.get(Invitation, invitation.id).accepted_at is None
    assert invitation.token_hash not in (None, token)  # only the hash is stored


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: new_secret(),  # forged: the right shape, nobody's secret
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # tampered
        lambda token: token[:10],  # cut short
        lambda token: token + "x",  # one too many
        lambda token: "../" + token,  # not a secret's shape
    ],
    ids=["forged", "tampered", "short", "long", "shape"],
)
def test_a_forged_or_tampered_link_is_unknown(inbox: Inbox, mangle) -> None:  # noqa: ANN001
    _invitation, token = _invite(inbox)
    state = invitation_link_state(mangle(token))
    assert state.status == "unknown" and state.invitation is None
    with pytest.raises(NotFound):
        _accept(mangle(token))
    assert db.session.scalar(db.select(User).filter_by(email=NEWCOMER)) is None


def test_an_expired_link_cannot_be_accepted_but_can_be_renewed(inbox: Inbox) -> None:
    invitation, token = _invite(inbox)
    expire(invitation)
    assert invitation_link_state(token).status == "expired"
    with pytest.raises(InvitationUnusable) as refused:
        _accept(token)
    assert refused.value.status_code == 410
    ask_for_new_invitation(token)
    [new_link] = links_in(inbox.last_to(NEWCOMER), "/invitations/")
    new_token = new_link.rsplit("/", 1)[1]
    assert new_token != token
    assert invitation_link_state(token).status == "unknown"  # the old link is retired
    assert invitation_link_state(new_token).status == "valid"
    assert _accept(new_token).organization_id == organization("medicon").id


def test_a_link_is_used_once(inbox: Inbox) -> None:
    _invitation, token = _invite(inbox)
    made = _accept(token)
    assert made.role == Role.ORGANIZER
    assert invitation_link_state(token).status == "used"
    with pytest.raises(InvitationUnusable):
        _accept(token, display_name="Someone Else")
    with pytest.raises(InvitationUnusable):
        ask_for_new_invitation(token)
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(User).filter_by(email=NEWCOMER))
        == 1
    )


def test_a_withdrawn_link_opens_nothing(inbox: Inbox) -> None:
    invitation, token = _invite(inbox)
    revoke_invitation(user(ADMIN), invitation.id)
    assert invitation_link_state(token).status == "revoked"
    with pytest.raises(InvitationUnusable):
        _accept(token)
    with pytest.raises(InvitationUnusable):
        ask_for_new_invitation(token)


def test_resending_retires_the_earlier_link(inbox: Inbox) -> None:
    invitation, first = _invite(inbox)
    _again, second = _invite(inbox)
    assert first != second
    assert invitation_link_state(first).status == "unknown"
    assert invitation_link_state(second).status == "valid"


def test_accepting_withdraws_the_addresss_other_invitations(inbox: Inbox) -> None:
    _medicon, token = _invite(inbox, "medicon")
    other, other_token = _invite(inbox, "dk-cluster")
    made = _accept(token)
    assert made.organization.slug == "medicon"
    assert invitation_link_state(other_token).status == "revoked"


def test_an_account_made_meanwhile_wins(inbox: Inbox) -> None:
    _invitation, token = _invite(inbox)
    from planner.accounts.operations import create_user

    create_user(
        None,
        email=NEWCOMER,
        display_name="Made by an admin",
        password="a-long-password",
        organization_id=organization("link-j").id,
    )
    with pytest.raises(Conflict) as refused:
        _accept(token)
    assert "exists already" in refused.value.message


def test_accepting_without_a_password_makes_an_email_link_only_account(inbox: Inbox) -> None:
    _invitation, token = _invite(inbox)
    made = _accept(token, password=None, locale="ja", timezone="Europe/Copenhagen")
    assert not made.has_password
    assert made.locale == "ja" and made.timezone == "Europe/Copenhagen"
    for guess in ("", "anything", "password123456"):
        assert authenticate(NEWCOMER, guess) is None


def test_accepting_with_a_password_signs_in_with_it(inbox: Inbox) -> None:
    _invitation, token = _invite(inbox)
    with pytest.raises(Exception) as short:
        _accept(token, password="short")
    assert getattr(short.value, "field", None) == "password"
    assert invitation_link_state(token).status == "valid"  # a refused form uses nothing
    _accept(token, password="a-long-password")
    assert authenticate(NEWCOMER, "a-long-password") is not None


def test_the_organization_comes_from_the_invitation_not_the_form(
    inbox: Inbox, client: FlaskClient
) -> None:
    _invitation, token = _invite(inbox, "medicon")
    response = client.post(
        f"/invitations/{token}",
        data={
            "display_name": "Mette Jensen",
            "locale": "en",
            "timezone": "",
            "organization_id": str(organization("link-j").id),
            "organization": "link-j",
            "role": "admin",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    made = db.session.scalar(db.select(User).filter_by(email=NEWCOMER))
    assert made.organization.slug == "medicon"
    assert made.role == Role.ORGANIZER
