"""Reading the live time preview's extra parameters: which organizations, how long."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _

from planner.errors import ValidationFailed
from planner.form_values import whole_number
from planner.limits import DURATION_MINUTES_MAX, DURATION_MINUTES_MIN
from planner.models import Organization
from planner.organizations.operations import list_organizations


def preview_organizations(slugs_text: str) -> list[Organization]:
    """The organizations named in the preview's ``orgs`` (slugs), in the order given."""
    slugs = list(dict.fromkeys(slug.strip() for slug in slugs_text.split(",") if slug.strip()))
    by_slug = {org.slug: org for org in list_organizations()}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        raise ValidationFailed(
            _("There is no organization called %(slug)s.", slug=unknown[0]), field="orgs"
        )
    return [by_slug[slug] for slug in slugs]


def preview_duration(text: str | None) -> timedelta:
    """The preview's ``duration`` in minutes (an hour when not given)."""
    if not text:
        return timedelta(minutes=60)
    minutes = whole_number(text)
    if minutes is None or not DURATION_MINUTES_MIN <= minutes <= DURATION_MINUTES_MAX:
        raise ValidationFailed(
            _(
                "The duration must be between %(low)d and %(high)d minutes.",
                low=DURATION_MINUTES_MIN,
                high=DURATION_MINUTES_MAX,
            ),
            field="duration",
        )
    return timedelta(minutes=minutes)
