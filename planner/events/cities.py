"""The cities an event is shown in: the host adds or removes them for one event.

By default an event is shown in every co-host's office and audience zones
(:func:`planner.presentation.involved_zones`); the host may add a city ("also show
São Paulo") or remove one. The event stores only the host's differences from that
default, so an organization that later gains an audience city shows it on its events
unless the host removed it.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from planner import audit
from planner.core.cities import shown_zones
from planner.core.lifecycle import FINAL
from planner.errors import Conflict, ValidationFailed
from planner.events.access import load_event, require_host
from planner.events.common import check_version
from planner.labels import status_label
from planner.limits import SHOWN_CITIES_MAX
from planner.models import Event, User
from planner.presentation import involved_zones, office_zones
from planner.time_input import require_zone
from planner.unit_of_work import unit_of_work


def default_zones(event: Event) -> list[str]:
    """The cities the event shows before the host changes anything."""
    audiences = [zone for org in event.organizations for zone in org.audience_zones or []]
    return shown_zones(office_zones(event), audiences)


def _canonical(zones: Sequence[str], field: str) -> list[str]:
    """Each zone's canonical IANA name (422 naming ``field`` for an unknown one)."""
    return list(dict.fromkeys(require_zone(zone.strip(), field) for zone in zones if zone.strip()))


def set_shown_cities(
    actor: User, event_id: int, zones: Sequence[str], expected_version: int | None = None
) -> Event:
    """Show ``event_id`` in exactly ``zones`` (in that order after the default ones).

    Only the host's organizers change it, and not once the event is over or called
    off. At least one city, at most ``SHOWN_CITIES_MAX``.
    """
    event = load_event(actor, event_id)
    require_host(actor, event)
    if event.status in FINAL:
        raise Conflict(
            _(
                "This event is %(status)s, so this is not possible now.",
                status=status_label(event.status),
            ),
            code="invalid_transition",
            details={"status": str(event.status)},
        )
    check_version(event, expected_version)
    wanted = _canonical(zones, "cities")
    if not wanted:
        raise ValidationFailed(_("Keep at least one city."), field="cities", code="no_cities")
    if len(wanted) > SHOWN_CITIES_MAX:
        raise ValidationFailed(
            _("Show at most %(count)d cities.", count=SHOWN_CITIES_MAX),
            field="cities",
            code="too_many_cities",
        )
    default = default_zones(event)
    before = involved_zones(event)
    with unit_of_work():
        event.added_zones = [zone for zone in wanted if zone not in default]
        event.removed_zones = [zone for zone in default if zone not in wanted]
        after = involved_zones(event)
        if after != before:
            # Not ``touch``: nothing a calendar holds changed, so feeds and invites keep
            # their DTSTAMP and stay byte-identical; the audit log records the change.
            audit.record(
                actor,
                "event.cities",
                "event",
                event.id,
                event_id=event.id,
                before={"cities": before},
                after={"cities": after},
            )
    return event
