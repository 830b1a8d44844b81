"""A database as the previous release (v0.1, revision 0004) left it, written in plain SQL.

Plain SQL on purpose: the models describe today's schema, and the rows must be the
ones v0.1 wrote, with v0.1's columns only. Every later migration then has to carry
them to the current schema, and the current app has to read them.

The rows: three organizations, four accounts, and five events in the states a
deployment holds (a published event with slots, answers, a speaker and a
registration; a draft withdrawn unsent; a proposal withdrawn after it was sent; a
proposal waiting for answers; a withdrawn event the audit log says nothing about but a
co-host answered), their audit entries, an API token, a feed token and an email.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from werkzeug.security import generate_password_hash

PREVIOUS_RELEASE = "0004"  # v0.1
PASSWORD = "previous-release-password"

HOST_EMAIL = "host@link-j.example"
COHOST_EMAIL = "cohost@dk-embassy.example"


@dataclass(frozen=True)
class Events:
    """The ids of the v0.1 events, by what they are."""

    published: int = 10
    withdrawn_draft: int = 11
    withdrawn_proposal: int = 12
    proposed: int = 13
    withdrawn_answered: int = 14


EVENTS = Events()
PUBLISHED_TITLE = "Digital health in Denmark and Japan"
REGISTRANT = "Aiko Sato"
JSON_COLUMNS = {"before", "after"}


def _value(connection: Connection, value: Any) -> Any:
    """A value as v0.1's driver would have written it (naive UTC text on SQLite)."""
    sqlite = connection.dialect.name == "sqlite"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else f"{value.isoformat()}+00:00"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def insert(connection: Connection, table: str, **values: Any) -> None:
    """INSERT one row with plain SQL (JSON values cast on PostgreSQL)."""
    postgres = connection.dialect.name == "postgresql"
    placeholders = [
        f"CAST(:{name} AS JSON)" if postgres and name in JSON_COLUMNS else f":{name}"
        for name in values
    ]
    statement = f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(placeholders)})"
    connection.execute(
        text(statement), {name: _value(connection, value) for name, value in values.items()}
    )


def _organizations(connection: Connection, created: datetime) -> None:
    for number, slug, name, kind, country, zone in (
        (1, "link-j", "LINK-J", "network", "JP", "Asia/Tokyo"),
        (2, "dk-embassy", "Royal Danish Embassy", "embassy", "DK", "Europe/Copenhagen"),
        (3, "medicon", "Medicon Valley Alliance", "cluster", "SE", "Europe/Stockholm"),
    ):
        insert(
            connection,
            "organizations",
            id=number,
            slug=slug,
            name_en=name,
            name_ja=None,
            kind=kind,
            country=country,
            timezone=zone,
            work_start="09:00:00",
            work_end="17:00:00",
            created_at=created,
        )


def _users(connection: Connection, created: datetime) -> None:
    password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    for number, email, name, organization, role in (
        (1, HOST_EMAIL, "Yuki Tanaka", 1, "organizer"),
        (2, COHOST_EMAIL, "Mette Jensen", 2, "organizer"),
        (3, "admin@link-j.example", "Admin", 1, "admin"),
        (4, "organizer@medicon.example", "Lars Berg", 3, "organizer"),
    ):
        insert(
            connection,
            "users",
            id=number,
            email=email,
            display_name=name,
            password_hash=password_hash,
            organization_id=organization,
            role=role,
            active=True,
            locale="ja" if number == 1 else None,
            timezone=None,
            created_at=created,
        )


def _event(connection: Connection, number: int, status: str, created: datetime, **more: Any):
    """One event hosted by LINK-J and co-hosted by the embassy, with one slot."""
    values: dict[str, Any] = dict(
        id=number,
        uid=f"event-{number}@planner.test",
        title_en=PUBLISHED_TITLE if number == EVENTS.published else f"Event {number}",
        title_ja=None,
        description_en="About **digital health**, with [a link](https://example.org).",
        description_ja=None,
        format="webinar",
        status=status,
        host_organization_id=1,
        created_by_id=1,
        planning_timezone="Asia/Tokyo",
        duration_minutes=90,
        start_utc=None,
        end_utc=None,
        online_url="https://example.org/join/123",
        venue=None,
        capacity=100,
        language="en",
        sequence=0,
        version=1,
        created_at=created,
        updated_at=created,
        cancellation_reason=None,
        registration_deadline=None,
        registration_open=True,
        published_at=None,
    )
    values.update(more)
    insert(connection, "events", **values)
    insert(connection, "event_cohosts", event_id=number, organization_id=2)
    insert(
        connection,
        "candidate_slots",
        id=number * 10,
        event_id=number,
        start_utc=datetime(2037, 3, 27, 8, 0),
        end_utc=datetime(2037, 3, 27, 9, 30),
        entered_timezone="Asia/Tokyo",
        proposed_by_id=1,
        proposed_by_organization_id=1,
        created_at=created,
    )
    _answer(connection, number * 10, organization=1, user=1, created=created)


def _answer(connection: Connection, slot: int, *, organization: int, user: int, created) -> None:  # noqa: ANN001
    insert(
        connection,
        "slot_responses",
        slot_id=slot,
        organization_id=organization,
        user_id=user,
        answer="yes",
        comment="",
        updated_at=created,
    )


def _audit(connection: Connection, action: str, event: int, at: datetime) -> None:
    insert(
        connection,
        "audit_entries",
        actor_id=1,
        action=action,
        target_type="event",
        target_id=event,
        event_id=event,
        before=None,
        after={"status": action.removeprefix("event.")},
        created_at=at,
    )


def write_previous_release_rows(connection: Connection) -> None:
    """Fill a database at revision 0004 with v0.1's rows."""
    created = datetime(2026, 11, 20, 9, 0)
    later = datetime(2026, 11, 21, 9, 0)
    _organizations(connection, created)
    _users(connection, created)
    _event(
        connection,
        EVENTS.published,
        "published",
        created,
        start_utc=datetime(2037, 3, 27, 8, 0),
        end_utc=datetime(2037, 3, 27, 9, 30),
        published_at=later,
        version=3,
    )
    _answer(connection, EVENTS.published * 10, organization=2, user=2, created=created)
    insert(
        connection,
        "speakers",
        event_id=EVENTS.published,
        position=0,
        name="Dr. Ida Holm",
        affiliation="Rigshospitalet",
        timezone="Europe/Copenhagen",
    )
    insert(
        connection,
        "registrations",
        id=1000,
        event_id=EVENTS.published,
        name=REGISTRANT,
        email="aiko@example.org",
        affiliation="Kyoto University",
        country="JP",
        consent=True,
        status="confirmed",
        manage_token="m" * 43,
        created_at=later,
        updated_at=later,
    )
    _audit(connection, "event.propose", EVENTS.published, created)
    _audit(connection, "event.publish", EVENTS.published, later)
    _event(connection, EVENTS.withdrawn_draft, "withdrawn", created)
    _audit(connection, "event.draft", EVENTS.withdrawn_draft, created)
    _audit(connection, "event.withdraw", EVENTS.withdrawn_draft, later)
    _event(connection, EVENTS.withdrawn_proposal, "withdrawn", created)
    _audit(connection, "event.draft", EVENTS.withdrawn_proposal, created)
    _audit(connection, "event.submit", EVENTS.withdrawn_proposal, later)
    _audit(connection, "event.withdraw", EVENTS.withdrawn_proposal, later)
    _event(connection, EVENTS.proposed, "proposed", created)  # no audit entries at all
    _event(connection, EVENTS.withdrawn_answered, "withdrawn", created)
    _answer(connection, EVENTS.withdrawn_answered * 10, organization=2, user=2, created=created)
    insert(
        connection,
        "api_tokens",
        user_id=1,
        label="Website sync",
        token_hash="a" * 64,
        created_at=created,
        last_used_at=None,
        revoked_at=None,
    )
    insert(
        connection,
        "calendar_feed_tokens",
        token="f" * 43,
        user_id=1,
        email=None,
        created_at=created,
        revoked_at=None,
    )
    insert(
        connection,
        "outbox_messages",
        event_id=EVENTS.published,
        recipient="aiko@example.org",
        subject="You are registered",
        body="See you there.",
        calendar=None,
        calendar_method=None,
        created_at=later,
        sent_at=later,
        error=None,
    )
