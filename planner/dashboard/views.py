"""The organizer's dashboard."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from planner import presentation
from planner.dashboard.queries import dashboard_for
from planner.events import presenters

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@login_required
def index() -> str:
    """Proposals waiting for my organization, negotiations, drafts and upcoming events."""
    board = dashboard_for(current_user)
    locale = presentation.current_locale()

    def summaries(events: list) -> list[presenters.EventSummary]:
        return [presenters.event_summary(event, locale) for event in events]

    return render_template(
        "dashboard/index.html",
        counts=board.counts,
        board={
            "awaiting_my_answer": summaries(board.awaiting_my_answer),
            "awaiting_partners": summaries(board.awaiting_partners),
            "drafts": summaries(board.drafts),
            "upcoming": summaries(board.upcoming),
            "closed": summaries(board.closed),
        },
    )
