"""Registrations that look like a flood: many for one event from one client network.

Each registration made through the web form or the API keeps a keyed hash of the
network it came from (``throttle.client_key``), never the address itself. When
``FLOOD_MIN_REGISTRATIONS`` or more active registrations of an event share one, the
organizers are shown them together: a script filling the seats with made-up
addresses looks like this, and so does a whole office registering from behind one
address, which is why people decide, not the app. The host's organizers then remove
the ones they choose (``registrants.remove_registrations``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from planner.limits import FLOOD_MIN_REGISTRATIONS
from planner.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class SuspectedFlood:
    """Active registrations of one event from one client network, in registration order.

    ``number`` (1 for the largest group) is how pages and the API name the network:
    the stored key means nothing to a reader, and is better not repeated.
    """

    number: int
    registrations: list[Registration]


def suspected_floods(registrations: Iterable[Registration]) -> list[SuspectedFlood]:
    """The networks with ``FLOOD_MIN_REGISTRATIONS`` or more active registrations, largest first."""
    by_client: dict[str, list[Registration]] = defaultdict(list)
    for registration in registrations:
        if registration.client_key and registration.status != RegistrationStatus.CANCELLED:
            by_client[registration.client_key].append(registration)
    groups = [group for group in by_client.values() if len(group) >= FLOOD_MIN_REGISTRATIONS]
    for group in groups:
        group.sort(key=lambda registration: (registration.created_at, registration.id))
    groups.sort(key=lambda group: (-len(group), group[0].created_at, group[0].id))
    return [SuspectedFlood(number, group) for number, group in enumerate(groups, start=1)]
