"""Signing in and out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from planner.accounts.forms import LoginForm
from planner.accounts.operations import authenticate, find_user
from planner.extensions import login_manager, sign_in_limit
from planner.form_values import safe_next_url, whole_number
from planner.models import User

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the signed-in user for Flask-Login (inactive users are refused by it)."""
    number = whole_number(user_id)
    return find_user(number) if number is not None else None


@bp.route("/login", methods=["GET", "POST"])
@sign_in_limit
def login() -> str | Response:
    """Show the sign-in form and sign the user in."""
    # Organizers sign in to work on their events: the dashboard, not the public listing.
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next_url(form.next.data) or url_for("dashboard.index"))
        # One message for an unknown email and a wrong password alike.
        form.password.errors.append(_("The email or password is not correct."))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out (POST only, so a link on another site cannot sign anybody out)."""
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("home.index"))
