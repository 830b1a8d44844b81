"""The JSON API under ``/api/v1``, for partner websites and automation.

Each area's ``api`` module adds its routes to ``bp``; this package holds the blueprint,
bearer-token authentication and the OpenAPI document. The API uses bearer tokens instead of
cookies, so CSRF protection (which guards cookie-authenticated forms) does not apply;
errors are answered as JSON by ``planner.errors``.
"""

from flask import Blueprint
from flask.sansio.blueprints import BlueprintSetupState

from planner.api.requests import GuardedJSONProvider, PlannerRequest
from planner.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.record_once
def _read_json_safely(state: BlueprintSetupState) -> None:
    """Parse every JSON body with the guarded parser (``planner.api.requests``)."""
    state.app.json = GuardedJSONProvider(state.app)
    state.app.request_class = PlannerRequest


# Each area's api module adds its routes to ``bp`` when imported.
from planner.accounts import api as accounts_api  # noqa: E402,F401
from planner.api import auth, openapi  # noqa: E402,F401
from planner.events import api as events_api  # noqa: E402,F401
from planner.find_a_time import api as find_a_time_api  # noqa: E402,F401
from planner.follow_up import api as follow_up_api  # noqa: E402,F401
from planner.invitations import api as invitations_api  # noqa: E402,F401
from planner.organizations import api as organizations_api  # noqa: E402,F401
from planner.proposal_links import api as proposal_links_api  # noqa: E402,F401
from planner.registrations import api as registrations_api  # noqa: E402,F401
