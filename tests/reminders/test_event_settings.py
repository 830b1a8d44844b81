"""Organizers choose an event's reminders on its edit page and through the API."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import AuditEntry, Event
from tests.api_client import Api
from tests.factories import HOST, post_form, published_event


def _saved(event_id: int) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event_id)


def test_a_new_event_reminds_the_day_before_and_an_hour_before(demo) -> None:  # noqa: ANN001
    event = published_event()
    assert (event.reminder_offsets, event.reminder_alarms) == ([1440, 60], False)


def test_the_edit_page_offers_the_choices_and_saves_them(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event()
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    shown = client.get(page).get_data(as_text=True)
    assert "A week before" in shown and "Fifteen minutes before" in shown
    ticked = set(re.findall(r'<input checked id="reminder_offsets-\d" [^>]*value="(\d+)"', shown))
    assert ticked == {"1440", "60"}
    form = {
        "version": str(event.version),
        "title_en": event.title_en,
        "format": str(event.format),
        "description_en": event.description_en,
        "language": event.language,
        "reminder_offsets": ["15", "10080"],
        "reminder_alarms": "y",
    }
    assert post_form(client, page, page, form).status_code == 302
    saved = _saved(event.id)
    assert (saved.reminder_offsets, saved.reminder_alarms) == ([10080, 15], True)
    entry = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "event.update")
    ).all()[-1]
    assert entry.after["reminder_offsets"] == [10080, 15]
    history = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "A week before, Fifteen minutes before" in history

    # Ticking none turns them off; an unknown choice is refused.
    del form["reminder_offsets"]
    form["version"] = str(saved.version)
    assert post_form(client, page, page, form).status_code == 302
    assert _saved(event.id).reminder_offsets == []
    refused = post_form(client, page, page, {**form, "reminder_offsets": ["30"]})
    assert refused.status_code == 400


def test_the_api_shows_and_changes_them(api: Api) -> None:
    event = published_event()
    path = f"/api/v1/events/{event.id}"
    shown = api.call("GET", path, "host").json
    assert (shown["reminder_offsets"], shown["reminder_alarms"]) == ([1440, 60], False)
    changed = api.change("PATCH", path, "host", {"reminder_offsets": [60, 2880, 60]})
    assert changed.status_code == 200, changed.json
    assert changed.json["reminder_offsets"] == [2880, 60]
    assert api.change("PATCH", path, "host", {"reminder_offsets": [30]}).status_code == 400
    assert api.change("PATCH", path, "host", {"reminder_offsets": None}).status_code == 400
    off = api.change("PATCH", path, "host", {"reminder_offsets": [], "reminder_alarms": True})
    assert (off.json["reminder_offsets"], off.json["reminder_alarms"]) == ([], True)
    # Co-hosts edit texts only.
    assert api.change("PATCH", path, "cohost", {"reminder_offsets": [60]}).status_code == 403
    document = api.call("GET", "/api/v1/openapi.json").json
    patch = document["components"]["schemas"]["EventPatch"]["properties"]
    assert "reminder_offsets" in patch and "reminder_alarms" in patch
