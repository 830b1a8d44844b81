"""Event revisions for merging edits, a Japanese cancellation reason, attendees' zones

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('base_version', sa.Integer(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['event_id'], ['events.id'],
            name=op.f('fk_event_revisions_event_id_events'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_revisions')),
    )
    with op.batch_alter_table('event_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_revisions_event_id'), ['event_id'], unique=False)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancellation_reason_ja', sa.String(length=1000), nullable=True))
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('timezone')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('cancellation_reason_ja')
    with op.batch_alter_table('event_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_revisions_event_id'))
    op.drop_table('event_revisions')
