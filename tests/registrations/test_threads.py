"""Concurrent registrations and cancellations through the app, on SQLite and PostgreSQL.

Threads, each with its own test client (so its own request contexts, database
sessions and connections), register and cancel at the same time. Seats are counted
under the event lock (``planner.registrations.seats``), so the counts come out exact.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask

from planner.extensions import db
from planner.models import Registration, RegistrationStatus
from tests.factories import csrf_token_from, published_event

CAPACITY, FIRST_WAVE, CANCELLING, LATECOMERS = 10, 40, 5, 5
THREADS = 8
# Threads need their own, really committed transactions, not the rolled-back one.
pytestmark = pytest.mark.real_commits


def _register(app: Flask, event_id: int, number: int) -> dict:
    response = app.test_client().post(
        f"/api/v1/events/{event_id}/registrations",
        json={
            "name": f"Attendee {number}",
            "email": f"attendee{number}@example.org",
            "affiliation": "Karolinska Institutet",
        },
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.json


def _cancel(app: Flask, token: str) -> int:
    client = app.test_client()
    page = client.get(f"/registrations/{token}")
    csrf = csrf_token_from(page.get_data(as_text=True))
    return client.post(f"/registrations/{token}/cancel", data={"csrf_token": csrf}).status_code


def _by_status(event_id: int) -> dict[str, list[Registration]]:
    db.session.expire_all()
    rows = db.session.scalars(
        db.select(Registration)
        .filter_by(event_id=event_id)
        .order_by(Registration.created_at, Registration.id)
    )
    grouped: dict[str, list[Registration]] = {status: [] for status in RegistrationStatus}
    for row in rows:
        grouped[row.status].append(row)
    return grouped


def test_threads_never_overbook_and_promote_in_order(app: Flask, demo) -> None:  # noqa: ANN001
    # Every thread is the same client: its limit is another test's business.
    app.config["REGISTRATION_RATE_LIMIT_PER_CLIENT"] = "1000 per minute"
    event_id = published_event(
        days_ahead=30, capacity=CAPACITY
    ).id  # threads must not touch ORM objects
    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(lambda n: _register(app, event_id, n), range(FIRST_WAVE)))
    assert len({answer["email"] for answer in answers}) == FIRST_WAVE
    before = _by_status(event_id)
    assert sum(len(rows) for rows in before.values()) == FIRST_WAVE
    assert len(before["confirmed"]) == CAPACITY
    assert len(before["waitlisted"]) == FIRST_WAVE - CAPACITY
    head_of_waitlist = [row.id for row in before["waitlisted"][:CANCELLING]]
    tokens = [row.manage_token for row in before["confirmed"][:CANCELLING]]

    with ThreadPoolExecutor(THREADS) as pool:
        cancelled = [pool.submit(_cancel, app, token) for token in tokens]
        latecomers = [
            pool.submit(_register, app, event_id, FIRST_WAVE + n) for n in range(LATECOMERS)
        ]
        assert [future.result() for future in cancelled] == [302] * CANCELLING
        late = {future.result()["email"] for future in latecomers}

    after = _by_status(event_id)
    assert late <= {row.email for row in after["waitlisted"]}  # the freed seats were taken
    assert len(after["confirmed"]) == CAPACITY
    assert len(after["cancelled"]) == CANCELLING
    assert len(after["waitlisted"]) == FIRST_WAVE + LATECOMERS - CAPACITY - CANCELLING
    confirmed_ids = {row.id for row in after["confirmed"]}
    assert set(head_of_waitlist) <= confirmed_ids
