"""What the public sees first: the home page, the month calendar, the language switcher."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.accounts.operations import set_preferred_locale
from planner.form_values import safe_next_url
from planner.home import presenters, queries
from planner.home.forms import EventFilterForm
from planner.i18n import SESSION_LOCALE_KEY

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> tuple[str, int]:
    """The home page: upcoming public events, filterable, then the past ones.

    The filters come by GET (a form that works without JavaScript); an unknown value
    shows every event, with the filter's error, as a 400.
    """
    form = EventFilterForm(request.args)
    form.offer(presenters.filter_choices(queries.filter_options()))
    valid = form.validate()
    events = queries.public_events(form.filters() if valid else queries.EventFilters())
    page = render_template(
        "home/index.html", listing=presenters.public_listing(events), filter_form=form
    )
    return page, 200 if valid else 400


@bp.get("/calendar")
def calendar() -> str:
    """Public events of one month on a grid, in Tokyo or Copenhagen time (or any zone)."""
    month = queries.month_of_events(
        request.args.get("month") or None, request.args.get("zone") or None
    )
    return render_template("home/calendar.html", calendar=presenters.month_calendar(month))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    """Remember the language picked in the header switcher, then go back.

    Visitors keep the choice in their session; a signed-in user's preference is saved
    on the account, so it follows them to other machines.
    """
    locale = request.form.get("locale", "")
    if locale not in current_app.config["SUPPORTED_LOCALES"]:
        abort(400)
    session[SESSION_LOCALE_KEY] = locale
    if current_user.is_authenticated:
        set_preferred_locale(current_user, locale)
    return redirect(safe_next_url(request.form.get("next")) or "/")
