"""Follow-up material after an event: shared by organizers, emailed once, shown as allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.errors import Conflict, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.follow_up.mail import FOLLOW_UP, send_follow_ups
from planner.follow_up.operations import FollowUpInput, save_follow_up
from planner.models import (
    Event,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    ReminderKind,
    utc_now,
)
from planner.reminders import ledger
from tests.factories import EMBASSY, HOST, OUTSIDER, move_start, published_event, register, user
from tests.mail_server import Inbox, text_of

pytestmark = pytest.mark.usefixtures("demo")

MATERIAL = FollowUpInput(
    note_en="Thank you for joining us.",
    note_ja="ご参加ありがとうございました。",
    slides_url="https://example.org/slides.pdf",
    recording_url="https://example.org/recording",
)


def ended_event() -> Event:
    """A published event that took place yesterday, with three registrations."""
    event = published_event(title_ja="デンマークのデジタルヘルス")
    register(event, "aiko@example.jp", RegistrationStatus.CONFIRMED, name="佐藤 愛子")
    register(event, "lars@example.dk", RegistrationStatus.CONFIRMED, name="Lars Holm")
    register(event, "wait@example.org", RegistrationStatus.WAITLISTED, name="Wai Ting")
    aiko = db.session.scalar(db.select(Registration).filter_by(email="aiko@example.jp"))
    aiko.locale = "ja"
    db.session.commit()
    move_start(event, utc_now() - timedelta(days=1))
    return db.session.get(Event, event.id)


def _follow_up_messages() -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).filter_by(kind=FOLLOW_UP)))


def test_shared_only_after_the_event_by_its_organizers(app: Flask) -> None:
    upcoming = published_event()
    with pytest.raises(Conflict, match="once the event has taken place"):
        save_follow_up(user(HOST), upcoming.id, MATERIAL)
    event = ended_event()
    with pytest.raises(PermissionDenied):
        save_follow_up(user(OUTSIDER), event.id, MATERIAL)
    with pytest.raises(ValidationFailed) as refused:
        save_follow_up(user(HOST), event.id, FollowUpInput(recording_url="javascript:alert(1)"))
    assert refused.value.field == "recording_url"
    saved = save_follow_up(user(EMBASSY), event.id, MATERIAL)  # a co-host may share it too
    assert saved.note("ja") == MATERIAL.note_ja and saved.note("en") == MATERIAL.note_en


def test_confirmed_attendees_are_emailed_once_in_their_language(app: Flask, inbox: Inbox) -> None:
    event = ended_event()
    ledger.opt_out("lars@example.dk", ReminderKind.FOLLOW_UP)
    save_follow_up(user(HOST), event.id, MATERIAL)
    # Queued at once after the save (the job runs after the commit): Aiko only, since
    # Lars turned these off and the waitlist had no seat; the periodic run finds nothing.
    assert send_follow_ups() == 0
    save_follow_up(
        user(HOST), event.id, MATERIAL._replace(note_en="Changed") if False else MATERIAL
    )
    assert send_follow_ups() == 0  # a change shows on the pages, nobody is emailed again
    (message,) = _follow_up_messages()
    assert message.recipient == "aiko@example.jp"
    email = inbox.last_to("aiko@example.jp")
    assert email["Subject"] == "[Co-host Planner] イベントのあとで：デンマークのデジタルヘルス"
    text = text_of(email)
    assert MATERIAL.note_ja in text and MATERIAL.recording_url in text
    assert MATERIAL.slides_url in text and "/registrations/" in text
    assert email["List-Unsubscribe"]


def test_the_recording_is_for_registrants_when_the_organizers_say_so(
    app: Flask, client: FlaskClient, auth
) -> None:  # noqa: ANN001
    event = ended_event()
    save_follow_up(user(HOST), event.id, MATERIAL)
    public = client.get(f"/events/{event.id}").text
    assert MATERIAL.note_en in public and MATERIAL.slides_url in public
    assert MATERIAL.recording_url not in public and "The recording is for registered" in public
    aiko = db.session.scalar(db.select(Registration).filter_by(email="aiko@example.jp"))
    manage = client.get(f"/registrations/{aiko.manage_token}").text
    assert MATERIAL.recording_url in manage
    auth.login(HOST)
    organizer = client.get(f"/events/{event.id}").text
    assert MATERIAL.recording_url in organizer and f"/events/{event.id}/follow-up" in organizer
    save_follow_up(
        user(HOST),
        event.id,
        FollowUpInput(recording_url=MATERIAL.recording_url, recording_for_registrants=False),
    )
    auth.logout()
    assert MATERIAL.recording_url in client.get(f"/events/{event.id}").text


def test_the_page_shares_it(app: Flask, client: FlaskClient, auth) -> None:  # noqa: ANN001
    event = ended_event()
    auth.login(HOST)
    page = client.get(f"/events/{event.id}/follow-up")
    assert page.status_code == 200 and "Share the follow-up material" in page.text
    token = auth.csrf_token(f"/events/{event.id}/follow-up")
    refused = client.post(
        f"/events/{event.id}/follow-up",
        data={"csrf_token": token, "slides_url": "not an address"},
    )
    assert refused.status_code == 400 and "http://" in refused.text
    done = client.post(
        f"/events/{event.id}/follow-up",
        data={"csrf_token": token, "note_en": "Thanks!", "slides_url": MATERIAL.slides_url},
    )
    assert done.status_code == 302
    assert "Thanks!" in client.get(f"/events/{event.id}").text


def test_the_api_reads_and_shares_it(app: Flask, api) -> None:  # noqa: ANN001
    event = ended_event()
    path = f"/api/v1/events/{event.id}/follow-up"
    empty = api.call("GET", path, "host")
    assert empty.status_code == 200 and empty.json["recording_url"] is None
    assert api.call("GET", path, "uninvolved").status_code in (403, 404)
    bad = api.call("PUT", path, "host", json={"slides_url": "ftp://example.org/x"})
    assert bad.status_code in (400, 422)
    shared = api.call(
        "PUT", path, "cohost", json={"note_en": "Thanks", "slides_url": MATERIAL.slides_url}
    )
    assert shared.status_code == 200 and shared.json["note_en"] == "Thanks"
    assert shared.json["recording_for_registrants"] is True and shared.json["emailed"] is True
    upcoming = published_event()
    assert (
        api.call("PUT", f"/api/v1/events/{upcoming.id}/follow-up", "host", json={}).status_code
        == 409
    )
