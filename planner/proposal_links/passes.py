"""Proposal passes in the browser session: who may answer which proposal without signing in.

An opened proposal link (:func:`planner.proposal_links.operations.open_link`) gives this
browser a pass for that proposal alone. It is kept in the signed session cookie beside
nothing else of the person's: the rest of the app still sees a visitor, so the pass
opens one page and its forms, never the dashboard or another event. Each request
checks it again (:func:`~planner.proposal_links.operations.pass_is_current`).
"""

from __future__ import annotations

from dataclasses import asdict

from flask import session

from planner.form_values import whole_number
from planner.models import User
from planner.proposal_links.operations import ProposalPass, pass_is_current

SESSION_KEY = "proposal_passes"
# A browser keeps the passes of this many proposals at most (the newest).
PASSES_KEPT = 10


def keep_pass(proposal_pass: ProposalPass) -> None:
    """Remember ``proposal_pass`` in this browser's session (replacing one for the same event)."""
    passes = {
        key: value
        for key, value in dict(session.get(SESSION_KEY) or {}).items()
        if key != str(proposal_pass.event_id)
    }
    passes[str(proposal_pass.event_id)] = asdict(proposal_pass)
    session[SESSION_KEY] = dict(list(passes.items())[-PASSES_KEPT:])


def forget_passes() -> None:
    """Drop every proposal pass this browser holds (signing out does)."""
    session.pop(SESSION_KEY, None)


def _stored_pass(event_id: int) -> ProposalPass | None:
    """The pass this browser holds for ``event_id``, if its stored shape is sound."""
    stored = (session.get(SESSION_KEY) or {}).get(str(event_id))
    if not isinstance(stored, dict):
        return None
    values = {name: whole_number(str(stored.get(name))) for name in ProposalPass.__annotations__}
    if any(value is None for value in values.values()):
        return None
    return ProposalPass(**values)


def pass_holder(event_id: int) -> User | None:
    """The person whose current pass for ``event_id`` this browser holds, else ``None``."""
    stored = _stored_pass(event_id)
    if stored is None or stored.event_id != event_id:
        return None
    return pass_is_current(stored)
