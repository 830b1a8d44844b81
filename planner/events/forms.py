"""Forms of the co-hosting workflow: proposal, answers, counter-slot, reschedule, cancel.

Shape and format only: the times are passed on as typed, because the strict
time-zone rules (gaps, folds, unknown zones) belong to the services.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.form_base import PlannerForm, PlannerSubform, WebAddress
from planner.labels import (
    ANSWER_LABELS,
    EVENT_LANGUAGE_LABELS,
    FORMAT_LABELS,
    REMINDER_OFFSET_LABELS,
)
from planner.limits import (
    CAPACITY_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    DURATION_MINUTES_MAX,
    DURATION_MINUTES_MIN,
    SPEAKER_TEXT_MAX,
    SPEAKERS_MAX,
    TIME_STEP_MINUTES,
    TITLE_MAX,
    URL_MAX,
    VENUE_MAX,
    ZONE_NAME_MAX,
)

MAX_SLOT_ROWS = 10

LANGUAGE_CHOICES = [SelectChoice(code, label) for code, label in EVENT_LANGUAGE_LABELS.items()]
DATETIME_HINT = {"type": "datetime-local", "step": str(TIME_STEP_MINUTES * 60)}

# The proposal form and the edit form ask the same question about registration.
CONSENT_REQUIRED_LABEL = _l("Registrants must agree to be contacted")
CONSENT_REQUIRED_HELP = _l(
    "Leave unticked to make the agreement optional on the registration form."
)
# The proposal form and the edit form ask the co-hosts to answer by the same date.
ANSWER_BY_LABEL = _l("Answer by (optional)")
ANSWER_BY_HELP = _l("Co-hosts who have not answered are reminded three days before and on the day.")


def answer_by_field() -> DateField:
    """The optional answer-by date (the service refuses a day gone by)."""
    return DateField(
        ANSWER_BY_LABEL,
        validators=[Optional()],
        description=ANSWER_BY_HELP,
        render_kw={"type": "date"},
    )


def _strip(value: str | None) -> str | None:
    """Trim surrounding white space from typed text."""
    return value.strip() if isinstance(value, str) else value


class SlotRowForm(PlannerSubform):
    """One candidate start time as typed, and the offset chosen when it is ambiguous."""

    start = StringField(_l("Start"), filters=[_strip], render_kw=DATETIME_HINT)
    choice = StringField(_l("Which one"), filters=[_strip])


class SpeakerRowForm(PlannerSubform):
    """One speaker (all optional)."""

    name = StringField(_l("Speaker"), validators=[Optional(), Length(max=SPEAKER_TEXT_MAX)])
    affiliation = StringField(
        _l("Affiliation"), validators=[Optional(), Length(max=SPEAKER_TEXT_MAX)]
    )
    # Choices come from form_input.fill_speaker_zones; empty means "not given".
    timezone = SelectField(
        _l("Speaks from (time zone)"),
        validators=[Optional(), Length(max=ZONE_NAME_MAX)],
        validate_choice=False,  # the service refuses unknown zones with its message
    )


class EventTextFields(PlannerForm):
    """Title, format and description in English and (optionally) Japanese."""

    title_en = StringField(
        _l("Title (English)"), validators=[DataRequired(), Length(max=TITLE_MAX)]
    )
    title_ja = StringField(
        _l("Title (Japanese, optional)"), validators=[Optional(), Length(max=TITLE_MAX)]
    )
    format = SelectField(
        _l("Format"), choices=[SelectChoice(f.value, label) for f, label in FORMAT_LABELS.items()]
    )
    description_en = TextAreaField(
        _l("Description (English)"),
        validators=[Optional(), Length(max=DESCRIPTION_MAX)],
        description=_l("Markdown: **bold**, *italic*, lists and links."),
    )
    description_ja = TextAreaField(
        _l("Description (Japanese, optional)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )


class ProposalForm(EventTextFields):
    """Propose a co-hosted event with candidate times."""

    cohosts = SelectMultipleField(
        _l("Co-host organizations"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    timezone = SelectField(
        _l("Times below are typed in"),
        description=_l("Each time is shown in every co-host's city as you type."),
    )
    slots = FieldList(FormField(SlotRowForm), min_entries=MAX_SLOT_ROWS, max_entries=MAX_SLOT_ROWS)
    answer_by = answer_by_field()
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        default=90,
        validators=[DataRequired(), NumberRange(DURATION_MINUTES_MIN, DURATION_MINUTES_MAX)],
    )
    online_url = URLField(
        _l("Online join link"), validators=[Optional(), WebAddress(), Length(max=URL_MAX)]
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=VENUE_MAX)])
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(1, CAPACITY_MAX)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    asks_contact_consent = BooleanField(CONSENT_REQUIRED_LABEL, description=CONSENT_REQUIRED_HELP)
    speakers = FieldList(FormField(SpeakerRowForm), min_entries=3, max_entries=3)
    save_draft = SubmitField(_l("Save as draft"))
    send = SubmitField(_l("Send proposal"))


class AnswerRowForm(PlannerSubform):
    """My organization's answer to one slot."""

    slot_id = HiddenField()
    answer = RadioField(
        _l("Answer"),
        choices=[SelectChoice(a.value, label) for a, label in ANSWER_LABELS.items()],
        validators=[Optional()],
    )
    comment = StringField(_l("Comment"), validators=[Optional(), Length(max=COMMENT_MAX)])


class AnswersForm(PlannerForm):
    """Answers to every slot at once."""

    rows = FieldList(FormField(AnswerRowForm))


class CounterSlotForm(PlannerForm):
    """Propose another time."""

    start = StringField(
        _l("Another time"), validators=[DataRequired()], filters=[_strip], render_kw=DATETIME_HINT
    )
    timezone = SelectField(_l("Typed in"))
    choice = StringField(_l("Which one"), filters=[_strip])


class RescheduleForm(PlannerForm):
    """Move an agreed event."""

    version = HiddenField()
    start = StringField(
        _l("New start"), validators=[DataRequired()], filters=[_strip], render_kw=DATETIME_HINT
    )
    timezone = SelectField(_l("Typed in"))
    choice = StringField(_l("Which one"), filters=[_strip])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        validators=[Optional(), NumberRange(DURATION_MINUTES_MIN, DURATION_MINUTES_MAX)],
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=VENUE_MAX)])
    online_url = URLField(
        _l("Online join link"), validators=[Optional(), WebAddress(), Length(max=URL_MAX)]
    )


class ReasonForm(PlannerForm):
    """A short reason, for declining a proposal."""

    reason = TextAreaField(
        _l("Reason (shared with everyone involved)"),
        validators=[Optional(), Length(max=COMMENT_MAX)],
    )


class CancelForm(PlannerForm):
    """Calling an event off, with the reason attendees read, in either language."""

    reason_en = TextAreaField(
        _l("Reason in English (optional)"),
        validators=[Optional(), Length(max=COMMENT_MAX)],
        description=_l("Attendees read it in the email and on the event page."),
    )
    reason_ja = TextAreaField(
        _l("Reason in Japanese (optional)"), validators=[Optional(), Length(max=COMMENT_MAX)]
    )


class ActionForm(PlannerForm):
    """A button that moves the event (publish, submit, withdraw): only the CSRF token."""


class ConfirmForm(PlannerForm):
    """Confirm one slot."""

    slot_id = HiddenField(validators=[DataRequired()])


class EditDetailsForm(EventTextFields):
    """The details the host edits (co-hosts get the texts only: see ``for_cohost``)."""

    version = HiddenField()
    speakers = FieldList(FormField(SpeakerRowForm), max_entries=SPEAKERS_MAX)
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=VENUE_MAX)])
    online_url = URLField(
        _l("Online join link"), validators=[Optional(), WebAddress(), Length(max=URL_MAX)]
    )
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(1, CAPACITY_MAX)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    asks_contact_consent = BooleanField(CONSENT_REQUIRED_LABEL, description=CONSENT_REQUIRED_HELP)
    answer_by = answer_by_field()

    reminder_offsets = SelectMultipleField(
        _l("Reminders to attendees"),
        choices=[SelectChoice(str(m), label) for m, label in REMINDER_OFFSET_LABELS.items()],
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l(
            "Each confirmed attendee is emailed at these times before the start, on their "
            "own clock and never at night. Tick none to send no reminders."
        ),
    )
    reminder_alarms = BooleanField(
        _l("Also add an alarm to attendees' calendars"),
        description=_l("Their calendar invite and personal feed remind them at the same times."),
    )

    HOST_ONLY = (
        "format",
        "venue",
        "online_url",
        "capacity",
        "language",
        "asks_contact_consent",
        "reminder_offsets",
        "reminder_alarms",
        "answer_by",
    )

    def for_cohost(self) -> None:
        """Drop the fields only the host changes, so they are neither shown nor read."""
        for name in self.HOST_ONLY:
            delattr(self, name)

    def without_answer_by(self) -> None:
        """Drop the answer-by date once answers are no longer collected (nothing to ask)."""
        if "answer_by" in self:
            delattr(self, "answer_by")


class CitiesForm(PlannerForm):
    """The cities the event is shown in: tick the ones to keep, type one to add."""

    version = HiddenField()
    cities = SelectMultipleField(
        _l("Show the time in"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,  # the service checks every zone and names the one at fault
    )
    add = StringField(
        _l("Also show"),
        validators=[Optional(), Length(max=ZONE_NAME_MAX)],
        filters=[_strip],
        description=_l("An IANA time zone such as America/Sao_Paulo."),
    )
