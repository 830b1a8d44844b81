"""Which version of an event an API change is based on: ``If-Match`` or the body's ``version``.

The ETag is the one ``api_output.event_etag`` sends: ``"v<version>-<event id>"``.
"""

from __future__ import annotations

import re

from flask import request
from flask_babel import gettext as _
from pydantic import Field

from planner.api.shapes import Query
from planner.errors import PreconditionRequired, StaleVersion, ValidationFailed

_ETAG_PATTERN = re.compile(r"^v(\d{1,9})-(\d{1,12})$")


class IfMatch(Query):
    """The precondition header of a change."""

    if_match: str | None = Field(
        default=None,
        alias="If-Match",
        description="The event's ETag; required unless the body has `version`.",
    )


def expected_version(event_id: int, from_body: int | None) -> int:
    """The version a change is based on, from ``If-Match`` or the body's ``version``.

    Every change to an event asks for it. Without either the change is refused with
    428: silently letting the last write win would lose the other person's edit. An
    ``If-Match`` that is not this event's ETag (``""`` included) is a 412, as HTTP
    prescribes.
    """
    from_header = _version_from_if_match(event_id)
    version = from_body if from_header is None else from_header
    if version is None:
        raise PreconditionRequired(
            _(
                "Say which version you are changing: send the event's ETag in an If-Match "
                "header, or its version in a “version” field."
            )
        )
    if from_body is not None and from_body != version:
        raise ValidationFailed(
            _("The If-Match header and the version field disagree."), field="version"
        )
    return version


def _version_from_if_match(event_id: int) -> int | None:
    """The version named by ``If-Match`` (``None`` when the header is absent)."""
    if "If-Match" not in request.headers or request.if_match.star_tag:
        return None  # "*" names no version, so it is treated as no precondition
    for tag in request.if_match.as_set():
        match = _ETAG_PATTERN.match(tag or "")  # If-Match: "" parses as no tag at all
        if match and int(match.group(2)) == event_id:
            return int(match.group(1))
    raise StaleVersion(_("If-Match does not name a version of this event. Fetch the event again."))
