"""What of the world each role may read, and a search of an answer for the rest.

The matrix searches every answer (body and ``Location``) for these:

- each event's title: whoever sees the event;
- its join link: its organizers, and for the published event its attendees too;
- the registrants' addresses: the event's organizers, and each attendee their own;
- the attendee's manage and feed tokens: the attendee (and the site admin on the
  outbox page, which shows the emails that carried them);
- each organizer's private feed token: its owner;
- every API token: nobody (a token is shown once, when it is made).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.test import TestResponse

from tests.app.authorization_expectations import ADMINS, EVENT_STAFF, HOST_SIDE, SEES
from tests.app.authorization_world import REGISTRANT_EMAILS, ROLES, World, join_url, title

# Who may read each event's join link: the organizers who see it; for the published
# event, its attendees too (their invite, feed and manage page carry it).
JOIN_LINK_READERS = {
    "draft": HOST_SIDE | ADMINS,
    "proposed": EVENT_STAFF,
    "published": EVENT_STAFF | {"attendee"},
    "withdrawn_draft": HOST_SIDE | ADMINS,
    "cancelled_unpublished": EVENT_STAFF,
}


@dataclass(frozen=True)
class Secret:
    """Something of the world only some roles may read, anywhere or on some pages."""

    label: str
    value: str
    readable: Callable[[str, str], bool]  # (role, endpoint) -> may it appear


def _roles(roles: frozenset[str] | set[str]) -> Callable[[str, str], bool]:
    return lambda role, endpoint: role in roles


def _attendee_or_outbox(role: str, endpoint: str) -> bool:
    return role == "attendee" or (role == "admin" and endpoint == "admin.outbox")


def world_secrets(world: World) -> list[Secret]:
    """Every secret of the world with who may read it."""
    found = [
        Secret(f"join link of the {variant} event", join_url(variant), _roles(readers))
        for variant, readers in JOIN_LINK_READERS.items()
    ]
    found += [
        Secret(f"title of the {variant} event", title(variant), _roles(readers))
        for variant, readers in SEES.items()
    ]
    attendee_email, *others = REGISTRANT_EMAILS
    found.append(
        Secret("the attendee's address", attendee_email, _roles(EVENT_STAFF | {"attendee"}))
    )
    found += [
        Secret("another registrant's address", email, _roles(EVENT_STAFF)) for email in others
    ]
    attendee = world.holders["attendee"]
    found.append(Secret("the manage token", attendee.manage or "", _attendee_or_outbox))
    found.append(
        Secret("the attendee feed token", attendee.attendee_feed or "", _attendee_or_outbox)
    )
    for role in ROLES:
        holder = world.holders[role]
        if holder.organizer_feed:
            found.append(
                Secret(f"{role}'s organizer feed token", holder.organizer_feed, _roles({role}))
            )
        if holder.api_token:
            found.append(Secret(f"{role}'s API token", holder.api_token, _roles(set())))
    return [secret for secret in found if secret.value]


def _readable_text(response: TestResponse) -> str:
    """The answer as a reader sees it: body (calendar lines unfolded) and Location."""
    text = response.get_data(as_text=True)
    if response.mimetype == "text/calendar":
        text = text.replace("\r\n ", "").replace("\r\n\t", "")
    return text + "\n" + response.headers.get("Location", "")


def secrets_leaked(world: World, endpoint: str, role: str, response: TestResponse) -> list[str]:
    """The labels of the secrets in ``response`` that ``role`` may not read there."""
    text = _readable_text(response)
    return [
        secret.label
        for secret in world_secrets(world)
        if secret.value in text and not secret.readable(role, endpoint)
    ]
