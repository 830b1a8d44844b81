"""The time-zone menu every form offers: our organizations' zones first, then all common ones.

Event forms, the account page, the admin's account form and speaker rows show the
same menu, so a zone is chosen the same way everywhere (and never mistyped).
"""

from __future__ import annotations

import pytz
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

# Zones offered first in every time-zone menu: where our organizations work.
PREFERRED_ZONES = ("Asia/Tokyo", "Europe/Copenhagen", "UTC")


def zone_choices(first: str | None = None, blank: str | None = None) -> list[SelectChoice]:
    """Every common zone, ``first`` and ours at the top; ``blank`` labels an empty choice."""
    ordered = list(dict.fromkeys([*([first] if first else []), *PREFERRED_ZONES]))
    ordered += [zone for zone in pytz.common_timezones if zone not in ordered]
    choices = [SelectChoice(zone, zone.replace("_", " ")) for zone in ordered]
    return [SelectChoice("", blank), *choices] if blank is not None else choices


def fill_optional_zone(field: SelectField, blank: str, stored: str | None = None) -> None:
    """A menu where "none" is a choice: ``blank`` first, the stored zone kept if unusual.

    A zone stored before the menu existed (any IANA name) stays offered, so saving the
    form never changes it unasked.
    """
    field.choices = zone_choices(stored, blank=blank)
    if field.data is None or field.data == "None":
        field.data = stored or ""
