"""``GET /api/v1/organizations``."""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from planner.api import bp
from planner.models import Organization
from planner.organizations.operations import list_organizations


def organization_json(organization: Organization) -> dict:
    """The public JSON form of an organization."""
    return {
        "slug": organization.slug,
        "name": organization.name_en,
        "name_ja": organization.name_ja,
        "kind": str(organization.kind),
        "country": organization.country,
        "timezone": organization.timezone,
        "working_hours": (f"{organization.work_start:%H:%M}-{organization.work_end:%H:%M}"),
    }


@bp.get("/organizations")
def organizations() -> Response:
    """List every organization with its home zone and working hours."""
    return jsonify({"organizations": [organization_json(o) for o in list_organizations()]})
