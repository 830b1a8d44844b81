"""Forms of registrations: registering, and the organizers' capacity, deadline and removals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from planner.countries import country_choices
from planner.form_base import PlannerForm
from planner.limits import (
    CAPACITY_MAX,
    EMAIL_MAX,
    PERSON_NAME_MAX,
    TIME_STEP_MINUTES,
    ZONE_NAME_MAX,
)
from planner.models import Event
from planner.registrations.operations import CONSENT_MISSING


def _strip(value: str | None) -> str | None:
    """Drop surrounding spaces that people paste with names and addresses."""
    return value.strip() if isinstance(value, str) else value


class RegistrationForm(PlannerForm):
    """An attendee's name, email, affiliation, optional country and consent."""

    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=PERSON_NAME_MAX)], filters=[_strip]
    )
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(),
            Length(max=EMAIL_MAX),
            Email(
                message=_l("Please enter a valid email address, such as name@example.org."),
                check_deliverability=False,
            ),
        ],
        filters=[_strip],
    )
    affiliation = StringField(
        _l("Organization or affiliation"),
        validators=[DataRequired(), Length(max=PERSON_NAME_MAX)],
        filters=[_strip],
    )
    # Choices in the reader's language come from ``for_event``.
    country = SelectField(_l("Country (optional)"), choices=[], validate_choice=False)
    # validate_choice is off: the operation refuses unknown codes with its own message.
    consent = BooleanField(_l("I agree to be contacted about this event"))

    # Filled in by static/js/browser-zone.js with the browser's IANA zone, so that what
    # the attendee is later told (a new time) comes in their own clock first.
    timezone = HiddenField(
        validators=[Optional(), Length(max=ZONE_NAME_MAX)], render_kw={"data-browser-zone": ""}
    )

    @classmethod
    def for_event(cls, event: Event, locale: str, **kwargs: object) -> RegistrationForm:
        """The form for ``event``: countries named in ``locale``, consent as it asks.

        Agreeing to be contacted is optional unless the event asks for it; then the
        checkbox is required (the operation checks the same rule for the API).
        """
        form = cls(**kwargs)
        form.country.choices = country_choices(locale)
        if event.asks_contact_consent:
            form.consent.validators = [DataRequired(message=CONSENT_MISSING)]
            form.consent.flags.required = True
            form.consent.description = _l("The organizers ask for this to register.")
        return form


class CapacityForm(PlannerForm):
    """The number of seats; empty means no limit."""

    version = HiddenField()

    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=CAPACITY_MAX)],
        description=_l("Leave empty for no limit. Raising it gives seats to the waitlist."),
    )


class DeadlineForm(PlannerForm):
    """When registration closes, typed in a zone; empty means at the start."""

    deadline = StringField(
        _l("Registration closes"),
        filters=[lambda value: value.strip() if value else value],
        render_kw={"type": "datetime-local", "step": str(TIME_STEP_MINUTES * 60)},
        description=_l("Leave empty to take registrations until the event starts."),
    )
    timezone = SelectField(_l("Typed in"))
    choice = StringField(_l("Which one"), filters=[lambda value: value.strip() if value else value])


class RemovalForm(PlannerForm):
    """Registrations the host's organizers chose to remove, and whether they confirmed.

    The checkboxes of the registrant list send ``registration``; the confirmation page
    sends them again, with ``confirmed``. Which ids exist is the operation's business.
    """

    registration = SelectMultipleField(coerce=int, validate_choice=False)
    confirmed = HiddenField()
