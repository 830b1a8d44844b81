"""Sessions carry a sign-in generation; events remember when they were sent to co-hosts

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

# The earliest audit entry that sent the event to its co-hosts: proposed at once, or a
# draft submitted later.
_SENT_AT = (
    "(SELECT MIN(a.created_at) FROM audit_entries a WHERE a.event_id = events.id "
    "AND a.action IN ('event.propose', 'event.submit'))"
)


def upgrade():
    # Every existing session stored a bare user id, which the new loader refuses:
    # everybody signs in once more after the upgrade.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=True))
    # Everything past the draft stage was sent, when the audit log says (else when it
    # was created, which is when a proposal sent at once was sent).
    op.execute(
        sa.text(
            f"UPDATE events SET proposed_at = COALESCE({_SENT_AT}, created_at) "
            "WHERE status NOT IN ('draft', 'withdrawn')"
        )
    )
    # A withdrawn event was sent only if the audit log says so, or if a co-host
    # answered one of its times; otherwise it was a draft withdrawn unsent, which stays
    # hidden from the co-hosts (hiding a withdrawn proposal is the safe mistake).
    op.execute(
        sa.text(f"UPDATE events SET proposed_at = {_SENT_AT} WHERE status = 'withdrawn'")
    )
    op.execute(
        sa.text(
            "UPDATE events SET proposed_at = created_at "
            "WHERE status = 'withdrawn' AND proposed_at IS NULL AND EXISTS ("
            "SELECT 1 FROM slot_responses r JOIN candidate_slots s ON s.id = r.slot_id "
            "WHERE s.event_id = events.id AND r.organization_id <> events.host_organization_id)"
        )
    )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('proposed_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
