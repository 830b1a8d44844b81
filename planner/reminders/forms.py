"""The button of the "turn these reminders off" page."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import AnyOf

from planner.form_base import PlannerForm

TURN_OFF, TURN_ON = "off", "on"


class ReminderChoiceForm(PlannerForm):
    """Turn one kind of reminder off (or back on) for the address of the link."""

    choice = HiddenField(validators=[AnyOf((TURN_OFF, TURN_ON))])
