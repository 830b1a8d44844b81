"""The reminder an attendee reads before their event, written when it leaves.

The job (:mod:`planner.reminders.attendees`) queues it with the offset it stands for;
this renderer reads the event and the registration as they are at delivery, so a
venue or join link changed since is the one the attendee reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from planner.core.enums import ReminderKind
from planner.core.timezones import to_local
from planner.events.mail import event_values
from planner.models import Event, OutboxMessage, RegistrationStatus, utc_now
from planner.notifications.messages import (
    Rendered,
    event_of,
    registration_of,
    render_email,
    renderer,
)
from planner.reminders import ledger
from planner.reminders.attendees import ATTENDEE_REMINDER
from planner.urls import public_url

# "In 3 hours" is said only when it is that within this much; otherwise nothing.
_ROUND_ENOUGH = timedelta(minutes=5)
_HOURS_SAID = 6  # beyond this, "today" or "tomorrow" says it better


def time_until_text(start_utc: datetime, now: datetime, zone: str) -> str | None:
    """How long until the start, in words, when that is simple; else None.

    Under an hour in minutes; a few whole hours in hours; otherwise by the reader's
    calendar: today, tomorrow, in so many days.
    """
    left = start_utc - now
    if left <= timedelta(0):
        return None
    if left < timedelta(hours=1):
        minutes = max(1, round(left.total_seconds() / 60))
        return ngettext("It starts in %(num)d minute.", "It starts in %(num)d minutes.", minutes)
    hours = round(left / timedelta(hours=1))
    if hours <= _HOURS_SAID and abs(left - timedelta(hours=hours)) <= _ROUND_ENOUGH:
        return ngettext("It starts in %(num)d hour.", "It starts in %(num)d hours.", hours)
    days = (to_local(start_utc, zone).date() - to_local(now, zone).date()).days
    if days == 0:
        return _("It starts today.")
    if days == 1:
        return _("It starts tomorrow.")
    return ngettext("It starts in %(num)d day.", "It starts in %(num)d days.", days)


def _join_url(event: Event, status: RegistrationStatus) -> str | None:
    """The join link, for those with a seat at an event held online."""
    return event.online_url if status == RegistrationStatus.CONFIRMED else None


@renderer(ATTENDEE_REMINDER)
def write_attendee_reminder(message: OutboxMessage) -> Rendered:
    """Your event is coming: when (your clock first), how to join or where, your links."""
    event = event_of(message)
    registration = registration_of(message)
    values = event_values(event, message)
    values.update(
        time_until=time_until_text(event.start_utc, utc_now(), message.zone),
        join_url=_join_url(event, registration.status),
        venue=event.venue,
        manage_url=public_url("registrations.manage", token=registration.manage_token),
        unsubscribe_url=ledger.unsubscribe_url(registration.email, ReminderKind.ATTENDEE),
    )
    return Rendered(*render_email(ATTENDEE_REMINDER, **values))
