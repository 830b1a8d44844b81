"""The calendar links pages show: "add to calendar" for an event, and subscribe boxes.

They turn an event or a feed into the URLs the macros in
``templates/macros/calendar.html`` display, so templates compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from flask_babel import get_locale
from flask_babel import gettext as _

from planner.calendars import feed_titles, feeds
from planner.calendars.values import describe_for_calendar
from planner.models import Event, EventStatus, Organization, User
from planner.urls import public_url

# Google and Outlook take the whole event in the query string; browsers and their
# servers refuse very long URLs, so the description is cut to this many characters.
LINK_DETAILS_MAX = 1500


def page_language() -> str:
    """The interface language, which also picks the language of offered calendars."""
    locale = str(get_locale() or "en")
    return locale if locale in feeds.LANGUAGES else "en"


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
    lang = page_language()
    title = event.title(lang)
    details = describe_for_calendar(event, lang, None)[:LINK_DETAILS_MAX]
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
        ics_url=public_url(
            "calendars.event_ics", event_id=event.id, **feeds.language_argument(lang)
        ),
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
        feed_titles.public_feed_name(),
        _("Every public co-hosted event, updated as plans change."),
        public_url("calendars.public_feed", **feeds.language_argument(lang)),
    )


def organization_subscription(organization: Organization, lang: str) -> FeedSubscription:
    """The subscribe box of one organization's public feed."""
    return _subscription(
        f"org-{organization.slug}",
        feed_titles.organization_feed_name(organization, lang),
        _(
            "The public events %(name)s hosts or co-hosts.",
            name=organization.display_name(lang),
        ),
        public_url(
            "calendars.organization_feed", slug=organization.slug, **feeds.language_argument(lang)
        ),
    )


def organizer_subscription(user: User, token: str, lang: str) -> FeedSubscription:
    """The subscribe box of the user's private organizer feed, whose token is ``token``."""
    return _subscription(
        "organizer",
        feed_titles.organizer_feed_name(user.organization, lang),
        _(
            "Proposals still being negotiated, each candidate time as a tentative hold, "
            "and your organization's agreed events, with join links."
        ),
        public_url("calendars.organizer_feed", token=token, **feeds.language_argument(lang)),
        private=True,
    )
