"""The sentence of each kind of recorded action, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel.speaklater import LazyString

from planner.labels import (
    ANSWER_LABELS,
    REGISTRATION_STATUS_LABELS,
)
from planner.models import AuditEntry

if TYPE_CHECKING:
    from planner.history.reader import Reader

# The reader is typed by name only: it imports this table, so this module cannot import it.
Wording = Callable[["Reader", AuditEntry, str], tuple[str, str]]


def _event_title(reader: Reader, entry: AuditEntry) -> str:
    event = reader.refs.events.get(entry.event_id) if entry.event_id else None
    if event is not None:
        return event.title(reader.locale)
    return str((entry.after or {}).get("title_en") or "")


def _proposed(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    """A proposal or a draft, with the number of candidate times it started with."""
    event = reader.refs.events.get(entry.event_id) if entry.event_id else None
    count = len([s for s in event.slots if s.created_at <= entry.created_at]) if event else 0
    title = _event_title(reader, entry)
    if entry.action == "event.draft":
        text = ngettext(
            "%(actor)s saved “%(title)s” as a draft with %(num)d candidate time.",
            "%(actor)s saved “%(title)s” as a draft with %(num)d candidate times.",
            count,
            actor=actor,
            title=title,
        )
    else:
        text = ngettext(
            "%(actor)s proposed “%(title)s” with %(num)d candidate time.",
            "%(actor)s proposed “%(title)s” with %(num)d candidate times.",
            count,
            actor=actor,
            title=title,
        )
    return text, ""


def _simple(message: LazyString) -> Wording:
    """A sentence that needs only the actor (translated when the line is built)."""

    def wording(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
        return str(message) % {"actor": actor}, ""

    return wording


def _with_reason(message: LazyString) -> Wording:
    """A sentence whose reason, as typed, is the note."""

    def wording(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
        after = entry.after or {}  # a cancellation may give its reason in both languages
        own = after.get("reason_ja") if reader.locale == "ja" else None
        return str(message) % {"actor": actor}, str(own or after.get("reason") or "")

    return wording


def _confirmed(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    time = reader.slot_time((entry.after or {}).get("slot_id"), entry.event_id)
    return _("%(actor)s confirmed the time %(time)s.", actor=actor, time=time), ""


def _slot_added(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    slot = reader.refs.slots.get(entry.target_id or 0)
    start = slot.start_utc if slot is not None else (entry.after or {}).get("start_utc")
    time = reader.instant(start, entry.event_id)
    return _("%(actor)s suggested another time: %(time)s.", actor=actor, time=time), ""


def _answered(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    after = entry.after or {}
    answer = str(ANSWER_LABELS.get(after.get("answer"), after.get("answer", "")))
    time = reader.slot_time(entry.target_id, entry.event_id)
    if after.get("via"):
        text = _(
            "%(actor)s answered %(answer)s to %(time)s, from their emailed link.",
            actor=actor,
            answer=answer,
            time=time,
        )
    else:
        text = _(
            "%(actor)s answered %(answer)s to %(time)s.", actor=actor, answer=answer, time=time
        )
    return text, str(after.get("comment") or "")


def _registered(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    status = (entry.after or {}).get("status")
    label = str(REGISTRATION_STATUS_LABELS.get(status, status or ""))
    if entry.action == "registration.reactivate":
        return _("%(actor)s registered again: %(status)s.", actor=actor, status=label), ""
    return _("%(actor)s registered: %(status)s.", actor=actor, status=label), ""


def _promoted(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    name = reader.registrant(entry.target_id) or _("A registrant")
    return _("%(name)s got a seat from the waitlist.", name=name), ""


def _removed(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    count = int((entry.after or {}).get("count") or 0)
    return ngettext(
        "%(actor)s removed %(num)d registration.",
        "%(actor)s removed %(num)d registrations.",
        count,
        actor=actor,
    ), ""


def _deadline(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    deadline = (entry.after or {}).get("registration_deadline")
    if not deadline:
        text = _(
            "%(actor)s removed the registration deadline (it closes at the start).", actor=actor
        )
        return text, ""
    time = reader.instant(deadline, entry.event_id)
    return _("%(actor)s set registration to close at %(time)s.", actor=actor, time=time), ""


def _organization(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    name = reader.organization(entry.target_id)
    if entry.action == "organization.create":
        return _("%(actor)s added the organization %(name)s.", actor=actor, name=name), ""
    return _("%(actor)s changed the organization %(name)s.", actor=actor, name=name), ""


def _account(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    user = reader.refs.users.get(entry.target_id or 0)
    email = user.email if user is not None else str((entry.after or {}).get("email") or "")
    if entry.action == "user.create":
        return _("%(actor)s created the account %(email)s.", actor=actor, email=email), ""
    if entry.action == "user.preferences":
        return _("%(actor)s changed their preferences.", actor=actor), ""
    if entry.action == "user.password_reset":
        return _("%(actor)s chose a new password with a reset link.", actor=actor), ""
    if entry.action == "user.sign_in_by_link":
        return _("%(actor)s signed in with an emailed link.", actor=actor), ""
    if entry.action == "user.revoke_links":
        text = _(
            "%(actor)s took back the unused email links of %(email)s.", actor=actor, email=email
        )
        return text, ""
    return _("%(actor)s changed the account %(email)s.", actor=actor, email=email), ""


def _token(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    label = str((entry.after or {}).get("label") or "")
    if entry.action == "token.create":
        return _("%(actor)s created the API token “%(label)s”.", actor=actor, label=label), ""
    return _("%(actor)s revoked the API token “%(label)s”.", actor=actor, label=label), ""


def _feed(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    if entry.action == "feed.create":
        return _("%(actor)s created a private calendar feed address.", actor=actor), ""
    return _("%(actor)s replaced their private calendar feed address.", actor=actor), ""


def _invitation(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    email = str((entry.after or {}).get("email") or "")
    wordings = {
        "invitation.create": _l("%(actor)s invited %(email)s."),
        "invitation.resend": _l("%(actor)s sent the invitation of %(email)s again."),
        "invitation.renew": _l("A new invitation went to %(email)s, who asked for one."),
        "invitation.revoke": _l("%(actor)s withdrew the invitation of %(email)s."),
        "invitation.accept": _l("%(actor)s accepted the invitation and joined."),
    }
    return str(wordings[entry.action]) % {"actor": actor, "email": email}, ""


def _forwarded(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    email = str((entry.after or {}).get("to") or "")
    return _("%(actor)s forwarded the proposal to %(email)s.", actor=actor, email=email), ""


def _completed(reader: Reader, entry: AuditEntry, actor: str) -> tuple[str, str]:
    return _("The event has ended and is now marked completed."), ""


SENTENCES: dict[str, Wording] = {
    "event.propose": _proposed,
    "event.draft": _proposed,
    "event.submit": _simple(_l("%(actor)s sent the proposal to the co-hosts.")),
    "event.confirm": _confirmed,
    "event.publish": _simple(_l("%(actor)s published the event.")),
    "event.follow_up": _simple(_l("%(actor)s shared the follow-up material.")),
    "event.withdraw": _simple(_l("%(actor)s withdrew the proposal.")),
    "event.decline": _with_reason(_l("%(actor)s declined the proposal.")),
    "event.cancel": _with_reason(_l("%(actor)s cancelled the event.")),
    "event.complete": _completed,
    "event.reschedule": _simple(_l("%(actor)s rescheduled the event.")),
    "event.reschedule.details": _simple(_l("%(actor)s rescheduled the event.")),
    "event.update": _simple(_l("%(actor)s changed the event's details.")),
    "event.capacity": _simple(_l("%(actor)s changed the number of seats.")),
    "event.cities": _simple(_l("%(actor)s changed the cities the event is shown in.")),
    "event.forward": _forwarded,
    "proposal_link.open": _simple(_l("%(actor)s opened the proposal from their emailed link.")),
    "slot.add": _slot_added,
    "slot.answer": _answered,
    "registration.create": _registered,
    "registration.reactivate": _registered,
    "registration.cancel": _simple(_l("%(actor)s cancelled their registration.")),
    "registration.promote": _promoted,
    "registration.close": _simple(_l("%(actor)s closed registration.")),
    "registration.reopen": _simple(_l("%(actor)s reopened registration.")),
    "registration.deadline": _deadline,
    "registration.remove": _removed,
    "organization.create": _organization,
    "organization.update": _organization,
    "user.create": _account,
    "user.update": _account,
    "user.preferences": _account,
    "user.password_reset": _account,
    "user.sign_in_by_link": _account,
    "user.revoke_links": _account,
    "invitation.create": _invitation,
    "invitation.resend": _invitation,
    "invitation.renew": _invitation,
    "invitation.revoke": _invitation,
    "invitation.accept": _invitation,
    "token.create": _token,
    "token.revoke": _token,
    "feed.create": _feed,
    "feed.rotate": _feed,
}
