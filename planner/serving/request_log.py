"""One structured log line per request, with secret tokens kept out of it.

Each line is a JSON object (method, path, status, duration in milliseconds, request
id) on the ``planner.requests`` logger, so a log collector can index it without a
parser. The path is the route with every secret URL part replaced: feed and manage
tokens are bearer secrets, and logs are read by more people than the database is.
The query string is never logged for the same reason.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# A request id passed on by our own proxy is kept (so one id follows the request from
# the proxy's log to ours); anything else, or anything odd, gets a fresh one.
_ACCEPTED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# URL parts that are secrets: every token in a route is named ``token`` or ``*_token``.
_SECRET_ARGUMENT = re.compile(r"(^|_)token$")
# A path that matched no route can still carry a secret (a token typed with one
# character wrong): long token-like segments are hidden there too.
_TOKEN_LIKE_SEGMENT = re.compile(r"[A-Za-z0-9_-]{20,}")
REDACTED = "[secret]"
# Load balancers ask these every few seconds; their lines would drown the others.
_QUIET_PATHS = frozenset({"/healthz", "/readyz"})

request_logger = logging.getLogger("planner.requests")


def loggable_path() -> str:
    """The current request's path as it may be written to a log (no secrets in it)."""
    rule = request.url_rule
    if rule is None:
        return _TOKEN_LIKE_SEGMENT.sub(REDACTED, request.path)
    arguments = request.view_args or {}
    path = request.path
    for name, value in arguments.items():
        if _SECRET_ARGUMENT.search(name) and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return path


def request_id() -> str:
    """The id of the current request (the proxy's, when it sent a sensible one)."""
    return g.get("request_id") or "-"


def _start_request() -> None:
    """Note when the request started and which id it carries."""
    g.request_started = time.perf_counter()
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _ACCEPTED_REQUEST_ID.match(offered) else uuid.uuid4().hex


def _log_request(response: Response) -> Response:
    """Write the request's line and hand its id back to the client."""
    started = g.get("request_started")
    if started is None:  # a request that failed before before_request ran
        return response
    line = {
        "method": request.method,
        "path": loggable_path(),
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "request_id": request_id(),
    }
    level = logging.DEBUG if request.path in _QUIET_PATHS else logging.INFO
    request_logger.log(level, json.dumps(line, ensure_ascii=False))
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


class RedactTokens(logging.Filter):
    """Hides token-like path segments in another logger's lines (the development server's).

    ``flask run`` (werkzeug) writes its own line per request, path and query included;
    it is only used in development, but a feed token pasted into a terminal log is still
    a leaked token.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with tokens replaced; never drop it."""
        record.msg = _TOKEN_LIKE_SEGMENT.sub(REDACTED, record.getMessage())
        record.args = ()
        return True


def configure_logging(app: Flask) -> None:
    """Send the app's logs (``planner.*``) to standard error at ``LOG_LEVEL``.

    gunicorn and systemd both collect standard error; nothing is written to files. A
    handler is added only once, however many apps a process builds (the test suite
    builds many).
    """
    planner_logger = logging.getLogger("planner")
    planner_logger.setLevel(app.config.get("LOG_LEVEL", "INFO").upper())
    if not any(getattr(handler, "planner_handler", False) for handler in planner_logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler.planner_handler = True  # type: ignore[attr-defined]
        planner_logger.addHandler(handler)
        logging.getLogger("werkzeug").addFilter(RedactTokens())


def init_app(app: Flask) -> None:
    """Log every request of ``app``."""
    configure_logging(app)
    app.before_request(_start_request)
    app.after_request(_log_request)
