"""planner.core.timezones checked against the standard library's zoneinfo as an oracle.

Both libraries read the IANA database, but pytz bundles its own copy while
zoneinfo reads the system's files or the ``tzdata`` package. Different
database releases really do disagree: against pytz 2026f, this machine's
system tzdata 2025b differs for 12 common zones in 127 zone-years (Canada's
western provinces, Morocco, Moldova, Cuba, a 1992 Bogota fix). So the oracle
is chosen by version, never assumed:

1. the ``tzdata`` package when its IANA version equals ``pytz.OLSON_VERSION``,
2. else the system database when its ``tzdata.zi`` version equals it,
3. else the system database with every (zone, year) whose offsets differ
   from pytz's excluded. Differences are found by comparing the offset just
   before and at every pytz transition of that year (which catches any moved
   or missing pytz transition) and weekly in between (which catches an
   oracle-only change lasting a week or more). The count is recorded and
   bounded by ``test_oracle_exclusions_are_few_and_spare_the_project_zones``.
"""

import functools
import importlib.resources
import zoneinfo
from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
import pytz
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner.core.timezones import (
    AmbiguousLocalTimeError,
    NonexistentLocalTimeError,
    localize_strict,
    to_local,
)

FIRST_YEAR, LAST_YEAR = 1990, 2037
COMMON_ZONES = sorted(pytz.common_timezones)
PROJECT_ZONES = ("Asia/Tokyo", "Europe/Copenhagen")


class Oracle(NamedTuple):
    load: Callable[[str], zoneinfo.ZoneInfo]
    description: str
    excluded: frozenset[tuple[str, int]]


def _packaged_tzdata_version() -> str | None:
    try:
        import tzdata
    except ImportError:
        return None
    return tzdata.IANA_VERSION


def _system_tzdata_file(name: str) -> Path | None:
    for root in zoneinfo.TZPATH:
        if (Path(root) / name).is_file():
            return Path(root) / name
    return None


def _system_tzdata_version() -> str | None:
    version_file = _system_tzdata_file("tzdata.zi")
    if version_file is None:
        return None
    first_line = version_file.read_text(encoding="utf-8").splitlines()[0]
    return first_line.removeprefix("# version ").strip()


@functools.cache
def _load_packaged(name: str) -> zoneinfo.ZoneInfo:
    resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
    with resource.open("rb") as data:
        return zoneinfo.ZoneInfo.from_file(data, key=name)


@functools.cache
def _load_system(name: str) -> zoneinfo.ZoneInfo:
    path = _system_tzdata_file(name)
    if path is None:
        return zoneinfo.ZoneInfo(name)  # falls back to the tzdata package if any
    with path.open("rb") as data:
        return zoneinfo.ZoneInfo.from_file(data, key=name)


def _pytz_offset(zone: pytz.BaseTzInfo, utc_naive: datetime) -> timedelta:
    times = getattr(zone, "_utc_transition_times", None)
    if times is None:
        return zone.utcoffset(None)
    return zone._transition_info[max(0, bisect_right(times, utc_naive) - 1)][0]


def _pytz_transitions(name: str, year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """Return (naive UTC instant, offset before, offset after) of pytz's transitions in a year."""
    zone = pytz.timezone(name)
    times = getattr(zone, "_utc_transition_times", None) or []
    low = bisect_right(times, datetime(year, 1, 1))
    high = bisect_right(times, datetime(year + 1, 1, 1))
    return [
        (times[i], zone._transition_info[i - 1][0], zone._transition_info[i][0])
        for i in range(max(low, 1), high)
    ]


def _disagreeing_zone_years(load: Callable[[str], zoneinfo.ZoneInfo]) -> frozenset[tuple[str, int]]:
    disagreeing = set()
    for name in COMMON_ZONES:
        zone, oracle_zone = pytz.timezone(name), load(name)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            probes = [datetime(year, 1, 1) + timedelta(weeks=week) for week in range(53)]
            for moment, _before, _after in _pytz_transitions(name, year):
                probes += [moment - timedelta(seconds=1), moment]
            for probe in probes:
                oracle_offset = probe.replace(tzinfo=UTC).astimezone(oracle_zone).utcoffset()
                if probe.year == year and oracle_offset != _pytz_offset(zone, probe):
                    disagreeing.add((name, year))
                    break
    return frozenset(disagreeing)


def _choose_oracle() -> Oracle:
    wanted = pytz.OLSON_VERSION
    packaged, system = _packaged_tzdata_version(), _system_tzdata_version()
    if packaged == wanted:
        return Oracle(_load_packaged, f"tzdata package {packaged}", frozenset())
    if system == wanted:
        return Oracle(_load_system, f"system tzdata {system}", frozenset())
    description = f"system tzdata {system} (pytz {wanted}), disagreeing zone-years excluded"
    return Oracle(_load_system, description, _disagreeing_zone_years(_load_system))


ORACLE = _choose_oracle()
COMPARABLE = [
    (name, year)
    for name in COMMON_ZONES
    for year in range(FIRST_YEAR, LAST_YEAR + 1)
    if (name, year) not in ORACLE.excluded
]


class Verdict(NamedTuple):
    kind: str  # "valid", "gap" or "fold"
    instants: list[datetime]  # UTC readings, earliest first


def oracle_verdict(name: str, local: datetime) -> Verdict:
    """Classify a wall time with zoneinfo's fold semantics only."""
    zone = ORACLE.load(name)
    readings = []
    for fold in (0, 1):
        aware = local.replace(tzinfo=zone, fold=fold)
        instant = aware.astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == local:
            readings.append(instant)
    readings = sorted(set(readings))
    if not readings:
        return Verdict("gap", [])
    return Verdict("valid" if len(readings) == 1 else "fold", readings)


def assert_matches_oracle(name: str, local: datetime) -> str:
    """Check localize_strict and to_local against the oracle; return the verdict kind."""
    verdict = oracle_verdict(name, local)
    if verdict.kind == "gap":
        with pytest.raises(NonexistentLocalTimeError) as raised:
            localize_strict(local, name)
        assert raised.value.gap_start <= local < raised.value.gap_end
        for valid_local in raised.value.nearest_valid_local:
            assert oracle_verdict(name, valid_local).kind != "gap"
        return verdict.kind
    if verdict.kind == "fold":
        with pytest.raises(AmbiguousLocalTimeError) as raised:
            localize_strict(local, name)
        choices = raised.value.choices
        assert [choices[0].utc, choices[-1].utc] == verdict.instants
        resolved = [localize_strict(local, name, choice.offset) for choice in choices]
    else:
        resolved = [localize_strict(local, name)]
        assert resolved == verdict.instants
    for instant in resolved:
        assert instant.tzinfo is UTC
        assert to_local(instant, name).replace(tzinfo=None) == local
    return verdict.kind


def _transition_wall_times(name: str, year: int) -> list[datetime]:
    """Wall times at which pytz says the clock changes, on both sides of each change."""
    return [
        moment + offset
        for moment, before, after in _pytz_transitions(name, year)
        for offset in (before, after)
    ]


@st.composite
def wall_times(draw: st.DrawFn) -> tuple[str, datetime]:
    """Draw a comparable zone and a wall time in its year, half within 3 h of a change."""
    name, year = draw(st.sampled_from(COMPARABLE))
    anchors = _transition_wall_times(name, year)
    if anchors and draw(st.booleans()):
        anchor = draw(st.sampled_from(anchors))
        local = anchor + timedelta(minutes=draw(st.integers(-180, 180)))
    else:
        start, end = datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)
        local = draw(st.datetimes(min_value=start, max_value=end)).replace(microsecond=0)
    return name, local


# How many random wall times: the Hypothesis profile's (tests/conftest.py), 500 by
# default, 2,000 with HYPOTHESIS_PROFILE=thorough. The named examples below and the
# transition probes of test_every_transition_is_detected_exactly always run in full.
@settings(deadline=None, database=None)
@given(wall_times())
@example(("Europe/Copenhagen", datetime(2025, 3, 30, 2, 30)))
@example(("Europe/Copenhagen", datetime(2025, 10, 26, 2, 30)))
@example(("Europe/Copenhagen", datetime(2026, 3, 29, 2, 0)))
@example(("Europe/Copenhagen", datetime(2026, 3, 29, 2, 59, 59)))
@example(("Europe/Copenhagen", datetime(2026, 3, 29, 3, 0)))
@example(("Europe/Copenhagen", datetime(2026, 10, 25, 2, 0)))
@example(("Europe/Copenhagen", datetime(2026, 10, 25, 2, 59)))
@example(("Europe/Copenhagen", datetime(2026, 10, 25, 3, 0)))
@example(("Europe/Copenhagen", datetime(2027, 3, 28, 2, 30)))
@example(("Europe/Copenhagen", datetime(2027, 10, 31, 2, 30)))
@example(("Asia/Tokyo", datetime(2026, 3, 29, 2, 30)))
def test_localize_strict_agrees_with_zoneinfo(case: tuple[str, datetime]) -> None:
    name, local = case
    assert assert_matches_oracle(name, local) in ("valid", "gap", "fold")


@pytest.mark.parametrize("name", COMMON_ZONES)
def test_every_transition_is_detected_exactly(name: str) -> None:
    """The minute before, the start, the middle, the last minute and the end of each change.

    Mid-January and mid-July noon of every year are probed too, so zones with
    no change since 1990 (Asia/Tokyo, UTC) are still compared.
    """
    kinds = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if (name, year) in ORACLE.excluded:
            continue
        probes = {datetime(year, 1, 15, 12), datetime(year, 7, 15, 12)}
        for moment, before, after in _pytz_transitions(name, year):
            low, high = sorted((moment + before, moment + after))
            middle = low + (high - low) / 2
            probes |= {low - timedelta(minutes=1), low, middle, high - timedelta(minutes=1), high}
        kinds += [assert_matches_oracle(name, probe) for probe in sorted(probes)]
    assert "valid" in kinds
    if name == "Europe/Copenhagen":
        assert {"gap", "fold"} <= set(kinds)


def test_copenhagen_switches_are_in_the_sample_space() -> None:
    assert all(("Europe/Copenhagen", year) in COMPARABLE for year in (2025, 2026, 2027))
    assert oracle_verdict("Europe/Copenhagen", datetime(2026, 3, 29, 2, 30)).kind == "gap"
    assert oracle_verdict("Europe/Copenhagen", datetime(2026, 10, 25, 2, 30)).kind == "fold"


def test_oracle_exclusions_are_few_and_spare_the_project_zones() -> None:
    """Exclusions (none when versions match) stay few and never touch Tokyo or Copenhagen."""
    total = len(COMMON_ZONES) * (LAST_YEAR - FIRST_YEAR + 1)
    assert len(ORACLE.excluded) + len(COMPARABLE) == total
    assert len(ORACLE.excluded) <= total // 20, (ORACLE.description, sorted(ORACLE.excluded))
    assert not {name for name, _year in ORACLE.excluded} & set(PROJECT_ZONES)
