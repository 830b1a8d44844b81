"""Sessions carry a sign-in generation, so that signing out can end all of them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Every existing session stored a bare user id, which the new loader refuses:
    # everybody signs in once more after the upgrade.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
