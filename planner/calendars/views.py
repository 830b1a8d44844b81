"""Calendar files and feeds over HTTP, the feeds page, and the new organizer-feed address.

The calendar views only parse the request, ask ``planner.calendars.feeds`` for the
document and answer it with the headers calendar clients rely on: a strong ETag
and Last-Modified (revalidation answers 304 with no body), ``Cache-Control`` that
makes every poll revalidate (``private`` for secret feeds, so no shared cache keeps
them), CORS only for public calendars, and a plain-text error, identical for every
kind of "not found", that never tells whether a secret address ever existed.

The subscribe boxes and "add to calendar" links the pages show are built by
:mod:`planner.calendars.links`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.calendars import feeds
from planner.calendars import tokens as feed_tokens
from planner.calendars.cache import CalendarDocument
from planner.calendars.links import (
    organization_subscription,
    organizer_subscription,
    page_language,
    public_subscription,
)
from planner.errors import DomainError
from planner.form_values import safe_next_url
from planner.organizations.operations import list_organizations

bp = Blueprint("calendars", __name__)

PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
PRIVATE_CACHE_CONTROL = "private, max-age=0, must-revalidate"


# -- Serving calendars -----------------------------------------------------------------


def _calendar_response(document: CalendarDocument, *, public: bool, download: bool) -> Response:
    """Answer a calendar document, or 304 when the client's copy is current."""
    response = Response(document.body, mimetype="text/calendar")
    response.set_etag(document.etag)
    response.last_modified = document.last_modified
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL if public else PRIVATE_CACHE_CONTROL
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    if public:
        response.headers["Access-Control-Allow-Origin"] = "*"
    else:
        response.headers["X-Robots-Tag"] = "noindex"
    return response.make_conditional(request)


def _calendar_error(error: DomainError) -> Response:
    """A short plain-text error: calendar clients show it, and it is the same every time."""
    response = Response(error.message + "\n", status=error.status_code, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def calendar_resource(*, public: bool, download: bool = False) -> Callable:
    """Turn a view that returns a ``CalendarDocument`` into a calendar endpoint."""

    def decorate(view: Callable[..., CalendarDocument]) -> Callable[..., Response]:
        @wraps(view)
        def wrapped(**kwargs: object) -> Response:
            try:
                document = view(**kwargs)
            except DomainError as error:
                return _calendar_error(error)
            return _calendar_response(document, public=public, download=download)

        return wrapped

    return decorate


def _requested_language() -> str:
    """The ``lang`` query argument (checked by the service); English by default."""
    return request.args.get("lang", "en")


@bp.get("/feeds/events.ics")
@calendar_resource(public=True)
def public_feed() -> CalendarDocument:
    """Every public event from the last 180 days on."""
    return feeds.render_public_feed(_requested_language())


@bp.get("/feeds/orgs/<slug>.ics")
@calendar_resource(public=True)
def organization_feed(slug: str) -> CalendarDocument:
    """The public events one organization hosts or co-hosts."""
    return feeds.render_organization_feed(slug, _requested_language())


@bp.get("/feeds/attendee/<token>.ics")
@calendar_resource(public=False)
def attendee_feed(token: str) -> CalendarDocument:
    """An attendee's personal feed, with join links."""
    return feeds.render_attendee_feed(token, _requested_language())


@bp.get("/feeds/organizer/<token>.ics")
@calendar_resource(public=False)
def organizer_feed(token: str) -> CalendarDocument:
    """An organizer's proposals and holds, with join links."""
    return feeds.render_organizer_feed(token, _requested_language())


@bp.get("/events/<int:event_id>.ics")
@calendar_resource(public=True, download=True)
def event_ics(event_id: int) -> CalendarDocument:
    """One public event as an "add to calendar" file."""
    return feeds.render_event_file(event_id, _requested_language())


# -- The feeds page ---------------------------------------------------------------------


@bp.get("/feeds")
def index() -> str:
    """The public feed and every organization's feed, plus the organizer's own."""
    lang = page_language()
    may_have_private_feed = current_user.is_authenticated and current_user.organization is not None
    token = feed_tokens.organizer_feed_token(current_user) if may_have_private_feed else None
    organizer = organizer_subscription(current_user, token, lang) if token else None
    return render_template(
        "calendars/index.html",
        public=public_subscription(lang),
        organizations=[organization_subscription(org, lang) for org in list_organizations()],
        organizer=organizer,
        offer_private_feed=may_have_private_feed and organizer is None,
    )


@bp.post("/feeds/organizer/new-address")
@login_required
def replace_organizer_feed() -> Response:
    """Give the organizer a private feed address, revoking the one they had (if any).

    The one route for it: the feeds page and the account page both post here, with
    ``next`` naming the page to go back to.
    """
    had_one = feed_tokens.organizer_feed_token(current_user) is not None
    feed_tokens.new_organizer_feed_token(current_user)
    if had_one:
        message = _(
            "Your private feed has a new address. The old one has stopped working; "
            "subscribe again with the new one."
        )
    else:
        message = _("Your private feed address is ready. Subscribe to it in your calendar app.")
    flash(message, "success")
    return redirect(safe_next_url(request.form.get("next")) or url_for("calendars.index"))
