"""A thousand generated events with everything around them, written in bulk.

Written with one multi-row INSERT per table (not through the services, which would
take minutes for a thousand events), on top of the demo organizations and accounts.
Every row is given its id, counted on from the largest one: PostgreSQL's sequences do
not move, so a row left to the sequence would collide.
The values are chosen to test what a backup must keep exactly: instants with
microseconds, dates far ahead, every enumeration value, JSON lists and objects (and
JSON null beside SQL NULL), booleans both ways, NULLs, a 100 kB text, Japanese and
other scripts, line breaks of every kind.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta
from itertools import cycle, islice
from typing import Any

from sqlalchemy import func, insert, null, select

from planner.extensions import db
from planner.models import (
    Answer,
    ApiToken,
    AuditEntry,
    CalendarFeedToken,
    CandidateSlot,
    DeliveryStatus,
    EmailLink,
    Event,
    EventFormat,
    EventRevision,
    EventStatus,
    FollowUp,
    Invitation,
    LinkPurpose,
    MailOptOut,
    Organization,
    OrganizationKind,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    ReminderKind,
    Role,
    SentReminder,
    SlotResponse,
    Speaker,
    User,
    event_cohosts,
)

START = datetime(2037, 1, 5, 8, 0, 0, 123456, tzinfo=UTC)
# Every script and character a title or name may hold, and the line breaks a browser sends.
MIXED_TEXT = (
    'デンマークと日本 · Ærø øl · Ελληνικά · עברית\u202e · 🧬🇩🇰🇯🇵 "quoted" \\ back\r\nnext\tline'
)
LARGE_TEXT = ("大規模なテキスト。Large text, line after line.\n" * 2500)[:100_000]
ZONES = ("Asia/Tokyo", "Europe/Copenhagen", "America/Sao_Paulo", None)


def _next_id(model: type) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _rows(model: type | Any, rows: list[dict[str, Any]]) -> None:
    table = getattr(model, "__table__", model)
    if rows:
        db.session.execute(insert(table), rows)


def _extra_people() -> tuple[int, list[int]]:
    """One more organization and three more accounts, with the values the demo lacks."""
    organization_id = _next_id(Organization)
    _rows(
        Organization,
        [
            dict(
                id=organization_id,
                slug="generated-academia",
                name_en="Generated University " + MIXED_TEXT,
                name_ja="生成大学",
                kind=OrganizationKind.ACADEMIA,
                country="DK",
                timezone="Europe/Copenhagen",
                audience_zones=["Asia/Tokyo", "America/Sao_Paulo"],
                work_start=time(8, 30, 15),
                work_end=time(16, 45),
                contact_email="events@generated.example.org",
                created_at=START - timedelta(days=400, microseconds=1),
            )
        ],
    )
    first_user = _next_id(User)
    _rows(
        User,
        [
            dict(
                id=first_user + number,
                email=f"generated{number}@example.org",
                display_name=f"生成された人 {number}",
                password_hash=f"scrypt:32768:8:1$generated{number}$" + "0" * 128,
                organization_id=organization_id,
                role=(Role.ADMIN, Role.ORGANIZER, Role.ORGANIZATION_ADMIN)[number],
                active=number != 2,
                locale=("ja", "en", None)[number],
                timezone=ZONES[number],
                created_at=START - timedelta(days=300 - number),
            )
            for number in range(3)
        ],
    )
    return organization_id, [first_user + number for number in range(3)]


def add_generated_events(count: int = 1000) -> int:
    """Add ``count`` events with slots, answers, registrations, audit entries and more.

    Needs the demo organizations and accounts; commits. Returns the first event's id.
    """
    extra_org, extra_users = _extra_people()
    organizations = list(db.session.scalars(select(Organization.id).order_by(Organization.id)))
    users = list(db.session.scalars(select(User.id).order_by(User.id)))
    first = {
        model: _next_id(model)
        for model in (Event, CandidateSlot, SlotResponse, Registration, AuditEntry, Speaker)
    }
    statuses = list(islice(cycle(EventStatus), count))
    events, cohosts, slots, answers, registrations, speakers, audit = [], [], [], [], [], [], []
    for number in range(count):
        event_id = first[Event] + number
        status = statuses[number]
        host = organizations[number % len(organizations)]
        partners = [org for org in organizations if org != host][: 1 + number % 2]
        start = START + timedelta(hours=7 * number, microseconds=number)
        agreed = status in (EventStatus.CONFIRMED, EventStatus.PUBLISHED, EventStatus.CANCELLED)
        agreed = agreed or status == EventStatus.COMPLETED
        events.append(
            dict(
                id=event_id,
                uid=f"generated-{number}@cohost-planner",
                title_en=f"Generated event {number}",
                title_ja=f"生成イベント {number}" if number % 3 else None,
                description_en=LARGE_TEXT if number == 0 else f"Line one\nline two {number}",
                description_ja=MIXED_TEXT if number % 2 else None,
                format=list(EventFormat)[number % len(EventFormat)],
                status=status,
                host_organization_id=host,
                created_by_id=users[number % len(users)] if number % 7 else None,
                planning_timezone=ZONES[number % 2],
                duration_minutes=30 + number % 180,
                start_utc=start if agreed else None,
                end_utc=start + timedelta(minutes=90) if agreed else None,
                online_url=f"https://example.org/join/{number}?a=1&b=ä" if number % 4 else None,
                venue="日本橋ライフサイエンスハブ" if number % 5 == 0 else None,
                capacity=None if number % 6 == 0 else number % 500,
                language="ja" if number % 2 else "en",
                cancellation_reason=(
                    "講演者が来られません" if status == EventStatus.CANCELLED else None
                ),
                cancellation_reason_ja=None,
                registration_deadline=start - timedelta(days=1) if number % 8 == 0 else None,
                registration_open=number % 3 != 0,
                asks_contact_consent=number % 2 == 0,
                published_at=start - timedelta(days=30) if agreed and number % 2 else None,
                added_zones=["America/Sao_Paulo"] if number % 9 == 0 else [],
                removed_zones=["Asia/Tokyo"] if number % 11 == 0 else [],
                sequence=number % 4,
                version=1 + number % 6,
                created_at=start - timedelta(days=60),
                updated_at=start - timedelta(days=59, seconds=number),
            )
        )
        cohosts += [dict(event_id=event_id, organization_id=org) for org in partners]
        speakers.append(
            dict(
                id=first[Speaker] + number,
                event_id=event_id,
                position=0,
                name=f"Dr. 佐藤 {number}",
                affiliation="" if number % 2 else "Karolinska",
                timezone=ZONES[number % len(ZONES)],
            )
        )
        for offset in range(2):
            slot_id = first[CandidateSlot] + 2 * number + offset
            slots.append(
                dict(
                    id=slot_id,
                    event_id=event_id,
                    start_utc=start + timedelta(days=offset),
                    end_utc=start + timedelta(days=offset, minutes=90),
                    entered_timezone=ZONES[offset],
                    proposed_by_id=users[0] if offset else None,
                    proposed_by_organization_id=host,
                    created_at=start - timedelta(days=61),
                )
            )
            for org in partners:
                answers.append(
                    dict(
                        id=first[SlotResponse] + len(answers),
                        slot_id=slot_id,
                        organization_id=org,
                        user_id=None if number % 10 == 0 else users[-1],
                        answer=list(Answer)[(number + offset) % len(Answer)],
                        comment="その日は祝日です" if offset else "",
                        updated_at=start - timedelta(days=50, microseconds=offset),
                    )
                )
        for seat in range(3):
            registrations.append(
                dict(
                    id=first[Registration] + len(registrations),
                    event_id=event_id,
                    name=f"参加者 {number}-{seat}",
                    email=f"attendee{number}-{seat}@example.org",
                    affiliation="東京大学" if seat else "",
                    country=("JP", "DK", None)[seat],
                    consent=seat != 1,
                    timezone=ZONES[seat],
                    status=list(RegistrationStatus)[seat],
                    manage_token=f"manage-{number}-{seat}-" + "x" * 20,
                    created_at=start - timedelta(days=10, seconds=seat),
                    updated_at=start - timedelta(days=9, seconds=seat),
                )
            )
        audit.append(
            dict(
                id=first[AuditEntry] + number,
                actor_id=users[number % len(users)] if number % 2 else None,
                actor_kind="user" if number % 2 else "visitor",
                actor_name=None if number % 2 else f"訪問者 {number}",
                action="event.propose",
                target_type="event",
                target_id=event_id,
                event_id=event_id,
                before=None,  # stored as JSON null, as the app's audit entries are
                after={"title_ja": f"生成イベント {number}", "nested": {"list": [1, 2.5, True]}},
                created_at=start - timedelta(days=60, microseconds=999999),
            )
        )
    _rows(Event, events)
    _rows(event_cohosts, cohosts)
    _rows(Speaker, speakers)
    _rows(CandidateSlot, slots)
    _rows(SlotResponse, answers)
    _rows(Registration, registrations)
    _rows(AuditEntry, audit)
    _add_around(first[Event], count, extra_users)
    db.session.commit()
    return first[Event]


def _add_around(first_event: int, count: int, extra_users: list[int]) -> None:
    """Revisions, outbox messages, feed and API tokens, and SQL NULL in JSON columns."""
    every_tenth = range(first_event, first_event + count, 10)
    first_revision, first_message = _next_id(EventRevision), _next_id(OutboxMessage)
    first_feed, first_api = _next_id(CalendarFeedToken), _next_id(ApiToken)
    first_invitation, first_link = _next_id(Invitation), _next_id(EmailLink)
    _rows(
        Invitation,
        [
            dict(
                id=first_invitation + index,
                organization_id=1 + index % 2,
                email=f"invited{index}@example.org",
                role=(Role.ORGANIZATION_ADMIN, Role.ORGANIZER)[index % 2],
                locale=("ja", "en")[index % 2],
                invited_by_id=extra_users[0] if index % 2 else None,
                event_id=event_id if index % 2 else None,
                token_hash=hashlib.sha256(f"invitation {index}".encode()).hexdigest()
                if index % 3
                else None,
                created_at=START,
                expires_at=START + timedelta(days=14),
                sent_at=START + timedelta(seconds=1) if index % 3 else None,
                accepted_at=START + timedelta(days=1) if index % 4 == 1 else None,
                accepted_user_id=extra_users[1] if index % 4 == 1 else None,
                revoked_at=START + timedelta(days=2) if index % 4 == 2 else None,
            )
            for index, event_id in enumerate(every_tenth)
        ],
    )
    _rows(
        EmailLink,
        [
            dict(
                id=first_link + index,
                user_id=extra_users[index % 3],
                purpose=list(LinkPurpose)[index % len(LinkPurpose)],
                event_id=event_id if index % 3 == 2 else None,
                token_hash=hashlib.sha256(f"link {index}".encode()).hexdigest(),
                created_at=START,
                expires_at=START + timedelta(minutes=15) if index % 2 else None,
                used_at=START + timedelta(minutes=1) if index % 5 == 1 else None,
                revoked_at=START + timedelta(minutes=2) if index % 5 == 2 else None,
            )
            for index, event_id in enumerate(every_tenth)
        ],
    )
    _rows(
        EventRevision,
        [
            dict(
                id=first_revision + index,
                event_id=event_id,
                base_version=1,
                before={"title_en": "Before", "title_ja": "変更前", "zones": []},
                created_at=START + timedelta(seconds=event_id),
            )
            for index, event_id in enumerate(every_tenth)
        ],
    )
    _rows(
        OutboxMessage,
        [
            dict(
                id=first_message + index,
                event_id=event_id if event_id % 20 else None,
                recipient=f"organizer{event_id}@example.org",
                subject="[Co-host Planner] 新しい提案",
                body=MIXED_TEXT + "\n" * 3,
                calendar="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" if event_id % 2 else None,
                calendar_method="REQUEST" if event_id % 2 else None,
                created_at=START,
                sent_at=START + timedelta(seconds=1) if event_id % 3 else None,
                error=None,
                invitation_id=first_invitation + index if index % 4 == 1 else None,
                email_link_id=first_link + index if index % 4 == 2 else None,
                status=list(DeliveryStatus)[index % len(DeliveryStatus)],
                attempts=index % 4,
                next_attempt_at=START + timedelta(minutes=2) if index % 5 == 3 else None,
                claimed_at=START if index % 5 == 1 else None,
                kind="events/published" if index % 2 else None,
                recipient_name="山田 花子" if index % 2 else "",
                locale=("ja", "en", None)[index % 3],
                zone="Asia/Tokyo" if index % 2 else None,
                context='{"previous_start": "2037-03-27T08:00:00+00:00"}' if index % 2 else None,
                rendered_at=START if index % 3 else None,
            )
            for index, event_id in enumerate(every_tenth)
        ],
    )
    _rows(
        SentReminder,
        [
            dict(
                id=_next_id(SentReminder) + index,
                kind=list(ReminderKind)[index % len(ReminderKind)],
                key=f"registration:{index}:1440:2037-03-27T08:00:00+00:00",
                outbox_message_id=first_message + index if index % 2 else None,
                created_at=START,
            )
            for index in range(len(every_tenth))
        ],
    )
    _rows(
        FollowUp,
        [
            dict(
                event_id=event_id,
                note_en=MIXED_TEXT if index % 2 else "",
                note_ja="ご参加ありがとうございました。\n資料です。",
                slides_url="https://example.org/slides.pdf" if index % 3 else None,
                recording_url="https://example.org/recording" if index % 2 else None,
                recording_for_registrants=bool(index % 2),
                updated_by_id=extra_users[0] if index % 2 else None,
                updated_at=START,
                emailed_at=START if index % 3 == 1 else None,
            )
            for index, event_id in enumerate(every_tenth)
        ],
    )
    _rows(
        MailOptOut,
        [
            dict(
                id=_next_id(MailOptOut) + index,
                email=f"attendee{index}-0@example.org",
                kind=kind,
                created_at=START,
            )
            for index, kind in enumerate(ReminderKind)
        ],
    )
    _rows(
        CalendarFeedToken,
        [
            dict(
                id=first_feed + number,
                token=f"feed-token-{number}-" + "y" * 30,
                user_id=extra_users[number % 3] if number % 2 else None,
                email=None if number % 2 else f"attendee{number}-0@example.org",
                created_at=START,
                revoked_at=START + timedelta(days=1) if number % 5 == 0 else None,
            )
            for number in range(20)
        ],
    )
    _rows(
        ApiToken,
        [
            dict(
                id=first_api + index,
                user_id=user_id,
                label="スクリプト",
                token_hash=hashlib.sha256(f"chp_{user_id}".encode()).hexdigest(),
                created_at=START,
                last_used_at=None if user_id % 2 else START,
                revoked_at=None,
            )
            for index, user_id in enumerate(extra_users)
        ],
    )
    # SQL NULL (not JSON null) in a JSON column, as rows older than the column have.
    db.session.execute(
        insert(AuditEntry.__table__).values(
            id=_next_id(AuditEntry),
            action="user.update",
            target_type="user",
            before=null(),
            after=null(),
            created_at=START,
        )
    )
