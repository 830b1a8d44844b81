"""Event pages for organizers: propose, answer, counter-propose, confirm, publish, and on.

Each view parses its form, calls one service, and either redirects to the event page
or shows the form again with the service's message next to the field it names (and
what was typed kept). Actions that are not available are not offered on the page; if
one is sent anyway, the service refuses it (403, 404 or 409).
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner import presentation
from planner.audit import entries_for_event, references
from planner.calendars.links import calendar_links, organization_subscription
from planner.errors import Conflict, StaleVersion, TimeProblem, ValidationFailed
from planner.events import negotiation, presenters, scheduling
from planner.events.access import (
    available_actions,
    ensure_available,
    is_involved,
    load_event,
)
from planner.events.common import event_snapshot
from planner.events.form_input import (
    apply_field_error,
    fill_answer_rows,
    fill_speaker_zones,
    fill_zone_choices,
    form_version,
    local_input_value,
    prefill_proposal,
    proposal_input,
    reschedule_input,
)
from planner.events.forms import (
    ActionForm,
    AnswersForm,
    ConfirmForm,
    CounterSlotForm,
    EditDetailsForm,
    ProposalForm,
    ReasonForm,
    RescheduleForm,
)
from planner.events.negotiation import SlotAnswer, SlotInput
from planner.events.scheduling import EventDetails
from planner.form_values import whole_number
from planner.labels import ACTION_LABELS, ANSWER_LABELS, STATUS_LABELS
from planner.models import Answer, EventFormat, User
from planner.organizations.operations import list_organizations
from planner.registrations.forms import RegistrationForm
from planner.registrations.presenters import registration_panel
from planner.registrations.seats import availability
from planner.time_input import require_zone, resolve_start

bp = Blueprint("events", __name__, url_prefix="/events")


@bp.app_context_processor
def event_labels() -> dict:
    """Translated labels for states, answers and actions, for every template."""
    return {
        "status_labels": STATUS_LABELS,
        "answer_labels": ANSWER_LABELS,
        "action_labels": ACTION_LABELS,
    }


def _viewer() -> object | None:
    """The signed-in user, or ``None`` for a visitor."""
    return current_user if current_user.is_authenticated else None


def _locale() -> str:
    """The interface language code."""
    return presentation.current_locale()


def _history(event_id: int, viewer: User, locale: str) -> list[presenters.HistoryLine]:
    """The event's audit entries as sentences, with what they refer to loaded once."""
    entries = entries_for_event(event_id)
    return presenters.audit_lines(entries, references(entries), viewer, locale)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """The proposal form; 'Save as draft' keeps it, 'Send proposal' sends it."""
    form = ProposalForm()
    organizations = [o for o in list_organizations() if o.id != current_user.organization_id]
    form.cohosts.choices = presentation.organization_choices(organizations, _locale())
    fill_zone_choices(form.timezone, current_user)
    fill_speaker_zones(form)
    if request.method == "GET":
        prefill_proposal(form, request.args, current_user)
    if form.validate_on_submit():
        try:
            event = negotiation.propose_event(current_user, proposal_input(form))
        except (ValidationFailed, TimeProblem) as error:
            apply_field_error(form, error)
        else:
            if event.status == "draft":
                flash(_("Draft saved. Send it to the co-hosts when it is ready."), "success")
            else:
                flash(_("Proposal sent to the co-hosts."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "events/new.html",
        form=form,
        preview_zones=presentation.preview_zones(organizations),
        host_zone=current_user.organization.timezone if current_user.organization else "UTC",
    ), status


@bp.get("/time-preview")
@login_required
def time_preview() -> Response:
    """JSON for the live preview: a typed time in every chosen zone, or why it is wrong."""
    text = request.args.get("start", "")
    try:
        zones = [require_zone(z, "zones") for z in request.args.get("zones", "").split(",") if z]
        instant = resolve_start(
            text, request.args.get("timezone"), request.args.get("choice"), "start"
        )
        shown = presentation.moment(instant, [request.args.get("timezone") or "UTC", *zones])
    except (TimeProblem, ValidationFailed) as error:
        return jsonify(
            {
                "ok": False,
                "message": error.message,
                "code": error.code,
                "choices": error.details.get("choices", []),
            }
        )
    return jsonify({"ok": True, "cities": [c.__dict__ for c in shown.cities]})


@bp.get("/<int:event_id>")
def show(event_id: int) -> str:
    """The event page: public details, and for organizers the matrix and the actions."""
    viewer = _viewer()
    event = load_event(viewer, event_id)
    actions = available_actions(viewer, event)
    locale = _locale()
    answers_form = AnswersForm()
    if "answer" in actions:
        fill_answer_rows(answers_form, event, viewer.organization_id)
    counter_form = CounterSlotForm()
    reschedule_form = RescheduleForm(version=event.version)
    if viewer is not None:
        fill_zone_choices(counter_form.timezone, viewer)
        fill_zone_choices(reschedule_form.timezone, viewer, default=event.planning_timezone)
    return render_template(
        "events/show.html",
        event=event,
        page=presenters.event_page(event, viewer, locale),
        matrix=presenters.slot_matrix(event, locale) if is_involved(viewer, event) else [],
        actions=actions,
        audit=_history(event.id, viewer, locale) if is_involved(viewer, event) else [],
        answers_form=answers_form,
        counter_form=counter_form,
        reschedule_form=reschedule_form,
        reason_form=ReasonForm(),
        action_form=ActionForm(),
        confirm_form=ConfirmForm(),
        zones_attr=",".join(presentation.involved_zones(event)),
        calendar_links=calendar_links(event),
        host_feed=organization_subscription(event.host, locale),
        registration=registration_panel(event, availability(event), viewer),
        registration_form=RegistrationForm.for_event(event, locale),
    )


@bp.post("/<int:event_id>/answers")
@login_required
def answer(event_id: int) -> Response:
    """Save my organization's answers to every slot at once."""
    form = AnswersForm()
    if not form.validate_on_submit():
        flash(_("Your answers could not be read; please try again."), "error")
        return redirect(url_for("events.show", event_id=event_id))
    answers = [
        SlotAnswer(whole_number(row.slot_id.data), Answer(row.answer.data), row.comment.data or "")
        for row in form.rows
        if row.answer.data and whole_number(row.slot_id.data) is not None
    ]
    if answers:
        negotiation.answer_slots(current_user, event_id, answers)
    flash(
        _("%(count)d answers saved.", count=len(answers))
        if answers
        else _("Choose an answer first."),
        "success" if answers else "warning",
    )
    return redirect(url_for("events.show", event_id=event_id) + "#matrix")


@bp.post("/<int:event_id>/slots")
@login_required
def add_slot(event_id: int) -> Response:
    """Propose another candidate time."""
    form = CounterSlotForm()
    fill_zone_choices(form.timezone, current_user)
    if form.validate_on_submit():
        try:
            negotiation.add_counter_slot(
                current_user,
                event_id,
                SlotInput(form.start.data, form.timezone.data, form.choice.data or None),
            )
        except (ValidationFailed, TimeProblem) as error:
            flash(error.message, "error")
        else:
            flash(_("Your time was added for everyone to answer."), "success")
    else:
        flash(_("Type a date and time."), "error")
    return redirect(url_for("events.show", event_id=event_id) + "#matrix")


@bp.post("/<int:event_id>/confirm")
@login_required
def confirm(event_id: int) -> Response:
    """Fix the agreed slot."""
    form = ConfirmForm()
    slot_id = whole_number(form.slot_id.data)
    if form.validate_on_submit() and slot_id is not None:
        scheduling.confirm_slot(current_user, event_id, slot_id)
        flash(_("Time confirmed. The co-hosts received calendar invites."), "success")
    return redirect(url_for("events.show", event_id=event_id))


def _simple_action(event_id: int, run: object, message: str) -> Response:
    """Run a one-button action (publish, submit, withdraw) after checking CSRF."""
    if ActionForm().validate_on_submit():
        run(current_user, event_id)  # type: ignore[operator]
        flash(message, "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/submit")
@login_required
def submit(event_id: int) -> Response:
    """Send a draft to the co-hosts."""
    return _simple_action(event_id, negotiation.submit_proposal, _("Proposal sent."))


@bp.post("/<int:event_id>/publish")
@login_required
def publish(event_id: int) -> Response:
    """Make a confirmed event public."""
    return _simple_action(event_id, scheduling.publish_event, _("The event is now public."))


@bp.post("/<int:event_id>/withdraw")
@login_required
def withdraw(event_id: int) -> Response:
    """Take back a draft or proposal."""
    return _simple_action(event_id, negotiation.withdraw_proposal, _("Proposal withdrawn."))


@bp.post("/<int:event_id>/decline")
@login_required
def decline(event_id: int) -> Response:
    """Turn the proposal down for my organization."""
    form = ReasonForm()
    if form.validate_on_submit():
        negotiation.decline_proposal(current_user, event_id, form.reason.data or "")
        flash(_("You declined the proposal."), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/cancel")
@login_required
def cancel(event_id: int) -> Response:
    """Call the event off; everyone involved is told."""
    form = ReasonForm()
    if form.validate_on_submit():
        scheduling.cancel_event(current_user, event_id, form.reason.data or "")
        flash(_("The event is cancelled and everyone involved has been told."), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.route("/<int:event_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(event_id: int) -> str | Response | tuple[str, int]:
    """Move an agreed event to a new time (and place or link)."""
    event = load_event(current_user, event_id)
    ensure_available(current_user, event, "reschedule")
    form = RescheduleForm(version=event.version)
    fill_zone_choices(form.timezone, current_user, default=event.planning_timezone)
    status = 200
    if form.validate_on_submit():
        try:
            change, version = reschedule_input(form)
            scheduling.reschedule_event(current_user, event_id, change, version)
        except (ValidationFailed, TimeProblem) as error:
            apply_field_error(form, error)
            status = error.status_code
        except StaleVersion as error:
            # The event moved (or changed) since this form was opened, or at the same
            # moment: say so, keep the typed time, and let the organizer send it again
            # knowingly, from the version saved now.
            form.form_errors.append(error.message)
            event = load_event(current_user, event_id)
            form.version.data = str(event.version)
            status = error.page_status_code
        else:
            flash(_("Rescheduled. Co-hosts and attendees received updated invites."), "success")
            return redirect(url_for("events.show", event_id=event_id))
    elif form.is_submitted():
        status = 400
    if request.method == "GET" and event.start_utc is not None:
        form.start.data = local_input_value(event.start_utc, form.timezone.data)
    return render_template(
        "events/reschedule.html",
        event=event,
        form=form,
        page=presenters.event_page(event, current_user, _locale()),
        zones_attr=",".join(presentation.involved_zones(event)),
    ), status


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int) -> str | Response | tuple[str, int]:
    """Edit the title, description and other details; a stale form shows what changed."""
    event = load_event(current_user, event_id)
    ensure_available(current_user, event, "edit")
    form = EditDetailsForm(obj=event, version=event.version)
    conflict = None
    if form.validate_on_submit():
        details = EventDetails(
            title_en=form.title_en.data,
            title_ja=form.title_ja.data,
            description_en=form.description_en.data or "",
            description_ja=form.description_ja.data,
            format=EventFormat(form.format.data),
            capacity=form.capacity.data,
            language=form.language.data,
        )
        try:
            scheduling.update_event_details(
                current_user, event_id, details, form_version(form.version.data)
            )
        except (ValidationFailed, Conflict) as error:
            apply_field_error(form, error)
        except StaleVersion:
            # Keep what this organizer typed and show, field by field, what the other
            # edit changed; the new version lets them save again on purpose.
            event = load_event(current_user, event_id)
            conflict = presenters.edit_conflict(event_snapshot(event), details)
            form.version.data = str(event.version)
        else:
            flash(_("Details saved."), "success")
            return redirect(url_for("events.show", event_id=event_id))
    stale = StaleVersion.page_status_code
    status = 200 if not form.is_submitted() else (stale if conflict is not None else 400)
    return render_template("events/edit.html", event=event, form=form, conflict=conflict), status
