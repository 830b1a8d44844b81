"""Which cities an event is shown in: its organizers' offices, their audiences, the host's picks.

Pure module. An organization has the zone its staff work in (its office) and the zones
of the people it speaks for (its audience: the Royal Danish Embassy works in Tokyo and
speaks for Copenhagen). An event is shown in every co-host's office and audience zone,
plus the cities its host added, minus those the host removed. Only the office zones
are used for working-hours checks; the audience zones are for reading the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def shown_zones(
    office_zones: Sequence[str],
    audience_zones: Iterable[str],
    added: Iterable[str] = (),
    removed: Iterable[str] = (),
) -> list[str]:
    """Offices first (host first), then audiences, then the host's additions, minus removals.

    Repeats are dropped with the first position kept. Removing every city would
    leave nothing to read the time in, so the first office zone then stays.
    """
    gone = set(removed)
    ordered = dict.fromkeys([*office_zones, *audience_zones, *added])
    zones = [zone for zone in ordered if zone not in gone]
    return zones or list(office_zones[:1])
