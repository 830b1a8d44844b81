"""Find a time at a glance: one common axis, its zone menu, city names, dates, picks."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from tests.factories import CLUSTER, HOST

PAGE = "/find-a-time"
PAIR = "orgs=link-j&orgs=dk-cluster"
WINTER = f"{PAGE}?{PAIR}&first=2026-12-01&last=2026-12-04&duration=60"


def _html(client: FlaskClient, url: str, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status
    return response.get_data(as_text=True)


def _days(html: str) -> list[str]:
    return html.split('<li class="planner-day')[1:]


def _shared_x(day_html: str) -> list[str]:
    return re.findall(r'<rect class="day-bar__shared" x="(\d+)" y="0" width="(\d+)"', day_html)


def _labels(row_html: str) -> list[tuple[str, str]]:
    return re.findall(r'<text x="([\d.]+)%" y="11" text-anchor="middle">([\d:]+)</text>', row_html)


def _rows(day_html: str) -> dict[str, str]:
    rows = day_html.split('<li class="city-day')[1:]
    return {re.search(r'city-day__name">([^<]+)', row).group(1).strip(): row for row in rows}


def test_every_row_of_a_day_is_drawn_on_one_axis(client: FlaskClient, demo) -> None:
    html = _html(client, WINTER)
    for day in _days(html):
        spans = _shared_x(day)
        assert len(spans) == 2 and spans[0] == spans[1]  # one band through both rows
    first = _rows(_days(html)[0])
    # On Copenhagen's clock (the visitor's default: the first organization's zone),
    # the shared hour 09:00-10:00 CET is Tokyo's 17:00-18:00 JST.
    assert _shared_x(first["Copenhagen"]) == [("540", "60")]
    assert ("25.0", "06:00") in _labels(first["Copenhagen"])
    # Each row carries its own city's clock: Tokyo's 18:00 falls at Copenhagen's 10:00.
    assert ("41.67", "18:00") in _labels(first["Tokyo"])


def test_the_axis_zone_is_a_get_menu(client: FlaskClient, demo) -> None:
    html = _html(client, f"{WINTER}&axis=Asia/Tokyo")
    assert re.search(r'<option selected value="Asia/Tokyo">', html)
    assert "All bars are drawn on Tokyo time" in html
    first = _rows(_days(html)[0])
    assert _shared_x(first["Copenhagen"]) == _shared_x(first["Tokyo"]) == [("1020", "60")]
    utc = _html(client, f"{WINTER}&axis=UTC")
    day = _days(utc)[0]
    # UTC is none of the cities: an extra scale row names it and shows its hours.
    assert "city-day--axis" in day
    assert _shared_x(day) == [("480", "60"), ("480", "60")]


def test_an_unknown_axis_zone_is_refused_with_the_input_kept(client: FlaskClient, demo) -> None:
    html = _html(client, f"{WINTER}&axis=Mars/Olympus", status=400)
    assert "Choose one of the zones in the list." in html
    assert "Suggested times" not in html


def test_a_signed_in_organizer_reads_the_bars_in_their_own_zone(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    html = _html(client, WINTER)
    assert "All bars are drawn on Tokyo time" in html
    assert _shared_x(_days(html)[0]) == [("1020", "60"), ("1020", "60")]
    auth.logout()
    auth.login(CLUSTER)
    assert "All bars are drawn on Copenhagen time" in _html(client, WINTER)


def test_city_names_and_dates_are_in_the_readers_language(client: FlaskClient, demo) -> None:
    english = _html(client, WINTER)
    assert "Tue 1 Dec 2026 to Fri 4 Dec 2026" in english
    assert "Tokyo: Tue 1 Dec 17:00–18:00 JST" in english
    assert re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (Nov|Dec) \d", english) is None
    japanese = _html(client, WINTER, headers={"Accept-Language": "ja"})
    assert "コペンハーゲン" in japanese and "東京" in japanese
    assert "2026年12月1日(火)" in japanese
    assert 'city-day__name">Copenhagen' not in japanese


def test_scores_differ_with_their_reasons_and_points(client: FlaskClient, demo) -> None:
    # Summer: the two-hour window holds 60-minute slots at different distances from
    # the ends of the working days, on different weekdays.
    html = _html(client, f"{PAGE}?{PAIR}&first=2026-06-01&last=2026-06-05&duration=60")
    scores = re.findall(r'class="suggestion__score">Score ([\d.]+)<', html)
    assert len(scores) == 10
    # Tue-Thu at 07:30 UTC (30 minutes from both ends) beat 07:00 and 08:00 the same
    # days, which beat Monday and Friday: the only ties are truly equal slots.
    assert len(set(scores)) >= 3
    assert "Tuesday to Thursday, when webinars draw the most attendees." in html
    assert "at least 30 minutes from either end." in html
    assert re.search(r'class="suggestion__points">\+3<', html)


def test_ticked_suggestions_open_one_proposal_with_every_time(client: FlaskClient, demo) -> None:
    html = _html(client, WINTER)
    form = html[html.index('<form class="suggestions-form"') :]
    form = form[: form.index("</form>")]
    assert 'method="get" action="/events/new"' in form
    starts = re.findall(r'<input type="checkbox" name="start" value="([^"]+)">', form)
    assert starts == [
        "2026-12-01T08:00:00Z",
        "2026-12-02T08:00:00Z",
        "2026-12-03T08:00:00Z",
        "2026-12-04T08:00:00Z",
    ]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]+)">', form))
    assert hidden == {"duration": "60", "cohosts": "dk-cluster,link-j"}
    links = [
        parse_qs(urlsplit(unescape(href)).query)
        for href in re.findall(r'href="(/events/new\?[^"]+)"', form)
    ]
    assert [query["start"] for query in links] == [[start] for start in starts]
