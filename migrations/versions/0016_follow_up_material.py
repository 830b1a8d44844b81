"""Follow-up material after an event: a note in both languages, slides and recording links

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "follow_ups",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("note_en", sa.Text(), server_default="", nullable=False),
        sa.Column("note_ja", sa.Text(), server_default="", nullable=False),
        sa.Column("slides_url", sa.String(length=500), nullable=True),
        sa.Column("recording_url", sa.String(length=500), nullable=True),
        sa.Column(
            "recording_for_registrants", sa.Boolean(), server_default=sa.true(), nullable=False
        ),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_follow_ups_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_follow_ups_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_follow_ups")),
    )


def downgrade():
    op.drop_table("follow_ups")
