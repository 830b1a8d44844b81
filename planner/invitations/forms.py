"""Forms of invitations: accepting one, inviting someone, and the host's "invite" box.

The button-only forms (resend, withdraw, ask for a new invitation) carry just the
CSRF token, which ``CSRFProtect`` checks for every POST.
"""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from planner.core.enums import ORGANIZATION_ROLES
from planner.form_base import PlannerForm
from planner.labels import LANGUAGE_NATIVE_NAMES, ROLE_LABELS
from planner.limits import EMAIL_MAX, PASSWORD_MAX, ZONE_NAME_MAX

DISPLAY_NAME_MAX = 120


def _strip(value: str | None) -> str | None:
    """Trim surrounding white space from typed text."""
    return value.strip() if isinstance(value, str) else value


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in LANGUAGE_NATIVE_NAMES.items()]


class AcceptInvitationForm(PlannerForm):
    """The new account's name, language, zone, and an optional password typed twice."""

    display_name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=DISPLAY_NAME_MAX)],
        filters=[_strip],
        description=_l("As your partners will see it, e.g. “Yuki Tanaka”."),
    )
    locale = SelectField(_l("Language"), choices=_language_choices())
    # The zone menu (planner.zone_menu), filled by the view; the service checks the zone.
    timezone = SelectField(
        _l("My time zone"),
        validators=[Optional(), Length(max=ZONE_NAME_MAX)],
        validate_choice=False,
        description=_l("Times are shown in this zone. Without one, your organization's is used."),
    )
    password = PasswordField(
        _l("Password (optional)"),
        validators=[Optional(), Length(max=PASSWORD_MAX)],
        description=_l(
            "At least 10 characters. Leave the password empty to sign in with a link sent by email."
        ),
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class InviteForm(PlannerForm):
    """An address to invite to the organization, with a role and the email's language."""

    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=EMAIL_MAX)], filters=[_strip]
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(str(role), ROLE_LABELS[role]) for role in ORGANIZATION_ROLES],
    )
    locale = SelectField(_l("Language of the email"), choices=_language_choices())


class EventInviteForm(PlannerForm):
    """The host's box: an address of someone who can answer for a co-host organization."""

    organization_id = HiddenField(validators=[DataRequired()])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=EMAIL_MAX)], filters=[_strip]
    )
