"""Two production app servers, one PostgreSQL and one Redis: scaling out keeps one truth.

Two ``make serve`` instances on different ports share only the database and Redis.
The whole workflow runs through both at once (co-hosts answering on different
servers at the same moment, the host confirming on one and publishing on the other),
then a burst of registrations is split between them: every answer is the same from
either server, nothing is lost or counted twice, no seat is oversold, and the sign-in
rate limit counts attempts made on both servers together.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from sqlalchemy import create_engine, text

from planner import create_app
from planner.accounts import api_tokens
from planner.accounts.operations import create_user
from planner.demo.seed import DEMO_ORGANIZATIONS
from planner.extensions import db
from planner.models import Organization, Role
from planner.organizations.operations import create_organization
from tests.api_client import example_body
from tests.redis_server import limiter_kept
from tests.serving.servers import production_environment, scratch_database, serving

pytestmark = [pytest.mark.postgres_only]

CAPACITY, REGISTRANTS = 40, 70
SIGN_IN_LIMIT = 6
PASSWORD = "two-servers-password"


def _organizers(database_url: str) -> dict[str, str]:
    """The partner organizations with one organizer each; an API token per organizer."""
    with limiter_kept():
        app = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": database_url})
    tokens = {}
    with app.app_context():
        for details in DEMO_ORGANIZATIONS:
            create_organization(None, details)
        for slug in ("link-j", "dk-embassy", "dk-cluster"):
            organization = db.session.scalar(db.select(Organization).filter_by(slug=slug))
            person = create_user(
                None,
                email=f"planner@{slug}.example.org",
                display_name=f"Planner at {slug}",
                password=PASSWORD,
                role=Role.ORGANIZER,
                organization_id=organization.id,
            )
            tokens[slug] = api_tokens.create_token(person, "two servers").secret
        db.session.remove()
        db.engine.dispose()
    return tokens


def _call(
    base_url: str,
    method: str,
    path: str,
    token: str | None = None,
    body: Any = None,
    etag: str | None = None,
) -> tuple[int, dict, dict]:
    """One JSON request; the status, the body and the headers."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if etag:
        headers["If-Match"] = etag
    data = json.dumps(body).encode() if body is not None else None
    request = Request(f"{base_url}{path}", data=data, headers=headers, method=method)
    try:
        with urlopen(request, timeout=30) as response:
            return response.status, json.load(response), dict(response.headers)
    except HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), dict(error.headers)


def test_two_servers_share_one_state_and_one_rate_limit(tmp_path: Path) -> None:
    with scratch_database("twoservers") as database_url:
        tokens = _organizers(database_url)
        environment = production_environment(
            database_url,
            SIGN_IN_RATE_LIMIT=f"{SIGN_IN_LIMIT} per minute",
            # The burst comes from one test client: only the per-client and per-event
            # limits would be measured otherwise (tests/registrations test those).
            REGISTRATION_RATE_LIMIT_PER_CLIENT="100000 per minute",
            REGISTRATION_RATE_LIMIT_PER_EVENT="100000 per minute",
        )
        with (
            serving(environment, tmp_path / "a.log") as first,
            serving(environment, tmp_path / "b.log") as second,
        ):
            a, b = first.base_url, second.base_url
            assert a != b

            # The host proposes on A; the two co-hosts answer at the same moment, one
            # on each server.
            status, event, _ = _call(
                a,
                "POST",
                "/api/v1/events",
                tokens["link-j"],
                example_body(cohosts=["dk-embassy", "dk-cluster"], capacity=CAPACITY),
            )
            assert status == 201, event
            base = f"/api/v1/events/{event['id']}"
            slot_id = event["slots"][0]["id"]
            with ThreadPoolExecutor(2) as pool:
                answers = list(
                    pool.map(
                        lambda args: _call(
                            args[0],
                            "PUT",
                            f"{base}/slots/{slot_id}/response",
                            tokens[args[1]],
                            {"answer": "yes", "comment": ""},
                            etag=event["etag"],  # both from the version just created
                        ),
                        [(a, "dk-embassy"), (b, "dk-cluster")],
                    )
                )
            assert [answer[0] for answer in answers] == [200, 200], answers
            seen_on_a = _call(a, "GET", base, tokens["link-j"])
            seen_on_b = _call(b, "GET", base, tokens["link-j"])
            assert seen_on_a[1] == seen_on_b[1]
            assert seen_on_a[1]["slots"][0]["agreed_by_all"] is True

            # Confirmed on B, published on A, each with the ETag the other server gave.
            status, confirmed, headers = _call(
                b,
                "POST",
                f"{base}/confirm",
                tokens["link-j"],
                {"slot_id": slot_id},
                etag=seen_on_a[2]["ETag"],
            )
            assert status == 200, confirmed
            status, published, _ = _call(
                a, "POST", f"{base}/publish", tokens["link-j"], {}, etag=headers["ETag"]
            )
            assert (status, published["status"]) == (200, "published"), published

            # A burst of registrations, alternating between the servers.
            def register(number: int) -> tuple[int, dict, dict]:
                server = a if number % 2 else b
                return _call(
                    server,
                    "POST",
                    f"{base}/registrations",
                    None,
                    {
                        "name": f"Registrant {number}",
                        "email": f"registrant{number}@example.org",
                        "affiliation": "Aarhus University",
                    },
                )

            with ThreadPoolExecutor(16) as pool:
                outcomes = list(pool.map(register, range(REGISTRANTS)))
            # Every registrant hears the same (the answer never tells a seat from a
            # waitlist place, see the README's security model); the rows below tell.
            assert {outcome[0] for outcome in outcomes} == {202}, outcomes[:3]

            # Sign-in attempts on both servers count against one limit (Redis).
            attempts = [
                _call(
                    a if number % 2 else b,
                    "POST",
                    "/api/v1/tokens",
                    None,
                    {"email": f"nobody{number}@example.org", "password": "wrong password"},
                )[0]
                for number in range(SIGN_IN_LIMIT + 2)
            ]
            assert attempts == [401] * SIGN_IN_LIMIT + [429, 429]

        # Nothing lost or duplicated: one row per registrant, seats exactly the capacity.
        engine = create_engine(database_url)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT email, status FROM registrations WHERE event_id = :id"),
                {"id": event["id"]},
            ).all()
        engine.dispose()
    assert len(rows) == len({row.email for row in rows}) == REGISTRANTS
    assert Counter(str(row.status).lower() for row in rows) == {
        "confirmed": CAPACITY,
        "waitlisted": REGISTRANTS - CAPACITY,
    }
