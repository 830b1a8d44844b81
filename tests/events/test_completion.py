"""Completing events: the clock's move from published to completed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskCliRunner

from planner.calendars import cache as feed_cache
from planner.calendars import feeds
from planner.events.access import available_actions
from planner.events.completion import complete_ended_events
from planner.extensions import db
from planner.models import AuditEntry, Event, EventStatus
from tests.factories import HOST, agreed_event, move_start, published_event, user


def _status(event: Event) -> EventStatus:
    db.session.expire_all()
    return db.session.get(Event, event.id).status


def test_published_events_that_ended_are_completed_once(demo) -> None:  # noqa: ANN001
    ended = published_event(days_ahead=30)
    move_start(ended, datetime.now(UTC) - timedelta(days=2))
    running = published_event(days_ahead=30)
    move_start(running, datetime.now(UTC) - timedelta(minutes=30))  # 90 minutes long
    upcoming = published_event(days_ahead=30)
    confirmed = agreed_event(days_ahead=30)
    move_start(confirmed, datetime.now(UTC) - timedelta(days=2))  # never published

    assert complete_ended_events() == [ended.id]
    assert _status(ended) == EventStatus.COMPLETED
    assert [_status(e) for e in (running, upcoming, confirmed)] == [
        EventStatus.PUBLISHED,
        EventStatus.PUBLISHED,
        EventStatus.CONFIRMED,
    ]
    assert complete_ended_events() == []  # a second run changes nothing
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="event.complete"))
    assert (entry.actor_id, entry.event_id, entry.after) == (
        None,
        ended.id,
        {"status": "completed"},
    )


def test_completing_leaves_the_calendar_entry_as_it_was(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    move_start(event, datetime.now(UTC) - timedelta(days=2))
    before = feeds.render_event_file(event.id, "en").body
    complete_ended_events()
    feed_cache.clear_caches()
    assert feeds.render_event_file(event.id, "en").body == before


def test_nobody_is_offered_to_complete_an_event(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    assert "complete" not in available_actions(user(HOST), event)


def test_the_command_completes_ended_events(runner: FlaskCliRunner, demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    move_start(event, datetime.now(UTC) - timedelta(days=2))
    result = runner.invoke(args=["complete-events"])
    assert result.exit_code == 0, result.output
    assert "1 ended events marked completed." in result.output
    assert _status(event) == EventStatus.COMPLETED
