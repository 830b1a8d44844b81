"""``GET /api/v1/organizations``."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from pydantic import Field
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.openapi import PUBLIC, operation
from planner.api.shapes import Answer
from planner.models import Organization as OrganizationRecord
from planner.organizations.operations import list_organizations


class Organization(Answer):
    """An organization with its zone and working hours."""

    slug: str
    name: str
    name_ja: str | None
    kind: str
    country: str
    timezone: str = Field(description="The office zone its staff work in (hours are checked here)")
    audience_zones: list[str] = Field(
        description="The zones of the people it speaks for; its events show these cities too",
        examples=[["Europe/Copenhagen"]],
    )
    working_hours: str = Field(examples=["09:00-18:00"])


class OrganizationList(Answer):
    """Every organization."""

    organizations: list[Organization]


def organization_json(organization: OrganizationRecord) -> dict[str, Any]:
    """The public JSON form of an organization."""
    return {
        "slug": organization.slug,
        "name": organization.name_en,
        "name_ja": organization.name_ja,
        "kind": str(organization.kind),
        "country": organization.country,
        "timezone": organization.timezone,
        "audience_zones": list(organization.audience_zones or []),
        "working_hours": (f"{organization.work_start:%H:%M}-{organization.work_end:%H:%M}"),
    }


@bp.get("/organizations")
@operation("listOrganizations", (200, OrganizationList, "The organizations"), security=PUBLIC)
def organizations() -> Response:
    """Every organization with its zone and working hours."""
    return jsonify({"organizations": [organization_json(o) for o in list_organizations()]})
