"""The world the authorization matrix visits: three organizations, five events, seven roles.

Organization H (LINK-J) hosts every event, C (the Danish embassy) co-hosts them, U
(Medicon Valley Alliance) has nothing to do with them. The events: a draft, a proposal
sent to C, a published event with registrations, a draft H withdrew before ever
sending it, and an agreed event H cancelled before it was ever published (its status,
cancelled, is one of the public ones; only its missing publication keeps it private).
The roles, each with what it holds:

- ``anonymous``: nothing but a browser session;
- ``attendee``: no account; the manage link and personal feed of a registration for the
  published event (so the token routes are theirs);
- ``uninvolved``, ``cohost``, ``host``: an organizer of U, C and H, each signed in on the
  web, with a personal API token and a private organizer feed (the demo's organizer of C
  is also C's organization admin, which gives it nothing on H's pages);
- ``org_admin``: an organization admin of H (``Role.ORGANIZATION_ADMIN``, issue 13): an
  organizer of H who also manages H's profile and members, and nobody else's;
- ``admin``: a site admin who belongs to no organization, so that what the table grants
  comes from being an admin and never from membership of H (the demo's admin belongs to
  LINK-J, which would make it the host too).

Everything is made through the services and the real sign-in form, inside the test
transaction; the world keeps plain values (ids, secrets, cookies), never ORM objects,
so that each visit can roll back to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from planner.accounts import api_tokens
from planner.accounts.operations import create_user
from planner.calendars import tokens as feed_tokens
from planner.demo.seed import DEMO_PASSWORD
from planner.events import negotiation, scheduling
from planner.events.scheduling import CancellationReason
from planner.extensions import db
from planner.invitations.operations import invite_person
from planner.models import Event, Organization, Registration, Role
from planner.registrations.operations import register_attendee
from tests.conftest import AuthActions
from tests.factories import EMBASSY, HOST, OUTSIDER, attendee, csrf_token, event_in, proposal, user

ROLES = ("anonymous", "attendee", "uninvolved", "cohost", "host", "org_admin", "admin")
NO_ACCOUNT = frozenset({"anonymous", "attendee"})
SIGNED_IN = frozenset(ROLES) - NO_ACCOUNT
VARIANTS = ("draft", "proposed", "published", "withdrawn_draft", "cancelled_unpublished")

HOST_SLUG, COHOST_SLUG, UNINVOLVED_SLUG = "link-j", "dk-embassy", "medicon"
ORG_ADMIN_EMAIL = "org-admin@link-j.example"
SITE_ADMIN_EMAIL = "site-admin@planner.example"
ACCOUNTS = {
    "uninvolved": OUTSIDER,
    "cohost": EMBASSY,
    "host": HOST,
    "org_admin": ORG_ADMIN_EMAIL,
    "admin": SITE_ADMIN_EMAIL,
}
ATTENDEE_EMAIL = "attendee1@example.org"
# Everyone registered for the published event: their addresses are personal data that
# only the event's organizers (and each attendee their own) may read.
REGISTRANT_EMAILS = (ATTENDEE_EMAIL, "attendee2@example.org", "attendee3@example.org")
# A token of the right shape that nobody holds.
UNKNOWN_TOKEN = "n0b0dy-h0lds-this-t0ken-xxxxxxxxxxxxxxxxxxx"


def join_url(variant: str) -> str:
    """Each event's own join link, so that a page showing one can be told apart."""
    return f"https://join.example.org/matrix-{variant.replace('_', '-')}"


def title(variant: str) -> str:
    """Each event's own title, for the same reason (no title is part of another)."""
    return f"Matrix event {variant} title"


@dataclass(frozen=True)
class EventValues:
    """What a visit needs to know about one event of the world."""

    id: int
    slot_id: int
    version: int
    etag: str
    registration_id: int  # another attendee's registration (0 where there is none)
    cohost_organization_id: int  # C


@dataclass
class Holder:
    """What one role holds: a browser session, and the secrets it was given."""

    email: str | None = None
    password: str | None = None
    session_cookie: str | None = None
    csrf: str = ""
    api_token: str | None = None
    api_token_id: int | None = None
    organizer_feed: str | None = None
    attendee_feed: str | None = None
    manage: str | None = None


@dataclass
class World:
    """The ids and secrets of everything the matrix visits."""

    events: dict[str, EventValues]
    holders: dict[str, Holder]
    host_organization_id: int
    host_user_id: int
    cohost_organization_id: int  # another organization, whose people H's admin cannot manage
    cohost_user_id: int
    invitation_id: int  # a pending invitation to H

    def client(self, app: Flask, role: str) -> FlaskClient:
        """A new test client carrying the role's browser session (and nothing else)."""
        client = app.test_client()
        cookie = self.holders[role].session_cookie
        if cookie is not None:
            client.set_cookie(app.config.get("SESSION_COOKIE_NAME", "session"), cookie)
        return client


def _event_values(event_id: int) -> EventValues:
    # Imported here: importing the API's output module first would import it half-way.
    from planner.events.api_output import event_etag

    event = db.session.get(Event, event_id)
    other = db.session.scalar(
        db.select(Registration.id).filter_by(event_id=event_id, email=REGISTRANT_EMAILS[1])
    )
    return EventValues(
        event.id,
        event.slots[0].id,
        event.version,
        event_etag(event),
        other or 0,
        event.cohosts[0].id,
    )


def _events() -> dict[str, int]:
    """The four events, hosted by H and co-hosted by C only; their ids by variant."""

    def own(variant: str) -> dict:
        return {
            "cohost_slugs": [COHOST_SLUG],
            "online_url": join_url(variant),
            "title_en": title(variant),
            "title_ja": title(variant),
        }

    draft = event_in("draft", **own("draft"))
    proposed = event_in("proposed", **own("proposed"))
    # Registration is open: a start still to come, two seats for three attendees.
    published = event_in("published", days_ahead=30, capacity=2, **own("published"))
    withdrawn = negotiation.propose_event(
        user(HOST), proposal(submit=False, **own("withdrawn_draft"))
    )
    negotiation.withdraw_proposal(user(HOST), withdrawn.id)
    # Agreed and called off before it was ever public: it stays among its organizers.
    called_off = event_in("confirmed", **own("cancelled_unpublished"))
    scheduling.cancel_event(user(HOST), called_off.id, CancellationReason("Speaker ill"))
    return {
        "draft": draft.id,
        "proposed": proposed.id,
        "published": published.id,
        "withdrawn_draft": withdrawn.id,
        "cancelled_unpublished": called_off.id,
    }


def _accounts(host_organization_id: int) -> None:
    """The two accounts the demo does not have (see the module docstring)."""
    create_user(
        None,
        email=ORG_ADMIN_EMAIL,
        display_name="Org Admin of H",
        password=DEMO_PASSWORD,
        role=Role.ORGANIZATION_ADMIN,
        organization_id=host_organization_id,
    )
    create_user(
        None,
        email=SITE_ADMIN_EMAIL,
        display_name="Site Admin",
        password=DEMO_PASSWORD,
        role=Role.ADMIN,
    )


def _browser(app: Flask, holder: Holder) -> None:
    """Sign the holder in (when it has an account) and keep its cookie and CSRF token."""
    client = app.test_client()
    if holder.email is not None:
        response = AuthActions(client).login(holder.email, holder.password or "")
        assert response.status_code == 302, f"{holder.email} could not sign in"
    holder.csrf = csrf_token(client)
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    holder.session_cookie = cookie.value if cookie is not None else None


def build_world(app: Flask) -> World:
    """Make the world (the demo organizations and organizers must exist)."""
    host_org = db.session.scalar(db.select(Organization).filter_by(slug=HOST_SLUG))
    _accounts(host_org.id)
    event_ids = _events()
    outcomes = [
        register_attendee(event_ids["published"], attendee(number))
        for number in range(1, len(REGISTRANT_EMAILS) + 1)
    ]
    invitation = invite_person(
        user(SITE_ADMIN_EMAIL), organization_id=host_org.id, email="invited@link-j.example"
    ).invitation
    holders = {role: Holder() for role in ROLES}
    holders["attendee"].manage = outcomes[0].registration.manage_token
    holders["attendee"].attendee_feed = feed_tokens.attendee_feed_token(ATTENDEE_EMAIL)
    db.session.commit()
    for role, email in ACCOUNTS.items():
        account = user(email)
        holder = holders[role]
        holder.email, holder.password = email, DEMO_PASSWORD
        issued = api_tokens.create_token(account, "authorization matrix")
        holder.api_token, holder.api_token_id = issued.secret, issued.record.id
        if account.organization_id is not None:
            holder.organizer_feed = feed_tokens.new_organizer_feed_token(account)
    for holder in holders.values():
        _browser(app, holder)
    world = World(
        events={variant: _event_values(event_id) for variant, event_id in event_ids.items()},
        holders=holders,
        host_organization_id=host_org.id,
        host_user_id=user(HOST).id,
        cohost_organization_id=user(EMBASSY).organization_id,
        cohost_user_id=user(EMBASSY).id,
        invitation_id=invitation.id,
    )
    db.session.remove()
    return world
