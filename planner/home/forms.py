"""The home page's filter form."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from planner.form_base import PlannerForm
from planner.home.presenters import FilterChoices
from planner.home.queries import EventFilters
from planner.models import EventFormat


class EventFilterForm(PlannerForm):
    """The home page's filters, sent by GET; choices come from the presenters."""

    class Meta:
        """A GET form changes nothing, so it needs no CSRF token."""

        csrf = False

    organization = SelectField(_l("Organization"), default="")
    format = SelectField(_l("Format"), default="")
    language = SelectField(_l("Language"), default="")

    def offer(self, choices: FilterChoices) -> None:
        """Set each filter's choices, led by "all"."""
        self.organization.choices = [("", _("All organizations")), *choices.organizations]
        self.format.choices = [("", _("All formats")), *choices.formats]
        self.language.choices = [("", _("All languages")), *choices.languages]

    def filters(self) -> EventFilters:
        """The validated choices as the listing service's filters."""
        return EventFilters(
            organization=self.organization.data or None,
            format=EventFormat(self.format.data) if self.format.data else None,
            language=self.language.data or None,
        )
