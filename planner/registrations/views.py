"""Pages for attendees and the organizers' registrant pages.

Attendees: registering for an event (then "we have emailed you", the same page
whether the address was new or already registered), and the manage page behind the
secret link they are emailed (invite download, cancelling, a new feed address by
email). Organizers: the registrant list, its CSV export, capacity, closing
registration, and removing registrations that look like a flood.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from planner.core import timezones
from planner.errors import (
    Conflict,
    DomainError,
    StaleVersion,
    TimeProblem,
    ValidationFailed,
    field_problems,
)
from planner.events.access import load_event
from planner.events.form_input import apply_field_error, fill_zone_choices, local_input_value
from planner.follow_up.presenters import follow_up_view
from planner.form_values import whole_number
from planner.models import RegistrationStatus, User
from planner.presentation import current_locale, viewer_zone
from planner.registrations import operations as registrations
from planner.registrations import presenters, seats, throttle
from planner.registrations import registrants as registrant_service
from planner.registrations.forms import CapacityForm, DeadlineForm, RegistrationForm, RemovalForm
from planner.registrations.operations import RegistrationInput
from planner.security import PRIVATE_HEADERS

bp = Blueprint("registrations", __name__)


def _viewer() -> User | None:
    """The signed-in user, or ``None`` for a visitor."""
    return current_user if current_user.is_authenticated else None


def _show_error_on_form(form: RegistrationForm | CapacityForm, error: DomainError) -> None:
    """Put each of a service's messages next to the field it names (or above the form)."""
    for problem in field_problems(error):
        if problem.field and problem.field in form:
            if problem.message not in form[problem.field].errors:
                form[problem.field].errors = [*form[problem.field].errors, problem.message]
        elif problem.message not in form.form_errors:
            form.form_errors.append(problem.message)


def _download(filename: str, data: bytes, mimetype: str) -> Response:
    """A file the browser saves under ``filename``."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', **PRIVATE_HEADERS}
    return Response(data, mimetype=mimetype, headers=headers)


def _render_register(event_id: int, form: RegistrationForm, status: int) -> tuple[str, int]:
    """The stand-alone registration page: the event, its state and the form."""
    viewer = _viewer()
    event = load_event(viewer, event_id)
    page = render_template(
        "registrations/register.html",
        heading=presenters.event_heading(event),
        registration=presenters.registration_panel(event, seats.availability(event), viewer),
        registration_form=form,
    )
    return page, status


@bp.route("/events/<int:event_id>/register", methods=["GET", "POST"])
@throttle.registration_limits
def register(event_id: int) -> Response | tuple[str, int]:
    """Register for an event; the event page's form posts here.

    An accepted registration leads to "we have emailed you": the same for an address
    already registered (whose owner is emailed its link again), so the page never
    tells whoever typed an address whether it was registered. Errors in the form come
    back on this page (400); a closed or cancelled event is a 409 page, an unpublished
    one 404; too many registrations at once a 429 page.
    """
    event = load_event(_viewer(), event_id)
    form = RegistrationForm.for_event(event, current_locale())
    if not form.validate_on_submit():
        return _render_register(event_id, form, 400 if form.is_submitted() else 200)
    data = RegistrationInput(
        name=form.name.data,
        email=form.email.data,
        affiliation=form.affiliation.data,
        country=form.country.data or None,
        consent=form.consent.data,
        # A zone the browser got wrong is not the attendee's mistake: it is left out.
        timezone=form.timezone.data if timezones.is_valid_zone(form.timezone.data or "") else None,
        # Their emails are written in the language this page was shown in.
        locale=current_locale(),
    )
    try:
        outcome = registrations.register_attendee(event_id, data, throttle.client_key())
    except ValidationFailed as error:
        _show_error_on_form(form, error)
        return _render_register(event_id, form, 400)
    flash(_("We have sent an email to %(email)s.", email=outcome.registration.email), "success")
    return redirect(url_for("registrations.registration_sent", event_id=event_id))


@bp.get("/events/<int:event_id>/register/sent")
def registration_sent(event_id: int) -> tuple[str, int]:
    """After registering: what the email brings, and where to look for it."""
    heading = presenters.event_heading(load_event(_viewer(), event_id))
    return render_template("registrations/sent.html", heading=heading), 200


@bp.get("/registrations/<token>")
def manage(token: str) -> Response:
    """An attendee's registration: status, calendar file, cancelling, a new feed address."""
    managed = registrations.managed_registration(token)
    details = presenters.manage_details(managed)
    # The recording is for registrants: a seat holder sees it here even when the event
    # page keeps it for registrants only.
    seated = managed.registration.status == RegistrationStatus.CONFIRMED
    page = render_template(
        "registrations/manage.html",
        details=details,
        event=managed.registration.event,
        follow_up=follow_up_view(
            managed.registration.event, current_locale(), sees_recording=seated
        ),
        follow_up_editable=False,
    )
    return Response(page, mimetype="text/html", headers=PRIVATE_HEADERS)


@bp.get("/registrations/<token>/invite.ics")
def invite(token: str) -> Response:
    """The "add to calendar" file of a confirmed seat, with the join link."""
    filename, data = registrations.invite_file(token)
    return _download(filename, data, "text/calendar")


@bp.post("/registrations/<token>/cancel")
def cancel(token: str) -> Response:
    """Cancel a registration (the CSRF token comes from the manage page's form)."""
    registrations.cancel_registration(token)
    flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("registrations.manage", token=token))


def _manage_link_address() -> str:
    """The address the manage link of this request belongs to (for the mail limit)."""
    return registrations.registration_email((request.view_args or {}).get("token", ""))


@bp.post("/registrations/<token>/feed")
@throttle.attendee_mail_limits(_manage_link_address)
def new_feed_address(token: str) -> Response:
    """Email the attendee a new personal feed address; the old one stops working."""
    registration = registrations.send_new_feed_address(token)
    flash(
        _(
            "We have emailed a new feed address to %(email)s. The old address no longer works.",
            email=registration.email,
        ),
        "success",
    )
    return redirect(url_for("registrations.manage", token=token))


def _deadline_form(page: presenters.RegistrantList, **kwargs: object) -> DeadlineForm:
    """The deadline form, its zone menu preset to the event's planning zone."""
    form = DeadlineForm(**kwargs)
    fill_zone_choices(form.timezone, current_user, default=page.planning_timezone)
    if not form.is_submitted() and page.registration_deadline is not None:
        form.deadline.data = local_input_value(page.registration_deadline, form.timezone.data)
    return form


def _filled(form: CapacityForm, event_id: int) -> CapacityForm:
    """The capacity form showing the event's current seats and version."""
    page = presenters.registrant_list(registrant_service.registrants_of(current_user, event_id))
    form.capacity.data, form.version.data = page.capacity, str(page.version)
    return form


def _render_registrants(
    event_id: int,
    capacity_form: CapacityForm | None = None,
    deadline_form: DeadlineForm | None = None,
    status: int = 200,
    removal_error: str | None = None,
) -> tuple[str, int]:
    """The registrant page with its settings forms (showing their errors, if any)."""
    page = presenters.registrant_list(
        registrant_service.registrants_of(current_user, event_id), viewer_zone(current_user)
    )
    return render_template(
        "registrations/registrants.html",
        page=page,
        capacity_form=capacity_form or CapacityForm(capacity=page.capacity, version=page.version),
        deadline_form=deadline_form or _deadline_form(page),
        removal_form=RemovalForm(formdata=None),
        removal_error=removal_error,
    ), status


@bp.get("/events/<int:event_id>/registrants")
@login_required
def registrants(event_id: int) -> tuple[str, int]:
    """Who registered, with counts, and the host's registration settings."""
    return _render_registrants(event_id)


@bp.post("/events/<int:event_id>/registration/deadline")
@login_required
def set_deadline(event_id: int) -> Response | tuple[str, int]:
    """Close registration at a set time before the start (or clear that time)."""
    page = presenters.registrant_list(
        registrant_service.registrants_of(current_user, event_id), viewer_zone(current_user)
    )
    form = _deadline_form(page)
    if form.validate_on_submit():
        try:
            registrant_service.set_registration_deadline(
                current_user, event_id, form.deadline.data, form.timezone.data, form.choice.data
            )
        except (ValidationFailed, TimeProblem, Conflict) as error:
            apply_field_error(form, error)
            return _render_registrants(event_id, deadline_form=form, status=error.status_code)
        flash(_("Registration deadline saved."), "success")
        return redirect(url_for("registrations.registrants", event_id=event_id))
    return _render_registrants(event_id, deadline_form=form, status=400)


@bp.get("/events/<int:event_id>/registrants.csv")
@login_required
def registrants_csv(event_id: int) -> Response:
    """The registrant list as a CSV file for Excel."""
    filename, data = presenters.registrants_csv(
        registrant_service.registrants_of(current_user, event_id), viewer_zone(current_user)
    )
    return _download(filename, data, "text/csv")


@bp.post("/events/<int:event_id>/capacity")
@login_required
def set_capacity(event_id: int) -> Response | tuple[str, int]:
    """Change the number of seats; new seats go to the waitlist."""
    form = CapacityForm()
    if not form.validate_on_submit():
        return _render_registrants(event_id, capacity_form=form, status=400)
    try:
        promoted = registrant_service.set_capacity(
            current_user, event_id, form.capacity.data, whole_number(form.version.data) or 0
        )
    except StaleVersion:
        # Someone changed the seats since this page was opened: show theirs, keep nothing
        # half-done, and let the organizer save again knowingly.
        fresh = CapacityForm(formdata=None)
        fresh.form_errors.append(
            _("Someone else changed the number of seats meanwhile; it is shown below.")
        )
        return _render_registrants(
            event_id, capacity_form=_filled(fresh, event_id), status=StaleVersion.page_status_code
        )
    except (ValidationFailed, Conflict) as error:
        _show_error_on_form(form, error)
        return _render_registrants(event_id, capacity_form=form, status=error.status_code)
    flash(_("Capacity saved."), "success")
    if promoted:
        flash(
            _("%(count)d people moved from the waitlist to a seat.", count=len(promoted)),
            "info",
        )
    return redirect(url_for("registrations.registrants", event_id=event_id))


@bp.post("/events/<int:event_id>/registration/close")
@login_required
def close_registration(event_id: int) -> Response:
    """Stop taking registrations."""
    registrant_service.close_registration(current_user, event_id)
    flash(_("Registration is closed."), "success")
    return redirect(url_for("registrations.registrants", event_id=event_id))


@bp.post("/events/<int:event_id>/registration/reopen")
@login_required
def reopen_registration(event_id: int) -> Response:
    """Take registrations again."""
    registrant_service.reopen_registration(current_user, event_id)
    flash(_("Registration is open again."), "success")
    return redirect(url_for("registrations.registrants", event_id=event_id))


@bp.post("/events/<int:event_id>/registrants/remove")
@login_required
def remove_registrants(event_id: int) -> Response | tuple[str, int]:
    """Remove the chosen registrations (a flood), after a confirmation page.

    The list's checkboxes post here first and get the confirmation page, which posts
    the same choice again with ``confirmed``; only then are they removed.
    """
    form = RemovalForm()
    chosen = (form.registration.data or []) if form.validate_on_submit() else []
    page = presenters.registrant_list(
        registrant_service.registrants_of(current_user, event_id), viewer_zone(current_user)
    )
    if page.can_remove and not form.confirmed.data:
        rows = presenters.chosen_rows(page, chosen)
        if not rows:
            message = _("Choose the registrations to remove.")
            return _render_registrants(event_id, removal_error=message, status=400)
        return render_template(
            "registrations/remove.html", page=page, rows=rows, removal_form=form
        ), 200
    try:  # the operation refuses whoever may not remove, and when nobody may
        removal = registrant_service.remove_registrations(current_user, event_id, chosen)
    except (ValidationFailed, Conflict) as error:
        return _render_registrants(event_id, removal_error=error.message, status=error.status_code)
    flash(
        ngettext(
            "%(num)d registration removed.", "%(num)d registrations removed.", len(removal.removed)
        ),
        "success",
    )
    if removal.promoted:
        flash(
            _("%(count)d people moved from the waitlist to a seat.", count=len(removal.promoted)),
            "info",
        )
    return redirect(url_for("registrations.registrants", event_id=event_id))
