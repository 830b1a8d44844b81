"""Calendar feeds and files: which events each reader gets, and how they read.

* The public feed (every public event from the last 180 days on, cancelled ones
  included) and each organization's feed (the public events it hosts or co-hosts,
  same window) are public: no join link, and no organizer email address either,
  as a public calendar names the host organization, not a staff member.
* An attendee's personal feed lists the public events their email is registered
  for, with the join link where the seat is confirmed; a waitlist place shows the
  event, marked, without the link, as the person is not admitted yet. Its address
  is only ever emailed to that email (``planner.calendars.tokens``).
* An organizer's feed shows their organization's events: each candidate time of
  a proposal still negotiated as a TENTATIVE hold (drafts only to the host),
  agreed events as CONFIRMED and cancelled ones as CANCELLED, with join links.
* ``/events/<id>.ics`` is one public event with METHOD:PUBLISH.

``lang`` (en or ja) picks titles, descriptions and the feed's own name. How the
documents are cached and revalidated cheaply is ``planner.calendars.cache``'s
business; this module only says what goes in.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from planner.calendars import feed_titles as titles
from planner.calendars.cache import (
    CalendarDocument,
    CalendarPlan,
    FeedScope,
    RenderEvent,
    serve,
)
from planner.calendars.tokens import resolve_feed_token
from planner.calendars.values import (
    calendar_event_for,
)
from planner.core import ical
from planner.core.lifecycle import NEGOTIABLE
from planner.errors import NotFound, ValidationFailed
from planner.events.access import public_condition, sent_condition
from planner.extensions import db
from planner.models import (
    CandidateSlot,
    Event,
    EventStatus,
    Organization,
    Registration,
    RegistrationStatus,
    utc_now,
)
from planner.urls import public_base_url, public_url

LANGUAGES = ("en", "ja")
# Public feeds keep the last half year, so that recent events stay in subscribers'
# calendars while the feed does not grow forever.
PUBLIC_WINDOW = timedelta(days=180)
# Agreed events go into the organizer feed as events; negotiating ones as holds.
_ORGANIZER_EVENT_STATES = (
    EventStatus.CONFIRMED,
    EventStatus.PUBLISHED,
    EventStatus.COMPLETED,
    EventStatus.CANCELLED,
)
# Leaving for these states removes an event from the organizer feed.
_ORGANIZER_GONE_STATES = (EventStatus.DECLINED, EventStatus.WITHDRAWN)
# Everything a VEVENT reads from an event besides its own columns and co-hosts.
_EVENT_LOAD = (joinedload(Event.host), joinedload(Event.created_by))


def check_language(lang: str) -> str:
    """Return ``lang`` when it is a language calendars are written in, else refuse it."""
    if lang not in LANGUAGES:
        raise ValidationFailed(
            _("Choose the calendar language with lang=en or lang=ja."), field="lang"
        )
    return lang


def language_argument(lang: str) -> dict[str, str]:
    """``lang`` as a query argument, left out for the default (English).

    A feed's own URL property carries it too, so that a calendar that follows it
    keeps the language it was subscribed in.
    """
    return {} if lang == "en" else {"lang": lang}


def calendar_not_found() -> NotFound:
    """The one answer for every calendar that does not exist or may not be read.

    Unknown and revoked tokens, unknown organizations and unpublished events all
    get exactly this, so a 404 never tells whether an address ever worked.
    """
    return NotFound(_("There is no calendar at this address."))


# -- What each reader sees of an event -----------------------------------------------


def _event_values(event: Event, variant: str, lang: str) -> ical.CalendarEvent:
    """The VEVENT values of an agreed event as ``variant`` readers may see it."""
    values = calendar_event_for(
        event,
        locale=lang,
        include_join_link=variant in ("attendee", "organizer"),
        for_attendee=variant == "attendee",
    )
    if variant == "public":
        # A public calendar names the host organization, not a staff member's address.
        values = dataclasses.replace(values, organizer=None)
    if variant == "waitlisted":
        values = dataclasses.replace(
            values, summary=_("Waitlisted: %(title)s", title=values.summary)
        )
    return values


def hold_uid(event: Event, slot: CandidateSlot) -> str:
    """The UID of a candidate time's hold: stable, and distinct from the event's own."""
    return f"slot-{slot.id}-{event.uid}"


def _hold_values(event: Event, slot: CandidateSlot, lang: str) -> ical.CalendarEvent:
    """A TENTATIVE hold for one candidate time of an event still being negotiated."""
    agreed_form = calendar_event_for(
        event,
        locale=lang,
        include_join_link=True,
        times=(slot.start_utc, slot.end_utc),
    )
    note = _("Candidate time under discussion, not agreed yet.")
    return dataclasses.replace(
        agreed_form,
        uid=hold_uid(event, slot),
        status="TENTATIVE",
        summary=_("Hold: %(title)s", title=agreed_form.summary),
        description=note + "\n\n" + agreed_form.description,
        created=slot.created_at,
    )


def _render(lang: str) -> RenderEvent:
    """How events read in ``lang``: holds while an organizer's event is negotiated."""

    def render(event: Event, variant: str) -> list[ical.CalendarEvent]:
        with force_locale(lang):
            if variant == "organizer" and event.status in NEGOTIABLE:
                return [_hold_values(event, slot, lang) for slot in event.slots]
            return [_event_values(event, variant, lang)]

    return render


def _public_conditions(organization_id: int | None) -> tuple[ColumnElement[bool], ...]:
    """Public events, optionally only those one organization hosts or co-hosts."""
    conditions = (public_condition(), Event.start_utc.is_not(None))
    if organization_id is None:
        return conditions
    return (*conditions, _involves(organization_id))


def _involves(organization_id: int) -> ColumnElement[bool]:
    """Events the organization hosts or co-hosts."""
    return or_(
        Event.host_organization_id == organization_id,
        Event.cohosts.any(Organization.id == organization_id),
    )


def _organizer_sees(organization_id: int) -> ColumnElement[bool]:
    """Events the organization hosts, and those it co-hosts that the host has sent it.

    A draft withdrawn unsent was never in a co-host's feed, so it must not date a
    removal there either.
    """
    return or_(
        Event.host_organization_id == organization_id,
        sent_condition() & Event.cohosts.any(Organization.id == organization_id),
    )


def _public_scope(organization_id: int | None) -> tuple[FeedScope, datetime | None]:
    """The scope of a public feed now, and when an event last left its window."""
    cutoff = utc_now() - PUBLIC_WINDOW
    conditions = _public_conditions(organization_id)
    scope = FeedScope((*conditions, Event.start_utc >= cutoff), literal("public"))
    latest_gone = db.session.scalar(
        select(func.max(Event.start_utc)).where(*conditions, Event.start_utc < cutoff)
    )
    return scope, (latest_gone + PUBLIC_WINDOW if latest_gone else None)


# -- The calendars ---------------------------------------------------------------------


def render_public_feed(lang: str) -> CalendarDocument:
    """Every public event from the last 180 days on, cancelled ones included."""
    check_language(lang)
    feed_url = public_url("calendars.public_feed", **language_argument(lang))
    scope, removed_at = _public_scope(None)
    return serve(
        CalendarPlan(
            identity=("public", feed_url),
            context=(lang, public_base_url()),
            scope=scope,
            render=_render(lang),
            meta=lambda: titles.public_meta(lang, feed_url),
            method=None,
            filename="cohosted-events.ics",
            removed_at=removed_at,
            load_options=_EVENT_LOAD,
        )
    )


def render_organization_feed(slug: str, lang: str) -> CalendarDocument:
    """The public events an organization hosts or co-hosts, same window as the public feed."""
    check_language(lang)
    feed_url = public_url("calendars.organization_feed", slug=slug, **language_argument(lang))
    organization = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        raise calendar_not_found()
    scope, removed_at = _public_scope(organization.id)
    return serve(
        CalendarPlan(
            identity=("organization", organization.id, feed_url),
            context=(lang, public_base_url()),
            scope=scope,
            render=_render(lang),
            meta=lambda: titles.organization_meta(organization, lang, feed_url),
            method=None,
            filename=f"cohosted-events-{organization.slug}.ics",
            removed_at=removed_at,
            load_options=_EVENT_LOAD,
        )
    )


def render_attendee_feed(token: str, lang: str) -> CalendarDocument:
    """Every public event the token's email holds a seat or a waitlist place for."""
    check_language(lang)
    feed_url = public_url("calendars.attendee_feed", token=token, **language_argument(lang))
    feed_token = resolve_feed_token(token)
    if feed_token is None or not feed_token.email:
        raise calendar_not_found()
    email = feed_token.email
    scope = FeedScope(
        conditions=(
            Registration.email == email,
            Registration.status != RegistrationStatus.CANCELLED,
            *_public_conditions(None),
        ),
        variant=case(
            (Registration.status == RegistrationStatus.CONFIRMED, literal("attendee")),
            else_=literal("waitlisted"),
        ),
        joins=((Registration, Registration.event_id == Event.id),),
    )
    # A cancelled registration drops its event; its change time stands for that removal.
    removed_at = db.session.scalar(
        select(func.max(Registration.updated_at)).where(Registration.email == email)
    )
    return serve(
        CalendarPlan(
            identity=("attendee", feed_token.id, feed_url),
            context=(lang, public_base_url()),
            scope=scope,
            render=_render(lang),
            meta=lambda: titles.attendee_meta(lang, feed_url),
            method=None,
            filename="my-cohosted-events.ics",
            removed_at=removed_at,
            load_options=_EVENT_LOAD,
        )
    )


def render_organizer_feed(token: str, lang: str) -> CalendarDocument:
    """An organizer's organization's proposals (as holds) and agreed or cancelled events."""
    check_language(lang)
    feed_url = public_url("calendars.organizer_feed", token=token, **language_argument(lang))
    feed_token = resolve_feed_token(token)
    user = feed_token.user if feed_token is not None and feed_token.user_id else None
    if user is None or not user.active or user.organization is None:
        raise calendar_not_found()
    organization = user.organization
    shown = or_(
        Event.status.in_(_ORGANIZER_EVENT_STATES) & Event.start_utc.is_not(None),
        Event.status == EventStatus.PROPOSED,
        (Event.status == EventStatus.DRAFT) & (Event.host_organization_id == organization.id),
    )
    scope = FeedScope((_organizer_sees(organization.id), shown), literal("organizer"))
    removed_at = db.session.scalar(
        select(func.max(Event.updated_at)).where(
            _organizer_sees(organization.id), Event.status.in_(_ORGANIZER_GONE_STATES)
        )
    )
    return serve(
        CalendarPlan(
            identity=("organizer", feed_token.id, organization.id, feed_url),
            context=(lang, public_base_url()),
            scope=scope,
            render=_render(lang),
            meta=lambda: titles.organizer_meta(organization, lang, feed_url),
            method=None,
            filename=f"proposals-and-holds-{organization.slug}.ics",
            removed_at=removed_at,
            load_options=(*_EVENT_LOAD, selectinload(Event.slots)),
        )
    )


def render_event_file(event_id: int, lang: str) -> CalendarDocument:
    """One public event as an "add to calendar" file (METHOD:PUBLISH), without join link."""
    check_language(lang)
    document = serve(
        CalendarPlan(
            identity=("event", event_id),
            context=(lang, public_base_url()),
            scope=FeedScope((Event.id == event_id, *_public_conditions(None)), literal("public")),
            render=_render(lang),
            meta=lambda: None,
            method="PUBLISH",
            filename=f"event-{event_id}.ics",
            load_options=_EVENT_LOAD,
        ),
        allow_empty=False,
    )
    if document is None:
        raise calendar_not_found()
    return document
