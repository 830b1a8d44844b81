"""The organizers' form for an event's follow-up material."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField, URLField
from wtforms.validators import Length, Optional

from planner.form_base import PlannerForm, WebAddress
from planner.limits import FOLLOW_UP_NOTE_MAX, URL_MAX


class FollowUpForm(PlannerForm):
    """A note in each language, the slides and the recording, and who sees the recording."""

    note_en = TextAreaField(
        _l("Note to attendees (English)"),
        validators=[Optional(), Length(max=FOLLOW_UP_NOTE_MAX)],
    )
    note_ja = TextAreaField(
        _l("Note to attendees (Japanese)"),
        validators=[Optional(), Length(max=FOLLOW_UP_NOTE_MAX)],
    )
    slides_url = URLField(
        _l("Link to the slides"), validators=[Optional(), WebAddress(), Length(max=URL_MAX)]
    )
    recording_url = URLField(
        _l("Link to the recording"), validators=[Optional(), WebAddress(), Length(max=URL_MAX)]
    )
    recording_for_registrants = BooleanField(
        _l("Show the recording only to registered attendees"), default=True
    )
