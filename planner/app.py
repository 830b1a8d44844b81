"""The application factory: configuration, extensions, every area's blueprint, CLI, errors."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_PATH, PROJECT_ROOT, engine_options, load_config


def create_app(config: dict[str, Any] | str | None = None) -> Flask:
    """Build and configure the application.

    ``config`` is the name of a configuration (``development``, ``test``,
    ``production``) or a mapping of settings applied on top of the chosen one (tests
    pass the database URL this way). Without it, ``PLANNER_CONFIG`` decides.
    """
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_PATH),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    if isinstance(config, str) or config is None:
        app.config.from_mapping(load_config(config))
    else:
        overrides = dict(config)
        # The same choice as without a mapping: PLANNER_CONFIG, else development;
        # tests name the test configuration themselves.
        base_settings = load_config(overrides.pop("PLANNER_CONFIG", None))
        app.config.from_mapping(base_settings)
        app.config.from_mapping(overrides)
    if app.config.get("SQLALCHEMY_ENGINE_OPTIONS") is None:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
            app.config["SQLALCHEMY_DATABASE_URI"]
        )
    INSTANCE_PATH.mkdir(exist_ok=True)
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        # Trust exactly as many X-Forwarded-* hops as there are proxies of ours.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from planner import cli, errors, i18n, presentation, security
    from planner.extensions import csrf, db, limiter, login_manager, migrate
    from planner.jobs import queue as jobs
    from planner.serving import request_log

    # First, so that every request is timed and logged, refused ones included.
    request_log.init_app(app)
    db.init_app(app)
    limiter.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    presentation.init_app(app)
    security.init_app(app)
    jobs.init_app(app)
    errors.register_error_handlers(app)
    cli.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Attach every area's blueprint to the application."""
    from planner import api
    from planner.accounts import (
        email_sign_in_views,  # noqa: F401  (its pages join auth)
        sign_in,
    )
    from planner.accounts import views as account
    from planner.admin import views as admin
    from planner.calendars import views as calendars
    from planner.dashboard import views as dashboard
    from planner.events import change_views  # noqa: F401  (its pages join the events blueprint)
    from planner.events import views as events
    from planner.find_a_time import views as find_a_time
    from planner.follow_up import views as follow_up
    from planner.home import views as home
    from planner.invitations import views as invitations
    from planner.organizations import views as organizations
    from planner.proposal_links import views as proposal_links
    from planner.registrations import views as registrations
    from planner.reminders import views as reminders
    from planner.serving import health

    for blueprint in (
        home.bp,
        health.bp,
        api.bp,
        sign_in.bp,
        admin.bp,
        dashboard.bp,
        events.bp,
        find_a_time.bp,
        follow_up.bp,
        account.bp,
        calendars.bp,
        registrations.bp,
        proposal_links.bp,
        organizations.bp,
        invitations.bp,
        reminders.bp,
    ):
        app.register_blueprint(blueprint)
