"""gunicorn's settings, from environment variables only.

Used as ``gunicorn -c python:planner.serving.gunicorn_config planner.serving.wsgi:app``
(``make serve``).

``BIND``
    Address to listen on (``127.0.0.1:8000`` by default; a reverse proxy sits in front).
``WEB_CONCURRENCY``
    Worker processes (default: two per CPU core plus one, at most 8).
``GUNICORN_TIMEOUT``
    Seconds a request may take before its worker is replaced (30 by default).

gunicorn's access log stays off: the app writes its own request lines
(``planner.serving.request_log``) with secret tokens removed, and gunicorn's would
print every feed and manage token in full.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(multiprocessing.cpu_count() * 2 + 1, 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 20
accesslog = None
errorlog = "-"
# Each worker builds its own app and database pool after forking; a pool shared across
# a fork would hand two processes the same connection.
preload_app = False


def on_starting(server: object) -> None:
    """Check the settings, the schema and the demo accounts before any worker starts."""
    from planner.serving.startup import verify_before_serving

    verify_before_serving()
