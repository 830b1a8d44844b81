"""How the organizer digest reads: in the reader's language, titles as they are now."""

from __future__ import annotations

from sqlalchemy import select

from planner.calendars.values import event_page_url
from planner.core.enums import ReminderKind
from planner.extensions import db
from planner.models import Event, OutboxMessage
from planner.notifications.messages import Rendered, context_of, render_email, renderer
from planner.presentation import current_locale
from planner.reminders.digests import DIGEST
from planner.reminders.ledger import unsubscribe_url


@renderer(DIGEST)
def write_digest(message: OutboxMessage) -> Rendered:
    """What waits for the organizer: proposals to answer and confirm, new registrations.

    An event deleted since the digest was decided is left out.
    """
    context = context_of(message)
    locale = current_locale()
    wanted = {
        *context["to_answer"],
        *context["to_confirm"],
        *(event_id for event_id, _count in context["registrations"]),
    }
    events = {
        event.id: event for event in db.session.scalars(select(Event).where(Event.id.in_(wanted)))
    }

    def listed(ids: list[int]) -> list[tuple[str, str]]:
        return [(events[i].title(locale), event_page_url(events[i])) for i in ids if i in events]

    registrations = [
        (events[event_id].title(locale), count)
        for event_id, count in context["registrations"]
        if event_id in events
    ]
    return Rendered(
        *render_email(
            DIGEST,
            name=message.recipient_name,
            weekly=context["period"] == "weekly",
            to_answer=listed(context["to_answer"]),
            to_confirm=listed(context["to_confirm"]),
            registrations=registrations,
            unsubscribe_url=unsubscribe_url(message.recipient, ReminderKind.DIGEST),
        )
    )
