"""The forms of the proposal-link pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length

from planner.form_base import PlannerForm
from planner.limits import EMAIL_MAX


class ContinueForm(PlannerForm):
    """The one button that opens a link (a POST, so that mail scanners use nothing up)."""


class ForwardForm(PlannerForm):
    """A colleague's address to forward the proposal to."""

    email = EmailField(
        _l("Your colleague's email"),
        validators=[DataRequired(), Email(), Length(max=EMAIL_MAX)],
    )
