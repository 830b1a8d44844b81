"""The date a host asks co-hosts to answer a proposal by: checked, stored, shown.

A calendar date, not an instant: "please answer by Friday" means Friday on each
co-host's own calendar, so the nudges before it go on the reader's own mornings
(:mod:`planner.reminders.answers`). A date already gone on the host's calendar is
refused; today is still fine.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from planner.core.morning import local_date
from planner.errors import ValidationFailed
from planner.models import Event, EventStatus, User, utc_now
from planner.presentation import date_text, reader_zone

FIELD = "answer_by"


def past_date_message() -> str:
    """The one sentence for an answer-by date that has gone by (beside the field)."""
    return _("The answer-by date has passed already: choose today or a later day.")


def check_answer_by(day: date | None, actor: User) -> None:
    """Refuse an answer-by date before today on the actor's calendar (none is fine)."""
    if day is not None and day < local_date(utc_now(), reader_zone(actor)):
        raise ValidationFailed(past_date_message(), field=FIELD, code="answer_by_passed")


def answer_by_value(value: object) -> str | None:
    """An answer-by date as an edit states it (a date, ISO text or nothing) as ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValidationFailed(
            _("Give the answer-by date as a date, such as 2037-03-31."), field=FIELD
        ) from None


def stored_answer_by(value: str | None) -> date | None:
    """The column's value for an answer-by date in ISO text."""
    return date.fromisoformat(value) if value else None


def answer_by_notice(event: Event) -> str | None:
    """The "Please answer by …" line in the current language, while answers are asked.

    None without a date, and once the proposal no longer collects answers.
    """
    if event.answer_by is None or event.status != EventStatus.PROPOSED:
        return None
    return _("Please answer by %(date)s.", date=date_text(event.answer_by))
