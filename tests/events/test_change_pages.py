"""The pages that change an agreed event: edit, reschedule, publish and cancel.

Through the test client as a browser would post them: every field the form shows is
sent, with the version the page was opened at.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from planner.events import editing
from planner.events.negotiation import SlotInput
from planner.extensions import db
from planner.models import Event, EventStatus, RegistrationStatus
from tests.factories import (
    CLUSTER,
    HOST,
    JOIN_URL,
    agreed_event,
    post_form,
    published_event,
    register,
    user,
)


def _edit_form(event: Event, **changes: str) -> dict[str, str]:
    """The host's edit form as it was opened on ``event``, with ``changes`` typed in."""
    form = {
        "version": str(event.version),
        "title_en": event.title_en,
        "title_ja": event.title_ja or "",
        "format": str(event.format),
        "description_en": event.description_en,
        "description_ja": event.description_ja or "",
        "language": event.language,
        "venue": event.venue or "",
        "online_url": event.online_url or "",
        "capacity": str(event.capacity or ""),
    }
    for index, speaker in enumerate(event.speakers):
        form[f"speakers-{index}-name"] = speaker.name
        form[f"speakers-{index}-affiliation"] = speaker.affiliation
        form[f"speakers-{index}-timezone"] = speaker.timezone or ""
    form.update(changes)
    return form


def _saved(event_id: int) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event_id)


def test_the_reschedule_page_opens_with_the_current_details(
    client: FlaskClient, auth, demo
) -> None:  # noqa: ANN001
    event = published_event(venue="Nihonbashi", duration_minutes=90)
    auth.login(HOST)
    body = client.get(f"/events/{event.id}/reschedule").get_data(as_text=True)
    assert f'value="{JOIN_URL}"' in body
    assert 'value="Nihonbashi"' in body and 'value="90"' in body
    assert "Back to the event without changes" in body


def test_the_reschedule_page_flags_the_current_time(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    # Easter Monday 2037 (6 April) is a public holiday in Denmark, where the cluster is.
    event = published_event(slots=[SlotInput("2037-04-06T17:00", "Asia/Tokyo")])
    auth.login(HOST)
    body = client.get(f"/events/{event.id}/reschedule").get_data(as_text=True)
    assert "Public holiday in Denmark: Easter Monday" in body


def test_changing_only_the_start_keeps_the_join_link(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    event = published_event(venue="Nihonbashi", duration_minutes=90)
    auth.login(HOST)
    page = f"/events/{event.id}/reschedule"
    form = {
        "version": str(event.version),
        "timezone": "Asia/Tokyo",
        "start": "2037-06-01T18:00",
        "duration_minutes": "90",
        "venue": "Nihonbashi",
        "online_url": JOIN_URL,
    }
    assert post_form(client, page, page, form).status_code == 302
    saved = _saved(event.id)
    assert (saved.online_url, saved.venue, saved.duration_minutes) == (JOIN_URL, "Nihonbashi", 90)
    assert saved.start_utc.month == 6


def test_two_organizers_editing_different_fields_keep_both_changes(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event()
    opened = _edit_form(event)  # both organizers opened the page now
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    assert post_form(client, page, page, {**opened, "title_en": "Title by A"}).status_code == 302
    second = post_form(client, page, page, {**opened, "description_en": "Text by B"})
    assert second.status_code == 302
    saved = _saved(event.id)
    assert (saved.title_en, saved.description_en) == ("Title by A", "Text by B")


def test_a_clash_is_shown_side_by_side_and_can_be_settled_for_theirs(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event()
    opened = _edit_form(event)
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    post_form(client, page, page, {**opened, "title_en": "Title by A"})
    clash = post_form(client, page, page, {**opened, "title_en": "Title by B", "venue": "Room 5"})
    assert clash.status_code == 409
    body = clash.get_data(as_text=True)
    assert "Only these fields were changed by both of you" in body
    assert 'name="resolve-title_en" value="theirs"' in body
    assert "Title by A" in body and 'value="Title by B"' in body
    assert 'value="Room 5"' in body  # B's own change is kept in the form
    saved = _saved(event.id)
    assert (saved.title_en, saved.venue) == ("Title by A", None)  # nothing half-written

    settled = _edit_form(saved, title_en="Title by B", venue="Room 5")
    settled["resolve-title_en"] = "theirs"
    assert post_form(client, page, page, settled).status_code == 302
    saved = _saved(event.id)
    assert (saved.title_en, saved.venue) == ("Title by A", "Room 5")


def test_the_edit_page_edits_link_venue_and_speakers_after_publishing(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event()
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    body = client.get(page).get_data(as_text=True)
    assert 'name="online_url"' in body and 'name="venue"' in body
    assert 'name="speakers-0-name"' in body
    form = _edit_form(
        event,
        online_url="https://example.org/join/new",
        **{"speakers-0-name": "Mette Jensen", "speakers-0-affiliation": "DTU"},
    )
    assert post_form(client, page, page, form).status_code == 302
    saved = _saved(event.id)
    assert saved.online_url == "https://example.org/join/new"
    assert [(s.name, s.affiliation) for s in saved.speakers] == [("Mette Jensen", "DTU")]
    assert saved.status == EventStatus.PUBLISHED


def test_a_cohost_edits_only_the_texts(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    event = published_event()
    auth.login(CLUSTER)
    page = f"/events/{event.id}/edit"
    body = client.get(page).get_data(as_text=True)
    assert 'name="title_ja"' in body and 'name="venue"' not in body
    form = {
        "version": str(event.version),
        "title_en": event.title_en,
        "title_ja": "デジタルヘルス（改訂）",
        "description_en": event.description_en,
        "description_ja": event.description_ja or "",
        # A hand-made post of a host-only field is not read from a co-host's form.
        "venue": "Sneaked in",
    }
    assert post_form(client, page, page, form).status_code == 302
    saved = _saved(event.id)
    assert (saved.title_ja, saved.venue) == ("デジタルヘルス（改訂）", None)


def test_publishing_asks_first_and_shows_both_languages(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    event = agreed_event(description_ja=None)
    auth.login(HOST)
    show = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f'href="/events/{event.id}/publish"' in show
    page = f"/events/{event.id}/publish"
    body = client.get(page).get_data(as_text=True)
    assert "Publish this event?" in body
    assert event.title_en in body and "デンマークと日本のデジタルヘルス" in body
    assert "Nothing is written in this language yet" in body
    assert _saved(event.id).status == EventStatus.CONFIRMED  # looking publishes nothing
    assert post_form(client, page, page, {}).status_code == 302
    assert _saved(event.id).status == EventStatus.PUBLISHED


def test_cancelling_asks_first_and_attendees_read_the_reason_in_their_language(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event()
    register(event, "seat@example.org", RegistrationStatus.CONFIRMED)
    register(event, "waiting@example.org", RegistrationStatus.WAITLISTED)
    auth.login(HOST)
    page = f"/events/{event.id}/cancel"
    body = client.get(page).get_data(as_text=True)
    assert "Registered attendees: 1" in body and "People on the waitlist: 1" in body
    assert _saved(event.id).status == EventStatus.PUBLISHED
    reasons = {"reason_en": "The speaker is ill.", "reason_ja": "講演者が病気のため中止します。"}
    assert post_form(client, page, page, reasons).status_code == 302
    auth.logout()
    english = client.get(f"/events/{event.id}").get_data(as_text=True)
    japanese = client.get(f"/events/{event.id}", headers={"Accept-Language": "ja"}).get_data(
        as_text=True
    )
    assert "The speaker is ill." in english
    assert "講演者が病気のため中止します。" in japanese


def _reschedule_form(event: Event, **changes: str) -> dict[str, str]:
    """The reschedule form as it was opened on ``event``, with ``changes`` typed in."""
    form = {
        "version": str(event.version),
        "timezone": "Asia/Tokyo",
        "start": "2037-06-01T18:00",
        "duration_minutes": str(event.duration_minutes),
        "venue": event.venue or "",
        "online_url": event.online_url or "",
    }
    form.update(changes)
    return form


def test_resending_a_reschedule_after_a_clash_keeps_the_other_organizers_venue(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event(venue="Old room")
    opened = _reschedule_form(event)
    auth.login(HOST)
    page = f"/events/{event.id}/reschedule"
    first = {**opened, "start": "2037-06-02T18:00", "venue": "Room by A"}
    assert post_form(client, page, page, first).status_code == 302
    clash = post_form(client, page, page, opened)  # B moves the start elsewhere
    assert clash.status_code == 409
    body = clash.get_data(as_text=True)
    assert 'value="Room by A"' in body and 'value="Old room"' not in body
    resent = re.search(r'name="version" type="hidden" value="(\d+)"', body)
    assert resent is not None
    again = {**opened, "version": resent.group(1), "venue": "Room by A"}
    assert post_form(client, page, page, again).status_code == 302
    saved = _saved(event.id)
    assert (saved.venue, saved.start_utc.day) == ("Room by A", 1)


def test_a_reschedule_from_no_known_version_is_refused_and_changes_nothing(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event(venue="Old room")
    auth.login(HOST)
    page = f"/events/{event.id}/reschedule"
    response = post_form(client, page, page, _reschedule_form(event, version="abc", venue=""))
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert 'name="version" type="hidden" value="abc"' in body  # kept: sent again, refused again
    assert "This form does not come from the current event" in body
    saved = _saved(event.id)
    assert (saved.venue, saved.start_utc) == ("Old room", event.start_utc)


def test_browser_line_breaks_do_not_make_an_unchanged_description_a_change(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event(description_en="First line.\nSecond line.")
    opened = _edit_form(event, description_en="First line.\r\nSecond line.")  # as sent
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    editing.update_event_details(
        user(CLUSTER), event.id, {"description_en": "Rewritten by the cluster."}, event.version
    )
    assert post_form(client, page, page, {**opened, "venue": "Room 5"}).status_code == 302
    saved = _saved(event.id)
    assert (saved.description_en, saved.venue) == ("Rewritten by the cluster.", "Room 5")
