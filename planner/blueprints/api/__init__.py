"""The JSON API under ``/api/v1``, for partner websites and automation.

Each module here adds its routes to ``bp``. The API uses bearer tokens instead of
cookies, so CSRF protection (which guards cookie-authenticated forms) does not apply;
errors are answered as JSON by ``planner.errors``.
"""

from flask import Blueprint

from planner.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from planner.blueprints.api import (  # noqa: E402,F401  (routes)
    auth,
    events,
    openapi,
    organizations,  # noqa: E402,F401  (registers routes)
    overlap,  # noqa: E402,F401  (registers routes)
    registrations,
    tokens,
)
