"""Schema revisions: the one this installation's code describes, and the database's.

A backup records the Alembic revision of the schema it was read from, and is restored
only into a database at that same revision: the rows of one schema do not fit another
(a renamed column, a new NOT NULL one). ``flask --app planner db upgrade`` brings a
database to the code's revision.

A database built from the models by ``db.create_all()`` (the test suite's, for
example) has no Alembic stamp; when it has every table it counts as the code's
revision, which ``tests/app/test_migrations.py`` keeps equal to the migrations' head.
"""

from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from planner.backup.layout import backup_tables
from planner.errors import Conflict

_VERSION_TABLE = "alembic_version"


def _revision_text(revisions: tuple[str, ...] | list[str]) -> str:
    """Several heads (before a merge) as one stable text: sorted, space-separated."""
    return " ".join(sorted(revisions))


def code_schema_revision() -> str:
    """The head revision of this installation's migrations (the schema the code expects)."""
    migrate_state = current_app.extensions["migrate"]
    config = migrate_state.migrate.get_config(migrate_state.directory)
    return _revision_text(ScriptDirectory.from_config(config).get_heads())


def database_schema_revision(connection: Connection) -> str:
    """The revision of the database behind ``connection``, checked against the code's.

    Raises ``Conflict`` when the database is at another revision or has no schema yet,
    with what to run; otherwise returns the revision.
    """
    expected = code_schema_revision()
    inspector = inspect(connection)
    if inspector.has_table(_VERSION_TABLE):
        found = _revision_text(MigrationContext.configure(connection).get_current_heads())
        if found != expected:
            raise Conflict(
                _(
                    "The database is at schema revision %(found)s, but this installation "
                    "expects %(expected)s. Run `flask --app planner db upgrade` first.",
                    found=found or _("(none)"),
                    expected=expected,
                )
            )
        return found
    missing = [table.name for table in backup_tables() if not inspector.has_table(table.name)]
    if missing:
        raise Conflict(
            _(
                "The database has no Co-host Planner schema yet (no table %(table)s). "
                "Run `flask --app planner db upgrade` first.",
                table=missing[0],
            )
        )
    return expected
