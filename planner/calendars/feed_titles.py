"""What each calendar feed is called and how it describes itself, in both languages.

The feed builder (``feeds.py``) puts these in each document's header; the subscribe
boxes (``links.py``) show the names in the page's language.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from planner.core import ical
from planner.models import Organization

# Names and descriptions of the feeds, in the current locale (the feed builder
# forces the feed's language around them; the subscribe boxes use the page's).


def public_feed_name() -> str:
    """The name of the public feed."""
    return _("LINK-J × Denmark co-hosted events")


def organization_feed_name(organization: Organization, locale: str) -> str:
    """The name of one organization's public feed."""
    return _("Co-hosted events: %(name)s", name=organization.display_name(locale))


def attendee_feed_name() -> str:
    """The name of an attendee's personal feed."""
    return _("My co-hosted events")


def organizer_feed_name(organization: Organization, locale: str) -> str:
    """The name of an organizer's private feed."""
    return _("%(name)s: proposals and holds", name=organization.display_name(locale))


def public_meta(lang: str, feed_url: str) -> ical.CalendarMeta:
    """The public feed's name, description and address in ``lang``."""
    with force_locale(lang):
        return ical.CalendarMeta(
            name=public_feed_name(),
            description=_(
                "Webinars and symposia co-hosted by LINK-J and its Danish partners, "
                "from the last six months on."
            ),
            url=feed_url,
        )


def organization_meta(organization: Organization, lang: str, feed_url: str) -> ical.CalendarMeta:
    """One organization's public feed, described in ``lang``."""
    with force_locale(lang):
        return ical.CalendarMeta(
            name=organization_feed_name(organization, lang),
            description=_(
                "Public events that %(name)s hosts or co-hosts, from the last six months on.",
                name=organization.display_name(lang),
            ),
            url=feed_url,
        )


def attendee_meta(lang: str, feed_url: str) -> ical.CalendarMeta:
    """An attendee's personal feed, described in ``lang``."""
    with force_locale(lang):
        return ical.CalendarMeta(
            name=attendee_feed_name(),
            description=_(
                "The co-hosted events you registered for, with their join links. "
                "Keep this address private."
            ),
            url=feed_url,
        )


def organizer_meta(organization: Organization, lang: str, feed_url: str) -> ical.CalendarMeta:
    """An organizer's private feed, described in ``lang``."""
    with force_locale(lang):
        return ical.CalendarMeta(
            name=organizer_feed_name(organization, lang),
            description=_(
                "Proposals of %(name)s still being negotiated (each candidate time as a "
                "tentative hold) and its agreed events. Keep this address private.",
                name=organization.display_name(lang),
            ),
            url=feed_url,
        )
