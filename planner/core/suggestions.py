"""Suggested event times: ranked slots inside everyone's working hours.

Pure module, on top of :mod:`planner.core.overlap`. Candidates start every step from
the start of each shared window. Days near a DST or other offset change lose points
(calendars, reminders and habits are often still on the old offset around a switch).
Slot suggestions skip days that are a weekend or public holiday for anyone when at
least ``limit`` clean candidates exist; otherwise flagged candidates are added after a
penalty large enough to rank them below every clean one.

A score is the base plus the points of its reasons, and every reason that moves the
score carries its points, so a reader can see why one slot beats another: two slots
tie only when every reason (slack at each end of everyone's day, weekday, nearness
to a clock change, days off) is the same.
"""

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from planner.core.overlap import (
    OverlapPlan,
    Participant,
    Window,
    plan_overlap,
)
from planner.core.time_flags import time_flags
from planner.core.timezones import TimeZoneError, offset_changes, to_local

REASON_CODES = (
    "inside_working_hours",  # {"margin_minutes"}: least slack to anyone's start or end of day
    "early_for",  # {"participant", "minutes"}: starts under an hour after their day starts
    "late_for",  # {"participant", "minutes"}: ends under an hour before their day ends
    "near_offset_change",  # {"days", "zone"}: within 3 days of a DST/offset change
    "weekend",  # {"participant"}: Saturday or Sunday in their own zone
    "holiday",  # {"participant", "country", "name"}: public holiday in their country
    "midweek",  # {"weekday"}: Tuesday to Thursday in the first participant's zone
)
# Days this close to an offset change get a penalty: calendars, reminders and
# people's habits are often still on the old offset around a switch.
NEAR_OFFSET_CHANGE_DAYS = 3
# Slack below this at either end of someone's day is flagged as early/late;
# slack up to COMFORT_CAP earns a growing bonus, so mid-day slots rank first.
EDGE_MARGIN = timedelta(hours=1)
# Slack beyond this earns nothing more. Four hours is the middle of a nine-hour day
# less half an hour, so in a long shared window every half-hour step still scores
# differently instead of all slots past two hours tying.
COMFORT_CAP = timedelta(hours=4)
_BASE_SCORE = 100.0
_COMFORT_BONUS = 10.0  # for the least slack of anyone's day, the reason readers see first
_BALANCE_BONUS = 2.0  # for the average slack at every end, so equal least slacks still differ
# Tuesday to Thursday: webinar attendance is highest mid-week, and Mondays and Fridays
# collide with weekly meetings and early weekend departures in both countries.
_MIDWEEK_BONUS = 3.0
_MIDWEEK_DAYS = (1, 2, 3)  # datetime.weekday(): Tuesday, Wednesday, Thursday
_OFFSET_CHANGE_PENALTY = 20.0
_OFFSET_CHANGE_PENALTY_PER_DAY_CLOSER = 5.0
# Larger than any achievable difference between clean slots, so a weekend or
# holiday slot can never outrank one that is neither.
_WEEKEND_OR_HOLIDAY_PENALTY = 1000.0


@dataclass(frozen=True)
class Reason:
    """Why a slot scored as it did; ``code`` is one of REASON_CODES, for translation.

    ``points`` is what the reason added to (or took from) the score; 0 for reasons
    that only explain another one (early_for and late_for explain the slack).
    """

    code: str
    params: dict[str, str]
    points: float = 0.0


@dataclass(frozen=True)
class SlotSuggestion:
    """A candidate event time, with a score (higher is better) and its reasons."""

    start_utc: datetime
    end_utc: datetime
    score: float
    reasons: list[Reason]


def _offset_change_dates(
    participants: Sequence[Participant], first: date, last: date
) -> list[tuple[date, str]]:
    """List (reference-zone date, zone) for each offset change that can affect first..last."""
    reach = timedelta(days=NEAR_OFFSET_CHANGE_DAYS)
    zones = sorted({participant.zone_name for participant in participants})
    return [
        (to_local(moment, participants[0].zone_name).date(), zone)
        for zone in zones
        for moment, _, _ in offset_changes(zone, first - reach, last + reach)
    ]


def _slot_penalties(
    participants: Sequence[Participant],
    start: datetime,
    end: datetime,
    plan: OverlapPlan,
    near_change: Reason | None,
) -> list[Reason]:
    """Return the reasons that cost a slot points: offset change, weekend, holiday."""
    flags = time_flags(participants, start, end, plan.holiday_calendars)
    reasons = [near_change] if near_change else []
    # Each day off costs the full penalty, so a day off for two is ranked below a day
    # off for one, and both below every clean slot.
    reasons += [
        Reason("weekend", {"participant": key}, -_WEEKEND_OR_HOLIDAY_PENALTY)
        for key in flags.weekend_for
    ]
    reasons += [
        Reason(
            "holiday",
            {"participant": h.participant_key, "country": h.country, "name": h.name},
            -_WEEKEND_OR_HOLIDAY_PENALTY,
        )
        for h in flags.holidays
    ]
    return reasons


def near_change_reason(days: int, zone: str) -> Reason:
    """The penalty for a day ``days`` away from an offset change in ``zone``."""
    closer_by = NEAR_OFFSET_CHANGE_DAYS - days
    points = -(_OFFSET_CHANGE_PENALTY + _OFFSET_CHANGE_PENALTY_PER_DAY_CLOSER * closer_by)
    return Reason("near_offset_change", {"days": str(days), "zone": zone}, points)


def _score_slot(
    start: datetime,
    end: datetime,
    participants: Sequence[Participant],
    own_windows: dict[str, list[Window]],
    penalties: list[Reason],
) -> SlotSuggestion:
    """Score one candidate: comfort inside everyone's day and mid-week, minus penalties."""
    margins, edge_reasons = [], []
    for participant in participants:
        windows = own_windows[participant.key]
        # Shared windows are intersections, so the own window starting last
        # at or before the slot start holds the whole slot.
        own = windows[bisect_right(windows, start, key=lambda window: window.start_utc) - 1]
        early, late = start - own.start_utc, own.end_utc - end
        for code, slack in (("early_for", early), ("late_for", late)):
            if slack < EDGE_MARGIN:
                minutes = str(int(slack.total_seconds() // 60))
                edge_reasons.append(
                    Reason(code, {"participant": participant.key, "minutes": minutes})
                )
        margins += [early, late]
    least = min(margins)
    average = sum(min(margin, COMFORT_CAP) / COMFORT_CAP for margin in margins) / len(margins)
    comfort = _COMFORT_BONUS * (min(least, COMFORT_CAP) / COMFORT_CAP) + _BALANCE_BONUS * average
    inside = Reason(
        "inside_working_hours",
        {"margin_minutes": str(int(least.total_seconds() // 60))},
        round(comfort, 2),
    )
    # The first participant's weekday: the day the reference calendar shows.
    weekday = to_local(start, participants[0].zone_name).weekday()
    midweek = (
        [Reason("midweek", {"weekday": str(weekday)}, _MIDWEEK_BONUS)]
        if weekday in _MIDWEEK_DAYS
        else []
    )
    reasons = [inside, *midweek, *edge_reasons, *penalties]
    score = _BASE_SCORE + sum(reason.points for reason in reasons)
    return SlotSuggestion(start, end, round(score, 2), reasons)


def suggest_slots(
    participants: Sequence[Participant],
    first: date,
    last: date,
    duration: timedelta,
    *,
    limit: int = 10,
    step: timedelta = timedelta(minutes=30),
) -> list[SlotSuggestion]:
    """Suggest up to ``limit`` event times that fit entirely in everyone's working hours.

    Candidates start every ``step`` from the start of each shared window.
    Best first: comfortably inside everyone's day beats right at an edge, Tuesday
    to Thursday beat Monday and Friday, days near an offset change lose points,
    true ties go to the earlier start.
    Weekend and holiday candidates are dropped when at least ``limit`` others
    exist and otherwise ranked below all of them. Returns [] if nothing fits.
    """
    if not timedelta(0) < duration <= timedelta(hours=24):
        raise TimeZoneError(
            "invalid_duration", f"Duration must be above 0 and at most 24 hours, not {duration}."
        )
    if step <= timedelta(0):
        raise TimeZoneError("invalid_step", f"The step must be positive, not {step}.")
    if limit < 1:
        raise TimeZoneError("invalid_limit", f"The limit must be at least 1, not {limit}.")
    plan = plan_overlap(participants, first, last)
    change_dates = _offset_change_dates(participants, first, last)
    clean, flagged = [], []
    for day in plan.days:
        distance, zone = min(
            ((abs((changed - day.date).days), zone) for changed, zone in change_dates),
            default=(NEAR_OFFSET_CHANGE_DAYS + 1, ""),
        )
        near_change = None
        if distance <= NEAR_OFFSET_CHANGE_DAYS:
            near_change = near_change_reason(distance, zone)
        for window in day.windows:
            start = window.start_utc
            while start + duration <= window.end_utc:
                end = start + duration
                penalties = _slot_penalties(participants, start, end, plan, near_change)
                suggestion = _score_slot(start, end, participants, plan.own_windows, penalties)
                on_day_off = any(reason.code != "near_offset_change" for reason in penalties)
                (flagged if on_day_off else clean).append(suggestion)
                start += step
    candidates = clean if len(clean) >= limit else clean + flagged
    candidates.sort(key=lambda suggestion: (-suggestion.score, suggestion.start_utc))
    return candidates[:limit]
