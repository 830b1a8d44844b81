"""Organizations' audience zones and each event's added or removed cities

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # JSON lists of IANA zone names; existing rows start with none ("[]"), so every
    # event keeps showing exactly the cities it showed before.
    with op.batch_alter_table('organizations') as batch:
        batch.add_column(
            sa.Column('audience_zones', sa.JSON(), server_default='[]', nullable=False)
        )
    with op.batch_alter_table('events') as batch:
        batch.add_column(sa.Column('added_zones', sa.JSON(), server_default='[]', nullable=False))
        batch.add_column(
            sa.Column('removed_zones', sa.JSON(), server_default='[]', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('events') as batch:
        batch.drop_column('removed_zones')
        batch.drop_column('added_zones')
    with op.batch_alter_table('organizations') as batch:
        batch.drop_column('audience_zones')
