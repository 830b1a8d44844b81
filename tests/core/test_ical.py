"""planner.core.ical: feeds, invites, escaping, folding and DST-exact times.

Every calendar is read back by two parsers: icalendar (the library that wrote
it) and Mozilla's ical.js (Thunderbird's parser, run with node), which
resolves TZIDs only through the file's own VTIMEZONEs.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import pytz
from icalendar import Calendar

from planner.core.ical import (
    CalendarEvent,
    CalendarMeta,
    CalendarPerson,
    InviteAttendee,
    assemble_calendar,
    build_calendar,
    build_event_block,
    build_invite,
    build_timezones_block,
    escape_text,
)
from tests.core import icaljs
from tests.core.icaljs import parse_with_icaljs

CREATED = datetime(2025, 11, 1, 9, 0, tzinfo=UTC)
LAST_MODIFIED = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
META = CalendarMeta(name="LINK-J × Denmark webinars", description="Co-hosted events; all times")
# ical.js leaves X- properties unescaped (it has no value type for them), so
# its reading is compared on a description without characters to escape.
PLAIN_META = CalendarMeta(name="LINK-J × Denmark webinars", description="Co-hosted events")
JAPANESE_TITLE = "デンマークと日本のデジタルヘルス：共同ウェビナー"
ORGANIZER = CalendarPerson("LINK-J Events", "events@link-j.example")
ATTENDEES = (
    InviteAttendee("Mette Hansen", "mette@partner.example"),
    InviteAttendee("山田 花子", "hanako@link-j.example", partstat="ACCEPTED", rsvp=False),
)


def utc(*parts: int) -> datetime:
    """Build an aware UTC datetime."""
    return datetime(*parts, tzinfo=UTC)


def iso_z(instant: datetime) -> str:
    """Format an instant the way ical.js's toISOString does."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def make_event(**overrides: object) -> CalendarEvent:
    """Build a valid event, overriding any field."""
    values: dict[str, object] = {
        "uid": "evt-1@cohost-planner",
        "sequence": 0,
        "status": "CONFIRMED",
        "summary": "Digital health webinar",
        "description": "",
        "url": "https://planner.example/events/1",
        "location": "Online",
        "start_utc": utc(2026, 3, 27, 8),
        "end_utc": utc(2026, 3, 27, 9, 30),
        "tzid": "Europe/Copenhagen",
        "created": CREATED,
        "last_modified": LAST_MODIFIED,
    }
    values.update(overrides)
    return CalendarEvent(**values)


def physical_lines(ics: bytes) -> list[bytes]:
    """Split on CRLF, checking that CRLF is the only line end."""
    assert ics.endswith(b"\r\n")
    lines = ics[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    return lines


def content_lines(ics: bytes) -> list[str]:
    """Unfold (CRLF + one space or tab) into logical content lines."""
    return re.sub(rb"\r\n[ \t]", b"", ics).decode("utf-8").split("\r\n")[:-1]


def icalendar_events(ics: bytes) -> list:
    """Parse with icalendar and return its VEVENTs."""
    return Calendar.from_ical(ics).walk("VEVENT")


# --- DST-exact times -----------------------------------------------------------


@dataclass(frozen=True)
class PlannedTime:
    """An event planned at a wall time in a zone; is_dst picks a fold's side."""

    label: str
    tzid: str
    wall: datetime
    is_dst: bool | None = None

    @property
    def start_utc(self) -> datetime:
        """The intended instant, as pytz converts it."""
        zone = pytz.timezone(self.tzid)
        return zone.localize(self.wall, is_dst=self.is_dst).astimezone(UTC)


def last_sunday(year: int, month: int) -> date:
    """Return the last Sunday of a month (the EU switch day)."""
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def around_eu_switches(year: int) -> list[PlannedTime]:
    """Copenhagen 09:00 and Tokyo 17:00 on the Friday before and Monday after each switch."""
    cases = []
    for month in (3, 10):
        switch = last_sunday(year, month)
        for day in (switch - timedelta(days=2), switch + timedelta(days=1)):
            wall = datetime.combine(day, datetime.min.time())
            cases.append(PlannedTime(f"cph {day}", "Europe/Copenhagen", wall.replace(hour=9)))
            cases.append(PlannedTime(f"tokyo {day}", "Asia/Tokyo", wall.replace(hour=17)))
    return cases


def planned(label: str, tzid: str, *wall: int, is_dst: bool | None = None) -> PlannedTime:
    """Shorthand for a PlannedTime."""
    return PlannedTime(label, tzid, datetime(*wall), is_dst)


PLANNED_TIMES = [
    *around_eu_switches(2025),
    *around_eu_switches(2026),
    *around_eu_switches(2027),
    planned("fold first 02:30 CEST", "Europe/Copenhagen", 2026, 10, 25, 2, 30, is_dst=True),
    planned("fold second 02:30 CET", "Europe/Copenhagen", 2026, 10, 25, 2, 30, is_dst=False),
    planned("tokyo saturday is cph friday", "Asia/Tokyo", 2026, 3, 28, 7, 0),
    planned("cph monday night is tokyo tuesday", "Europe/Copenhagen", 2026, 10, 26, 23, 30),
    planned("cph 2020", "Europe/Copenhagen", 2020, 6, 15, 15, 0),
    planned("cph 2037 summer", "Europe/Copenhagen", 2037, 7, 1, 10, 0),
    planned("cph 2037 winter", "Europe/Copenhagen", 2037, 12, 1, 10, 0),
    planned("new york before", "America/New_York", 2026, 3, 6, 12, 0),
    planned("new york after", "America/New_York", 2026, 3, 9, 12, 0),
    planned("new york autumn before", "America/New_York", 2026, 10, 30, 12, 0),
    planned("new york autumn after", "America/New_York", 2026, 11, 2, 12, 0),
    planned("sydney before april", "Australia/Sydney", 2026, 4, 3, 18, 0),
    planned("sydney after april", "Australia/Sydney", 2026, 4, 6, 18, 0),
    planned("sydney before october", "Australia/Sydney", 2026, 10, 2, 18, 0),
    planned("sydney after october", "Australia/Sydney", 2026, 10, 5, 18, 0),
    planned("lord howe before april", "Australia/Lord_Howe", 2026, 4, 4, 18, 0),
    planned("lord howe after april", "Australia/Lord_Howe", 2026, 4, 6, 18, 0),
    planned("lord howe fold first", "Australia/Lord_Howe", 2026, 4, 5, 1, 45, is_dst=True),
    planned("lord howe fold second", "Australia/Lord_Howe", 2026, 4, 5, 1, 45, is_dst=False),
    planned("lord howe after october", "Australia/Lord_Howe", 2026, 10, 5, 18, 0),
    planned("london before", "Europe/London", 2026, 3, 27, 8, 0),
    planned("london after", "Europe/London", 2026, 3, 30, 8, 0),
    planned("london autumn after", "Europe/London", 2026, 10, 26, 8, 0),
    planned("sao paulo before 2018 dst", "America/Sao_Paulo", 2018, 11, 2, 10, 0),
    planned("sao paulo in 2018 dst", "America/Sao_Paulo", 2018, 11, 5, 10, 0),
    planned("sao paulo last dst day", "America/Sao_Paulo", 2019, 2, 15, 10, 0),
    planned("sao paulo after abolition", "America/Sao_Paulo", 2019, 2, 18, 10, 0),
    planned("sao paulo 2025", "America/Sao_Paulo", 2025, 11, 5, 10, 0),
    planned("tokyo summer", "Asia/Tokyo", 2026, 7, 1, 17, 0),
]
DURATION = timedelta(minutes=90)


def planned_event(case: PlannedTime) -> CalendarEvent:
    """Turn a planned time into a 90-minute event."""
    return make_event(
        uid=case.label,
        tzid=case.tzid,
        start_utc=case.start_utc,
        end_utc=case.start_utc + DURATION,
    )


@pytest.fixture(scope="module")
def dst_feed() -> bytes:
    """One feed holding every planned time, as a subscriber would get it."""
    return build_calendar(META, [planned_event(case) for case in PLANNED_TIMES])


@pytest.fixture(scope="module")
def dst_feed_in_icaljs(dst_feed: bytes) -> dict[str, dict]:
    """ical.js's reading of the feed, by UID."""
    return {event["uid"]: event for event in parse_with_icaljs(dst_feed)["events"]}


def test_pytz_expectations_match_the_issue_examples() -> None:
    by_label = {case.label: case.start_utc for case in PLANNED_TIMES}
    assert by_label["cph 2026-03-27"] == utc(2026, 3, 27, 8)
    assert by_label["cph 2026-03-30"] == utc(2026, 3, 30, 7)
    assert by_label["tokyo 2026-03-27"] == utc(2026, 3, 27, 8)
    assert by_label["cph 2026-10-23"] == utc(2026, 10, 23, 7)
    assert by_label["cph 2026-10-26"] == utc(2026, 10, 26, 8)
    assert by_label["fold first 02:30 CEST"] == utc(2026, 10, 25, 0, 30)
    assert by_label["fold second 02:30 CET"] == utc(2026, 10, 25, 1, 30)


@pytest.mark.parametrize("case", PLANNED_TIMES, ids=lambda case: case.label)
def test_icaljs_resolves_each_planned_time_through_the_vtimezones(
    case: PlannedTime, dst_feed_in_icaljs: dict[str, dict]
) -> None:
    event = dst_feed_in_icaljs[case.label]
    assert event["dtstart"] == iso_z(case.start_utc)
    assert event["dtend"] == iso_z(case.start_utc + DURATION)
    # Only times in the repeated autumn hour are written in UTC.
    expected_tzid = None if "fold" in case.label else case.tzid
    assert event["dtstart_tzid"] == expected_tzid
    assert event["dtend_tzid"] == expected_tzid


@pytest.mark.parametrize("case", PLANNED_TIMES, ids=lambda case: case.label)
def test_icalendar_round_trip_gives_the_wall_time_and_instant(
    case: PlannedTime, dst_feed: bytes
) -> None:
    (vevent,) = [event for event in icalendar_events(dst_feed) if event["UID"] == case.label]
    start = vevent.decoded("DTSTART")
    assert start.astimezone(UTC) == case.start_utc
    assert vevent.decoded("DTEND").astimezone(UTC) == case.start_utc + DURATION
    if "fold" not in case.label:
        assert vevent["DTSTART"].params["TZID"] == case.tzid
        assert start.replace(tzinfo=None) == case.wall


def test_feed_has_one_vtimezone_per_zone_used(dst_feed: bytes) -> None:
    zones_in_feed = sorted(parse_with_icaljs(dst_feed)["timezones"], key=lambda zone: zone["tzid"])
    assert [zone["tzid"] for zone in zones_in_feed] == sorted({case.tzid for case in PLANNED_TIMES})
    # Sao Paulo's 2018-2019 events make the feed's zones need bounded rules too.
    assert b"RRULE:FREQ=YEARLY;UNTIL=" in dst_feed
    assert b"RDATE" not in dst_feed


def test_icaljs_helper_fails_in_ci_and_skips_locally_without_node(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(icaljs.shutil, "which", lambda _name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(RuntimeError, match="required in CI: node is not installed"):
        icaljs.parse_with_icaljs(b"")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="node is not installed"):
        icaljs.parse_with_icaljs(b"")


# --- Feeds and METHOD calendars -----------------------------------------------


def test_feed_headers_and_no_method() -> None:
    feed = build_calendar(META, [make_event()])
    lines = content_lines(feed)
    for expected in (
        "VERSION:2.0",
        "PRODID:-//LINK-J//Co-host Planner//EN",
        "CALSCALE:GREGORIAN",
        "NAME:LINK-J × Denmark webinars",
        "X-WR-CALNAME:LINK-J × Denmark webinars",
        "X-WR-CALDESC:Co-hosted events\\; all times",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert expected in lines
    assert not any(line.startswith("METHOD") for line in lines)
    calendar = parse_with_icaljs(build_calendar(PLAIN_META, [make_event()]))["calendar"]
    assert calendar["method"] is None
    assert calendar["name"] == calendar["x-wr-calname"] == PLAIN_META.name
    assert calendar["x-wr-caldesc"] == PLAIN_META.description
    assert calendar["refresh-interval"] == calendar["x-published-ttl"] == "PT1H"


def test_feed_refresh_interval_and_url_follow_meta() -> None:
    meta = CalendarMeta("Feed", "", timedelta(minutes=30), url="https://planner.example/feed.ics")
    lines = content_lines(build_calendar(meta, []))
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT30M" in lines
    assert "X-PUBLISHED-TTL:PT30M" in lines
    assert "URL:https://planner.example/feed.ics" in lines


def test_empty_feed_is_a_valid_calendar() -> None:
    parsed = parse_with_icaljs(build_calendar(META, []))
    assert parsed["events"] == []
    assert parsed["timezones"] == []


def test_feed_needs_meta_and_a_known_method() -> None:
    with pytest.raises(ValueError, match="CalendarMeta"):
        build_calendar(None, [make_event()])
    with pytest.raises(ValueError, match="METHOD"):
        build_calendar(META, [make_event()], method="REPLY")
    with pytest.raises(ValueError, match="refresh_interval"):
        build_calendar(CalendarMeta("Feed", "", timedelta(0)), [])


def test_publish_file_has_method_and_no_feed_name() -> None:
    ics = build_invite(make_event(), "PUBLISH")
    lines = content_lines(ics)
    assert "METHOD:PUBLISH" in lines
    assert not any(line.startswith(("X-WR-CALNAME", "NAME", "REFRESH-INTERVAL")) for line in lines)
    assert parse_with_icaljs(ics)["calendar"]["method"] == "PUBLISH"


def test_request_invite_lists_organizer_and_attendees() -> None:
    ics = build_invite(make_event(organizer=ORGANIZER, attendees=ATTENDEES), "REQUEST")
    lines = content_lines(ics)
    assert "METHOD:REQUEST" in lines
    assert (
        'ATTENDEE;CN="Mette Hansen";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE'
        ":mailto:mette@partner.example"
    ) in lines
    event = parse_with_icaljs(ics)["events"][0]
    assert event["organizer"]["value"] == "mailto:events@link-j.example"
    assert event["organizer"]["cn"] == "LINK-J Events"
    assert event["status"] == "CONFIRMED"
    assert [
        (person["cn"], person["value"], person["partstat"], person["rsvp"], person["role"])
        for person in event["attendees"]
    ] == [
        ("Mette Hansen", "mailto:mette@partner.example", "NEEDS-ACTION", "TRUE", "REQ-PARTICIPANT"),
        ("山田 花子", "mailto:hanako@link-j.example", "ACCEPTED", "FALSE", "REQ-PARTICIPANT"),
    ]


def test_cancel_invite_marks_the_event_cancelled() -> None:
    event = make_event(organizer=ORGANIZER, attendees=ATTENDEES, sequence=3)
    ics = build_invite(event, "CANCEL")
    assert "METHOD:CANCEL" in content_lines(ics)
    parsed = parse_with_icaljs(ics)
    assert parsed["calendar"]["method"] == "CANCEL"
    assert parsed["events"][0]["status"] == "CANCELLED"
    assert parsed["events"][0]["sequence"] == 3
    assert len(parsed["events"][0]["attendees"]) == 2


@pytest.mark.parametrize(
    ("event", "method", "message"),
    [
        (make_event(attendees=ATTENDEES), "REQUEST", "organizer with an email"),
        (
            make_event(organizer=CalendarPerson("No mail"), attendees=ATTENDEES),
            "REQUEST",
            "organizer with an email",
        ),
        (make_event(organizer=ORGANIZER), "REQUEST", "at least one attendee"),
        (make_event(organizer=ORGANIZER), "CANCEL", "at least one attendee"),
        (
            make_event(organizer=ORGANIZER, attendees=ATTENDEES, status="CANCELLED"),
            "REQUEST",
            "CANCEL, not REQUEST",
        ),
        (make_event(attendees=ATTENDEES), "PUBLISH", "must not list attendees"),
        (make_event(), "REPLY", "METHOD"),
    ],
)
def test_invite_misuse_is_refused(event: CalendarEvent, method: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_invite(event, method)


def test_request_calendar_concerns_one_event() -> None:
    first = make_event(organizer=ORGANIZER, attendees=ATTENDEES)
    second = make_event(uid="evt-2", organizer=ORGANIZER, attendees=ATTENDEES)
    with pytest.raises(ValueError, match="single event"):
        build_calendar(None, [first, second], method="REQUEST")


# --- Event properties ----------------------------------------------------------


def test_event_properties_in_both_parsers() -> None:
    event = make_event(
        sequence=4,
        status="TENTATIVE",
        description="Agenda:\n1. Welcome",
        location="Online",
        organizer=ORGANIZER,
        categories=("Webinar",),
        cohosts=("LINK-J", "Novo Nordisk Foundation, Copenhagen", "Webinar"),
    )
    ics = build_calendar(META, [event])
    parsed = parse_with_icaljs(ics)["events"][0]
    assert (parsed["uid"], parsed["sequence"], parsed["status"]) == (event.uid, 4, "TENTATIVE")
    assert parsed["description"] == "Agenda:\n1. Welcome"
    assert parsed["url"] == "https://planner.example/events/1"
    assert parsed["dtstamp"] == iso_z(LAST_MODIFIED)
    # Co-hosts follow the caller's categories; repeats and commas are handled.
    assert parsed["categories"] == ["Webinar", "LINK-J", "Novo Nordisk Foundation, Copenhagen"]
    lines = content_lines(ics)
    assert "DTSTAMP:20260203T040506Z" in lines
    assert "LAST-MODIFIED:20260203T040506Z" in lines
    assert "CREATED:20251101T090000Z" in lines
    (vevent,) = icalendar_events(ics)
    assert vevent["ORGANIZER"] == "mailto:events@link-j.example"
    assert vevent["ORGANIZER"].params["CN"] == "LINK-J Events"


def test_organizer_without_email_is_left_out() -> None:
    block = build_event_block(make_event(organizer=CalendarPerson("LINK-J")))
    assert b"ORGANIZER" not in block


def test_conference_only_when_given() -> None:
    assert b"CONFERENCE" not in build_event_block(make_event())
    with_link = make_event(conference_url="https://meet.example/j/123?pwd=a;b")
    block = build_event_block(with_link)
    assert (
        "CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Join online:https://meet.example/j/123?pwd=a;b"
        in content_lines(block)
    )
    conference = parse_with_icaljs(build_calendar(META, [with_link]))["events"][0]["conference"]
    assert conference == {
        "value": "https://meet.example/j/123?pwd=a;b",
        "feature": "VIDEO",
        "label": "Join online",
    }


# --- Escaping and folding -------------------------------------------------------

HOSTILE_SUMMARY = "Hi\r\nATTENDEE:mailto:evil@x"
HOSTILE_DESCRIPTION = (
    "Intro\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\r\nSUMMARY:pwned; a,b \\ c:\\N C:\\New\rlast"
)
HOSTILE_LOCATION = "Room 1; Building A, Copenhagen \\ 東京"


def test_hostile_text_stays_inside_its_property() -> None:
    event = make_event(
        summary=HOSTILE_SUMMARY, description=HOSTILE_DESCRIPTION, location=HOSTILE_LOCATION
    )
    ics = build_calendar(META, [event])
    lines = content_lines(ics)
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith(("ATTENDEE", "UID:evil", "SUMMARY:pwned")) for line in lines)
    expected_description = HOSTILE_DESCRIPTION.replace("\r\n", "\n").replace("\r", "\n")
    (icaljs_event,) = parse_with_icaljs(ics)["events"]
    assert icaljs_event["summary"] == "Hi\nATTENDEE:mailto:evil@x"
    assert icaljs_event["description"] == expected_description
    assert icaljs_event["location"] == HOSTILE_LOCATION
    assert icaljs_event["attendees"] == []
    (vevent,) = icalendar_events(ics)
    assert str(vevent["SUMMARY"]) == "Hi\nATTENDEE:mailto:evil@x"
    assert str(vevent["DESCRIPTION"]) == expected_description
    assert "ATTENDEE" not in vevent


def test_escape_text_escapes_and_drops_controls() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("C:\\New") == "C:\\\\New"
    assert escape_text("a\x00b\x1bc\x7fd\u2028e\x85f\r\ng\rh") == "abcd\\ne\\nf\\ng\\nh"
    assert escape_text("tab\tkept") == "tab\tkept"
    assert escape_text("lone \ud800 surrogate") == "lone ? surrogate"


def test_hostile_parameter_and_uri_values_stay_on_one_line() -> None:
    attendee = InviteAttendee('Lars "the Dane"\r\nEND:VEVENT', "lars@partner.example")
    event = make_event(
        organizer=ORGANIZER,
        attendees=(attendee,),
        url="https://planner.example/a b\r\nATTENDEE:mailto:evil@x",
        conference_url="https://meet.example/x\nEND:VEVENT",
        conference_label="Join\r\nBEGIN:VALARM",
    )
    ics = build_invite(event, "REQUEST")
    lines = content_lines(ics)
    assert lines.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith(("END:VEVENT:", "BEGIN:VALARM")) for line in lines)
    parsed = parse_with_icaljs(ics)["events"][0]
    assert [person["cn"] for person in parsed["attendees"]] == ['Lars "the Dane" END:VEVENT']
    assert parsed["url"] == "https://planner.example/a%20b%0D%0AATTENDEE:mailto:evil@x"
    assert parsed["conference"]["value"] == "https://meet.example/x%0AEND:VEVENT"
    assert parsed["conference"]["label"] == "Join BEGIN:VALARM"


@pytest.mark.parametrize(("name", "read"), [("\\", None), ("Keio \\ \\", "Keio"), ("a\\b", "a\\b")])
def test_a_trailing_backslash_never_escapes_the_address(name: str, read: str | None) -> None:
    # icalendar reads "CN=a\\:mailto:..." as the name "a:mailto" and loses the address.
    event = make_event(
        organizer=CalendarPerson(name, "events@link-j.example"),
        attendees=(InviteAttendee(name, "lars@partner.example"),),
    )
    vevent = Calendar.from_ical(build_invite(event, "REQUEST")).walk("VEVENT")[0]
    for person, email in (
        (vevent["ORGANIZER"], "events@link-j.example"),
        (vevent["ATTENDEE"], "lars@partner.example"),
    ):
        assert str(person) == f"mailto:{email}"
        assert person.params.get("CN") == read


@pytest.mark.parametrize("email", ["evil@x\r\nATTENDEE:mailto:a@b", "two words@x", "no-at-sign"])
def test_malformed_emails_are_refused(email: str) -> None:
    with pytest.raises(ValueError, match="not a single email address"):
        build_event_block(make_event(organizer=CalendarPerson("X", email)))


@pytest.mark.parametrize("prefix", ["", "a", "ab", "abc"])
@pytest.mark.parametrize("text", [JAPANESE_TITLE * 5, "🇩🇰🇯🇵 Webinar " * 12])
def test_folding_is_octet_correct_for_multibyte_text(prefix: str, text: str) -> None:
    summary = prefix + text
    event = make_event(summary=summary, description=summary, location=summary)
    ics = build_calendar(META, [event])
    for line in physical_lines(ics):
        assert len(line) <= 75, line
        line.decode("utf-8")  # raises if a fold split a character
    assert f"SUMMARY:{summary}" in content_lines(ics)
    parsed = parse_with_icaljs(ics)["events"][0]
    assert parsed["summary"] == parsed["description"] == parsed["location"] == summary


# --- Determinism and caching ----------------------------------------------------


def test_output_is_byte_identical_for_equal_input() -> None:
    events = [planned_event(case) for case in PLANNED_TIMES]
    same_events = [planned_event(case) for case in PLANNED_TIMES]
    assert build_calendar(META, events) == build_calendar(META, same_events)
    invite = make_event(organizer=ORGANIZER, attendees=ATTENDEES)
    assert build_invite(invite, "REQUEST") == build_invite(invite, "REQUEST")


def test_assembling_cached_blocks_equals_building_at_once() -> None:
    events = [planned_event(case) for case in PLANNED_TIMES[:6]]
    blocks = [build_event_block(event) for event in events]
    tz_block = build_timezones_block(
        {event.tzid for event in events},
        min(event.start_utc for event in events),
        max(event.end_utc for event in events),
    )
    assert assemble_calendar(META, blocks, tz_block) == build_calendar(META, events)
    assert all(block.startswith(b"BEGIN:VEVENT\r\n") for block in blocks)


def test_assemble_refuses_blocks_that_are_not_ours() -> None:
    block = build_event_block(make_event())
    with pytest.raises(ValueError, match="one serialized VEVENT"):
        assemble_calendar(META, [b"SUMMARY:oops\r\n"], b"")
    with pytest.raises(ValueError, match="VTIMEZONE"):
        assemble_calendar(META, [block], block)


# --- Validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_utc": datetime(2026, 3, 27, 8)}, "aware"),
        ({"end_utc": utc(2026, 3, 27, 8)}, "end after it starts"),
        ({"status": "POSTPONED"}, "STATUS"),
        ({"tzid": "JST"}, "time zone"),
        ({"sequence": -1}, "SEQUENCE"),
        ({"uid": " "}, "UID"),
        ({"attendees": (InviteAttendee("A", "a@x.example", partstat="MAYBE"),)}, "PARTSTAT"),
        ({"attendees": (InviteAttendee("A", "a@x.example", role="HOST"),)}, "ROLE"),
    ],
)
def test_invalid_events_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_event_block(make_event(**overrides))


# --- Alarms (an attendee's own files) --------------------------------------------


def test_alarms_fire_before_the_start_in_every_reader() -> None:
    # Sun 29 Mar 2026 09:00 CEST (07:00Z), the morning after Copenhagen's clocks went
    # forward: the day-before alarm is an exact 1,440 minutes before the start in every
    # reader ("-P1D" would be a nominal day, which readers compute differently).
    event = make_event(
        start_utc=utc(2026, 3, 29, 7),
        end_utc=utc(2026, 3, 29, 8),
        organizer=ORGANIZER,
        attendees=(InviteAttendee("Aiko Sato", "aiko@example.jp", "ACCEPTED", False),),
        alarms=(60, 1440),
    )
    ics = build_invite(event, "REQUEST")
    vevent = Calendar.from_ical(ics).walk("VEVENT")[0]
    alarms = vevent.walk("VALARM")
    assert [str(alarm["ACTION"]) for alarm in alarms] == ["DISPLAY", "DISPLAY"]
    assert [alarm["TRIGGER"].dt for alarm in alarms] == [timedelta(days=-1), timedelta(hours=-1)]
    assert b"TRIGGER:-PT1440M\r\n" in ics and b"TRIGGER:-PT60M\r\n" in ics
    assert all(str(alarm["DESCRIPTION"]) == event.summary for alarm in alarms)
    (read,) = parse_with_icaljs(ics)["events"]
    assert [alarm["trigger_seconds"] for alarm in read["alarms"]] == [-86400, -3600]
    assert [alarm["fires"] for alarm in read["alarms"]] == [
        "2026-03-28T07:00:00.000Z",
        "2026-03-29T06:00:00.000Z",
    ]


def test_no_alarm_unless_asked_and_never_after_the_start() -> None:
    assert b"VALARM" not in build_event_block(make_event())
    with pytest.raises(ValueError, match="before the start"):
        build_event_block(make_event(alarms=(0,)))
