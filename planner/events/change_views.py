"""Event pages that change an agreed event: edit details, reschedule, publish, cancel.

Publishing and cancelling tell many people at once, so each has a page of its own that
shows what will happen (and works without JavaScript) before the button that does it.
Edits and reschedules state every field they show and the version they were opened at;
the operations merge them with whatever was saved meanwhile, and a field two organizers
changed differently comes back side by side for this organizer to choose.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner import presentation
from planner.core.lifecycle import NEGOTIABLE
from planner.errors import Conflict, EditConflict, StaleVersion, TimeProblem, ValidationFailed
from planner.events import change_presenters, editing, presenters, scheduling
from planner.events.access import ensure_available, is_host, load_event
from planner.events.edit_input import (
    cancellation_reason,
    fill_edit_form,
    prefill_reschedule,
    refill_reschedule,
    reschedule_input,
    stated_details,
)
from planner.events.form_input import (
    apply_field_error,
    fill_speaker_zones,
    fill_zone_choices,
    form_version,
)
from planner.events.forms import ActionForm, CancelForm, EditDetailsForm, RescheduleForm
from planner.events.mail import registrations_of
from planner.events.revisions import editable_values
from planner.events.views import bp
from planner.models import Event, RegistrationStatus
from planner.notifications.messages import organizer_readers


def _locale() -> str:
    """The interface language code."""
    return presentation.current_locale()


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int) -> str | Response | tuple[str, int]:
    """Edit the texts (host and co-hosts) and the practical details (host)."""
    event = load_event(current_user, event_id)
    ensure_available(current_user, event, "edit")
    form = EditDetailsForm()
    if not is_host(current_user, event):
        form.for_cohost()
    if event.status not in NEGOTIABLE:
        form.without_answer_by()
    if request.method == "GET":
        fill_edit_form(form, event, editable_values(event))
    clashes: list[change_presenters.Clash] = []
    status = 200
    if form.validate_on_submit():
        try:
            editing.update_event_details(
                current_user,
                event_id,
                stated_details(form, request.form),
                form_version(form.version.data),
            )
        except EditConflict as error:
            event = load_event(current_user, event_id)
            clashes = change_presenters.clashes(event, error.details)
            _show_merged(form, event, error)
            status = error.page_status_code
        except StaleVersion as error:
            # Saved at the very same moment, or from a form of no known version: the
            # form keeps the version it came with, so sending it again merges from
            # there (or is refused again) and never writes back what it did not see.
            form.form_errors.append(error.message)
            status = error.page_status_code
        except (ValidationFailed, Conflict) as error:
            apply_field_error(form, error)
            status = error.status_code
        else:
            flash(_("Details saved."), "success")
            return redirect(url_for("events.show", event_id=event_id))
    elif form.is_submitted():
        status = 400
    fill_speaker_zones(form)
    return render_template("events/edit.html", event=event, form=form, clashes=clashes), status


def _show_merged(form: EditDetailsForm, event: Event, error: EditConflict) -> None:
    """After a conflict: everyone else's saved values, and this organizer's own changes.

    Fields only someone else changed now show their value (so saving again cannot put
    the old one back); fields this organizer changed keep what they typed, the
    clashing ones too, with the other value shown beside them for choosing.
    """
    fill_edit_form(form, event, _merged_values(event, error))


def _merged_values(event: Event, error: EditConflict) -> dict:
    """The saved values, with this organizer's own changes and clashing values on top."""
    merged = editable_values(event)
    merged.update(error.details["changes"])
    merged.update({item["field"]: item["yours"] for item in error.details["conflicts"]})
    return merged


@bp.route("/<int:event_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(event_id: int) -> str | Response | tuple[str, int]:
    """Move an agreed event, keeping every detail the organizer does not change."""
    event = load_event(current_user, event_id)
    ensure_available(current_user, event, "reschedule")
    form = RescheduleForm()
    fill_zone_choices(form.timezone, current_user, default=event.planning_timezone)
    if request.method == "GET":
        prefill_reschedule(form, event)
    clashes: list[change_presenters.Clash] = []
    status = 200
    if form.validate_on_submit():
        try:
            change, version = reschedule_input(form, request.form)
            scheduling.reschedule_event(current_user, event_id, change, version)
        except (ValidationFailed, TimeProblem) as error:
            apply_field_error(form, error)
            status = error.status_code
        except EditConflict as error:
            # Keep the typed time; show the other organizer's saved details with this
            # one's own changes, so that sending it again cannot undo theirs.
            event = load_event(current_user, event_id)
            clashes = change_presenters.clashes(event, error.details)
            refill_reschedule(form, event, _merged_values(event, error))
            status = error.page_status_code
        except StaleVersion as error:
            form.form_errors.append(error.message)  # the version stays: see ``edit``
            status = error.page_status_code
        else:
            flash(_("Rescheduled. Co-hosts and attendees received updated invites."), "success")
            return redirect(url_for("events.show", event_id=event_id))
    elif form.is_submitted():
        status = 400
    return render_template(
        "events/reschedule.html",
        event=event,
        form=form,
        clashes=clashes,
        page=presenters.event_page(event, current_user, _locale()),
        zones_attr=",".join(presentation.involved_zones(event)),
        orgs_attr=",".join(org.slug for org in event.organizations),
    ), status


@bp.route("/<int:event_id>/publish", methods=["GET", "POST"])
@login_required
def publish(event_id: int) -> str | Response:
    """A last look at the public texts in both languages, then publish."""
    event = load_event(current_user, event_id)
    ensure_available(current_user, event, "publish")
    form = ActionForm()
    if form.validate_on_submit():
        scheduling.publish_event(current_user, event_id)
        flash(_("The event is now public."), "success")
        return redirect(url_for("events.show", event_id=event_id))
    return render_template(
        "events/publish.html",
        event=event,
        form=form,
        preview=change_presenters.publish_preview(event),
    )


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(event_id: int) -> str | Response | tuple[str, int]:
    """Ask before calling the event off, with a reason attendees read."""
    event = load_event(current_user, event_id)
    ensure_available(current_user, event, "cancel")
    form = CancelForm()
    if form.validate_on_submit():
        scheduling.cancel_event(current_user, event_id, cancellation_reason(form))
        flash(_("The event is cancelled and everyone involved has been told."), "success")
        return redirect(url_for("events.show", event_id=event_id))
    audience = change_presenters.CancelAudience(
        title=event.title(_locale()),
        organizers=len(organizer_readers(event, [org.id for org in event.organizations])),
        attendees=len(registrations_of(event, RegistrationStatus.CONFIRMED)),
        waitlisted=len(registrations_of(event, RegistrationStatus.WAITLISTED)),
    )
    return render_template(
        "events/cancel.html", event=event, form=form, audience=audience
    ), 400 if form.is_submitted() else 200
