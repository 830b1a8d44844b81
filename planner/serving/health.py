"""Probes for load balancers and orchestrators.

``/healthz`` answers as long as the process can answer at all (liveness: restart me if
this fails). ``/readyz`` also checks what a request needs, the database and, when rate
limits live there, Redis (readiness: send me traffic only when this passes). Neither
touches the session cookie, the rate limits or the translation machinery, so a probe
every second costs next to nothing.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from planner.extensions import db, limiter

bp = Blueprint("health", __name__)

# Seconds a load balancer should wait before asking again after a failed probe.
RETRY_AFTER_SECONDS = 5


def _database_ready() -> bool:
    """Whether one trivial query reaches the database."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("Readiness: the database is not reachable", exc_info=True)
        return False
    return True


def _rate_limit_store_ready() -> bool | None:
    """Whether the shared rate-limit store answers (``None``: counters are in memory)."""
    if current_app.config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"):
        return None
    try:
        ready = bool(limiter.storage.check())
    except Exception:  # the store's client raises its own errors; any of them means "down"
        ready = False
    if not ready:
        current_app.logger.warning("Readiness: the rate-limit store is not reachable")
    return ready


@bp.get("/healthz")
@limiter.exempt
def healthz() -> Response:
    """The process is up and answering."""
    return jsonify(status="ok")


@bp.get("/readyz")
@limiter.exempt
def readyz() -> Response:
    """The database (and Redis, when configured) can be reached: ready for traffic."""
    checks = {"database": _database_ready()}
    store = _rate_limit_store_ready()
    if store is not None:
        checks["redis"] = store
    ready = all(checks.values())
    response = jsonify(
        status="ready" if ready else "unavailable",
        checks={name: "ok" if passed else "unreachable" for name, passed in checks.items()},
    )
    if not ready:
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
