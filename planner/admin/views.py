"""Admin pages: organizations, users and the audit log."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from planner import audit
from planner.accounts import operations as accounts
from planner.accounts.access import admin_required
from planner.accounts.sign_in import sign_in_again
from planner.admin.forms import PASSWORD_HELP_NEW, OrganizationForm, UserForm
from planner.errors import ValidationFailed
from planner.form_base import show_error_beside_field
from planner.history import HistoryLine, history_lines
from planner.labels import (
    DELIVERY_STATUS_LABELS,
    ORGANIZATION_KIND_LABELS,
    ORGANIZATION_ZONE_CHOICE,
    ROLE_LABELS,
)
from planner.models import OrganizationKind, Role, User
from planner.notifications import outbox as notifications
from planner.notifications.links import outbox_text
from planner.organizations import operations as organizations
from planner.organizations.forms import zone_list
from planner.organizations.operations import OrganizationDetails
from planner.presentation import current_locale, reader_zone
from planner.zone_menu import fill_optional_zone

bp = Blueprint("admin", __name__, url_prefix="/admin")

NO_ORGANIZATION = 0
# The overview shows the newest changes only; each event page has its whole history.
RECENT_CHANGES_SHOWN = 20


@bp.route("/")
@admin_required
def index() -> str:
    """Admin overview: organizations, users and recent changes."""
    return render_template(
        "admin/index.html",
        organizations=organizations.list_organizations(),
        users=accounts.list_users(),
        entries=_recent_changes(),
        kind_labels=ORGANIZATION_KIND_LABELS,
        role_labels=ROLE_LABELS,
    )


def _recent_changes() -> list[HistoryLine]:
    """The newest audit entries as sentences, in the admin's language and zone."""
    entries = audit.recent_entries(limit=RECENT_CHANGES_SHOWN)
    return history_lines(
        entries, audit.references(entries), current_locale(), reader_zone(current_user)
    )


def _organization_details(form: OrganizationForm) -> OrganizationDetails:
    """Turn a validated organization form into the service's plain values."""
    return OrganizationDetails(
        slug=form.slug.data.strip(),
        name_en=form.name_en.data.strip(),
        name_ja=(form.name_ja.data or "").strip() or None,
        kind=OrganizationKind(form.kind.data),
        country=form.country.data,
        timezone=form.timezone.data,
        work_start=form.work_start.data,
        work_end=form.work_end.data,
        audience_zones=zone_list(form.audience_zones.data),
        contact_email=form.contact_email.data or None,
    )


@bp.route("/organizations/new", methods=["GET", "POST"])
@admin_required
def new_organization() -> str | Response | tuple[str, int]:
    """Add an organization."""
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            organization = organizations.create_organization(
                current_user, _organization_details(form)
            )
        except ValidationFailed as error:
            show_error_beside_field(form, error)
        else:
            flash(_("Organization %(slug)s added.", slug=organization.slug), "success")
            return redirect(url_for("admin.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/organization_form.html", form=form, organization=None), status


@bp.route("/organizations/<int:organization_id>", methods=["GET", "POST"])
@admin_required
def edit_organization(organization_id: int) -> str | Response | tuple[str, int]:
    """Change an organization."""
    organization = organizations.get_organization(organization_id)
    form = OrganizationForm(obj=organization)
    if form.validate_on_submit():
        try:
            organizations.update_organization(
                current_user, organization.id, _organization_details(form)
            )
        except ValidationFailed as error:
            show_error_beside_field(form, error)
        else:
            flash(_("Organization %(slug)s saved.", slug=organization.slug), "success")
            return redirect(url_for("admin.index"))
    status = 400 if form.is_submitted() else 200
    return (
        render_template("admin/organization_form.html", form=form, organization=organization),
        status,
    )


def _user_form(user: User | None = None, **kwargs: object) -> UserForm:
    """A user form for ``user`` (``None``: a new account) with today's choices."""
    form = UserForm(**kwargs)
    form.organization_id.choices = [SelectChoice(NO_ORGANIZATION, _("— none —"))] + [
        SelectChoice(organization.id, organization.name_en)
        for organization in organizations.list_organizations()
    ]
    fill_optional_zone(
        form.timezone, str(ORGANIZATION_ZONE_CHOICE), user.timezone if user else None
    )
    if user is None:
        form.password.description = PASSWORD_HELP_NEW
        form.password.flags.required = True
    return form


def _organization_choice(form: UserForm) -> int | None:
    """The chosen organization id, or ``None`` for the 'none' choice."""
    return None if form.organization_id.data == NO_ORGANIZATION else form.organization_id.data


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user() -> str | Response | tuple[str, int]:
    """Add an account."""
    form = _user_form(None)
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("A new account needs a password."))
        else:
            try:
                user = accounts.create_user(
                    current_user,
                    email=form.email.data,
                    display_name=form.display_name.data,
                    password=form.password.data,
                    role=Role(form.role.data),
                    organization_id=_organization_choice(form),
                    timezone=form.timezone.data or None,
                )
            except ValidationFailed as error:
                show_error_beside_field(form, error)
            else:
                flash(_("Account %(email)s created.", email=user.email), "success")
                return redirect(url_for("admin.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int) -> str | Response | tuple[str, int]:
    """Change an account."""
    user = accounts.get_user(user_id)
    form = _user_form(
        user,
        obj=user,
        organization_id=user.organization_id or NO_ORGANIZATION,
        role=user.role.value,
    )
    if form.validate_on_submit():
        try:
            accounts.update_user(
                current_user,
                user.id,
                email=form.email.data,
                display_name=form.display_name.data,
                role=Role(form.role.data),
                organization_id=_organization_choice(form),
                active=form.active.data,
                new_password=form.password.data or None,
                timezone=form.timezone.data or None,
            )
        except ValidationFailed as error:
            show_error_beside_field(form, error)
        else:
            if user.id == current_user.id and form.password.data:
                # A new password ended every session, the admin's own one too.
                sign_in_again(user)
            flash(_("Account %(email)s saved.", email=user.email), "success")
            return redirect(url_for("admin.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/user_form.html", form=form, user=user), status


@bp.get("/outbox")
@admin_required
def outbox() -> str:
    """Every email the app sent or queued, newest first, with its calendar part."""
    messages = notifications.list_outbox()
    return render_template(
        "admin/outbox.html",
        messages=messages,
        bodies={message.id: outbox_text(message.body) for message in messages},
        status_labels=DELIVERY_STATUS_LABELS,
        mail_configured=bool(current_app.config.get("MAIL_SERVER")),
    )
