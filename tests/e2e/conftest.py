"""A live server and a real Chromium for the end-to-end tests.

The server runs the app in a thread on a free port with a seeded SQLite database.
Chromium is Debian's ``/usr/bin/chromium`` (``.ci/run`` installs it); without it the
tests are skipped with the reason, except in CI, where that is a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from werkzeug.serving import make_server

from planner import create_app
from planner.demo.seed import seed_demo
from planner.extensions import db
from tests.conftest import require_or_skip
from tests.mail_server import Inbox, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


@dataclass(frozen=True)
class LiveServer:
    """Where the app under test answers, and the app itself (for its configuration)."""

    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free local port, with the demo data, for the whole session."""
    database = tmp_path_factory.mktemp("e2e") / "e2e.db"
    app = create_app(
        {
            "PLANNER_CONFIG": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            # Many sign-ins in a few seconds are the point of these tests; the limit
            # itself is tested through the test client. The limiter stays on: it is one
            # object for every app of the process, and switching it off for this app
            # would take its storage away from the others.
            "SIGN_IN_RATE_LIMIT": "10000 per minute",
            "SIGN_IN_ACCOUNT_RATE_LIMIT": "10000 per minute",
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo(allow_demo_accounts=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=url, app=app)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def live_inbox(live_server: LiveServer) -> Iterator[Inbox]:
    """A real SMTP server the live app delivers to, for one test."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {key: live_server.app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    live_server.app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield handler
    finally:
        live_server.app.config.update(saved)
        controller.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright."""
    require_or_skip(
        os.path.exists(CHROMIUM), f"{CHROMIUM} is not installed (apt-get install chromium)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def new_page(browser, *, locale: str = "en-US", phone: bool = False):  # noqa: ANN001, ANN201
    """A page in a fresh browser context (no cookies), desktop or phone-sized."""
    viewport = {"width": 375, "height": 812} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(
        viewport=viewport,
        locale=locale,
        accept_downloads=True,
        # Lets the tests inject axe-core; the app's own pages never need this.
        bypass_csp=True,
    )
    return context.new_page()


def sign_in(page, server: LiveServer, email: str, password: str = "planner-demo") -> None:  # noqa: ANN001
    """Sign in through the form, as a person would."""
    page.goto(f"{server.url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page, name: str) -> None:  # noqa: ANN001
    """Save a full-page screenshot under test-artifacts/screenshots (kept out of git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def serious_accessibility_violations(page) -> list[str]:  # noqa: ANN001
    """Run axe-core on the page; return the serious and critical violations, described."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
