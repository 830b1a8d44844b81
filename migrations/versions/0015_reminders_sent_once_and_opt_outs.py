"""Reminders, nudges and digests remembered once each; addresses that turned a kind off

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sent_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_sent_reminders_outbox_message_id_outbox_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminders")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_sent_reminders_kind_key")),
    )
    op.create_table(
        "mail_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_opt_outs")),
        sa.UniqueConstraint("email", "kind", name=op.f("uq_mail_opt_outs_email_kind")),
    )
    with op.batch_alter_table("mail_opt_outs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_opt_outs_email"), ["email"], unique=False)


def downgrade():
    with op.batch_alter_table("mail_opt_outs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_opt_outs_email"))
    op.drop_table("mail_opt_outs")
    op.drop_table("sent_reminders")
