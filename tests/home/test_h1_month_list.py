"""The month calendar on phones: a list of the days with events, beside the grid."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.factories import event_in


def test_the_month_has_a_list_of_its_days_with_events(client: FlaskClient, demo) -> None:
    event = event_in("upcoming")  # published, moved to 27 November 2037
    page = client.get("/calendar?month=2037-11").get_data(as_text=True)
    listing = page.split('class="month-list"')[1]
    assert '<time datetime="2037-11-27">' in listing
    assert f'href="/events/{event.id}"' in listing
    assert 'class="table-scroll month-grid"' in page


def test_a_month_without_events_says_so_in_the_list(client: FlaskClient, demo) -> None:
    page = client.get("/calendar?month=2036-02").get_data(as_text=True)
    assert "No public events this month." in page.split('class="month-list"')[1]
