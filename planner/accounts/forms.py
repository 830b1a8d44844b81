"""Forms of accounts: signing in, and the account page's preferences, password and tokens.

The button-only forms (revoke a token, replace the feed address) carry just the CSRF
token, which ``CSRFProtect`` checks for every POST.
"""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from planner.form_base import PlannerForm
from planner.labels import DIGEST_LABELS, LANGUAGE_NATIVE_NAMES
from planner.limits import EMAIL_MAX, PASSWORD_MAX, TOKEN_LABEL_MAX, ZONE_NAME_MAX


def _strip(value: str | None) -> str | None:
    """Trim surrounding white space from typed text."""
    return value.strip() if isinstance(value, str) else value


class PreferencesForm(PlannerForm):
    """The interface language, the personal time zone and the digest."""

    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NATIVE_NAMES.items()],
    )
    # The zone menu of the event forms (planner.zone_menu), filled by the view; the
    # service refuses an unknown zone with its own message.
    timezone = SelectField(
        _l("My time zone"),
        validators=[Optional(), Length(max=ZONE_NAME_MAX)],
        validate_choice=False,
        description=_l("Times are shown in this zone. Without one, your organization's is used."),
    )
    digest = SelectField(
        _l("Digest of what waits for you"),
        choices=[SelectChoice(value, label) for value, label in DIGEST_LABELS.items()],
        # Left out (an older form), it stays as it is; the service refuses other values.
        validators=[Optional()],
        validate_choice=False,
        description=_l(
            "Proposals to answer and to confirm, and new registrations, by email at 09:00 "
            "your time (weekly: on Mondays). Nothing waiting, nothing sent."
        ),
    )


class NewTokenForm(PlannerForm):
    """A label for a new personal API token."""

    label = StringField(
        _l("Label"),
        validators=[Length(max=TOKEN_LABEL_MAX)],
        filters=[_strip],
        description=_l("What the token is for, e.g. “Partner website sync”."),
    )


class LoginForm(PlannerForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=EMAIL_MAX)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    next = HiddenField()


class EmailLinkRequestForm(PlannerForm):
    """The address to email a sign-in or password-reset link to."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=EMAIL_MAX)])


class LinkSignInForm(PlannerForm):
    """The button that uses a sign-in link (the CSRF token, and where to go next)."""

    next = HiddenField()


class NewPasswordForm(PlannerForm):
    """A new password typed twice: after a reset link, or an account's first password."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        description=_l("At least 10 characters."),
    )
    new_password_again = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The two new passwords are not the same.")),
        ],
    )


class PasswordChangeForm(NewPasswordForm):
    """The current password, and the new one typed twice."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)]
    )
