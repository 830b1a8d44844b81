"""Forms that fit: the language menu, the personal and speaker zone menus, password help."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import Event, User
from tests.factories import post_form

EMAIL = "organizer@dk-cluster.example"
ADMIN = "admin@link-j.example"


def _selected(html: str, name: str) -> str | None:
    """The value of the selected option of the select called ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    chosen = re.search(r'<option selected value="([^"]*)"', select) or re.search(
        r'<option value="([^"]*)" selected', select
    )
    return chosen.group(1) if chosen else None


def test_language_menu_shows_the_page_language_in_its_own_name(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    auth.login(EMAIL)
    db.session.scalar(db.select(User).filter_by(email=EMAIL)).locale = None
    db.session.flush()
    html = client.get("/account", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert _selected(html, "locale") == "ja"
    assert ">English</option>" in html and ">日本語</option>" in html


def test_language_menu_preselects_the_stored_language(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    db.session.scalar(db.select(User).filter_by(email=EMAIL)).locale = "ja"
    db.session.flush()
    html = client.get("/account").get_data(as_text=True)
    assert _selected(html, "locale") == "ja"


def test_personal_zone_is_the_zone_menu_with_an_organization_choice(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    auth.login(EMAIL)
    html = client.get("/account").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="timezone"', html)
    assert "— organization&#39;s zone —" in html or "— organization's zone —" in html
    assert _selected(html, "timezone") == ""
    response = post_form(
        client, "/account", "/account/preferences", {"locale": "en", "timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    html = client.get("/account").get_data(as_text=True)
    assert _selected(html, "timezone") == "Asia/Tokyo"


def test_admin_sets_a_personal_zone_and_new_accounts_get_true_password_help(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    auth.login(ADMIN)
    new_form = client.get("/admin/users/new").get_data(as_text=True)
    assert "Leave empty to keep the current password" not in new_form
    assert "The new account signs in with it." in new_form
    assert re.search(r'<select[^>]*name="timezone"', new_form)
    user = db.session.scalar(db.select(User).filter_by(email=EMAIL))
    edit_form = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Leave empty to keep the current password" in edit_form
    response = post_form(
        client,
        f"/admin/users/{user.id}",
        f"/admin/users/{user.id}",
        {
            "email": user.email,
            "display_name": user.display_name,
            "role": "organizer",
            "organization_id": str(user.organization_id),
            "active": "y",
            "timezone": "Europe/Copenhagen",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).timezone == "Europe/Copenhagen"


def test_speaker_zone_is_a_menu_that_may_stay_empty(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login("organizer@link-j.example")
    html = client.get("/events/new").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="speakers-0-timezone"', html)
    assert _selected(html, "speakers-0-timezone") == ""
    assert "— not given —" in html
    response = post_form(
        client,
        "/events/new",
        "/events/new",
        {
            "title_en": "Speaker zones",
            "format": "webinar",
            "cohosts": "dk-embassy",
            "duration_minutes": "60",
            "timezone": "Asia/Tokyo",
            "slots-0-start": "2027-03-02T17:00",
            "language": "en",
            "speakers-0-name": "Anna Berg",
            "speakers-0-timezone": "Europe/Copenhagen",
            "speakers-1-name": "Ken Sato",
            "speakers-1-timezone": "",
            "send": "Send proposal",
        },
    )
    assert response.status_code == 302
    event = db.session.scalar(db.select(Event).filter_by(title_en="Speaker zones"))
    assert [(s.name, s.timezone) for s in event.speakers] == [
        ("Anna Berg", "Europe/Copenhagen"),
        ("Ken Sato", None),
    ]
