"""Migration 0010 renders the descriptions of events that existed before it, on both databases."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from planner import create_app
from planner.core.rich_text import render_html
from planner.extensions import db
from tests.app.test_migrations import empty_database_url  # noqa: F401 - the fixture

ENGLISH = "Two cities, **one** programme.\n\n- Tokyo\n- Copenhagen\n\n<b>as typed</b>"
JAPANESE = "二都市、*一つ*のプログラム。"


def test_existing_descriptions_get_their_html(empty_database_url: str) -> None:  # noqa: F811
    app = create_app({"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organizations (id, slug, name_en, kind, country, timezone, "
                    "audience_zones, work_start, work_end, created_at) VALUES (1, 'link-j', "
                    "'LINK-J', 'network', 'JP', 'Asia/Tokyo', '[]', '09:00:00', "
                    "'18:00:00', '2026-12-01 00:00:00')"
                )
            )
            for event_id, english, japanese in ((1, ENGLISH, JAPANESE), (2, "", None)):
                connection.execute(
                    text(
                        "INSERT INTO events (id, uid, title_en, description_en, description_ja, "
                        "format, status, host_organization_id, planning_timezone, "
                        "duration_minutes, language, sequence, version, created_at, updated_at) "
                        "VALUES (:id, :uid, 'Webinar', :english, :japanese, 'webinar', 'draft', "
                        "1, 'Asia/Tokyo', 60, 'en', 0, 1, '2026-12-01 00:00:00', "
                        "'2026-12-01 00:00:00')"
                    ),
                    {
                        "id": event_id,
                        "uid": f"{event_id}@test",
                        "english": english,
                        "japanese": japanese,
                    },
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, description_html_en, description_html_ja FROM events ORDER BY id")
            ).all()
        assert [tuple(row) for row in rows] == [
            (1, render_html(ENGLISH), render_html(JAPANESE)),
            (2, "", None),
        ]
        assert "<strong>one</strong>" in rows[0][1] and "&lt;b&gt;as typed" in rows[0][1]
        downgrade(revision="0009")
        with db.engine.connect() as connection:
            columns = connection.execute(text("SELECT * FROM events")).keys()
        assert "description_html_en" not in columns
        downgrade(revision="base")
        db.engine.dispose()
