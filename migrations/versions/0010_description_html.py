"""Store each description's sanitized HTML beside its text, rendered for existing events

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

# The same renderer the model uses when a description is set, so backfilled rows read
# exactly like rows saved from now on.
from planner.core.rich_text import render_html

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_events = sa.table(
    'events',
    sa.column('id', sa.Integer),
    sa.column('description_en', sa.Text),
    sa.column('description_ja', sa.Text),
    sa.column('description_html_en', sa.Text),
    sa.column('description_html_ja', sa.Text),
)


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('description_html_en', sa.Text(), server_default='', nullable=False)
        )
        batch_op.add_column(sa.Column('description_html_ja', sa.Text(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_events.c.id, _events.c.description_en, _events.c.description_ja)
    ).all()
    for event_id, text_en, text_ja in rows:
        connection.execute(
            _events.update()
            .where(_events.c.id == event_id)
            .values(
                description_html_en=render_html(text_en or ''),
                description_html_ja=render_html(text_ja) if text_ja else None,
            )
        )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('description_html_ja')
        batch_op.drop_column('description_html_en')
