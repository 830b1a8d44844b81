"""End to end in Chromium: the co-hosting flow, both languages, the planner, a phone.

Screenshots of the main pages (desktop and phone, English and Japanese) are written to
test-artifacts/screenshots for people to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import (
    new_page,
    screenshot,
    serious_accessibility_violations,
    sign_in,
)

HOST = "organizer@link-j.example"
EMBASSY = "organizer@dk-embassy.example"
CLUSTER = "organizer@dk-cluster.example"
TITLE = "Cell and gene therapy: Tokyo and Copenhagen"


def _answer_first_slot(browser, live_server, email: str, event_url: str, answer: str) -> None:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, email)
    page.goto(event_url)
    page.get_by_role("radio", name=answer).first.check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    assert "answers saved" in page.content()
    page.context.close()


def _emailed_manage_link(browser, live_server, email: str) -> str:  # noqa: ANN001
    """The manage link the app emailed ``email``, read in the outbox as an admin reads it."""
    page = new_page(browser)
    sign_in(page, live_server, "admin@link-j.example")
    page.goto(f"{live_server.url}/admin/outbox")
    content = page.content()
    page.context.close()
    after = content[content.index(f"To: {email}") :]
    return re.search(r"http://127\.0\.0\.1:\d+/registrations/[A-Za-z0-9_-]+", after).group(0)


def test_propose_answer_confirm_publish(browser, live_server) -> None:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/events/new")
    page.fill("#title_en", TITLE)
    page.fill("#title_ja", "細胞・遺伝子治療：東京とコペンハーゲン")
    page.check("input[name=cohosts][value=dk-embassy]")
    page.check("input[name=cohosts][value=dk-cluster]")
    page.select_option("#timezone", "Asia/Tokyo")
    page.fill("#slots-0-start", "2027-03-25T17:00")
    # The live preview shows the typed time in Copenhagen: 09:00 CET the same day.
    expect_preview = page.locator("#slots-0-start-preview")
    expect_preview.get_by_text(re.compile(r"09:00 CET")).wait_for()
    page.fill("#slots-1-start", "2027-03-30T16:00")
    expect_preview_two = page.locator("#slots-1-start-preview")
    expect_preview_two.get_by_text(re.compile(r"09:00 CEST")).wait_for()
    page.fill("#online_url", "https://webinar.example.org/j/cgt")
    page.fill("#capacity", "200")
    screenshot(page, "proposal-form-desktop-en")
    page.get_by_role("button", name="Send proposal").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event_url = page.url
    assert "Proposal sent to the co-hosts." in page.content()

    _answer_first_slot(browser, live_server, EMBASSY, event_url, "Yes")
    _answer_first_slot(browser, live_server, CLUSTER, event_url, "If need be")

    page.goto(event_url)
    screenshot(page, "slot-matrix-desktop-en")
    page.get_by_role("button", name="Confirm this time").click()
    page.wait_for_load_state()
    assert "Time confirmed." in page.content()
    page.get_by_role("link", name="Publish…").click()
    page.wait_for_load_state()
    assert "Publish this event?" in page.content()  # a last look before anyone is told
    page.get_by_role("button", name="Publish and open registration").click()
    page.wait_for_load_state()
    assert "The event is now public." in page.content()
    page.context.close()

    visitor = new_page(browser)
    visitor.goto(event_url)
    body = visitor.content()
    assert TITLE in body and "17:00" in body and "09:00" in body
    assert "https://webinar.example.org/j/cgt" not in body  # join links are for attendees
    screenshot(visitor, "event-desktop-en")

    # An attendee registers and downloads their invite, which carries the join link.
    visitor.fill("#name", "Ingrid Madsen")
    visitor.fill("#email", "ingrid.madsen@research.example.dk")
    visitor.fill("#affiliation", "University of Copenhagen")
    visitor.check("#consent")
    visitor.get_by_role("button", name="Register").click()
    visitor.wait_for_url(re.compile(r"/register/sent$"))
    assert "We have sent an email to ingrid.madsen@research.example.dk." in visitor.content()
    assert "/registrations/" not in visitor.content()  # the manage link goes by email only
    screenshot(visitor, "registration-sent-desktop-en")
    visitor.goto(_emailed_manage_link(browser, live_server, "ingrid.madsen@research.example.dk"))
    assert "Seat confirmed" in visitor.content()
    screenshot(visitor, "registration-manage-desktop-en")
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Add to calendar").click()
    invite = download_info.value.path().read_bytes().decode("utf-8")
    unfolded = invite.replace("\r\n ", "")
    assert "BEGIN:VEVENT" in unfolded and "TZID=Asia/Tokyo" in unfolded
    assert "DTSTART;TZID=Asia/Tokyo:20270325T170000" in unfolded
    assert "https://webinar.example.org/j/cgt" in unfolded
    visitor.context.close()


def test_time_preview_explains_a_nonexistent_time(browser, live_server) -> None:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/events/new")
    page.select_option("#timezone", "Europe/Copenhagen")
    page.fill("#slots-0-start", "2027-03-28T02:30")
    page.locator("#slots-0-start-preview").get_by_text(re.compile("does not exist")).wait_for()
    page.context.close()


def test_japanese_pages(browser, live_server) -> None:  # noqa: ANN001
    page = new_page(browser, locale="ja-JP")
    page.goto(f"{live_server.url}/events/1")
    body = page.content()
    assert page.get_attribute("html", "lang") == "ja"
    assert "デンマークと日本のデジタルヘルス" in body
    assert "東京" in body and "コペンハーゲン" in body
    screenshot(page, "event-desktop-ja")
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/dashboard")
    assert "ダッシュボード" in page.content()
    screenshot(page, "dashboard-desktop-ja")
    page.context.close()


def test_find_a_time_page(browser, live_server) -> None:  # noqa: ANN001
    page = new_page(browser)
    page.goto(
        f"{live_server.url}/find-a-time?orgs=link-j&orgs=dk-cluster"
        "&first=2027-03-22&last=2027-04-02&duration=60"
    )
    assert page.get_by_role("heading", name="Find a time").is_visible()
    assert "Propose this time" in page.content()
    screenshot(page, "find-a-time-desktop-en")
    page.context.close()


@pytest.mark.parametrize("path", ["/", "/events/1", "/find-a-time", "/login"])
def test_phone_layout_has_no_sideways_scrolling(browser, live_server, path: str) -> None:  # noqa: ANN001
    page = new_page(browser, phone=True)
    page.goto(live_server.url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} is {width}px wide on a 375px phone"
    name = path.strip("/").replace("/", "-") or "home"
    screenshot(page, f"{name}-phone-en")
    page.context.close()


@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/", None),
        ("/login", None),
        ("/events/1", None),
        ("/find-a-time", None),
        ("/dashboard", HOST),
        ("/events/new", HOST),
        ("/events/2", HOST),
        ("/account", HOST),
    ],
)
def test_no_serious_accessibility_violations(browser, live_server, path, who, locale) -> None:  # noqa: ANN001
    page = new_page(browser, locale=locale)
    if who:
        sign_in(page, live_server, who)
    page.goto(live_server.url + path)
    violations = serious_accessibility_violations(page)
    page.context.close()
    assert violations == []
