"""VTIMEZONE generation and wall-time helpers for :mod:`planner.core.ical`.

Pure module (standard library, pytz and icalendar only).

Why a hand-built VTIMEZONE, and why this form
---------------------------------------------
Calendar clients read VTIMEZONE differently. Outlook maps a VTIMEZONE onto a
Windows zone by its *current* yearly rule, so it needs the rules as
``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`` rather than as dates. Several
parsers mishandle long ``RDATE`` lists, which is what icalendar's own
``Timezone.from_tzid`` writes. So the components are derived here, from the
same pytz table that turns each event's UTC instant into its wall time, which
keeps DTSTART and its VTIMEZONE consistent by construction. (This is also why
the wall-time helpers live here rather than going through planner.core.timezones.)

For each zone we take the transition in force at the start of the covered
window and every transition after it (up to the end of pytz's data) and group
them into *runs*: transitions with the same offsets and abbreviation that
happen in consecutive years in the same month, on the same weekday counted
the same way (n-th from the month's start or last of the month) and at the
same local time. Each run becomes one STANDARD or DAYLIGHT sub-component:

* a run of one transition: just its DTSTART (no RRULE, no RDATE);
* a run that is still going when pytz's data ends: an open-ended yearly RRULE,
  which is the zone's current rule and what Outlook looks for;
* any other run: a yearly RRULE with ``UNTIL`` (in UTC, as RFC 5545 requires)
  at its last transition, so rule changes (America/Sao_Paulo 2018, its DST
  abolished in 2019) are exact.

Runs that begin after the covered window are left out. A zone with no
transition from the window's start onwards (Asia/Tokyo, UTC) gets the usual
single STANDARD with equal TZOFFSETFROM and TZOFFSETTO from 1970-01-01.

Every observance is exact by construction: a run only joins transitions that
its rule generates, and the rule's occurrences run from the first to the last
transition of the run, one per year, so clients expand exactly the real
transitions.
"""

import calendar
import functools
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import NamedTuple

import pytz
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# pytz reads the 32-bit part of the compiled tz files, which lists transitions
# only up to January 2038. A rule that still produces a transition in 2037 is
# therefore still in force when pytz's data stops, and is emitted open-ended.
_LAST_YEAR_PYTZ_LISTS = 2037
# The customary onset for a zone whose offset does not change in the window.
_CONSTANT_ZONE_ONSET = datetime(1970, 1, 1)
# Every offset in use lies within a day of UTC, so every wall-clock reading of
# an instant lies within a day of it.
_MAX_OFFSET = timedelta(days=1)
_RFC5545_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class _YearlyRule(NamedTuple):
    """When a transition happens, in the terms an RRULE can express."""

    month: int
    weekday: int  # Monday is 0, as in datetime.weekday()
    week: int  # 1..4 counted from the month's start, or -1 for the last one
    local_time: time


@dataclass(frozen=True)
class _Transition:
    """One change of offset or abbreviation in a zone's history."""

    at_utc: datetime  # naive UTC, as pytz stores it
    offset_from: timedelta
    offset_to: timedelta
    abbreviation: str
    dst: timedelta

    @property
    def local_onset(self) -> datetime:
        """Wall time of the transition in the offset before it (RFC 5545 DTSTART)."""
        return self.at_utc + self.offset_from

    @property
    def is_daylight(self) -> bool:
        """Whether this starts a DAYLIGHT (rather than STANDARD) observance.

        Decided by the direction of the change rather than by pytz's DST flag,
        because Europe/Dublin's data marks winter GMT as the "DST" (negative)
        side; clients such as Outlook expect the summer observance to be the
        DAYLIGHT one.
        """
        if self.offset_to != self.offset_from:
            return self.offset_to > self.offset_from
        return self.dst > timedelta(0)

    @property
    def observance(self) -> tuple[timedelta, timedelta, str, bool]:
        """What a yearly rule must keep the same for every transition it covers."""
        return (self.offset_from, self.offset_to, self.abbreviation, self.is_daylight)


@dataclass
class _Run:
    """Transitions of one observance that a single yearly rule generates."""

    transitions: list[_Transition]
    # Several rules can fit a short run (the 25th can be the 4th and the last
    # Sunday); the run keeps every rule that fits all of its transitions.
    rules: frozenset[_YearlyRule]
    open_ended: bool = False


def zone_for_tzid(tzid: str) -> tzinfo:
    """Return the pytz zone for an IANA zone name, refusing abbreviations.

    Names without a region (``CET``, ``EST5EDT``, ``Japan``) are legacy
    aliases that several clients read as abbreviations or not at all, so only
    ``Area/Location`` names and pytz's common ``UTC`` and ``GMT`` are accepted;
    anything else raises ValueError.
    """
    is_regional = "/" in tzid and tzid in pytz.all_timezones_set
    if not (is_regional or tzid in pytz.common_timezones_set):
        raise ValueError(
            f"Unknown or non-IANA time zone {tzid!r}: use an Area/Location name "
            "such as 'Asia/Tokyo' or 'Europe/Copenhagen'."
        )
    return pytz.timezone(tzid)


def coverage_window(first: datetime, last: datetime) -> tuple[datetime, datetime]:
    """Return the naive-UTC window that VTIMEZONEs cover for events in ``[first, last]``.

    Whole calendar years with one year of margin on each side: moving an event
    by a few weeks then keeps the same window, so the cached timezone block
    only changes when the feed's span of years changes.
    """
    if first.tzinfo is None or last.tzinfo is None:
        raise ValueError("The covered range needs aware datetimes (UTC inside the app).")
    if last < first:
        raise ValueError(f"Covered range ends ({last}) before it starts ({first}).")
    first_year = first.astimezone(UTC).year
    last_year = last.astimezone(UTC).year
    return datetime(first_year - 1, 1, 1), datetime(last_year + 2, 1, 1)


@functools.cache
def _transitions(tzid: str) -> tuple[_Transition, ...]:
    """Read a zone's transitions, oldest first, from pytz's table.

    pytz has no public API for its table, so this reads the private
    ``_utc_transition_times`` and ``_transition_info`` (stable since pytz's
    first releases). Fixed-offset zones have no table and no transitions.
    Table rows that repeat the previous offset, DST amount and abbreviation
    are not transitions and are skipped. Cached per zone: the table cannot
    change while the process runs, and every event of a feed needs it.
    """
    zone = zone_for_tzid(tzid)
    times = getattr(zone, "_utc_transition_times", None)
    if times is None:
        return ()
    infos = zone._transition_info
    return tuple(
        _Transition(times[index], infos[index - 1][0], offset, abbreviation, dst)
        for index, (offset, dst, abbreviation) in enumerate(infos)
        if index > 0 and infos[index - 1] != infos[index]
    )


def _offset_at(zone: tzinfo, utc_naive: datetime) -> timedelta:
    """Return the UTC offset in force in ``zone`` at a naive UTC instant."""
    return zone.fromutc(utc_naive.replace(tzinfo=zone)).utcoffset()


def wall_time(tzid: str, instant: datetime) -> datetime:
    """Return the naive wall-clock time of an aware instant in ``tzid``."""
    zone = zone_for_tzid(tzid)
    return instant.astimezone(zone).replace(tzinfo=None)


def wall_time_is_unambiguous(tzid: str, instant: datetime) -> bool:
    """Tell whether the wall time of ``instant`` in ``tzid`` happens only once.

    In the hour repeated when clocks go back (02:30 on the night CEST ends
    happens at 00:30Z and again at 01:30Z) a wall time names two instants.
    RFC 5545 (3.3.5) says such a DTSTART means the first one, but ical.js
    (Thunderbird) reads the second, so neither occurrence can be written with
    TZID safely; this returns False for both.
    """
    zone = zone_for_tzid(tzid)
    utc_naive = instant.astimezone(UTC).replace(tzinfo=None)
    local = utc_naive + _offset_at(zone, utc_naive)
    # Another reading of the same wall time lies within a day of the instant,
    # under an offset in force then; the transitions in that span list them all.
    candidate_offsets = {_offset_at(zone, utc_naive - _MAX_OFFSET)}
    candidate_offsets.update(
        transition.offset_to
        for transition in _transitions(tzid)
        if abs(transition.at_utc - utc_naive) <= _MAX_OFFSET
    )
    for offset in candidate_offsets:
        other_reading = local - offset
        if other_reading != utc_naive and _offset_at(zone, other_reading) == offset:
            return False
    return True


def _yearly_rules(onset: datetime) -> frozenset[_YearlyRule]:
    """Return every RRULE-expressible rule that puts a transition at ``onset``."""
    week_from_start = (onset.day - 1) // 7 + 1
    month_length = calendar.monthrange(onset.year, onset.month)[1]
    rules = set()
    # A 5th weekday does not exist every year, so it can never be a yearly rule.
    if week_from_start <= 4:
        rules.add(_YearlyRule(onset.month, onset.weekday(), week_from_start, onset.time()))
    if onset.day + 7 > month_length:
        rules.add(_YearlyRule(onset.month, onset.weekday(), -1, onset.time()))
    return frozenset(rules)


def _group_into_runs(transitions: Sequence[_Transition]) -> list[_Run]:
    """Group transitions, oldest first, into runs that one yearly rule generates."""
    runs: list[_Run] = []
    latest_run_of: dict[tuple, _Run] = {}
    for transition in transitions:
        rules = _yearly_rules(transition.local_onset)
        run = latest_run_of.get(transition.observance)
        if (
            run is not None
            and run.transitions[-1].local_onset.year + 1 == transition.local_onset.year
            and run.rules & rules
        ):
            run.transitions.append(transition)
            run.rules &= rules
        else:
            run = _Run([transition], rules)
            runs.append(run)
            latest_run_of[transition.observance] = run
    if transitions and transitions[-1].at_utc.year >= _LAST_YEAR_PYTZ_LISTS:
        for run in runs:
            is_yearly = len(run.transitions) > 1
            reaches_end = run.transitions[-1].at_utc.year == transitions[-1].at_utc.year
            run.open_ended = is_yearly and reaches_end
    return runs


def _rrule(run: _Run) -> dict[str, object]:
    """Return the yearly RRULE of a run of two or more transitions."""
    # Prefer "last" when it fits: it is how tzdata states such rules, so an
    # open-ended rule keeps matching the zone after pytz's data stops.
    rule = max(run.rules, key=lambda candidate: candidate.week == -1)
    recurrence: dict[str, object] = {
        "FREQ": "YEARLY",
        "BYMONTH": rule.month,
        "BYDAY": f"{rule.week}{_RFC5545_WEEKDAYS[rule.weekday]}",
    }
    if not run.open_ended:
        recurrence["UNTIL"] = run.transitions[-1].at_utc.replace(tzinfo=UTC)
    return recurrence


def _observance(run: _Run) -> TimezoneStandard | TimezoneDaylight:
    """Build the STANDARD or DAYLIGHT sub-component for one run."""
    first = run.transitions[0]
    component = TimezoneDaylight() if first.is_daylight else TimezoneStandard()
    component.add("DTSTART", first.local_onset)
    component.add("TZOFFSETFROM", first.offset_from)
    component.add("TZOFFSETTO", first.offset_to)
    if len(run.transitions) > 1:
        component.add("RRULE", _rrule(run))
    component.add("TZNAME", first.abbreviation)
    return component


def _constant_observance(offset: timedelta, abbreviation: str) -> TimezoneStandard:
    """Build the single STANDARD of a zone whose offset does not change."""
    component = TimezoneStandard()
    component.add("DTSTART", _CONSTANT_ZONE_ONSET)
    component.add("TZOFFSETFROM", offset)
    component.add("TZOFFSETTO", offset)
    component.add("TZNAME", abbreviation)
    return component


def build_vtimezone(tzid: str, window_start: datetime, window_end: datetime) -> Timezone:
    """Build the VTIMEZONE for ``tzid``, exact from ``window_start`` to ``window_end``.

    The window is naive UTC, as :func:`coverage_window` returns it. See the
    module docstring for the form and why it was chosen.
    """
    zone = zone_for_tzid(tzid)
    transitions = _transitions(tzid)
    # Start at the transition in force at the window's start, so that the
    # window's first instant already has an observance.
    in_force_index = max(0, bisect_right([t.at_utc for t in transitions], window_start) - 1)
    relevant = transitions[in_force_index:]
    vtimezone = Timezone()
    vtimezone.add("TZID", tzid)
    if not any(transition.at_utc > window_start for transition in relevant):
        local = window_start.replace(tzinfo=UTC).astimezone(zone)
        vtimezone.add_component(_constant_observance(local.utcoffset(), local.tzname()))
        return vtimezone
    for run in _group_into_runs(relevant):
        if run.transitions[0].at_utc < window_end:
            vtimezone.add_component(_observance(run))
    return vtimezone


def build_timezones_block(tzids: Iterable[str], first: datetime, last: datetime) -> bytes:
    """Serialize one VTIMEZONE per distinct zone, exact for every instant in ``[first, last]``.

    Part of :mod:`planner.core.ical`'s API (imported there). Coverage is widened to
    whole years with a year of margin each side (:func:`coverage_window`), so
    the block can be cached per set of zones and span of years.
    """
    window_start, window_end = coverage_window(first, last)
    return b"".join(
        build_vtimezone(tzid, window_start, window_end).to_ical(sorted=False)
        for tzid in sorted(set(tzids))
    )
