"""A user's own settings: interface language, personal time zone and digest."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete

from planner import audit
from planner.core.enums import ReminderKind
from planner.errors import ValidationFailed
from planner.extensions import db
from planner.models import MailOptOut, User
from planner.reminders.digests import DIGEST_CHOICES
from planner.time_input import require_known_zone
from planner.unit_of_work import unit_of_work


def update_preferences(
    actor: User, locale: str, timezone: str | None, digest: str | None = None
) -> User:
    """Save the actor's language, time zone and digest (an empty zone means "my organization's").

    The zone is stored by its canonical IANA name; an unknown one is refused on the
    ``timezone`` field. ``digest`` ("off", "daily", "weekly"; None keeps it): choosing a
    digest here also undoes turning digests off from a digest's own link.
    """
    if locale not in current_app.config["SUPPORTED_LOCALES"]:
        raise ValidationFailed(_("Choose English or Japanese."), field="locale")
    zone = (timezone or "").strip() or None
    if zone is not None:
        require_known_zone(zone, "timezone")
    digest = actor.digest if digest is None else digest
    if digest not in DIGEST_CHOICES:
        raise ValidationFailed(_("Choose off, daily or weekly."), field="digest")
    with unit_of_work():
        before = {"locale": actor.locale, "timezone": actor.timezone, "digest": actor.digest}
        actor.locale = locale
        actor.timezone = zone
        actor.digest = digest
        if digest != "off":
            db.session.execute(
                delete(MailOptOut).where(
                    MailOptOut.email == actor.email, MailOptOut.kind == str(ReminderKind.DIGEST)
                )
            )
        after = {"locale": locale, "timezone": zone, "digest": digest}
        old, new = audit.changed_fields(before, after)
        if new:
            audit.record(actor, "user.preferences", "user", actor.id, before=old, after=new)
    return actor
