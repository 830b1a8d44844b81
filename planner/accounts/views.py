"""The signed-in user's own page: preferences, password, API tokens and calendar feed."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.accounts import api_tokens, preferences
from planner.accounts.attempts import password_attempts_limited
from planner.accounts.forms import (
    NewPasswordForm,
    NewTokenForm,
    PasswordChangeForm,
    PreferencesForm,
)
from planner.accounts.operations import change_own_password, set_first_password
from planner.accounts.sign_in import sign_in_again
from planner.calendars import tokens as feed_tokens
from planner.calendars.links import organizer_subscription, page_language
from planner.core.enums import ReminderKind
from planner.errors import ValidationFailed
from planner.labels import ORGANIZATION_ZONE_CHOICE
from planner.presentation import current_locale
from planner.reminders.ledger import has_opted_out
from planner.zone_menu import fill_optional_zone

bp = Blueprint("account", __name__, url_prefix="/account")


def _render(
    *,
    preferences_form: PreferencesForm | None = None,
    password_form: PasswordChangeForm | NewPasswordForm | None = None,
    token_form: NewTokenForm | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The account page, with the given forms (fresh ones otherwise)."""
    if preferences_form is None:
        # Without a stored choice the page's own language is the one in use, so the
        # menu shows that one (not English on a page read in Japanese).
        # A digest turned off from its own link reads "off" here, as the job treats it.
        refused = has_opted_out(current_user.email, ReminderKind.DIGEST)
        preferences_form = PreferencesForm(
            locale=current_user.locale or current_locale(),
            timezone=current_user.timezone or "",
            digest="off" if refused else current_user.digest,
        )
    fill_optional_zone(
        preferences_form.timezone, str(ORGANIZATION_ZONE_CHOICE), current_user.timezone
    )
    token = feed_tokens.organizer_feed_token(current_user)
    feed = organizer_subscription(current_user, token, page_language()) if token else None
    page = render_template(
        "account/index.html",
        preferences_form=preferences_form,
        password_form=password_form or _password_form(),
        token_form=token_form or NewTokenForm(),
        tokens=api_tokens.list_tokens(current_user),
        new_token=new_token,
        feed_url=feed.https_url if feed is not None else None,
        organization_zone=current_user.organization.timezone if current_user.organization else "",
    )
    return page, status


def _password_form() -> PasswordChangeForm | NewPasswordForm:
    """Change the password (the current one asked), or set a first one (none to ask)."""
    return PasswordChangeForm() if current_user.has_password else NewPasswordForm()


@bp.get("")
@login_required
def index() -> tuple[str, int]:
    """Show the account page."""
    return _render()


@bp.post("/preferences")
@login_required
def save_preferences() -> Response | tuple[str, int]:
    """Save the language and personal time zone."""
    form = PreferencesForm()
    if form.validate_on_submit():
        try:
            preferences.update_preferences(
                current_user, form.locale.data, form.timezone.data, form.digest.data
            )
        except ValidationFailed as error:
            field = getattr(form, error.field or "", form.timezone)
            field.errors = [*field.errors, error.message]
        else:
            flash(_("Your preferences are saved."), "success")
            return redirect(url_for("account.index"))
    return _render(preferences_form=form, status=400)


@bp.post("/password")
@login_required
@password_attempts_limited
def change_password() -> Response | tuple[str, int]:
    """Change the password, or set a first one: every other device is signed out.

    An account without a password (it signs in by email link) sets one without being
    asked for a current password; this device stays signed in either way.
    """
    form = _password_form()
    if form.validate_on_submit():
        actor = current_user._get_current_object()
        try:
            if isinstance(form, PasswordChangeForm):
                user = change_own_password(
                    actor, form.current_password.data or "", form.new_password.data or ""
                )
            else:
                user = set_first_password(actor, form.new_password.data or "")
        except ValidationFailed as error:
            field = getattr(form, error.field or "", form.new_password)
            field.errors = [*field.errors, error.message]
        else:
            sign_in_again(user)
            if isinstance(form, PasswordChangeForm):
                message = _("Your password is changed. Every other device has been signed out.")
            else:
                message = _(
                    "Your password is set: you can now sign in with it too. "
                    "Every other device has been signed out."
                )
            flash(message, "success")
            return redirect(url_for("account.index"))
    return _render(password_form=form, status=400)


@bp.post("/tokens")
@login_required
def create_token() -> tuple[str, int]:
    """Issue a personal API token and show it, this once."""
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _render(token_form=form, status=400)
    issued = api_tokens.create_token(current_user, form.label.data)
    flash(_("Token “%(label)s” created.", label=issued.record.label), "success")
    return _render(new_token=issued.secret)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of the user's tokens (CSRFProtect has checked the form's token)."""
    record = api_tokens.revoke_token(current_user, token_id)
    flash(_("Token “%(label)s” revoked; it no longer works.", label=record.label), "success")
    return redirect(url_for("account.index"))
