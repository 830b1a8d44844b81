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
from werkzeug.wrappers import Response

from planner.api import bp
from planner.api.fields import JsonObject
from planner.registrations.operations import (
    EMAIL_MAX,
    PERSON_NAME_MAX,
    RegistrationInput,
    register_attendee,
)

FIELDS = ("name", "email", "affiliation", "country", "consent")


@bp.post("/events/<int:event_id>/registrations")
def register_for_event(event_id: int) -> tuple[Response, int]:
    """Register an attendee; confirmed while seats remain, else on the waitlist."""
    body = JsonObject.from_request(FIELDS)
    data = RegistrationInput(
        name=body.required_text("name", max_length=PERSON_NAME_MAX),
        email=body.required_text("email", max_length=EMAIL_MAX),
        affiliation=body.required_text("affiliation", max_length=PERSON_NAME_MAX),
        country=body.text("country", max_length=2),
        consent=bool(body.boolean("consent")),
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
