"""Registrations remember a keyed hash of their client network; attendee feeds are revoked

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-10

Until now an attendee feed address (one per email address) was shown on the page and
in the API answer of the registration that created it, so whoever first registered an
address, its owner or not, may hold it. From now on the address only ever goes by
email to its owner; every address issued before is revoked, and each attendee gets a
new one with their next email (or from their manage page). The downgrade drops the
column only: revoked addresses stay revoked.

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
    feeds = sa.table(
        "calendar_feed_tokens",
        sa.column("email", sa.String),
        sa.column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        feeds.update()
        .where(feeds.c.email.is_not(None), feeds.c.revoked_at.is_(None))
        .values(revoked_at=sa.func.current_timestamp())
    )


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("client_key")
