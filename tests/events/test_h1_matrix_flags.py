"""The answer matrix and the planning flags: the host's column, holidays, clock changes.

Easter Monday 2027 (29 March) is a Danish public holiday; the EU clocks go forward on
Sunday 28 March 2027. Find a time flagged these; now every planning view does.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from planner.events import negotiation, scheduling
from planner.events.negotiation import SlotInput
from planner.events.presenters import event_page, slot_matrix
from planner.models import Answer
from tests.factories import CLUSTER, EMBASSY, HOST, event_in, user

EASTER_MONDAY = SlotInput("2027-03-29T16:00", "Asia/Tokyo")  # 09:00 CEST in Copenhagen
CLOCK_CHANGE_DAY = SlotInput("2027-03-28T17:00", "Asia/Tokyo")  # Sunday, 10:00 CEST
ORDINARY_DAY = SlotInput("2027-03-31T16:00", "Asia/Tokyo")


def _texts(flags) -> list[str]:
    return [flag.text for flag in flags]


def test_matrix_rows_flag_easter_monday_and_the_clock_change(app: Flask, demo) -> None:
    event = event_in(
        "proposed", slots=[EASTER_MONDAY, CLOCK_CHANGE_DAY, ORDINARY_DAY], duration_minutes=60
    )
    with app.test_request_context("/"):
        change_day, easter, ordinary = slot_matrix(event, "en")  # in time order
    assert "Public holiday in Denmark: Easter Monday" in _texts(easter.flags)
    assert "Clocks change in Copenhagen: UTC+01:00 → UTC+02:00" in _texts(change_day.flags)
    assert any(text.startswith("Weekend in") for text in _texts(change_day.flags))
    assert ordinary.flags == []


def test_matrix_flags_read_in_japanese(app: Flask, demo) -> None:
    event = event_in("proposed", slots=[EASTER_MONDAY], duration_minutes=60)
    with app.test_request_context("/", headers={"Accept-Language": "ja"}):
        (row,) = slot_matrix(event, "ja")
    assert any("デンマーク" in text for text in _texts(row.flags))


def test_the_confirmed_event_page_flags_the_holiday_for_organizers_only(app: Flask, demo) -> None:
    event = event_in("published", slots=[EASTER_MONDAY], duration_minutes=60)
    with app.test_request_context("/"):
        for_host = event_page(event, user(HOST), "en")
        for_visitor = event_page(event, None, "en")
    assert "Public holiday in Denmark: Easter Monday" in _texts(for_host.flags)
    assert for_visitor.flags == []


def test_the_hosts_column_says_it_agrees_by_confirming(
    app: Flask, client: FlaskClient, auth, demo
) -> None:
    # A co-host suggests a time; everyone else agrees; the host has given no answer.
    event = event_in("proposed", cohost_slugs=["dk-embassy", "dk-cluster"])
    slot = negotiation.add_counter_slot(user(EMBASSY), event.id, ORDINARY_DAY)
    negotiation.answer_slot(user(CLUSTER), event.id, slot.id, Answer.YES)
    with app.test_request_context("/"):
        rows = {row.id: row for row in slot_matrix(event, "en")}
    counter = rows[slot.id]
    host_cell = counter.cells[0]
    assert (host_cell.answer, host_cell.label) == ("host", "Agrees by confirming")
    assert counter.agreed_by_all
    assert counter.confirm_label == "Agree and confirm this time"
    # The host's own slot carries its yes, so the usual wording stays.
    own = next(row for row_id, row in rows.items() if row_id != slot.id)
    assert own.cells[0].label == "Yes"
    assert own.confirm_label == "Confirm this time"

    auth.login(HOST)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert '<td class="answer answer--host"' in page
    assert "Agrees by confirming" in page
    assert "Agree and confirm this time" in page


def test_a_cohost_without_an_answer_still_reads_no_answer_yet(app: Flask, demo) -> None:
    event = event_in("proposed", cohost_slugs=["dk-embassy"])
    with app.test_request_context("/"):
        (row,) = [r for r in slot_matrix(event, "en") if r.id == event.slots[0].id]
    assert row.cells[1].label == "no answer yet"
    assert row.cells[1].answer is None


def test_once_confirmed_the_host_column_says_it_chose_the_time(app: Flask, demo) -> None:
    event = event_in("proposed", cohost_slugs=["dk-embassy"])
    slot = negotiation.add_counter_slot(user(EMBASSY), event.id, ORDINARY_DAY)
    scheduling.confirm_slot(user(HOST), event.id, slot.id)
    with app.test_request_context("/"):
        rows = {row.id: row for row in slot_matrix(event, "en")}
    assert rows[slot.id].cells[0].label == "Chose this time"


def test_the_time_preview_flags_holidays_and_clock_changes(client: FlaskClient, auth, demo) -> None:
    auth.login(HOST)
    answer = client.get(
        "/events/time-preview?start=2027-03-29T16:00&timezone=Asia/Tokyo"
        "&zones=Asia/Tokyo,Europe/Copenhagen&orgs=link-j,dk-cluster&duration=60"
    ).json
    assert answer["ok"]
    assert {"kind": "holiday", "text": "Public holiday in Denmark: Easter Monday"} in answer[
        "flags"
    ]
    change = client.get(
        "/events/time-preview?start=2027-03-28T17:00&timezone=Asia/Tokyo"
        "&zones=Europe/Copenhagen&orgs=link-j,dk-cluster&duration=60"
    ).json
    assert "change" in [flag["kind"] for flag in change["flags"]]


def test_the_time_preview_explains_an_unknown_organization_or_duration(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    base = "/events/time-preview?start=2027-03-29T16:00&timezone=Asia/Tokyo"
    unknown = client.get(base + "&orgs=nobody")
    assert unknown.status_code == 200 and unknown.json["ok"] is False
    assert "nobody" in unknown.json["message"]
    too_long = client.get(base + "&orgs=link-j&duration=99999").json
    assert too_long["ok"] is False and "duration" in too_long["message"]


def test_the_reschedule_and_counter_time_previews_know_the_organizations(
    client: FlaskClient, auth, demo
) -> None:
    event = event_in("published", cohost_slugs=["dk-embassy"], days_ahead=30)
    auth.login(HOST)
    page = client.get(f"/events/{event.id}/reschedule").get_data(as_text=True)
    assert 'data-orgs="link-j,dk-embassy"' in page
    assert 'data-zones="Asia/Tokyo,Europe/Copenhagen"' in page
