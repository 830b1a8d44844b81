"""How answer nudges and the host's notices read: in the reader's language and zone.

The jobs and the answering operation queue these by kind
(:mod:`planner.reminders.answers`); the delivery job writes them here when they leave.
"""

from __future__ import annotations

from sqlalchemy import select

from planner.calendars.values import event_page_url
from planner.core.enums import ReminderKind
from planner.extensions import db
from planner.models import Organization, OutboxMessage
from planner.notifications.messages import (
    Rendered,
    context_of,
    event_of,
    render_email,
    renderer,
    when_text,
)
from planner.presentation import current_locale, date_text, list_names
from planner.reminders.answers import ANSWER_BY_PASSED, EVERYONE_ANSWERED, NUDGE
from planner.reminders.ledger import unsubscribe_url
from planner.reminders.proposals import has_answered_all


@renderer(NUDGE)
def write_nudge(message: OutboxMessage) -> Rendered:
    """A co-host organizer is asked to answer by the date, with a personal link."""
    event = event_of(message)
    context = context_of(message)
    locale = current_locale()
    organization_id = context["organization_id"]
    candidates = [
        (
            when_text(event, slot.start_utc, message.zone),
            any(r.organization_id == organization_id for r in slot.responses),
        )
        for slot in event.slots
    ]
    return Rendered(
        *render_email(
            NUDGE,
            name=message.recipient_name,
            title=event.title(locale),
            host=event.host.display_name(locale),
            answer_by=date_text(event.answer_by) if event.answer_by else "",
            on_the_day=context["which"] == "day",
            candidates=candidates,
            all_answered=has_answered_all(event, organization_id),
            unsubscribe_url=unsubscribe_url(message.recipient, ReminderKind.ANSWER),
        )
    )


@renderer(EVERYONE_ANSWERED)
def write_everyone_answered(message: OutboxMessage) -> Rendered:
    """Every co-host answered every candidate time: the host can confirm one."""
    event = event_of(message)
    locale = current_locale()
    return Rendered(
        *render_email(
            EVERYONE_ANSWERED,
            name=message.recipient_name,
            title=event.title(locale),
            event_url=event_page_url(event),
        )
    )


@renderer(ANSWER_BY_PASSED)
def write_answer_by_passed(message: OutboxMessage) -> Rendered:
    """The answer-by date passed with some co-hosts silent: who they are."""
    event = event_of(message)
    locale = current_locale()
    ids = context_of(message).get("silent", [])
    organizations = db.session.scalars(
        select(Organization).where(Organization.id.in_(ids)).order_by(Organization.slug)
    )
    return Rendered(
        *render_email(
            ANSWER_BY_PASSED,
            name=message.recipient_name,
            title=event.title(locale),
            answer_by=date_text(event.answer_by) if event.answer_by else "",
            silent=list_names([org.display_name(locale) for org in organizations], locale),
            event_url=event_page_url(event),
        )
    )
