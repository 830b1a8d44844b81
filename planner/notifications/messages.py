"""Messages written when they leave, in the reader's language and zone.

A change queues a message as what it is (its kind: "registration.confirmed",
"event.rescheduled"...), who reads it (address, name, language, zone) and the few
values only that moment knows (the start an event had before it moved); the request
writes that small row and nothing more. The delivery job renders it just before
sending: the renderer of its kind reads the event, registration or account as they are
now and writes subject, body and calendar part inside ``force_locale`` of the reader's
language, with every time in the reader's zone first and then in every city of the
event. So a cancellation to five hundred attendees costs its request five hundred
inserts, not five hundred invites, and a registration's seat lock is not held while
its confirmation is written.

Each area declares the renderers of its kinds with :func:`renderer` in its own mail
module (listed in ``RENDERER_MODULES``); the texts are templates in
``templates/emails/<kind>.txt`` (first line the subject), translated in the same
catalogs as the pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from planner.extensions import db
from planner.models import Event, OutboxMessage, Registration, User
from planner.presentation import involved_zones, moment, working_hours_by_zone

# Where a personal link goes in a text (planner.notifications.links makes it when the
# message is sent). A character no user-typed text may hold (planner.text_rules refuses
# C0 controls), so a title cannot carry a placeholder of its own into the email.
LINK_PLACEHOLDER = "\x1dlink\x1d"
# A message queued with this context key (a ReminderKind's value) is one its reader can
# turn off: it leaves with List-Unsubscribe headers for that kind (mime.email_for).
UNSUBSCRIBE_KEY = "unsubscribe"
# The modules whose renderers fill RENDERERS (imported before the first rendering).
RENDERER_MODULES: tuple[str, ...] = (
    "planner.events.mail",
    "planner.events.change_mail",
    "planner.follow_up.mail",
    "planner.registrations.mail",
    "planner.reminders.mail",
    "planner.reminders.answer_mail",
    "planner.reminders.digest_mail",
)


@dataclass(frozen=True)
class Reader:
    """Who reads a message: address, name, language and the zone their times are in."""

    email: str
    name: str
    locale: str
    zone: str


@dataclass(frozen=True)
class Rendered:
    """A message as it leaves: subject, text, and the optional calendar part."""

    subject: str
    body: str
    calendar: str | None = None
    calendar_method: str | None = None


Renderer = Callable[[OutboxMessage], Rendered]
RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Declare the function that writes messages of ``kind``."""

    def declare(function: Renderer) -> Renderer:
        if kind in RENDERERS:
            raise ValueError(f"the message kind {kind!r} has two renderers")
        RENDERERS[kind] = function
        return function

    return declare


def supported_locale(*choices: str | None) -> str:
    """The first of ``choices`` the app speaks (an event's "en+ja" counts as English)."""
    supported = current_app.config["SUPPORTED_LOCALES"]
    for choice in choices:
        if choice in supported:
            return choice
    return supported[0]


def reader_of_user(user: User, event: Event | None = None) -> Reader:
    """An account reads in its own language and zone, else its organization's zone.

    Without a language of its own: the event's language, else English.
    """
    organization_zone = user.organization.timezone if user.organization else None
    return Reader(
        email=user.email,
        name=user.display_name,
        locale=supported_locale(user.locale, event.language if event else None),
        zone=user.timezone or organization_zone or (event.planning_timezone if event else "UTC"),
    )


def reader_of_registration(registration: Registration) -> Reader:
    """An attendee reads in the language they registered in, in their browser's zone.

    A registration from before languages were kept reads in the event's language;
    without a reported zone, times start in the zone the event is planned in.
    """
    event = registration.event
    return Reader(
        email=registration.email,
        name=registration.name,
        locale=supported_locale(registration.locale, event.language),
        zone=registration.timezone or event.planning_timezone,
    )


def queue_message(
    kind: str,
    reader: Reader,
    *,
    event: Event | None = None,
    registration: Registration | None = None,
    **context: Any,
) -> OutboxMessage:
    """Within the caller's unit of work: queue one message of ``kind`` for ``reader``.

    ``context`` holds what only this moment knows, as JSON values (datetimes are
    kept as ISO text; read them back with :func:`context_time`).
    """
    message = OutboxMessage(
        kind=kind,
        event_id=event.id if event is not None else None,
        # The relationship, not the id: a registration made in the same unit of work
        # may not have its id before the flush.
        registration=registration,
        recipient=reader.email,
        recipient_name=reader.name,
        locale=reader.locale,
        zone=reader.zone,
        context=json.dumps(context, default=_json_value, ensure_ascii=False),
        subject="",
        body="",
    )
    db.session.add(message)
    return message


def queue_for_each(
    kind: str,
    readers: Iterable[Reader],
    *,
    event: Event | None = None,
    **context: Any,
) -> list[OutboxMessage]:
    """One message of ``kind`` per reader, each address once (the first mention wins)."""
    unique = {}
    for reader in readers:
        unique.setdefault(reader.email, reader)
    return [queue_message(kind, reader, event=event, **context) for reader in unique.values()]


def _json_value(value: Any) -> Any:
    """JSON for what ``json`` does not know: datetimes as ISO 8601 text."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be kept in a message's context")


def context_of(message: OutboxMessage) -> dict[str, Any]:
    """The values the message was queued with."""
    return json.loads(message.context or "{}")


def context_time(message: OutboxMessage, key: str) -> datetime | None:
    """A datetime kept in the message's context (None when it was not given)."""
    value = context_of(message).get(key)
    return datetime.fromisoformat(value) if value else None


def render(message: OutboxMessage) -> Rendered:
    """Write ``message`` in its reader's language (raises ``KeyError`` for an unknown kind)."""
    for module in RENDERER_MODULES:
        import_module(module)
    write = RENDERERS[message.kind]
    with force_locale(message.locale or supported_locale()):
        return write(message)


def render_email(kind: str, **values: Any) -> tuple[str, str]:
    """Subject and body of ``emails/<kind>.txt`` (first line the subject) in the current locale."""
    text = render_template(f"emails/{kind}.txt", link=LINK_PLACEHOLDER, **values)
    subject, _newline, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def event_of(message: OutboxMessage) -> Event:
    """The event a message is about (``LookupError`` when it is gone: nothing to say)."""
    event = db.session.get(Event, message.event_id) if message.event_id is not None else None
    if event is None:
        raise LookupError("the event of this message no longer exists")
    return event


def registration_of(message: OutboxMessage) -> Registration:
    """The registration a message is about (``LookupError`` when it is gone)."""
    registration = message.registration
    if registration is None:
        raise LookupError("the registration of this message no longer exists")
    return registration


def organizer_readers(event: Event, organization_ids: Iterable[int]) -> list[Reader]:
    """The active organizers of the given organizations, each in their language and zone."""
    ids = list(organization_ids)
    if not ids:
        return []
    users = db.session.scalars(
        select(User)
        .where(User.organization_id.in_(ids), User.active.is_(True))
        .order_by(User.email)
    )
    return [reader_of_user(user, event) for user in users]


def when_text(event: Event, instant: datetime, zone: str) -> str:
    """``instant`` in the reader's ``zone`` first, then in every city of the event.

    "Tue 2 Mar 2027 · 17:00 JST Tokyo · 09:00 CET Copenhagen", each city named and
    dated in the current locale; a city whose date differs from the first shows its own.
    """
    shown = moment(instant, [zone, *involved_zones(event)], working_hours_by_zone(event))
    first, *others = shown.cities
    parts = [first.date_text, f"{first.time_text} {first.abbreviation} {first.city}"]
    for city in others:
        date = f"{city.short_date_text} " if city.date_text != first.date_text else ""
        parts.append(f"{date}{city.time_text} {city.abbreviation} {city.city}")
    return " · ".join(parts)
