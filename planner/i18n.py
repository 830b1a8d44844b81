"""Interface language: Japanese and English, chosen per request."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from planner.extensions import babel

SESSION_LOCALE_KEY = "locale"


def select_locale() -> str:
    """Pick the language: the user's preference, else the header switcher, else the browser.

    The order matters: a signed-in organizer who chose Japanese sees Japanese on any
    machine; a visitor's switcher choice is remembered in the session; otherwise the
    ``Accept-Language`` header decides, with English as the fallback.
    """
    supported = current_app.config["SUPPORTED_LOCALES"]
    if not has_request_context():  # command line: messages in the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    remembered = session.get(SESSION_LOCALE_KEY)
    if remembered in supported:
        return remembered
    return (
        request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the locale selector and catalogs in ``planner/translations``."""
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def locale_context() -> dict[str, str]:
        """Expose the current language code to every template as ``current_locale``."""
        return {"current_locale": str(get_locale() or "en")}
