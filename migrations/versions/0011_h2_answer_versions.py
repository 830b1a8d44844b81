"""Answers remember the event version they were written in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # Existing answers keep NULL, which counts as seen from every version.
    with op.batch_alter_table('slot_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_version', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('slot_responses', schema=None) as batch_op:
        batch_op.drop_column('event_version')
