"""Organizations: adding partners and changing their zone or working hours."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import time

import holidays
from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.accounts.operations import checked_email
from planner.errors import NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.limits import AUDIENCE_ZONES_MAX
from planner.models import Organization, OrganizationKind, User
from planner.organizations.access import require_organization_admin
from planner.time_input import require_known_zone
from planner.unit_of_work import unit_of_work

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class OrganizationDetails:
    """The editable fields of an organization, as validated plain values."""

    slug: str
    name_en: str
    name_ja: str | None
    kind: OrganizationKind
    country: str
    timezone: str
    work_start: time
    work_end: time
    audience_zones: tuple[str, ...] = ()  # the zones of the people it speaks for
    # Where proposals go while nobody of the organization has an account (issue 13).
    contact_email: str | None = None


@dataclass(frozen=True)
class OrganizationProfile:
    """What an organization's own admins may change: everything but its slug and kind."""

    name_en: str
    name_ja: str | None
    country: str
    timezone: str
    work_start: time
    work_end: time
    audience_zones: tuple[str, ...] = ()
    contact_email: str | None = None


def _check_contact_email(value: str | None) -> None:
    """Refuse a contact address that is not an email address (none is fine)."""
    if (value or "").strip():
        checked_email(value, field="contact_email")


def _validate(details: OrganizationDetails, except_id: int | None = None) -> None:
    """Check the domain rules a form cannot: zone, country, hours, unique slug."""
    if not SLUG_PATTERN.match(details.slug):
        raise ValidationFailed(
            _("Use lower-case letters, digits and single hyphens, like dk-cluster."),
            field="slug",
        )
    require_known_zone(details.timezone, "timezone")
    for zone in details.audience_zones:
        require_known_zone(zone, "audience_zones")
    if len(details.audience_zones) > AUDIENCE_ZONES_MAX:
        raise ValidationFailed(
            _("Give at most %(count)d audience time zones.", count=AUDIENCE_ZONES_MAX),
            field="audience_zones",
        )
    if details.country not in holidays.list_supported_countries():
        raise ValidationFailed(
            _(
                "%(country)s is not a supported country code (two letters, like JP or DK).",
                country=details.country,
            ),
            field="country",
        )
    if details.work_end <= details.work_start:
        raise ValidationFailed(_("Working hours must end after they start."), field="work_end")
    _check_contact_email(details.contact_email)
    query = select(Organization.id).where(Organization.slug == details.slug)
    if except_id is not None:
        query = query.where(Organization.id != except_id)
    if db.session.scalar(query) is not None:
        raise ValidationFailed(_("Another organization already uses this slug."), field="slug")


def _columns(details: OrganizationDetails) -> dict:
    """The details as column values (the audience zones as a JSON list, repeats dropped)."""
    values = asdict(details)
    contact = (details.contact_email or "").strip().lower()
    values["contact_email"] = contact or None
    values["audience_zones"] = [
        zone for zone in dict.fromkeys(details.audience_zones) if zone != details.timezone
    ]
    return values


def _snapshot(organization: Organization) -> dict:
    """The audited fields of an organization, as JSON-friendly values."""
    values = {
        "slug": organization.slug,
        "name_en": organization.name_en,
        "name_ja": organization.name_ja,
        "kind": str(organization.kind),
        "country": organization.country,
        "timezone": organization.timezone,
        "work_start": organization.work_start.isoformat(timespec="minutes"),
        "work_end": organization.work_end.isoformat(timespec="minutes"),
        "audience_zones": list(organization.audience_zones or []),
        "contact_email": organization.contact_email,
    }
    return values


def _require_admin(actor: User | None) -> None:
    """Only admins (or the command line, ``None``) manage organizations."""
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only administrators can manage organizations."))


def _apply(
    actor: User | None, organization: Organization, details: OrganizationDetails
) -> Organization:
    """Write validated details onto ``organization`` and audit the changed fields."""
    with unit_of_work():
        old = _snapshot(organization)
        for key, value in _columns(details).items():
            setattr(organization, key, value)
        before, after = audit.changed_fields(old, _snapshot(organization))
        audit.record(
            actor,
            "organization.update",
            "organization",
            organization.id,
            before=before,
            after=after,
        )
    return organization


def create_organization(actor: User | None, details: OrganizationDetails) -> Organization:
    """Add an organization."""
    _require_admin(actor)
    _validate(details)
    with unit_of_work():
        organization = Organization(**_columns(details))
        db.session.add(organization)
        db.session.flush()
        audit.record(
            actor,
            "organization.create",
            "organization",
            organization.id,
            after=_snapshot(organization),
        )
    return organization


def update_organization(
    actor: User, organization_id: int, details: OrganizationDetails
) -> Organization:
    """Change an organization's names, kind, country, zone or working hours."""
    _require_admin(actor)
    organization = get_organization(organization_id)
    _validate(details, except_id=organization.id)
    return _apply(actor, organization, details)


def update_organization_profile(
    actor: User | None, organization_id: int, profile: OrganizationProfile
) -> Organization:
    """Change an organization's names, country, zones, hours or contact address.

    For the organization's own admins and site admins (``None``: the command line);
    the slug and the kind stay with the site admins' :func:`update_organization`.
    """
    require_organization_admin(actor, organization_id)
    organization = get_organization(organization_id)
    details = OrganizationDetails(slug=organization.slug, kind=organization.kind, **asdict(profile))
    _validate(details, except_id=organization.id)
    return _apply(actor, organization, details)


def list_organizations() -> list[Organization]:
    """Every organization, ordered by slug."""
    return list(db.session.scalars(select(Organization).order_by(Organization.slug)))


def get_organization(organization_id: int) -> Organization:
    """Load an organization by id or raise ``NotFound``."""
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(_("There is no such organization."))
    return organization


def get_organization_by_slug(slug: str) -> Organization:
    """Load an organization by slug or raise ``NotFound``."""
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise NotFound(_("There is no organization called %(slug)s.", slug=slug))
    return organization
