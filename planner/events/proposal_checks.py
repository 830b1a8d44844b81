"""What an organizer typed to propose an event, and every reason it cannot be used yet.

The proposal's checks run field by field and keep going after a problem, so the page
or the API names every field at fault in one answer (a nonexistent time, an ambiguous
one and an unknown speaker zone together), not one per submit. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from planner.errors import DomainError, FieldChecks, ValidationFailed
from planner.events.answer_by import check_answer_by
from planner.events.common import check_duration
from planner.extensions import db
from planner.limits import SLOTS_MAX
from planner.models import CandidateSlot, EventFormat, Organization, Speaker, User
from planner.time_input import require_future, require_zone, resolve_start


@dataclass(frozen=True)
class SlotInput:
    """A typed candidate start: local text plus its zone, or text with a UTC offset.

    ``choice`` settles a time that happens twice (an offset like ``+02:00`` or an
    abbreviation like ``CEST``).
    """

    start: str
    timezone: str | None = None
    choice: str | None = None


@dataclass(frozen=True)
class SpeakerInput:
    """A speaker and the zone they speak from."""

    name: str
    affiliation: str = ""
    timezone: str | None = None


@dataclass(frozen=True)
class ProposalInput:
    """Everything an organizer types to propose an event (already shape-checked)."""

    title_en: str
    format: EventFormat
    cohost_slugs: list[str]
    slots: list[SlotInput]
    duration_minutes: int | None
    title_ja: str | None = None
    description_en: str = ""
    description_ja: str | None = None
    planning_timezone: str | None = None
    online_url: str | None = None
    venue: str | None = None
    capacity: int | None = None
    language: str = "en"
    speakers: list[SpeakerInput] = field(default_factory=list)
    submit: bool = True
    asks_contact_consent: bool = False
    answer_by: date | None = None


@dataclass(frozen=True)
class CheckedProposal:
    """The values of a proposal that passed every check, ready to be saved."""

    title: str
    cohosts: list[Organization]
    planning_zone: str
    duration_minutes: int
    slots: list[CandidateSlot]
    speakers: list[Speaker]


def no_cohost_message() -> str:
    """The one sentence for a proposal without co-hosts (beside the co-host checkboxes)."""
    return _("Choose at least one co-host organization.")


def cohosts_of(actor: User, slugs: list[str]) -> list[Organization]:
    """Load the co-host organizations, refusing unknown slugs, duplicates and the host."""
    wanted = list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))
    if not wanted:
        raise ValidationFailed(no_cohost_message(), field="cohosts")
    found = {
        org.slug: org
        for org in db.session.scalars(select(Organization).where(Organization.slug.in_(wanted)))
    }
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        raise ValidationFailed(
            _("Unknown organization: %(slugs)s.", slugs=", ".join(unknown)), field="cohosts"
        )
    if actor.organization_id in {org.id for org in found.values()}:
        raise ValidationFailed(
            _("Your own organization hosts the event; choose partner organizations as co-hosts."),
            field="cohosts",
        )
    return [found[slug] for slug in wanted]


def new_slot(
    actor: User,
    slot: SlotInput,
    duration: int,
    default_zone: str,
    field_name: str,
    zone_names: Sequence[str] = (),
) -> CandidateSlot:
    """Resolve a typed slot into a candidate slot still to come (not yet attached).

    ``zone_names`` are the involved cities, in which an ambiguous time's two readings
    are described.
    """
    zone = require_zone(slot.timezone, f"{field_name}.timezone") if slot.timezone else default_zone
    start = resolve_start(slot.start, zone, slot.choice, field_name, zone_names)
    require_future(start, field_name)
    return CandidateSlot(
        start_utc=start,
        end_utc=start + timedelta(minutes=duration),
        entered_timezone=zone,
        proposed_by=actor,
        proposed_by_organization_id=actor.organization_id,
    )


def _checked_title(title_en: str) -> str:
    """The trimmed English title, which every event needs."""
    title = title_en.strip()
    if not title:
        raise ValidationFailed(_("The event needs an English title."), field="title_en")
    return title


def _check_slot_count(slots: list[SlotInput]) -> None:
    """Between one and ``SLOTS_MAX`` candidate times."""
    if not 1 <= len(slots) <= SLOTS_MAX:
        raise ValidationFailed(
            _("Propose between 1 and %(count)d candidate times.", count=SLOTS_MAX), field="slots"
        )


def _check_capacity(capacity: int | None) -> None:
    """No capacity (no limit) or at least one seat."""
    if capacity is not None and capacity < 1:
        raise ValidationFailed(_("The capacity must be at least 1."), field="capacity")


def _speaker(index: int, speaker: SpeakerInput) -> Speaker:
    """A speaker row, its zone checked against the tz database."""
    zone_field = f"speakers[{index}].timezone"
    return Speaker(
        position=index,
        name=speaker.name.strip(),
        affiliation=speaker.affiliation.strip(),
        timezone=require_zone(speaker.timezone, zone_field) if speaker.timezone else None,
    )


def _involved_zones(actor: User, cohosts: list[Organization] | None, planning_zone: str) -> list:
    """The cities a proposal's times are read in: the typing zone, the host, the co-hosts."""
    zones = [planning_zone, actor.organization.timezone, *[org.timezone for org in cohosts or []]]
    return list(dict.fromkeys(zones))


def check_proposal(actor: User, proposal: ProposalInput, checks: FieldChecks) -> CheckedProposal:
    """Check every field of ``proposal``, keeping each problem in ``checks``.

    The returned values are only complete when ``checks`` kept nothing; the caller
    raises ``checks.raise_any()`` before using them.
    """
    title = checks.check(_checked_title, proposal.title_en)
    cohosts = checks.check(cohosts_of, actor, proposal.cohost_slugs)
    duration = proposal.duration_minutes
    # A missing duration (a form left empty) is outside the range like any other.
    if not checks.passes(check_duration, duration if duration is not None else 0):
        duration = None
    checks.check(_check_slot_count, proposal.slots)
    checks.check(_check_capacity, proposal.capacity)
    planning_zone = checks.check(
        require_zone, proposal.planning_timezone or actor.organization.timezone, "planning_timezone"
    )
    slots = []
    if planning_zone is not None:
        zones = _involved_zones(actor, cohosts, planning_zone)
        for index, slot in enumerate(proposal.slots):
            # Without a usable duration the slot's end is unknown; its start is still checked.
            made = checks.check(
                new_slot, actor, slot, duration or 0, planning_zone, f"slots[{index}]", zones
            )
            slots.append(made)
    checks.check(check_answer_by, proposal.answer_by, actor)
    speakers = [
        checks.check(_speaker, index, speaker)
        for index, speaker in enumerate(proposal.speakers)
        if speaker.name.strip()
    ]
    return CheckedProposal(title, cohosts, planning_zone, duration, slots, speakers)


def proposal_problems(actor: User, proposal: ProposalInput) -> list[DomainError]:
    """Every problem of ``proposal`` (none when it can be saved as it is)."""
    checks = FieldChecks()
    check_proposal(actor, proposal, checks)
    return checks.errors
