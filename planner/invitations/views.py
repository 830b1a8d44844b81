"""Invitation pages: the invitee's link, an organization's pending list, the host's box.

The link page never uses an invitation up by being opened (mail scanners follow
links); only the form the invitee sends does. A link that no longer works explains
itself: expired (ask for a new one), used (sign in), withdrawn (ask whoever invited
you), or not an invitation at all (404).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from planner.accounts.link_secrets import LINK_PAGE_STATUS
from planner.errors import Conflict, ValidationFailed
from planner.events.access import is_cohost, load_event
from planner.form_base import show_error_beside_field
from planner.form_values import whole_number
from planner.invitations import operations, presenters
from planner.invitations.acceptance import LinkState
from planner.invitations.forms import AcceptInvitationForm, EventInviteForm, InviteForm
from planner.labels import ORGANIZATION_KIND_LABELS, ORGANIZATION_ZONE_CHOICE, ROLE_LABELS
from planner.models import Role
from planner.organizations.operations import get_organization
from planner.organizations.presenters import organization_heading
from planner.presentation import current_locale
from planner.security import PRIVATE_HEADERS
from planner.zone_menu import fill_optional_zone

bp = Blueprint("invitations", __name__)


def _state_page(token: str, state: LinkState) -> tuple[str, int]:
    """The page of a link that cannot be accepted, with its status."""
    return (
        render_template("invitations/link_state.html", state=state, token=token),
        LINK_PAGE_STATUS[state.status],
        PRIVATE_HEADERS,
    )


def _accept_page(token: str, state: LinkState, form: AcceptInvitationForm, status: int):
    invitation = state.invitation
    fill_optional_zone(form.timezone, str(ORGANIZATION_ZONE_CHOICE), None)
    locale = current_locale()
    return (
        render_template(
            "invitations/accept.html",
            form=form,
            token=token,
            invitation=invitation,
            organization=invitation.organization.display_name(locale),
            inviter=invitation.invited_by.display_name if invitation.invited_by else "",
            role=ROLE_LABELS[invitation.role],
            event_title=invitation.event.title(locale) if invitation.event else "",
        ),
        status,
        PRIVATE_HEADERS,
    )


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str) -> Response | tuple[str, int]:
    """The invitee's page: choose a name, language, zone and maybe a password, and join."""
    state = operations.invitation_link_state(token)
    if not state.is_valid:
        return _state_page(token, state)
    invitation = state.invitation
    # The language the invitee reads this page in (their browser's, or the one they
    # switched to), rather than the one the inviter wrote the email in.
    form = AcceptInvitationForm(locale=current_locale())
    if not form.validate_on_submit():
        return _accept_page(token, state, form, 400 if form.is_submitted() else 200)
    event = invitation.event
    try:
        user = operations.accept_invitation(
            token,
            display_name=form.display_name.data or "",
            locale=form.locale.data,
            timezone=form.timezone.data,
            password=form.password.data or None,
        )
    except ValidationFailed as error:
        show_error_beside_field(form, error, "display_name")
        return _accept_page(token, state, form, 400)
    except Conflict as error:
        return render_template("errors/error.html", status=409, message=error.message), 409
    login_user(user)
    flash(_("Welcome, %(name)s. You have joined.", name=user.display_name), "success")
    if event is not None and is_cohost(user, event):
        # Invited to answer a proposal: straight to its candidate times.
        return redirect(url_for("proposal_links.answer_page", event_id=event.id))
    if event is not None:
        return redirect(url_for("events.show", event_id=event.id))
    return redirect(url_for("dashboard.index"))


@bp.post("/invitations/<token>/renew")
def renew(token: str) -> Response | tuple[str, int]:
    """Send an expired invitation again, to the address it was made for."""
    state = operations.invitation_link_state(token)
    if state.is_valid:
        return redirect(url_for("invitations.accept", token=token), 303)
    if state.status != "expired":
        return _state_page(token, state)
    operations.ask_for_new_invitation(token)
    return render_template("invitations/renewed.html"), 200


def _pending_page(organization_id: int, form: InviteForm | None = None, status: int = 200):
    invitations = operations.list_pending_invitations(current_user, organization_id)
    organization = get_organization(organization_id)
    kind_label = str(ORGANIZATION_KIND_LABELS[organization.kind])
    if form is None:
        form = InviteForm(locale=current_user.locale or current_locale(), role=str(Role.ORGANIZER))
    return (
        render_template(
            "invitations/pending.html",
            organization=organization_heading(
                organization, current_user, current_locale(), kind_label
            ),
            page="invitations",
            rows=presenters.pending_rows(invitations),
            form=form,
        ),
        status,
    )


@bp.get("/organizations/<int:organization_id>/invitations")
@login_required
def pending(organization_id: int) -> tuple[str, int]:
    """An organization's pending invitations, and the form to invite someone new."""
    return _pending_page(organization_id)


@bp.post("/organizations/<int:organization_id>/invitations")
@login_required
def create(organization_id: int) -> Response | tuple[str, int]:
    """Invite an address to the organization."""
    operations.list_pending_invitations(current_user, organization_id)  # who may, first
    form = InviteForm()
    if not form.validate_on_submit():
        return _pending_page(organization_id, form, 400)
    try:
        result = operations.invite_person(
            current_user,
            organization_id=organization_id,
            email=form.email.data or "",
            role=Role(form.role.data),
            locale=form.locale.data,
        )
    except ValidationFailed as error:
        show_error_beside_field(form, error, "email")
        return _pending_page(organization_id, form, 400)
    flash(result.message, "info" if result.kind == "has_account" else "success")
    return redirect(url_for("invitations.pending", organization_id=organization_id))


@bp.post("/invitations/<int:invitation_id>/resend")
@login_required
def resend(invitation_id: int) -> Response:
    """Send a pending invitation again (a new link, a new expiry)."""
    invitation = operations.resend_invitation(current_user, invitation_id)
    flash(_("The invitation to %(email)s is sent again.", email=invitation.email), "success")
    return redirect(url_for("invitations.pending", organization_id=invitation.organization_id))


@bp.post("/invitations/<int:invitation_id>/revoke")
@login_required
def revoke(invitation_id: int) -> Response:
    """Withdraw a pending invitation: its link stops working."""
    invitation = operations.revoke_invitation(current_user, invitation_id)
    flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("invitations.pending", organization_id=invitation.organization_id))


@bp.post("/events/<int:event_id>/invitations")
@login_required
def invite_for_event(event_id: int) -> Response | tuple[str, int]:
    """The host's box on the event page: invite someone who can answer for a co-host."""
    load_event(current_user, event_id)  # an event the actor cannot see is a 404
    form = EventInviteForm()
    organization_id = whole_number(form.organization_id.data)
    if form.validate_on_submit() and organization_id is not None:
        try:
            result = operations.invite_person(
                current_user,
                organization_id=organization_id,
                email=form.email.data or "",
                event_id=event_id,
            )
        except ValidationFailed as error:
            show_error_beside_field(form, error, "email")
        else:
            flash(result.message, "info" if result.kind == "has_account" else "success")
            return redirect(url_for("events.show", event_id=event_id))
    elif organization_id is None:
        form.email.errors = [*form.email.errors, _("Choose the organization to invite to.")]
    return render_template("invitations/event_invite.html", form=form, event_id=event_id), 400
