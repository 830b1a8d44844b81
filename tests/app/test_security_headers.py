"""Strict-Transport-Security in production, and a Permissions-Policy on every response."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import load_config
from planner.security import PERMISSIONS_POLICY

PRODUCTION_HSTS = "max-age=63072000; includeSubDomains"
# Long enough for any rule on production keys.
PRODUCTION_KEY = "k" * 64


@pytest.fixture
def production_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """What production needs to load its settings at all."""
    monkeypatch.setenv("SECRET_KEY", PRODUCTION_KEY)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://planner.example.org")
    monkeypatch.delenv("STRICT_TRANSPORT_SECURITY", raising=False)
    return monkeypatch


# A page, a JSON answer, an error page, an API error, a calendar and a static file.
EVERY_KIND = {
    "/": 200,
    "/api/v1/events": 200,
    "/no/such/page": 404,
    "/api/v1/nothing": 404,
    "/feeds/events.ics": 200,
}


@pytest.mark.parametrize(
    ("path", "status"), [*EVERY_KIND.items(), ("/static/css/planner.css", 200)]
)
def test_every_response_forbids_the_browsers_powerful_features(
    client: FlaskClient, path: str, status: int
) -> None:
    response = client.get(path)
    response.close()  # a static file is streamed: release it
    assert response.status_code == status
    policy = response.headers["Permissions-Policy"]
    assert policy == PERMISSIONS_POLICY
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy.split(", ")
    # Every feature is denied to everyone: no allow-list names any origin.
    assert all(entry.endswith("=()") for entry in policy.split(", "))


def test_no_hsts_outside_production(client: FlaskClient) -> None:
    for base in ("http://localhost", "https://localhost"):
        response = client.get("/", base_url=base)
        assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("path", list(EVERY_KIND))
def test_hsts_when_configured_on_every_response(app: Flask, client: FlaskClient, path: str) -> None:
    app.config["STRICT_TRANSPORT_SECURITY"] = PRODUCTION_HSTS
    for base in ("https://planner.example.org", "http://planner.example.org"):
        response = client.get(path, base_url=base)
        assert response.headers["Strict-Transport-Security"] == PRODUCTION_HSTS


def test_production_sends_hsts_for_two_years_with_subdomains(production_environment) -> None:  # noqa: ANN001
    assert load_config("production")["STRICT_TRANSPORT_SECURITY"] == PRODUCTION_HSTS
    assert load_config("development")["STRICT_TRANSPORT_SECURITY"] is None
    assert load_config("test")["STRICT_TRANSPORT_SECURITY"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("off", None), ("OFF", None), ("max-age=300", "max-age=300"), ("  ", PRODUCTION_HSTS)],
)
def test_the_environment_changes_or_turns_off_hsts(
    production_environment: pytest.MonkeyPatch, value: str, expected: str | None
) -> None:
    production_environment.setenv("STRICT_TRANSPORT_SECURITY", value)
    assert load_config("production")["STRICT_TRANSPORT_SECURITY"] == expected
