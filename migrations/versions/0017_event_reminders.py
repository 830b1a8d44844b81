"""Events choose the reminders their attendees get, and whether calendars get alarms

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        # Existing events get the default: the day before and an hour before.
        batch_op.add_column(
            sa.Column("reminder_offsets", sa.JSON(), server_default="[1440, 60]", nullable=False)
        )
        batch_op.add_column(
            sa.Column("reminder_alarms", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("reminder_alarms")
        batch_op.drop_column("reminder_offsets")
