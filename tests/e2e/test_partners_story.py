"""Partners join and answer without an administrator, in Chromium, with mail on the wire.

LINK-J proposes a webinar to Innovation Centre Denmark Tokyo (part of the Royal Danish
Embassy), which has no account yet, only a contact address. The contact receives the
invitation through a real SMTP server, opens it on a 375 px phone, joins without a
password and answers both candidate times; forwards the proposal to a colleague, who
joins (in Japanese) and changes one answer; LINK-J confirms the time everyone agreed.
Then password reset and sign-in by email link, end to end.
"""

from __future__ import annotations

import re
from datetime import time

import pytest

from planner.accounts.operations import create_user
from planner.extensions import db
from planner.models import AuditEntry, Event, EventStatus, OrganizationKind, User
from planner.organizations.operations import OrganizationDetails, create_organization
from tests.e2e.conftest import LiveServer, new_page, screenshot, sign_in
from tests.mail_server import Inbox, links_in

pytestmark = pytest.mark.e2e

HOST = "organizer@link-j.example"
TITLE = "Cell and gene therapy: Tokyo meets Copenhagen"
CONTACT = "icdk-tokyo@um.example"
COLLEAGUE = "akiko.sato@um.example"
PHONE_WIDTH = 375


def _new_partner(live_server: LiveServer) -> None:
    """An organization with a contact address and no account at all."""
    with live_server.app.app_context():
        create_organization(
            None,
            OrganizationDetails(
                slug="icdk-tokyo",
                name_en="Innovation Centre Denmark Tokyo",
                name_ja="イノベーションセンター・デンマーク東京",
                kind=OrganizationKind.EMBASSY,
                country="JP",
                timezone="Asia/Tokyo",
                work_start=time(9),
                work_end=time(17, 30),
                audience_zones=("Europe/Copenhagen",),
                contact_email=CONTACT,
            ),
        )


def _link(inbox: Inbox, email: str, path_part: str) -> str:
    (url,) = links_in(inbox.last_to(email), path_part)
    return url


def _fits_the_phone(page) -> bool:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def _propose(browser, live_server: LiveServer) -> str:  # noqa: ANN001
    page = new_page(browser)
    sign_in(page, live_server, HOST)
    page.goto(f"{live_server.url}/events/new")
    page.fill("#title_en", TITLE)
    page.check("input[name=cohosts][value=icdk-tokyo]")
    page.select_option("#timezone", "Asia/Tokyo")
    page.fill("#duration_minutes", "60")
    page.fill("#slots-0-start", "2027-05-11T16:00")
    page.fill("#slots-1-start", "2027-05-12T16:00")
    page.locator("#send").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    event_url = page.url
    page.context.close()
    return event_url


def _join_on_a_phone(browser, url: str, name: str, *, locale: str = "en-US"):  # noqa: ANN001, ANN202
    """Open an invitation on a phone and join without a password; lands on the answers."""
    page = new_page(browser, phone=True, locale=locale)
    page.goto(url)
    assert _fits_the_phone(page)
    page.fill("#display_name", name)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/events/\d+/answer$"))
    return page


def test_a_partner_without_an_account_joins_answers_and_forwards(
    browser,
    live_server: LiveServer,
    live_inbox: Inbox,  # noqa: ANN001
) -> None:
    _new_partner(live_server)
    event_url = _propose(browser, live_server)
    event_id = int(event_url.rsplit("/", 1)[1])

    # The contact address gets the invitation, which says who invites it and why.
    invitation = _link(live_inbox, CONTACT, "/invitations/")
    text = live_inbox.last_to(CONTACT).get_body(preferencelist=("plain",)).get_content()
    assert "Innovation Centre Denmark Tokyo" in text and TITLE in text
    page = _join_on_a_phone(browser, invitation, "Kenji Mori")
    cards = page.locator(".answer-card")
    assert cards.count() == 2
    first = cards.first.inner_text()
    assert "Tokyo" in first and "Copenhagen" in first  # every city of the event
    assert _fits_the_phone(page)
    screenshot(page, "partners-answer-phone-en")
    page.locator("input[name='rows-0-answer'][value='yes']").check()
    page.locator("input[name='rows-1-answer'][value='yes']").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_load_state()
    assert "2 answers saved." in page.content()

    # Forward to a colleague who has no account: an invitation that leads to the answers.
    page.fill("#email", COLLEAGUE)
    page.get_by_role("button", name="Forward the proposal").click()
    page.wait_for_load_state()
    # The contact joined as the organization's admin: its invitations page, on the
    # phone, lists the colleague's.
    page.get_by_role("link", name="Organization").click()
    page.get_by_role("link", name="Invitations").click()
    page.wait_for_load_state()
    assert COLLEAGUE in page.locator("main").inner_text()
    assert _fits_the_phone(page)
    page.context.close()
    colleague = _join_on_a_phone(
        browser, _link(live_inbox, COLLEAGUE, "/invitations/"), "佐藤 明子", locale="ja-JP"
    )
    # The colleague reads in Japanese, and knows the speaker cannot do the second day.
    assert "候補日時" in colleague.content()
    colleague.locator("input[name='rows-1-answer'][value='no']").check()
    colleague.get_by_role("button", name="回答を保存").click()
    colleague.wait_for_load_state()
    screenshot(colleague, "partners-answer-phone-ja")
    colleague.context.close()

    # The host confirms the time the partner agreed to.
    host = new_page(browser)
    sign_in(host, live_server, HOST)
    host.goto(event_url)
    host.get_by_role("button", name=re.compile("Confirm this time|Agree and confirm")).click()
    host.wait_for_load_state()
    host.context.close()
    with live_server.app.app_context():
        event = db.session.get(Event, event_id)
        assert event.status == EventStatus.CONFIRMED
        assert event.start_utc == event.slots[0].start_utc
        # Both answers are on the record as the person who gave them, for ICDK.
        answers = db.session.scalars(
            db.select(AuditEntry).filter_by(action="slot.answer", event_id=event_id)
        ).all()
        people = {db.session.get(User, entry.actor_id).email for entry in answers}
        assert {CONTACT, COLLEAGUE} <= people
        assert {entry.after["organization"] for entry in answers} == {"icdk-tokyo"}
        joined = db.session.scalar(db.select(User).filter_by(email=CONTACT))
        assert not joined.has_password and joined.is_organization_admin


def test_password_reset_and_sign_in_by_email_link(
    browser,
    live_server: LiveServer,
    live_inbox: Inbox,  # noqa: ANN001
) -> None:
    email = "forgetful@link-j.example"
    with live_server.app.app_context():
        link_j = db.session.scalar(db.select(User).filter_by(email=HOST)).organization_id
        create_user(
            None,
            email=email,
            display_name="Forgetful Organizer",
            password="an-old-password",
            organization_id=link_j,
        )
    page = new_page(browser)
    page.goto(f"{live_server.url}/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.fill("#email", email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(_link(live_inbox, email, "/password/reset/"))
    page.fill("#new_password", "a-brand-new-password")
    page.fill("#new_password_again", "a-brand-new-password")
    page.get_by_role("button", name="Set the new password").click()
    page.wait_for_url(re.compile(r"/dashboard"))
    page.context.close()
    sign_in(page := new_page(browser), live_server, email, "a-brand-new-password")
    assert "/dashboard" in page.url
    page.context.close()

    page = new_page(browser, phone=True)
    page.goto(f"{live_server.url}/login")
    page.get_by_role("link", name="Email me a sign-in link").click()
    page.fill("#email", email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "If an account uses this address" in page.content()
    page.goto(_link(live_inbox, email, "/login/link/"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/dashboard"))
    assert _fits_the_phone(page)
    page.context.close()
