"""Two first answers to the same slot at the same moment, on SQLite and PostgreSQL.

Two organizers of one co-host organization (or one in two tabs) answer a slot their
organization has not answered yet. Both requests pass every check before either
writes: the threads meet at a barrier right after the permission check, then race.
Answers are written under the event's lock, so the second finds the first's answer:
on the web it replaces it (the latest answer wins, as it does one after the other);
through the API, where both were based on the same version, the second is a 412
``answer_conflict`` (it would replace an answer its sender never saw). Never two rows
(which the database's unique constraint would refuse with a 500). Two organizations
answering at once, from the same version, both get their answers in.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.accounts import api_tokens
from planner.demo.seed import DEMO_PASSWORD
from planner.events import negotiation
from planner.extensions import db
from planner.models import Organization, SlotResponse
from tests.factories import CLUSTER, EMBASSY, csrf_token, proposed_event, user

# Threads need their own, really committed transactions, not the rolled-back one.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def meet_before_writing(monkeypatch: pytest.MonkeyPatch) -> threading.Barrier:
    """Hold each answering request after its checks until the other one is there too."""
    barrier = threading.Barrier(2, timeout=20)
    checked = negotiation.require_cohost

    def check_then_wait(actor, event) -> None:  # noqa: ANN001
        checked(actor, event)
        barrier.wait()

    monkeypatch.setattr(negotiation, "require_cohost", check_then_wait)
    return barrier


def _cluster_answers(slot_id: int) -> list[tuple[str, str]]:
    """The cluster's answers to the slot, as stored (answer, comment)."""
    db.session.expire_all()
    cluster = db.session.scalar(db.select(Organization).filter_by(slug="dk-cluster"))
    rows = db.session.scalars(
        db.select(SlotResponse).filter_by(slot_id=slot_id, organization_id=cluster.id)
    )
    return [(str(row.answer), row.comment) for row in rows]


def _signed_in(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.post(
        "/login",
        data={"email": CLUSTER, "password": DEMO_PASSWORD, "csrf_token": csrf_token(client)},
    )
    return client


def test_two_first_answers_on_the_web_the_later_one_wins(
    app: Flask, demo, meet_before_writing: threading.Barrier
) -> None:
    event = proposed_event()
    event_id, slot_id = event.id, event.slots[0].id  # threads must not touch ORM objects
    clients = [_signed_in(app), _signed_in(app)]

    def answer(client: FlaskClient, choice: str) -> int:
        form = {
            "rows-0-slot_id": str(slot_id),
            "rows-0-answer": choice,
            "rows-0-comment": f"Said {choice}",
            "csrf_token": csrf_token(client),
        }
        return client.post(f"/events/{event_id}/answers", data=form).status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(answer, clients, ["yes", "no"]))
    assert statuses == [302, 302]
    [stored] = _cluster_answers(slot_id)
    assert stored in (("yes", "Said yes"), ("no", "Said no"))


def test_two_first_answers_through_the_api_the_later_one_is_412(
    app: Flask, demo, meet_before_writing: threading.Barrier
) -> None:
    event = proposed_event()
    event_id, slot_id = event.id, event.slots[0].id
    etag = f'"v{event.version}-{event_id}"'
    secrets = [api_tokens.create_token(user(CLUSTER), f"tab {n}").secret for n in (1, 2)]

    def answer(secret: str, choice: str):  # noqa: ANN202
        return app.test_client().put(
            f"/api/v1/events/{event_id}/slots/{slot_id}/response",
            json={"answer": choice},
            headers={"Authorization": f"Bearer {secret}", "If-Match": etag},
        )

    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(answer, secrets, ["yes", "no"]))
    assert sorted(r.status_code for r in responses) == [200, 412]
    [lost] = [r for r in responses if r.status_code == 412]
    assert lost.json["error"]["code"] == "answer_conflict"
    [won] = [r for r in responses if r.status_code == 200]
    stored = _cluster_answers(slot_id)
    assert stored == [(won.json["slots"][0]["answers"]["dk-cluster"]["answer"], "")]


def test_two_organizations_answering_at_once_from_one_version_both_count(
    app: Flask, demo, meet_before_writing: threading.Barrier
) -> None:
    event = proposed_event()
    event_id, slot_id = event.id, event.slots[0].id
    etag = f'"v{event.version}-{event_id}"'
    secrets = [api_tokens.create_token(user(email), "tab").secret for email in (EMBASSY, CLUSTER)]

    def answer(secret: str) -> int:
        return (
            app.test_client()
            .put(
                f"/api/v1/events/{event_id}/slots/{slot_id}/response",
                json={"answer": "yes"},
                headers={"Authorization": f"Bearer {secret}", "If-Match": etag},
            )
            .status_code
        )

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(answer, secrets)) == [200, 200]
    assert _cluster_answers(slot_id) == [("yes", "")]
