"""Attendees registering for published events, and managing their registration.

A registration is confirmed while seats remain (no capacity means no limit), otherwise
waitlisted; cancelling frees the seat for the head of the waitlist. Seats are only
ever counted under the event's lock (``planner.registrations.seats``), so concurrent
registrations cannot overbook. Registering again with the same email changes nothing
and emails the address its manage link again; a cancelled one is re-activated.

Attendees have no account, and nobody checks that whoever registers an address owns
it. So the secrets go by email to the address only: the ``manage_token`` of the link
that lets them see, download and cancel their registration, and the address of their
personal feed (every event the address is registered for). Whoever registered is told
the same whatever happened ("we have emailed you"), so the answer never shows whether
the address was registered before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner import audit
from planner.accounts.operations import checked_email
from planner.calendars.tokens import new_attendee_feed_token
from planner.countries import country_codes
from planner.errors import Conflict, FieldChecks, NotFound, ValidationFailed
from planner.events.access import is_public
from planner.extensions import db
from planner.limits import PERSON_NAME_MAX
from planner.models import Event, EventStatus, Registration, RegistrationStatus, utc_now
from planner.models.registrations import new_manage_token
from planner.registrations import mail as attendee_mail
from planner.registrations import seats
from planner.time_input import require_known_zone
from planner.unit_of_work import unit_of_work

# Tokens are token_urlsafe(32): 43 characters of this alphabet. Anything else is
# refused before it reaches the database.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class RegistrationInput:
    """What an attendee types (or a partner site sends) to register."""

    name: str
    email: str
    affiliation: str
    country: str | None = None
    consent: bool = False
    timezone: str | None = None  # the attendee's own zone, when their browser said
    # The language their emails are written in: the page's (or the API call's).
    locale: str | None = None


@dataclass(frozen=True)
class RegistrationOutcome:
    """The registration an attempt ended with, and whether the attempt made it.

    ``created`` is false when the address was already registered: nothing changed,
    and the address was emailed its manage link again. The pages and the API answer
    the same either way; this is for the code and the tests.
    """

    registration: Registration
    created: bool


def _required_text(value: str, field: str, limit: int, missing: str) -> str:
    """A trimmed, non-empty text of at most ``limit`` characters."""
    text = value.strip()
    if not text:
        raise ValidationFailed(missing, field=field)
    if len(text) > limit:
        raise ValidationFailed(
            _("Use at most %(count)d characters.", count=limit), field=field, code="too_long"
        )
    return text


# The form shows it next to the checkbox; the API sends it with field "consent".
CONSENT_MISSING = _l("This event asks registrants to agree to be contacted about it.")


def _checked_email(value: str) -> str:
    """A trimmed, normalized email address of a valid form."""
    return checked_email(value, missing=_("Please enter your email address."))


def _checked_country(value: str | None) -> str | None:
    """An ISO 3166 country code in upper case, or ``None`` when none is given."""
    country = (value or "").strip().upper() or None
    if country is not None and country not in country_codes():
        raise ValidationFailed(
            _("Use a two-letter ISO 3166 country code, such as JP or DK."), field="country"
        )
    return country


def _checked_locale(value: str | None) -> str | None:
    """A language the app writes emails in ("en", "ja"), or ``None`` when none is given."""
    locale = (value or "").strip() or None
    if locale is not None and locale not in current_app.config["SUPPORTED_LOCALES"]:
        raise ValidationFailed(
            _(
                "Choose the language of the emails: %(choices)s.",
                choices=", ".join(current_app.config["SUPPORTED_LOCALES"]),
            ),
            field="locale",
        )
    return locale


def _checked_input(data: RegistrationInput) -> RegistrationInput:
    """Validate and normalize the input, naming every field at fault in one error."""
    checks = FieldChecks()
    name = checks.check(
        _required_text, data.name, "name", PERSON_NAME_MAX, _("Please enter your name.")
    )
    email = checks.check(_checked_email, data.email)
    affiliation = checks.check(
        _required_text,
        data.affiliation,
        "affiliation",
        PERSON_NAME_MAX,
        _("Please enter your organization or affiliation."),
    )
    country = checks.check(_checked_country, data.country)
    zone = (data.timezone or "").strip() or None
    if zone is not None and not checks.passes(require_known_zone, zone, "timezone"):
        zone = None
    locale = checks.check(_checked_locale, data.locale)
    checks.raise_any()
    return RegistrationInput(name, email, affiliation, country, bool(data.consent), zone, locale)


def _find(event_id: int, email: str) -> Registration | None:
    """The registration of ``email`` at the event, freshly read."""
    return db.session.scalar(
        select(Registration)
        .where(Registration.event_id == event_id, Registration.email == email)
        .execution_options(populate_existing=True)
    )


def _status_for_newcomer(event: Event) -> RegistrationStatus:
    """Confirmed while a seat is free (after the waitlist has had its turn), else waitlisted."""
    confirmed = seats.confirmed_count(event.id)
    confirmed += len(seats.fill_free_seats(event, confirmed))  # people waiting go first
    free = seats.seats_left(event, confirmed)
    return RegistrationStatus.WAITLISTED if free == 0 else RegistrationStatus.CONFIRMED


def _tell_again(registration: Registration) -> None:
    """Within the unit of work: tell an address that it was registered again, with its link."""
    attendee_mail.tell_already_registered(registration, seats.waitlist_position(registration))


def _admit(
    event: Event, registration: Registration | None, data: RegistrationInput, client_key: str | None
) -> Registration:
    """Within the unit of work: a new (or re-activated) registration, confirmed or waitlisted."""
    status = _status_for_newcomer(event)
    action = "registration.create" if registration is None else "registration.reactivate"
    if registration is None:
        registration = Registration(event=event, email=data.email, status=status)
        db.session.add(registration)
    else:
        # A new registration in all but the row: a fresh place at the end of the
        # waitlist, and a fresh secret, so that a link sent for the cancelled one
        # does not manage the new one.
        registration.status = status
        registration.created_at = utc_now()
        registration.manage_token = new_manage_token()
    registration.name = data.name
    registration.affiliation = data.affiliation
    registration.country = data.country
    registration.consent = data.consent
    registration.timezone = data.timezone
    registration.locale = data.locale
    registration.client_key = client_key
    registration.updated_at = utc_now()
    db.session.flush()
    # Only the outbox row is written under the seat lock: the text, links and invite
    # are written by the delivery job, after this transaction has let the lock go.
    if status == RegistrationStatus.CONFIRMED:
        attendee_mail.tell_confirmed(registration)
    else:
        attendee_mail.tell_waitlisted(registration, seats.waitlist_position(registration))
    audit.record(
        audit.Visitor(registration.name, registration.email),
        action,
        "registration",
        registration.id,
        after={"status": str(status), "email": registration.email},
        event_id=event.id,
    )
    return registration


def register_attendee(
    event_id: int, data: RegistrationInput, client_key: str | None = None
) -> RegistrationOutcome:
    """Register someone for a published event: confirmed, waitlisted or already there.

    Every outcome emails the address: the confirmation or waitlist place, or, when it
    was already registered, a note with its manage link. ``client_key`` is the keyed
    hash of the client's network (``throttle.client_key``), kept so organizers can
    spot floods. Refused with ``NotFound`` for an unknown or unpublished event and
    ``Conflict`` when registration is closed (cancelled, started, deadline, closed by
    organizers).
    """
    data = _checked_input(data)
    try:
        with unit_of_work():
            event = seats.lock_event(event_id)
            # Never published (a draft, a proposal, an agreed event called off before it
            # went public): it does not exist for visitors, whatever its status would say.
            if event is None or not is_public(event):
                raise NotFound(_("There is no such event."))
            refusal = seats.registration_refusal(event, utc_now())
            if refusal is not None:
                raise refusal
            if event.asks_contact_consent and not data.consent:
                raise ValidationFailed(str(CONSENT_MISSING), field="consent")
            registration = _find(event.id, data.email)
            if registration is not None and registration.status != RegistrationStatus.CANCELLED:
                # Nothing of it changes: whoever typed the address may not own it.
                _tell_again(registration)
                outcome = RegistrationOutcome(registration, created=False)
            else:
                outcome = RegistrationOutcome(
                    _admit(event, registration, data, client_key), created=True
                )
    except IntegrityError:
        # The unique (event, email) pair caught a concurrent duplicate that the lock
        # should have kept out; the first registration stands, and its own request
        # has emailed the address.
        existing = _find(event_id, data.email)
        if existing is None:
            raise
        return RegistrationOutcome(existing, created=False)
    return outcome


def registration_for_token(token: str) -> Registration:
    """The registration a manage link points to, or ``NotFound``."""
    registration = None
    if _TOKEN.match(token or ""):
        registration = db.session.scalar(
            select(Registration)
            .where(Registration.manage_token == token)
            .execution_options(populate_existing=True)
        )
    if registration is None:
        raise NotFound(
            _("This registration link is not valid. Please use the link from your email.")
        )
    return registration


def cancellation_refusal(event: Event) -> Conflict | None:
    """Why a registration for ``event`` can no longer be cancelled, if it cannot."""
    if event.status == EventStatus.CANCELLED:
        return Conflict(
            _("The event itself is cancelled, so there is nothing left to cancel."),
            code="event_cancelled",
        )
    if event.status != EventStatus.PUBLISHED or not _before_start(event):
        return Conflict(
            _("This event has already started, so the registration can no longer be cancelled."),
            code="cancellation_closed",
        )
    return None


def _before_start(event: Event) -> bool:
    """Whether the event has a start that is still to come."""
    return event.start_utc is not None and utc_now() < event.start_utc


def cancel_registration(token: str) -> Registration:
    """Cancel the registration of a manage link; a freed seat goes to the waitlist.

    Cancelling twice is harmless. Refused once the event has started, or when the
    event itself is cancelled.
    """
    event_id = registration_for_token(token).event_id
    with unit_of_work():
        event = seats.lock_event(event_id)
        registration = registration_for_token(token)  # re-read under the lock
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        refusal = cancellation_refusal(event)
        if refusal is not None:
            raise refusal
        before = str(registration.status)
        had_seat = seats.release(registration)
        audit.record(
            audit.Visitor(registration.name, registration.email),
            "registration.cancel",
            "registration",
            registration.id,
            before={"status": before},
            after={"status": str(RegistrationStatus.CANCELLED)},
            event_id=event.id,
        )
        attendee_mail.tell_cancelled(registration, had_seat=had_seat)
        if had_seat:
            seats.fill_free_seats(event, seats.confirmed_count(event.id))
    return registration


@dataclass(frozen=True)
class ManagedRegistration:
    """A registration behind a manage link, with what its attendee may see and do.

    The personal feed is not among them: it lists every event of the address, and
    goes by email only (see ``send_new_feed_address``).
    """

    registration: Registration
    waitlist_position: int | None
    can_cancel: bool


def managed_registration(token: str) -> ManagedRegistration:
    """The registration behind a manage link, with its place and choices."""
    registration = registration_for_token(token)
    active = registration.status != RegistrationStatus.CANCELLED
    return ManagedRegistration(
        registration=registration,
        waitlist_position=seats.waitlist_position(registration),
        can_cancel=active and cancellation_refusal(registration.event) is None,
    )


def registration_email(token: str) -> str:
    """The address a manage link's registration belongs to ("" for an invalid link)."""
    try:
        return registration_for_token(token).email
    except NotFound:
        return ""


def send_new_feed_address(token: str) -> Registration:
    """Replace the personal feed address of a manage link's email, and email it the new one.

    The old address stops working, so a copy that went astray is useless. Whoever
    holds the manage link learns nothing: the new address goes to the email only.
    """
    registration = registration_for_token(token)
    with unit_of_work():
        new_attendee_feed_token(registration.email)
        attendee_mail.tell_new_feed_address(registration)
    return registration


def invite_file(token: str) -> tuple[str, bytes]:
    """A file name and the "add to calendar" file of a confirmed seat (with the join link)."""
    registration = registration_for_token(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(
            _("The calendar file comes with a confirmed seat; this registration has none."),
            code="no_seat",
        )
    filename = f"event-{registration.event_id}.ics"
    return filename, attendee_mail.add_to_calendar_file(registration)
