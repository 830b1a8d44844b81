"""A user's own settings: interface language and personal time zone."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from planner import audit
from planner.errors import ValidationFailed
from planner.models import User
from planner.time_input import require_known_zone
from planner.unit_of_work import unit_of_work


def update_preferences(actor: User, locale: str, timezone: str | None) -> User:
    """Save the actor's language and time zone (an empty zone means "my organization's").

    The zone is stored by its canonical IANA name; an unknown one is refused on the
    ``timezone`` field.
    """
    if locale not in current_app.config["SUPPORTED_LOCALES"]:
        raise ValidationFailed(_("Choose English or Japanese."), field="locale")
    zone = (timezone or "").strip() or None
    if zone is not None:
        require_known_zone(zone, "timezone")
    with unit_of_work():
        before = {"locale": actor.locale, "timezone": actor.timezone}
        actor.locale = locale
        actor.timezone = zone
        old, new = audit.changed_fields(before, {"locale": locale, "timezone": zone})
        if new:
            audit.record(actor, "user.preferences", "user", actor.id, before=old, after=new)
    return actor
