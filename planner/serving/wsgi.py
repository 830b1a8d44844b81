"""The WSGI application servers load: ``gunicorn planner.serving.wsgi:app``.

It builds the app from the environment and, in production, runs the start-up checks
(``planner.serving.startup``). Under gunicorn the same checks run once in the master
before any worker starts (``on_starting`` in ``gunicorn_config``), so a refused start
is one clear line and an exit status, not workers crashing in a loop; each worker
checks again when it loads the app, which also covers other WSGI servers.
"""

from __future__ import annotations

from flask import Flask

from config import ConfigurationError
from planner.serving.startup import checked_application, refusal

# gunicorn's own status for a worker that cannot boot: the master stops on it.
WORKER_BOOT_ERROR = 3


def build_application() -> Flask:
    """Create the app the server will run, refusing one that must not serve."""
    try:
        return checked_application()
    except ConfigurationError as error:
        raise refusal(error, WORKER_BOOT_ERROR) from error


app = build_application()
