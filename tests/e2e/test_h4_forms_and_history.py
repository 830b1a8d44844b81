"""In Chromium: the signed-in navigation on one row, forms on a phone, readable history.

Screenshots (desktop 1280 px and phone 375 px, English and Japanese) go to
test-artifacts/screenshots for people to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import SCREENSHOTS, new_page, screenshot, sign_in

ADMIN = "admin@link-j.example"
HOST = "organizer@link-j.example"
LOCALES = {"en": "en-US", "ja": "ja-JP"}


def _rows(page, selector: str) -> set[int]:  # noqa: ANN001
    """The distinct top edges of the elements matched: one value means one row."""
    return set(
        page.eval_on_selector_all(
            selector, "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        )
    )


def _one_row(page, selector: str) -> bool:  # noqa: ANN001
    """Whether the elements matched overlap vertically (sit side by side on one row)."""
    return page.eval_on_selector_all(
        selector,
        """els => {
            const boxes = els.map(e => e.getBoundingClientRect());
            return Math.max(...boxes.map(b => b.top)) < Math.min(...boxes.map(b => b.bottom));
        }""",
    )


def _cards_apart(page) -> bool:  # noqa: ANN001
    """Whether the time cards of every moment on the page keep a gap between them."""
    return page.eval_on_selector_all(
        ".moment__cities",
        """lists => lists.every(list => {
            const boxes = Array.from(list.children).map(c => c.getBoundingClientRect());
            return boxes.every((a, i) => boxes.every((b, j) => i === j
                || a.right + 4 <= b.left || b.right + 4 <= a.left
                || a.bottom + 4 <= b.top || b.bottom + 4 <= a.top));
        })""",
    )


def _no_sideways_scrolling(page) -> bool:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _first_event_link(page, server, path: str) -> str:  # noqa: ANN001
    """The first event page linked from ``path``."""
    page.goto(f"{server.url}{path}")
    href = page.eval_on_selector(
        "main a[href^='/events/']:not([href$='/new'])", "a => a.getAttribute('href')"
    )
    return f"{server.url}{href}"


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("email", [ADMIN, HOST])
def test_signed_in_navigation_fits_one_row_at_1280(browser, live_server, language, email) -> None:  # noqa: ANN001
    page = new_page(browser, locale=LOCALES[language])
    sign_in(page, live_server, email)
    assert page.url.endswith("/dashboard")  # signing in lands on the dashboard
    assert len(_rows(page, ".site-nav li")) == 1
    # The brand, the navigation and the tools share the header's one row too.
    assert _one_row(page, ".brand, .site-nav, .site-header__tools")
    name = "admin" if email == ADMIN else "organizer"
    screenshot(page, f"h4-dashboard-{name}-desktop-{language}")
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_account_page_on_a_phone(browser, live_server, language) -> None:  # noqa: ANN001
    page = new_page(browser, locale=LOCALES[language], phone=True)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/account")
    assert page.eval_on_selector("#locale", "s => s.value") == language
    assert page.eval_on_selector("#timezone", "s => s.tagName") == "SELECT"
    assert _no_sideways_scrolling(page)
    screenshot(page, f"h4-account-phone-{language}")
    for part in ("preferences", "password"):
        page.locator(f"section[aria-labelledby='{part}-heading']").screenshot(
            path=str(SCREENSHOTS / f"h4-account-{part}-form-phone-{language}.png")
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"h4-account-desktop-{language}")
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_registration_form_on_a_phone(browser, live_server, language) -> None:  # noqa: ANN001
    page = new_page(browser, locale=LOCALES[language], phone=True)
    page.goto(f"{live_server.url}/")
    page.locator(".listing__item--open .listing__title a").first.click()
    page.wait_for_load_state()
    country = page.locator("#country")
    assert country.evaluate("s => s.tagName") == "SELECT"
    names = country.evaluate("s => Array.from(s.options).map(o => o.text)")
    assert ("ドイツ" if language == "ja" else "Germany") in names
    assert _no_sideways_scrolling(page)
    screenshot(page, f"h4-registration-phone-{language}")
    page.locator("section.registration").screenshot(
        path=str(SCREENSHOTS / f"h4-registration-form-phone-{language}.png")
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"h4-registration-desktop-{language}")
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_answer_form_and_history_read_well(browser, live_server, language) -> None:  # noqa: ANN001
    page = new_page(browser, locale=LOCALES[language])
    # LINK-J's organizer has a proposal waiting for an answer in the demo data.
    sign_in(page, live_server, HOST)
    page.goto(_first_event_link(page, live_server, "/dashboard"))
    history = page.locator(".audit-log").first.inner_text()
    assert not re.search(r"\b(event|slot)\.[a-z]+\b|slot_id|\\u|[{}]", history)
    comment = page.locator("input[name$='-comment']").first
    if comment.count():
        # The whole placeholder fits in the field.
        fits = comment.evaluate(
            """input => {
                const style = getComputedStyle(input);
                const context = document.createElement('canvas').getContext('2d');
                context.font = style.font;
                const text = context.measureText(input.placeholder).width;
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                return text + padding <= input.clientWidth;
            }"""
        )
        assert fits
    assert _cards_apart(page)
    screenshot(page, f"h4-event-desktop-{language}")
    page.locator(".slot-matrix, table").first.screenshot(
        path=str(SCREENSHOTS / f"h4-answers-desktop-{language}.png")
    )
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, f"h4-event-phone-{language}")
    page.context.close()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_admin_recent_changes_read_as_sentences(browser, live_server, language) -> None:  # noqa: ANN001
    page = new_page(browser, locale=LOCALES[language])
    sign_in(page, live_server, ADMIN)
    page.goto(f"{live_server.url}/admin/")
    history = page.locator(".audit-log").inner_text()
    assert not re.search(r"\b(event|slot|user|organization)\.[a-z]+\b|[{}]|\\u", history)
    assert " UTC" not in history
    screenshot(page, f"h4-admin-desktop-{language}")
    page.goto(f"{live_server.url}/admin/users/new")
    screenshot(page, f"h4-admin-new-user-desktop-{language}")
    page.context.close()
