"""The account page: preferences, personal API tokens and the organizer feed address."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from planner.accounts.api_tokens import create_token
from planner.extensions import db
from planner.models import ApiToken, CalendarFeedToken, User
from tests.factories import post_form

EMAIL = "organizer@dk-cluster.example"


def _post(client: FlaskClient, path: str, data: dict[str, str] | None = None):
    return post_form(client, "/account", path, data or {})


def _me() -> User:
    db.session.expire_all()
    return db.session.scalar(db.select(User).filter_by(email=EMAIL))


def _feed_url(html: str) -> str:
    match = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_page_shows_preferences_tokens_and_feed(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    response = client.get("/account")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/account"' in html  # the header link
    assert "Europe/Copenhagen" in html  # the organization's zone, as the default
    assert "You have no API tokens." in html
    assert " style=" not in html and "<script>" not in html and " onclick" not in html
    # Showing the page writes nothing: the feed address exists once asked for.
    assert db.session.scalar(db.select(CalendarFeedToken.token)) is None
    assert 'id="feed-url"' not in html and "Create my feed address" in html
    created = _post(client, "/feeds/organizer/new-address", {"next": "/account"})
    assert (created.status_code, created.headers["Location"]) == (302, "/account")
    feed_token = db.session.scalar(db.select(CalendarFeedToken.token))
    html = client.get("/account").get_data(as_text=True)
    assert _feed_url(html) == f"http://planner.test/feeds/organizer/{feed_token}.ics"
    assert "Your private feed address is ready." in html


def test_preferences_are_saved(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    response = _post(client, "/account/preferences", {"locale": "ja", "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
    me = _me()
    assert (me.locale, me.timezone) == ("ja", "Asia/Tokyo")
    assert 'lang="ja"' in client.get("/account").get_data(as_text=True)
    _post(client, "/account/preferences", {"locale": "en", "timezone": ""})
    assert (_me().locale, _me().timezone) == ("en", None)


def test_unknown_zone_is_explained_next_to_the_field(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    response = _post(
        client, "/account/preferences", {"locale": "en", "timezone": "Europe/Copenhagn"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="timezone-error"' in html
    assert "Europe/Copenhagn is not a known time zone" in html
    # A menu now (a tampered or stale post still gets the message, not a 500).
    assert '<option value="Europe/Copenhagen">Europe/Copenhagen</option>' in html
    assert _me().timezone is None


def test_token_is_shown_once_works_and_can_be_revoked(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    created = _post(client, "/account/tokens", {"label": "Partner website"})
    assert created.status_code == 200
    html = created.get_data(as_text=True)
    secret = re.search(r'id="new-token" type="text" readonly value="(chp_[^"]+)"', html).group(1)
    assert "Partner website" in html
    assert secret not in client.get("/account").get_data(as_text=True)
    api = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    token_id = api.json["tokens"][0]["id"]
    revoked = _post(client, f"/account/tokens/{token_id}/revoke")
    assert revoked.status_code == 302
    assert db.session.get(ApiToken, token_id).revoked_at is not None
    again = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert again.status_code == 401


def test_too_long_label_is_refused(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    response = _post(client, "/account/tokens", {"label": "x" * 101})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_someone_elses_token_cannot_be_revoked(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    other = db.session.scalar(db.select(User).filter_by(email="organizer@medicon.example"))
    theirs = create_token(other, "Medicon script").record.id
    auth.login(EMAIL)
    assert _post(client, f"/account/tokens/{theirs}/revoke").status_code == 404
    assert db.session.get(ApiToken, theirs).revoked_at is None


def test_replacing_the_feed_address_retires_the_old_one(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(EMAIL)
    _post(client, "/feeds/organizer/new-address", {"next": "/account"})
    before = _feed_url(client.get("/account").get_data(as_text=True))
    assert _post(client, "/feeds/organizer/new-address", {"next": "/account"}).status_code == 302
    after = _feed_url(client.get("/account").get_data(as_text=True))
    assert after != before
    old_token = before.rsplit("/", 1)[1].removesuffix(".ics")
    old = db.session.scalar(db.select(CalendarFeedToken).filter_by(token=old_token))
    assert old.revoked_at is not None
    # The one route for a new address: the account page has no route of its own.
    assert _post(client, "/account/feed/replace").status_code == 404
