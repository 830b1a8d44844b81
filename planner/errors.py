"""Domain errors, and how each becomes an HTML page or a JSON error.

Services raise the exceptions below; nothing else decides status codes. Every error a
user can meet (domain errors, HTTP errors such as 404 or a CSRF failure, and any
unexpected exception) is answered by a page in the site's layout or, under ``/api/``,
by JSON of one shape::

    {"error": {"code": "invalid_transition", "message": "...", "field": null}}

and, for calendar files and feeds (``.ics`` addresses, read by calendar clients), by
a short plain-text message, so no traceback page ever reaches a user.

Two kinds of failure are not the request's fault and are said so: the database out of
reach (a lost connection, a server that refuses connections, SQLite's "database is
locked") is a 503 with ``Retry-After``; a unique or foreign key violation that a
concurrent request caused is a 409, as a clash with the current state.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from planner.extensions import login_manager
from planner.limits import OUTAGE_RETRY_SECONDS
from planner.serving.request_log import loggable_path, request_id

# The database cannot be reached or is busy: nothing the request did, try again soon.
DATABASE_OUTAGES = (OperationalError, DisconnectionError, PoolTimeout)


class DomainError(Exception):
    """Base of every error a service raises on purpose.

    ``message`` is shown to the user as it is (translated by the service that raised
    it); ``field`` names the input at fault, when there is one; ``details`` carries
    structured extras for the API (for example the two choices of an ambiguous time).
    """

    status_code = 400
    # The status of the page a browser gets, when it differs from the API's.
    page_status_code: int | None = None
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}
        if code:
            self.code = code

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON body of this error."""
        body: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        if self.details:
            body["details"] = self.details
        return {"error": body}


class ValidationFailed(DomainError):
    """Input that is well-formed but not acceptable (duplicate email, unknown slug...)."""

    status_code = 400
    code = "invalid"


class AuthenticationRequired(DomainError):
    """The request needs a signed-in user or a valid API token."""

    status_code = 401
    code = "authentication_required"


class PermissionDenied(DomainError):
    """The user is known but may not do this."""

    status_code = 403
    code = "forbidden"


class NotFound(DomainError):
    """There is no such thing, or the user may not know that there is."""

    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state of the data."""

    status_code = 409
    code = "conflict"


class StaleVersion(DomainError):
    """The change was based on an older version of the record.

    The API answers 412 (its clients send the version in If-Match); a web form has no
    precondition header, so its page is a 409 conflict.
    """

    status_code = 412
    page_status_code = 409
    code = "stale_version"


class EditConflict(StaleVersion):
    """An edit from an older version changes a field someone else changed differently.

    ``details["conflicts"]`` lists each such field with its value in the editor's
    version (``base``), now (``theirs``) and as this editor wants it (``yours``).
    """

    code = "edit_conflict"


class PreconditionRequired(DomainError):
    """A change that could overwrite someone else's needs the version it is based on."""

    status_code = 428
    code = "precondition_required"


class TimeProblem(DomainError):
    """A time that cannot be used as typed: nonexistent, ambiguous, unknown zone."""

    status_code = 422
    code = "time_problem"


class FieldErrors(ValidationFailed):
    """Several fields are at fault at once: every one of them is named, in one answer.

    A form or request with more than one problem gets them all in one round (not one
    per submit). The body's ``field`` and ``message`` are the first problem's, so a
    client that reads only those still acts on something true; ``details.errors`` lists
    every problem with its own ``field``, ``code``, ``message`` and details. The status
    is 422: the request was well-formed, its values were not acceptable. It is a
    ``ValidationFailed``, so every place that shows one field's problem catches it too.
    """

    status_code = 422
    code = "invalid_fields"

    def __init__(self, errors: list[DomainError]) -> None:
        first = errors[0]
        super().__init__(
            first.message,
            field=first.field,
            details={"errors": [error.to_dict()["error"] for error in errors]},
        )
        self.errors = list(errors)


# The errors a service collects field by field; anything else stops at once.
FIELD_PROBLEMS = (ValidationFailed, TimeProblem)


class FieldChecks:
    """Collects every field's problem so that one answer can name them all.

    ``check`` runs one check and keeps its error (returning ``None`` instead of its
    value); ``raise_any`` raises nothing, the one problem as it is, or
    :class:`FieldErrors` for several.
    """

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def check(self, run: Any, *args: Any, **kwargs: Any) -> Any:
        """Return ``run(*args, **kwargs)``, or ``None`` after keeping its field error."""
        try:
            return run(*args, **kwargs)
        except FIELD_PROBLEMS as error:
            self.errors.extend(field_problems(error))
            return None

    def passes(self, run: Any, *args: Any, **kwargs: Any) -> bool:
        """Run a check that returns nothing; whether it passed (its error is kept)."""
        try:
            run(*args, **kwargs)
        except FIELD_PROBLEMS as error:
            self.errors.extend(field_problems(error))
            return False
        return True

    def add(self, error: DomainError) -> None:
        """Keep a problem found without running a check."""
        self.errors.extend(field_problems(error))

    def failed(self, field: str) -> bool:
        """Whether a problem was kept for ``field`` or one of its parts."""
        return any(
            error.field == field or (error.field or "").startswith(field + ".")
            for error in self.errors
        )

    def raise_any(self) -> None:
        """Raise the kept problems, if there are any."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise FieldErrors(self.errors)


def field_problems(error: DomainError) -> list[DomainError]:
    """The single problems an error stands for (itself, or each of :class:`FieldErrors`)."""
    return error.errors if isinstance(error, FieldErrors) else [error]


def wants_json() -> bool:
    """True when the current request should be answered with JSON."""
    return request.path.startswith("/api/")


def wants_plain_text() -> bool:
    """True for calendar files and feeds, whose clients show an error's text as it is."""
    return request.path.endswith(".ics")


def _error_response(status: int, code: str, message: str, body: dict | None = None) -> Response:
    """Render one error as JSON for the API, text for calendars or a page for the browser."""
    if wants_json():
        response = jsonify(body or {"error": {"code": code, "message": message, "field": None}})
    elif wants_plain_text():
        response = Response(message + "\n", mimetype="text/plain")
        response.headers["Cache-Control"] = "no-store"
    else:
        response = current_app.make_response(
            render_template("errors/error.html", status=status, message=message)
        )
    response.status_code = status
    return response


def _http_message(error: HTTPException) -> str:
    """A short, translated explanation of a standard HTTP error."""
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in to continue."),
        403: _("You do not have permission to do that."),
        404: _("We could not find that page."),
        405: _("That action is not available here."),
        409: _("That conflicts with the current state."),
        413: _("What you sent is too large."),
        415: _("This address takes a form sent from its page, not JSON."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }
    return messages.get(error.code or 500, _("Something went wrong."))


def register_error_handlers(app: Flask) -> None:
    """Install the handlers that turn every error into a page or a JSON error."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Response:
        status = error.status_code
        if not wants_json() and error.page_status_code is not None:
            status = error.page_status_code
        return _error_response(status, error.code, error.message, error.to_dict())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        message = _(
            "This form has expired or did not come from this site. "
            "Please go back, reload the page and try again."
        )
        return _error_response(400, "csrf_failed", message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        code = (error.name or "error").lower().replace(" ", "_")
        message = _http_message(error)
        if isinstance(error, RateLimitExceeded) and error.limit.error_message:
            message = error.description or message  # the limit's own, translated words
        response = _error_response(error.code or 500, code, message)
        # Keep the headers the error defines, such as Allow on a 405 or Retry-After.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(IntegrityError)
    def concurrent_write(error: IntegrityError) -> Response:
        # A constraint the checks before the write could not see: a request at the same
        # moment wrote the row first. Logged, since it may also be a check that is missing.
        current_app.logger.error(
            "Integrity error on %s %s (request %s): %s",
            request.method,
            loggable_path(),
            request_id(),
            error.orig,
        )
        message = _("Someone else changed this at the same moment. Reload and try again.")
        return _error_response(409, "conflict", message)

    def database_outage(error: Exception) -> Response:
        current_app.logger.error(
            "Database unavailable on %s %s (request %s): %s",
            request.method,
            loggable_path(),
            request_id(),
            getattr(error, "orig", None) or error,  # the driver's words, not the SQL
        )
        # The page must not ask the database who is signed in (it cannot answer): the
        # request's user slot of Flask-Login is filled with a visitor for the rest of it.
        g._login_user = login_manager.anonymous_user()
        message = _("The service is briefly unavailable. Please try again in a few seconds.")
        response = _error_response(503, "service_unavailable", message)
        response.headers["Retry-After"] = str(OUTAGE_RETRY_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    for outage in DATABASE_OUTAGES:
        app.register_error_handler(outage, database_outage)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        current_app.logger.exception(
            "Unhandled error on %s %s (request %s)", request.method, loggable_path(), request_id()
        )
        message = _("Something went wrong on our side. It has been logged; please try again.")
        return _error_response(500, "internal_error", message)
