"""The "Find a time" form: organizations, a date range, a duration and optional hours."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from planner.form_base import PlannerForm
from planner.limits import SUGGESTION_MINUTES_MAX, SUGGESTION_MINUTES_MIN

HOURS_PATTERN = r"^\s*\d{1,2}:\d{2}\s*[-–]\s*\d{1,2}:\d{2}\s*$"


class FindTimeForm(PlannerForm):
    """Shape and format only; the planning service checks ranges and looks names up.

    A GET form (it changes nothing and its URL can be shared), so without CSRF. The
    view fills ``orgs.choices`` with the current organizations and ``axis.choices``
    with the zones the bars can be drawn in; a missing ``axis`` means the viewer's
    zone (else the first organization's), an unknown one is refused by the view.
    """

    class Meta:
        """No CSRF token: the form only reads."""

        csrf = False

    orgs = SelectMultipleField(
        _l("Organizations"),
        validators=[DataRequired(message=_l("Choose at least one organization."))],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    # No DataRequired on the dates or the duration: it would replace WTForms' own
    # "Not a valid date value." with "This field is required." for a mistyped value.
    # A missing parameter keeps the default; an empty one is a format error.
    first = DateField(_l("First day"), render_kw={"required": True})
    last = DateField(_l("Last day"), render_kw={"required": True})
    duration = IntegerField(
        _l("Duration (minutes)"),
        validators=[NumberRange(min=SUGGESTION_MINUTES_MIN, max=SUGGESTION_MINUTES_MAX)],
        render_kw={
            "required": True,
            "min": SUGGESTION_MINUTES_MIN,
            "max": SUGGESTION_MINUTES_MAX,
            "step": 15,
        },
    )
    hours = StringField(
        _l("Working hours for everyone (optional)"),
        validators=[
            Optional(),
            Length(max=20),
            Regexp(HOURS_PATTERN, message=_l("Use HH:MM-HH:MM, such as 09:00-18:00.")),
        ],
        description=_l("Replaces each organization's own hours, for example 08:00-19:00."),
        render_kw={"placeholder": "09:00-18:00"},
    )
    axis = SelectField(
        _l("Draw the days in"),
        validate_choice=False,
        description=_l("Every city's bar is drawn on this zone's clock, so shared time lines up."),
    )
