"""Backfill events.published_at, which now decides whether a cancelled event is public

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    # Published and completed events were public; a cancelled one was public only if it
    # had been published first, which the audit log records.
    op.execute(
        sa.text(
            "UPDATE events SET published_at = updated_at "
            "WHERE published_at IS NULL AND (status IN ('published', 'completed') "
            "OR (status = 'cancelled' AND EXISTS (SELECT 1 FROM audit_entries a "
            "WHERE a.event_id = events.id AND a.action = 'event.publish')))"
        )
    )


def downgrade():
    # Nothing to undo: before 0004 the column existed but was not used.
    pass
