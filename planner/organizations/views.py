"""An organization's own pages: its profile and its members, for its admins and site admins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.errors import Conflict, ValidationFailed
from planner.form_base import show_error_beside_field
from planner.labels import ORGANIZATION_KIND_LABELS, ROLE_LABELS
from planner.models import Role
from planner.organizations import members as membership
from planner.organizations import operations as organizations
from planner.organizations.access import require_organization_admin
from planner.organizations.forms import (
    MemberActiveForm,
    MemberRoleForm,
    OrganizationProfileForm,
    zone_list,
)
from planner.organizations.operations import OrganizationProfile
from planner.organizations.presenters import (
    member_rows,
    organization_heading,
    own_organization_id,
)
from planner.presentation import current_locale

bp = Blueprint("organizations", __name__, url_prefix="/organizations")


@bp.app_context_processor
def _navigation() -> dict[str, Any]:
    """The navigation's "Organization" link: for an organization admin, their own one."""
    organization_id = own_organization_id(current_user)
    if organization_id is None:
        return {"own_organization_url": None}
    return {
        "own_organization_url": url_for("organizations.profile", organization_id=organization_id)
    }


def _heading(organization_id: int) -> Any:
    """The organization's heading values, after the permission check (403, then 404)."""
    require_organization_admin(current_user, organization_id)
    organization = organizations.get_organization(organization_id)
    kind_label = str(ORGANIZATION_KIND_LABELS[organization.kind])
    return organization_heading(organization, current_user, current_locale(), kind_label)


def _profile(form: OrganizationProfileForm) -> OrganizationProfile:
    """Turn a validated profile form into the operation's plain values."""
    return OrganizationProfile(
        name_en=form.name_en.data.strip(),
        name_ja=(form.name_ja.data or "").strip() or None,
        country=form.country.data,
        timezone=form.timezone.data,
        work_start=form.work_start.data,
        work_end=form.work_end.data,
        audience_zones=zone_list(form.audience_zones.data),
        contact_email=form.contact_email.data or None,
    )


@bp.route("/<int:organization_id>", methods=["GET", "POST"])
@login_required
def profile(organization_id: int) -> str | Response | tuple[str, int]:
    """The organization's profile: names, country, zones, hours and contact address."""
    heading = _heading(organization_id)
    form = OrganizationProfileForm(obj=organizations.get_organization(organization_id))
    if form.validate_on_submit():
        try:
            organizations.update_organization_profile(current_user, organization_id, _profile(form))
        except ValidationFailed as error:
            show_error_beside_field(form, error)
        else:
            flash(_("The organization's profile is saved."), "success")
            return redirect(url_for("organizations.profile", organization_id=organization_id))
    status = 400 if form.is_submitted() else 200
    return render_template("organizations/profile.html", form=form, organization=heading), status


def _members_page(organization_id: int, *, problem: str | None = None, status: int = 200) -> Any:
    """The members page, with an operation's refusal shown on top when there is one."""
    heading = _heading(organization_id)
    rows = member_rows(membership.list_members(current_user, organization_id), current_user)
    page = render_template(
        "organizations/members.html",
        organization=heading,
        members=rows,
        problem=problem,
        role_form=MemberRoleForm(),
        active_form=MemberActiveForm(),
    )
    return page, status


@bp.get("/<int:organization_id>/members")
@login_required
def members(organization_id: int) -> tuple[str, int]:
    """Every account of the organization, with what its admins may change."""
    return _members_page(organization_id)


def _after_change(organization_id: int, change: Any, done: Any) -> Any:
    """Run a member change; back to the members page with its outcome or its refusal.

    ``done`` words the outcome from what ``change`` returned. A refusal (the last
    organization admin, a bad choice) shows on the page with its own status; a
    permission refusal or a missing member is raised, as on every page.
    """
    try:
        outcome = change()
    except (Conflict, ValidationFailed) as error:
        return _members_page(organization_id, problem=error.message, status=error.status_code)
    flash(done(outcome), "success")
    return redirect(url_for("organizations.members", organization_id=organization_id))


@bp.post("/<int:organization_id>/members/<int:user_id>/role")
@login_required
def change_role(organization_id: int, user_id: int) -> Any:
    """Make a member an organizer or an organization admin."""
    require_organization_admin(current_user, organization_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        message = _("Choose organizer or organization admin.")
        return _members_page(organization_id, problem=message, status=400)
    role = Role(form.role.data)
    label = ROLE_LABELS[role]
    return _after_change(
        organization_id,
        lambda: membership.change_member_role(current_user, organization_id, user_id, role),
        lambda member: _(
            "The role of %(name)s is now %(role)s.", name=member.display_name, role=label
        ),
    )


@bp.post("/<int:organization_id>/members/<int:user_id>/active")
@login_required
def set_active(organization_id: int, user_id: int) -> Any:
    """Deactivate a member (signed out everywhere, links taken back) or reactivate them."""
    require_organization_admin(current_user, organization_id)
    form = MemberActiveForm()
    if not form.validate_on_submit():
        message = _("Choose whether the account may sign in.")
        return _members_page(organization_id, problem=message, status=400)
    active = form.active.data == "yes"

    def done(member: Any) -> str:
        if active:
            return _("%(name)s may sign in again.", name=member.display_name)
        return _(
            "%(name)s is deactivated: signed out everywhere, and their email links stop working.",
            name=member.display_name,
        )

    return _after_change(
        organization_id,
        lambda: membership.set_member_active(current_user, organization_id, user_id, active),
        done,
    )


@bp.post("/<int:organization_id>/members/<int:user_id>/revoke-links")
@login_required
def revoke_links(organization_id: int, user_id: int) -> Any:
    """Take back every email link the member has not used yet."""
    require_organization_admin(current_user, organization_id)
    return _after_change(
        organization_id,
        lambda: membership.revoke_member_links(current_user, organization_id, user_id),
        lambda count: ngettext(
            "%(num)d unused email link taken back.", "%(num)d unused email links taken back.", count
        ),
    )
