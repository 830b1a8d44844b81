"""Nudging co-hosts before a proposal's answer-by date, and telling the host where it stands.

For a proposal with an answer-by date, every active organizer of a co-host
organization that has not answered every candidate time gets two nudges, each at
09:00 on their own clock (:mod:`planner.core.morning`): three days before the date and
on the day. Each carries a fresh personal answer link, like the proposal email's.
A nudge is due from its morning until the next one's (the day's until that day ends
for the reader), so a worker that was down sends it late rather than never, and
never both at once; one due before the proposal was sent is skipped (the proposal
email has just said it all).

The host's organizers hear twice at most: once when every co-host has answered every
candidate time (from the answering operation, in its unit of work; once per set of
candidates, so a time added later makes it due again), and once, the morning after
the date on their own clock, when some co-hosts are still silent (naming them).

Every decision is claimed with :func:`planner.reminders.ledger.remember_once` in the
unit of work that queues its message, so two workers or a job run twice send once.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from sqlalchemy import select

from planner.core.enums import ReminderKind
from planner.core.morning import morning_of
from planner.core.reminder_times import is_quiet
from planner.extensions import db
from planner.jobs.registry import job
from planner.models import (
    CandidateSlot,
    EmailLink,
    Event,
    LinkPurpose,
    SlotResponse,
    User,
    utc_now,
)
from planner.notifications.messages import (
    UNSUBSCRIBE_KEY,
    organizer_readers,
    queue_for_each,
    queue_message,
    reader_of_user,
)
from planner.reminders.ledger import link_message, opted_out_addresses, remember_once
from planner.reminders.proposals import (
    has_answered_all,
    open_proposals,
    silent_cohosts,
)
from planner.unit_of_work import unit_of_work

NUDGE = "reminders/answer_nudge"
EVERYONE_ANSWERED = "reminders/everyone_answered"
ANSWER_BY_PASSED = "reminders/answer_by_passed"
JOB = "send_answer_reminders"
# The nudges: which, and how many days before the answer-by date (earliest first).
NUDGES = (("before", 3), ("day", 0))
# Dates further than this from today's (UTC) date are on nobody's calendar today.
_DATE_MARGIN = timedelta(days=max(days for _which, days in NUDGES) + 2)


def nudge_window(answer_by: date, which: str, zone: str) -> tuple[datetime, datetime]:
    """When the nudge ``which`` for ``answer_by`` is due for a reader in ``zone``: [from, until)."""
    days = dict(NUDGES)
    due = morning_of(answer_by - timedelta(days=days[which]), zone)
    later = [other for other, other_days in NUDGES if other_days < days[which]]
    until = (
        morning_of(answer_by - timedelta(days=days[later[0]]), zone)
        if later
        else morning_of(answer_by + timedelta(days=1), zone)
    )
    return due, until


def due_nudge(event: Event, zone: str, now: datetime) -> str | None:
    """Which nudge of ``event`` is due now for a reader in ``zone`` (None: none is)."""
    if event.answer_by is None or is_quiet(now, zone):
        return None
    for which, _days in NUDGES:
        due, until = nudge_window(event.answer_by, which, zone)
        if due <= now < until and (event.proposed_at is None or event.proposed_at <= due):
            return which
    return None


def nudge_key(user: User, event: Event, which: str) -> str:
    """The ledger's key of one nudge: this person, this proposal, this date, this nudge."""
    return f"nudge:{user.id}:{event.id}:{event.answer_by.isoformat()}:{which}"


@job(JOB, every_minutes=15)
def send_answer_reminders() -> int:
    """Queue every nudge and "date passed" notice due now; return how many were queued."""
    now = utc_now()
    today = now.date()
    with unit_of_work():
        events = open_proposals(
            select(Event).where(
                Event.answer_by.is_not(None),
                Event.answer_by.between(today - timedelta(days=2), today + _DATE_MARGIN),
            )
        )
        organization_ids = {org.id for event in events for org in event.organizations}
        people = _organizers_by_organization(organization_ids)
        refused = opted_out_addresses(ReminderKind.ANSWER)
        queued = 0
        for event in events:
            queued += _nudge_cohosts(event, people, refused, now)
            queued += _tell_host_date_passed(event, people, now)
    return queued


def _organizers_by_organization(organization_ids: set[int]) -> dict[int, list[User]]:
    """The active organizers of the organizations, in one query."""
    people: dict[int, list[User]] = {}
    if not organization_ids:
        return people
    users = db.session.scalars(
        select(User)
        .where(User.organization_id.in_(organization_ids), User.active.is_(True))
        .order_by(User.email)
    )
    for user in users:
        people.setdefault(user.organization_id, []).append(user)
    return people


def _nudge_cohosts(
    event: Event, people: dict[int, list[User]], refused: set[str], now: datetime
) -> int:
    """Within the job's unit of work: nudge each silent co-host's organizers whose time it is."""
    queued = 0
    for organization in event.cohosts:
        if has_answered_all(event, organization.id):
            continue
        for user in people.get(organization.id, []):
            if user.email in refused:
                continue
            reader = reader_of_user(user, event)
            which = due_nudge(event, reader.zone, now)
            if which is None:
                continue
            claimed = remember_once(ReminderKind.ANSWER, nudge_key(user, event, which))
            if claimed is None:
                continue
            message = queue_message(
                NUDGE,
                reader,
                event=event,
                which=which,
                organization_id=organization.id,
                **{UNSUBSCRIBE_KEY: str(ReminderKind.ANSWER)},
            )
            # A fresh personal answer link, made when the message leaves (as the proposal's).
            link = EmailLink(user=user, purpose=LinkPurpose.PROPOSAL, event=event)
            db.session.add(link)
            message.email_link = link
            link_message(claimed, message)
            queued += 1
    return queued


def _tell_host_date_passed(event: Event, people: dict[int, list[User]], now: datetime) -> int:
    """Within the job's unit of work: the morning after the date, name the silent co-hosts."""
    silent = silent_cohosts(event)
    if not silent:
        return 0
    queued = 0
    for user in people.get(event.host_organization_id, []):
        reader = reader_of_user(user, event)
        due = morning_of(event.answer_by + timedelta(days=1), reader.zone)
        if now < due or now >= due + timedelta(days=1) or is_quiet(now, reader.zone):
            continue
        key = f"passed:{user.id}:{event.id}:{event.answer_by.isoformat()}"
        claimed = remember_once(ReminderKind.ANSWER, key)
        if claimed is None:
            continue
        message = queue_message(
            ANSWER_BY_PASSED, reader, event=event, silent=[org.id for org in silent]
        )
        link_message(claimed, message)
        queued += 1
    return queued


def tell_host_if_everyone_answered_in_unit(event: Event) -> None:
    """Within the answering unit of work: once every co-host answered every time, say so.

    Once per set of candidate times: a time added later, once answered by all, makes
    the notice due again.
    """
    db.session.flush()  # the answers just recorded
    # Read afresh under the answering lock, not from collections loaded before it.
    slot_ids = set(db.session.scalars(select(CandidateSlot.id).filter_by(event_id=event.id)))
    answered = {
        (slot_id, organization_id)
        for slot_id, organization_id in db.session.execute(
            select(SlotResponse.slot_id, SlotResponse.organization_id).where(
                SlotResponse.slot_id.in_(slot_ids)
            )
        )
    }
    cohost_ids = {org.id for org in event.cohosts}
    if not slot_ids or any(
        (slot_id, org_id) not in answered for slot_id in slot_ids for org_id in cohost_ids
    ):
        return
    candidates = ",".join(str(slot_id) for slot_id in sorted(slot_ids))
    digest = hashlib.sha256(candidates.encode()).hexdigest()[:24]
    if remember_once(ReminderKind.ANSWER, f"everyone:{event.id}:{digest}") is None:
        return
    readers = organizer_readers(event, [event.host_organization_id])
    queue_for_each(EVERYONE_ANSWERED, readers, event=event)
