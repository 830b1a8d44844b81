"""Configuration for Co-host Planner, read from the environment.

Pick a configuration with ``PLANNER_CONFIG`` (``development``, ``production`` or
``test``; development is the default). Every setting a deployment changes comes from
an environment variable, so nothing secret lives in the repository:

``DATABASE_URL``
    Any SQLAlchemy URL. Without it the app uses SQLite in ``instance/planner.db``.
    ``postgresql://`` URLs are served by psycopg 3.
``SECRET_KEY``
    Signs sessions and CSRF tokens. Required in production: at least 32 bytes, and
    never one of the keys published in this repository.
``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_USE_TLS``,
``MAIL_FROM``
    SMTP settings. Without ``MAIL_SERVER`` outgoing mail stays in the in-app outbox.
``PUBLIC_BASE_URL``
    The absolute URL the app is reached at, used in calendar files and emails.
    Required in production. Elsewhere, when it is unset, links are built from the
    request being answered, and outside a request from ``PLANNER_SERVE_URL``.
``PLANNER_SERVE_URL``
    Where ``make run`` serves (it passes ``http://$HOST:$PORT``), for links built
    outside a request (CLI commands, mail built later) when ``PUBLIC_BASE_URL`` is
    unset. Without it: ``flask run``'s own ``FLASK_RUN_HOST`` and ``FLASK_RUN_PORT``,
    else its default address ``http://127.0.0.1:5000``.
``TRUSTED_PROXY_COUNT``
    How many reverse proxies stand in front of the app (0 by default). With one or
    more, the client address and scheme come from their X-Forwarded-* headers, so
    rate limits count real clients and generated links use https.
``RATELIMIT_STORAGE_URI``
    Where rate-limit counters live (``memory://`` by default, per process); with
    several workers use a shared store such as ``redis://host:6379``.
``RATELIMIT_KEY_PREFIX``
    Prefix of the counters' keys, so that several deployments can share one Redis.
``SIGN_IN_RATE_LIMIT``
    Password sign-ins per client address (``10 per minute``), in Flask-Limiter's notation.
``JOBS_URL``
    Where background jobs wait for the worker (``planner.jobs``): ``redis://host:6379/0``
    in production, where the web servers and the workers share it; without it a SQLite
    file, ``instance/jobs.sqlite3``, which needs no server (one machine only).
``JOBS_NAME``
    The name of the queue, so that several deployments (or test runs) can share one
    Redis (``planner`` by default).
``MAIL_MAX_ATTEMPTS``, ``MAIL_RETRY_SECONDS``
    How often a message is tried before it is marked failed (8), and the first wait
    between tries in seconds (60), doubled after each failure up to an hour.
``LOG_LEVEL``
    The level of the app's logs, request lines included (``INFO`` by default).
``STRICT_TRANSPORT_SECURITY``
    The Strict-Transport-Security header production sends (by default
    ``max-age=63072000; includeSubDomains``: browsers use only https for the site and
    its subdomains for two years). ``off`` sends none, e.g. while other subdomains
    are still served over plain http. Other configurations send none.
``INVITATION_DAYS``, ``SIGN_IN_LINK_MINUTES``, ``PASSWORD_RESET_LINK_MINUTES``,
``PROPOSAL_LINK_MINUTES``
    How long personal links work: an invitation (14 days), a sign-in link (15 minutes),
    a password reset (60 minutes) and a proposal's answer link (72 hours).
``EMAIL_LINK_RATE_LIMIT_PER_ADDRESS``, ``EMAIL_LINK_RATE_LIMIT_PER_CLIENT``
    How many sign-in and reset emails one address may be sent, and one client may ask
    for (``3 per 15 minutes;10 per day`` and ``10 per hour``).
``REGISTRATION_RATE_LIMIT_PER_CLIENT``, ``REGISTRATION_RATE_LIMIT_PER_EVENT``,
``REGISTRATION_RATE_LIMIT_PER_RECIPIENT``
    How many public registrations one client network may send, one event may take,
    and how many registration emails one address may be sent (Flask-Limiter's
    notation, such as ``10 per minute;50 per hour``); see ``planner.registrations.throttle``.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from planner.limits import FORM_FIELDS_MAX, REQUEST_BYTES_MAX

PROJECT_ROOT = Path(__file__).resolve().parent
INSTANCE_PATH = PROJECT_ROOT / "instance"

DEVELOPMENT_SECRET_KEY = "development-only-not-secret"
TEST_SECRET_KEY = "test-only-not-secret"
# Anyone can read these in the repository, so a session cookie signed with one of them
# can be forged by anyone: production refuses them, whatever else it is given.
PUBLISHED_SECRET_KEYS = frozenset({DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY})
# A key shorter than this can be guessed offline from one signed cookie.
SECRET_KEY_MIN_BYTES = 32


class ConfigurationError(click.ClickException):
    """A setting is missing or malformed; the message names the setting and the fix.

    It is a ``ClickException`` so that ``flask`` commands print the message alone,
    without a traceback, and exit with a non-zero status.
    """


def normalize_database_url(url: str) -> str:
    """Check that ``url`` is a usable SQLAlchemy URL and pick psycopg 3 for PostgreSQL.

    Hosting platforms hand out ``postgres://`` and ``postgresql://`` URLs; SQLAlchemy
    would pick psycopg2 for those, which we do not install, so both are mapped to the
    ``postgresql+psycopg`` driver.
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise ConfigurationError(
            f"DATABASE_URL is not a valid database URL ({url!r}). Expected something like "
            "'sqlite:///instance/planner.db' or 'postgresql://user@host:5432/dbname'."
        ) from exc
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"DATABASE_URL uses the unsupported database {parsed.get_backend_name()!r}; "
            "Co-host Planner runs on SQLite or PostgreSQL."
        )
    return parsed.render_as_string(hide_password=False)


# Seconds to wait for PostgreSQL to accept a connection: a database host that does not
# answer makes requests fail fast with a 503 instead of holding every worker.
DATABASE_CONNECT_TIMEOUT = 5


def engine_options(database_url: str) -> dict:
    """SQLAlchemy engine options for ``database_url`` (SQLite's are set per connection)."""
    options: dict = {"pool_pre_ping": True}
    if make_url(database_url).get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": DATABASE_CONNECT_TIMEOUT}
    return options


def _env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable (1/true/yes/on count as yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _env_int(name: str, default: int) -> int:
    """Read an integer environment variable, naming the variable when it is malformed."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from exc


def _serve_url(default: str) -> str:
    """Where the development server serves: PLANNER_SERVE_URL, else flask run's address."""
    if os.environ.get("PLANNER_SERVE_URL"):
        return os.environ["PLANNER_SERVE_URL"].strip().rstrip("/")
    host = os.environ.get("FLASK_RUN_HOST", "").strip()
    port = os.environ.get("FLASK_RUN_PORT", "").strip()
    if not host and not port:
        return default
    if port and not port.isdigit():
        raise ConfigurationError(f"FLASK_RUN_PORT must be a whole number, not {port!r}.")
    return f"http://{host or '127.0.0.1'}:{port or '5000'}"


LINK_LIFETIMES = (
    "INVITATION_DAYS",
    "SIGN_IN_LINK_MINUTES",
    "PASSWORD_RESET_LINK_MINUTES",
    "PROPOSAL_LINK_MINUTES",
)
EMAIL_LINK_RATE_LIMITS = ("EMAIL_LINK_RATE_LIMIT_PER_ADDRESS", "EMAIL_LINK_RATE_LIMIT_PER_CLIENT")
# The queues planner.jobs can use: Redis (production) or a SQLite file.
JOBS_URL_SCHEMES = ("redis://", "rediss://", "unix://", "sqlite:///")
REGISTRATION_RATE_LIMITS = (
    "REGISTRATION_RATE_LIMIT_PER_CLIENT",
    "REGISTRATION_RATE_LIMIT_PER_EVENT",
    "REGISTRATION_RATE_LIMIT_PER_RECIPIENT",
)


def _rate_limit(name: str, value: str) -> str:
    """A rate limit in Flask-Limiter's notation, refused at start rather than per request."""
    try:
        parse_many(value)
    except ValueError as exc:
        raise ConfigurationError(
            f"{name} must be a rate limit such as '10 per minute;50 per hour', not {value!r}."
        ) from exc
    return value


class Config:
    """Settings shared by every configuration; subclasses change what differs."""

    NAME = "base"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_PATH / 'planner.db'}"
    # None: create_app fills in engine_options() for the database finally chosen.
    SQLALCHEMY_ENGINE_OPTIONS: dict | None = None
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    SUPPORTED_LOCALES = ("en", "ja")
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_FROM = "Co-host Planner <no-reply@cohost-planner.example>"
    # A message that cannot be handed to the mail server is tried again after
    # MAIL_RETRY_SECONDS, then twice as long each time (at most an hour), and marked
    # failed after MAIL_MAX_ATTEMPTS tries: with these values about four hours of
    # retries, which outlast a mail server's restart or a short outage.
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_SECONDS = 60
    # A SQLite queue in the instance folder by default (planner.jobs); "redis://..." in
    # production. JOBS_IMMEDIATE runs each job at once in the process that asks for it.
    JOBS_URL = f"sqlite:///{INSTANCE_PATH / 'jobs.sqlite3'}"
    JOBS_NAME = "planner"
    JOBS_IMMEDIATE = False
    # None: outside production, links follow the request (or PLANNER_SERVE_URL).
    PUBLIC_BASE_URL: str | None = None
    # flask run's default address; make run passes its HOST and PORT instead.
    SERVE_URL = "http://127.0.0.1:5000"
    # werkzeug's scrypt with its default (memory-hard) cost.
    PASSWORD_HASH_METHOD = "scrypt"
    # Demo accounts with a published password are for development only.
    ALLOW_DEMO_ACCOUNTS = False
    # Flask-Limiter: counters kept in memory per process unless RATELIMIT_STORAGE_URI
    # names a shared store (e.g. redis://...); password sign-ins per client address.
    RATELIMIT_STORAGE_URI = "memory://"
    TRUSTED_PROXY_COUNT = 0
    RATELIMIT_HEADERS_ENABLED = True
    # When a count cannot be made (Redis out of reach), the request goes on uncounted:
    # limits lapse for a while, visitors never see a 500, and /readyz tells the load
    # balancer. Flask-Limiter's in-memory fallback is not used: it switches the whole
    # process to a second store on any error during a count, for good.
    RATELIMIT_SWALLOW_ERRORS = True
    SIGN_IN_RATE_LIMIT = "10 per minute"
    # Keeps several deployments (or test runs) apart when they share one Redis.
    RATELIMIT_KEY_PREFIX = "planner"
    LOG_LEVEL = "INFO"
    # Password attempts per account (the typed address, whether or not it has an
    # account), whatever the client address: many machines cannot guess one password.
    SIGN_IN_ACCOUNT_RATE_LIMIT = "5 per minute; 20 per hour"
    # No HSTS outside production: a development machine serves plain http.
    STRICT_TRANSPORT_SECURITY: str | None = None
    # Public registrations (web form and API). Per client network: a whole office behind
    # one address still registers its colleagues, one script does not fill an event.
    REGISTRATION_RATE_LIMIT_PER_CLIENT = "10 per minute;50 per hour"
    # Per event: well above an announcement's rush, well below a flood's.
    REGISTRATION_RATE_LIMIT_PER_EVENT = "300 per minute"
    # Per recipient address: every accepted registration sends it an email. Keep it
    # coarser (per hour, per day) than the per-client limit, whose counter is the one
    # the X-RateLimit headers report (see planner.registrations.throttle).
    REGISTRATION_RATE_LIMIT_PER_RECIPIENT = "10 per hour;30 per day"
    # Personal links (planner.notifications.links): how long each works once sent.
    INVITATION_DAYS = 14
    SIGN_IN_LINK_MINUTES = 15
    PASSWORD_RESET_LINK_MINUTES = 60
    # Partners answer over days, from the email; the link opens that proposal only.
    PROPOSAL_LINK_MINUTES = 72 * 60
    # Sign-in and reset emails: per address (nobody floods a colleague's inbox), and
    # per client (nobody probes many addresses).
    EMAIL_LINK_RATE_LIMIT_PER_ADDRESS = "3 per 15 minutes;10 per day"
    EMAIL_LINK_RATE_LIMIT_PER_CLIENT = "10 per hour"
    # Development without a mail server prints each email to the console (links and
    # all); elsewhere unsent mail stays in the outbox.
    MAIL_TO_CONSOLE = False
    # A larger body is a 413 before it is read (planner.limits explains the size).
    MAX_CONTENT_LENGTH = MAX_FORM_MEMORY_SIZE = REQUEST_BYTES_MAX
    MAX_FORM_PARTS = FORM_FIELDS_MAX

    @classmethod
    def from_environment(cls) -> dict:
        """Return this configuration's settings with environment overrides applied."""
        settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
        if os.environ.get("SECRET_KEY"):
            settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
        if os.environ.get("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        settings["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
            settings["SQLALCHEMY_DATABASE_URI"]
        )
        for key in (
            "MAIL_SERVER",
            "MAIL_USERNAME",
            "MAIL_PASSWORD",
            "MAIL_FROM",
            "RATELIMIT_STORAGE_URI",
            "RATELIMIT_KEY_PREFIX",
            "SIGN_IN_RATE_LIMIT",
            "SIGN_IN_ACCOUNT_RATE_LIMIT",
            "LOG_LEVEL",
            "JOBS_URL",
            "JOBS_NAME",
            *REGISTRATION_RATE_LIMITS,
            *EMAIL_LINK_RATE_LIMITS,
        ):
            if os.environ.get(key):
                settings[key] = os.environ[key]
        for key in (*REGISTRATION_RATE_LIMITS, *EMAIL_LINK_RATE_LIMITS):
            settings[key] = _rate_limit(key, settings[key])
        for key in LINK_LIFETIMES:
            settings[key] = _env_int(key, settings[key])
        for key in ("MAIL_PORT", "MAIL_MAX_ATTEMPTS", "MAIL_RETRY_SECONDS"):
            settings[key] = _env_int(key, settings[key])
        settings["TRUSTED_PROXY_COUNT"] = _env_int(
            "TRUSTED_PROXY_COUNT", settings["TRUSTED_PROXY_COUNT"]
        )
        settings["MAIL_USE_TLS"] = _env_flag("MAIL_USE_TLS", settings["MAIL_USE_TLS"])
        if os.environ.get("PUBLIC_BASE_URL"):
            settings["PUBLIC_BASE_URL"] = os.environ["PUBLIC_BASE_URL"].rstrip("/")
        settings["SERVE_URL"] = _serve_url(settings["SERVE_URL"])
        if not settings["JOBS_URL"].startswith(JOBS_URL_SCHEMES):
            raise ConfigurationError(
                f"JOBS_URL must be a redis:// or sqlite:/// URL, not {settings['JOBS_URL']!r}."
            )
        hsts = os.environ.get("STRICT_TRANSPORT_SECURITY", "").strip()
        if hsts:
            settings["STRICT_TRANSPORT_SECURITY"] = None if hsts.lower() == "off" else hsts
        cls.check(settings)
        return settings

    @classmethod
    def check(cls, settings: dict) -> None:
        """Refuse settings this configuration cannot run with."""


class DevelopmentConfig(Config):
    """Local development: SQLite by default, a fixed key, demo accounts allowed."""

    NAME = "development"
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    ALLOW_DEMO_ACCOUNTS = True
    MAIL_TO_CONSOLE = True


class TestConfig(Config):
    """The test suite; the database URL is set by the fixtures."""

    NAME = "test"
    TESTING = True
    SECRET_KEY = TEST_SECRET_KEY
    ALLOW_DEMO_ACCOUNTS = True
    PUBLIC_BASE_URL = "http://planner.test"
    # Still scrypt, at a low cost, so that hundreds of test sign-ins stay fast.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    # Each job runs as soon as its transaction commits, in the test's own process, so a
    # test reads the delivered outbox at once; tests of the worker start real ones.
    JOBS_IMMEDIATE = True


class ProductionConfig(Config):
    """Production: PostgreSQL expected, secrets required, cookies only over HTTPS."""

    NAME = "production"
    SESSION_COOKIE_SECURE = True
    STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"

    @classmethod
    def check(cls, settings: dict) -> None:
        """Refuse to start without a real secret key or the public address."""
        check_secret_key(settings.get("SECRET_KEY"))
        # Links in emails and calendar files must never follow a Host header that a
        # client chose, so production names its address instead.
        if not settings.get("PUBLIC_BASE_URL"):
            raise ConfigurationError(
                "PUBLIC_BASE_URL is not set. Production needs the address people reach "
                "the app at, e.g. https://planner.example.org."
            )


def check_secret_key(key: str | None) -> None:
    """Refuse a missing, published or short ``SECRET_KEY`` (production only)."""
    advice = "Generate one with `python3 -c 'import secrets; print(secrets.token_hex(32))'`."
    if not key:
        raise ConfigurationError(
            f"SECRET_KEY is not set. Production needs a long random value. {advice}"
        )
    if key in PUBLISHED_SECRET_KEYS:
        raise ConfigurationError(
            "SECRET_KEY is a key published in the Co-host Planner repository, so anyone could "
            f"forge a session with it. {advice}"
        )
    if len(key.encode()) < SECRET_KEY_MIN_BYTES:
        raise ConfigurationError(
            f"SECRET_KEY is {len(key.encode())} bytes long; production needs at least "
            f"{SECRET_KEY_MIN_BYTES}. {advice}"
        )


CONFIGURATIONS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> dict:
    """Return the settings of the configuration called ``name`` (or ``PLANNER_CONFIG``)."""
    chosen = (name or os.environ.get("PLANNER_CONFIG") or "development").strip().lower()
    try:
        config_class = CONFIGURATIONS[chosen]
    except KeyError as exc:
        raise ConfigurationError(
            f"PLANNER_CONFIG must be one of {', '.join(CONFIGURATIONS)}, not {chosen!r}."
        ) from exc
    return config_class.from_environment()
