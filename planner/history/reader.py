"""How the audit log reads: the reader that turns an entry into a line.

The event page's history and the admin's recent changes both show entries this way:
who did what ("Anna Berg (LINK-J) answered Yes to Tue 2 Mar 2027 17:00 JST / 09:00
CET"), when (in the reader's own zone), and for edits each changed field by its label
with readable values. No internal key, id or JSON reaches the page. What an entry
refers to by id comes preloaded in ``audit.References``; the sentence of each kind of
action is in ``planner.history.sentences``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from planner.audit import ActorKind, References
from planner.countries import country_name
from planner.history.sentences import SENTENCES
from planner.labels import (
    ANSWER_LABELS,
    EVENT_LANGUAGE_LABELS,
    FIELD_LABELS,
    FORMAT_LABELS,
    LANGUAGE_LABELS,
    ORGANIZATION_KIND_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    reminder_offsets_text,
)
from planner.models import AuditEntry
from planner.presentation import city_name, involved_zones, list_names, moment, moment_text

# Recorded for the machinery, not for readers: the iCalendar sequence number.
_HIDDEN_FIELDS = frozenset({"sequence"})
# Entries whose changed fields are worth listing (the others are told by their sentence).
_LISTS_CHANGES = frozenset(
    {
        "event.update",
        "event.reschedule.details",
        "event.capacity",
        "event.cities",
        "organization.update",
        "user.update",
        "user.preferences",
    }
)
_INSTANT_FIELDS = frozenset({"start_utc", "end_utc", "registration_deadline"})


@dataclass(frozen=True)
class FieldChange:
    """One changed field, as a sentence ("Seats changed from “50” to “80”")."""

    text: str


@dataclass(frozen=True)
class HistoryLine:
    """One audit entry, readable: when, the sentence, a quoted note, the changed fields."""

    when: str  # in the reader's zone: "Tue 1 Dec 2026 20:15 JST"
    when_iso: str  # UTC, for <time datetime>
    sentence: str
    note: str  # a comment or a reason, quoted as typed; "" when none
    changes: list[FieldChange]
    event_id: int | None
    event_title: str  # for lists across events (admin); "" when not about an event


class Reader:
    """Everything needed to word entries for one reader (language, zone, references)."""

    def __init__(self, references: References, locale: str, viewer_zone: str) -> None:
        self.refs = references
        self.locale = locale
        self.viewer_zone = viewer_zone
        self.org_by_slug = {org.slug: org for org in references.organizations}
        self.org_by_id = {org.id: org for org in references.organizations}

    # -- pieces ----------------------------------------------------------------------

    def instant(self, value: datetime | str | None, event_id: int | None) -> str:
        """An instant in the event's cities (or the reader's zone without an event)."""
        if value is None:
            return ""
        instant = datetime.fromisoformat(value) if isinstance(value, str) else value
        event = self.refs.events.get(event_id) if event_id else None
        zones = involved_zones(event) if event is not None else []
        return moment_text(moment(instant, zones or [self.viewer_zone]))

    def slot_time(self, slot_id: Any, event_id: int | None) -> str:
        """A candidate time by its time, never its id."""
        slot = self.refs.slots.get(slot_id) if isinstance(slot_id, int) else None
        if slot is None:
            return _("a candidate time that has since been removed")
        return self.instant(slot.start_utc, slot.event_id or event_id)

    def organization(self, key: Any) -> str:
        """An organization by slug or id, in the reader's language."""
        org = self.org_by_slug.get(key) if isinstance(key, str) else self.org_by_id.get(key)
        return org.display_name(self.locale) if org is not None else str(key)

    def actor(self, entry: AuditEntry) -> str:
        """Who acted: a person and their organization, a registrant, or the app itself."""
        if entry.actor is not None:
            org = entry.actor.organization
            if org is None:
                return entry.actor.display_name
            # Not "Name (Organization)": organization names often end in parentheses.
            return _(
                "%(name)s of %(organization)s",
                name=entry.actor.display_name,
                organization=org.display_name(self.locale),
            )
        kind = entry.actor_kind
        if kind is None:  # recorded before actor_kind: registrants acted on their own
            kind = ActorKind.VISITOR if entry.action in _VISITOR_ACTIONS else None
        if kind == ActorKind.VISITOR:
            name = entry.actor_name or self.registrant(entry.target_id)
            return _("%(name)s (registrant)", name=name) if name else _("A registrant")
        if kind == ActorKind.SYSTEM:
            return _("Co-host Planner")
        return _("An administrator at the command line")

    def registrant(self, registration_id: int | None) -> str:
        """The name a registration was made under, when the row is still there."""
        registration = self.refs.registrations.get(registration_id or 0)
        return registration.name if registration is not None else ""

    def value(self, field: str, value: Any, event_id: int | None) -> str:
        """A recorded value as readers know it (labels, names, times), never raw."""
        if field == "reminder_offsets" and isinstance(value, list):
            return reminder_offsets_text(value)
        if value is None or value == "" or value == []:
            return ""
        if field in _INSTANT_FIELDS:
            return self.instant(value, event_id)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        table = _VALUE_LABELS.get(field)
        if table is not None:
            return str(table.get(value, value))
        if field == "cohosts":
            return list_names([self.organization(slug) for slug in value], self.locale)
        if field == "cities":
            return list_names([city_name(zone, self.locale) for zone in value], self.locale)
        if field == "organization_id":
            return self.organization(value)
        if field == "duration_minutes":
            return ngettext("%(num)d minute", "%(num)d minutes", int(value))
        if field == "capacity":
            return str(value)
        if field in ("timezone", "planning_timezone"):
            return str(value).replace("_", " ")
        if field == "country":
            return country_name(str(value), self.locale)
        if field == "password":
            return _("changed")
        if isinstance(value, list):
            return list_names([str(item) for item in value], self.locale)
        return str(value)

    def changes(self, entry: AuditEntry) -> list[FieldChange]:
        """Each changed field as a sentence, by its label."""
        before, after = entry.before or {}, entry.after or {}
        lines = []
        for field in dict.fromkeys([*before, *after]):
            if field in _HIDDEN_FIELDS:
                continue
            label = str(FIELD_LABELS.get(field, field.replace("_", " ")))
            old = self.value(field, before.get(field), entry.event_id)
            new = self.value(field, after.get(field), entry.event_id)
            if field == "capacity":
                old = old or (_("no limit") if field in before else "")
                new = new or _("no limit")
            if old == new:
                continue
            if field == "password":
                text = _("The password was changed.")
            elif old and new:
                text = _("%(field)s: from “%(old)s” to “%(new)s”", field=label, old=old, new=new)
            elif new:
                text = _("%(field)s: set to “%(new)s”", field=label, new=new)
            else:
                text = _("%(field)s: removed (was “%(old)s”)", field=label, old=old)
            lines.append(FieldChange(text))
        return lines

    # -- sentences --------------------------------------------------------------------

    def sentence(self, entry: AuditEntry) -> tuple[str, str]:
        """The entry's sentence and its note (a comment or reason)."""
        wording = SENTENCES.get(entry.action)
        actor = self.actor(entry)
        if wording is None:
            return _("%(actor)s made a change.", actor=actor), ""
        return wording(self, entry, actor)

    def line(self, entry: AuditEntry) -> HistoryLine:
        """The whole readable line of one entry."""
        sentence, note = self.sentence(entry)
        event = self.refs.events.get(entry.event_id) if entry.event_id else None
        return HistoryLine(
            when=moment_text(moment(entry.created_at, [self.viewer_zone])),
            when_iso=entry.created_at.isoformat(),
            sentence=sentence,
            note=note,
            changes=self.changes(entry) if entry.action in _LISTS_CHANGES else [],
            event_id=entry.event_id,
            event_title=event.title(self.locale) if event is not None else "",
        )


_VISITOR_ACTIONS = frozenset(
    {"registration.create", "registration.reactivate", "registration.cancel"}
)
_VALUE_LABELS: dict[str, dict] = {
    "status": STATUS_LABELS,
    "format": FORMAT_LABELS,
    "language": EVENT_LANGUAGE_LABELS,
    "locale": LANGUAGE_LABELS,
    "role": ROLE_LABELS,
    "kind": ORGANIZATION_KIND_LABELS,
    "answer": ANSWER_LABELS,
}


def history_lines(
    entries: Sequence[AuditEntry], references: References, locale: str, viewer_zone: str
) -> list[HistoryLine]:
    """Audit entries as sentences in ``locale``, with times in ``viewer_zone``."""
    reader = Reader(references, locale, viewer_zone)
    return [reader.line(entry) for entry in entries]
