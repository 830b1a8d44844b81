"""``POST /api/v1/events/<id>/registrations``: public registration, for partner sites.

No token is needed, as on the event page. The body is
``{"name", "email", "affiliation"}`` plus optional ``"country"`` (two letters) and
``"consent"`` (true when the attendee agreed to be contacted about the event).

* 201: a new (or re-activated) registration, ``confirmed`` or ``waitlisted``, with its
  secret ``manage_url`` and the attendee's personal ``feed_url``;
* 200: the address was already registered. Only ``id`` and ``status`` come back: the
  secret links went to that address by email and are not given to whoever asks;
* 400 naming the field, 404 for an unknown or unpublished event, 409 when
  registration is closed.
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from pydantic import Field
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.openapi import PUBLIC, operation
from planner.api.shapes import Answer, Body, country_code, one_of, required_text, text
from planner.limits import EMAIL_MAX, PERSON_NAME_MAX, ZONE_NAME_MAX
from planner.registrations.operations import (
    RegistrationInput,
    register_attendee,
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


class Registration(Answer):
    """A registration's state (and its secret links, only on creation)."""

    id: int
    event_id: int
    status: one_of(("confirmed", "waitlisted", "cancelled"))
    manage_url: str | None = Field(default=None, description="Secret; only on creation.")
    feed_url: str | None = Field(default=None, description="Secret; only on creation.")
    message: str | None = None


@bp.post("/events/<int:event_id>/registrations")
@operation(
    "registerForEvent",
    (201, Registration, "Registered, confirmed or on the waitlist"),
    "400 404 409",
    security=PUBLIC,
    json=RegistrationBody,
    also={200: (Registration, "The address was already registered (no secret links are repeated)")},
)
def register_for_event(event_id: int, json: RegistrationBody) -> tuple[Response, int]:
    """Register an attendee for a published event (no token needed).

    Confirmed while seats remain, else on the waitlist.
    """
    data = RegistrationInput(
        name=json.name,
        email=json.email,
        affiliation=json.affiliation,
        country=json.country,
        consent=bool(json.consent),
        timezone=json.timezone,
    )
    outcome = register_attendee(event_id, data)
    registration = outcome.registration
    answer = {"id": registration.id, "event_id": event_id, "status": str(registration.status)}
    if not outcome.created:
        answer["message"] = _(
            "This email address is already registered for this event. The email we sent "
            "then has the link to see or cancel the registration."
        )
        return jsonify(answer), 200
    answer |= {"manage_url": outcome.manage_url, "feed_url": outcome.feed_url}
    return jsonify(answer), 201
