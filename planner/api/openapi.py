"""Declaring an API operation once, and the OpenAPI 3.1 document made from the declarations.

Every route of ``/api/v1`` is decorated with ``operation(...)``, which names its request
body, query parameters or headers (pydantic models), its answers and the error statuses
it may give. spectree checks each request against those models and writes the
document from them; the failures are turned into our error shape by ``shape_errors``.
The document is served at ``GET /api/v1/openapi.json``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import jsonify, request
from pydantic import BaseModel, ValidationError
from spectree import Response as Answers
from spectree import SecurityScheme, SpecTree
from spectree.models import SecuritySchemeData, Server
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.requests import json_body
from planner.api.shape_errors import shape_error
from planner.api.shapes import Error
from planner.limits import REQUEST_BYTES_MAX

BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {"bearer": []}]
PUBLIC: list[dict[str, list[str]]] = []
ERROR_TEXTS = {
    "400": "Malformed input; `field` names the offending value (e.g. `slots[1].start`).",
    "401": "Missing, invalid or revoked token (with `WWW-Authenticate: Bearer`).",
    "403": "The caller sees the event but their role may not do this.",
    "404": "No such resource, or the caller may not see it.",
    "409": "Not possible in the event's state; `details` has `status` and `allowed`.",
    "412": "The version in If-Match (or `version`) is not the current one, or (for a "
    "merged change) someone changed the same thing since.",
    "413": f"The request body is larger than {REQUEST_BYTES_MAX // 1024} KiB.",
    "422": "Values that cannot be used: a time that does not exist or happens twice, an "
    "unknown time zone (`details.choices` lists the readings of an ambiguous time), or "
    "several fields wrong at once (`details.errors` names each).",
    "428": "Neither If-Match nor `version` was sent.",
    "429": "Too many attempts (sign-ins per address or per account, registrations); "
    "wait `Retry-After` seconds.",
    "503": "The database is briefly out of reach; try again after `Retry-After` seconds.",
}
ETAG_HEADER = {"ETag": {"description": "Strong tag of this version", "schema": {"type": "string"}}}
DESCRIPTION = (
    "Propose co-hosted events between Tokyo and Copenhagen, agree on a time and run "
    "them. Instants are ISO 8601 UTC with Z; local times carry their offset. Every "
    "error has the shape of the Error schema. Every change to an event needs the "
    "version it is based on: its ETag in If-Match, or `version` in the body (428 "
    "without either). An edit, a reschedule, an answer or a new slot from an older "
    "version is merged, and is 412 only where it clashes with a change made since "
    "(a field changed differently, your organization's answer to that time); every "
    "other change from an older version is 412. Text refuses control characters (a "
    "tab and line breaks pass in descriptions, comments and reasons). A body over "
    f"{REQUEST_BYTES_MAX // 1024} KiB is a 413; any operation may answer 503 with "
    "Retry-After while the database is out of reach."
)
# The request models by name, to find the declaration of a failed check.
_REQUEST_MODELS: dict[str, type[BaseModel]] = {}


def _refuse_bad_shapes(request: Any, response: Any, error: Any, *_: Any) -> None:
    """Before the view (spectree's hook): a failed check becomes our 400."""
    if isinstance(error, ValidationError):
        raise shape_error(error, _REQUEST_MODELS[error.title])


def _check_answer(request: Any, response: Any, error: Any, *_: Any) -> None:
    """After the view (spectree's hook): an answer unlike its declaration is our bug."""
    if error is not None:
        raise RuntimeError(f"{request.path} answered unlike its declaration: {error}")


spec = SpecTree(
    "flask",
    mode="strict",
    title="Co-host Planner API",
    version="1.0.0",
    description=DESCRIPTION,
    openapi_version="3.1.0",
    servers=[Server(url="/")],
    security_schemes=[
        SecurityScheme(
            name="bearer",
            data=SecuritySchemeData(
                type="http",
                scheme="bearer",
                description="A personal API token (chp_...), from POST /api/v1/tokens "
                "or the account page.",
            ),
        )
    ],
    page_templates={},
    validation_error_status=400,
    validation_error_model=Error,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    before=_refuse_bad_shapes,
    after=_check_answer,
)


def operation(
    operation_id: str,
    success: tuple[int, type[BaseModel] | None, str],
    errors: str = "",
    *,
    security: list[dict[str, list[str]]] = BEARER,
    json: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    headers: type[BaseModel] | None = None,
    optional_body: bool = False,
    also: dict[int, tuple[type[BaseModel] | None, str]] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare one operation: its input models, its answers and its error statuses.

    ``success`` is (status, model or None, description); ``errors`` lists the error
    statuses it may answer, separated by spaces (413 for a body and 503 are added to
    every operation that may answer them); ``also`` adds other answers. The view
    receives the checked models as ``json``, ``query`` and ``headers``. A body that is
    not a JSON object is refused before the shape check (with ``optional_body`` an
    empty body counts as ``{}``).
    """
    status, model, description = success
    answers: dict[str, Any] = {f"HTTP_{status}": (model, description)}
    for extra_status, extra in (also or {}).items():
        answers[f"HTTP_{extra_status}"] = extra
    # A body can be too large, and the database out of reach, for any operation.
    for code in [*errors.split(), *(["413"] if json is not None else []), "503"]:
        answers[f"HTTP_{code}"] = (Error, ERROR_TEXTS[code])
    for declared in (json, query, headers):
        if declared is not None:
            _REQUEST_MODELS[declared.__name__] = declared
    validate = spec.validate(
        json=json,
        query=query,
        headers=headers,
        resp=Answers(**answers),
        security=security,
        operation_id=operation_id,
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        validated = validate(view)
        if json is None:
            return validated

        @wraps(validated)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not (optional_body and not request.get_data(cache=True)):
                json_body()
            return validated(*args, **kwargs)

        return checked

    return decorate


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of this application's API (needs an app context)."""
    generated = copy.deepcopy(spec.spec)
    event = {"$ref": "#/components/schemas/Event"}
    for item in generated["paths"].values():
        for operation_ in item.values():
            for answer in operation_["responses"].values():
                if answer.get("content", {}).get("application/json", {}).get("schema") == event:
                    answer["headers"] = ETAG_HEADER
    return generated


@bp.get("/openapi.json")
@operation("getOpenApi", (200, None, "OpenAPI 3.1"), security=PUBLIC)
def openapi_document() -> Response:
    """The OpenAPI 3.1 document of this API."""
    return jsonify(document())
