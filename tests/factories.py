"""Test data built the way people build it: through the services.

The one place where tests get the demo organizers, a proposal, an event in any state,
an attendee and a form post with its CSRF token. Each builder keeps the demo's values
for everything a test does not name; a test names what it depends on (a date still to
come, the capacity, the slots) as keyword arguments. The demo organizations and
accounts must exist first (the ``demo`` or ``people`` fixture).
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import flask
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf
from werkzeug.test import TestResponse

from planner.events import negotiation, scheduling
from planner.events.negotiation import ProposalInput, SlotInput
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Answer, Event, EventFormat, Registration, RegistrationStatus, User
from planner.registrations.operations import RegistrationInput

# -- People -----------------------------------------------------------------------------

HOST = "organizer@link-j.example"  # LINK-J hosts the events unless a test says otherwise
EMBASSY = "organizer@dk-embassy.example"
CLUSTER = "organizer@dk-cluster.example"
OUTSIDER = "organizer@medicon.example"  # Medicon Valley Alliance: not involved by default
ADMIN = "admin@link-j.example"
# Which demo organizer acts for which organization.
ORGANIZERS = {"link-j": HOST, "dk-embassy": EMBASSY, "dk-cluster": CLUSTER, "medicon": OUTSIDER}


def user(email: str) -> User:
    """The account with ``email`` (a demo account, or one the test created)."""
    return db.session.scalar(db.select(User).filter_by(email=email))


def organizers() -> dict[str, User]:
    """The demo organizers by their organization's slug."""
    return {slug: user(email) for slug, email in ORGANIZERS.items()}


# -- Proposals and events ---------------------------------------------------------------

JOIN_URL = "https://example.org/join/123"
# Each co-host's answer to the slot that gets confirmed, where it is not "yes": "maybe"
# agrees too.
ANSWERS = {"dk-cluster": Answer.MAYBE}
# What event_in() can bring an event to, beyond "draft" and "proposed".
_ANSWERED = ("agreed", "confirmed", "published", "upcoming", "cancelled")
_CONFIRMED = ("confirmed", "published", "upcoming", "cancelled")
_PUBLISHED = ("published", "upcoming", "cancelled")
STATES = ("draft", "proposed", *_ANSWERED, "declined", "withdrawn")


def slot_in_days(days: int) -> SlotInput:
    """A candidate start ``days`` from now, on a whole hour (typed in UTC)."""
    start = datetime.now(UTC) + timedelta(days=days)
    return SlotInput(start.strftime("%Y-%m-%dT%H:00+00:00"))


def proposal(*, days_ahead: int | None = None, **fields: Any) -> ProposalInput:
    """The demo proposal: a 90-minute webinar LINK-J puts to the embassy and the cluster.

    Two candidate starts in spring 2037, one typed in Tokyo, one with a Copenhagen
    offset. Candidate times must be still to come, so the tests that read fixed dates
    plan in 2037: its calendar is 2026's (the same weekdays and clock-change nights),
    and it is the last year pytz's transition table describes. ``days_ahead`` replaces
    them by one start that many days from now, so that registration is open once the
    event is published; ``fields`` replace any other :class:`ProposalInput` field.
    """
    values: dict[str, Any] = dict(
        title_en="Digital health in Denmark and Japan",
        title_ja="デンマークと日本のデジタルヘルス",
        format=EventFormat.WEBINAR,
        cohost_slugs=["dk-embassy", "dk-cluster"],
        duration_minutes=90,
        slots=[
            SlotInput("2037-03-27T17:00", "Asia/Tokyo"),
            SlotInput("2037-04-02T09:30+02:00"),
        ],
        capacity=300,
        online_url=JOIN_URL,
    )
    if days_ahead is not None:
        values["slots"] = [slot_in_days(days_ahead)]
    values.update(fields)
    return ProposalInput(**values)


def event_in(state: str, *, host: str = "link-j", **fields: Any) -> Event:
    """An event ``host`` proposed (see :func:`proposal` for ``fields``), taken to ``state``.

    ``state`` is a lifecycle state ("draft", "proposed", "confirmed", "published",
    "cancelled", "declined", "withdrawn") or one of two more: "agreed", a proposal whose
    first slot every co-host accepted, not confirmed yet; "upcoming", a published event
    moved to November 2037. Every co-host answers the first slot, yes or as in :data:`ANSWERS`;
    the cluster declines; a cancelled event's reason is "Speaker ill".
    """
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; choose one of {STATES}")
    organizer = user(ORGANIZERS[host])
    wanted = proposal(submit=state != "draft", **fields)
    event = negotiation.propose_event(organizer, wanted)
    event_id, slot_id = event.id, event.slots[0].id
    if state in _ANSWERED:
        for slug in wanted.cohost_slugs:
            answer = ANSWERS.get(slug, Answer.YES)
            negotiation.answer_slot(user(ORGANIZERS[slug]), event_id, slot_id, answer)
    if state in _CONFIRMED:
        scheduling.confirm_slot(organizer, event_id, slot_id)
    if state in _PUBLISHED:
        scheduling.publish_event(organizer, event_id)
    if state == "upcoming":  # published, and moved to a date still to come
        scheduling.reschedule_event(organizer, event_id, RescheduleInput("2037-11-27T17:00"))
    if state == "cancelled":
        scheduling.cancel_event(organizer, event_id, CancellationReason("Speaker ill"))
    if state == "declined":
        negotiation.decline_proposal(user(CLUSTER), event_id, "Not this spring")
    if state == "withdrawn":
        negotiation.withdraw_proposal(organizer, event_id)
    return db.session.get(Event, event_id)


def proposed_event(**fields: Any) -> Event:
    """A proposal sent to the co-hosts, nobody has answered yet."""
    return event_in("proposed", **fields)


def agreed_event(**fields: Any) -> Event:
    """A proposal whose first slot the co-hosts agreed to and the host confirmed."""
    return event_in("confirmed", **fields)


def published_event(**fields: Any) -> Event:
    """An agreed event, published: public, and open for registration if still to come."""
    return event_in("published", **fields)


# A moment before every start the calendar tests give calendar_event(), so that all
# their events are inside the public feed's 180-day window.
FROZEN_NOW = datetime(2037, 3, 1, tzinfo=UTC)


def calendar_event(
    start: str = "2037-05-12T17:00",
    zone: str = "Asia/Tokyo",
    *,
    until: str = "published",
    other_starts: Sequence[str] = (),
    **fields: Any,
) -> Event:
    """An event as the calendar tests plan it, taken to ``until`` by :func:`event_in`.

    One hour from ``start`` in ``zone``, which is also its planning zone; described in
    both languages; no seat limit. ``other_starts`` are further candidate starts in
    ``zone`` (each a hold while the event is proposed).
    """
    values: dict[str, Any] = dict(
        slots=[SlotInput(text, zone) for text in (start, *other_starts)],
        planning_timezone=zone,
        duration_minutes=60,
        description_en="Two cities, one programme.",
        description_ja="二都市、一つのプログラム。",
        capacity=None,
    )
    values.update(fields)
    return event_in(until, **values)


# -- Registrations and time -------------------------------------------------------------


def attendee(number: int, **changes: Any) -> RegistrationInput:
    """Attendee ``number``'s registration form, consent given."""
    values: dict[str, Any] = dict(
        name=f"Attendee {number}",
        email=f"attendee{number}@example.org",
        affiliation="University of Copenhagen",
        country="DK",
        consent=True,
    )
    values.update(changes)
    return RegistrationInput(**values)


def register(event: Event, email: str, status: RegistrationStatus, name: str = "Aiko Sato") -> None:
    """A registration row written directly (the registration service is tested on its own)."""
    db.session.add(Registration(event_id=event.id, name=name, email=email, status=status))
    db.session.commit()


def count(model: type) -> int:
    """How many rows ``model``'s table holds."""
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def move_start(event: Event, start: datetime) -> None:
    """Let time pass: put the event's start (and end) at ``start``."""
    event = db.session.get(Event, event.id)
    event.end_utc = start + (event.end_utc - event.start_utc)
    event.start_utc = start
    db.session.commit()


# -- Forms ------------------------------------------------------------------------------

CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    """Return the first CSRF token in a page."""
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def csrf_token(client: FlaskClient) -> str:
    """A valid CSRF token for ``client``'s session, as any page would carry, without a page.

    Flask-WTF keeps the raw token in the session and puts a signed copy in each form.
    This runs Flask-WTF's own ``generate_csrf`` in a request context holding the
    client's session and saves that session back into the client's cookie, so every
    post is still checked by the app's real CSRF protection. It runs in a fresh
    context, as :class:`tests.conftest.IsolatedClient` runs requests, so that nothing
    (``g``'s cached token included) is shared with the test or an earlier call.
    """
    return contextvars.Context().run(_generate_csrf_for, client)


def _generate_csrf_for(client: FlaskClient) -> str:
    with client.session_transaction() as session, client.application.test_request_context():
        flask.session.update(session)
        token = generate_csrf()
        session.update(flask.session)
    return token


def post_form(client: FlaskClient, page: str, action: str, data: dict) -> TestResponse:
    """Post ``data`` to ``action`` as the form on ``page`` would, with a valid CSRF token.

    ``page`` names the form's page for the reader; it is not loaded (the pages are
    tested on their own), the token is made for the client's session by
    :func:`csrf_token`.
    """
    return client.post(action, data={**data, "csrf_token": csrf_token(client)})
