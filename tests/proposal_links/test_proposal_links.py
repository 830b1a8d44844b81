"""Answering a proposal from its email: the personal link, its pass, and every way it ends.

Mail leaves through a real SMTP server (the ``inbox`` fixture), because the link's
secret exists only in the email as sent.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts.link_secrets import secret_hash
from planner.accounts.sessions import end_all_sessions
from planner.events import negotiation
from planner.extensions import db
from planner.models import (
    Answer,
    AuditEntry,
    EmailLink,
    LinkPurpose,
    OutboxMessage,
    SlotResponse,
    utc_now,
)
from planner.notifications.links import LINK_SHOWN_IN_OUTBOX
from tests.factories import EMBASSY, csrf_token, csrf_token_from, event_in, user
from tests.mail_server import Inbox, links_in, text_of

pytestmark = pytest.mark.usefixtures("demo")


def _link_for(inbox: Inbox, email: str = EMBASSY) -> str:
    """The path of the answer link in the newest proposal email to ``email``."""
    (url,) = links_in(inbox.last_to(email), "/answer/")
    return url.removeprefix("http://planner.test")


def _open(client: FlaskClient, path: str):  # noqa: ANN202
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(path, data={"csrf_token": csrf_token_from(page.text)})


def _answers(slot_ids: list[int], answer: str = "yes") -> dict[str, str]:
    values = {}
    for index, slot_id in enumerate(slot_ids):
        values[f"rows-{index}-slot_id"] = str(slot_id)
        values[f"rows-{index}-answer"] = answer
        values[f"rows-{index}-comment"] = ""
    return values


def test_the_email_brings_a_personal_link_in_the_readers_language(app: Flask, inbox: Inbox) -> None:
    embassy = user(EMBASSY)
    embassy.locale = "ja"
    db.session.commit()
    event = event_in("proposed")
    message = inbox.last_to(EMBASSY)
    text = text_of(message)
    assert "デンマークと日本のデジタルヘルス" in message["Subject"]
    assert "Mette Jensen様" in text
    # Every candidate time, in the reader's zone first (the embassy works in Tokyo).
    assert text.count("JST") >= 2
    (url,) = links_in(message, "/answer/")
    assert url.startswith("http://planner.test/answer/")
    # One link each, for that proposal only; only its hash is stored, and the
    # outbox (which admins read) never holds the secret.
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=embassy.id))
    assert (link.purpose, link.event_id) == (LinkPurpose.PROPOSAL, event.id)
    secret = url.rsplit("/", 1)[1]
    assert link.token_hash == secret_hash(secret)
    stored = db.session.scalars(db.select(OutboxMessage.body)).all()
    assert not any(secret in body for body in stored)
    assert all(LINK_SHOWN_IN_OUTBOX not in body for body in stored)


def test_the_link_lets_its_person_answer_that_proposal_only(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    first = event_in("proposed")
    event = event_in("proposed", title_en="Another proposal")
    path = _link_for(inbox)  # the newest email: the second proposal's
    # Opening the page uses nothing up: a mail scanner may follow the link first.
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    opened = _open(client, path)
    assert opened.location == f"/events/{event.id}/answer"
    page = client.get(opened.location)
    assert page.status_code == 200
    assert "Mette Jensen" in page.text and "Another proposal" in page.text
    answered = client.post(
        opened.location,
        data={
            **_answers([slot.id for slot in event.slots]),
            "csrf_token": csrf_token_from(page.text),
        },
    )
    assert answered.status_code == 302
    responses = db.session.scalars(
        db.select(SlotResponse).filter_by(user_id=user(EMBASSY).id)
    ).all()
    assert len(responses) == len(event.slots)
    assert all(r.answer == Answer.YES for r in responses)
    entry = db.session.scalar(
        db.select(AuditEntry).filter_by(action="slot.answer", actor_id=user(EMBASSY).id)
    )
    assert entry.after["via"] == "email link"
    assert entry.after["organization"] == "dk-embassy"
    # The pass opens nothing else: not the other proposal, not the dashboard, not even
    # the event's own organizer page.
    assert client.get(f"/events/{first.id}/answer").status_code == 302  # to sign in
    assert client.get("/dashboard").status_code == 302
    assert client.get(f"/events/{event.id}").status_code == 404  # as any visitor


@pytest.mark.parametrize("change", ["expired", "used", "revoked", "signed_out", "deactivated"])
def test_a_link_that_ended_explains_itself_and_opens_nothing(
    app: Flask, client: FlaskClient, inbox: Inbox, change: str
) -> None:
    event = event_in("proposed")
    path = _link_for(inbox)
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=user(EMBASSY).id))
    if change == "expired":
        link.expires_at = utc_now() - timedelta(minutes=1)
        db.session.commit()
    elif change == "used":
        assert _open(app.test_client(), path).status_code == 302
    elif change == "revoked":
        link.revoked_at = utc_now()
        db.session.commit()
    else:
        # A pass from before the person's sessions ended stops too.
        assert _open(client, path).status_code == 302
        if change == "signed_out":
            end_all_sessions(user(EMBASSY))
        else:
            user(EMBASSY).active = False
            db.session.commit()
        assert client.get(f"/events/{event.id}/answer").status_code == 302
        return
    page = client.get(path)
    assert page.status_code == 410
    assert "no longer opens the proposal" in page.text
    post = client.post(path, data={"csrf_token": csrf_token(client)})
    assert post.status_code == 410
    assert client.get(f"/events/{event.id}/answer").status_code == 302


@pytest.mark.parametrize("kind", ["forged", "tampered", "another_purpose"])
def test_forged_and_tampered_links_are_not_found(
    app: Flask, client: FlaskClient, inbox: Inbox, kind: str
) -> None:
    event_in("proposed")
    path = _link_for(inbox)
    secret = path.rsplit("/", 1)[1]
    if kind == "forged":
        path = "/answer/" + "A" * 43
    elif kind == "tampered":
        path = "/answer/" + secret[:-1] + ("A" if secret[-1] != "A" else "B")
    else:
        link = db.session.scalar(db.select(EmailLink).filter_by(user_id=user(EMBASSY).id))
        link.purpose = LinkPurpose.SIGN_IN
        db.session.commit()
    page = client.get(path)
    assert page.status_code == 404
    assert "not valid" in page.text
    assert client.post(path, data={"csrf_token": csrf_token(client)}).status_code == 404


def test_an_expired_link_offers_a_new_one_to_the_same_address(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    event = event_in("proposed")
    path = _link_for(inbox)
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=user(EMBASSY).id))
    link.expires_at = utc_now() - timedelta(minutes=1)
    db.session.commit()
    before = len(inbox.to(EMBASSY))
    page = client.get(path)
    renewed = client.post(path + "/renew", data={"csrf_token": csrf_token_from(page.text)})
    assert renewed.status_code == 200
    assert len(inbox.to(EMBASSY)) == before + 1
    fresh = _link_for(inbox)
    assert fresh != path
    assert _open(app.test_client(), fresh).location.endswith(f"/events/{event.id}/answer")


def test_a_withdrawn_proposal_ends_its_links(app: Flask, inbox: Inbox) -> None:
    event = event_in("proposed")
    path = _link_for(inbox)
    negotiation.withdraw_proposal(user("organizer@link-j.example"), event.id)
    assert app.test_client().get(path).status_code == 410


def test_signed_in_co_hosts_use_the_same_answer_page(
    app: Flask,
    client: FlaskClient,
    auth,  # noqa: ANN001
) -> None:
    event = event_in("proposed")
    auth.login(EMBASSY)
    page = client.get(f"/events/{event.id}/answer")
    assert page.status_code == 200
    assert "Candidate time 2" in page.text
    auth.logout()
    auth.login("organizer@link-j.example")
    assert client.get(f"/events/{event.id}/answer").status_code == 404


def _forward(client: FlaskClient, event_id: int, email: str):  # noqa: ANN202
    page = client.get(f"/events/{event_id}/answer")
    return client.post(
        f"/events/{event_id}/forward",
        data={"email": email, "csrf_token": csrf_token_from(page.text)},
    )


def test_forwarding_to_a_colleague_with_an_account_sends_their_own_link(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    from planner.accounts.operations import create_user

    embassy = user(EMBASSY)
    colleague = create_user(
        None,
        email="attache@dk-embassy.example",
        display_name="Anne Attaché",
        password="a-long-password",
        organization_id=embassy.organization_id,
    )
    event = event_in("proposed")
    _open(client, _link_for(inbox))
    forwarded = _forward(client, event.id, "Attache@DK-Embassy.example")
    assert forwarded.status_code == 302
    assert "has been sent the proposal" in client.get(forwarded.location).text
    colleague_path = _link_for(inbox, colleague.email)
    colleague_client = app.test_client()
    assert _open(colleague_client, colleague_path).location == f"/events/{event.id}/answer"
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="event.forward"))
    assert entry.actor_id == embassy.id and entry.after["to"] == colleague.email


def test_forwarding_to_an_address_without_an_account_invites_it(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    from planner.models import Invitation, Role

    event = event_in("proposed")
    _open(client, _link_for(inbox))
    assert _forward(client, event.id, "new.colleague@dk-embassy.example").status_code == 302
    invitation = db.session.scalar(db.select(Invitation))
    assert (invitation.email, invitation.event_id) == ("new.colleague@dk-embassy.example", event.id)
    assert invitation.organization_id == user(EMBASSY).organization_id
    assert invitation.role == Role.ORGANIZER
    assert links_in(inbox.last_to("new.colleague@dk-embassy.example"), "/invitations/")


def test_forwarding_reveals_nothing_about_other_organizations(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    event = event_in("proposed")
    _open(client, _link_for(inbox))
    elsewhere = _forward(client, event.id, "organizer@medicon.example")
    unknown_account = client.get(elsewhere.location).text
    assert "already has an account" in unknown_account
    assert "Medicon" not in unknown_account.split("<main", 1)[1].split("Forward", 1)[0]
    assert not inbox.to("organizer@medicon.example")
    bad = _forward(client, event.id, "not an address")
    assert bad.status_code == 400


def test_taking_back_a_members_links_ends_an_opened_pass(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    from planner.organizations.members import revoke_member_links

    event = event_in("proposed")
    _open(client, _link_for(inbox))
    assert client.get(f"/events/{event.id}/answer").status_code == 200
    embassy = user(EMBASSY)
    # The embassy's organization admin (the demo's Mette is one) takes back her links,
    # as after a lost phone: the opened one too.
    assert revoke_member_links(embassy, embassy.organization_id, embassy.id) >= 1
    assert client.get(f"/events/{event.id}/answer").status_code == 302


def test_a_password_reset_and_a_deactivation_take_back_proposal_links(
    app: Flask, inbox: Inbox
) -> None:
    from planner.accounts.operations import update_user
    from tests.factories import ADMIN

    event_in("proposed")
    path = _link_for(inbox)
    embassy = user(EMBASSY)
    update_user(
        user(ADMIN),
        embassy.id,
        email=embassy.email,
        display_name=embassy.display_name,
        role=embassy.role,
        organization_id=embassy.organization_id,
        active=False,
    )
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=embassy.id))
    assert link.revoked_at is not None
    embassy.active = True  # reactivated: the link stays withdrawn
    db.session.commit()
    assert app.test_client().get(path).status_code == 410


def test_two_opens_of_one_link_give_one_pass(app: Flask, inbox: Inbox) -> None:
    from planner.errors import Conflict
    from planner.proposal_links import operations

    event_in("proposed")
    secret = _link_for(inbox).rsplit("/", 1)[1]
    link = db.session.scalar(db.select(EmailLink).filter_by(user_id=user(EMBASSY).id))
    # Another request uses it between this one's check and its write.
    db.session.execute(
        db.update(EmailLink).where(EmailLink.id == link.id).values(used_at=utc_now())
    )
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(Conflict):
        operations.open_link(secret)


def test_an_old_link_brings_one_new_link_at_most(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    event_in("proposed")
    path = _link_for(inbox)
    _open(app.test_client(), path)  # opened elsewhere: "used"
    page = client.get(path)
    assert page.status_code == 410 and "Email me a new link" in page.text
    before = len(inbox.to(EMBASSY))
    assert client.post(path + "/renew", data={"csrf_token": csrf_token(client)}).status_code == 200
    assert len(inbox.to(EMBASSY)) == before + 1
    # While the new link works, the old one offers nothing more.
    again = client.post(path + "/renew", data={"csrf_token": csrf_token(client)})
    assert again.status_code == 410 and "Email me a new link" not in again.text
    assert len(inbox.to(EMBASSY)) == before + 1


def test_link_pages_stay_out_of_caches_and_signing_out_forgets_passes(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    event = event_in("proposed")
    path = _link_for(inbox)
    page = client.get(path)
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    _open(client, path)
    assert client.get(f"/events/{event.id}/answer").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert client.get(f"/events/{event.id}/answer").status_code == 302


def test_the_api_forwards_as_the_page_does(app: Flask, api, inbox: Inbox) -> None:  # noqa: ANN001
    event = event_in("proposed")
    path = f"/api/v1/events/{event.id}/forward"
    invited = api.call("POST", path, "cohost", json={"email": "new.one@dk-embassy.example"})
    assert invited.status_code == 201
    assert invited.get_json()["result"] == "invited"
    elsewhere = api.call("POST", path, "cohost", json={"email": "organizer@medicon.example"})
    assert (elsewhere.status_code, elsewhere.get_json()["result"]) == (200, "has_account")
    assert api.call("POST", path, "cohost", json={"email": 5}).status_code == 400
    assert api.call("POST", path, "host", json={"email": "x@example.org"}).status_code == 403


def test_an_answer_sent_back_unchanged_stays_the_colleagues(
    app: Flask, client: FlaskClient, inbox: Inbox
) -> None:
    from planner.accounts.operations import create_user

    event = event_in("proposed")
    embassy = user(EMBASSY)
    negotiation.answer_slots(
        embassy,
        event.id,
        [negotiation.SlotAnswer(slot.id, Answer.YES, "works for our CEO") for slot in event.slots],
    )
    colleague = create_user(
        None,
        email="attache@dk-embassy.example",
        display_name="Anne Attaché",
        password="a-long-password",
        organization_id=embassy.organization_id,
    )
    answers_before = db.session.scalar(
        db.select(db.func.count()).select_from(AuditEntry).filter_by(action="slot.answer")
    )
    host_mail = len(inbox.to("organizer@link-j.example"))
    # The colleague's form comes preset with Mette's answers, says whose they are...
    signed_in = app.test_client()
    signed_in.post(
        "/login",
        data={
            "email": colleague.email,
            "password": "a-long-password",
            "csrf_token": csrf_token(signed_in),
        },
    )
    page = signed_in.get(f"/events/{event.id}/answer")
    assert "(by Mette Jensen)" in page.text
    # ...and sending them back as they are changes nobody's answer.
    first, second = event.slots
    sent = {
        "rows-0-slot_id": str(first.id),
        "rows-0-answer": "yes",
        "rows-0-comment": "works for our CEO",
        "rows-1-slot_id": str(second.id),
        "rows-1-answer": "no",
        "rows-1-comment": "",
        "csrf_token": csrf_token_from(page.text),
    }
    assert signed_in.post(f"/events/{event.id}/answer", data=sent).status_code == 302
    responses = {
        r.slot_id: r
        for r in db.session.scalars(
            db.select(SlotResponse).filter_by(organization_id=embassy.organization_id)
        )
    }
    assert responses[first.id].user_id == embassy.id
    assert responses[second.id].user_id == colleague.id
    answers_after = db.session.scalar(
        db.select(db.func.count()).select_from(AuditEntry).filter_by(action="slot.answer")
    )
    assert answers_after == answers_before + 1
    # The host hears of the one change, time by time, in the interface's words.
    text = text_of(inbox.last_to("organizer@link-j.example"))
    assert len(inbox.to("organizer@link-j.example")) == host_mail + 1
    assert "Candidate time 2" in text and ": No" in text
    assert "Candidate time 1" not in text
