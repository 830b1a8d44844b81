"""Admin forms for organizations and users."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from planner.form_base import PlannerForm
from planner.labels import ORGANIZATION_KIND_LABELS, ROLE_LABELS
from planner.limits import (
    DISPLAY_NAME_MAX,
    EMAIL_MAX,
    PASSWORD_MAX,
    SLUG_MAX,
    ZONE_NAME_MAX,
)
from planner.organizations.forms import OrganizationProfileForm


class OrganizationForm(OrganizationProfileForm):
    """An organization's slug and kind (site admins' only), and everything in its profile."""

    slug = StringField(
        _l("Short name (slug)"),
        validators=[DataRequired(), Length(max=SLUG_MAX), Regexp(r"^[a-z0-9-]+$")],
        description=_l("Lower-case letters, digits and hyphens; used in feed URLs."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice(kind.value, label) for kind, label in ORGANIZATION_KIND_LABELS.items()
        ],
    )


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
