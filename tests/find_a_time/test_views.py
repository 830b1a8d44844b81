"""The "Find a time" page: defaults, day rows, marks, suggestions, errors and the CSP rules."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

PAGE = "/find-a-time"
PAIR = "orgs=link-j&orgs=dk-cluster"
SPRING = f"{PAGE}?{PAIR}&first=2026-03-26&last=2026-04-03&duration=60"


def _html(client: FlaskClient, url: str, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status
    return response.get_data(as_text=True)


def _checked(html: str) -> set[str]:
    return set(
        re.findall(
            r'<input checked id="orgs-\d+" name="orgs" type="checkbox" value="([^"]+)"', html
        )
    )


def _day_dates(html: str) -> list[str]:
    return re.findall(r'<h3 class="planner-day__date"><time datetime="([\d-]+)">', html)


def _proposal_links(html: str) -> list[dict[str, list[str]]]:
    hrefs = re.findall(r'href="(/events/new\?[^"]+)"', html)
    return [parse_qs(urlsplit(unescape(href)).query) for href in hrefs]


def test_defaults_show_link_j_and_the_danish_cluster_for_two_weeks(
    client: FlaskClient, demo
) -> None:
    html = _html(client, PAGE)
    assert _checked(html) == {"link-j", "dk-cluster"}
    assert 'value="medicon"' in html and 'value="dk-embassy"' in html
    today = datetime.now(UTC).date()
    dates = _day_dates(html)
    assert dates[0] == today.isoformat()
    assert dates[-1] == (today + timedelta(days=13)).isoformat()
    assert len(dates) == 14
    assert f'value="{today.isoformat()}"' in html
    assert 'name="duration"' in html and 'value="60"' in html
    assert "Suggested times" in html


def test_page_is_public_and_works_without_organizations(client: FlaskClient) -> None:
    html = _html(client, PAGE)
    assert "No organizations yet." in html
    assert "Suggested times" not in html


def test_chosen_range_shows_each_citys_shared_window(client: FlaskClient, demo) -> None:
    html = _html(client, SPRING)
    assert _day_dates(html) == [
        "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30",
        "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03",
    ]  # fmt: skip
    # Winter: Copenhagen's first hour is Tokyo's last; summer: two hours.
    assert "Shared: 09:00–10:00 CET" in html
    assert "Shared: 17:00–18:00 JST" in html
    assert "Shared: 09:00–11:00 CEST" in html
    assert "Shared: 16:00–18:00 JST" in html
    assert "Working hours 09:00–17:00" in html
    assert "Working hours 09:00–18:00" in html
    assert _checked(html) == {"link-j", "dk-cluster"}


def test_bars_are_decorative_svg_next_to_their_text(client: FlaskClient, demo) -> None:
    html = _html(client, SPRING)
    bars = re.findall(r'<svg class="day-bar"[^>]*>', html)
    assert len(bars) == 9 * 2
    assert all('aria-hidden="true"' in svg for svg in re.findall(r"<svg [^>]*>", html))
    # A visitor's bars are on the first organization's clock (Copenhagen): the winter
    # shared hour 09:00-10:00 CET sits at minute 540 of its day, in both rows.
    assert html.count('<rect class="day-bar__shared" x="540" y="0" width="60" height="24">') == 6
    # The summer window 09:00-11:00 CEST is Tokyo's 16:00-18:00, at the same place.
    assert '<rect class="day-bar__shared" x="540" y="0" width="120" height="24">' in html
    # 29 March has 23 hours in Copenhagen; the jump at 02:00 CET is a narrow mark.
    assert 'viewBox="0 0 1380 24"' in html
    assert '<rect class="day-bar__change" x="110" y="0" width="20" height="24">' in html


def test_weekends_holidays_and_clock_changes_are_marked(client: FlaskClient, demo) -> None:
    html = _html(client, SPRING)
    assert html.count("day-mark--weekend") == 2
    assert "Clocks change in Copenhagen: UTC+01:00 → UTC+02:00" in html
    assert "Public holiday in Denmark: Maundy Thursday" in html
    assert "Public holiday in Denmark: Good Friday" in html
    japanese = _html(client, f"{PAGE}?{PAIR}&first=2026-04-27&last=2026-05-01&duration=60")
    assert "Public holiday in Japan: Showa Day" in japanese


def test_suggestions_link_to_a_new_proposal(client: FlaskClient, demo) -> None:
    html = _html(client, SPRING)
    links = _proposal_links(html)
    assert 0 < len(links) <= 10
    allowed_windows = {f"2026-03-{day}T08:00:00Z" for day in (26, 27, 28)} | {
        f"2026-{day}T{hour}:00Z"
        for day in ("03-29", "03-30", "03-31", "04-01", "04-02", "04-03")
        for hour in ("07:00", "07:30", "08:00")
    }
    for query in links:
        assert set(query) == {"start", "duration", "cohosts"}
        assert query["start"][0] in allowed_windows
        assert query["duration"] == ["60"]
        assert sorted(query["cohosts"][0].split(",")) == ["dk-cluster", "link-j"]
    assert "Propose this time" in html
    assert "Tokyo: Wed 1 Apr 16:30–17:30 JST" in html


def test_duration_and_hours_change_the_suggestions(client: FlaskClient, demo) -> None:
    url = f"{PAGE}?{PAIR}&first=2026-03-26&last=2026-03-27&duration=120&hours=08:00-18:00"
    html = _html(client, url)
    assert "Working hours 08:00–18:00" in html
    assert [query["start"][0] for query in _proposal_links(html)] == [
        "2026-03-26T07:00:00Z",
        "2026-03-27T07:00:00Z",
    ]
    short = _html(client, f"{PAGE}?{PAIR}&first=2026-03-26&last=2026-03-27&duration=120")
    assert _proposal_links(short) == []
    assert "No time of this length fits" in short


def test_reversed_dates_are_refused_and_the_input_kept(client: FlaskClient, demo) -> None:
    url = f"{PAGE}?orgs=medicon&orgs=link-j&first=2026-04-03&last=2026-03-26&duration=45"
    html = _html(client, url, status=400)
    assert "The last day comes before the first day." in html
    assert 'value="2026-04-03"' in html and 'value="2026-03-26"' in html
    assert 'value="45"' in html
    assert _checked(html) == {"medicon", "link-j"}
    assert "Suggested times" not in html


def test_form_errors_are_shown_next_to_their_fields(client: FlaskClient, demo) -> None:
    cases = {
        "first=2026-03-26&last=2026-03-31&duration=60": "Choose at least one organization.",
        f"{PAIR}&first=2026-02-30&last=2026-03-31&duration=60": "Not a valid date value.",
        f"{PAIR}&first=2026-01-01&last=2026-03-31&duration=60": "Choose at most 62 days.",
        f"{PAIR}&first=2026-03-26&last=2026-03-31&duration=5": "Number must be between 15",
        f"{PAIR}&first=2026-03-26&last=2026-03-31&duration=hour": "Not a valid integer value.",
        f"{PAIR}&first=&last=2026-03-31&duration=60": "Not a valid date value.",
        f"{PAIR}&first=2026-03-26&last=2026-03-31&duration=60&hours=9 to 5": "HH:MM-HH:MM",
        f"{PAIR}&first=2026-03-26&last=2026-03-31&duration=60&hours=18:00-09:00": (
            "18:00-09:00 is not valid working hours"
        ),
    }
    for query, message in cases.items():
        html = _html(client, f"{PAGE}?{query}", status=400)
        assert message in html, query
        assert "field__errors" in html
    html = _html(client, f"{PAGE}?{PAIR}&first=2026-02-30&last=2026-03-31&duration=60", 400)
    assert 'value="2026-02-30"' in html


def test_unknown_organization_is_refused(client: FlaskClient, demo) -> None:
    html = _html(client, f"{PAGE}?orgs=nobody&first=2026-03-26&last=2026-03-31", status=400)
    assert "nobody" in html


def test_dates_follow_the_interface_language(client: FlaskClient, demo) -> None:
    html = _html(client, SPRING, headers={"Accept-Language": "ja"})
    assert "3月29日(日)" in html


def test_no_inline_styles_scripts_or_handlers(client: FlaskClient, demo) -> None:
    for url in (PAGE, SPRING, f"{PAGE}?{PAIR}&first=2026-04-03&last=2026-03-26"):
        html = client.get(url).get_data(as_text=True)
        assert "style=" not in html
        assert "<style" not in html
        assert re.search(r"<script(?![^>]*\ssrc=)", html) is None
        assert re.search(r"\son[a-z]+\s*=", html) is None
