"""In Chromium: a proposal with three problems shows all three at once, beside their fields.

A time in Copenhagen's spring-forward gap, one in its autumn fold and one already past,
sent together, on a phone and a desktop, in English and Japanese. (A speaker's zone is
chosen from a menu, so an unknown one cannot be typed here; the API test covers it.)
The live preview says nothing the server already said, until the field is changed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.e2e.conftest import new_page, screenshot, serious_accessibility_violations, sign_in

HOST = "organizer@link-j.example"


def _last_sunday(year: int, month: int) -> date:
    """The last Sunday of ``month``: when Copenhagen's clocks change."""
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


# Next year's clock-change nights, so the times are always still to come.
YEAR = datetime.now(UTC).year + 1
GAP = f"{_last_sunday(YEAR, 3).isoformat()}T02:30"
FOLD = f"{_last_sunday(YEAR, 10).isoformat()}T02:30"
PAST = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT10:00")

MESSAGES = {
    "en-US": ("does not exist in", "happens twice in", "has already passed"),
    "ja-JP": ("存在しません", "2回あります", "すでに過ぎています"),
}


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_three_problems_in_one_round(browser, live_server, locale: str, phone: bool) -> None:  # noqa: ANN001
    page = new_page(browser, locale=locale, phone=phone)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/events/new")
    page.fill("#title_en", "Three problems at once")
    page.check("input[name=cohosts][value=dk-embassy]")
    page.select_option("#timezone", "Europe/Copenhagen")
    page.fill("#slots-0-start", GAP)
    page.fill("#slots-1-start", FOLD)
    page.fill("#slots-2-start", PAST)
    page.locator("#send").click()
    page.wait_for_load_state("networkidle")  # any preview the page would fetch has come

    gap, fold, past = MESSAGES[locale]
    assert gap in page.locator("#slots-0-start-error").inner_text()
    assert fold in page.locator("#slots-1-start-error").inner_text()
    assert past in page.locator("#slots-2-start-error").inner_text()
    text = page.locator("main").inner_text()
    for message in (gap, fold, past):
        assert text.count(message) == 1, message  # beside its field, not in a banner too
    assert page.locator(".flash--error").count() == 0
    # The autumn night's two readings, each in Copenhagen and in Tokyo.
    choices = page.locator(".time-choices").inner_text()
    assert re.search(r"02:30 CEST", choices) and re.search(r"02:30 CET\b", choices)
    assert "09:30 JST" in choices and "10:30 JST" in choices
    assert serious_accessibility_violations(page) == []
    name = f"h2-proposal-errors-{'phone' if phone else 'desktop'}-{locale[:2]}"
    screenshot(page, name)

    # Changing the field retires the server's message; the preview speaks from then on.
    page.fill("#slots-0-start", GAP.replace("T02:30", "T10:00"))
    page.locator("#slots-0-start-preview .time-preview__cities").wait_for()
    assert page.locator("#slots-0-start-error").is_hidden()
    page.context.close()


COUNTER_TITLE = re.compile(r"Medicon Valley meets Nihonbashi|メディコン・バレー × 日本橋")


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_a_refused_counter_slot_is_explained_beside_its_field(
    browser,  # noqa: ANN001
    live_server,  # noqa: ANN001
    locale: str,
    phone: bool,
) -> None:
    page = new_page(browser, locale=locale, phone=phone)
    sign_in(page, live_server, HOST)  # LINK-J co-hosts the cluster's demo symposium
    page.goto(f"{live_server.url}/dashboard")
    page.get_by_role("link", name=COUNTER_TITLE).first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    form = page.locator("form.counter-slot")
    form.locator("select[name=timezone]").select_option("Europe/Copenhagen")
    form.locator("input[name=start]").fill(GAP)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    gap = MESSAGES[locale][0]
    assert gap in page.locator("#start-error").inner_text()
    assert page.locator("main").inner_text().count(gap) == 1
    assert page.locator(".flash--error").count() == 0
    page.locator("#start-error").scroll_into_view_if_needed()
    screenshot(page, f"h2-counter-slot-error-{'phone' if phone else 'desktop'}-{locale[:2]}")
    page.context.close()
