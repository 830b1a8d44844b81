"""What every route grants each role: the table the authorization matrix checks.

One entry per (endpoint, method) of the URL map; a route without an entry, or an entry
without a route, fails ``test_authorization_matrix``. An entry says how the route lets
people without an account in (its ``gate``), which roles may use it (``may``), whether it
is about one event (then it is visited on each event of the world, and whoever cannot see
that event gets 404 whatever ``may`` says), and how a refused role is answered.

How a refusal looks, derived in :func:`expected` from the entry:

- a web page for signed-in people, visited without an account: 302 to the sign-in page;
- an API call that needs a token, sent without one: 401;
- an event the role may not see (``planner.events.access.can_view``): 404, as if the
  event did not exist, also for an action the role could never take;
- anything else ``may`` leaves out: the entry's ``refused`` (403 by default; 404 for
  secrets, such as a feed or manage token, or another user's API token, whose existence
  must not show).

``org_admin`` is an organization admin of H (issue 13): an organizer of H everywhere
(:data:`HOST_SIDE` and the other role sets below), and with the site admin the only role
that manages H's profile and members (:data:`H_ADMINS`). Organization routes are
visited with H's id; ``test_authorization_matrix`` also visits them with the co-host
organization's id, where H's organization admin is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tests.api_client import example_body
from tests.app.authorization_world import (
    COHOST_SLUG,
    HOST_SLUG,
    NO_ACCOUNT,
    ROLES,
    SIGNED_IN,
    VARIANTS,
    EventValues,
    Holder,
)
from tests.factories import HOST


class Outcome(Enum):
    """What a visit is expected to get."""

    ALLOWED = "allowed"  # past authorization: never 401, 403, 404, the sign-in page or 500
    LOGIN = "302 to sign-in"
    UNAUTHORIZED = 401
    FORBIDDEN = 403
    HIDDEN = 404


class Gate(Enum):
    """How a route treats someone without an account."""

    OPEN = "open"  # no account needed (pages, feeds, public API reads)
    SIGN_IN = "sign in"  # login_required: 302 to the sign-in page
    TOKEN = "token"  # token_required: 401


class Scope(Enum):
    """What a route is about."""

    SITE = "site"  # visited once per role
    EVENT = "event"  # visited on every event of the world


EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
ACCOUNTS = SIGNED_IN
# Members of an organization (the site admin belongs to none).
ORGANIZERS = frozenset({"uninvolved", "cohost", "host", "org_admin"})
# The host organization's organizers: they confirm, publish, reschedule, cancel...
# An organization admin of H is an organizer of H: everything H's organizers do, it does.
HOST_SIDE = frozenset({"host", "org_admin"})
COHOST_SIDE = frozenset({"cohost"})
# Organizers of the host or a co-host organization (access.require_involved).
EVENT_ORGANIZERS = HOST_SIDE | COHOST_SIDE
# ...and the site admin (access.is_involved): they read registrants.
EVENT_STAFF = EVENT_ORGANIZERS | {"admin"}
ADMINS = frozenset({"admin"})
# Who manages H's profile and members: its organization admin and the site admin.
H_ADMINS = frozenset({"org_admin", "admin"})

# Who sees each event of the world (access.can_view): a draft is the host's alone until
# it is sent, and stays so when the host withdraws it unsent (issue 12 item 9).
SEES: dict[str, frozenset[str]] = {
    "draft": HOST_SIDE | ADMINS,
    "proposed": EVENT_STAFF,
    "published": EVERYONE,
    "withdrawn_draft": HOST_SIDE | ADMINS,
    "cancelled_unpublished": EVENT_STAFF,
}
# Only a published event has registration and an "add to calendar" file.
ONLY_PUBLISHED = {variant: EVERYONE if variant == "published" else NOBODY for variant in VARIANTS}


@dataclass(frozen=True)
class Visit:
    """One visit: the role's holdings and, for event routes, the event visited."""

    role: str
    holder: Holder
    event: EventValues | None


Body = Callable[[Visit], dict[str, Any]]


@dataclass(frozen=True)
class Expectation:
    """What one (endpoint, method) grants; see the module docstring."""

    gate: Gate
    may: frozenset[str] | Mapping[str, frozenset[str]]  # roles, or roles per event variant
    scope: Scope = Scope.SITE
    refused: Outcome = Outcome.FORBIDDEN
    secret: str | None = None  # the kind of secret in the URL's <token>
    body: Body | None = None  # the form fields or JSON the visit sends
    query: str = ""

    def allowed(self, variant: str | None) -> frozenset[str]:
        """The roles allowed on this visit."""
        if isinstance(self.may, frozenset):
            return self.may
        return self.may[variant or ""]


def expected(expectation: Expectation, role: str, variant: str | None) -> Outcome:
    """The outcome the table gives ``role`` on one visit (see the module docstring)."""
    if role in NO_ACCOUNT and expectation.gate is Gate.SIGN_IN:
        return Outcome.LOGIN
    if role in NO_ACCOUNT and expectation.gate is Gate.TOKEN:
        return Outcome.UNAUTHORIZED
    if expectation.scope is Scope.EVENT and role not in SEES[variant or ""]:
        return Outcome.HIDDEN
    if role in expectation.allowed(variant):
        return Outcome.ALLOWED
    return expectation.refused


# -- Bodies: enough for an allowed role to really get to the operation -----------------

FUTURE_START = "2037-06-01T10:00"
ZONE = "Asia/Tokyo"


def _version(visit: Visit) -> int:
    return visit.event.version if visit.event else 0


def _slot(visit: Visit) -> int:
    return visit.event.slot_id if visit.event else 0


def _other_registration(visit: Visit) -> int:
    """Another attendee's registration of the published event (an unknown id elsewhere)."""
    return (visit.event.registration_id if visit.event else 0) or 999_999


def _credentials(visit: Visit) -> dict[str, Any]:
    """The role's own email and password; without an account, a guess at the host's."""
    if visit.holder.email is None:
        return {"email": HOST, "password": "a-guessed-password"}
    return {"email": visit.holder.email, "password": visit.holder.password}


def _link_request(visit: Visit) -> dict[str, Any]:
    """The role's own address (an email is queued for it); without an account, the host's."""
    return {"email": visit.holder.email or HOST}


def _registration(visit: Visit) -> dict[str, Any]:
    return {
        "name": "Matrix Visitor",
        "email": f"visitor-{visit.role}@example.org",
        "affiliation": "Somewhere",
        "country": "DK",
    }


def _proposal_form(visit: Visit) -> dict[str, Any]:
    # dk-cluster: a co-host none of the roles belongs to, so every organizer may choose it.
    return {
        "title_en": "Matrix proposal",
        "format": "webinar",
        "language": "en",
        "cohosts": "dk-cluster",
        "timezone": ZONE,
        "slots-0-start": FUTURE_START,
        "duration_minutes": "60",
        "send": "Send proposal",
    }


def _profile_form() -> dict[str, Any]:
    """H's profile as the demo has it, with a contact address."""
    return {
        "name_en": "LINK-J",
        "name_ja": "ライフサイエンス・イノベーション・ネットワーク・ジャパン",
        "country": "JP",
        "timezone": ZONE,
        "audience_zones": "",
        "work_start": "09:00",
        "work_end": "18:00",
        "contact_email": "events@link-j.example",
    }


def _invitee(visit: Visit) -> dict[str, Any]:
    """A new address to invite (with the co-host of the visited event, for event routes)."""
    body: dict[str, Any] = {"email": f"invitee-{visit.role}@example.org"}
    if visit.event is not None:
        body["organization_id"] = visit.event.cohost_organization_id
    return body


def _invitee_form(visit: Visit) -> dict[str, Any]:
    return {**_invitee(visit), "role": "organizer", "locale": "en"}


def _nothing(visit: Visit) -> dict[str, Any]:
    return {}


def web(gate: Gate, may: Any, *, body: Body = _nothing, **options: Any) -> Expectation:
    """A web page or form."""
    return Expectation(gate, may, body=body, **options)


def on_event(gate: Gate, may: Any, *, body: Body = _nothing, **options: Any) -> Expectation:
    """A page, form or API call about one event."""
    return Expectation(gate, may, scope=Scope.EVENT, body=body, **options)


def secret(kind: str, may: frozenset[str], *, body: Body = _nothing) -> Expectation:
    """A route whose URL carries a secret: only its holder gets in, anyone else 404."""
    return Expectation(Gate.OPEN, may, refused=Outcome.HIDDEN, secret=kind, body=body)


OPEN, SIGN_IN, TOKEN = Gate.OPEN, Gate.SIGN_IN, Gate.TOKEN

WEB: dict[tuple[str, str], Expectation] = {
    ("static", "GET"): web(OPEN, EVERYONE),
    ("home.index", "GET"): web(OPEN, EVERYONE),
    ("home.calendar", "GET"): web(OPEN, EVERYONE),
    ("home.set_language", "POST"): web(OPEN, EVERYONE, body=lambda v: {"locale": "en"}),
    ("find_a_time.find_a_time", "GET"): web(OPEN, EVERYONE),
    ("auth.login", "GET"): web(OPEN, EVERYONE),
    # Without an account the email and password are wrong: 401 on the form again.
    ("auth.login", "POST"): web(OPEN, ACCOUNTS, refused=Outcome.UNAUTHORIZED, body=_credentials),
    ("auth.logout", "POST"): web(OPEN, EVERYONE),
    # Asking for a sign-in or reset link: the same answer for every address (200).
    ("auth.email_link_request", "GET"): web(OPEN, EVERYONE),
    ("auth.email_link_request", "POST"): web(OPEN, EVERYONE, body=_link_request),
    ("auth.forgot_password", "GET"): web(OPEN, EVERYONE),
    ("auth.forgot_password", "POST"): web(OPEN, EVERYONE, body=_link_request),
    # Nobody in the world holds a sign-in or reset link: every other secret is unknown (404).
    ("auth.email_sign_in", "GET"): secret("manage", NOBODY),
    ("auth.email_sign_in", "POST"): secret("manage", NOBODY),
    ("auth.reset_password", "GET"): secret("manage", NOBODY),
    ("auth.reset_password", "POST"): secret(
        "manage",
        NOBODY,
        body=lambda v: {
            "new_password": "a-new-password-1",
            "new_password_again": "a-new-password-1",
        },
    ),
    ("dashboard.index", "GET"): web(SIGN_IN, ACCOUNTS),
    ("account.index", "GET"): web(SIGN_IN, ACCOUNTS),
    ("account.save_preferences", "POST"): web(
        SIGN_IN, ACCOUNTS, body=lambda v: {"locale": "en", "timezone": ZONE}
    ),
    ("account.create_token", "POST"): web(SIGN_IN, ACCOUNTS, body=lambda v: {"label": "m"}),
    # A wrong current password: the form answers 400, and no session of the world ends.
    ("account.change_password", "POST"): web(
        SIGN_IN,
        ACCOUNTS,
        body=lambda v: {
            "current_password": "not-the-password",
            "new_password": "a-new-password-1",
            "new_password_again": "a-new-password-1",
        },
    ),
    # <token_id> is the host organizer's token: nobody else may revoke it, or learn it exists.
    ("account.revoke_token", "POST"): web(SIGN_IN, frozenset({"host"}), refused=Outcome.HIDDEN),
    ("admin.index", "GET"): web(SIGN_IN, ADMINS),
    ("admin.outbox", "GET"): web(SIGN_IN, ADMINS),
    ("admin.new_organization", "GET"): web(SIGN_IN, ADMINS),
    ("admin.new_organization", "POST"): web(SIGN_IN, ADMINS),
    ("admin.edit_organization", "GET"): web(SIGN_IN, ADMINS),
    ("admin.edit_organization", "POST"): web(SIGN_IN, ADMINS),
    ("admin.new_user", "GET"): web(SIGN_IN, ADMINS),
    ("admin.new_user", "POST"): web(SIGN_IN, ADMINS),
    ("admin.edit_user", "GET"): web(SIGN_IN, ADMINS),
    ("admin.edit_user", "POST"): web(SIGN_IN, ADMINS),
    # The form shows for any account; only members of an organization can send it.
    ("events.new", "GET"): web(SIGN_IN, ACCOUNTS),
    ("events.new", "POST"): web(SIGN_IN, ORGANIZERS, body=_proposal_form),
    ("events.time_preview", "GET"): web(
        SIGN_IN, ACCOUNTS, query=f"?start={FUTURE_START}&timezone={ZONE}"
    ),
    ("events.show", "GET"): on_event(OPEN, EVERYONE),
    ("events.answer", "POST"): on_event(
        SIGN_IN,
        COHOST_SIDE,
        body=lambda v: {"rows-0-slot_id": _slot(v), "rows-0-answer": "yes"},
    ),
    ("events.add_slot", "POST"): on_event(
        SIGN_IN, EVENT_ORGANIZERS, body=lambda v: {"start": FUTURE_START, "timezone": ZONE}
    ),
    ("events.cities", "POST"): on_event(
        SIGN_IN, HOST_SIDE, body=lambda v: {"cities": ZONE, "version": _version(v)}
    ),
    ("events.confirm", "POST"): on_event(SIGN_IN, HOST_SIDE, body=lambda v: {"slot_id": _slot(v)}),
    ("events.submit", "POST"): on_event(SIGN_IN, HOST_SIDE),
    ("events.withdraw", "POST"): on_event(SIGN_IN, HOST_SIDE),
    ("events.decline", "POST"): on_event(SIGN_IN, COHOST_SIDE, body=lambda v: {"reason": "No"}),
    ("events.edit", "GET"): on_event(SIGN_IN, EVENT_ORGANIZERS),
    # Follow-up material: the co-hosting organizations' organizers (a 409 before the end).
    ("follow_up.edit", "GET"): on_event(SIGN_IN, EVENT_ORGANIZERS),
    ("follow_up.edit", "POST"): on_event(
        SIGN_IN, EVENT_ORGANIZERS, body=lambda v: {"note_en": "Thanks"}
    ),
    ("events.edit", "POST"): on_event(
        SIGN_IN,
        EVENT_ORGANIZERS,
        body=lambda v: {
            "version": _version(v),
            "title_en": "Retitled",
            "format": "webinar",
            "language": "en",
        },
    ),
    ("events.reschedule", "GET"): on_event(SIGN_IN, HOST_SIDE),
    ("events.reschedule", "POST"): on_event(
        SIGN_IN,
        HOST_SIDE,
        body=lambda v: {"version": _version(v), "start": "2037-06-02T10:00", "timezone": ZONE},
    ),
    ("events.publish", "GET"): on_event(SIGN_IN, HOST_SIDE),
    ("events.publish", "POST"): on_event(SIGN_IN, HOST_SIDE),
    ("events.cancel", "GET"): on_event(SIGN_IN, HOST_SIDE),
    ("events.cancel", "POST"): on_event(SIGN_IN, HOST_SIDE, body=lambda v: {"reason_en": "Off"}),
    ("registrations.register", "GET"): on_event(OPEN, EVERYONE),
    ("registrations.registration_sent", "GET"): on_event(OPEN, EVERYONE),
    # An unpublished event takes no registrations: 404 even for those who see it.
    ("registrations.register", "POST"): on_event(
        OPEN, ONLY_PUBLISHED, refused=Outcome.HIDDEN, body=lambda v: _registration(v)
    ),
    ("registrations.registrants", "GET"): on_event(SIGN_IN, EVENT_STAFF),
    ("registrations.registrants_csv", "GET"): on_event(SIGN_IN, EVENT_STAFF),
    ("registrations.set_deadline", "POST"): on_event(
        SIGN_IN, HOST_SIDE, body=lambda v: {"deadline": "", "timezone": ZONE}
    ),
    ("registrations.set_capacity", "POST"): on_event(
        SIGN_IN, HOST_SIDE, body=lambda v: {"capacity": "5", "version": _version(v)}
    ),
    ("registrations.close_registration", "POST"): on_event(SIGN_IN, HOST_SIDE),
    ("registrations.reopen_registration", "POST"): on_event(SIGN_IN, HOST_SIDE),
    # Confirmed removal of another attendee's registration (a flood, say).
    ("registrations.remove_registrants", "POST"): on_event(
        SIGN_IN,
        HOST_SIDE,
        body=lambda v: {"registration": _other_registration(v), "confirmed": "yes"},
    ),
    # Personal proposal links (planner.proposal_links), and the answer page they open.
    ("proposal_links.open_link", "GET"): secret("email_link", NOBODY),
    ("proposal_links.use_link", "POST"): secret("email_link", NOBODY),
    ("proposal_links.renew_link", "POST"): secret("email_link", NOBODY),
    ("proposal_links.answer_page", "GET"): on_event(SIGN_IN, COHOST_SIDE, refused=Outcome.HIDDEN),
    ("proposal_links.forward", "POST"): on_event(
        SIGN_IN,
        COHOST_SIDE,
        refused=Outcome.HIDDEN,
        body=lambda v: {"email": f"colleague-{v.role}@example.org"},
    ),
    ("proposal_links.save_answers", "POST"): on_event(
        SIGN_IN,
        COHOST_SIDE,
        refused=Outcome.HIDDEN,
        body=lambda v: {"rows-0-slot_id": _slot(v), "rows-0-answer": "yes"},
    ),
    # H's profile and members (<user_id> is H's organizer): H's admins only.
    ("organizations.profile", "GET"): web(SIGN_IN, H_ADMINS),
    ("organizations.profile", "POST"): web(SIGN_IN, H_ADMINS, body=lambda v: _profile_form()),
    ("organizations.members", "GET"): web(SIGN_IN, H_ADMINS),
    ("organizations.change_role", "POST"): web(
        SIGN_IN, H_ADMINS, body=lambda v: {"role": "org_admin"}
    ),
    ("organizations.set_active", "POST"): web(SIGN_IN, H_ADMINS, body=lambda v: {"active": "no"}),
    ("organizations.revoke_links", "POST"): web(SIGN_IN, H_ADMINS),
    # Nobody holds an invitation's secret: every link the matrix tries is someone else's.
    ("invitations.accept", "GET"): secret("invitation", NOBODY),
    ("invitations.accept", "POST"): secret(
        "invitation", NOBODY, body=lambda v: {"display_name": "Matrix", "locale": "en"}
    ),
    ("invitations.renew", "POST"): secret("invitation", NOBODY),
    # An unsubscribe link is signed for one address; no secret of the world is one (404).
    ("reminders.unsubscribe", "GET"): secret("manage", NOBODY),
    ("reminders.unsubscribe", "POST"): secret("manage", NOBODY, body=lambda v: {"choice": "off"}),
    ("reminders.unsubscribe_one_click", "GET"): secret("manage", NOBODY),
    ("reminders.unsubscribe_one_click", "POST"): secret("manage", NOBODY),
    # <organization_id> is H; <invitation_id> a pending invitation to H.
    ("invitations.pending", "GET"): web(SIGN_IN, H_ADMINS),
    ("invitations.create", "POST"): web(SIGN_IN, H_ADMINS, body=_invitee_form),
    ("invitations.resend", "POST"): web(SIGN_IN, H_ADMINS),
    ("invitations.revoke", "POST"): web(SIGN_IN, H_ADMINS),
    # C's organizers invite a colleague, admins anybody; the host invites only to a
    # co-host nobody has joined, and C has people (planner/invitations/operations.py).
    ("invitations.invite_for_event", "POST"): on_event(
        SIGN_IN, COHOST_SIDE | ADMINS, body=_invitee
    ),
    ("registrations.manage", "GET"): secret("manage", frozenset({"attendee"})),
    ("registrations.invite", "GET"): secret("manage", frozenset({"attendee"})),
    ("registrations.cancel", "POST"): secret("manage", frozenset({"attendee"})),
    ("registrations.new_feed_address", "POST"): secret("manage", frozenset({"attendee"})),
}

FEEDS: dict[tuple[str, str], Expectation] = {
    ("calendars.index", "GET"): web(OPEN, EVERYONE),
    ("calendars.public_feed", "GET"): web(OPEN, EVERYONE),
    ("calendars.organization_feed", "GET"): web(OPEN, EVERYONE),
    ("calendars.attendee_feed", "GET"): secret("attendee_feed", frozenset({"attendee"})),
    # Each organizer with their own token; the site admin (no organization) has none.
    ("calendars.organizer_feed", "GET"): secret("organizer_feed", ORGANIZERS),
    ("calendars.replace_organizer_feed", "POST"): web(SIGN_IN, ACCOUNTS),
    ("calendars.event_ics", "GET"): on_event(OPEN, ONLY_PUBLISHED, refused=Outcome.HIDDEN),
}

API: dict[tuple[str, str], Expectation] = {
    ("health.healthz", "GET"): web(OPEN, EVERYONE),
    ("health.readyz", "GET"): web(OPEN, EVERYONE),
    ("api.openapi_document", "GET"): web(OPEN, EVERYONE),
    ("api.organizations", "GET"): web(OPEN, EVERYONE),
    ("api.get_organization_profile", "GET"): web(TOKEN, H_ADMINS),
    ("api.update_organization_profile", "PATCH"): web(
        TOKEN, H_ADMINS, body=lambda v: {"contact_email": "events@link-j.example"}
    ),
    ("api.list_organization_members", "GET"): web(TOKEN, H_ADMINS),
    ("api.update_organization_member", "PATCH"): web(
        TOKEN, H_ADMINS, body=lambda v: {"role": "org_admin"}
    ),
    ("api.revoke_organization_member_links", "POST"): web(TOKEN, H_ADMINS),
    ("api.overlap", "GET"): web(
        OPEN, EVERYONE, query=f"?orgs={HOST_SLUG},{COHOST_SLUG}&from=2037-03-23&to=2037-03-29"
    ),
    ("api.list_events", "GET"): web(OPEN, EVERYONE),
    ("api.create_event", "POST"): web(
        TOKEN, ORGANIZERS, body=lambda v: example_body(cohosts=["dk-cluster"])
    ),
    ("api.get_event", "GET"): on_event(OPEN, EVERYONE),
    ("api.get_follow_up", "GET"): on_event(TOKEN, EVENT_ORGANIZERS),
    ("api.share_follow_up", "PUT"): on_event(
        TOKEN, EVENT_ORGANIZERS, body=lambda v: {"note_en": "Thanks"}
    ),
    ("api.update_event", "PATCH"): on_event(
        TOKEN, EVENT_ORGANIZERS, body=lambda v: {"title": "Retitled", "version": _version(v)}
    ),
    ("api.set_event_cities", "PUT"): on_event(
        TOKEN, HOST_SIDE, body=lambda v: {"cities": [ZONE], "version": _version(v)}
    ),
    ("api.add_slot", "POST"): on_event(
        TOKEN, EVENT_ORGANIZERS, body=lambda v: {"start": FUTURE_START, "timezone": ZONE}
    ),
    ("api.answer_slot", "PUT"): on_event(TOKEN, COHOST_SIDE, body=lambda v: {"answer": "yes"}),
    ("api.submit_event", "POST"): on_event(TOKEN, HOST_SIDE),
    ("api.confirm_event", "POST"): on_event(TOKEN, HOST_SIDE, body=lambda v: {"slot_id": _slot(v)}),
    ("api.publish_event", "POST"): on_event(TOKEN, HOST_SIDE),
    ("api.reschedule_event", "POST"): on_event(
        TOKEN,
        HOST_SIDE,
        body=lambda v: {"start": "2037-06-02T10:00", "timezone": ZONE, "version": _version(v)},
    ),
    ("api.cancel_event", "POST"): on_event(TOKEN, HOST_SIDE, body=lambda v: {"reason": "Off"}),
    ("api.decline_event", "POST"): on_event(TOKEN, COHOST_SIDE, body=lambda v: {"reason": "No"}),
    ("api.withdraw_event", "POST"): on_event(TOKEN, HOST_SIDE),
    ("api.register_for_event", "POST"): on_event(
        OPEN,
        ONLY_PUBLISHED,
        refused=Outcome.HIDDEN,
        body=lambda v: {**_registration(v), "consent": True},
    ),
    ("api.list_registration_floods", "GET"): on_event(TOKEN, EVENT_STAFF),
    ("api.remove_registrations", "POST"): on_event(
        TOKEN, HOST_SIDE, body=lambda v: {"registration_ids": [_other_registration(v)]}
    ),
    # Without an account the email and password are wrong: 401.
    ("api.create_token", "POST"): web(
        OPEN, ACCOUNTS, refused=Outcome.UNAUTHORIZED, body=lambda v: {**_credentials(v)}
    ),
    ("api.list_tokens", "GET"): web(TOKEN, ACCOUNTS),
    ("api.list_invitations", "GET"): web(TOKEN, H_ADMINS),
    ("api.create_invitation", "POST"): web(TOKEN, H_ADMINS, body=_invitee),
    ("api.resend_invitation", "POST"): web(TOKEN, H_ADMINS),
    ("api.revoke_invitation", "DELETE"): web(TOKEN, H_ADMINS),
    ("api.invite_for_event", "POST"): on_event(TOKEN, COHOST_SIDE | ADMINS, body=_invitee),
    ("api.forward", "POST"): on_event(
        TOKEN, COHOST_SIDE, body=lambda v: {"email": f"colleague-{v.role}@example.org"}
    ),
    # <token_id> is the host organizer's token (see account.revoke_token).
    ("api.revoke_token", "DELETE"): web(TOKEN, frozenset({"host"}), refused=Outcome.HIDDEN),
}

EXPECTATIONS: dict[tuple[str, str], Expectation] = {**WEB, **FEEDS, **API}
