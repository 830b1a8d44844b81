"""The outbox's delivery status: queued, sending, sent, retrying, failed, with attempts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STATUSES = ("queued", "sending", "sent", "retrying", "failed")


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    *STATUSES,
                    name="delivery_status",
                    native_enum=False,
                    create_constraint=True,
                    length=12,
                ),
                server_default="queued",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_status"), ["status"], unique=False
        )
    # Messages from before: sent ones are sent; one that failed before retries existed
    # stays failed (its error says why); the rest wait for the worker.
    op.execute("UPDATE outbox_messages SET status = 'sent', attempts = 1 WHERE sent_at IS NOT NULL")
    op.execute(
        "UPDATE outbox_messages SET status = 'failed', attempts = 1 "
        "WHERE sent_at IS NULL AND error IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_status"))
        batch_op.drop_constraint(op.f("ck_outbox_messages_delivery_status"), type_="check")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("status")
