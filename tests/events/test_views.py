"""The co-hosting workflow in the browser, through the test client (both databases)."""

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm.exc import StaleDataError

from planner.events import editing, scheduling
from planner.extensions import db
from planner.models import Event, EventStatus, SlotResponse
from planner.unit_of_work import unit_of_work
from tests.factories import (
    CLUSTER,
    EMBASSY,
    HOST,
    agreed_event,
    post_form,
    proposed_event,
    published_event,
)


def proposal_form(**overrides: str) -> dict[str, str]:
    data = {
        "title_en": "Medicon Valley meets Nihonbashi",
        "title_ja": "メディコン・バレーと日本橋",
        "format": "symposium",
        "cohosts": ["dk-embassy", "dk-cluster"],
        "timezone": "Asia/Tokyo",
        "duration_minutes": "120",
        "slots-0-start": "2037-03-27T17:00",
        "slots-1-start": "2037-03-30T16:00",
        "language": "en",
        "send": "Send proposal",
    }
    data.update(overrides)
    return data


def test_organizer_proposes_through_the_form(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    response = post_form(client, "/events/new", "/events/new", proposal_form())
    assert response.status_code == 302
    event = db.session.scalar(db.select(Event))
    assert event.status == EventStatus.PROPOSED
    assert [slot.start_utc.isoformat() for slot in event.slots] == [
        "2037-03-27T08:00:00+00:00",
        "2037-03-30T07:00:00+00:00",
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Medicon Valley meets Nihonbashi" in page
    assert "Copenhagen" in page and "Tokyo" in page


def test_draft_is_saved_without_sending(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    data = proposal_form(save_draft="Save as draft")
    del data["send"]
    post_form(client, "/events/new", "/events/new", data)
    assert db.session.scalar(db.select(Event)).status == EventStatus.DRAFT


def test_nonexistent_time_is_explained_next_to_the_field(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    response = post_form(
        client,
        "/events/new",
        "/events/new",
        proposal_form(timezone="Europe/Copenhagen", **{"slots-0-start": "2037-03-29T02:30"}),
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "does not exist in Europe/Copenhagen" in body
    assert "01:55" in body and "03:00" in body  # on the inputs' 5-minute step
    assert "01:59" not in body
    assert 'value="Medicon Valley meets Nihonbashi"' in body  # typed values kept
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_ambiguous_time_offers_two_choices_then_accepts_one(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    typed = proposal_form(timezone="Europe/Copenhagen", **{"slots-0-start": "2037-10-25T02:30"})
    body = post_form(client, "/events/new", "/events/new", typed).get_data(as_text=True)
    assert "happens twice in Europe/Copenhagen" in body
    assert 'value="+02:00"' in body and 'value="+01:00"' in body
    typed["slots-0-choice"] = "+01:00"
    assert post_form(client, "/events/new", "/events/new", typed).status_code == 302
    slots = db.session.scalar(db.select(Event)).slots
    assert [slot.start_utc.isoformat() for slot in slots if slot.start_utc.month == 10] == [
        "2037-10-25T01:30:00+00:00"  # 02:30 CET, the second time the clock shows 02:30
    ]


def test_missing_cohosts_is_an_inline_error(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    data = proposal_form()
    data.pop("cohosts")
    response = post_form(client, "/events/new", "/events/new", data)
    assert response.status_code == 400
    assert "Choose at least one co-host organization." in response.get_data(as_text=True)


def test_cohost_answers_and_host_confirms_and_publishes(client: FlaskClient, auth, demo) -> None:
    event = proposed_event()
    first, second = event.slots
    for email, answer in ((EMBASSY, "yes"), (CLUSTER, "maybe")):
        auth.login(email)
        page = f"/events/{event.id}"
        response = post_form(
            client,
            page,
            f"{page}/answers",
            {
                "rows-0-slot_id": str(first.id),
                "rows-0-answer": answer,
                "rows-0-comment": "Works for us",
                "rows-1-slot_id": str(second.id),
                "rows-1-answer": "no",
            },
        )
        assert response.status_code == 302
        auth.logout()
    assert db.session.scalar(db.select(db.func.count()).select_from(SlotResponse)) == 6
    auth.login(HOST)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Confirm this time" in page
    assert page.count("Confirm this time") == 1  # only the slot everyone agreed to
    post_form(client, f"/events/{event.id}", f"/events/{event.id}/confirm", {"slot_id": first.id})
    post_form(client, f"/events/{event.id}", f"/events/{event.id}/publish", {})
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.PUBLISHED


def test_event_page_shows_both_cities_and_the_date_change(client: FlaskClient, demo) -> None:
    event = published_event()  # 17:00 in Tokyo = 09:00 in Copenhagen on 27 March 2037
    body = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert re.search(r"17:00</span>\s*<abbr[^>]*>JST", body)
    assert re.search(r"09:00</span>\s*<abbr[^>]*>CET", body)
    assert "https://example.org/join/123" not in body  # the join link is not public


def test_japanese_event_page(client: FlaskClient, demo) -> None:
    event = published_event()
    body = client.get(f"/events/{event.id}", headers={"Accept-Language": "ja"}).get_data(
        as_text=True
    )
    assert "デンマークと日本のデジタルヘルス" in body
    assert "2037年3月27日(金)" in body
    assert "東京" in body and "コペンハーゲン" in body


def test_reschedule_raises_sequence(client: FlaskClient, auth, demo) -> None:
    event = published_event()
    auth.login(HOST)
    page = f"/events/{event.id}/reschedule"
    assert 'value="2037-03-27T17:00"' in client.get(page).get_data(as_text=True)
    response = post_form(
        client,
        page,
        page,
        {
            "version": str(event.version),
            "timezone": "Asia/Tokyo",
            "start": "2037-03-27T18:00",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Event, event.id)
    assert (moved.sequence, moved.start_utc.hour) == (1, 9)


def test_stale_edit_shows_what_changed_and_keeps_my_text(client: FlaskClient, auth, demo) -> None:
    event = proposed_event()
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    opened_version = str(event.version)
    base = {"format": "webinar", "language": "en", "capacity": "300"}
    first = post_form(
        client, page, page, {**base, "version": opened_version, "title_en": "Edited by Yuki"}
    )
    assert first.status_code == 302
    second = post_form(
        client, page, page, {**base, "version": opened_version, "title_en": "Edited by a colleague"}
    )
    assert second.status_code == 409
    body = second.get_data(as_text=True)
    assert "Someone else saved changes" in body
    assert "Edited by Yuki" in body and 'value="Edited by a colleague"' in body
    db.session.expire_all()
    assert db.session.get(Event, event.id).title_en == "Edited by Yuki"


def test_losing_a_save_race_shows_the_conflict_page_not_a_500(
    client: FlaskClient, auth, demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other save wins at the very moment of this one: the version counter refuses
    # the UPDATE (StaleDataError). The page must still show what the event is now.
    event = published_event()
    auth.login(HOST)

    def lose_the_race(*args: object, **kwargs: object) -> None:
        with unit_of_work():
            raise StaleDataError("UPDATE events ... 0 were matched")

    monkeypatch.setattr(editing, "update_event_details", lose_the_race)
    monkeypatch.setattr(scheduling, "reschedule_event", lose_the_race)
    page = f"/events/{event.id}/edit"
    edit = {"format": "webinar", "language": "en", "title_en": "Mine", "version": "1"}
    response = post_form(client, page, page, edit)
    assert response.status_code == 409
    assert 'value="Mine"' in response.get_data(as_text=True)
    assert "at the same moment" in response.get_data(as_text=True)
    page = f"/events/{event.id}/reschedule"
    move = {"version": str(event.version), "timezone": "Asia/Tokyo", "start": "2037-03-27T18:00"}
    response = post_form(client, page, page, move)
    assert response.status_code == 409
    assert "at the same moment" in response.get_data(as_text=True)


def test_cancel_keeps_the_event_visible_as_cancelled(client: FlaskClient, auth, demo) -> None:
    event = published_event()
    auth.login(HOST)
    page = f"/events/{event.id}/cancel"
    assert "Cancel the event and tell everyone" in client.get(page).get_data(as_text=True)
    post_form(client, page, page, {"reason_en": "The speaker is ill"})
    auth.logout()
    body = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "This event is cancelled." in body and "The speaker is ill" in body


def test_forbidden_transition_is_a_409_page(client: FlaskClient, auth, demo) -> None:
    event = agreed_event()
    auth.login(HOST)
    response = post_form(client, f"/events/{event.id}", f"/events/{event.id}/withdraw", {})
    assert response.status_code == 409
    assert "This event is confirmed, so it cannot be withdrawn" in response.get_data(as_text=True)


def test_time_preview_json(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    ok = client.get(
        "/events/time-preview?start=2037-03-27T07:00&timezone=Asia/Tokyo&zones=Europe/Copenhagen"
    ).json
    assert ok["ok"] is True
    assert [(c["city"], c["time_text"], c["day_shift"]) for c in ok["cities"]] == [
        ("Tokyo", "07:00", 0),
        ("Copenhagen", "23:00", -1),
    ]
    gap = client.get("/events/time-preview?start=2037-03-29T02:30&timezone=Europe/Copenhagen").json
    assert gap["ok"] is False and gap["code"] == "nonexistent_local_time"
    fold = client.get("/events/time-preview?start=2037-10-25T02:30&timezone=Europe/Copenhagen").json
    assert [c["offset"] for c in fold["choices"]] == ["+02:00", "+01:00"]


def test_dashboard_groups_what_waits_for_me(client: FlaskClient, auth, demo) -> None:
    proposed_event()
    auth.login(EMBASSY)
    body = client.get("/dashboard").get_data(as_text=True)
    assert "Waiting for your organization" in body
    assert "Digital health in Denmark and Japan" in body


def test_edit_without_a_readable_version_never_overwrites_silently(
    client: FlaskClient, auth, demo
) -> None:
    event = proposed_event()
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    response = post_form(
        client,
        page,
        page,
        {"version": "²", "title_en": "Blind overwrite", "format": "webinar", "language": "en"},
    )
    assert response.status_code == 409
    assert "This form does not come from the current event" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).title_en == "Digital health in Denmark and Japan"


def test_stale_reschedule_keeps_the_form_and_explains(client: FlaskClient, auth, demo) -> None:
    event = published_event()
    auth.login(HOST)
    page = f"/events/{event.id}/reschedule"
    stale_version = str(event.version)
    first = post_form(
        client,
        page,
        page,
        {"version": stale_version, "timezone": "Asia/Tokyo", "start": "2037-03-27T18:00"},
    )
    assert first.status_code == 302
    second = post_form(
        client,
        page,
        page,
        {"version": stale_version, "timezone": "Asia/Tokyo", "start": "2037-03-27T19:00"},
    )
    assert second.status_code == 409
    body = second.get_data(as_text=True)
    assert "Only these fields were changed by both of you" in body
    assert 'value="2037-03-27T19:00"' in body
    db.session.expire_all()
    assert db.session.get(Event, event.id).start_utc.hour == 9  # 18:00 JST, the first move
