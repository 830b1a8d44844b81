"""Times already past are refused: slots, counter-slots, new starts, deadlines, confirming.

"Now" is the clock's; the tests type times a day before or after it, or move the
clock of the one module that decides (``monkeypatch``), never wait.
"""

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from planner.errors import Conflict, TimeProblem
from planner.events import common, negotiation, scheduling
from planner.events.negotiation import SlotInput
from planner.events.scheduling import RescheduleInput
from planner.extensions import db
from planner.models import Event, EventStatus
from planner.registrations import registrants
from planner.time_input import require_future
from tests.api_client import Api, example_body
from tests.factories import (
    HOST,
    agreed_event,
    event_in,
    organizers,
    post_form,
    proposal,
    proposed_event,
    published_event,
    slot_in_days,
    user,
)

PAST = "That time has already passed. Choose a time still to come."


def _yesterday(zone: str = "Asia/Tokyo") -> SlotInput:
    """A start typed as a local time in ``zone`` a day before now."""
    start = datetime.now(UTC) + timedelta(days=-1)
    return SlotInput(start.strftime("%Y-%m-%dT%H:00+00:00"), zone)


def test_the_rule_compares_with_the_given_now(app) -> None:  # noqa: ANN001
    now = datetime(2030, 1, 1, 9, tzinfo=UTC)
    assert require_future(now + timedelta(minutes=1), "start", now=now) == now + timedelta(
        minutes=1
    )
    for instant in (now, now - timedelta(minutes=1)):
        with pytest.raises(TimeProblem) as refused:
            require_future(instant, "start", now=now)
        assert (refused.value.field, refused.value.code) == ("start", "in_the_past")


def test_a_proposal_with_a_slot_in_the_past_is_refused(people) -> None:  # noqa: ANN001
    with pytest.raises(TimeProblem) as refused:
        negotiation.propose_event(people["link-j"], proposal(slots=[_yesterday()]))
    assert (refused.value.field, refused.value.code, refused.value.status_code) == (
        "slots[0]",
        "in_the_past",
        422,
    )
    assert refused.value.message == PAST
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_a_counter_slot_in_the_past_is_refused(demo) -> None:  # noqa: ANN001
    event = proposed_event(days_ahead=30)
    with pytest.raises(TimeProblem) as refused:
        negotiation.add_counter_slot(organizers()["dk-embassy"], event.id, _yesterday())
    assert (refused.value.field, refused.value.code) == ("start", "in_the_past")
    assert len(db.session.get(Event, event.id).slots) == 1


def test_a_reschedule_to_the_past_is_refused(demo) -> None:  # noqa: ANN001
    event = agreed_event(days_ahead=30)
    with pytest.raises(TimeProblem) as refused:
        scheduling.reschedule_event(
            user(HOST), event.id, RescheduleInput(_yesterday().start), event.version
        )
    assert (refused.value.field, refused.value.code) == ("start", "in_the_past")


def test_a_registration_deadline_in_the_past_is_refused(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    with pytest.raises(TimeProblem) as refused:
        registrants.set_registration_deadline(user(HOST), event.id, yesterday, "UTC")
    assert (refused.value.field, refused.value.code) == ("deadline", "in_the_past")
    assert db.session.get(Event, event.id).registration_deadline is None


def _after_the_first_slot(monkeypatch: pytest.MonkeyPatch, event: Event) -> None:
    """Move the clock of the confirming rule to an hour after the event's first slot."""
    later = event.slots[0].start_utc + timedelta(hours=1)
    monkeypatch.setattr(common, "utc_now", lambda: later)


def test_confirming_a_slot_that_has_passed_is_a_conflict(
    demo,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event = event_in("agreed", days_ahead=2)
    _after_the_first_slot(monkeypatch, event)
    with pytest.raises(Conflict) as refused:
        scheduling.confirm_slot(user(HOST), event.id, event.slots[0].id)
    assert (refused.value.code, refused.value.status_code) == ("slot_in_past", 409)
    assert db.session.get(Event, event.id).status == EventStatus.PROPOSED


def test_the_page_offers_no_confirm_button_for_a_slot_that_has_passed(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event = event_in("agreed", days_ahead=2)
    auth.login(HOST)
    assert "Confirm this time" in client.get(f"/events/{event.id}").get_data(as_text=True)
    _after_the_first_slot(monkeypatch, event)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Confirm this time" not in page
    assert "This time has passed" in page
    assert f'id="confirm-{event.slots[0].id}"' not in page


def test_the_api_refuses_a_past_slot_with_422_naming_it(api: Api) -> None:
    body = example_body(slots=[{"start": _yesterday().start}])
    response = api.call("POST", "/api/v1/events", "host", json=body)
    assert response.status_code == 422
    error = response.json["error"]
    assert (error["code"], error["field"], error["message"]) == ("in_the_past", "slots[0]", PAST)


def test_a_time_beyond_2037_is_refused_not_misplaced(api: Api) -> None:
    # pytz's tables end in 2037: a summer time in 2040 would be put an hour off.
    body = example_body(slots=[{"start": "2040-07-02T17:00", "timezone": "Europe/Copenhagen"}])
    response = api.call("POST", "/api/v1/events", "host", json=body)
    assert response.status_code == 422
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("out_of_range", "slots[0]")
    assert error["message"] == "Choose a date between 1970 and 2037."


def test_the_api_refuses_confirming_a_past_slot_with_409(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = event_in("agreed", days_ahead=2)
    _after_the_first_slot(monkeypatch, event)
    response = api.change(
        "POST",
        f"/api/v1/events/{event.id}/confirm",
        "host",
        json={"slot_id": event.slots[0].id},
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "slot_in_past"


def test_the_form_shows_the_past_slot_beside_its_field(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    auth.login(HOST)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:00")
    data = {
        "title_en": "Too late",
        "format": "webinar",
        "cohosts": ["dk-embassy"],
        "timezone": "UTC",
        "duration_minutes": "60",
        "slots-0-start": yesterday,
        "slots-1-start": slot_in_days(20).start[:16],
        "language": "en",
        "send": "Send proposal",
    }
    response = post_form(client, "/events/new", "/events/new", data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert body.count(PAST) == 1
    error_list = body.split('id="slots-0-start-error"', 1)[1].split("</ul>", 1)[0]
    assert PAST in error_list
