"""Calendar feeds and files through HTTP, read back by ical.js and icalendar.

Events are made through the services (propose, answer, confirm, publish) by
``tests.factories.calendar_event``, as in ``tests/services/test_feeds.py``.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from werkzeug.http import http_date

from planner.calendars import cache as feed_cache
from planner.calendars import feeds
from planner.calendars import tokens as feed_tokens
from planner.calendars.links import CalendarLinks, calendar_links
from planner.events import editing, scheduling
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Event, EventStatus, RegistrationStatus, User
from tests.conftest import AuthActions
from tests.core.icaljs import parse_with_icaljs
from tests.factories import FROZEN_NOW, JOIN_URL, ORGANIZERS, calendar_event, register

PUBLIC_FEED = "/feeds/events.ics"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every planned 2037 event inside the public 180-day window, and start cold."""
    monkeypatch.setattr(feeds, "utc_now", lambda: FROZEN_NOW)
    feed_cache.clear_caches()


def icalendar_events(body: bytes) -> dict[str, object]:
    return {str(vevent["UID"]): vevent for vevent in Calendar.from_ical(body).walk("VEVENT")}


def icaljs_events(body: bytes) -> dict[str, dict]:
    return {event["uid"]: event for event in parse_with_icaljs(body)["events"]}


def z(instant: datetime) -> str:
    """ical.js's rendering of an instant."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def organizer_feed_path(person: User) -> str:
    return f"/feeds/organizer/{feed_tokens.new_organizer_feed_token(person)}.ics"


def attendee_feed_path(email: str) -> str:
    token = feed_tokens.attendee_feed_token(email)
    db.session.commit()
    return f"/feeds/attendee/{token}.ics"


# -- Times: every start and end is the intended instant, in both parsers ---------------

# (start typed, zone it is typed and planned in, host, the instant it must be)
PLANNED = [
    ("2037-03-27T09:00", "Europe/Copenhagen", "dk-cluster", utc(2037, 3, 27, 8)),  # CET
    ("2037-03-30T09:00", "Europe/Copenhagen", "dk-cluster", utc(2037, 3, 30, 7)),  # CEST
    ("2037-10-23T09:00", "Europe/Copenhagen", "dk-cluster", utc(2037, 10, 23, 7)),  # CEST
    ("2037-10-26T09:00", "Europe/Copenhagen", "dk-cluster", utc(2037, 10, 26, 8)),  # CET
    ("2037-03-27T17:00", "Asia/Tokyo", "link-j", utc(2037, 3, 27, 8)),
    # 07:00 in Tokyo is still the previous evening in Copenhagen.
    ("2037-12-10T07:00", "Asia/Tokyo", "link-j", utc(2037, 12, 9, 22)),
]


def test_every_feed_resolves_to_the_planned_instants(client: FlaskClient, people) -> None:  # noqa: ANN001
    planned = {}
    for start, zone, host, instant in PLANNED:
        cohosts = [slug for slug in ("link-j", "dk-embassy", "dk-cluster") if slug != host]
        event = calendar_event(start, zone, host=host, cohost_slugs=cohosts, duration_minutes=90)
        register(event, "aiko@example.jp", RegistrationStatus.CONFIRMED)
        planned[event.uid] = (zone, instant)
    paths = [
        PUBLIC_FEED,
        "/feeds/orgs/dk-embassy.ics",
        attendee_feed_path("aiko@example.jp"),
        organizer_feed_path(people["dk-embassy"]),
    ]
    for path in paths:
        body = client.get(path).data
        by_icaljs, by_icalendar = icaljs_events(body), icalendar_events(body)
        assert set(by_icaljs) == set(planned) == set(by_icalendar), path
        for uid, (zone, instant) in planned.items():
            read = by_icaljs[uid]
            assert (read["dtstart"], read["dtend"]) == (
                z(instant),
                z(instant + timedelta(minutes=90)),
            )
            assert read["dtstart_tzid"] == zone
            vevent = by_icalendar[uid]
            assert vevent.decoded("DTSTART").astimezone(UTC) == instant
            assert vevent.decoded("DTEND").astimezone(UTC) == instant + timedelta(minutes=90)
            assert vevent["DTSTART"].params["TZID"] == zone


def test_single_event_file_resolves_across_the_date_line(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event("2037-12-10T07:00", "Asia/Tokyo")
    response = client.get(f"/events/{event.id}.ics")
    assert response.status_code == 200
    parsed = parse_with_icaljs(response.data)
    assert parsed["calendar"]["method"] == "PUBLISH"
    assert parsed["calendar"]["x-wr-calname"] is None  # a file, not a subscription
    (read,) = parsed["events"]
    assert read["dtstart"] == z(utc(2037, 12, 9, 22))
    assert read["conference"] is None
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="event-{event.id}.ics"'
    )


# -- HTTP: validators, 304, HEAD, stability --------------------------------------------


def test_feed_headers(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event()
    response = client.get(PUBLIC_FEED)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.data).hexdigest()}"'
    assert response.headers["Last-Modified"] == http_date(event.updated_at)
    assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Content-Disposition"] == 'inline; filename="cohosted-events.ics"'
    assert b"METHOD" not in response.data


def test_empty_feed_is_dated_at_the_epoch(client: FlaskClient) -> None:
    response = client.get(PUBLIC_FEED)
    assert response.status_code == 200
    assert response.headers["Last-Modified"] == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert parse_with_icaljs(response.data)["events"] == []


def test_revalidation_answers_304_without_building(
    client: FlaskClient,
    people,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calendar_event()
    first = client.get(PUBLIC_FEED)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    def no_build(*_args: object) -> bytes:
        raise AssertionError("an unchanged feed must not be built again")

    monkeypatch.setattr(feed_cache, "_build", no_build)
    for headers in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", {etag}'},
        {"If-Modified-Since": modified},
    ):
        response = client.get(PUBLIC_FEED, headers=headers)
        assert response.status_code == 304, headers
        assert response.data == b""
        assert response.headers["ETag"] == etag
        assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    earlier = http_date(datetime.now(UTC) - timedelta(days=1))
    assert client.get(PUBLIC_FEED, headers={"If-Modified-Since": earlier}).status_code == 200
    # The ETag decides when both are sent (RFC 9110): a stale ETag gets the feed.
    stale = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
    assert client.get(PUBLIC_FEED, headers=stale).status_code == 200


def test_head_gives_the_headers_without_the_body(client: FlaskClient, people) -> None:  # noqa: ANN001
    calendar_event()
    full = client.get(PUBLIC_FEED)
    head = client.head(PUBLIC_FEED)
    assert head.status_code == 200
    assert head.data == b""
    for name in ("ETag", "Last-Modified", "Content-Type", "Cache-Control"):
        assert head.headers[name] == full.headers[name]
    assert head.headers["Content-Length"] == str(len(full.data))


def test_unchanged_feed_is_byte_stable_and_a_reschedule_changes_it(
    client: FlaskClient,
    people,  # noqa: ANN001
) -> None:
    event = calendar_event()
    first, second = client.get(PUBLIC_FEED), client.get(PUBLIC_FEED)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    feed_cache.clear_caches()  # a cold worker builds the very same bytes
    assert client.get(PUBLIC_FEED).data == first.data
    scheduling.reschedule_event(
        people["link-j"], event.id, RescheduleInput("2037-05-12T18:00", "Asia/Tokyo")
    )
    moved = client.get(PUBLIC_FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 200
    assert moved.headers["ETag"] != first.headers["ETag"]
    (read,) = parse_with_icaljs(moved.data)["events"]
    assert (read["uid"], read["sequence"]) == (event.uid, 1)
    assert read["dtstart"] == z(utc(2037, 5, 12, 9))
    scheduling.cancel_event(people["link-j"], event.id, CancellationReason("Speaker ill"))
    (cancelled,) = icalendar_events(client.get(PUBLIC_FEED).data).values()
    assert (cancelled["SEQUENCE"], str(cancelled["STATUS"])) == (2, "CANCELLED")


# -- Privacy ---------------------------------------------------------------------------


def test_join_link_only_where_the_reader_is_entitled(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event()
    register(event, "aiko@example.jp", RegistrationStatus.CONFIRMED)
    public = [PUBLIC_FEED, "/feeds/orgs/link-j.ics", f"/events/{event.id}.ics"]
    private = [attendee_feed_path("aiko@example.jp"), organizer_feed_path(people["dk-cluster"])]
    for path in public:
        response = client.get(path)
        assert JOIN_URL.encode() not in response.data, path
        assert parse_with_icaljs(response.data)["events"][0]["conference"] is None
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cache-Control"].startswith("public,")
    for path in private:
        response = client.get(path)
        (read,) = parse_with_icaljs(response.data)["events"]
        assert read["conference"]["value"] == JOIN_URL, path
        assert JOIN_URL in read["description"]
        assert "Access-Control-Allow-Origin" not in response.headers
        assert response.headers["Cache-Control"] == "private, max-age=0, must-revalidate"
        assert response.headers["X-Robots-Tag"] == "noindex"


def test_a_new_join_link_reaches_the_attendee_feed(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event()
    register(event, "aiko@example.jp", RegistrationStatus.CONFIRMED)
    feed = attendee_feed_path("aiko@example.jp")
    first = client.get(feed)
    new_link = "https://example.org/join/new-room"
    editing.update_event_details(
        people["link-j"], event.id, {"online_url": new_link}, event.version
    )
    again = client.get(feed, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    (read,) = parse_with_icaljs(again.data)["events"]
    assert read["conference"]["value"] == new_link


def test_unknown_and_revoked_addresses_look_the_same(client: FlaskClient, people) -> None:  # noqa: ANN001
    old = organizer_feed_path(people["link-j"])
    assert client.get(old).status_code == 200
    feed_tokens.new_organizer_feed_token(people["link-j"])
    unpublished = calendar_event(until=EventStatus.CONFIRMED)
    answers = [
        client.get(path)
        for path in (
            old,
            "/feeds/organizer/never-issued.ics",
            "/feeds/attendee/never-issued.ics",
            "/feeds/orgs/atlantis.ics",
            f"/events/{unpublished.id}.ics",
            "/events/99999.ics",
        )
    ]
    assert {response.status_code for response in answers} == {404}
    assert {response.data for response in answers} == {b"There is no calendar at this address.\n"}
    assert {response.headers["Content-Type"] for response in answers} == {
        "text/plain; charset=utf-8"
    }
    assert all("Access-Control-Allow-Origin" not in response.headers for response in answers)


def test_unpublished_events_never_reach_public_calendars(client: FlaskClient, people) -> None:  # noqa: ANN001
    hidden = [
        calendar_event("2037-05-13T17:00", until=EventStatus.DRAFT),
        calendar_event("2037-05-14T17:00", until=EventStatus.PROPOSED),
        calendar_event("2037-05-15T17:00", until=EventStatus.CONFIRMED),
    ]
    shown = calendar_event()
    for path in (PUBLIC_FEED, "/feeds/orgs/link-j.ics", "/feeds/orgs/dk-cluster.ics"):
        assert set(icalendar_events(client.get(path).data)) == {shown.uid}, path
    for event in hidden:
        assert client.get(f"/events/{event.id}.ics").status_code == 404


# -- Text: escaping, folding, language -------------------------------------------------

HOSTILE = 'Gala; "speed", dating \\ N\r\nBEGIN:VEVENT\nUID:evil\u2028END:VCALENDAR'
LONG_JAPANESE = "デンマークと日本のデジタルヘルス・再生医療・創薬：" * 7


def test_hostile_and_japanese_titles_survive_the_endpoint(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event(title_en=HOSTILE, title_ja=LONG_JAPANESE[:200])
    expected = {"en": HOSTILE.replace("\r\n", "\n").replace("\u2028", "\n")}
    expected["ja"] = LONG_JAPANESE[:200]
    for lang, title in expected.items():
        body = client.get(f"{PUBLIC_FEED}?lang={lang}").data
        assert all(len(line) <= 75 for line in body.split(b"\r\n")), lang
        # Whatever the title holds stays inside SUMMARY: one line of each structure.
        unfolded = body.replace(b"\r\n ", b"").split(b"\r\n")
        assert unfolded.count(b"BEGIN:VEVENT") == unfolded.count(b"END:VCALENDAR") == 1
        assert not any(line.startswith(b"UID:evil") for line in unfolded)
        body.decode("utf-8")  # folding never splits a character
        (read,) = parse_with_icaljs(body)["events"]
        assert read["summary"] == title
        assert str(icalendar_events(body)[event.uid]["SUMMARY"]) == title


def test_lang_picks_the_title_and_description(client: FlaskClient, people) -> None:  # noqa: ANN001
    event = calendar_event()
    (english,) = parse_with_icaljs(client.get(PUBLIC_FEED).data)["events"]
    (japanese,) = parse_with_icaljs(client.get(f"{PUBLIC_FEED}?lang=ja").data)["events"]
    assert english["summary"] == event.title_en
    assert japanese["summary"] == event.title_ja
    assert japanese["description"].startswith("二都市、一つのプログラム。")
    file = client.get(f"/events/{event.id}.ics?lang=ja").data
    assert str(icalendar_events(file)[event.uid]["SUMMARY"]) == event.title_ja
    refused = client.get(f"{PUBLIC_FEED}?lang=fr")
    assert refused.status_code == 400
    assert refused.headers["Content-Type"] == "text/plain; charset=utf-8"


# -- Pages and links -------------------------------------------------------------------

INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+=|\sstyle=", re.IGNORECASE)


def test_feeds_page_offers_every_public_feed(client: FlaskClient, people) -> None:  # noqa: ANN001
    response = client.get("/feeds")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert not INLINE_CODE.search(page)
    assert 'href="webcal://planner.test/feeds/events.ics"' in page
    assert 'value="http://planner.test/feeds/events.ics" readonly' in page
    assert '<label class="field__label" for="feed-public-url">' in page
    assert 'id="feed-public-url"' in page
    google = "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fplanner.test%2Ffeeds%2Fevents.ics"
    assert google in page
    assert (
        "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Fplanner.test%2Ffeeds"
        "%2Forgs%2Fmedicon.ics&amp;name=Co-hosted+events%3A+Medicon+Valley+Alliance"
    ) in page
    for slug in ORGANIZERS:
        assert f"webcal://planner.test/feeds/orgs/{slug}.ics" in page
        assert client.get(f"/feeds/orgs/{slug}.ics").status_code == 200
    assert "/feeds/organizer/" not in page  # visitors have no private feed


def test_feeds_page_in_japanese_offers_japanese_feeds(client: FlaskClient, people) -> None:  # noqa: ANN001
    page = client.get("/feeds", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert 'value="http://planner.test/feeds/events.ics?lang=ja"' in page
    assert "webcal://planner.test/feeds/orgs/medicon.ics?lang=ja" in page


def test_organizer_sees_and_replaces_their_private_feed(
    client: FlaskClient,
    auth: AuthActions,
    people,  # noqa: ANN001
) -> None:
    auth.login(ORGANIZERS["dk-cluster"])
    page = client.get("/feeds").get_data(as_text=True)
    assert not INLINE_CODE.search(page)
    assert "/feeds/organizer/" not in page.replace("/feeds/organizer/new-address", "")
    assert "Create my feed address" in page  # a GET creates nothing; asking does
    client.post("/feeds/organizer/new-address", data={"csrf_token": auth.csrf_token("/feeds")})
    page = client.get("/feeds").get_data(as_text=True)
    old = re.search(r'value="http://planner\.test(/feeds/organizer/[^"]+\.ics)"', page).group(1)
    assert client.get(old).status_code == 200
    response = client.post("/feeds/organizer/new-address", data={"csrf_token": auth.csrf_token()})
    assert response.status_code == 302
    page = client.get("/feeds").get_data(as_text=True)
    new = re.search(r'value="http://planner\.test(/feeds/organizer/[^"]+\.ics)"', page).group(1)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_replacing_the_address_needs_a_signed_in_user(
    client: FlaskClient,
    auth: AuthActions,
    people,  # noqa: ANN001
) -> None:
    token = auth.csrf_token()
    response = client.post("/feeds/organizer/new-address", data={"csrf_token": token})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post("/feeds/organizer/new-address").status_code == 400  # no CSRF token


def links_in_language(app: Flask, event: Event, language: str) -> CalendarLinks | None:
    """``calendar_links`` as a page in ``language`` computes it (in a fresh context)."""

    def compute() -> CalendarLinks | None:
        with app.test_request_context("/", headers={"Accept-Language": language}):
            return calendar_links(event)

    return contextvars.Context().run(compute)


def test_add_to_calendar_links(app: Flask, people) -> None:  # noqa: ANN001
    event = calendar_event("2037-03-27T17:00", "Asia/Tokyo", duration_minutes=90)
    links = links_in_language(app, event, "en")
    assert links.ics_url == f"http://planner.test/events/{event.id}.ics"
    google = urlsplit(links.google_url)
    assert f"{google.scheme}://{google.netloc}{google.path}" == (
        "https://calendar.google.com/calendar/render"
    )
    query = {key: values[0] for key, values in parse_qs(google.query).items()}
    assert query["action"] == "TEMPLATE"
    assert query["text"] == event.title_en
    assert query["dates"] == "20370327T080000Z/20370327T093000Z"
    assert query["ctz"] == "Asia/Tokyo"
    assert query["location"] == "Online"
    assert f"http://planner.test/events/{event.id}" in query["details"]
    outlook = urlsplit(links.outlook_url)
    assert outlook.netloc == "outlook.office.com"
    query = {key: values[0] for key, values in parse_qs(outlook.query).items()}
    assert (query["startdt"], query["enddt"]) == ("2037-03-27T08:00:00Z", "2037-03-27T09:30:00Z")
    assert (query["path"], query["rru"]) == ("/calendar/action/compose", "addevent")
    assert query["subject"] == event.title_en
    assert JOIN_URL not in links.google_url + links.outlook_url
    japanese = links_in_language(app, event, "ja")
    assert japanese.ics_url.endswith(f"/events/{event.id}.ics?lang=ja")
    assert "text=" + "%E3%83%87" in japanese.google_url  # the Japanese title


def test_no_add_links_for_events_that_are_not_published(app: Flask, people) -> None:  # noqa: ANN001
    confirmed = calendar_event(until=EventStatus.CONFIRMED)
    cancelled = calendar_event("2037-05-13T17:00", until=EventStatus.CANCELLED)
    assert links_in_language(app, confirmed, "en") is None
    assert links_in_language(app, cancelled, "en") is None
