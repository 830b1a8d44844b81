"""Calendar files and feeds over HTTP, the feeds page, and the links pages show.

The calendar views only parse the request, ask ``planner.calendars.feeds`` for the
document and answer it with the headers calendar clients rely on: a strong ETag
and Last-Modified (revalidation answers 304 with no body), ``Cache-Control`` that
makes every poll revalidate (``private`` for secret feeds, so no shared cache keeps
them), CORS only for public calendars, and a plain-text error, identical for every
kind of "not found", that never tells whether a secret address ever existed.

The presenters (:func:`calendar_links`, the ``*_subscription`` functions) turn an
event or a feed into the URLs the macros in ``templates/macros/calendar.html``
display, so templates compute nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.calendars import feeds
from planner.calendars import tokens as feed_tokens
from planner.calendars.cache import CalendarDocument
from planner.calendars.values import describe_for_calendar
from planner.errors import DomainError
from planner.models import Event, EventStatus, Organization, User
from planner.organizations.operations import list_organizations

bp = Blueprint("calendars", __name__)

PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
PRIVATE_CACHE_CONTROL = "private, max-age=0, must-revalidate"
# Google and Outlook take the whole event in the query string; browsers and their
# servers refuse very long URLs, so the description is cut to this many characters.
LINK_DETAILS_MAX = 1500


def _base_url() -> str:
    """The public root URL of the app (calendar files and links must be absolute)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def _absolute(endpoint: str, **values: object) -> str:
    """The absolute public URL of an endpoint."""
    return _base_url() + url_for(endpoint, **values)


def _page_language() -> str:
    """The interface language, which also picks the language of offered calendars."""
    locale = str(get_locale() or "en")
    return locale if locale in feeds.LANGUAGES else "en"


def _language_argument(lang: str) -> dict[str, str]:
    """``lang`` as a query argument, left out for the default (English)."""
    return {} if lang == "en" else {"lang": lang}


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
    return feeds.render_public_feed(
        _requested_language(), base_url=_base_url(), feed_url=_absolute("calendars.public_feed")
    )


@bp.get("/feeds/orgs/<slug>.ics")
@calendar_resource(public=True)
def organization_feed(slug: str) -> CalendarDocument:
    """The public events one organization hosts or co-hosts."""
    return feeds.render_organization_feed(
        slug,
        _requested_language(),
        base_url=_base_url(),
        feed_url=_absolute("calendars.organization_feed", slug=slug),
    )


@bp.get("/feeds/attendee/<token>.ics")
@calendar_resource(public=False)
def attendee_feed(token: str) -> CalendarDocument:
    """An attendee's personal feed, with join links."""
    return feeds.render_attendee_feed(
        token,
        _requested_language(),
        base_url=_base_url(),
        feed_url=_absolute("calendars.attendee_feed", token=token),
    )


@bp.get("/feeds/organizer/<token>.ics")
@calendar_resource(public=False)
def organizer_feed(token: str) -> CalendarDocument:
    """An organizer's proposals and holds, with join links."""
    return feeds.render_organizer_feed(
        token,
        _requested_language(),
        base_url=_base_url(),
        feed_url=_absolute("calendars.organizer_feed", token=token),
    )


@bp.get("/events/<int:event_id>.ics")
@calendar_resource(public=True, download=True)
def event_ics(event_id: int) -> CalendarDocument:
    """One public event as an "add to calendar" file."""
    return feeds.render_event_file(event_id, _requested_language(), base_url=_base_url())


# -- The feeds page ---------------------------------------------------------------------


@bp.get("/feeds")
def index() -> str:
    """The public feed and every organization's feed, plus the organizer's own."""
    lang = _page_language()
    organizer = None
    if current_user.is_authenticated and current_user.organization is not None:
        organizer = organizer_subscription(current_user, lang)
    return render_template(
        "calendars/index.html",
        public=public_subscription(lang),
        organizations=[organization_subscription(org, lang) for org in list_organizations()],
        organizer=organizer,
    )


@bp.post("/feeds/organizer/new-address")
@login_required
def replace_organizer_feed() -> Response:
    """Revoke the organizer's feed address and issue a new one."""
    feed_tokens.rotate_organizer_feed_token(current_user)
    flash(
        _(
            "Your private feed has a new address. The old one has stopped working; "
            "subscribe again with the new one."
        ),
        "success",
    )
    return redirect(url_for("calendars.index"))


# -- Presenters for the macros in templates/macros/calendar.html ------------------------


@dataclass(frozen=True)
class CalendarLinks:
    """Where "Add to calendar" points for one event: the .ics file, Google, Outlook."""

    ics_url: str
    google_url: str
    outlook_url: str


@dataclass(frozen=True)
class FeedSubscription:
    """Everything a subscribe box shows for one feed.

    ``key`` is unique on a page (element ids); ``private`` marks a secret address,
    which the box asks the reader to keep to themselves.
    """

    key: str
    name: str
    description: str
    https_url: str
    webcal_url: str
    google_url: str
    outlook_url: str
    private: bool = False


def _utc_stamp(instant: datetime) -> str:
    """20260327T080000Z, the form Google's template link takes."""
    return instant.strftime("%Y%m%dT%H%M%SZ")


def _iso_utc(instant: datetime) -> str:
    """2026-03-27T08:00:00Z, the form Outlook's compose link takes."""
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def calendar_links(event: Event) -> CalendarLinks | None:
    """The "Add to calendar" links of a published event, or ``None`` for any other.

    Cancelled and completed events keep their .ics file (a calendar that already
    has the event learns of the cancellation) but are not offered for adding.
    The links carry no join link: the event page is public.
    """
    if event.status != EventStatus.PUBLISHED or event.start_utc is None or event.end_utc is None:
        return None
    lang = _page_language()
    title = event.title(lang)
    details = describe_for_calendar(event, _base_url(), lang, None)[:LINK_DETAILS_MAX]
    location = event.venue or "Online"
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc_stamp(event.start_utc)}/{_utc_stamp(event.end_utc)}",
        "details": details,
        "location": location,
        "ctz": event.planning_timezone,
    }
    outlook = {
        "subject": title,
        "startdt": _iso_utc(event.start_utc),
        "enddt": _iso_utc(event.end_utc),
        "body": details,
        "location": location,
        "path": "/calendar/action/compose",
        "rru": "addevent",
    }
    return CalendarLinks(
        ics_url=_absolute("calendars.event_ics", event_id=event.id, **_language_argument(lang)),
        google_url="https://calendar.google.com/calendar/render?" + urlencode(google),
        outlook_url="https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(outlook),
    )


def _subscription(
    key: str, name: str, description: str, https_url: str, *, private: bool = False
) -> FeedSubscription:
    """Derive the webcal, Google and Outlook addresses of a feed from its https URL."""
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    return FeedSubscription(
        key=key,
        name=name,
        description=description,
        https_url=https_url,
        webcal_url=webcal_url,
        google_url="https://calendar.google.com/calendar/r?cid=" + quote(webcal_url, safe=""),
        outlook_url="https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https_url, "name": name}),
        private=private,
    )


def public_subscription(lang: str) -> FeedSubscription:
    """The subscribe box of the public feed, in ``lang``."""
    return _subscription(
        "public",
        feeds.public_feed_name(),
        _("Every public co-hosted event, updated as plans change."),
        _absolute("calendars.public_feed", **_language_argument(lang)),
    )


def organization_subscription(organization: Organization, lang: str) -> FeedSubscription:
    """The subscribe box of one organization's public feed."""
    return _subscription(
        f"org-{organization.slug}",
        feeds.organization_feed_name(organization, lang),
        _(
            "The public events %(name)s hosts or co-hosts.",
            name=organization.display_name(lang),
        ),
        _absolute(
            "calendars.organization_feed", slug=organization.slug, **_language_argument(lang)
        ),
    )


def organizer_subscription(user: User, lang: str) -> FeedSubscription:
    """The subscribe box of the user's private organizer feed (created on first view)."""
    token = feed_tokens.organizer_feed_token(user)
    return _subscription(
        "organizer",
        feeds.organizer_feed_name(user.organization, lang),
        _(
            "Proposals still being negotiated, each candidate time as a tentative hold, "
            "and your organization's agreed events, with join links."
        ),
        _absolute("calendars.organizer_feed", token=token, **_language_argument(lang)),
        private=True,
    )


def attendee_subscription(token: str, lang: str) -> FeedSubscription:
    """The subscribe box of an attendee's personal feed (for the registration pages)."""
    return _subscription(
        "attendee",
        feeds.attendee_feed_name(),
        _("Every co-hosted event you register for, with its join link."),
        _absolute("calendars.attendee_feed", token=token, **_language_argument(lang)),
        private=True,
    )
