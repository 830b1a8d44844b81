"""In Chromium: Find a time on one common axis, picking several times, and "Your time".

Screenshots (phone and desktop, English and Japanese) go to test-artifacts/screenshots.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SCREENSHOTS, screenshot, sign_in

HOST = "organizer@link-j.example"
WINTER = "/find-a-time?orgs=link-j&orgs=dk-cluster&first=2026-12-01&last=2026-12-04&duration=60"
SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
# Where each day's shared-time rectangles are drawn, row by row, in CSS pixels.
SHARED_BOXES = """() => Array.from(document.querySelectorAll('.planner-day')).map(day =>
  Array.from(day.querySelectorAll('.day-bar__shared')).map(rect => {
    const box = rect.getBoundingClientRect();
    return [box.left, box.width];
  }))"""


def _page(browser, *, locale: str, size: str, zone: str = "UTC"):  # noqa: ANN001, ANN202
    context = browser.new_context(
        viewport=SIZES[size], locale=locale, timezone_id=zone, bypass_csp=True
    )
    return context.new_page()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("locale", ["en-GB", "ja-JP"])
def test_shared_time_lines_up_across_rows(browser, live_server, locale, size) -> None:  # noqa: ANN001
    page = _page(browser, locale=locale, size=size)
    page.goto(f"{live_server.url}{WINTER}")
    days = page.evaluate(SHARED_BOXES)
    assert len(days) == 4
    for rows in days:
        assert len(rows) == 2
        (left, width), (other_left, other_width) = rows
        assert abs(left - other_left) < 0.5 and abs(width - other_width) < 0.5
        assert width > 4  # one hour of a day, visible even on a phone
    # Each row has its own clock's labels, and nothing spills sideways on a phone.
    labels = page.locator(".planner-day").first.locator(".day-bar__labels text")
    assert labels.count() >= 6
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    city = "コペンハーゲン" if locale == "ja-JP" else "Copenhagen"
    assert page.locator(".city-day__name").first.inner_text().startswith(city)
    screenshot(page, f"h3-find-a-time-{size}-{locale[:2]}")
    # The two parts this page is about, close up, for people to look at.
    for part in ("days", "suggestions"):
        page.locator(f"section[aria-labelledby={part}-heading]").screenshot(
            path=str(SCREENSHOTS / f"h3-find-a-time-{part}-{size}-{locale[:2]}.png")
        )
    page.context.close()


def test_the_axis_menu_moves_every_row_together(browser, live_server) -> None:  # noqa: ANN001
    page = _page(browser, locale="en-GB", size="desktop")
    page.goto(f"{live_server.url}{WINTER}")
    before = page.evaluate(SHARED_BOXES)[0][0][0]
    page.select_option("#axis", "Asia/Tokyo")
    page.get_by_role("button", name="Find times").click()
    page.wait_for_url(re.compile(r"axis=Asia%2FTokyo"))
    rows = page.evaluate(SHARED_BOXES)[0]
    assert abs(rows[0][0] - rows[1][0]) < 0.5
    assert rows[0][0] > before  # 17:00 on Tokyo's clock is further right than 09:00
    page.context.close()


def test_ticked_suggestions_become_candidate_times(browser, live_server) -> None:  # noqa: ANN001
    page = _page(browser, locale="en-GB", size="desktop")
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}{WINTER}")
    page.check("input[name=start][value='2026-12-01T08:00:00Z']")
    page.check("input[name=start][value='2026-12-03T08:00:00Z']")
    screenshot(page, "h3-find-a-time-ticked-desktop-en")
    page.get_by_role("button", name="Propose the ticked times").click()
    page.wait_for_url(re.compile(r"/events/new\?"))
    # The host plans in Tokyo: 08:00 UTC is 17:00 JST.
    assert page.input_value("#slots-0-start") == "2026-12-01T17:00"
    assert page.input_value("#slots-1-start") == "2026-12-03T17:00"
    assert page.input_value("#slots-2-start") == ""
    page.context.close()


def _register_url(page, live_server) -> str:  # noqa: ANN001
    page.goto(live_server.url)
    ids = dict.fromkeys(re.findall(r'href="/events/(\d+)"', page.content()))
    for event_id in ids:
        url = f"{live_server.url}/events/{event_id}/register"
        if page.goto(url).status == 200 and page.locator("[data-viewer-time]").count():
            return url
    raise AssertionError("no public event to register for")


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("America/New_York", r"^(EST|EDT) · New York$"),
        ("Europe/Istanbul", r"^UTC\+03:00 · Istanbul$"),
    ],
)
@pytest.mark.parametrize("locale", ["en-GB", "ja-JP"])
def test_your_time_on_the_registration_page(browser, live_server, zone, label, locale) -> None:  # noqa: ANN001
    page = _page(browser, locale=locale, size="phone", zone=zone)
    page.goto(_register_url(page, live_server))
    card = page.locator("[data-viewer-time]").first
    card.wait_for(state="visible")
    assert re.match(label, card.locator("[data-viewer-zone]").inner_text())
    date_pattern = (
        r"^\d{4}年\d{1,2}月\d{1,2}日\(.\)$" if locale == "ja-JP" else r"^\w{3} \d{1,2} \w{3} \d{4}$"
    )
    assert re.match(date_pattern, card.locator("[data-viewer-date]").inner_text())
    assert re.match(r"^\d{2}:\d{2}$", card.locator("[data-viewer-clock]").inner_text())
    screenshot(page, f"h3-register-your-time-phone-{locale[:2]}-{zone.split('/')[1].lower()}")
    page.context.close()
