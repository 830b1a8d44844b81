"""History and audit pages people can read: sentences, times in the reader's zone, no keys."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from planner.events import cities, editing, negotiation, scheduling
from planner.events.scheduling import CancellationReason, RescheduleInput
from planner.extensions import db
from planner.models import Answer, AuditEntry, User
from tests.factories import ADMIN, EMBASSY, HOST, csrf_token, event_in, published_event, user

# Keys, ids and JSON the history used to show as they were recorded.
RAW = ("event.propose", "slot.answer", "event.confirm", "slot_id", "sequence", "\\u", "{", "}")


def history_of(html: str) -> str:
    """The text of the history section of an event page (or the admin's recent changes)."""
    match = re.search(r'<h2 id="audit-heading">(.*?)</section>', html, re.S)
    assert match, "no history section"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def set_zone(email: str, zone: str | None) -> None:
    user(email).timezone = zone
    db.session.flush()


@pytest.fixture
def confirmed(demo):  # noqa: ANN001, ANN201
    event = event_in("agreed")
    negotiation.answer_slot(
        user(EMBASSY), event.id, event.slots[1].id, Answer.NO, "Too late for Copenhagen"
    )
    return scheduling.confirm_slot(user(HOST), event.id, event.slots[0].id)


def test_event_history_reads_as_sentences(client: FlaskClient, auth, confirmed) -> None:  # noqa: ANN001
    auth.login(HOST)
    text = history_of(client.get(f"/events/{confirmed.id}").get_data(as_text=True))
    host, embassy = user(HOST), user(EMBASSY)
    assert (
        f"{host.display_name} of LINK-J (Life Science Innovation Network Japan) proposed "
        "“Digital health in Denmark and Japan” with 2 candidate times." in text
    )
    assert (
        f"{embassy.display_name} of Royal Danish Embassy in Japan answered Yes to "
        "Fri 27 Mar 2037 17:00 JST / 09:00 CET" in text
    )
    assert "answered No to Thu 2 Apr 2037 16:30 JST / 09:30 CEST" in text
    assert "Too late for Copenhagen" in text
    assert "confirmed the time Fri 27 Mar 2037 17:00 JST / 09:00 CET." in text
    for raw in RAW:
        assert raw not in text
    assert "command line" not in text


def test_history_times_are_in_the_viewers_zone(client: FlaskClient, auth, confirmed) -> None:  # noqa: ANN001
    set_zone(HOST, "Europe/Copenhagen")
    auth.login(HOST)
    text = history_of(client.get(f"/events/{confirmed.id}").get_data(as_text=True))
    stamps = re.findall(r"\d\d:\d\d (JST|CET|CEST|UTC)", text)
    first = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id))
    expected = "CEST" if first.created_at.month in range(4, 11) else "CET"
    assert expected in stamps and "UTC" not in stamps
    set_zone(HOST, "Asia/Tokyo")
    text = history_of(client.get(f"/events/{confirmed.id}").get_data(as_text=True))
    assert " UTC" not in text and "JST" in text


def test_history_is_in_the_readers_language(client: FlaskClient, auth, confirmed) -> None:  # noqa: ANN001
    auth.login(HOST)
    html = client.get(f"/events/{confirmed.id}", headers={"Accept-Language": "ja"})
    text = history_of(html.get_data(as_text=True))
    assert "2037年3月27日(金) 17:00 JST / 09:00 CET" in text
    assert "候補日時2件で提案しました" in text
    for raw in RAW:
        assert raw not in text


def test_edits_name_fields_by_label_with_readable_values(
    client: FlaskClient,
    auth,
    confirmed,  # noqa: ANN001
) -> None:
    editing.update_event_details(
        user(HOST),
        confirmed.id,
        {"title_en": "Digital health, Tokyo and Copenhagen", "language": "en+ja"},
        confirmed.version,
    )
    auth.login(HOST)
    text = history_of(client.get(f"/events/{confirmed.id}").get_data(as_text=True))
    assert (
        "English title: from “Digital health in Denmark and Japan” to "
        "“Digital health, Tokyo and Copenhagen”" in text
    )
    assert "Language: from “English” to “English and Japanese (interpreted)”" in text
    assert "title_en" not in text and "en+ja" not in text


def test_a_web_registration_is_the_registrants_own(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    form = {
        "name": "Hanako Yamada",
        "email": "hanako@example.jp",
        "affiliation": "Kyoto University",
        "csrf_token": csrf_token(client),
    }
    assert client.post(f"/events/{event.id}/register", data=form).status_code == 302
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "registration.create")
    )
    assert (entry.actor_id, entry.actor_kind, entry.actor_name) == (
        None,
        "visitor",
        "Hanako Yamada",
    )
    auth.login(ADMIN)
    admin_text = history_of(client.get("/admin/").get_data(as_text=True))
    assert "Hanako Yamada (registrant) registered: Seat confirmed." in admin_text
    assert "command line registered" not in admin_text
    for raw in RAW:
        assert raw not in admin_text


def test_admin_changes_are_sentences_in_the_admins_zone(client: FlaskClient, auth, demo) -> None:  # noqa: ANN001
    auth.login(ADMIN)
    admin = db.session.scalar(db.select(User).filter_by(email=ADMIN))
    set_zone(ADMIN, "Europe/Copenhagen")
    response = client.post(
        "/account/preferences",
        data={"locale": "en", "timezone": "Europe/Copenhagen", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    text = history_of(client.get("/admin/").get_data(as_text=True))
    assert f"{admin.display_name} of LINK-J (Life Science Innovation Network Japan)" in text
    assert re.search(r"\d\d:\d\d CES?T", text)
    assert "user.preferences" not in text and "UTC" not in text


def _entry(action: str, **fields) -> AuditEntry:  # noqa: ANN003
    """An unsaved audit entry, as the presenter receives it."""
    from datetime import UTC, datetime

    return AuditEntry(action=action, created_at=datetime(2027, 3, 2, 8, tzinfo=UTC), **fields)


def test_presenter_words_legacy_removed_and_unknown_entries(app, demo) -> None:  # noqa: ANN001
    from planner.audit import references
    from planner.history import history_lines

    entries = [
        # Recorded before actor_kind existed: a web registration without an actor.
        _entry("registration.create", target_type="registration", after={"status": "confirmed"}),
        _entry("slot.answer", target_type="slot", target_id=999_999, after={"answer": "maybe"}),
        _entry("event.capacity", target_type="event", before={"capacity": 50}, after={}),
        _entry("something.new", target_type="thing", after={"weird_key": [1, 2]}),
    ]
    with app.test_request_context("/"):
        lines = history_lines(entries, references(entries), "en", "Europe/Copenhagen")
    assert [line.when for line in lines] == ["Tue 2 Mar 2027 09:00 CET"] * 4
    assert lines[0].sentence == "A registrant registered: Seat confirmed."
    assert lines[1].sentence == (
        "An administrator at the command line answered If need be to "
        "a candidate time that has since been removed."
    )
    assert [change.text for change in lines[2].changes] == ["Seats: from “50” to “no limit”"]
    assert lines[3].sentence == "An administrator at the command line made a change."
    for line in lines:
        assert "{" not in line.sentence and "something.new" not in line.sentence


def test_edits_reschedules_cities_and_cancellations_read_as_sentences(
    client: FlaskClient,
    auth,
    demo,  # noqa: ANN001
) -> None:
    event = published_event(days_ahead=30)
    editing.update_event_details(
        user(HOST),
        event.id,
        {"speakers": [["Mette Jensen", "DTU", None]], "description_en": "A new programme."},
        event.version,
    )
    scheduling.reschedule_event(
        user(HOST), event.id, RescheduleInput("2037-06-01T18:00", "Asia/Tokyo"), event.version
    )
    cities.set_shown_cities(
        user(HOST), event.id, ["Asia/Tokyo", "Europe/Copenhagen", "America/Sao_Paulo"]
    )
    scheduling.cancel_event(
        user(HOST), event.id, CancellationReason(en="The speaker is ill.", ja="講演者が病気です。")
    )
    auth.login(HOST)
    text = history_of(client.get(f"/events/{event.id}").get_data(as_text=True))
    assert "Speakers: set to “Mette Jensen”" in text
    assert "English description: set to “A new programme.”" in text
    assert "rescheduled the event" in text and "1 Jun 2037" in text
    assert "changed the cities the event is shown in" in text and "São Paulo" in text
    assert "cancelled the event" in text and "The speaker is ill." in text
    for raw in (*RAW, "[[", "None", "America/Sao_Paulo", "reason_ja"):
        assert raw not in text, raw
    japanese = client.get(f"/events/{event.id}", headers={"Accept-Language": "ja"})
    assert "講演者が病気です。" in history_of(japanese.get_data(as_text=True))


def test_every_audited_action_reads_as_its_own_sentence() -> None:
    """No action the code records falls back to "made a change"."""
    import re
    from pathlib import Path

    from planner.history.sentences import SENTENCES

    source = "\n".join(path.read_text(encoding="utf-8") for path in Path("planner").rglob("*.py"))
    recorded = set(re.findall(r'audit\.record\(\s*[\w.()\[\]]+,\s*"([a-z_.]+)"', source))
    recorded |= set(re.findall(r'"(event\.(?:propose|draft))"', source))
    assert len(recorded) > 30, recorded  # the pattern still finds the calls
    assert recorded - set(SENTENCES) == set()
