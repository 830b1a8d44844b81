"""Co-host Planner: plan co-hosted events between Tokyo and Copenhagen.

``create_app`` is the application factory; ``flask --app planner`` and gunicorn's
``'planner:create_app()'`` find it here. It is imported only when called, so that
importing a pure core (``planner.core.timezones``) does not load Flask or SQLAlchemy.

The package holds one folder per area of the product; the README's "Architecture"
section is the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | str | None = None) -> Flask:
    """Build and configure the application (see :func:`planner.app.create_app`)."""
    from planner.app import create_app as build

    return build(config)
