"""Editing an event's details and rescheduling it: only what the organizer changed is written.

On SQLite and PostgreSQL: two organizers edit from the same version (three-way merge),
co-hosts edit texts only, a published event's venue or link reaches its attendees, and
a reschedule keeps every detail it does not change and tells the waitlist too.
"""

from datetime import UTC, datetime

import pytest

from planner.errors import (
    Conflict,
    EditConflict,
    PermissionDenied,
    StaleVersion,
    TimeProblem,
    ValidationFailed,
)
from planner.events import editing, scheduling
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Event, OutboxMessage, Registration, RegistrationStatus
from tests.factories import (
    ADMIN,
    CLUSTER,
    HOST,
    JOIN_URL,
    OUTSIDER,
    event_in,
    published_event,
    register,
    user,
)

NEW_LINK = "https://example.org/join/new-room"


def _outbox(subject_part: str) -> dict[str, OutboxMessage]:
    """The queued messages whose subject contains ``subject_part``, by recipient."""
    messages = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))
    return {m.recipient: m for m in messages if subject_part in m.subject}


def _unfolded(calendar: str) -> str:
    """An iCalendar text with its folded lines joined again."""
    return calendar.replace("\r\n ", "")


def _reloaded(event_id: int) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event_id)


def test_a_second_edit_from_the_same_version_keeps_the_first_editors_change(demo) -> None:  # noqa: ANN001
    event = published_event()
    opened = event.version
    original_description = event.description_en

    editing.update_event_details(user(HOST), event.id, {"title_en": "Title by A"}, opened)
    # B opened the page at the same version and changed only the description; the web
    # form states every field, so B's title is the one B saw.
    editing.update_event_details(
        user(HOST),
        event.id,
        {"title_en": "Digital health in Denmark and Japan", "description_en": "Text by B"},
        opened,
    )

    saved = _reloaded(event.id)
    assert (saved.title_en, saved.description_en) == ("Title by A", "Text by B")
    assert original_description != "Text by B"


def test_both_changing_one_field_is_a_conflict_and_nothing_is_written(demo) -> None:  # noqa: ANN001
    event = published_event()
    opened = event.version
    editing.update_event_details(user(HOST), event.id, {"title_en": "Title by A"}, opened)

    with pytest.raises(EditConflict) as caught:
        editing.update_event_details(
            user(HOST), event.id, {"title_en": "Title by B", "venue": "Room 5"}, opened
        )

    assert caught.value.status_code == 412
    [clash] = caught.value.details["conflicts"]
    assert (clash["field"], clash["theirs"], clash["yours"]) == (
        "title_en",
        "Title by A",
        "Title by B",
    )
    assert caught.value.details["changes"] == {"venue": "Room 5"}
    saved = _reloaded(event.id)
    assert (saved.title_en, saved.venue) == ("Title by A", None)


def test_a_version_the_event_never_had_is_refused(demo) -> None:  # noqa: ANN001
    event = published_event()
    for version in (0, event.version + 1):
        with pytest.raises(StaleVersion):
            editing.update_event_details(user(HOST), event.id, {"title_en": "X"}, version)


def test_cohosts_edit_texts_and_speakers_but_not_the_details(demo) -> None:  # noqa: ANN001
    event = published_event()
    cohost = user(CLUSTER)
    speakers = [["Mette Jensen", "Copenhagen University", "Europe/Copenhagen"]]

    editing.update_event_details(
        cohost,
        event.id,
        {"title_ja": "デンマークと日本のデジタルヘルス", "speakers": speakers},
        event.version,
    )
    saved = _reloaded(event.id)
    assert saved.title_ja == "デンマークと日本のデジタルヘルス"
    assert [(s.name, s.timezone) for s in saved.speakers] == [("Mette Jensen", "Europe/Copenhagen")]
    with pytest.raises(PermissionDenied) as refused:
        editing.update_event_details(cohost, event.id, {"venue": "Room 5"}, saved.version)
    assert refused.value.field == "venue"


def test_who_may_edit_is_checked_before_the_events_state(demo) -> None:  # noqa: ANN001
    # Found by the authorization matrix: a finished event answered 409 "cannot be
    # changed any more" to someone who could never edit it, where every other action
    # (and the web's edit page) says 403 first.
    event = event_in("cancelled")
    with pytest.raises(PermissionDenied):
        editing.update_event_details(user(OUTSIDER), event.id, {"title_en": "X"}, event.version)
    # Those who could edit it hear that it is finished (the demo admin belongs to the host).
    for organizer in (HOST, ADMIN, CLUSTER):
        with pytest.raises(Conflict):
            editing.update_event_details(user(organizer), event.id, {"title_en": "X"}, 1)


def test_an_unknown_speaker_zone_names_the_speaker(demo) -> None:  # noqa: ANN001
    event = published_event()
    with pytest.raises(TimeProblem) as caught:
        editing.update_event_details(
            user(HOST), event.id, {"speakers": [["A", "", "Mars/Olympus"]]}, event.version
        )
    assert caught.value.field == "speakers[0].timezone"


def test_a_new_join_link_reaches_attendees_with_an_updated_invite(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "seat@example.org", RegistrationStatus.CONFIRMED)
    register(event, "waiting@example.org", RegistrationStatus.WAITLISTED)
    sequence = event.sequence

    editing.update_event_details(user(HOST), event.id, {"online_url": NEW_LINK}, event.version)

    saved = _reloaded(event.id)
    assert saved.online_url == NEW_LINK and saved.sequence == sequence + 1
    updates = _outbox("Updated:")
    assert NEW_LINK in updates["seat@example.org"].body
    assert f"SEQUENCE:{sequence + 1}" in updates["seat@example.org"].calendar
    assert NEW_LINK in _unfolded(updates["seat@example.org"].calendar)
    # The waitlist has no join link yet, and a new link alone is not news for them.
    assert "waiting@example.org" not in updates


def test_a_new_venue_reaches_the_waitlist_without_the_join_link(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "waiting@example.org", RegistrationStatus.WAITLISTED)

    editing.update_event_details(
        user(HOST), event.id, {"venue": "Nihonbashi Life Science Hub"}, event.version
    )

    message = _outbox("Updated:")["waiting@example.org"]
    assert "Nihonbashi Life Science Hub" in message.body
    assert JOIN_URL not in message.body and message.calendar is None


def test_a_corrected_description_sends_nothing(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "seat@example.org", RegistrationStatus.CONFIRMED)
    sequence = event.sequence

    editing.update_event_details(
        user(HOST), event.id, {"description_en": "Corrected typo."}, event.version
    )

    assert _outbox("Updated:") == {}
    assert _reloaded(event.id).sequence == sequence


def test_reschedule_keeps_the_join_link_venue_and_duration(demo) -> None:  # noqa: ANN001
    event = published_event(venue="Nihonbashi", duration_minutes=90)
    register(event, "seat@example.org", RegistrationStatus.CONFIRMED)

    scheduling.reschedule_event(
        user(HOST), event.id, RescheduleInput("2037-06-01T18:00", "Asia/Tokyo"), event.version
    )

    saved = _reloaded(event.id)
    assert saved.start_utc == datetime(2037, 6, 1, 9, 0, tzinfo=UTC)
    assert (saved.online_url, saved.venue, saved.duration_minutes) == (JOIN_URL, "Nihonbashi", 90)
    assert saved.end_utc == datetime(2037, 6, 1, 10, 30, tzinfo=UTC)
    invite = _outbox("Rescheduled:")["seat@example.org"]
    assert JOIN_URL in invite.body and JOIN_URL in _unfolded(invite.calendar)


def test_reschedule_tells_the_waitlist_and_everyone_the_old_and_new_time(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "seat@example.org", RegistrationStatus.CONFIRMED)
    register(event, "waiting@example.org", RegistrationStatus.WAITLISTED)
    old_start = event.start_utc

    scheduling.reschedule_event(
        user(HOST), event.id, RescheduleInput("2037-06-01T18:00", "Asia/Tokyo"), event.version
    )

    messages = _outbox("Rescheduled:")
    for recipient in ("seat@example.org", "waiting@example.org", HOST):
        body = messages[recipient].body
        assert "Was:" in body and "Now:" in body
        assert "Copenhagen" in body and "Tokyo" in body
        assert body.index("Was:") < body.index("Now:")
    assert f"{old_start:%Y}" in messages["waiting@example.org"].body
    waiting = messages["waiting@example.org"]
    assert waiting.calendar is None and JOIN_URL not in waiting.body


def test_reschedule_gives_the_attendee_their_own_zone_first(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "paulo@example.org", RegistrationStatus.CONFIRMED)
    registration = event_registration(event, "paulo@example.org")
    registration.timezone = "America/Sao_Paulo"
    db.session.commit()

    scheduling.reschedule_event(
        user(HOST), event.id, RescheduleInput("2037-06-01T18:00", "Asia/Tokyo"), event.version
    )

    body = _outbox("Rescheduled:")["paulo@example.org"].body
    now_line = body[body.index("Now:") :].splitlines()[0]
    assert now_line.startswith("Now: ") and "06:00" in now_line.split("/")[0]


def event_registration(event: Event, email: str) -> Registration:
    """The registration of ``email`` at ``event``."""
    return db.session.scalar(
        db.select(Registration).where(
            Registration.event_id == event.id, Registration.email == email
        )
    )


def test_reschedule_from_an_old_version_keeps_a_venue_changed_meanwhile(demo) -> None:  # noqa: ANN001
    event = published_event()
    opened = event.version
    editing.update_event_details(user(HOST), event.id, {"venue": "Room by A"}, opened)

    # B's reschedule form was opened before A's edit: it states the venue B saw (none).
    scheduling.reschedule_event(
        user(HOST),
        event.id,
        RescheduleInput("2037-06-01T18:00", "Asia/Tokyo", venue="", online_url=JOIN_URL),
        opened,
    )

    saved = _reloaded(event.id)
    assert saved.venue == "Room by A"
    assert saved.start_utc == datetime(2037, 6, 1, 9, 0, tzinfo=UTC)


def test_a_reschedule_that_changes_nothing_is_refused(demo) -> None:  # noqa: ANN001
    event = published_event()
    same = scheduling.reschedule_event  # the event's own start, typed in its planning zone
    start = event.start_utc
    with pytest.raises(ValidationFailed) as caught:
        same(user(HOST), event.id, RescheduleInput(start.isoformat()), event.version)
    assert caught.value.field == "start"


def test_cancellation_reason_in_both_languages(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "seat@example.org", RegistrationStatus.CONFIRMED)

    scheduling.cancel_event(
        user(HOST), event.id, CancellationReason(en="The speaker is ill.", ja="講演者が病気です。")
    )

    saved = _reloaded(event.id)
    assert (saved.reason_cancelled("en"), saved.reason_cancelled("ja")) == (
        "The speaker is ill.",
        "講演者が病気です。",
    )
    body = _outbox("Cancelled:")["seat@example.org"].body
    assert "The speaker is ill." in body and "講演者が病気です。" in body


def test_a_reschedule_to_a_new_venue_names_it_to_everyone_and_the_waitlist(demo) -> None:  # noqa: ANN001
    event = published_event(venue="Old room")
    register(event, "waiting@example.org", RegistrationStatus.WAITLISTED)
    scheduling.reschedule_event(
        user(HOST),
        event.id,
        RescheduleInput(event.start_utc.isoformat(), venue="Nihonbashi Life Science Hub"),
        event.version,
    )
    updates = _outbox("Updated:")  # the time stayed: an update, not a move
    assert _outbox("Rescheduled:") == {}
    assert "Venue: Nihonbashi Life Science Hub" in updates[HOST].body
    assert "Venue: Nihonbashi Life Science Hub" in updates["waiting@example.org"].body


def test_the_waitlist_is_not_told_of_a_join_link_it_does_not_get(demo) -> None:  # noqa: ANN001
    event = published_event()
    register(event, "waiting@example.org", RegistrationStatus.WAITLISTED)
    editing.update_event_details(
        user(HOST), event.id, {"venue": "Room 5", "online_url": NEW_LINK}, event.version
    )
    waiting = _outbox("Updated:")["waiting@example.org"].body
    assert "Venue: Room 5" in waiting
    assert "join link" not in waiting and NEW_LINK not in waiting
