"""Admin forms for organizations and users."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from planner.form_base import PlannerForm
from planner.labels import ORGANIZATION_KIND_LABELS, ROLE_LABELS
from planner.limits import (
    AUDIENCE_ZONES_MAX,
    DISPLAY_NAME_MAX,
    EMAIL_MAX,
    ORGANIZATION_NAME_MAX,
    PASSWORD_MAX,
    SLUG_MAX,
    ZONE_NAME_MAX,
)

# A few zone names and their commas.
AUDIENCE_ZONES_TEXT_MAX = (ZONE_NAME_MAX + 2) * AUDIENCE_ZONES_MAX


def _zone_list_text(value: str | list[str] | None) -> str | None:
    """The audience zones as one line: the model's list joined, or the typed text trimmed."""
    if isinstance(value, list):
        return ", ".join(value)
    return value.strip() if value else value


class OrganizationForm(PlannerForm):
    """An organization's names, kind, country, home zone and working hours."""

    slug = StringField(
        _l("Short name (slug)"),
        validators=[DataRequired(), Length(max=SLUG_MAX), Regexp(r"^[a-z0-9-]+$")],
        description=_l("Lower-case letters, digits and hyphens; used in feed URLs."),
    )
    name_en = StringField(
        _l("Name in English"), validators=[DataRequired(), Length(max=ORGANIZATION_NAME_MAX)]
    )
    name_ja = StringField(
        _l("Name in Japanese"), validators=[Optional(), Length(max=ORGANIZATION_NAME_MAX)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice(kind.value, label) for kind, label in ORGANIZATION_KIND_LABELS.items()
        ],
    )
    country = StringField(
        _l("Country code"),
        validators=[DataRequired(), Length(min=2, max=2)],
        filters=[lambda value: value.strip().upper() if value else value],
        description=_l("Two letters, for example JP or DK; used for public holidays."),
    )
    timezone = StringField(
        _l("Home time zone"),
        validators=[DataRequired(), Length(max=ZONE_NAME_MAX)],
        filters=[lambda value: value.strip() if value else value],
        description=_l("An IANA name such as Asia/Tokyo or Europe/Copenhagen."),
    )
    audience_zones = StringField(
        _l("Audience time zones"),
        validators=[Optional(), Length(max=AUDIENCE_ZONES_TEXT_MAX)],
        filters=[_zone_list_text],
        description=_l(
            "Where the people it speaks for live, separated by commas, for example "
            "Europe/Copenhagen. Events show these cities too; working hours are checked "
            "in the home zone only."
        ),
    )
    work_start = TimeField(_l("Working day starts"), validators=[DataRequired()])
    work_end = TimeField(_l("Working day ends"), validators=[DataRequired()])


# What the password field means differs: a new account needs one, an existing one
# keeps its password when the field is left empty.
PASSWORD_HELP_NEW = _l("At least 10 characters. The new account signs in with it.")
PASSWORD_HELP_EXISTING = _l(
    "At least 10 characters. Leave empty to keep the current password. "
    "A new password signs the account out on every device."
)


class UserForm(PlannerForm):
    """An account's identity, role, organization and status."""

    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=EMAIL_MAX)],
    )
    display_name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=DISPLAY_NAME_MAX)]
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]
    )
    organization_id = SelectField(_l("Organization"), coerce=int, validate_choice=True)
    active = BooleanField(
        _l("Active (may sign in)"),
        default=True,
        description=_l("Deactivating an account signs it out on every device at once."),
    )
    # The zone menu of the event forms, filled by the view; empty: the organization's.
    timezone = SelectField(
        _l("Personal time zone"),
        validators=[Optional(), Length(max=ZONE_NAME_MAX)],
        validate_choice=False,
    )
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(max=PASSWORD_MAX)],
        description=PASSWORD_HELP_EXISTING,
    )
