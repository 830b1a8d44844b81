"""In Chromium: the answer matrix and the month calendar on a phone, and planning flags.

A co-host answers from a 375 px phone: every candidate time is a card whose answer
radios are on screen, with no sideways scrolling. The host sees that it agrees by
confirming, and Easter Monday flagged as a Danish holiday. The month calendar is a
list on phones and a grid on desktops. Screenshots (375 and 1280 px, English and
Japanese) go to test-artifacts/screenshots.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.e2e.conftest import LiveServer, new_page, screenshot, sign_in

HOST = "organizer@link-j.example"
EMBASSY = "organizer@dk-embassy.example"
CLUSTER = "organizer@dk-cluster.example"
PASSWORD = "planner-demo"
PHONE_WIDTH = 375


def _call(server: LiveServer, method: str, path: str, body=None, token=None):  # noqa: ANN001, ANN202
    """One JSON request to the live server's API."""
    request = urllib.request.Request(
        server.url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our own test server
        return json.loads(response.read())


def _token(server: LiveServer, email: str) -> str:
    return _call(server, "POST", "/api/v1/tokens", {"email": email, "password": PASSWORD})["token"]


@pytest.fixture(scope="module")
def negotiated_event(live_server: LiveServer) -> int:
    """LINK-J asks the embassy and the cluster; the embassy suggests a time too."""
    host = _token(live_server, HOST)
    event = _call(
        live_server,
        "POST",
        "/api/v1/events",
        {
            "title": "Nordic–Japanese biobanks",
            "title_ja": "北欧と日本のバイオバンク",
            "format": "webinar",
            "cohosts": ["dk-embassy", "dk-cluster"],
            "duration_minutes": 60,
            "slots": [
                {"start": "2027-03-29T16:00", "timezone": "Asia/Tokyo"},  # Easter Monday
                {"start": "2027-03-31T16:00", "timezone": "Asia/Tokyo"},
            ],
            "language": "en",
            "submit": True,
        },
        host,
    )
    embassy = _token(live_server, EMBASSY)
    changed = _call(
        live_server,
        "POST",
        f"/api/v1/events/{event['id']}/slots",
        {"start": "2027-04-01T16:00", "timezone": "Asia/Tokyo", "version": event["version"]},
        embassy,
    )
    counter = next(s for s in changed["slots"] if s["start_utc"] == "2027-04-01T07:00:00Z")
    cluster = _token(live_server, CLUSTER)
    _call(
        live_server,
        "PUT",
        f"/api/v1/events/{event['id']}/slots/{counter['id']}/response",
        {"answer": "yes", "version": changed["version"]},
        cluster,
    )
    return event["id"]


def _outside_the_phone(page) -> list[str]:  # noqa: ANN001
    """Answer radios and comment boxes whose box reaches past the phone's width."""
    return page.evaluate(
        """(width) => Array.from(document.querySelectorAll(
            '.matrix input[type=radio], .matrix input[type=text]'))
            .map((input) => [input.name, input.getBoundingClientRect()])
            .filter(([, box]) => box.left < 0 || box.right > width || box.width === 0)
            .map(([name]) => name)""",
        PHONE_WIDTH,
    )


@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_a_cohost_answers_every_card_on_a_phone(browser, live_server, negotiated_event, locale):  # noqa: ANN001
    page = new_page(browser, locale=locale, phone=True)
    sign_in(page, live_server, EMBASSY)
    page.goto(f"{live_server.url}/events/{negotiated_event}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    radios = page.locator(".matrix input[type=radio]")
    assert radios.count() == 9  # three candidate times, three answers each
    assert _outside_the_phone(page) == []
    language = locale[:2]
    screenshot(page, f"h1-matrix-cards-phone-{language}")
    if language == "en":
        # One form posts every card: answer the two open ones and save once.
        page.locator("input[name='rows-0-answer'][value='yes']").check()
        page.locator("input[name='rows-1-answer'][value='maybe']").check()
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_load_state()
        assert "3 answers saved." in page.content()  # the suggested time kept its yes
    page.context.close()


@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_the_host_sees_flags_and_agrees_by_confirming(
    browser, live_server, negotiated_event, locale
):  # noqa: ANN001
    language = locale[:2]
    for phone in (False, True):
        page = new_page(browser, locale=locale, phone=phone)
        sign_in(page, live_server, HOST)
        page.goto(f"{live_server.url}/events/{negotiated_event}")
        matrix = page.locator("#matrix")
        if language == "en":
            assert matrix.get_by_text("Public holiday in Denmark: Easter Monday").is_visible()
            assert matrix.get_by_text("Agrees by confirming").first.is_visible()
        else:
            assert matrix.get_by_text(re.compile("デンマーク.*Easter Monday")).is_visible()
            assert matrix.get_by_text("確定することで同意").first.is_visible()
        if phone:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
        screenshot(page, f"h1-matrix-host-{'phone' if phone else 'desktop'}-{language}")
        page.context.close()


def test_the_proposal_preview_flags_easter_monday(browser, live_server) -> None:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/events/new")
    page.check("input[name=cohosts][value=dk-embassy]")
    page.check("input[name=cohosts][value=dk-cluster]")
    page.select_option("#timezone", "Asia/Tokyo")
    page.fill("#duration_minutes", "60")
    page.fill("#slots-0-start", "2027-03-29T16:00")
    preview = page.locator("#slots-0-start-preview")
    preview.get_by_text("Public holiday in Denmark: Easter Monday").wait_for()
    # The embassy brings its Copenhagen audience into the preview.
    assert preview.get_by_text(re.compile(r"Copenhagen 09:00 CEST")).is_visible()
    screenshot(page, "h1-proposal-preview-flags-desktop-en")
    page.context.close()


def _month_with_events(server: LiveServer) -> str:
    events = _call(server, "GET", "/api/v1/events?status=published")["events"]
    return events[0]["start_utc"][:7]


@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_the_month_calendar_is_a_list_on_a_phone_and_a_grid_on_a_desktop(
    browser, live_server, locale: str
) -> None:  # noqa: ANN001
    month = _month_with_events(live_server)
    language = locale[:2]
    phone = new_page(browser, locale=locale, phone=True)
    phone.goto(f"{live_server.url}/calendar?month={month}")
    assert phone.locator(".month-list").is_visible()
    assert not phone.locator("table.month").is_visible()
    assert phone.locator(".month-list .month__event a").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    screenshot(phone, f"h1-calendar-phone-{language}")
    phone.context.close()
    desktop = new_page(browser, locale=locale)
    desktop.goto(f"{live_server.url}/calendar?month={month}")
    assert desktop.locator("table.month").is_visible()
    assert not desktop.locator(".month-list").is_visible()
    screenshot(desktop, f"h1-calendar-desktop-{language}")
    desktop.context.close()
