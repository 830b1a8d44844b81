"""Registering, the waitlist, cancelling and the organizers' settings, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from planner.events import scheduling
from planner.events.scheduling import CancellationReason
from planner.extensions import db
from planner.models import (
    AuditEntry,
    CalendarFeedToken,
    Event,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from planner.registrations import operations as registrations
from planner.registrations import presenters, registrants, seats
from planner.registrations.operations import register_attendee
from tests.factories import (
    CLUSTER,
    EMBASSY,
    HOST,
    JOIN_URL,
    OUTSIDER,
    agreed_event,
    attendee,
    count,
    move_start,
    published_event,
    user,
)


def statuses(event: Event) -> dict[str, str]:
    """Email -> status of every registration of ``event``, freshly read."""
    db.session.expire_all()
    rows = db.session.scalars(db.select(Registration).filter_by(event_id=event.id))
    return {row.email: str(row.status) for row in rows}


def messages_to(email: str) -> list[OutboxMessage]:
    query = db.select(OutboxMessage).filter_by(recipient=email).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


def manage_page(token: str) -> presenters.ManageDetails:
    """What the manage page behind ``token`` shows."""
    return presenters.manage_details(registrations.managed_registration(token))


def unfolded(calendar: str) -> str:
    return calendar.replace("\r\n ", "")


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, capacity=2)


def test_seats_are_confirmed_until_full_then_the_waitlist_fills(event: Event) -> None:
    outcomes = [register_attendee(event.id, attendee(n)) for n in range(4)]
    assert [o.created for o in outcomes] == [True] * 4
    assert [str(o.registration.status) for o in outcomes] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    [first_mail] = messages_to("attendee0@example.org")
    manage_url = f"http://planner.test/registrations/{outcomes[0].registration.manage_token}"
    assert manage_url in first_mail.body
    token = db.session.scalar(
        db.select(CalendarFeedToken.token).filter_by(email="attendee0@example.org")
    )
    assert f"http://planner.test/feeds/attendee/{token}.ics" in first_mail.body
    waiting = outcomes[3].registration
    assert seats.waitlist_position(waiting) == 2


def test_no_capacity_means_no_limit(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30, capacity=None)
    for number in range(5):
        register_attendee(event.id, attendee(number))
    assert set(statuses(event).values()) == {"confirmed"}


def test_confirmation_carries_the_invite_with_the_same_uid_and_the_manage_link(
    event: Event,
) -> None:
    outcome = register_attendee(event.id, attendee(1, name="山田 花子"))
    [message] = messages_to("attendee1@example.org")
    feed = db.session.scalar(
        db.select(CalendarFeedToken.token).filter_by(email="attendee1@example.org")
    )
    assert message.calendar_method == "REQUEST"
    calendar = unfolded(message.calendar)
    assert "METHOD:REQUEST" in calendar
    assert f"UID:{event.uid}" in calendar
    assert 'ATTENDEE;CN="山田 花子";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE' in calendar
    assert "mailto:attendee1@example.org" in calendar
    assert JOIN_URL in calendar
    assert f"/registrations/{outcome.registration.manage_token}" in message.body
    assert f"/feeds/attendee/{feed}.ics" in message.body
    assert JOIN_URL in message.body
    assert "Tokyo" in message.body and "Copenhagen" in message.body
    assert message.subject.endswith(event.title_en)


def test_waitlisted_people_get_their_place_but_no_invite(event: Event) -> None:
    for number in range(3):
        register_attendee(event.id, attendee(number))
    [message] = messages_to("attendee2@example.org")
    assert message.calendar is None
    assert "waitlist (number 1)" in message.body
    assert JOIN_URL not in message.body


def test_registering_again_changes_nothing_and_tells_the_owner(event: Event) -> None:
    first = register_attendee(event.id, attendee(1))
    audited = count(AuditEntry)
    again = register_attendee(
        event.id,
        attendee(1, email="  ATTENDEE1@Example.ORG ", name="Someone else"),
        client_key="another-network",
    )
    assert again.created is False
    assert again.registration.id == first.registration.id
    assert again.registration.name == "Attendee 1"
    assert again.registration.client_key is None
    assert count(Registration) == 1
    assert count(AuditEntry) == audited
    confirmation, notice = messages_to("attendee1@example.org")
    assert notice.subject == f"[Co-host Planner] Already registered: {event.title_en}"
    assert f"/registrations/{first.registration.manage_token}" in notice.body
    assert "/feeds/attendee/" in notice.body
    assert notice.calendar is None and JOIN_URL not in notice.body


def test_a_concurrent_duplicate_is_caught_by_the_unique_constraint(
    event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = register_attendee(event.id, attendee(1))
    real_find = registrations._find
    calls = []

    def miss_once(event_id: int, email: str) -> Registration | None:
        # The first look-up misses, as if the other request had not committed yet.
        calls.append(email)
        return None if len(calls) == 1 else real_find(event_id, email)

    monkeypatch.setattr(registrations, "_find", miss_once)
    again = register_attendee(event.id, attendee(1))
    assert again.created is False
    assert again.registration.id == first.registration.id
    assert count(Registration) == 1
    assert len(messages_to("attendee1@example.org")) == 1


def test_cancelling_frees_the_seat_for_the_head_of_the_waitlist(event: Event) -> None:
    outcomes = [register_attendee(event.id, attendee(n)) for n in range(4)]
    cancelled = registrations.cancel_registration(outcomes[0].registration.manage_token)
    assert cancelled.status == RegistrationStatus.CANCELLED
    assert statuses(event) == {
        "attendee0@example.org": "cancelled",
        "attendee1@example.org": "confirmed",
        "attendee2@example.org": "confirmed",
        "attendee3@example.org": "waitlisted",
    }
    promoted_mail = messages_to("attendee2@example.org")[-1]
    assert promoted_mail.calendar_method == "REQUEST"
    assert "A seat became free" in promoted_mail.body
    withdrawn = messages_to("attendee0@example.org")[-1]
    assert withdrawn.calendar_method == "CANCEL"
    assert "STATUS:CANCELLED" in withdrawn.calendar
    assert seats.waitlist_position(outcomes[3].registration) == 1
    # Cancelling again changes nothing and sends nothing.
    before = count(OutboxMessage)
    registrations.cancel_registration(outcomes[0].registration.manage_token)
    assert count(OutboxMessage) == before


def test_a_waitlisted_cancellation_promotes_nobody(event: Event) -> None:
    outcomes = [register_attendee(event.id, attendee(n)) for n in range(4)]
    registrations.cancel_registration(outcomes[2].registration.manage_token)
    assert statuses(event)["attendee3@example.org"] == "waitlisted"
    assert messages_to("attendee2@example.org")[-1].calendar is None


def test_a_cancelled_registration_is_reactivated_at_the_end_of_the_queue(event: Event) -> None:
    outcomes = [register_attendee(event.id, attendee(n)) for n in range(3)]
    old_token = outcomes[0].registration.manage_token
    registrations.cancel_registration(old_token)  # attendee2 moves up
    back = register_attendee(event.id, attendee(0, name="Attendee Zero"))
    assert back.created is True
    assert back.registration.id == outcomes[0].registration.id
    assert back.registration.status == RegistrationStatus.WAITLISTED
    assert back.registration.name == "Attendee Zero"
    assert back.registration.manage_token != old_token
    with pytest.raises(NotFound):
        registrations.registration_for_token(old_token)
    assert count(Registration) == 3
    registrations.cancel_registration(outcomes[1].registration.manage_token)
    assert statuses(event)["attendee0@example.org"] == "confirmed"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b@example.org"}, "email"),
        ({"email": "x" * 250 + "@example.org"}, "email"),
        ({"affiliation": ""}, "affiliation"),
        ({"affiliation": "y" * 201}, "affiliation"),
        ({"country": "Denmark"}, "country"),
        ({"country": "D1"}, "country"),
        ({"locale": "de"}, "locale"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    event: Event, changes: dict, field: str
) -> None:
    before = (count(Registration), count(OutboxMessage), count(AuditEntry))
    with pytest.raises(ValidationFailed) as refused:
        register_attendee(event.id, attendee(1, **changes))
    assert refused.value.field == field
    assert refused.value.status_code == 400
    assert (count(Registration), count(OutboxMessage), count(AuditEntry)) == before


def test_country_is_stored_in_capitals(event: Event) -> None:
    outcome = register_attendee(event.id, attendee(1, country=" jp "))
    assert outcome.registration.country == "JP"


def test_unknown_and_unpublished_events_are_not_found(demo) -> None:  # noqa: ANN001
    event = agreed_event(days_ahead=30)
    for event_id in (event.id, 999_999):
        with pytest.raises(NotFound):
            register_attendee(event_id, attendee(1))
    assert count(Registration) == 0


def test_cancelled_past_closed_and_late_registration_is_refused(demo) -> None:  # noqa: ANN001
    cancelled = published_event(days_ahead=30)
    scheduling.cancel_event(user(HOST), cancelled.id, CancellationReason("Speaker ill"))
    past = published_event(days_ahead=30)
    move_start(past, datetime.now(UTC) - timedelta(hours=1))
    closed = published_event(days_ahead=30)
    registrants.close_registration(user(HOST), closed.id)
    late = published_event(days_ahead=30)
    late_row = db.session.get(Event, late.id)
    late_row.registration_deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    for event, text in [
        (cancelled, "cancelled"),
        (past, "already started"),
        (closed, "closed registration"),
        (late, "deadline"),
    ]:
        with pytest.raises(Conflict) as refused:
            register_attendee(event.id, attendee(1))
        assert refused.value.status_code == 409
        assert text in refused.value.message
    assert count(Registration) == 0


def test_registration_states(demo) -> None:  # noqa: ANN001
    now = datetime.now(UTC)
    event = published_event(days_ahead=30, capacity=1)
    assert seats.registration_state(event, 0, now) == "open"
    assert seats.registration_state(event, 1, now) == "waitlist"
    event.registration_open = False
    assert seats.registration_state(event, 1, now) == "full"
    assert seats.registration_state(event, 0, now) == "closed"
    event.registration_open = True
    assert seats.registration_state(event, 0, event.start_utc) == "closed"
    db.session.rollback()
    scheduling.cancel_event(user(HOST), event.id)
    assert seats.registration_state(event, 0, now) == "cancelled"


def test_raising_the_capacity_promotes_in_order_and_lowering_is_checked(event: Event) -> None:
    for number in range(5):
        register_attendee(event.id, attendee(number))
    promoted = registrants.set_capacity(user(HOST), event.id, 3)
    assert [r.email for r in promoted] == ["attendee2@example.org"]
    with pytest.raises(Conflict) as refused:
        registrants.set_capacity(user(HOST), event.id, 2)
    assert refused.value.field == "capacity"
    assert "3 people already have a seat" in refused.value.message
    assert db.session.get(Event, event.id).capacity == 3
    promoted = registrants.set_capacity(user(HOST), event.id, None)
    assert [r.email for r in promoted] == ["attendee3@example.org", "attendee4@example.org"]
    assert set(statuses(event).values()) == {"confirmed"}
    with pytest.raises(ValidationFailed):
        registrants.set_capacity(user(HOST), event.id, 0)


def test_a_capacity_raised_elsewhere_serves_the_waitlist_before_newcomers(event: Event) -> None:
    for number in range(3):
        register_attendee(event.id, attendee(number))
    row = db.session.get(Event, event.id)
    row.capacity = 4  # as the event edit form does, without promoting anybody
    db.session.commit()
    newcomer = register_attendee(event.id, attendee(9))
    assert statuses(event)["attendee2@example.org"] == "confirmed"
    assert newcomer.registration.status == RegistrationStatus.CONFIRMED


def test_only_host_organizers_change_registration_settings(event: Event) -> None:
    for actor in (EMBASSY, CLUSTER, OUTSIDER):
        with pytest.raises(PermissionDenied):
            registrants.set_capacity(user(actor), event.id, 10)
        with pytest.raises(PermissionDenied):
            registrants.close_registration(user(actor), event.id)
    hidden = agreed_event(days_ahead=30)
    with pytest.raises(NotFound):
        registrants.close_registration(user(OUTSIDER), hidden.id)
    registrants.close_registration(user(HOST), event.id)
    assert db.session.get(Event, event.id).registration_open is False
    registrants.reopen_registration(user(HOST), event.id)
    assert db.session.get(Event, event.id).registration_open is True
    scheduling.cancel_event(user(HOST), event.id)
    with pytest.raises(Conflict):
        registrants.reopen_registration(user(HOST), event.id)


def test_everything_is_audited(event: Event) -> None:
    outcomes = [register_attendee(event.id, attendee(n)) for n in range(3)]
    registrations.cancel_registration(outcomes[0].registration.manage_token)
    registrants.set_capacity(user(HOST), event.id, 5)
    registrants.close_registration(user(HOST), event.id)
    registrants.reopen_registration(user(HOST), event.id)
    actions = db.session.scalars(
        db.select(AuditEntry.action).filter_by(event_id=event.id).order_by(AuditEntry.id)
    ).all()
    assert actions[-8:] == [
        "registration.create",
        "registration.create",
        "registration.create",
        "registration.cancel",
        "registration.promote",
        "event.capacity",
        "registration.close",
        "registration.reopen",
    ]


def test_manage_details_and_invite_file(event: Event) -> None:
    first = register_attendee(event.id, attendee(1))
    waiting = [register_attendee(event.id, attendee(n)) for n in (2, 3)][-1]
    details = presenters.manage_details(
        registrations.managed_registration(first.registration.manage_token)
    )
    assert (details.status, details.invite_available, details.can_cancel) == (
        "confirmed",
        True,
        True,
    )
    assert not hasattr(details, "feed_token")  # the feed goes by email only
    filename, data = registrations.invite_file(first.registration.manage_token)
    calendar = unfolded(data.decode())
    assert filename == f"event-{event.id}.ics"
    assert "METHOD:PUBLISH" in calendar and f"UID:{event.uid}" in calendar
    assert JOIN_URL in calendar and "ATTENDEE" not in calendar
    waiting_details = presenters.manage_details(
        registrations.managed_registration(waiting.registration.manage_token)
    )
    assert waiting_details.waitlist_position == 1
    with pytest.raises(Conflict):
        registrations.invite_file(waiting.registration.manage_token)
    for token in ("", "short", "x" * 43, "../../etc/passwd", "a" * 500):
        with pytest.raises(NotFound):
            manage_page(token)


def test_no_cancelling_after_the_start_or_of_a_cancelled_event(demo) -> None:  # noqa: ANN001
    started = published_event(days_ahead=30)
    outcome = register_attendee(started.id, attendee(1))
    move_start(started, datetime.now(UTC) - timedelta(minutes=5))
    with pytest.raises(Conflict):
        registrations.cancel_registration(outcome.registration.manage_token)
    called_off = published_event(days_ahead=30)
    outcome = register_attendee(called_off.id, attendee(1))
    scheduling.cancel_event(user(HOST), called_off.id)
    with pytest.raises(Conflict):
        registrations.cancel_registration(outcome.registration.manage_token)
    assert (
        presenters.manage_details(
            registrations.managed_registration(outcome.registration.manage_token)
        ).can_cancel
        is False
    )


def test_a_new_feed_address_goes_by_email_and_the_old_one_stops(event: Event) -> None:
    outcome = register_attendee(event.id, attendee(1))
    old = db.session.scalar(
        db.select(CalendarFeedToken.token).filter_by(email="attendee1@example.org")
    )
    registrations.send_new_feed_address(outcome.registration.manage_token)
    live = db.session.scalars(
        db.select(CalendarFeedToken).filter_by(email="attendee1@example.org", revoked_at=None)
    ).all()
    assert len(live) == 1 and live[0].token != old
    notice = messages_to("attendee1@example.org")[-1]
    assert notice.subject.startswith("[Co-host Planner] Your new calendar feed address")
    assert f"/feeds/attendee/{live[0].token}.ics" in notice.body and old not in notice.body
    with pytest.raises(NotFound):
        registrations.send_new_feed_address("x" * 43)
