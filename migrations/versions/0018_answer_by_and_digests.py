"""An answer-by date on proposals; how often each organizer wants the digest

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_by", sa.Date(), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digest", sa.String(length=8), server_default="off", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("digest")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("answer_by")
