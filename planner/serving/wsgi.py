"""The WSGI application servers load: ``gunicorn planner.serving.wsgi:app``.

It builds the app from the environment and, in production, runs the start-up checks
(``planner.serving.startup``). A check that fails prints its one-line reason and
stops the process with gunicorn's "worker failed to boot" status, so gunicorn itself
exits instead of restarting workers that can never serve.
"""

from __future__ import annotations

import logging
import sys

from flask import Flask

from config import ConfigurationError
from planner.app import create_app
from planner.serving.startup import run_production_checks

# gunicorn's own status for a worker that cannot boot: the master stops on it.
WORKER_BOOT_ERROR = 3


def build_application() -> Flask:
    """Create the app the server will run, refusing one that must not serve."""
    try:
        application = create_app()
        if application.config.get("NAME") == "production":
            run_production_checks(application)
    except ConfigurationError as error:
        logging.getLogger("planner.startup").error("Refusing to start: %s", error.message)
        print(f"Co-host Planner refuses to start: {error.message}", file=sys.stderr)
        raise SystemExit(WORKER_BOOT_ERROR) from error
    return application


app = build_application()
