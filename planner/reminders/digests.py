"""The organizer digest: what waits for an organizer, each morning or each Monday.

An organizer chooses "daily" or "weekly" on their account page (default "off"). At
09:00 on their own clock (weekly: on Mondays) they get one email listing what waits:
proposals their organization has to answer, their organization's proposals ready to
confirm (a time every co-host agreed to), and how many registrations each of their
organization's events received since the previous digest (the period before: a day or
a week). Nothing waiting, nothing sent. A digest is due until :data:`DUE_FOR` after its
morning (a worker that was down sends it late, not the next day), and is claimed once
per period (the reader's local date, or ISO week) in the ledger, with or without a
message, so a second run or worker finds it decided.

The "turn these off" link in a digest records an opt-out (ReminderKind.DIGEST) which
this job respects like the setting "off"; choosing "daily" or "weekly" again on the
account page removes it (:func:`planner.accounts.preferences.update_preferences`).

Each run costs a fixed number of queries, whatever the number of organizers and
events: the organizers who want one, the opt-outs, the periods already claimed, the
open proposals of their organizations, and the registrations of the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from planner.core.enums import ReminderKind
from planner.core.morning import iso_week, local_date, morning_of
from planner.core.reminder_times import is_quiet
from planner.extensions import db
from planner.jobs.registry import job
from planner.models import (
    Event,
    Registration,
    RegistrationStatus,
    SentReminder,
    User,
    event_cohosts,
    utc_now,
)
from planner.notifications.messages import UNSUBSCRIBE_KEY, queue_message, reader_of_user
from planner.reminders.ledger import link_message, opted_out_addresses, remember_once
from planner.reminders.proposals import has_answered_all, proposals_involving, ready_to_confirm
from planner.unit_of_work import unit_of_work

DIGEST = "reminders/digest"
JOB = "send_digests"
DIGEST_CHOICES = ("off", "daily", "weekly")
PERIOD_DAYS = {"daily": 1, "weekly": 7}
MONDAY = 0
# How long after its morning a digest may still go (a late worker, not the next day).
DUE_FOR = timedelta(hours=3)


@dataclass
class Waiting:
    """What waits for one organization's organizers."""

    to_answer: list[int] = field(default_factory=list)
    to_confirm: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_answer or self.to_confirm)


@dataclass(frozen=True)
class DueDigest:
    """One organizer whose digest is due now: the period's key and where it starts."""

    user: User
    zone: str
    key: str
    since: datetime


def due_digest(user: User, now: datetime) -> DueDigest | None:
    """The user's digest if it is due now (their morning, weekly on Mondays), else None."""
    if user.digest not in PERIOD_DAYS:
        return None
    zone = reader_of_user(user).zone
    today = local_date(now, zone)
    if user.digest == "weekly" and today.weekday() != MONDAY:
        return None
    due = morning_of(today, zone)
    if not due <= now < due + DUE_FOR or is_quiet(now, zone):
        return None
    period = today.isoformat() if user.digest == "daily" else iso_week(today)
    since = morning_of(today - timedelta(days=PERIOD_DAYS[user.digest]), zone)
    return DueDigest(user, zone, f"digest:{user.id}:{user.digest}:{period}", since)


@job(JOB, every_minutes=15)
def send_digests() -> int:
    """Queue every digest due now; return how many were queued."""
    now = utc_now()
    with unit_of_work():
        wanting = db.session.scalars(
            select(User).where(
                User.active.is_(True),
                User.organization_id.is_not(None),
                User.digest.in_(tuple(PERIOD_DAYS)),
            )
        )
        refused = opted_out_addresses(ReminderKind.DIGEST)
        due = [
            digest
            for user in wanting
            if user.email not in refused and (digest := due_digest(user, now)) is not None
        ]
        if not due:
            return 0
        claimed_before = set(
            db.session.scalars(
                select(SentReminder.key).where(
                    SentReminder.kind == str(ReminderKind.DIGEST),
                    SentReminder.key.in_([digest.key for digest in due]),
                )
            )
        )
        due = [digest for digest in due if digest.key not in claimed_before]
        if not due:
            return 0
        organization_ids = {digest.user.organization_id for digest in due}
        waiting = _waiting_by_organization(organization_ids)
        earliest = min(digest.since for digest in due)
        registrations = _registrations_since(organization_ids, earliest)
        queued = 0
        for digest in due:
            queued += _queue_digest(digest, waiting, registrations)
    return queued


def _waiting_by_organization(organization_ids: set[int]) -> dict[int, Waiting]:
    """Per organization: the proposals it has to answer and those it may confirm."""
    waiting = {organization_id: Waiting() for organization_id in organization_ids}
    for event in proposals_involving(organization_ids):
        if event.host_organization_id in waiting and ready_to_confirm(event):
            waiting[event.host_organization_id].to_confirm.append(event.id)
        for organization in event.cohosts:
            if organization.id in waiting and not has_answered_all(event, organization.id):
                waiting[organization.id].to_answer.append(event.id)
    return waiting


@dataclass(frozen=True)
class NewRegistration:
    """One registration of the period: its event, when, and the organizations of the event."""

    event_id: int
    created_at: datetime
    organization_ids: frozenset[int]


def _registrations_since(organization_ids: set[int], since: datetime) -> list[NewRegistration]:
    """The registrations since ``since`` to events the organizations host or co-host."""
    if not organization_ids:
        return []
    cohosted = select(event_cohosts.c.event_id).where(
        event_cohosts.c.organization_id.in_(organization_ids)
    )
    rows = db.session.execute(
        select(Registration.event_id, Registration.created_at, Event.host_organization_id)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.created_at >= since,
            Registration.status != RegistrationStatus.CANCELLED,
            Event.host_organization_id.in_(organization_ids) | Event.id.in_(cohosted),
        )
    ).all()
    event_ids = {row.event_id for row in rows}
    organizations: dict[int, set[int]] = {row.event_id: {row.host_organization_id} for row in rows}
    if event_ids:
        for event_id, organization_id in db.session.execute(
            select(event_cohosts.c.event_id, event_cohosts.c.organization_id).where(
                event_cohosts.c.event_id.in_(event_ids)
            )
        ):
            organizations[event_id].add(organization_id)
    return [
        NewRegistration(row.event_id, row.created_at, frozenset(organizations[row.event_id]))
        for row in rows
    ]


def _queue_digest(
    digest: DueDigest, waiting: dict[int, Waiting], registrations: list[NewRegistration]
) -> int:
    """Within the job's unit of work: claim this period, and queue the digest if anything waits."""
    organization_id = digest.user.organization_id
    counts = Counter(
        item.event_id
        for item in registrations
        if organization_id in item.organization_ids and item.created_at >= digest.since
    )
    found = waiting.get(organization_id, Waiting())
    claimed = remember_once(ReminderKind.DIGEST, digest.key)
    if claimed is None or not (found or counts):
        return 0  # decided by another run, or nothing waits (the period is claimed all the same)
    message = queue_message(
        DIGEST,
        reader_of_user(digest.user),
        period=digest.user.digest,
        to_answer=found.to_answer,
        to_confirm=found.to_confirm,
        registrations=sorted(counts.items()),
        **{UNSUBSCRIBE_KEY: str(ReminderKind.DIGEST)},
    )
    link_message(claimed, message)
    return 1
