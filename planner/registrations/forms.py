"""Forms of registrations: registering, and the organizers' capacity and deadline."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from planner.limits import (
    CAPACITY_MAX,
    EMAIL_MAX,
    PERSON_NAME_MAX,
    TIME_STEP_MINUTES,
    ZONE_NAME_MAX,
)


def _strip(value: str | None) -> str | None:
    """Drop surrounding spaces that people paste with names and addresses."""
    return value.strip() if isinstance(value, str) else value


def _upper(value: str | None) -> str | None:
    """Country codes are stored in capitals."""
    return value.upper() if isinstance(value, str) else value


class RegistrationForm(FlaskForm):
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
    country = StringField(
        _l("Country (optional)"),
        validators=[
            Optional(),
            Regexp(r"^[A-Z]{2}$", message=_l("Use the two-letter country code, such as JP or DK.")),
        ],
        filters=[_strip, _upper],
        description=_l("Two letters, for example JP or DK."),
    )
    consent = BooleanField(
        _l("I agree to be contacted about this event"),
        validators=[
            DataRequired(message=_l("Please agree to be contacted about this event to register."))
        ],
    )
    # Filled in by static/js/browser-zone.js with the browser's IANA zone, so that what
    # the attendee is later told (a new time) comes in their own clock first.
    timezone = HiddenField(
        validators=[Optional(), Length(max=ZONE_NAME_MAX)], render_kw={"data-browser-zone": ""}
    )


class CapacityForm(FlaskForm):
    """The number of seats; empty means no limit."""

    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=CAPACITY_MAX)],
        description=_l("Leave empty for no limit. Raising it gives seats to the waitlist."),
    )


class DeadlineForm(FlaskForm):
    """When registration closes, typed in a zone; empty means at the start."""

    deadline = StringField(
        _l("Registration closes"),
        filters=[lambda value: value.strip() if value else value],
        render_kw={"type": "datetime-local", "step": str(TIME_STEP_MINUTES * 60)},
        description=_l("Leave empty to take registrations until the event starts."),
    )
    timezone = SelectField(_l("Typed in"))
    choice = StringField(_l("Which one"), filters=[lambda value: value.strip() if value else value])
