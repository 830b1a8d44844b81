"""Translated names of event states, shared by services' messages and the pages."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "proposed": _l("Proposed"),
    "confirmed": _l("Confirmed"),
    "published": _l("Published"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "cancelled": _l("Cancelled"),
    "completed": _l("Completed"),
}


# The same states as words inside a sentence ("This event is proposed, so ...").
STATE_WORDS = {
    "draft": _l("draft"),
    "proposed": _l("proposed"),
    "confirmed": _l("confirmed"),
    "published": _l("published"),
    "declined": _l("declined"),
    "withdrawn": _l("withdrawn"),
    "cancelled": _l("cancelled"),
    "completed": _l("completed"),
}


def status_label(status: str) -> str:
    """The state as a word for a sentence in the interface language ("提案中")."""
    return str(STATE_WORDS.get(str(status), status))
