"""Plain event values to iCalendar bytes: subscription feeds, single files, invites.

Pure module (standard library, pytz and icalendar only): callers pass the
frozen dataclasses below, never ORM objects, and get bytes back. The web layer
caches serialized pieces, so the API works in pieces too:
:func:`build_event_block` serializes one VEVENT, :func:`build_timezones_block`
the VTIMEZONEs for a span of dates, and :func:`assemble_calendar` wraps cached
pieces into a calendar. :func:`build_calendar` and :func:`build_invite` do all
three steps.

Decisions, and why:

* **Deterministic bytes.** Properties and parameters are written in a fixed
  order, DTSTAMP is the event's ``last_modified`` (never "now"), timezones are
  sorted by TZID and events keep the caller's order, so an unchanged feed is
  byte-identical and its ETag stays put.
* **Times.** DTSTART and DTEND are wall times with ``TZID`` = the zone the
  event was planned in, backed by a VTIMEZONE (see :mod:`planner.core.vtimezone`
  for its form). A wall time in the hour repeated when clocks go back names
  two instants; RFC 5545 says it means the first, but ical.js (Thunderbird)
  reads the second. So when DTSTART or DTEND falls in that hour, both are
  written in UTC ("Z") instead: exact in every client, at the cost of the
  TZID for events that start or end in that one night-time hour a year.
* **Text** (SUMMARY, DESCRIPTION, LOCATION, NAME, ...) is escaped here, not
  by icalendar, whose escaper reads a literal backslash-N in the input (a
  Windows path) as a line break. Every line break (CR, LF, CRLF, NEL, U+2028,
  U+2029) becomes an escaped newline, so no input can start a new property or
  component; other controls are not allowed in TEXT and are dropped.
  Parameter values (CN, LABEL) are names: breaks and controls become spaces,
  and a trailing backslash is dropped (readers such as icalendar take it, with
  the ":" after the value, for an escape, and lose the address).
  URIs get whitespace and controls percent-encoded. Folding is icalendar's
  (at most 75 octets a line, never inside a UTF-8 character; tested).
* **ORGANIZER** must be a cal-address URI, so it is written only when the
  organizer has an email (``mailto:``); a made-up URI would invite clients to
  send replies nowhere.
* **Co-hosts** go into CATEGORIES, after the caller's categories. ATTENDEE
  would need a cal-address per organization, makes clients offer to email it,
  and RFC 5546 forbids ATTENDEE in published calendars; RFC 9073's
  PARTICIPANT component is not read by the target clients. The human-readable
  co-host line belongs in DESCRIPTION, which the caller composes.
* **CONFERENCE** (RFC 7986) is written only when ``conference_url`` is given;
  whether a join link may appear in a public feed is the caller's decision.
* **Feeds vs. METHOD calendars.** A feed has no METHOD and carries its name
  and refresh hints. A METHOD calendar (a download or an invite) carries
  neither, because Apple Calendar and Outlook offer to create a new calendar
  named after X-WR-CALNAME when a single file is opened.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from icalendar import Alarm, Calendar, Event
from icalendar.prop import vCalAddress, vDuration, vInline, vUri

from planner.core.ical_text import (  # noqa: F401  (escape_text is part of this API)
    escape_text,
    mailto,
    parameter_text,
    safe_uri,
    text_value,
)
from planner.core.vtimezone import (
    build_timezones_block,
    wall_time,
    wall_time_is_unambiguous,
    zone_for_tzid,
)

DEFAULT_PRODID = "-//LINK-J//Co-host Planner//EN"
EVENT_STATUSES = frozenset({"CONFIRMED", "TENTATIVE", "CANCELLED"})
PARTICIPATION_STATUSES = frozenset({"NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE"})
ATTENDEE_ROLES = frozenset({"CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT"})
CALENDAR_METHODS = frozenset({"PUBLISH", "REQUEST", "CANCEL"})

_EVENT_BLOCK_START, _EVENT_BLOCK_END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"
_CALENDAR_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class CalendarPerson:
    """Someone who organizes an event: a display name and, if known, an email."""

    name: str
    email: str | None = None


@dataclass(frozen=True)
class InviteAttendee:
    """One recipient of an invitation, with RFC 5545 ATTENDEE parameters."""

    name: str
    email: str
    partstat: str = "NEEDS-ACTION"
    rsvp: bool = True
    role: str = "REQ-PARTICIPANT"


@dataclass(frozen=True)
class CalendarEvent:
    """Everything a VEVENT says about one event, as plain values.

    Instants are aware UTC datetimes (seconds precision is kept, microseconds
    are dropped); ``tzid`` is the IANA zone the event was planned in.
    ``cohosts`` end up in CATEGORIES (see the module docstring) and
    ``attendees`` are written as given, so a public feed should pass none.
    """

    uid: str
    sequence: int
    status: str
    summary: str
    description: str
    url: str | None
    location: str
    start_utc: datetime
    end_utc: datetime
    tzid: str
    created: datetime
    last_modified: datetime
    organizer: CalendarPerson | None = None
    cohosts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    conference_url: str | None = None
    attendees: tuple[InviteAttendee, ...] = ()
    conference_label: str = "Join online"
    # Minutes before the start at which the reader's calendar alerts them: one VALARM
    # each (ACTION:DISPLAY, TRIGGER relative to the start). Only files for one reader
    # who asked to be reminded (an attendee) carry them, never a shared feed.
    alarms: tuple[int, ...] = ()


@dataclass(frozen=True)
class CalendarMeta:
    """What a subscription feed says about itself."""

    name: str
    description: str
    refresh_interval: timedelta = timedelta(hours=1)
    prodid: str = DEFAULT_PRODID
    url: str | None = None


def _utc(instant: datetime, field_name: str) -> datetime:
    """Return an aware instant in UTC to the second, refusing naive datetimes."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{field_name} must be an aware datetime (UTC), got {instant!r}.")
    return instant.astimezone(UTC).replace(microsecond=0)


def _check_event(event: CalendarEvent) -> None:
    """Raise ValueError for values that would make an invalid VEVENT."""
    if not event.uid.strip():
        raise ValueError("An event needs a non-empty UID.")
    if event.sequence < 0:
        raise ValueError(f"SEQUENCE must be 0 or more, got {event.sequence}.")
    if event.status not in EVENT_STATUSES:
        raise ValueError(f"STATUS must be one of {sorted(EVENT_STATUSES)}, got {event.status!r}.")
    if _utc(event.end_utc, "end_utc") <= _utc(event.start_utc, "start_utc"):
        raise ValueError(f"Event {event.uid!r} must end after it starts.")
    zone_for_tzid(event.tzid)  # raises for an unknown or non-IANA zone name
    for attendee in event.attendees:
        if attendee.partstat not in PARTICIPATION_STATUSES:
            raise ValueError(f"Unknown PARTSTAT {attendee.partstat!r} for {attendee.email!r}.")
        if attendee.role not in ATTENDEE_ROLES:
            raise ValueError(f"Unknown ROLE {attendee.role!r} for {attendee.email!r}.")


def _add_start_and_end(vevent: Event, event: CalendarEvent) -> None:
    """Add DTSTART and DTEND as planning-zone wall times, or in UTC when ambiguous."""
    start, end = _utc(event.start_utc, "start_utc"), _utc(event.end_utc, "end_utc")
    if wall_time_is_unambiguous(event.tzid, start) and wall_time_is_unambiguous(event.tzid, end):
        for name, instant in (("DTSTART", start), ("DTEND", end)):
            vevent.add(name, wall_time(event.tzid, instant), parameters={"TZID": event.tzid})
    else:
        vevent.add("DTSTART", start)
        vevent.add("DTEND", end)


def _category_values(event: CalendarEvent) -> list[str]:
    """Return the caller's categories then the co-hosts, without blanks or repeats."""
    values = (value.strip() for value in (*event.categories, *event.cohosts))
    return list(dict.fromkeys(value for value in values if value))


def _add_people(vevent: Event, event: CalendarEvent) -> None:
    """Add ORGANIZER (only with an email) and one ATTENDEE per invitee."""
    organizer = event.organizer
    if organizer is not None and organizer.email:
        name = parameter_text(organizer.name)
        vevent.add(
            "ORGANIZER",
            vCalAddress(mailto(organizer.email, "Organizer"), params={"CN": name} if name else {}),
            encode=False,
        )
    for attendee in event.attendees:
        name = parameter_text(attendee.name)
        parameters = {"CN": name} if name else {}
        parameters |= {
            "ROLE": attendee.role,
            "PARTSTAT": attendee.partstat,
            "RSVP": "TRUE" if attendee.rsvp else "FALSE",
        }
        address = vCalAddress(mailto(attendee.email, "Attendee"), params=parameters)
        vevent.add("ATTENDEE", address, encode=False)


def build_event_block(event: CalendarEvent) -> bytes:
    """Serialize one event as a folded, CRLF-terminated VEVENT block, ready to cache.

    Raises ValueError for an unknown status, zone, PARTSTAT or ROLE, a naive
    datetime, an event that does not end after it starts, or a bad email.
    """
    _check_event(event)
    vevent = Event()
    vevent.add("UID", text_value(event.uid), encode=False)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("DTSTAMP", _utc(event.last_modified, "last_modified"))
    vevent.add("CREATED", _utc(event.created, "created"))
    vevent.add("LAST-MODIFIED", _utc(event.last_modified, "last_modified"))
    _add_start_and_end(vevent, event)
    vevent.add("STATUS", event.status)
    vevent.add("SUMMARY", text_value(event.summary), encode=False)
    if event.description:
        vevent.add("DESCRIPTION", text_value(event.description), encode=False)
    if event.location:
        vevent.add("LOCATION", text_value(event.location), encode=False)
    if event.url:
        vevent.add("URL", vUri(safe_uri(event.url)), encode=False)
    if event.conference_url:
        parameters = {"VALUE": "URI", "FEATURE": "VIDEO"}
        if label := parameter_text(event.conference_label):
            parameters["LABEL"] = label
        conference = vUri(safe_uri(event.conference_url), params=parameters)
        vevent.add("CONFERENCE", conference, encode=False)
    if categories := _category_values(event):
        vevent.add("CATEGORIES", vInline(",".join(map(escape_text, categories))), encode=False)
    _add_people(vevent, event)
    _add_alarms(vevent, event)
    return vevent.to_ical(sorted=False)


def _add_alarms(vevent: Event, event: CalendarEvent) -> None:
    """One display alarm per offset, earliest first, saying what starts.

    The trigger is relative to DTSTART, so it moves with the event without being
    recomputed. It is written in minutes ("-PT1440M"), an exact duration: "-P1D" would
    be a nominal day in the event's zone (RFC 5545 3.3.6; 23 or 25 hours across a clock
    change), which calendar clients compute differently. In minutes, every client
    fires at the same instant.
    """
    for minutes in sorted(set(event.alarms), reverse=True):
        if minutes <= 0:
            raise ValueError(f"An alarm must come before the start, not {minutes} minutes.")
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", vInline(f"-PT{minutes}M"), encode=False)
        alarm.add("DESCRIPTION", text_value(event.summary), encode=False)
        vevent.add_component(alarm)


def _check_blocks(event_blocks: Sequence[bytes], tz_block: bytes) -> None:
    """Catch a wrong cache entry before it is spliced into a calendar."""
    for block in event_blocks:
        if not (block.startswith(_EVENT_BLOCK_START) and block.endswith(_EVENT_BLOCK_END)):
            raise ValueError("An event block must be one serialized VEVENT (build_event_block).")
    if tz_block and not tz_block.startswith(b"BEGIN:VTIMEZONE\r\n"):
        raise ValueError("The timezone block must hold VTIMEZONEs (build_timezones_block).")


def _add_feed_headers(calendar: Calendar, meta: CalendarMeta) -> None:
    """Add the name, description and refresh hints that subscribing clients read.

    NAME, DESCRIPTION, URL and REFRESH-INTERVAL are RFC 7986; the X-WR-* and
    X-PUBLISHED-TTL twins are what Apple Calendar, Google Calendar and
    Outlook actually read.
    """
    if meta.refresh_interval <= timedelta(0):
        raise ValueError(f"refresh_interval must be positive, got {meta.refresh_interval}.")
    calendar.add("NAME", text_value(meta.name), encode=False)
    calendar.add("X-WR-CALNAME", text_value(meta.name), encode=False)
    if meta.description:
        calendar.add("DESCRIPTION", text_value(meta.description), encode=False)
        calendar.add("X-WR-CALDESC", text_value(meta.description), encode=False)
    if meta.url:
        calendar.add("URL", vUri(safe_uri(meta.url)), encode=False)
    refresh = vDuration(meta.refresh_interval, params={"VALUE": "DURATION"})
    calendar.add("REFRESH-INTERVAL", refresh, encode=False)
    calendar.add("X-PUBLISHED-TTL", vDuration(meta.refresh_interval), encode=False)


def assemble_calendar(
    meta: CalendarMeta | None,
    event_blocks: Sequence[bytes],
    tz_block: bytes,
    method: str | None = None,
) -> bytes:
    """Wrap serialized VTIMEZONE and VEVENT blocks into a VCALENDAR.

    With ``method=None`` this is a subscription feed: no METHOD, and ``meta``
    is required for its name and refresh hints. With PUBLISH, REQUEST or
    CANCEL it is a single file or an invite: METHOD is set and only
    ``meta.prodid`` is used (``meta`` may be None). Raises ValueError for an
    unknown method, a feed without meta, or blocks that do not look like the
    output of :func:`build_event_block` / :func:`build_timezones_block`.
    """
    if method is not None and method not in CALENDAR_METHODS:
        raise ValueError(f"METHOD must be one of {sorted(CALENDAR_METHODS)} or None (a feed).")
    if method is None and meta is None:
        raise ValueError("A feed (no METHOD) needs CalendarMeta for its name and refresh hints.")
    _check_blocks(event_blocks, tz_block)
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", text_value(meta.prodid if meta else DEFAULT_PRODID), encode=False)
    calendar.add("CALSCALE", "GREGORIAN")
    if method is None:
        _add_feed_headers(calendar, meta)
    else:
        calendar.add("METHOD", method)
    # icalendar cannot splice in pre-serialized components, so the components
    # go in just before the END line of the serialized header.
    header = calendar.to_ical(sorted=False)
    return header[: -len(_CALENDAR_END)] + tz_block + b"".join(event_blocks) + _CALENDAR_END


def _prepare_for_method(event: CalendarEvent, method: str | None) -> CalendarEvent:
    """Check an event against RFC 5546 for ``method`` and apply what it implies.

    REQUEST and CANCEL go to people, so they need an organizer with an email
    (replies go there) and at least one attendee; CANCEL marks the event
    CANCELLED. PUBLISH must not list attendees. Feeds (None) are unchecked.
    """
    if method in ("REQUEST", "CANCEL"):
        if event.organizer is None or not event.organizer.email:
            raise ValueError(f"A {method} needs an organizer with an email address.")
        if not event.attendees:
            raise ValueError(f"A {method} needs at least one attendee.")
    if method == "REQUEST" and event.status == "CANCELLED":
        raise ValueError("A cancelled event is sent with CANCEL, not REQUEST.")
    if method == "CANCEL":
        return dataclasses.replace(event, status="CANCELLED")
    if method == "PUBLISH" and event.attendees:
        raise ValueError("PUBLISH must not list attendees (RFC 5546); use REQUEST to invite.")
    return event


def build_calendar(
    meta: CalendarMeta | None,
    events: Sequence[CalendarEvent],
    method: str | None = None,
) -> bytes:
    """Build a whole calendar: event blocks, their VTIMEZONEs, then the wrapper.

    Events appear in the order given; see :func:`assemble_calendar` for
    ``method`` and ``meta``. Raises ValueError as those two do, for RFC 5546
    misuse (see :func:`build_invite`) and for a REQUEST or CANCEL of several
    UIDs.
    """
    if method in ("REQUEST", "CANCEL") and len({event.uid for event in events}) > 1:
        raise ValueError(f"A {method} concerns a single event (one UID).")
    prepared = [_prepare_for_method(event, method) for event in events]
    blocks = [build_event_block(event) for event in prepared]
    tz_block = b""
    if prepared:
        tz_block = build_timezones_block(
            (event.tzid for event in prepared),
            min(_utc(event.start_utc, "start_utc") for event in prepared),
            max(_utc(event.end_utc, "end_utc") for event in prepared),
        )
    return assemble_calendar(meta, blocks, tz_block, method)


def build_invite(event: CalendarEvent, method: Literal["REQUEST", "CANCEL", "PUBLISH"]) -> bytes:
    """Build a single-event calendar file for email or download.

    REQUEST invites the attendees (needs an organizer with an email and at
    least one attendee); CANCEL withdraws the event (same needs, STATUS set to
    CANCELLED; the caller bumps SEQUENCE); PUBLISH is an "add to calendar"
    file without attendees. Raises ValueError for any other method or use.
    """
    if method not in CALENDAR_METHODS:
        raise ValueError(f"An invite's METHOD must be one of {sorted(CALENDAR_METHODS)}.")
    return build_calendar(None, [event], method)
