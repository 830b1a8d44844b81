"""``/api/v1/organizations``: the public list, and each organization's profile and members.

The profile and the members are for the organization's own organization admins and
site admins (``planner.organizations.access``); answers never carry a password hash
or a link's hash.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from flask import jsonify
from flask_babel import gettext as _
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_required
from planner.api.openapi import PUBLIC, operation
from planner.api.shapes import Answer, Body, country_code, one_of, required_text, text
from planner.errors import ValidationFailed
from planner.limits import AUDIENCE_ZONES_MAX, EMAIL_MAX, ORGANIZATION_NAME_MAX, ZONE_NAME_MAX
from planner.models import Organization as OrganizationRecord
from planner.models import Role, User
from planner.organizations import members as membership
from planner.organizations import operations
from planner.organizations.access import require_organization_admin
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


# -- One organization's profile and members (its admins and site admins) ---------------

WORKING_HOURS_EXAMPLE = "09:00-18:00"
# The operation's field names that the API calls otherwise.
API_FIELDS = {"name_en": "name", "work_start": "working_hours", "work_end": "working_hours"}


class OrganizationProfile(Organization):
    """An organization as its admins manage it: the public facts, its id and contact."""

    id: int
    contact_email: str | None = Field(
        description="Where proposals go while nobody of the organization has an account"
    )


class OrganizationProfilePatch(Body):
    """The body of ``PATCH /organizations/<id>``: fields sent replace, others are kept.

    ``null`` clears ``name_ja`` and ``contact_email``; the slug and the kind are the
    site admins' (the admin pages).
    """

    name: required_text(ORGANIZATION_NAME_MAX) | None = None
    name_ja: text(ORGANIZATION_NAME_MAX) | None = None
    country: country_code() | None = None
    timezone: required_text(ZONE_NAME_MAX, examples=["Asia/Tokyo"]) | None = None
    audience_zones: list[text(ZONE_NAME_MAX)] | None = Field(
        default=None, max_length=AUDIENCE_ZONES_MAX
    )
    working_hours: (
        text(20, pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$", examples=[WORKING_HOURS_EXAMPLE]) | None
    ) = None
    contact_email: text(EMAIL_MAX) | None = None

    @field_validator("name", "country", "timezone", "audience_zones", "working_hours")
    @classmethod
    def _sent_means_not_null(cls, value: object) -> object:
        """These fields, when sent, cannot be null (only name_ja and contact_email clear)."""
        if value is None:
            raise PydanticCustomError("missing", "missing")
        return value


class Member(Answer):
    """An account of the organization."""

    id: int
    name: str
    email: str
    role: str = Field(examples=["organizer"])
    active: bool
    has_password: bool = Field(description="False: signs in by email link only")


class MemberList(Answer):
    """Every account of the organization."""

    members: list[Member]


class MemberPatch(Body):
    """The body of ``PATCH /organizations/<id>/members/<user_id>``: a role, whether active."""

    role: one_of((Role.ORGANIZER.value, Role.ORGANIZATION_ADMIN.value)) | None = None
    active: bool | None = Field(
        default=None,
        description="false signs the member out everywhere and takes back their email links",
    )


class RevokedLinks(Answer):
    """How many unused email links were taken back."""

    revoked: int


def profile_json(organization: OrganizationRecord) -> dict[str, Any]:
    """The organization as its admins see it."""
    return {
        **organization_json(organization),
        "id": organization.id,
        "contact_email": organization.contact_email,
    }


def member_json(member: User) -> dict[str, Any]:
    """A member's facts (never the password hash: only whether there is one)."""
    return {
        "id": member.id,
        "name": member.display_name,
        "email": member.email,
        "role": member.role.value,
        "active": member.active,
        "has_password": member.has_password,
    }


def _clock(text_value: str, field: str) -> time:
    """An ``HH:MM`` wall-clock time, or a 400 naming ``field``."""
    try:
        return time.fromisoformat(text_value)
    except ValueError as error:
        raise ValidationFailed(
            _("Give working hours as HH:MM-HH:MM, for example 09:00-18:00."), field=field
        ) from error


def _patched_profile(
    organization: OrganizationRecord, body: OrganizationProfilePatch
) -> operations.OrganizationProfile:
    """The organization's profile with the body's fields in place of the current ones."""
    sent = body.model_fields_set
    start, end = organization.work_start, organization.work_end
    if "working_hours" in sent:
        first, _dash, last = body.working_hours.partition("-")
        start, end = _clock(first, "working_hours"), _clock(last, "working_hours")
    zones = body.audience_zones if "audience_zones" in sent else organization.audience_zones
    return operations.OrganizationProfile(
        name_en=body.name.strip() if "name" in sent else organization.name_en,
        name_ja=((body.name_ja or "").strip() or None)
        if "name_ja" in sent
        else organization.name_ja,
        country=body.country.strip().upper() if "country" in sent else organization.country,
        timezone=body.timezone.strip() if "timezone" in sent else organization.timezone,
        work_start=start,
        work_end=end,
        audience_zones=tuple(zone.strip() for zone in zones if zone.strip()),
        contact_email=(
            body.contact_email if "contact_email" in sent else organization.contact_email
        ),
    )


@bp.get("/organizations/<int:organization_id>")
@token_required
@operation("getOrganizationProfile", (200, OrganizationProfile, "The organization"), "401 403 404")
def get_organization_profile(user: User, organization_id: int) -> Response:
    """An organization's profile, with its contact address (its admins and site admins)."""
    require_organization_admin(user, organization_id)
    return jsonify(profile_json(operations.get_organization(organization_id)))


@bp.patch("/organizations/<int:organization_id>")
@token_required
@operation(
    "updateOrganizationProfile",
    (200, OrganizationProfile, "The organization as saved"),
    "400 401 403 404",
    json=OrganizationProfilePatch,
)
def update_organization_profile(
    user: User, organization_id: int, json: OrganizationProfilePatch
) -> Response:
    """Change an organization's names, country, zones, hours or contact address."""
    require_organization_admin(user, organization_id)
    organization = operations.get_organization(organization_id)
    try:
        saved = operations.update_organization_profile(
            user, organization_id, _patched_profile(organization, json)
        )
    except ValidationFailed as error:
        if error.field not in API_FIELDS:
            raise
        raise ValidationFailed(
            error.message, field=API_FIELDS[error.field], code=error.code
        ) from error
    return jsonify(profile_json(saved))


@bp.get("/organizations/<int:organization_id>/members")
@token_required
@operation("listOrganizationMembers", (200, MemberList, "The members"), "401 403 404")
def list_organization_members(user: User, organization_id: int) -> Response:
    """Every account of the organization (its admins and site admins)."""
    members = membership.list_members(user, organization_id)
    return jsonify({"members": [member_json(member) for member in members]})


@bp.patch("/organizations/<int:organization_id>/members/<int:user_id>")
@token_required
@operation(
    "updateOrganizationMember",
    (200, Member, "The member as saved"),
    "400 401 403 404 409",
    json=MemberPatch,
)
def update_organization_member(
    user: User, organization_id: int, user_id: int, json: MemberPatch
) -> Response:
    """Change a member's role or whether they may sign in (409: the last organization admin)."""
    role = Role(json.role) if json.role is not None else None
    member = membership.update_member(user, organization_id, user_id, role=role, active=json.active)
    return jsonify(member_json(member))


@bp.post("/organizations/<int:organization_id>/members/<int:user_id>/revoke-links")
@token_required
@operation(
    "revokeOrganizationMemberLinks",
    (200, RevokedLinks, "The links taken back"),
    "401 403 404",
)
def revoke_organization_member_links(user: User, organization_id: int, user_id: int) -> Response:
    """Take back every email link the member has not used yet (sign-in and proposal links)."""
    count = membership.revoke_member_links(user, organization_id, user_id)
    return jsonify({"revoked": count})
