"""What organizers read about an event while it is negotiated, and how it is written.

Operations queue a message by its kind (:func:`queue_to_organizers`, or
:func:`queue_to_everyone` when attendees read it too) with only what the moment knows:
who acted, what they answered, why. The delivery job calls the renderer below in the
reader's language and zone, so titles, names, dates and the calendar part are the
reader's (:mod:`planner.notifications.messages`). The messages of an agreed event
(confirmed, moved, changed, cancelled) are :mod:`planner.events.change_mail`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from planner.calendars.values import calendar_event_for, event_page_url, invite_applies
from planner.core import ical
from planner.extensions import db
from planner.labels import ANSWER_LABELS
from planner.models import (
    Answer,
    CandidateSlot,
    Event,
    Organization,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    User,
)
from planner.notifications.messages import (
    Reader,
    Rendered,
    context_of,
    event_of,
    organizer_readers,
    queue_for_each,
    queue_message,
    reader_of_registration,
    render_email,
    renderer,
    when_text,
)
from planner.presentation import current_locale

PUBLISHED = "events/published"
CANDIDATE_ADDED = "events/candidate_added"
ANSWERED = "events/answered"
DECLINED = "events/declined"
WITHDRAWN = "events/withdrawn"

# Who a message was queued for (its context's "audience"): the invite and the text
# differ between an organizer, an attendee with a seat and one on the waitlist.
ORGANIZER, SEAT, WAITLIST = "organizer", "seat", "waitlist"


def event_values(event: Event, message: OutboxMessage) -> dict:
    """What every event message says at its end: when (reader's zone first), the page."""
    locale = current_locale()
    when = when_text(event, event.start_utc, message.zone) if event.start_utc else ""
    minutes = int((event.end_utc - event.start_utc).total_seconds() // 60) if when else 0
    return {
        "name": message.recipient_name,
        "title": event.title(locale),
        "when": when,
        "minutes": minutes,
        "event_url": event_page_url(event),
    }


def queue_to_organizers(
    kind: str, event: Event, organization_ids: Iterable[int], **context: Any
) -> list[OutboxMessage]:
    """Within the caller's unit of work: one message per organizer of those organizations."""
    readers = organizer_readers(event, organization_ids)
    return queue_for_each(kind, readers, event=event, audience=ORGANIZER, **context)


def registrations_of(event: Event, status: RegistrationStatus) -> list[Registration]:
    """The event's registrations with ``status`` (a seat, or a place on the waitlist)."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status == status)
            .order_by(Registration.id)
        )
    )


def queue_to_everyone(
    kind: str,
    event: Event,
    *,
    organizers: bool = True,
    seats: bool = True,
    waitlist: bool = False,
    **context: Any,
) -> list[OutboxMessage]:
    """Within the caller's unit of work: the co-hosts' organizers and the attendees.

    One message per address: an organizer who also registered reads the organizer's
    message. Each attendee reads in the language they registered in.
    """
    told: set[str] = set()
    messages = []
    if organizers:
        organization_ids = [org.id for org in event.organizations]
        for reader in organizer_readers(event, organization_ids):
            messages.extend(_queue_once(kind, reader, told, event, None, ORGANIZER, context))
    for wanted, status, audience in (
        (seats, RegistrationStatus.CONFIRMED, SEAT),
        (waitlist, RegistrationStatus.WAITLISTED, WAITLIST),
    ):
        if not wanted:
            continue
        for registration in registrations_of(event, status):
            reader = reader_of_registration(registration)
            messages.extend(_queue_once(kind, reader, told, event, registration, audience, context))
    return messages


def _queue_once(
    kind: str,
    reader: Reader,
    told: set[str],
    event: Event,
    registration: Registration | None,
    audience: str,
    context: dict[str, Any],
) -> list[OutboxMessage]:
    """The message for ``reader`` unless their address was told already."""
    if reader.email in told:
        return []
    told.add(reader.email)
    message = queue_message(
        kind, reader, event=event, registration=registration, audience=audience, **context
    )
    return [message]


def audience_of(message: OutboxMessage) -> str:
    """Whom the message was queued for: an organizer, a seat holder or the waitlist."""
    return context_of(message).get("audience", ORGANIZER)


def invite_for_reader(
    event: Event, message: OutboxMessage, method: str, *, include_join_link: bool
) -> str | None:
    """The REQUEST or CANCEL invite of ``event`` for the message's reader, in their language.

    The reader is the only ATTENDEE, named as the message names them. An organizer's
    PARTSTAT is NEEDS-ACTION with RSVP: a new or moved time is a question to them. A
    seat holder's is ACCEPTED without RSVP, as in their registration's invite:
    registering was the answer. ``None`` when the event has no agreed time or no
    organizer address replies could go to (RFC 5546 needs one), or when the event was
    cancelled before a REQUEST was written (:func:`planner.calendars.values.invite_applies`).
    """
    if event.start_utc is None or not invite_applies(event, method):
        return None
    seat = audience_of(message) == SEAT
    attendee = ical.InviteAttendee(
        name=message.recipient_name,
        email=message.recipient,
        partstat="ACCEPTED" if seat else "NEEDS-ACTION",
        rsvp=not seat,
    )
    values = calendar_event_for(
        event,
        locale=current_locale(),
        include_join_link=include_join_link,
        attendees=(attendee,),
        for_attendee=seat,
    )
    if values.organizer is None:
        return None
    return ical.build_invite(values, method).decode("utf-8")


def actor_values(message: OutboxMessage) -> dict[str, str]:
    """Who acted, as the reader names them: the person and their organization."""
    context = context_of(message)
    organization = db.session.get(Organization, context.get("organization_id") or 0)
    organization_name = organization.display_name(current_locale()) if organization else ""
    actor = db.session.get(User, context.get("actor_id") or 0)
    return {
        "actor": actor.display_name if actor else organization_name,
        "organization": organization_name,
    }


def actor_context(actor: User) -> dict[str, Any]:
    """What a message keeps of who acted: their account and organization."""
    return {"actor_id": actor.id, "organization_id": actor.organization_id}


def tell_published_in_unit(event: Event) -> None:
    """Within the caller's unit of work: every co-host organizer hears the event is public."""
    queue_to_organizers(PUBLISHED, event, [org.id for org in event.organizations])


@renderer(PUBLISHED)
def write_published(message: OutboxMessage) -> Rendered:
    """The event is public and open for registration."""
    event = event_of(message)
    return Rendered(*render_email(PUBLISHED, **event_values(event, message)))


def tell_candidate_added(event: Event, actor: User, slot: CandidateSlot) -> None:
    """Within the caller's unit of work: the other co-hosts hear of another candidate time."""
    others = [org.id for org in event.organizations if org.id != actor.organization_id]
    queue_to_organizers(CANDIDATE_ADDED, event, others, slot_id=slot.id, **actor_context(actor))


@renderer(CANDIDATE_ADDED)
def write_candidate_added(message: OutboxMessage) -> Rendered:
    """A co-host proposes another time; the time in the reader's zone first."""
    event = event_of(message)
    slot = db.session.get(CandidateSlot, context_of(message).get("slot_id") or 0)
    slot_when = when_text(event, slot.start_utc, message.zone) if slot is not None else ""
    return Rendered(
        *render_email(
            CANDIDATE_ADDED,
            **event_values(event, message),
            **actor_values(message),
            slot_when=slot_when,
        )
    )


def tell_answered(
    event: Event, actor: User, changed: Iterable[tuple[CandidateSlot, Answer, str]]
) -> None:
    """Within the caller's unit of work: the host's organizers hear each changed answer."""
    answers = [
        {"slot_id": slot.id, "answer": str(answer), "comment": comment}
        for slot, answer, comment in changed
    ]
    queue_to_organizers(
        ANSWERED, event, [event.host_organization_id], answers=answers, **actor_context(actor)
    )


@renderer(ANSWERED)
def write_answered(message: OutboxMessage) -> Rendered:
    """A co-host answered: each changed answer, time by time, in the reader's words."""
    event = event_of(message)
    numbers = {slot.id: number for number, slot in enumerate(event.slots, start=1)}
    slots = {slot.id: slot for slot in event.slots}
    answers = [
        {
            "number": numbers[item["slot_id"]],
            "when": when_text(event, slots[item["slot_id"]].start_utc, message.zone),
            "label": str(ANSWER_LABELS[Answer(item["answer"])]),
            "comment": item.get("comment") or "",
        }
        for item in context_of(message).get("answers", [])
        if item["slot_id"] in slots  # a time removed since has nothing left to say
    ]
    return Rendered(
        *render_email(
            ANSWERED, **event_values(event, message), **actor_values(message), answers=answers
        )
    )


def tell_declined(event: Event, actor: User, reason: str) -> None:
    """Within the caller's unit of work: the host's organizers hear a co-host declined."""
    queue_to_organizers(
        DECLINED, event, [event.host_organization_id], reason=reason, **actor_context(actor)
    )


@renderer(DECLINED)
def write_declined(message: OutboxMessage) -> Rendered:
    """A co-host turned the proposal down, with their reason."""
    event = event_of(message)
    return Rendered(
        *render_email(
            DECLINED,
            **event_values(event, message),
            **actor_values(message),
            reason=context_of(message).get("reason") or "",
        )
    )


def tell_withdrawn(event: Event) -> None:
    """Within the caller's unit of work: the co-hosts hear the host withdrew the proposal."""
    queue_to_organizers(WITHDRAWN, event, [org.id for org in event.cohosts])


@renderer(WITHDRAWN)
def write_withdrawn(message: OutboxMessage) -> Rendered:
    """The host took the proposal back."""
    event = event_of(message)
    return Rendered(
        *render_email(
            WITHDRAWN,
            **event_values(event, message),
            host=event.host.display_name(current_locale()),
        )
    )
