"""Events may ask for contact consent; audit entries say who acted without an account

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('asks_contact_consent', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_kind', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('actor_name', sa.String(length=200), nullable=True))
    # Until now, registrations made and cancelled on the public page were recorded
    # without an actor, which read as "command line"; they were the registrant's own.
    op.execute(
        sa.text(
            "UPDATE audit_entries SET actor_kind = 'visitor' WHERE actor_id IS NULL AND action IN "
            "('registration.create', 'registration.reactivate', 'registration.cancel')"
        )
    )
    op.execute(
        sa.text(
            "UPDATE audit_entries SET actor_kind = 'system' WHERE actor_id IS NULL AND action IN "
            "('registration.promote', 'event.complete')"
        )
    )


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('actor_name')
        batch_op.drop_column('actor_kind')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('asks_contact_consent')
