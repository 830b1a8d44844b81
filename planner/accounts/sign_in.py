"""Signing in and out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from planner.accounts.attempts import password_attempts_limited
from planner.accounts.forms import LoginForm
from planner.accounts.operations import authenticate
from planner.accounts.sessions import end_all_sessions, user_for_session
from planner.extensions import login_manager
from planner.form_values import safe_next_url
from planner.models import User
from planner.proposal_links.passes import forget_passes

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(stored_id: str) -> User | None:
    """Load the signed-in user for Flask-Login, from the session or a remember-me cookie.

    Both store :meth:`User.get_id`; one whose sign-in generation has ended (signed
    out, password changed, account deactivated) opens nothing.
    """
    return user_for_session(stored_id)


def sign_in_again(user: User) -> None:
    """Give this device a session of ``user``'s current generation.

    After a password change has ended every session of the account, the person who
    changed it stays signed in here, and only here.
    """
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@password_attempts_limited
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
    """Sign out everywhere (POST only, so a link on another site cannot sign anybody out).

    Every session of the account ends, on every device: a copied session cookie
    stops working too.
    """
    if current_user.is_authenticated:
        end_all_sessions(current_user._get_current_object())
    logout_user()
    # Proposal passes of this browser go too (whose ever they were).
    forget_passes()
    flash(_("You have signed out on every device."), "info")
    return redirect(url_for("home.index"))
