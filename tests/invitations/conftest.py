"""The invitations tests start from an embassy whose demo organizer is a plain organizer.

The demo makes that organizer the embassy's organization admin; these tests are about
who may invite when an organization has an admin and when it has none, so they make
their admins themselves (``helpers.organization_admin``).
"""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.models import Role
from tests.factories import EMBASSY, user


@pytest.fixture(autouse=True)
def embassy_without_an_admin(demo: None) -> None:
    """Within the test's transaction: the embassy's demo organizer is an organizer only."""
    user(EMBASSY).role = Role.ORGANIZER
    db.session.commit()
