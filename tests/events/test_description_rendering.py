"""Descriptions are rendered once, when saved: views, feeds and previews read stored HTML.

On SQLite and PostgreSQL. The renderer is wrapped to count its calls: however often an
event's page, calendar file or publish preview is opened, Markdown is not rendered
again; each save that sets a description renders that description once, whichever
path (edit page, operation, API) sets it.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from planner.core import rich_text
from planner.events import editing
from planner.extensions import db
from planner.models import Event
from tests.api_client import Api, example_body
from tests.factories import HOST, agreed_event, post_form, published_event, user

MARKDOWN = "Join **Anna Berg**.\n\n- Tokyo\n- Copenhagen\n\n[Programme](https://x.example/p)"
RENDERED = rich_text.render_html(MARKDOWN)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts rendered from here on (the real renderer still does the work)."""
    calls: list[str] = []
    real = rich_text.render_html

    def counting(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(rich_text, "render_html", counting)
    return calls


def _saved(event_id: int) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event_id)


def test_views_render_nothing_and_an_edit_renders_once(
    client: FlaskClient,
    demo,  # noqa: ANN001
    renders: list[str],
) -> None:
    event = published_event(description_en=MARKDOWN)
    assert renders == [MARKDOWN]  # the proposal stored it, rendered
    renders.clear()

    for _ in range(5):
        page = client.get(f"/events/{event.id}").get_data(as_text=True)
        assert RENDERED in page
        calendar = client.get(f"/events/{event.id}.ics").get_data(as_text=True)
        assert "Join Anna Berg." in calendar and "**" not in calendar
    assert renders == []

    editing.update_event_details(
        user(HOST), event.id, {"description_en": "Now *in* Copenhagen."}, event.version
    )
    assert renders == ["Now *in* Copenhagen."]
    saved = _saved(event.id)
    assert saved.description_html_en == "<p>Now <em>in</em> Copenhagen.</p>"
    assert "<p>Now <em>in</em> Copenhagen.</p>" in client.get(f"/events/{event.id}").text
    assert len(renders) == 1


def test_an_edit_of_other_details_renders_nothing(demo, renders: list[str]) -> None:  # noqa: ANN001
    event = published_event(description_en=MARKDOWN)
    renders.clear()
    editing.update_event_details(user(HOST), event.id, {"venue": "Room 5"}, event.version)
    assert renders == []
    assert _saved(event.id).description_html_en == RENDERED


def test_the_publish_preview_reads_both_stored_languages(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
    renders: list[str],
) -> None:
    event = agreed_event(description_en=MARKDOWN, description_ja="**二都市**の催し。")
    renders.clear()
    auth.login(HOST)
    page = client.get(f"/events/{event.id}/publish").get_data(as_text=True)
    assert RENDERED in page
    assert "<p><strong>二都市</strong>の催し。</p>" in page
    assert renders == []


def test_the_edit_page_keeps_both_languages_html_in_step(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    event = published_event(description_ja="日本語の**説明**。")
    assert event.description_html_ja == "<p>日本語の<strong>説明</strong>。</p>"
    auth.login(HOST)
    page = f"/events/{event.id}/edit"
    form = {
        "version": str(event.version),
        "title_en": event.title_en,
        "title_ja": event.title_ja or "",
        "format": str(event.format),
        "description_en": "English *only* now.",
        "description_ja": "",
        "language": event.language,
        "venue": event.venue or "",
        "online_url": event.online_url or "",
        "capacity": str(event.capacity or ""),
    }
    post_form(client, page, page, form)
    saved = _saved(event.id)
    assert (saved.description_ja, saved.description_html_ja) == (None, None)
    assert saved.description_html_en == "<p>English <em>only</em> now.</p>"
    japanese = client.get(f"/events/{event.id}", headers={"Accept-Language": "ja"}).text
    auth.logout()
    visitor = client.get(f"/events/{event.id}", headers={"Accept-Language": "ja"}).text
    # Without a Japanese description, both readers see the English one.
    assert "<p>English <em>only</em> now.</p>" in japanese
    assert "<p>English <em>only</em> now.</p>" in visitor


def test_the_api_stores_html_for_what_it_sets(api: Api, renders: list[str]) -> None:
    body = example_body(description="API *text*", description_ja="API の**説明**")
    created = api.call("POST", "/api/v1/events", "host", body)
    assert created.status_code == 201, created.json
    saved = _saved(created.json["id"])
    assert saved.description_html_en == "<p>API <em>text</em></p>"
    assert saved.description_html_ja == "<p>API の<strong>説明</strong></p>"
    assert sorted(renders) == sorted(["API *text*", "API の**説明**"])

    renders.clear()
    changed = api.call(
        "PATCH",
        f"/api/v1/events/{saved.id}",
        "host",
        {"description_ja": None, "version": saved.version},
        {"If-Match": created.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.json
    saved = _saved(saved.id)
    assert (saved.description_ja, saved.description_html_ja) == (None, None)
    assert saved.description_html_en == "<p>API <em>text</em></p>"
    assert renders == []  # a cleared description has nothing to render
