"""The sign-in blueprint's pages for emailed links: sign in by link, forgotten passwords.

Both request forms answer the same page whatever the address (nothing tells which
addresses have accounts) and share their rate limits (:mod:`planner.accounts.link_limits`).
A link's page (GET) only shows what the link will do; its button (a POST, with a
CSRF token) uses the link, so a mail scanner that opens every link uses nothing.
Pages that carry a link's secret in their address are never cached and send no
Referer, so the secret goes nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user
from werkzeug.wrappers import Response

from planner.accounts.email_sign_in import (
    LinkGone,
    LinkUnknown,
    request_password_reset,
    request_sign_in_link,
    reset_password_with_link,
    sign_in_with_link,
    valid_link,
)
from planner.accounts.forms import EmailLinkRequestForm, LinkSignInForm, NewPasswordForm
from planner.accounts.link_limits import email_link_limits
from planner.accounts.sign_in import bp, sign_in_again
from planner.errors import ValidationFailed
from planner.form_values import safe_next_url
from planner.models import LinkPurpose
from planner.notifications.links import link_lifetime
from planner.presentation import current_locale
from planner.security import PRIVATE_HEADERS

# A secret in the address: not kept by caches, not sent on to other sites.

Page = tuple[str, int, dict[str, str]]


def _lifetime_text(purpose: LinkPurpose) -> str:
    """How long a link of ``purpose`` works, in words ("15 minutes")."""
    minutes = int(link_lifetime(purpose).total_seconds() // 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def _request_page(purpose: LinkPurpose, form: EmailLinkRequestForm, status: int = 200) -> Page:
    """The form that asks for a link of ``purpose``."""
    page = render_template("auth/link_request.html", form=form, purpose=purpose.value)
    return page, status, {"Cache-Control": "no-store"}


def _sent_page(purpose: LinkPurpose) -> Page:
    """The one answer to every accepted request, whether or not an email went out."""
    duration = _lifetime_text(purpose)
    if purpose is LinkPurpose.SIGN_IN:
        message = _(
            "If an account uses this address, we have sent it a sign-in link. "
            "It works once, for %(duration)s.",
            duration=duration,
        )
    else:
        message = _(
            "If an account uses this address, we have sent it a link to choose a new "
            "password. It works once, for %(duration)s.",
            duration=duration,
        )
    page = render_template("auth/link_sent.html", message=message, purpose=purpose.value)
    return page, 200, {"Cache-Control": "no-store"}


def _problem_page(error: LinkGone | LinkUnknown, purpose: LinkPurpose) -> Page:
    """Why a link opens nothing (expired, used, withdrawn, unknown), and what to do."""
    status = error.status if isinstance(error, LinkGone) else "unknown"
    page = render_template(
        "auth/link_problem.html",
        message=error.message,
        status=status,
        purpose=purpose.value,
        code=error.status_code,
    )
    return page, error.status_code, PRIVATE_HEADERS


def _ask_for_link(purpose: LinkPurpose, send: Callable[[str, str], None]) -> Page:
    """The request form of a link of ``purpose``; once sent, the one answer for every address."""
    form = EmailLinkRequestForm()
    if form.validate_on_submit():
        send(form.email.data or "", current_locale())
        return _sent_page(purpose)
    return _request_page(purpose, form, 400 if request.method == "POST" else 200)


@bp.route("/login/link", methods=["GET", "POST"])
@email_link_limits
def email_link_request() -> Page:
    """Ask for a one-time sign-in link by email."""
    return _ask_for_link(LinkPurpose.SIGN_IN, request_sign_in_link)


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def email_sign_in(token: str) -> Page | Response:
    """Show whose sign-in link this is (GET); sign in with it, once (POST)."""
    try:
        link = valid_link(token, LinkPurpose.SIGN_IN)
    except (LinkGone, LinkUnknown) as error:
        return _problem_page(error, LinkPurpose.SIGN_IN)
    form = LinkSignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = sign_in_with_link(token)
        except (LinkGone, LinkUnknown) as error:
            return _problem_page(error, LinkPurpose.SIGN_IN)
        login_user(user)
        flash(_("Welcome, %(name)s.", name=user.display_name), "success")
        return redirect(safe_next_url(form.next.data) or url_for("dashboard.index"))
    page = render_template("auth/link_sign_in.html", form=form, user=link.user)
    return page, 400 if request.method == "POST" else 200, PRIVATE_HEADERS


@bp.route("/password/forgot", methods=["GET", "POST"])
@email_link_limits
def forgot_password() -> Page:
    """Ask for a link to choose a new password."""
    return _ask_for_link(LinkPurpose.PASSWORD_RESET, request_password_reset)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page | Response:
    """Choose a new password with a reset link: every session ends, this device signs in."""
    try:
        link = valid_link(token, LinkPurpose.PASSWORD_RESET)
    except (LinkGone, LinkUnknown) as error:
        return _problem_page(error, LinkPurpose.PASSWORD_RESET)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset_password_with_link(token, form.new_password.data or "")
        except (LinkGone, LinkUnknown) as error:
            return _problem_page(error, LinkPurpose.PASSWORD_RESET)
        except ValidationFailed as error:
            form.new_password.errors = [*form.new_password.errors, error.message]
        else:
            sign_in_again(user)
            flash(
                _("Your new password is set. Every other device has been signed out."),
                "success",
            )
            return redirect(url_for("dashboard.index"))
    page = render_template("auth/reset_password.html", form=form, user=link.user)
    return page, 400 if request.method == "POST" else 200, PRIVATE_HEADERS
