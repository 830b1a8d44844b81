"""Personal API tokens: issuing, using, listing, revoking, and the sign-in rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from planner.accounts import api_tokens
from planner.demo.seed import DEMO_PASSWORD
from planner.extensions import db
from planner.models import ApiToken, AuditEntry, utc_now
from tests.api_client import Api
from tests.factories import OUTSIDER, user

HOST_EMAIL = "organizer@link-j.example"


def _create(client: FlaskClient, **body: str):
    return client.post("/api/v1/tokens", json=body)


def test_password_gives_a_token_that_works_and_is_stored_only_as_a_hash(
    client: FlaskClient, demo
) -> None:  # noqa: ANN001
    response = _create(client, email=HOST_EMAIL, password=DEMO_PASSWORD, label="Website sync")
    assert response.status_code == 201
    secret = response.json["token"]
    assert secret.startswith("chp_") and len(secret) > 40
    assert response.json["label"] == "Website sync"
    stored = db.session.get(ApiToken, response.json["id"])
    assert stored.token_hash == api_tokens.hash_token(secret) != secret
    assert secret not in repr([stored.label, stored.token_hash])
    mine = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert mine.status_code == 200
    assert mine.json == {
        "tokens": [
            {
                "id": stored.id,
                "label": "Website sync",
                "created_at": mine.json["tokens"][0]["created_at"],
                "last_used_at": mine.json["tokens"][0]["last_used_at"],
            }
        ]
    }
    assert mine.json["tokens"][0]["last_used_at"] is not None
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert "token.create" in actions


def test_unknown_email_and_wrong_password_get_the_same_401(client: FlaskClient, demo) -> None:  # noqa: ANN001
    unknown = _create(client, email="nobody@example.org", password=DEMO_PASSWORD)
    wrong = _create(client, email=HOST_EMAIL, password="not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json == wrong.json
    assert unknown.json["error"]["code"] == "invalid_credentials"
    assert unknown.headers["WWW-Authenticate"].startswith("Bearer")


def test_missing_fields_are_400(client: FlaskClient, demo) -> None:  # noqa: ANN001
    response = _create(client, email=HOST_EMAIL)
    assert (response.status_code, response.json["error"]["field"]) == (400, "password")
    too_long = _create(client, email=HOST_EMAIL, password=DEMO_PASSWORD, label="x" * 101)
    assert (too_long.status_code, too_long.json["error"]["field"]) == (400, "label")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "authentication_required"),
        ("Bearer chp_not-a-real-token", "invalid_token"),
        ("Bearer " + "x" * 5000, "invalid_token"),
        ("Basic b3JnYW5pemVyOnBsYW5uZXI=", "invalid_token"),
        ("Bearer", "invalid_token"),
    ],
)
def test_protected_endpoints_refuse_missing_and_bad_tokens(
    client: FlaskClient, demo, header: str | None, code: str
) -> None:  # noqa: ANN001
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/v1/events", json={}, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Co-host Planner API"'
    assert response.json["error"]["code"] == code


def test_a_bad_token_is_refused_even_where_visitors_are_welcome(api: Api) -> None:
    assert api.call("GET", "/api/v1/events").status_code == 200
    bad = api.client.get("/api/v1/events", headers={"Authorization": "Bearer chp_nope"})
    assert bad.status_code == 401


def test_revoked_token_stops_working_at_once(api: Api) -> None:
    token_id = api.call("GET", "/api/v1/tokens", "cohost").json["tokens"][0]["id"]
    assert api.call("DELETE", f"/api/v1/tokens/{token_id}", "cohost").status_code == 204
    again = api.call("GET", "/api/v1/tokens", "cohost")
    assert (again.status_code, again.json["error"]["code"]) == (401, "invalid_token")


def test_revoking_someone_elses_token_is_404(api: Api) -> None:
    theirs = api.call("GET", "/api/v1/tokens", "cohost").json["tokens"][0]["id"]
    assert api.call("DELETE", f"/api/v1/tokens/{theirs}", "uninvolved").status_code == 404
    assert api.call("DELETE", "/api/v1/tokens/999999", "uninvolved").status_code == 404
    assert api.call("GET", "/api/v1/tokens", "cohost").status_code == 200


def test_deactivated_users_tokens_stop_working(api: Api) -> None:
    member = user(OUTSIDER)
    member.active = False
    db.session.commit()
    assert api.call("GET", "/api/v1/tokens", "uninvolved").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(api: Api, monkeypatch) -> None:  # noqa: ANN001
    start = utc_now()
    monkeypatch.setattr(api_tokens, "utc_now", lambda: start)
    api.call("GET", "/api/v1/tokens", "host")
    monkeypatch.setattr(api_tokens, "utc_now", lambda: start + timedelta(seconds=30))
    listed = api.call("GET", "/api/v1/tokens", "host").json["tokens"]
    first_use = listed[0]["last_used_at"]
    assert first_use == start.isoformat(timespec="seconds").replace("+00:00", "Z")
    monkeypatch.setattr(api_tokens, "utc_now", lambda: start + timedelta(minutes=2))
    later = api.call("GET", "/api/v1/tokens", "host").json["tokens"][0]["last_used_at"]
    assert later > first_use


def test_token_creation_is_rate_limited_per_address(client: FlaskClient, demo) -> None:  # noqa: ANN001
    # Ten guesses at ten addresses: each account's own limit is never reached.
    answers = [
        _create(client, email=f"guess{n}@link-j.example", password="guess").status_code
        for n in range(10)
    ]
    assert answers == [401] * 10
    limited = _create(client, email=HOST_EMAIL, password=DEMO_PASSWORD)
    assert limited.status_code == 429
    assert limited.json["error"]["code"] == "too_many_requests"
    assert limited.json["error"]["message"]
    assert "Retry-After" in limited.headers
    other_address = client.post(
        "/api/v1/tokens",
        json={"email": HOST_EMAIL, "password": DEMO_PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert other_address.status_code == 201


def test_web_sign_in_shares_the_limit_and_answers_a_page(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    for n in range(10):
        assert _create(client, email=f"guess{n}@link-j.example", password="x").status_code == 401
    page = auth.login(HOST_EMAIL)
    assert page.status_code == 429
    assert page.mimetype == "text/html"
    assert "Too many attempts" in page.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # only sign-in attempts are counted
