"""The application factory, security headers and error pages."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner import create_app
from planner.extensions import db


def test_factory_uses_the_given_settings(app: Flask, database_url: str) -> None:
    assert app.testing
    assert app.config["NAME"] == "test"
    assert db.engine.url.render_as_string(hide_password=False).startswith(database_url[:10])


def test_factory_by_name_reads_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'named.db'}")
    app = create_app("development")
    assert app.config["NAME"] == "development"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("named.db")


def test_pages_carry_a_strict_content_security_policy(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "We could not find that page." in body
    assert "Traceback" not in body


def test_unknown_api_path_answers_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"]


@pytest.mark.fresh_app  # adds a route, which the session's shared app no longer allows
def test_unexpected_exception_is_a_500_page_without_traceback(app: Flask) -> None:
    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body
    assert "Something went wrong on our side" in body


def test_japanese_interface_from_accept_language(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "ja,en;q=0.5"})
    assert '<html lang="ja">' in response.get_data(as_text=True)


def test_language_switcher_is_remembered(client: FlaskClient, auth) -> None:
    token = auth.csrf_token()
    response = client.post("/language", data={"locale": "ja", "next": "/", "csrf_token": token})
    assert response.status_code == 302
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)


def test_language_switcher_refuses_unknown_language(client: FlaskClient, auth) -> None:
    token = auth.csrf_token()
    response = client.post("/language", data={"locale": "xx", "csrf_token": token})
    assert response.status_code == 400


def test_language_switcher_does_not_redirect_off_site(client: FlaskClient, auth) -> None:
    token = auth.csrf_token()
    response = client.post(
        "/language", data={"locale": "en", "next": "https://evil.example/", "csrf_token": token}
    )
    assert response.headers["Location"] == "/"


def test_japanese_pages_are_translated(client: FlaskClient) -> None:
    body = client.get("/login", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "サインイン" in body
    assert "メールアドレス" in body


def test_behind_a_trusted_proxy_the_client_address_is_forwarded(database_url: str) -> None:
    from flask import request

    app = create_app(
        {
            "PLANNER_CONFIG": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TRUSTED_PROXY_COUNT": 1,
        }
    )

    @app.get("/whoami")
    def whoami() -> str:
        return f"{request.remote_addr} {request.scheme}"

    answer = app.test_client().get(
        "/whoami", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert answer.get_data(as_text=True) == "203.0.113.7 https"


def test_settings_alone_start_from_the_configuration_the_environment_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    # A mapping of settings no longer quietly means "the test configuration".
    monkeypatch.delenv("PLANNER_CONFIG", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'dev.db'}"})
    assert app.testing is False
    monkeypatch.setenv("PLANNER_CONFIG", "test")
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 't.db'}"}).testing
