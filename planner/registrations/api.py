"""Registrations in the API: public registration for partner sites, and floods for organizers.

``POST /api/v1/events/<id>/registrations`` needs no token, as on the event page. The
body is ``{"name", "email", "affiliation"}`` plus optional ``"country"`` (two letters),
``"consent"`` (true when the attendee agreed to be contacted about the event),
``"timezone"`` and ``"locale"`` (``"en"`` or ``"ja"``: the language of the attendee's
emails; without it, the request's interface language from Accept-Language). Answers:

* 202 with ``{"event_id", "email", "message"}``: accepted, and the address emailed. The
  answer is the same whether the address was new (now confirmed or waitlisted) or
  already registered (its owner is emailed the manage link again): nobody checks
  that the caller owns the address, so the answer says nothing the address's owner
  alone should know. The manage link and the personal feed go by email only;
* 400 naming the field, 404 for an unknown or unpublished event, 409 when
  registration is closed, 429 when too many registrations came at once (per client
  network, per event or per address; ``details.retry_after`` and ``Retry-After`` say
  when to try again).

For organizers (bearer token): ``GET .../registrations/floods`` lists the networks
with many registrations for the event; ``POST .../registrations/remove`` removes the
registrations the host's organizers chose (see ``registrants.remove_registrations``).
"""

from __future__ import annotations

from typing import Annotated

from flask import jsonify
from flask_babel import gettext as _
from pydantic import Field
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.auth import token_required
from planner.api.openapi import PUBLIC, operation
from planner.api.shapes import (
    Answer,
    Body,
    country_code,
    one_of,
    required_text,
    text,
    whole_number,
)
from planner.api.shapes import Error as ErrorAnswer
from planner.events.api_output import utc_text
from planner.limits import (
    EMAIL_MAX,
    FLOOD_MIN_REGISTRATIONS,
    ID_MAX,
    PERSON_NAME_MAX,
    REMOVE_AT_ONCE_MAX,
    ZONE_NAME_MAX,
)
from planner.models import User
from planner.presentation import current_locale
from planner.registrations import registrants as registrant_service
from planner.registrations import throttle
from planner.registrations.operations import RegistrationInput, register_attendee

TOO_MANY = (
    ErrorAnswer,
    "Too many registrations from this network, for this event or to this address; "
    "`details.retry_after` and Retry-After give the seconds to wait.",
)


class RegistrationBody(Body):
    """An attendee's registration."""

    name: required_text(PERSON_NAME_MAX)
    email: required_text(EMAIL_MAX, format="email")
    affiliation: required_text(PERSON_NAME_MAX)
    country: country_code() | None = None
    consent: bool | None = None
    timezone: (
        text(
            ZONE_NAME_MAX,
            description="The attendee's IANA zone: messages give times in it first.",
            examples=["Europe/Copenhagen"],
        )
        | None
    ) = None
    locale: (
        Annotated[
            one_of(["en", "ja"]),
            Field(
                description="The language of the attendee's emails; without it, the "
                "request's interface language (Accept-Language).",
                examples=["ja"],
            ),
        ]
        | None
    ) = None


class RegistrationReceipt(Answer):
    """A registration was received and the address emailed (the same for every address)."""

    event_id: int
    email: str = Field(description="The address the email went to, as it is stored.")
    message: str


@bp.post("/events/<int:event_id>/registrations")
@throttle.registration_limits
@operation(
    "registerForEvent",
    (202, RegistrationReceipt, "Received; the outcome and the secret links go by email"),
    "400 404 409 422",
    security=PUBLIC,
    json=RegistrationBody,
    also={429: TOO_MANY},
)
def register_for_event(event_id: int, json: RegistrationBody) -> tuple[Response, int]:
    """Register an attendee for a published event (no token needed).

    Confirmed while seats remain, else on the waitlist; the attendee learns which by
    email, with the manage link and their personal feed.
    """
    data = RegistrationInput(
        name=json.name,
        email=json.email,
        affiliation=json.affiliation,
        country=json.country,
        consent=bool(json.consent),
        timezone=json.timezone,
        locale=json.locale or current_locale(),
    )
    outcome = register_attendee(event_id, data, throttle.client_key())
    email = outcome.registration.email
    message = _(
        "We have sent an email to %(email)s. It says whether there is a seat or a place "
        "on the waitlist, and has the link to see or cancel the registration.",
        email=email,
    )
    return jsonify({"event_id": event_id, "email": email, "message": message}), 202


class SuspectedFlood(Answer):
    """Active registrations of the event from one client network."""

    network: int = Field(description="1 for the network with the most registrations.")
    count: int
    registration_ids: list[int]
    first_registered_at: str = Field(description="ISO 8601 UTC")
    last_registered_at: str = Field(description="ISO 8601 UTC")


class FloodList(Answer):
    """The networks with at least ``threshold`` active registrations of the event."""

    threshold: int
    floods: list[SuspectedFlood]


class RemovalBody(Body):
    """The registrations to remove."""

    # Each id bounded like every id of the API: a larger one cannot exist (and would
    # not fit the database's integer).
    registration_ids: list[whole_number(1, ID_MAX)] = Field(
        min_length=1, max_length=REMOVE_AT_ONCE_MAX
    )


class RemovalAnswer(Answer):
    """Who was removed, and who moved from the waitlist to a freed seat."""

    removed: list[int]
    promoted: list[int]


@bp.get("/events/<int:event_id>/registrations/floods")
@token_required
@operation("listRegistrationFloods", (200, FloodList, "Suspected floods"), "401 403 404")
def list_registration_floods(user: User, event_id: int) -> Response:
    """Networks with many registrations for the event (its organizers and admins)."""
    found = registrant_service.registrants_of(user, event_id)
    floods = [
        {
            "network": flood.number,
            "count": len(flood.registrations),
            "registration_ids": [registration.id for registration in flood.registrations],
            "first_registered_at": utc_text(flood.registrations[0].created_at),
            "last_registered_at": utc_text(flood.registrations[-1].created_at),
        }
        for flood in found.floods
    ]
    return jsonify({"threshold": FLOOD_MIN_REGISTRATIONS, "floods": floods})


@bp.post("/events/<int:event_id>/registrations/remove")
@token_required
@operation(
    "removeRegistrations",
    (200, RemovalAnswer, "Removed; freed seats went to the waitlist"),
    "400 401 403 404 409",
    json=RemovalBody,
)
def remove_registrations(user: User, event_id: int, json: RemovalBody) -> Response:
    """Remove registrations the host's organizers chose (a flood); nobody removed is emailed."""
    removal = registrant_service.remove_registrations(user, event_id, json.registration_ids)
    return jsonify(
        {
            "removed": [registration.id for registration in removal.removed],
            "promoted": [registration.id for registration in removal.promoted],
        }
    )
