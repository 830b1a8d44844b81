"""Helpers for web tests of the co-hosting workflow."""

from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import Answer, Event, EventFormat, User
from planner.services import proposals, scheduling
from planner.services.proposals import ProposalInput, SlotInput
from tests.conftest import csrf_token_from

HOST = "organizer@link-j.example"
EMBASSY = "organizer@dk-embassy.example"
CLUSTER = "organizer@dk-cluster.example"
OUTSIDER = "organizer@medicon.example"
ADMIN = "admin@link-j.example"


def user(email: str) -> User:
    """Load a demo user."""
    return db.session.scalar(db.select(User).filter_by(email=email))


def post_form(client: FlaskClient, page: str, action: str, data: dict):  # noqa: ANN201
    """Fetch ``page`` for its CSRF token, then post ``data`` to ``action``."""
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={**data, "csrf_token": token})


def proposed_event(submit: bool = True) -> Event:
    """A webinar LINK-J proposes to the embassy and the cluster, with two slots."""
    return proposals.propose_event(
        user(HOST),
        ProposalInput(
            title_en="Digital health in Denmark and Japan",
            title_ja="デンマークと日本のデジタルヘルス",
            format=EventFormat.WEBINAR,
            cohost_slugs=["dk-embassy", "dk-cluster"],
            duration_minutes=90,
            slots=[
                SlotInput("2026-03-27T17:00", "Asia/Tokyo"),
                SlotInput("2026-04-02T09:30+02:00"),
            ],
            online_url="https://example.org/join/123",
            capacity=300,
            submit=submit,
        ),
    )


def agreed_event() -> Event:
    """The proposed event with its first slot agreed by both co-hosts and confirmed."""
    event = proposed_event()
    slot = event.slots[0]
    proposals.answer_slot(user(EMBASSY), event.id, slot.id, Answer.YES)
    proposals.answer_slot(user(CLUSTER), event.id, slot.id, Answer.MAYBE)
    return scheduling.confirm_slot(user(HOST), event.id, slot.id)


def published_event() -> Event:
    """An agreed, published event."""
    event = agreed_event()
    return scheduling.publish_event(user(HOST), event.id)
