"""The whole core path once more, in Chromium, as a new organizer would walk it.

LINK-J proposes a webinar to the Royal Danish Embassy (a Tokyo office speaking for a
Copenhagen audience): the preview shows Copenhagen and flags a Japanese public holiday;
the embassy answers; LINK-J confirms and publishes after a last look; two organizers
edit at once without losing each other's change, and a clash is settled on the page;
a reschedule that changes only the start keeps the join link; cancelling asks first.
The change pages are also checked at phone and desktop width in both languages.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import new_page, screenshot, serious_accessibility_violations, sign_in

HOST = "organizer@link-j.example"
EMBASSY = "organizer@dk-embassy.example"
TITLE = "Rare diseases: Tokyo and Copenhagen registries"
JOIN_URL = "https://webinar.example.org/j/rare-diseases"
SHOWA_DAY = "2027-04-29T16:00"  # a Japanese public holiday, a Thursday
ORDINARY_DAY = "2027-05-11T16:00"
PHONE_WIDTH = 375


def _propose(browser, live_server) -> str:  # noqa: ANN001
    """LINK-J proposes the webinar to the embassy; returns the event page's address."""
    page = new_page(browser)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/events/new")
    page.fill("#title_en", TITLE)
    page.check("input[name=cohosts][value=dk-embassy]")
    page.select_option("#timezone", "Asia/Tokyo")
    page.fill("#duration_minutes", "60")
    page.fill("#online_url", JOIN_URL)
    page.fill("#slots-0-start", SHOWA_DAY)
    preview = page.locator("#slots-0-start-preview")
    preview.get_by_text(re.compile("Public holiday in Japan")).wait_for()
    # The embassy's office is in Tokyo, but its audience is in Copenhagen.
    assert preview.get_by_text(re.compile(r"Copenhagen 09:00 CEST")).is_visible()
    page.fill("#slots-1-start", ORDINARY_DAY)
    page.locator("#send").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event_url = page.url
    matrix = page.locator("#matrix")
    assert matrix.get_by_text(re.compile("Public holiday in Japan")).first.is_visible()
    page.context.close()
    return event_url


def _answer_yes_to_the_second_time(browser, live_server, event_url: str) -> None:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, EMBASSY)
    page.goto(event_url)
    page.locator("input[name='rows-1-answer'][value='yes']").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    page.context.close()


def _confirm_and_publish(browser, live_server, event_url: str) -> None:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, HOST)
    page.goto(event_url)
    page.get_by_role("button", name=re.compile("Confirm this time")).click()
    page.wait_for_load_state()
    assert "Copenhagen" in page.locator(".moment").first.inner_text()
    page.get_by_role("link", name="Publish…").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Publish and open registration").click()
    page.wait_for_load_state()
    assert "The event is now public." in page.content()
    page.context.close()


def _open_edit(browser, live_server, email: str, event_url: str):  # noqa: ANN001, ANN202
    page = new_page(browser)
    sign_in(page, live_server, email)
    page.goto(f"{event_url}/edit")
    return page


def test_the_core_path_end_to_end(browser, live_server) -> None:  # noqa: ANN001
    event_url = _propose(browser, live_server)
    _answer_yes_to_the_second_time(browser, live_server, event_url)
    _confirm_and_publish(browser, live_server, event_url)

    # Two organizers open the edit page at once: the host changes the English title,
    # the embassy (a co-host: texts only) the Japanese description. Both are kept.
    host, embassy = (
        _open_edit(browser, live_server, HOST, event_url),
        _open_edit(browser, live_server, EMBASSY, event_url),
    )
    assert host.locator("#venue").count() == 1 and embassy.locator("#venue").count() == 0
    host.fill("#title_en", TITLE + " (2027)")
    host.get_by_role("button", name="Save").click()
    host.wait_for_load_state()
    embassy.fill("#description_ja", "東京とコペンハーゲンの希少疾患レジストリ。")
    embassy.get_by_role("button", name="Save").click()
    embassy.wait_for_load_state()
    assert "Details saved." in embassy.content()
    assert TITLE + " (2027)" in embassy.content()

    # Both change the Japanese title: the second sees both values and keeps theirs.
    host.goto(f"{event_url}/edit")
    embassy.goto(f"{event_url}/edit")
    host.fill("#title_ja", "希少疾患（ホスト案）")
    host.get_by_role("button", name="Save").click()
    host.wait_for_load_state()
    embassy.fill("#title_ja", "希少疾患（大使館案）")
    embassy.get_by_role("button", name="Save").click()
    embassy.wait_for_load_state()
    assert "Only these fields were changed by both of you" in embassy.content()
    screenshot(embassy, "story-edit-clash-desktop-en")
    embassy.locator("input[name='resolve-title_ja'][value='theirs']").check()
    embassy.get_by_role("button", name="Save").click()
    embassy.wait_for_load_state()
    assert "Details saved." in embassy.content()
    embassy.context.close()

    # A reschedule that changes only the start keeps the join link.
    host.goto(f"{event_url}/reschedule")
    assert host.locator("#online_url").input_value() == JOIN_URL
    host.fill("#start", "2027-05-12T16:00")
    host.get_by_role("button", name="Reschedule and notify").click()
    host.wait_for_load_state()
    assert "Rescheduled." in host.content()
    assert JOIN_URL in host.content()  # organizers see the join link on the event page

    # Cancelling asks first; nothing happens until the button on that page.
    host.get_by_role("link", name="Cancel event…").click()
    host.wait_for_load_state()
    assert "This cannot be undone." in host.content()
    host.go_back()
    host.wait_for_load_state()
    assert "This event is cancelled." not in host.content()
    host.context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
@pytest.mark.parametrize("step", ["edit", "reschedule", "cancel", "publish"])
def test_the_change_pages_fit_and_pass_axe(browser, live_server, step, locale, phone) -> None:  # noqa: ANN001
    page = new_page(browser, locale=locale, phone=phone)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/dashboard")
    # The demo's published webinar, or its confirmed working session, both LINK-J's.
    title = "Biobanks|バイオバンク" if step == "publish" else "Digital health|デジタルヘルス"
    page.get_by_role("link", name=re.compile(title)).first.click()
    page.wait_for_load_state()
    page.goto(f"{page.url}/{step}")
    assert page.locator("h1").count() == 1
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"story-{step}-{'phone' if phone else 'desktop'}-{locale[:2]}")
    page.context.close()
