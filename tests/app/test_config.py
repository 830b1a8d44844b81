"""Configuration from the environment: no app, no database."""

import pytest

from config import ConfigurationError, engine_options, load_config, normalize_database_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///instance/x.db", "sqlite:///instance/x.db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u:pw@h/db", "postgresql+psycopg://u:pw@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_urls_are_normalized_to_psycopg3(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


@pytest.mark.parametrize("bad", ["", ":::", "not a url", "http//x"])
def test_malformed_database_url_names_the_setting(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="DATABASE_URL is not a valid database URL"):
        normalize_database_url(bad)


def test_unsupported_database_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="unsupported database 'mysql'"):
        normalize_database_url("mysql://root@localhost/db")


def test_default_is_development_with_sqlite_in_instance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_CONFIG", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_config()
    assert settings["NAME"] == "development"
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert settings["SQLALCHEMY_DATABASE_URI"].endswith("instance/planner.db")
    assert settings["ALLOW_DEMO_ACCOUNTS"] is True


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://planner@db.internal/planner")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "yes")
    settings = load_config("development")
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://planner@db.internal/planner"
    assert settings["SECRET_KEY"] == "from-env"
    assert (settings["MAIL_SERVER"], settings["MAIL_PORT"], settings["MAIL_USE_TLS"]) == (
        "smtp.example.org",
        587,
        True,
    )


def test_production_refuses_to_start_without_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        load_config("production")


def test_production_refuses_to_start_without_public_base_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL is not set"):
        load_config("production")


def test_development_links_follow_the_served_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("PLANNER_SERVE_URL", raising=False)
    monkeypatch.setenv("FLASK_RUN_PORT", "8000")
    settings = load_config("development")
    assert settings["PUBLIC_BASE_URL"] is None
    assert settings["SERVE_URL"] == "http://127.0.0.1:8000"
    monkeypatch.setenv("PLANNER_SERVE_URL", "http://0.0.0.0:8001/")
    assert load_config("development")["SERVE_URL"] == "http://0.0.0.0:8001"


def test_production_with_secret_key_forbids_demo_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://planner.example.org")
    settings = load_config("production")
    assert settings["ALLOW_DEMO_ACCOUNTS"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_unknown_configuration_name_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="PLANNER_CONFIG must be one of"):
        load_config("staging")


def test_malformed_mail_port_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAIL_PORT", "twenty-five")
    with pytest.raises(ConfigurationError, match="MAIL_PORT must be a whole number"):
        load_config("development")


def test_trusted_proxy_count_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    assert load_config("development")["TRUSTED_PROXY_COUNT"] == 1
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "one")
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_COUNT must be a whole number"):
        load_config("development")


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("development-only-not-secret", "published in the Co-host Planner repository"),
        ("test-only-not-secret", "published in the Co-host Planner repository"),
        ("a", "is 1 bytes long; production needs at least 32"),
        ("k" * 31, "is 31 bytes long"),
    ],
)
def test_production_refuses_published_and_short_secret_keys(
    monkeypatch: pytest.MonkeyPatch, key: str, reason: str
) -> None:
    monkeypatch.setenv("SECRET_KEY", key)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://planner.example.org")
    with pytest.raises(ConfigurationError, match=reason):
        load_config("production")


def test_production_takes_a_random_key_of_32_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://planner.example.org")
    assert load_config("production")["SECRET_KEY"] == "k" * 32


def test_postgresql_connections_give_up_after_a_few_seconds() -> None:
    options = engine_options("postgresql+psycopg://planner@db.internal/planner")
    assert options == {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
    assert engine_options("sqlite:///x.db") == {"pool_pre_ping": True}
