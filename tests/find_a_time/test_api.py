"""``GET /api/v1/overlap``: shared windows, day flags, suggestions and parameter errors.

The demo organizations: LINK-J works 09:00-18:00 in Tokyo, the Danish Life Science
Cluster 09:00-17:00 in Copenhagen. Tokyo is UTC+9 all year; Copenhagen is UTC+1 until
clocks go forward at 01:00 UTC on Sunday 29 March 2026, then UTC+2. So the shared
window is 08:00-09:00 UTC (Tokyo's evening hour, Copenhagen's first) in winter and
07:00-09:00 UTC in summer.
"""

from datetime import datetime

import pytest
from flask.testing import FlaskClient

PAIR = "orgs=link-j,dk-cluster"
ZONES = "zones=Asia/Tokyo,Europe/Copenhagen"


def _get(client: FlaskClient, query: str) -> dict:
    response = client.get(f"/api/v1/overlap?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _days(body: dict) -> dict[str, dict]:
    return {day["date"]: day for day in body["days"]}


def _windows(day: dict) -> list[tuple[str, str]]:
    return [(window["start_utc"], window["end_utc"]) for window in day["windows"]]


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_organizations_share_one_hour_in_winter_and_two_in_summer(
    client: FlaskClient, demo
) -> None:
    body = _get(client, f"{PAIR}&from=2026-03-26&to=2026-03-31")
    days = _days(body)
    assert list(days) == [f"2026-03-{day}" for day in range(26, 32)]
    for winter_day in ("26", "27", "28"):
        assert _windows(days[f"2026-03-{winter_day}"]) == [
            (f"2026-03-{winter_day}T08:00:00Z", f"2026-03-{winter_day}T09:00:00Z")
        ]
    for summer_day in ("29", "30", "31"):
        assert _windows(days[f"2026-03-{summer_day}"]) == [
            (f"2026-03-{summer_day}T07:00:00Z", f"2026-03-{summer_day}T09:00:00Z")
        ]
    assert body["reference_zone"] == "Asia/Tokyo"
    assert [p["key"] for p in body["participants"]] == ["link-j", "dk-cluster"]
    assert body["participants"][1]["working_hours"] == "09:00-17:00"
    assert body["participants"][1]["country"] == "DK"


def test_windows_carry_local_times_in_each_zone(client: FlaskClient, demo) -> None:
    days = _days(_get(client, f"{PAIR}&from=2026-03-27&to=2026-03-30"))
    friday = days["2026-03-27"]["windows"][0]
    assert friday["minutes"] == 60
    assert [(local["timezone"], local["start"], local["end"]) for local in friday["local"]] == [
        ("Asia/Tokyo", "2026-03-27T17:00:00+09:00", "2026-03-27T18:00:00+09:00"),
        ("Europe/Copenhagen", "2026-03-27T09:00:00+01:00", "2026-03-27T10:00:00+01:00"),
    ]
    assert friday["local"][1]["start_abbreviation"] == "CET"
    monday = days["2026-03-30"]["windows"][0]
    assert monday["local"][0]["start"] == "2026-03-30T16:00:00+09:00"
    assert monday["local"][1]["start"] == "2026-03-30T09:00:00+02:00"
    assert monday["local"][1]["end"] == "2026-03-30T11:00:00+02:00"
    assert monday["local"][1]["end_abbreviation"] == "CEST"


def test_weekend_and_offset_change_are_flagged(client: FlaskClient, demo) -> None:
    days = _days(_get(client, f"{PAIR}&from=2026-03-27&to=2026-03-30"))
    sunday = days["2026-03-29"]["flags"]
    assert sunday["offset_change"] is True
    assert sunday["offset_changes"] == [
        {
            "timezone": "Europe/Copenhagen",
            "at_utc": "2026-03-29T01:00:00Z",
            "offset_before": "+01:00",
            "offset_after": "+02:00",
        }
    ]
    assert sorted(sunday["weekend_for"]) == ["dk-cluster", "link-j"]
    assert days["2026-03-29"]["offsets"] == {"link-j": "+09:00", "dk-cluster": "+02:00"}
    friday = days["2026-03-27"]["flags"]
    assert friday == {
        "weekend_for": [],
        "holidays": [],
        "offset_change": False,
        "offset_changes": [],
    }
    assert days["2026-03-30"]["flags"]["offset_change"] is False


def test_danish_and_japanese_holidays_are_named(client: FlaskClient, demo) -> None:
    days = _days(_get(client, f"{PAIR}&from=2026-04-01&to=2026-04-30"))
    assert days["2026-04-01"]["flags"]["holidays"] == []
    assert days["2026-04-02"]["flags"]["holidays"] == [
        {"participant": "dk-cluster", "country": "DK", "name": "Maundy Thursday"}
    ]
    assert days["2026-04-03"]["flags"]["holidays"] == [
        {"participant": "dk-cluster", "country": "DK", "name": "Good Friday"}
    ]
    assert days["2026-04-29"]["flags"]["holidays"] == [
        {"participant": "link-j", "country": "JP", "name": "Showa Day"}
    ]
    # A holiday is flagged, not removed: the window is still there.
    assert _windows(days["2026-04-29"]) == [("2026-04-29T07:00:00Z", "2026-04-29T09:00:00Z")]


def test_zones_default_to_nine_to_six_without_holidays(client: FlaskClient, demo) -> None:
    body = _get(client, f"{ZONES}&from=2026-03-27&to=2026-04-29")
    days = _days(body)
    assert _windows(days["2026-03-27"]) == [("2026-03-27T08:00:00Z", "2026-03-27T09:00:00Z")]
    assert _windows(days["2026-03-30"]) == [("2026-03-30T07:00:00Z", "2026-03-30T09:00:00Z")]
    assert [p["working_hours"] for p in body["participants"]] == ["09:00-18:00", "09:00-18:00"]
    assert [p["country"] for p in body["participants"]] == [None, None]
    assert days["2026-04-29"]["flags"]["holidays"] == []
    assert days["2026-04-03"]["flags"]["holidays"] == []
    assert sorted(days["2026-03-28"]["flags"]["weekend_for"]) == [
        "Asia/Tokyo",
        "Europe/Copenhagen",
    ]


def test_zones_work_without_any_organization(client: FlaskClient) -> None:
    body = _get(client, f"{ZONES}&from=2026-07-01&to=2026-07-01")
    assert _windows(body["days"][0]) == [("2026-07-01T07:00:00Z", "2026-07-01T09:00:00Z")]


def test_hours_override_organizations_hours(client: FlaskClient, demo) -> None:
    body = _get(client, f"{PAIR}&from=2026-03-27&to=2026-03-27&hours=08:00-18:00")
    # Tokyo 08:00-18:00 is 23:00-09:00 UTC; Copenhagen 08:00-18:00 CET is 07:00-17:00 UTC.
    assert _windows(body["days"][0]) == [("2026-03-27T07:00:00Z", "2026-03-27T09:00:00Z")]
    assert [p["working_hours"] for p in body["participants"]] == ["08:00-18:00", "08:00-18:00"]


def test_suggestions_fit_inside_the_shared_windows(client: FlaskClient, demo) -> None:
    body = _get(client, f"{PAIR}&from=2026-03-26&to=2026-04-10&duration=90")
    windows = [
        (_instant(w["start_utc"]), _instant(w["end_utc"]))
        for day in body["days"]
        for w in day["windows"]
    ]
    suggestions = body["suggestions"]
    assert 0 < len(suggestions) <= 10
    for suggestion in suggestions:
        start, end = _instant(suggestion["start_utc"]), _instant(suggestion["end_utc"])
        assert suggestion["start_utc"].endswith("Z")
        assert (end - start).total_seconds() == 90 * 60
        assert any(low <= start and end <= high for low, high in windows)
        assert [local["timezone"] for local in suggestion["local"]] == [
            "Asia/Tokyo",
            "Europe/Copenhagen",
        ]
        assert isinstance(suggestion["score"], float)
        assert suggestion["reasons"][0]["code"] == "inside_working_hours"
        assert all(set(reason) == {"code", "params", "points"} for reason in suggestion["reasons"])
        # The score is 100 plus the points its reasons give, so every difference is explained.
        points = sum(reason["points"] for reason in suggestion["reasons"])
        assert suggestion["score"] == pytest.approx(100 + points, abs=0.011)
    # 90 minutes only fit in summer's two-hour windows, best first.
    assert all(suggestion["start_utc"] >= "2026-03-29" for suggestion in suggestions)
    scores = [suggestion["score"] for suggestion in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_a_duration_that_never_fits_gives_no_suggestions(client: FlaskClient, demo) -> None:
    body = _get(client, f"{PAIR}&from=2026-03-26&to=2026-03-27&duration=180")
    assert body["suggestions"] == []
    assert body["duration_minutes"] == 180


def test_a_range_of_366_days_is_accepted(client: FlaskClient, demo) -> None:
    body = _get(client, f"{PAIR}&from=2026-01-01&to=2027-01-01")
    assert len(body["days"]) == 366


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("from=2026-03-26&to=2026-03-31", "orgs", "missing_participants"),
        (f"{PAIR}&{ZONES}&from=2026-03-26&to=2026-03-31", "zones", "conflicting_parameters"),
        ("orgs=link-j,no-such-org&from=2026-03-26&to=2026-03-31", "orgs", "unknown_organization"),
        (
            "zones=Asia/Tokyo,Mars/Olympus&from=2026-03-26&to=2026-03-31",
            "zones",
            "unknown_timezone",
        ),
        (f"{PAIR}&to=2026-03-31", "from", "invalid"),
        (f"{PAIR}&from=2026-03-26", "to", "invalid"),
        (f"{PAIR}&from=26.03.2026&to=2026-03-31", "from", "invalid_date"),
        (f"{PAIR}&from=2026-03-26&to=2026-02-30", "to", "invalid_date"),
        (f"{PAIR}&from=20260326&to=2026-03-31", "from", "invalid_date"),
        (f"{PAIR}&from=2026-03-31&to=2026-03-26", "to", "invalid_range"),
        (f"{PAIR}&from=2026-01-01&to=2027-01-02", "to", "range_too_long"),
        (f"{PAIR}&from=2026-03-26&to=2026-03-31&duration=0", "duration", "invalid_duration"),
        (f"{PAIR}&from=2026-03-26&to=2026-03-31&duration=-30", "duration", "invalid_duration"),
        (f"{PAIR}&from=2026-03-26&to=2026-03-31&duration=1.5", "duration", "invalid_duration"),
        (f"{PAIR}&from=2026-03-26&to=2026-03-31&duration=hour", "duration", "invalid_duration"),
        (f"{PAIR}&from=2026-03-26&to=2026-03-31&duration=1441", "duration", "invalid_duration"),
        (f"{PAIR}&from=2026-03-26&to=2026-03-31&hours=9-18", "hours", "invalid_working_hours"),
        (
            f"{ZONES}&from=2026-03-26&to=2026-03-31&hours=18:00-09:00",
            "hours",
            "invalid_working_hours",
        ),
        (
            f"{ZONES}&from=2026-03-26&to=2026-03-31&hours=09:00-25:00",
            "hours",
            "invalid_working_hours",
        ),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: FlaskClient, demo, query: str, field: str, code: str
) -> None:
    response = client.get(f"/api/v1/overlap?{query}")
    assert response.status_code == 400
    assert response.is_json
    error = response.get_json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]


def test_error_messages_say_what_is_wrong(client: FlaskClient, demo) -> None:
    def message(query: str) -> str:
        return client.get(f"/api/v1/overlap?{query}").get_json()["error"]["message"]

    assert "no-such-org" in message("orgs=no-such-org&from=2026-03-26&to=2026-03-31")
    typo = message("zones=Asia/Tokyo,Europe/Copenhagn&from=2026-03-26&to=2026-03-31")
    assert "Europe/Copenhagn" in typo and "Did you mean Europe/Copenhagen?" in typo
    assert "YYYY-MM-DD" in message(f"{PAIR}&from=2026-3-26&to=2026-03-31")
    assert "366" in message(f"{PAIR}&from=2026-01-01&to=2027-12-31")
    assert "1440" in message(f"{PAIR}&from=2026-03-26&to=2026-03-31&duration=2000")
    assert "HH:MM-HH:MM" in message(f"{PAIR}&from=2026-03-26&to=2026-03-31&hours=nine")


def test_repeated_names_count_once(client: FlaskClient, demo) -> None:
    body = _get(client, "orgs=link-j,dk-cluster,link-j,&from=2026-03-27&to=2026-03-27")
    assert [p["key"] for p in body["participants"]] == ["link-j", "dk-cluster"]
