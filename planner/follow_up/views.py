"""The organizers' page for an event's follow-up material."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.errors import ValidationFailed
from planner.events.access import load_event, require_involved
from planner.follow_up import operations
from planner.follow_up.forms import FollowUpForm
from planner.form_base import show_error_beside_field
from planner.presentation import current_locale

bp = Blueprint("follow_up", __name__, url_prefix="/events")


@bp.route("/<int:event_id>/follow-up", methods=["GET", "POST"])
@login_required
def edit(event_id: int) -> str | Response | tuple[str, int]:
    """Share (or change) the note, slides and recording after the event."""
    event = load_event(current_user, event_id)
    require_involved(current_user, event)
    current = operations.follow_up_of(event)
    form = FollowUpForm(obj=current)
    status = 200
    if form.validate_on_submit():
        try:
            operations.save_follow_up(
                current_user,
                event.id,
                operations.FollowUpInput(
                    note_en=form.note_en.data or "",
                    note_ja=form.note_ja.data or "",
                    slides_url=form.slides_url.data or "",
                    recording_url=form.recording_url.data or "",
                    recording_for_registrants=form.recording_for_registrants.data,
                ),
            )
        except ValidationFailed as error:
            show_error_beside_field(form, error)
            status = 400
        else:
            flash(_("The follow-up material is shared."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    elif form.is_submitted():
        status = 400
    return (
        render_template(
            "follow_up/edit.html",
            form=form,
            event=event,
            title=event.title(current_locale()),
            ready=operations.can_follow_up(event),
            emailed=current is not None and current.emailed_at is not None,
        ),
        status,
    )
