"""Every registered route, visited as every role: the authorization matrix (issue 12).

The cells come from the URL map (every endpoint, every method but HEAD and OPTIONS):
an event route is visited on each event of the world (draft, proposal, published event,
withdrawn draft, event cancelled before publication), any other route once, each as the
seven roles of ``tests/app/authorization_world.py``. What each cell must get comes from
the table in ``tests/app/authorization_expectations.py``: a route missing from it fails,
and so does an entry whose route is gone.

A refused role must get exactly the refusal the table names (the sign-in page, 401, 403,
404); an allowed one must get past authorization (nothing of those, whatever the
operation then says: 200, 302, 400, 409...). Nothing may ever answer 500. Web forms are
sent with the role's valid CSRF token, so that a refusal is authorization's and not
CSRF's; API calls carry the event's current ETag, so that it is not a precondition's.
Every answer is also searched for secrets the role may not read (join links, attendees'
addresses, manage and feed tokens, API tokens).

The world is built once per database for the whole module; each visit runs inside a
SAVEPOINT that is rolled back after it, so that a withdrawal or a cancellation in one
cell is never seen by the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from planner import create_app
from planner.calendars.cache import clear_caches
from planner.extensions import db, limiter
from planner.models import Event, EventStatus, SlotResponse
from tests.app.authorization_expectations import (
    EXPECTATIONS,
    Expectation,
    Outcome,
    Visit,
    expected,
)
from tests.app.authorization_secrets import secrets_leaked
from tests.app.authorization_world import (
    HOST_SLUG,
    ROLES,
    UNKNOWN_TOKEN,
    VARIANTS,
    World,
    build_world,
)
from tests.database import SuiteDatabase

pytestmark = pytest.mark.xdist_group("authorization-matrix")

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Which secret stands in a <token> of each kind, in order: the role's own of that kind,
# else one of another kind it holds (a secret must open nothing else), else one nobody has.
TOKEN_KINDS = {
    "manage": ("manage", "attendee_feed", "organizer_feed"),
    "attendee_feed": ("attendee_feed", "organizer_feed", "manage"),
    "organizer_feed": ("organizer_feed", "attendee_feed", "manage"),
    # Nobody of the world holds a personal email link: every other secret must open
    # nothing there (each link's own tests open real ones).
    "email_link": ("manage", "attendee_feed", "organizer_feed"),
    # Nobody holds an invitation's secret: each role tries the other secrets it has.
    "invitation": ("manage", "attendee_feed", "organizer_feed"),
}


def _routes(app: Flask) -> list[tuple[str, str, tuple[str, ...]]]:
    """(endpoint, method, URL arguments) of every rule of ``app``."""
    return sorted(
        (rule.endpoint, method, tuple(sorted(rule.arguments)))
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - IGNORED_METHODS)
    )


# The URL map of the application as built for the tests (no database is touched).
ROUTES = _routes(create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"}))


@dataclass(frozen=True)
class Cell:
    """One visit of the matrix."""

    endpoint: str
    method: str
    variant: str | None
    role: str

    @property
    def name(self) -> str:
        """The cell as pytest shows it."""
        return "-".join(
            part for part in (self.endpoint, self.method, self.variant, self.role) if part
        )


def _cells() -> list:
    """Every cell of the URL map, as pytest parameters."""
    cells = []
    for endpoint, method, arguments in ROUTES:
        variants = VARIANTS if "event_id" in arguments else (None,)
        for variant in variants:
            for role in ROLES:
                cell = Cell(endpoint, method, variant, role)
                cells.append(pytest.param(cell, id=cell.name))
    return cells


@dataclass
class Matrix:
    """The application and the world built in it."""

    app: Flask
    world: World


@pytest.fixture(scope="module")
def matrix(suite_database: SuiteDatabase) -> Iterator[Matrix]:
    """The world, built once per database for the module, inside a rolled-back transaction."""
    with suite_database.test(demo=True, real_commits=False, fresh_app=False) as app:
        yield Matrix(app, build_world(app))


@pytest.fixture
def visit_world(matrix: Matrix) -> Iterator[Matrix]:
    """The world as built: each test's changes are rolled back to a SAVEPOINT after it."""
    db.session.remove()
    connection = db.session().bind
    savepoint = connection.begin_nested()
    limiter.reset()  # sign-in and registration limits count every visit otherwise
    clear_caches()
    try:
        yield matrix
    finally:
        db.session.remove()
        savepoint.rollback()


def _token(expectation: Expectation, visit: Visit) -> str:
    """The secret the role puts in a <token> (see ``TOKEN_KINDS``)."""
    for kind in TOKEN_KINDS[expectation.secret or "manage"]:
        held = getattr(visit.holder, kind)
        if held:
            return held
    return UNKNOWN_TOKEN


def _argument(
    name: str,
    cell: Cell,
    expectation: Expectation,
    visit: Visit,
    world: World,
    overrides: dict[str, object],
) -> object:
    """The value of one URL argument, from the world; a new kind of argument fails."""
    if name in overrides:
        return overrides[name]
    event = visit.event
    values = {
        "event_id": lambda: event.id,
        "slot_id": lambda: event.slot_id,
        "token": lambda: _token(expectation, visit),
        "slug": lambda: HOST_SLUG,
        "token_id": lambda: world.holders["host"].api_token_id,
        "organization_id": lambda: world.host_organization_id,
        "user_id": lambda: world.host_user_id,
        "invitation_id": lambda: world.invitation_id,
        "filename": lambda: "css/planner.css",
    }
    if name not in values:
        pytest.fail(f"{cell.endpoint}: the matrix cannot fill the URL argument <{name}>")
    return values[name]()


def _send(
    matrix: Matrix,
    cell: Cell,
    expectation: Expectation,
    overrides: dict[str, object] | None = None,
) -> TestResponse:
    """Make the visit the cell describes (``overrides``: URL arguments of other values)."""
    world, app = matrix.world, matrix.app
    holder = world.holders[cell.role]
    visit = Visit(cell.role, holder, world.events[cell.variant] if cell.variant else None)
    rule = next(r for r in app.url_map.iter_rules(cell.endpoint) if cell.method in r.methods)
    arguments = {
        name: _argument(name, cell, expectation, visit, world, overrides or {})
        for name in rule.arguments
    }
    path = app.url_map.bind("localhost").build(cell.endpoint, arguments, method=cell.method)
    path += expectation.query
    body = expectation.body(visit) if expectation.body else {}
    if cell.endpoint.startswith("api."):
        headers = {}
        if holder.api_token:
            headers["Authorization"] = f"Bearer {holder.api_token}"
        if visit.event is not None and cell.method != "GET":
            headers["If-Match"] = f'"{visit.event.etag}"'
        client = app.test_client()
        json = body if cell.method != "GET" and body else None
        return client.open(path, method=cell.method, headers=headers, json=json)
    client = world.client(app, cell.role)
    if cell.method == "GET":
        return client.get(path)
    return client.open(path, method=cell.method, data={**body, "csrf_token": holder.csrf})


def _describe(cell: Cell, response: TestResponse) -> str:
    location = response.headers.get("Location", "")
    text = response.get_data(as_text=True)
    return (
        f"{cell.method} {cell.endpoint} as {cell.role}"
        + (f" on the {cell.variant} event" if cell.variant else "")
        + f": {response.status_code}"
        + (f" to {location}" if location else "")
        + f"\n{text[:300]}"
    )


def _is_sign_in_redirect(response: TestResponse) -> bool:
    return response.status_code == 302 and response.headers.get("Location", "").startswith("/login")


def _check(cell: Cell, outcome: Outcome, response: TestResponse) -> None:
    status = response.status_code
    assert status < 500, f"server error: {_describe(cell, response)}"
    is_csrf_refusal = status == 400 and "did not come from this site" in response.get_data(
        as_text=True
    )
    assert not is_csrf_refusal, f"refused by CSRF, not authorization: {_describe(cell, response)}"
    if outcome is Outcome.ALLOWED:
        refused = status in (401, 403, 404) or _is_sign_in_redirect(response)
        assert not refused, f"expected to be let through: {_describe(cell, response)}"
    elif outcome is Outcome.LOGIN:
        assert _is_sign_in_redirect(response), f"expected sign-in: {_describe(cell, response)}"
    else:
        assert status == outcome.value, f"expected {outcome.value}: {_describe(cell, response)}"
        if status == 401 and cell.endpoint.startswith("api."):
            assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")


def test_every_route_has_an_expectation() -> None:
    """A new route needs an entry in the table; a removed route's entry must go too."""
    routes = {(endpoint, method) for endpoint, method, _ in ROUTES}
    missing = sorted(routes - EXPECTATIONS.keys())
    stale = sorted(EXPECTATIONS.keys() - routes)
    assert not missing, (
        f"routes without an expectation in tests/app/authorization_expectations.py: {missing}"
    )
    assert not stale, f"expectations for routes that no longer exist: {stale}"


def test_forms_are_checked_for_csrf(visit_world: Matrix) -> None:
    """The test configuration checks CSRF, so the matrix's refusals are not CSRF's."""
    world = visit_world.world
    client = world.client(visit_world.app, "host")
    event = world.events["proposed"]
    response = client.post(f"/events/{event.id}/withdraw", data={})
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)


def test_the_cells_are_the_tested_applications_routes(matrix: Matrix) -> None:
    """The cells were made from an application of their own: the same routes as this one."""
    assert _routes(matrix.app) == ROUTES


def test_the_api_does_not_take_a_browser_session_for_a_token(visit_world: Matrix) -> None:
    """A signed-in browser's cookie opens nothing in the API, which skips CSRF checks."""
    world = visit_world.world
    client = world.client(visit_world.app, "host")
    draft, proposed = world.events["draft"], world.events["proposed"]
    assert client.get(f"/api/v1/events/{draft.id}").status_code == 404
    response = client.post(f"/api/v1/events/{proposed.id}/withdraw")
    assert response.status_code == 401
    assert db.session.get(Event, proposed.id).status == EventStatus.PROPOSED


def test_a_slot_of_another_event_is_not_reached_through_this_one(visit_world: Matrix) -> None:
    """An event's routes act on its own slots only, whatever slot id they are sent."""
    world = visit_world.world
    proposed, published = world.events["proposed"], world.events["published"]
    before = db.session.scalar(
        db.select(db.func.count()).select_from(SlotResponse).filter_by(slot_id=published.slot_id)
    )
    api = visit_world.app.test_client()
    response = api.put(
        f"/api/v1/events/{proposed.id}/slots/{published.slot_id}/response",
        json={"answer": "no"},
        headers={
            "Authorization": f"Bearer {world.holders['cohost'].api_token}",
            "If-Match": f'"{proposed.etag}"',
        },
    )
    assert response.status_code in (400, 404), response.get_json()
    web = world.client(visit_world.app, "cohost")
    form = {
        "rows-0-slot_id": published.slot_id,
        "rows-0-answer": "no",
        "csrf_token": world.holders["cohost"].csrf,
    }
    assert web.post(f"/events/{proposed.id}/answers", data=form).status_code in (400, 404)
    db.session.expire_all()
    after = db.session.scalar(
        db.select(db.func.count()).select_from(SlotResponse).filter_by(slot_id=published.slot_id)
    )
    assert after == before


# The routes about one organization (its profile, its members...): by default visited
# with the host organization's id, where its organization admin is allowed.
ORGANIZATION_ROUTES = [
    pytest.param(endpoint, method, id=f"{endpoint}-{method}")
    for endpoint, method, arguments in ROUTES
    if "organization_id" in arguments
]


@pytest.mark.parametrize(("endpoint", "method"), ORGANIZATION_ROUTES)
def test_an_organization_admin_manages_no_other_organization(
    visit_world: Matrix, endpoint: str, method: str
) -> None:
    """H's organization admin, on the co-host organization's pages and members: 403."""
    world = visit_world.world
    cell = Cell(endpoint, method, None, "org_admin")
    expectation = EXPECTATIONS[(endpoint, method)]
    overrides = {
        "organization_id": world.cohost_organization_id,
        "user_id": world.cohost_user_id,
    }
    response = _send(visit_world, cell, expectation, overrides)
    try:
        assert response.status_code == 403, _describe(cell, response)
    finally:
        response.close()


@pytest.mark.parametrize("cell", _cells())
def test_route_as_role(visit_world: Matrix, cell: Cell) -> None:
    """One cell: the route answers the role as the table says, and leaks nothing."""
    expectation = EXPECTATIONS.get((cell.endpoint, cell.method))
    if expectation is None:
        pytest.fail(
            f"{cell.method} {cell.endpoint} has no expectation: add one to "
            "tests/app/authorization_expectations.py"
        )
    response = _send(visit_world, cell, expectation)
    try:
        _check(cell, expected(expectation, cell.role, cell.variant), response)
        leaked = secrets_leaked(visit_world.world, cell.endpoint, cell.role, response)
    finally:
        response.close()  # static files are sent from open files
    assert not leaked, f"{_describe(cell, response)}\nshows secrets: {leaked}"
