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
from planner.errors import StaleVersion, TimeProblem, ValidationFailed
from planner.events import cities as event_cities
from planner.events import negotiation, presenters, scheduling
from planner.events.access import (
    available_actions,
    is_involved,
    load_event,
)
from planner.events.answer_by import answer_by_notice
from planner.events.form_input import (
    apply_field_error,
    fill_answer_rows,
    fill_speaker_zones,
    fill_zone_choices,
    form_version,
    prefill_proposal,
    proposal_input,
    show_proposal_problems,
)
from planner.events.forms import (
    ActionForm,
    AnswersForm,
    CitiesForm,
    ConfirmForm,
    CounterSlotForm,
    ProposalForm,
    ReasonForm,
)
from planner.events.negotiation import SlotAnswer, SlotInput
from planner.events.preview_input import preview_duration, preview_organizations
from planner.events.proposal_checks import proposal_problems
from planner.follow_up.operations import can_follow_up
from planner.follow_up.presenters import follow_up_view
from planner.form_values import whole_number
from planner.invitations.presenters import contact_box
from planner.labels import ACTION_LABELS, ANSWER_LABELS, STATUS_LABELS
from planner.models import Answer, EventFormat, User
from planner.organizations.operations import list_organizations
from planner.planning_flags import flag_notes
from planner.registrations.forms import RegistrationForm
from planner.registrations.presenters import registration_panel
from planner.registrations.seats import availability
from planner.time_input import require_future, require_zone, resolve_start

bp = Blueprint("events", __name__, url_prefix="/events")
FORMATS = {member.value for member in EventFormat}


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
    elif form.is_submitted() and form.format.data in FORMATS:
        # The form's own checks failed: the service's are shown with them, in this round.
        show_proposal_problems(form, proposal_problems(current_user, proposal_input(form)))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "events/new.html",
        form=form,
        preview_zones=presentation.preview_zones(organizations),
        host_zones=",".join(
            presentation.preview_zones([current_user.organization]).get(
                current_user.organization.slug, []
            )
        )
        if current_user.organization
        else "UTC",
        host_org=current_user.organization.slug if current_user.organization else "",
    ), status


@bp.get("/time-preview")
@login_required
def time_preview() -> Response:
    """JSON for the live preview: a typed time in every chosen zone, or why it is wrong.

    With ``orgs`` (slugs) and ``duration`` (minutes) it also flags weekends, public
    holidays, clock changes and hours outside someone's working day, as Find a time does.
    """
    text = request.args.get("start", "")
    try:
        zones = [require_zone(z, "zones") for z in request.args.get("zones", "").split(",") if z]
        instant = resolve_start(
            text, request.args.get("timezone"), request.args.get("choice"), "start", zones
        )
        require_future(instant, "start")  # said as you type, as the form would say it
        shown = presentation.moment(instant, [request.args.get("timezone") or "UTC", *zones])
        organizations = preview_organizations(request.args.get("orgs", ""))
        end = instant + preview_duration(request.args.get("duration"))
    except (TimeProblem, ValidationFailed) as error:
        return jsonify(
            {
                "ok": False,
                "message": error.message,
                "code": error.code,
                "choices": error.details.get("choices", []),
            }
        )
    flags = flag_notes(organizations, instant, end)
    return jsonify(
        {
            "ok": True,
            "cities": [c.__dict__ for c in shown.cities],
            "flags": [{"kind": flag.kind, "text": flag.text} for flag in flags],
        }
    )


@bp.get("/<int:event_id>")
def show(event_id: int) -> str:
    """The event page: public details, and for organizers the matrix and the actions."""
    return _event_page(event_id)


def _event_page(
    event_id: int,
    counter_form: CounterSlotForm | None = None,
    sent_answers: AnswersForm | None = None,
) -> str:
    """Render the event page, with a counter-slot or answers form sent back when given."""
    viewer = _viewer()
    event = load_event(viewer, event_id)
    actions = available_actions(viewer, event)
    locale = _locale()
    answers_form = AnswersForm(formdata=None)
    if "answer" in actions:
        fill_answer_rows(answers_form, event, viewer.organization_id, sent=sent_answers)
    if counter_form is None:
        counter_form = CounterSlotForm(formdata=None)
        if viewer is not None:
            fill_zone_choices(counter_form.timezone, viewer)
    involved = is_involved(viewer, event)
    return render_template(
        "events/show.html",
        event=event,
        page=presenters.event_page(event, viewer, locale),
        follow_up=follow_up_view(event, locale, sees_recording=involved),
        follow_up_editable=involved and can_follow_up(event),
        answer_by=answer_by_notice(event) if involved else None,
        matrix=presenters.slot_matrix(event, locale) if is_involved(viewer, event) else [],
        actions=actions,
        audit=_history(event.id, viewer, locale) if is_involved(viewer, event) else [],
        answers_form=answers_form,
        counter_form=counter_form,
        reason_form=ReasonForm(),
        action_form=ActionForm(),
        confirm_form=ConfirmForm(),
        zones_attr=",".join(presentation.involved_zones(event)),
        orgs_attr=",".join(org.slug for org in event.organizations),
        cities_form=CitiesForm(version=event.version),
        city_choices=presenters.city_choices(event, locale) if "cities" in actions else [],
        calendar_links=calendar_links(event),
        host_feed=organization_subscription(event.host, locale),
        registration=registration_panel(event, availability(event), viewer),
        registration_form=RegistrationForm.for_event(event, locale),
        contacts=contact_box(event, viewer, locale),
    )


@bp.post("/<int:event_id>/answers")
@login_required
def answer(event_id: int) -> Response | tuple[str, int]:
    """Save my organization's answers to every slot at once.

    Answers that cannot be saved (a comment too long, a character the text rule
    refuses) come back on the page with the message beside their field: a 400.
    """
    form = AnswersForm()
    if not form.validate_on_submit():
        flash(_("Your answers could not be read; please try again."), "error")
        return _event_page(event_id, sent_answers=form), 400
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
def add_slot(event_id: int) -> Response | tuple[str, int]:
    """Propose another candidate time; a refused one is shown again beside its field."""
    form = CounterSlotForm()
    fill_zone_choices(form.timezone, current_user)
    if not form.validate_on_submit():
        return _event_page(event_id, counter_form=form), 400
    try:
        negotiation.add_counter_slot(
            current_user,
            event_id,
            SlotInput(form.start.data, form.timezone.data, form.choice.data or None),
        )
    except (ValidationFailed, TimeProblem) as error:
        apply_field_error(form, error)
        return _event_page(event_id, counter_form=form), error.status_code
    flash(_("Your time was added for everyone to answer."), "success")
    return redirect(url_for("events.show", event_id=event_id) + "#matrix")


@bp.post("/<int:event_id>/cities")
@login_required
def cities(event_id: int) -> Response:
    """The host keeps, removes or adds the cities the event's times are shown in."""
    form = CitiesForm()
    if not form.validate_on_submit():
        flash(_("The cities could not be read; please try again."), "error")
        return redirect(url_for("events.show", event_id=event_id) + "#cities")
    zones = [*(form.cities.data or []), *([form.add.data] if form.add.data else [])]
    try:
        event_cities.set_shown_cities(
            current_user, event_id, zones, form_version(form.version.data)
        )
    except (ValidationFailed, TimeProblem, StaleVersion) as error:
        flash(error.message, "error")
    else:
        flash(_("The cities shown for this event are saved."), "success")
    return redirect(url_for("events.show", event_id=event_id) + "#cities")


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
