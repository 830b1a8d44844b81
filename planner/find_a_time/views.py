"""The "Find a time" page: when the chosen organizations' working days overlap.

Public: it shows only what the API shows (organizations' zones and working hours). The
page is a GET form, complete without JavaScript. The planning service computes; the
presenters turn its plain values into what the template draws.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from planner.errors import ValidationFailed
from planner.find_a_time.forms import FindTimeForm
from planner.find_a_time.presenters import axis_choice_label, plan_page
from planner.find_a_time.service import (
    SharedTimePlan,
    find_shared_time,
)
from planner.limits import SUGGESTION_MINUTES_DEFAULT
from planner.organizations.operations import list_organizations
from planner.presentation import organization_choices, viewer_zone

bp = Blueprint("find_a_time", __name__)

DEFAULT_ORGANIZATIONS = ("link-j", "dk-cluster")
DEFAULT_DAYS = 14
PAGE_MAX_DAYS = 62
# The service names API parameters; the page's fields are named a little differently.
FORM_FIELD_BY_PARAMETER = {
    "orgs": "orgs",
    "zones": "orgs",
    "from": "first",
    "to": "last",
    "duration": "duration",
    "hours": "hours",
}
AXIS_EXTRA_ZONES = ("UTC",)


@bp.get("/find-a-time")
def find_a_time() -> tuple[str, int]:
    """Show the form and, for a valid choice, the overlap day by day and suggestions."""
    organizations = list_organizations()
    slugs_in_order = [organization.slug for organization in organizations]
    locale = str(get_locale() or "en")
    today = datetime.now(UTC).date()
    own_zone = viewer_zone(current_user)
    defaults = {
        "orgs": [slug for slug in slugs_in_order if slug in DEFAULT_ORGANIZATIONS],
        "first": today,
        "last": today + timedelta(days=DEFAULT_DAYS - 1),
        "duration": SUGGESTION_MINUTES_DEFAULT,
        "axis": own_zone,
    }
    submitted = bool(request.args)
    form = FindTimeForm(formdata=request.args if submitted else None, data=defaults)
    form.orgs.choices = organization_choices(organizations, locale)
    axis_zones = list(
        dict.fromkeys(
            [*([own_zone] if own_zone else []), *(o.timezone for o in organizations)]
            + list(AXIS_EXTRA_ZONES)
        )
    )
    form.axis.choices = [SelectChoice(zone, axis_choice_label(zone, locale)) for zone in axis_zones]
    plan, failed = None, False
    if submitted or form.orgs.data:
        plan = _plan_for(form, slugs_in_order)
        failed = plan is None
    context = {}
    if plan:
        # No zone of their own (a visitor): the days' own zone, the first organization's.
        form.axis.data = form.axis.data or plan.reference_zone
        context = plan_page(plan, locale, form.axis.data)
    page = render_template("find_a_time/find_a_time.html", form=form, plan=plan, **context)
    return page, 400 if failed else 200


def _plan_for(form: FindTimeForm, slugs_in_order: list[str]) -> SharedTimePlan | None:
    """Validate the form and plan; on a refusal, show it on its field and return None."""
    valid = form.validate()
    offered = {choice.value for choice in form.axis.choices}
    if form.axis.data and form.axis.data not in offered:
        form.axis.errors = [*form.axis.errors, _("Choose one of the zones in the list.")]
        valid = False
    if not valid:
        return None
    # Choice order, not submission order: the first organization sets the reference
    # zone, which must not flip between the first visit and a resubmission.
    chosen = [slug for slug in slugs_in_order if slug in form.orgs.data]
    try:
        return find_shared_time(
            form.first.data,
            form.last.data,
            org_slugs=chosen,
            duration_minutes=form.duration.data,
            hours=form.hours.data,
            max_days=PAGE_MAX_DAYS,
        )
    except ValidationFailed as error:
        _show_field_error(form, error)
        return None


def _show_field_error(form: FindTimeForm, error: ValidationFailed) -> None:
    """Put the service's message next to the form field its parameter stands for."""
    field = getattr(form, FORM_FIELD_BY_PARAMETER.get(error.field or "", "orgs"))
    field.errors = [*field.errors, error.message]
