"""What the registration pages show: the panel, the registrant list and its CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from planner.errors import NotFound, PermissionDenied
from planner.models import Event, User
from planner.registrations import operations as registrations
from planner.registrations import presenters, registrants, seats
from planner.registrations.operations import register_attendee
from tests.factories import (
    ADMIN,
    EMBASSY,
    HOST,
    OUTSIDER,
    agreed_event,
    attendee,
    published_event,
    user,
)


def panel_for(event: Event, viewer: User | None = None) -> presenters.RegistrationPanel:
    """The registration panel of ``event`` as ``viewer`` sees it now."""
    return presenters.registration_panel(event, seats.availability(event), viewer)


@pytest.fixture
def event(demo) -> Event:  # noqa: ANN001
    return published_event(days_ahead=30, capacity=2)


def test_registration_panel_for_visitors_and_organizers(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30, capacity=2)
    register_attendee(event.id, attendee(1))
    panel = panel_for(event)
    assert (panel.state, panel.form_visible, panel.seats_left) == ("open", True, 1)
    assert panel.message == "Seats left: 1 of 2."
    assert panel.submit_label == "Register"
    assert panel.closes_at == event.start_utc
    assert [city.city for city in panel.closes_when.cities] == ["Tokyo", "Copenhagen"]
    assert panel.show_registrants_link is False
    assert presenters.registration_panel(
        event, seats.availability(event), user(EMBASSY)
    ).show_registrants_link
    assert presenters.registration_panel(
        event, seats.availability(event), user(ADMIN)
    ).show_registrants_link
    assert not presenters.registration_panel(
        event, seats.availability(event), user(OUTSIDER)
    ).show_registrants_link
    register_attendee(event.id, attendee(2))
    full = panel_for(event)
    assert (full.state, full.submit_label, full.seats_left) == ("waitlist", "Join the waitlist", 0)
    registrants.close_registration(user(HOST), event.id)
    closed = panel_for(event)
    assert (closed.state, closed.form_visible, closed.closes_when) == ("full", False, None)


def test_panel_of_an_unpublished_event_says_when_it_opens(demo) -> None:  # noqa: ANN001
    event = agreed_event(days_ahead=30)
    panel = panel_for(event, user(HOST))
    assert panel.state == "closed"
    assert panel.message == "Registration opens when the event is published."
    assert panel.form_visible is False


def test_registrant_list_counts_and_order(event: Event) -> None:
    outcomes = [register_attendee(event.id, attendee(n)) for n in range(5)]
    registrations.cancel_registration(outcomes[1].registration.manage_token)
    page = presenters.registrant_list(registrants.registrants_of(user(EMBASSY), event.id))
    assert (page.counts.confirmed, page.counts.waitlisted, page.counts.cancelled) == (2, 2, 1)
    assert [(row.email, row.status, row.waitlist_position) for row in page.rows] == [
        ("attendee0@example.org", "confirmed", None),
        ("attendee2@example.org", "confirmed", None),
        ("attendee3@example.org", "waitlisted", 1),
        ("attendee4@example.org", "waitlisted", 2),
        ("attendee1@example.org", "cancelled", None),
    ]
    assert page.rows[0].registered_at.endswith("JST")
    assert page.can_change_settings is False
    assert (
        presenters.registrant_list(
            registrants.registrants_of(user(HOST), event.id)
        ).can_change_settings
        is True
    )
    assert presenters.registrant_list(registrants.registrants_of(user(ADMIN), event.id)).rows
    with pytest.raises(PermissionDenied):
        presenters.registrant_list(registrants.registrants_of(user(OUTSIDER), event.id))
    hidden = agreed_event(days_ahead=30)
    with pytest.raises(NotFound):
        presenters.registrant_list(registrants.registrants_of(user(OUTSIDER), hidden.id))


def test_csv_opens_in_excel_with_japanese_names_and_no_formulas(event: Event) -> None:
    register_attendee(event.id, attendee(1, name="山田 花子", affiliation='Kyoto "KU", Lab\nB'))
    register_attendee(event.id, attendee(2, name='=HYPERLINK("http://evil")', affiliation="+1"))
    register_attendee(event.id, attendee(3, name="@SUM(A1)", affiliation="-2", country=None))
    filename, data = presenters.registrants_csv(registrants.registrants_of(user(HOST), event.id))
    assert filename == f"registrants-event-{event.id}.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "").replace("Lab\nB", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["Name", "Email", "Affiliation"]
    assert rows[1][0] == "山田 花子"
    assert rows[1][2] == 'Kyoto "KU", Lab\nB'
    assert rows[2][0] == '\'=HYPERLINK("http://evil")' and rows[2][2] == "'+1"
    assert rows[3][0] == "'@SUM(A1)" and rows[3][2] == "'-2"
    assert [row[4] for row in rows[1:]] == ["Seat confirmed", "Seat confirmed", "On the waitlist"]
    assert rows[3][5] == "1"
    with pytest.raises(PermissionDenied):
        presenters.registrants_csv(registrants.registrants_of(user(OUTSIDER), event.id))


def test_spreadsheet_safe_leaves_ordinary_text_alone() -> None:
    assert presenters.spreadsheet_safe("Aarhus University") == "Aarhus University"
    assert presenters.spreadsheet_safe("=1+1") == "'=1+1"
    assert presenters.spreadsheet_safe("\t=1") == "'\t=1"
