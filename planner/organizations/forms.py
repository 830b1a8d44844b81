"""The organization profile form (its own admins'), and the members page's small forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional

from planner.core.enums import ORGANIZATION_ROLES
from planner.form_base import PlannerForm
from planner.labels import ROLE_LABELS
from planner.limits import (
    AUDIENCE_ZONES_MAX,
    EMAIL_MAX,
    ORGANIZATION_NAME_MAX,
    ZONE_NAME_MAX,
)

# A few zone names and their commas.
AUDIENCE_ZONES_TEXT_MAX = (ZONE_NAME_MAX + 2) * AUDIENCE_ZONES_MAX


def _zone_list_text(value: str | list[str] | None) -> str | None:
    """The audience zones as one line: the model's list joined, or the typed text trimmed."""
    if isinstance(value, list):
        return ", ".join(value)
    return value.strip() if value else value


def zone_list(text: str | None) -> tuple[str, ...]:
    """The zones typed in an audience-zones field, one per comma."""
    return tuple(zone.strip() for zone in (text or "").split(",") if zone.strip())


class OrganizationProfileForm(PlannerForm):
    """An organization's names, country, zones, working hours and contact address."""

    name_en = StringField(
        _l("Name in English"), validators=[DataRequired(), Length(max=ORGANIZATION_NAME_MAX)]
    )
    name_ja = StringField(
        _l("Name in Japanese"), validators=[Optional(), Length(max=ORGANIZATION_NAME_MAX)]
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
    contact_email = EmailField(
        _l("Contact address"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=EMAIL_MAX)],
        filters=[lambda value: value.strip() if value else value],
        description=_l(
            "Where proposals go while nobody of the organization has an account: the "
            "address is invited to join."
        ),
    )


class MemberRoleForm(PlannerForm):
    """A member's new role on the members page."""

    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in ORGANIZATION_ROLES],
    )


class MemberActiveForm(PlannerForm):
    """Deactivate or reactivate a member: ``active`` is "yes" or "no"."""

    active = HiddenField(validators=[DataRequired(), AnyOf(["yes", "no"])])
