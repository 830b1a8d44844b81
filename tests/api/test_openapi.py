"""The OpenAPI document: valid OpenAPI 3.1, and exactly the routes the app has."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from planner.api.openapi import document

METHODS = {"get", "post", "put", "patch", "delete"}


def _openapi_path(rule: str) -> str:
    """Flask's ``/events/<int:event_id>`` as OpenAPI's ``/events/{event_id}``."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json["openapi"] == "3.1.0"
    validate(served.json)


def test_every_api_route_is_documented_and_nothing_else(app: Flask) -> None:
    in_app = {
        (_openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    with app.app_context():
        generated = document()
    documented = {
        (path, method)
        for path, item in generated["paths"].items()
        for method in item
        if method in METHODS
    }
    assert in_app == documented


def test_protected_operations_declare_bearer_and_every_error_uses_the_error_schema(
    app: Flask,
) -> None:
    with app.app_context():
        generated = document()
    for path, item in generated["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation["responses"]
            if "401" in responses and path != "/api/v1/tokens":
                assert {"bearer": []} in operation["security"], (method, path)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path)
    scheme = generated["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
