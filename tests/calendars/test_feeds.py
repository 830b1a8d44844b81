"""Calendar feeds as the service builds them: who sees what, and what is cached.

Events are planned through the services by ``tests.factories.calendar_event``. The
demo accounts are created without the demo events, so that every feed holds exactly
the events a test made.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import update

from planner.calendars import cache as feed_cache
from planner.calendars import feeds
from planner.calendars import tokens as feed_tokens
from planner.errors import NotFound, ValidationFailed
from planner.events import negotiation, scheduling
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Answer, Event, EventStatus, Organization, RegistrationStatus
from tests.factories import FROZEN_NOW, JOIN_URL, calendar_event, register


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Pin the feeds' idea of "now", which decides the public 180-day window."""
    monkeypatch.setattr(feeds, "utc_now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture(autouse=True)
def cold_caches() -> None:
    """Every test starts with empty calendar caches."""
    feed_cache.clear_caches()


def vevents(document: feed_cache.CalendarDocument) -> dict[str, object]:
    """The feed's VEVENTs by UID, as icalendar reads them."""
    return {
        str(vevent["UID"]): vevent for vevent in Calendar.from_ical(document.body).walk("VEVENT")
    }


def public_feed(lang: str = "en") -> feed_cache.CalendarDocument:
    return feeds.render_public_feed(lang)


# -- Who sees what ---------------------------------------------------------------------


def test_public_feed_holds_public_events_only(people, frozen_clock) -> None:  # noqa: ANN001
    published = calendar_event()
    cancelled = calendar_event("2037-05-13T17:00", until=EventStatus.CANCELLED)
    confirmed = calendar_event("2037-05-14T17:00", until=EventStatus.CONFIRMED)
    proposed = calendar_event("2037-05-15T17:00", until=EventStatus.PROPOSED)
    draft = calendar_event("2037-05-16T17:00", until=EventStatus.DRAFT)
    found = vevents(public_feed())
    assert set(found) == {published.uid, cancelled.uid}
    assert str(found[published.uid]["STATUS"]) == "CONFIRMED"
    assert str(found[cancelled.uid]["STATUS"]) == "CANCELLED"
    assert found[cancelled.uid]["SEQUENCE"] == 1
    for hidden in (confirmed, proposed, draft):
        with pytest.raises(NotFound):
            feeds.render_event_file(hidden.id, "en")


def test_public_feed_keeps_180_days_and_dates_the_removal(people, monkeypatch) -> None:  # noqa: ANN001
    recent = calendar_event("2037-01-10T17:00")
    old = calendar_event("2036-08-20T17:00")
    # As if both had been planned long ago (the real clock wrote updated_at).
    db.session.execute(update(Event).values(updated_at=datetime(2036, 7, 1, tzinfo=UTC)))
    db.session.commit()
    monkeypatch.setattr(feeds, "utc_now", lambda: datetime(2037, 2, 1, tzinfo=UTC))
    assert set(vevents(public_feed())) == {recent.uid, old.uid}
    later = datetime(2037, 3, 1, tzinfo=UTC)  # 20 Aug + 180 days = 16 Feb: old has left
    monkeypatch.setattr(feeds, "utc_now", lambda: later)
    document = public_feed()
    assert set(vevents(document)) == {recent.uid}
    # If-Modified-Since must see the removal, though no remaining event changed.
    assert document.last_modified == old.start_utc + feeds.PUBLIC_WINDOW
    assert document.last_modified > datetime(2036, 7, 1, tzinfo=UTC)


def test_empty_feed_is_valid_and_dated_at_the_epoch(app) -> None:  # noqa: ANN001
    document = public_feed()
    assert document.last_modified == feed_cache.EMPTY_FEED_MODIFIED
    assert vevents(document) == {}
    assert b"X-WR-CALNAME:LINK-J \xc3\x97 Denmark co-hosted events" in document.body
    assert b"METHOD" not in document.body


def test_public_outputs_carry_neither_join_link_nor_staff_address(people, frozen_clock) -> None:  # noqa: ANN001
    event = calendar_event()
    documents = [
        public_feed(),
        feeds.render_organization_feed("dk-cluster", "en"),
        feeds.render_event_file(event.id, "en"),
    ]
    for document in documents:
        (vevent,) = vevents(document).values()
        assert JOIN_URL.encode() not in document.body
        assert "CONFERENCE" not in vevent
        assert "ORGANIZER" not in vevent
        assert b"organizer@" not in document.body


def test_organization_feed_lists_what_it_hosts_or_cohosts(people, frozen_clock) -> None:  # noqa: ANN001
    with_cluster = calendar_event()
    hosted_by_medicon = calendar_event(
        "2037-06-01T10:00", "Europe/Copenhagen", host="medicon", cohost_slugs=["link-j"]
    )

    def uids(slug: str) -> set[str]:
        document = feeds.render_organization_feed(slug, "en")
        return set(vevents(document))

    assert uids("dk-cluster") == {with_cluster.uid}
    assert uids("medicon") == {hosted_by_medicon.uid}
    assert uids("link-j") == {with_cluster.uid, hosted_by_medicon.uid}
    with pytest.raises(NotFound):
        uids("atlantis")


def test_attendee_feed_lists_registrations_with_join_links(people) -> None:  # noqa: ANN001
    seat = calendar_event()
    waitlist = calendar_event("2037-05-20T17:00")
    withdrawn = calendar_event("2037-05-21T17:00")
    someone_elses = calendar_event("2037-05-22T17:00")
    called_off = calendar_event("2037-05-23T17:00")
    register(seat, "aiko@example.jp", RegistrationStatus.CONFIRMED)
    register(waitlist, "aiko@example.jp", RegistrationStatus.WAITLISTED)
    register(withdrawn, "aiko@example.jp", RegistrationStatus.CANCELLED)
    register(someone_elses, "lars@example.dk", RegistrationStatus.CONFIRMED)
    register(called_off, "aiko@example.jp", RegistrationStatus.CONFIRMED)
    scheduling.cancel_event(people["link-j"], called_off.id, CancellationReason("Speaker ill"))
    token = feed_tokens.attendee_feed_token("aiko@example.jp")
    db.session.commit()
    document = feeds.render_attendee_feed(token, "en")
    found = vevents(document)
    assert set(found) == {seat.uid, waitlist.uid, called_off.uid}
    assert str(found[seat.uid]["CONFERENCE"]) == JOIN_URL
    assert str(found[called_off.uid]["STATUS"]) == "CANCELLED"
    # A waitlist place is not a seat: the event shows, the join link does not.
    assert "CONFERENCE" not in found[waitlist.uid]
    assert JOIN_URL not in str(found[waitlist.uid]["DESCRIPTION"])
    assert str(found[waitlist.uid]["SUMMARY"]).startswith("Waitlisted: ")
    assert b"X-WR-CALNAME:My co-hosted events" in document.body


def test_organizer_feed_shows_holds_agreed_and_cancelled_events(people) -> None:  # noqa: ANN001
    proposal = calendar_event(
        "2037-06-02T17:00", until=EventStatus.PROPOSED, other_starts=("2037-06-03T17:00",)
    )
    own_draft = calendar_event("2037-06-04T17:00", until=EventStatus.DRAFT)
    agreed = calendar_event("2037-06-05T17:00", until=EventStatus.CONFIRMED)
    published = calendar_event("2037-06-06T17:00")
    cancelled = calendar_event("2037-06-07T17:00", until=EventStatus.CANCELLED)
    declined = calendar_event("2037-06-08T17:00", until=EventStatus.PROPOSED)
    negotiation.decline_proposal(people["dk-cluster"], declined.id, "Not this time")
    cluster_draft = calendar_event(
        "2037-06-09T10:00",
        "Europe/Copenhagen",
        host="dk-cluster",
        cohost_slugs=["link-j"],
        until=EventStatus.DRAFT,
    )

    def feed_of(slug: str) -> dict[str, object]:
        token = feed_tokens.new_organizer_feed_token(people[slug])
        return vevents(feeds.render_organizer_feed(token, "en"))

    found = feed_of("link-j")
    holds = {
        f"slot-{slot.id}-{event.uid}" for event in (proposal, own_draft) for slot in event.slots
    }
    assert set(found) == holds | {agreed.uid, published.uid, cancelled.uid}
    for uid in holds:
        assert str(found[uid]["STATUS"]) == "TENTATIVE"
        assert str(found[uid]["SUMMARY"]) == "Hold: Digital health in Denmark and Japan"
        assert str(found[uid]["CONFERENCE"]) == JOIN_URL
    assert {str(found[uid]["STATUS"]) for uid in (agreed.uid, published.uid)} == {"CONFIRMED"}
    assert str(found[cancelled.uid]["STATUS"]) == "CANCELLED"
    assert str(found[published.uid]["CONFERENCE"]) == JOIN_URL
    # A co-host sees the proposal's holds but not the host's unsent draft; the
    # cluster's own draft is not shown to LINK-J either.
    cluster_view = feed_of("dk-cluster")
    proposal_holds = {f"slot-{slot.id}-{proposal.uid}" for slot in proposal.slots}
    assert proposal_holds <= set(cluster_view)
    assert not any(own_draft.uid in uid for uid in cluster_view)
    assert any(cluster_draft.uid in uid for uid in cluster_view)
    assert not any(cluster_draft.uid in uid for uid in found)
    assert all(declined.uid not in uid for uid in found)


def test_confirming_replaces_the_holds_by_the_event(people) -> None:  # noqa: ANN001
    event = calendar_event(until=EventStatus.PROPOSED, other_starts=("2037-05-13T17:00",))
    token = feed_tokens.new_organizer_feed_token(people["link-j"])
    before = feeds.render_organizer_feed(token, "en")
    assert len(vevents(before)) == 2
    slot = event.slots[0]
    for slug in ("dk-embassy", "dk-cluster"):
        negotiation.answer_slot(people[slug], event.id, slot.id, Answer.YES)
    scheduling.confirm_slot(people["link-j"], event.id, slot.id)
    after = feeds.render_organizer_feed(token, "en")
    assert list(vevents(after)) == [event.uid]
    assert after.etag != before.etag


def test_unknown_revoked_and_orphaned_tokens_are_not_found(people) -> None:  # noqa: ANN001
    old = feed_tokens.new_organizer_feed_token(people["link-j"])
    feed_tokens.new_organizer_feed_token(people["link-j"])
    attendee = feed_tokens.attendee_feed_token("aiko@example.jp")
    db.session.commit()
    messages = set()
    for render, token in (
        (feeds.render_organizer_feed, old),
        (feeds.render_organizer_feed, "no-such-token"),
        (feeds.render_organizer_feed, "x" * 500),
        (feeds.render_organizer_feed, attendee),  # an attendee token is no organizer's
        (feeds.render_attendee_feed, feed_tokens.new_organizer_feed_token(people["medicon"])),
    ):
        with pytest.raises(NotFound) as caught:
            render(token, "en")
        messages.add(caught.value.message)
    assert len(messages) == 1
    deactivated = feed_tokens.new_organizer_feed_token(people["medicon"])
    people["medicon"].active = False
    db.session.commit()
    with pytest.raises(NotFound):
        feeds.render_organizer_feed(deactivated, "en")


def test_language_is_checked_and_picks_titles(people, frozen_clock) -> None:  # noqa: ANN001
    event = calendar_event()
    assert (
        str(vevents(public_feed("ja"))[event.uid]["SUMMARY"]) == "デンマークと日本のデジタルヘルス"
    )
    assert str(vevents(public_feed("en"))[event.uid]["SUMMARY"]) == event.title_en
    for bad in ("de", "", "JA", "ja-JP"):
        with pytest.raises(ValidationFailed):
            public_feed(bad)


# -- Caching ---------------------------------------------------------------------------


class BuildCounter:
    """Counts VEVENT and VTIMEZONE serializations, to see what the caches spared."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events = 0
        self.timezones = 0
        self.documents = 0
        build_event_block = feed_cache.ical.build_event_block
        build_timezones_block = feed_cache.ical.build_timezones_block
        build = feed_cache._build

        def count_event(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.events += 1
            return build_event_block(*args, **kwargs)

        def count_timezones(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.timezones += 1
            return build_timezones_block(*args, **kwargs)

        def count_document(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.documents += 1
            return build(*args, **kwargs)

        monkeypatch.setattr(feed_cache.ical, "build_event_block", count_event)
        monkeypatch.setattr(feed_cache.ical, "build_timezones_block", count_timezones)
        monkeypatch.setattr(feed_cache, "_build", count_document)

    def take(self) -> tuple[int, int, int]:
        """Return (documents, events, timezones) built since the last call."""
        counts = (self.documents, self.events, self.timezones)
        self.documents = self.events = self.timezones = 0
        return counts


def test_unchanged_feed_is_served_from_cache_byte_for_byte(
    people,  # noqa: ANN001
    frozen_clock,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = [calendar_event(f"2037-05-1{day}T17:00") for day in range(3)]
    counter = BuildCounter(monkeypatch)
    first = public_feed()
    assert counter.take() == (1, 3, 1)
    second = public_feed()
    assert second == first
    assert counter.take() == (0, 0, 0)
    # A reschedule re-serializes that one event; the others come from the cache.
    scheduling.reschedule_event(
        people["link-j"], events[1].id, RescheduleInput("2037-05-20T18:00", "Asia/Tokyo")
    )
    counter.take()  # the rescheduling invites are built by the same functions
    third = public_feed()
    assert third.etag != first.etag
    assert counter.take() == (1, 1, 0)
    assert vevents(third)[events[1].uid]["SEQUENCE"] == 1
    # Japanese is another document, with its own blocks but the same VTIMEZONEs.
    public_feed("ja")
    assert counter.take() == (1, 3, 0)


def test_renaming_a_cohost_rebuilds_the_text(people, frozen_clock) -> None:  # noqa: ANN001
    event = calendar_event()
    first = public_feed()
    cluster = db.session.scalar(db.select(Organization).filter_by(slug="dk-cluster"))
    cluster.name_en = "Life Science Cluster Denmark"
    db.session.commit()
    second = public_feed()
    assert second.etag != first.etag
    assert "Life Science Cluster Denmark" in str(vevents(second)[event.uid]["DESCRIPTION"])


def test_etag_is_the_sha256_of_the_body(people, frozen_clock) -> None:  # noqa: ANN001
    calendar_event()
    document = public_feed()
    assert document.etag == hashlib.sha256(document.body).hexdigest()


def test_lru_cache_is_bounded_by_entries_and_weight() -> None:
    cache: feed_cache.LRUCache[str, bytes] = feed_cache.LRUCache(max_entries=3, max_weight=10)
    for key in "abc":
        cache.put(key, b"xx")
    assert cache.get("a") == b"xx"  # "a" is now the most recently used
    cache.put("d", b"xx")
    assert cache.get("b") is None and len(cache) == 3
    cache.put("e", b"x" * 8)  # 2 + 2 + 8 > 10: the oldest go
    assert cache.get("e") == b"x" * 8
    assert cache.get("a") is None and cache.get("c") is None
    cache.put("e", b"y")  # replacing an entry replaces its weight too
    cache.put("f", b"x" * 9)
    assert cache.get("f") is not None and cache.get("e") == b"y"
    cache.clear()
    assert len(cache) == 0
