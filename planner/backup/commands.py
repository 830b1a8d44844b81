"""``flask --app planner export`` and ``import``: the backup operations at the command line."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import IO, TextIO

import click

from planner.backup.export import NoProgress, Progress, export_backup
from planner.backup.restore import read_backup, restore_backup
from planner.errors import DomainError

_IMPORT_HELP = """Restore a backup made by `export` into an empty database.

The database must be new and migrated (`flask --app planner db upgrade`) to the
schema revision the backup was made at; the import refuses any other, and a file
that is damaged, without writing anything. Everything goes in in one transaction.

Accounts exported without --with-password-hashes cannot sign in after the import:
an administrator sets a new password for each on Admin > Users > Edit (the New
password field). If no administrator can sign in, first create one with
`flask --app planner create-user` (a new email address).
"""


def progress_wanted(quiet: bool, stream: IO) -> bool:
    """A progress bar only for someone watching a terminal: not with --quiet, not into a pipe."""
    return not quiet and stream.isatty()


class TerminalProgress:
    """A ``click.progressbar`` on ``stream``, shown from ``begin`` until ``close``."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self._label = label
        self._stream = stream
        self._bar: click.progressbar | None = None
        self._stack = ExitStack()

    def begin(self, total: int) -> None:
        """Show the bar for ``total`` rows."""
        self._bar = self._stack.enter_context(
            click.progressbar(length=total, label=self._label, file=self._stream)
        )

    def advance(self, rows: int) -> None:
        """Move the bar on by ``rows``."""
        if self._bar is not None:
            self._bar.update(rows)

    def close(self) -> None:
        """Finish the bar's line, whether the work ended or failed."""
        self._stack.close()


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Progress]:
    """The progress to report to: a bar on a terminal's stderr, else nothing."""
    stream = sys.stderr
    if not progress_wanted(quiet, stream):
        yield NoProgress()
        return
    bar = TerminalProgress(label, stream)
    try:
        yield bar
    finally:
        bar.close()


@contextmanager
def _backup_file(path: str) -> Iterator[TextIO]:
    """``path`` (``-``: standard output) as UTF-8 text, written whole or not at all.

    A file is written under a temporary name and renamed when complete, so a failed
    export never leaves something that looks like a good backup.
    """
    if path == "-":
        # UTF-8 whatever the terminal's locale: the backup holds Japanese text.
        stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
        try:
            yield stdout
        finally:
            stdout.flush()
            stdout.detach()
        return
    partial = f"{path}.partial"
    try:
        with open(partial, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


@click.command("export")
@click.argument("path", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--with-password-hashes",
    is_flag=True,
    help="Include the accounts' password hashes (left out by default: they can be "
    "cracked offline). Without them, restored accounts need a new password.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def export_command(path: str, with_password_hashes: bool, quiet: bool) -> None:
    """Write every table to one JSON backup file (PATH, or - for standard output).

    Holds organizations, accounts, events, slots, answers, registrations, the audit
    log, the outbox and every other table, with calendar-feed, manage-link and API
    token hashes (so attendees' calendars keep working after a restore): keep the file
    as secret as the database. Password hashes only with --with-password-hashes.
    """
    try:
        with _progress("Exporting", quiet) as progress, _backup_file(path) as out:
            summary = export_backup(
                out, with_password_hashes=with_password_hashes, progress=progress
            )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    if not quiet:
        hashes = "with" if with_password_hashes else "without"
        # On stderr when the backup itself goes to standard output.
        click.echo(
            f"Exported {summary.total_rows} rows of {len(summary.row_counts)} tables "
            f"(schema {summary.schema_revision}, {hashes} password hashes) to "
            f"{'standard output' if path == '-' else path}.",
            err=path == "-",
        )


@click.command("import", help=_IMPORT_HELP)
@click.argument("path", type=click.File("rb"))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def import_command(path: IO[bytes], quiet: bool) -> None:
    """Restore a backup into an empty database (see ``_IMPORT_HELP``)."""
    try:
        backup = read_backup(path)
        with _progress("Importing", quiet) as progress:
            summary = restore_backup(backup, progress)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    if quiet:
        return
    click.echo(
        f"Imported {summary.total_rows} rows into {len(summary.row_counts)} tables "
        f"(exported at {backup.exported_at}, schema {backup.schema_revision})."
    )
    if summary.accounts_without_password:
        click.echo(
            f"{summary.accounts_without_password} accounts have no password yet (the "
            "backup left the hashes out): an administrator sets one for each on "
            "Admin > Users > Edit. With no administrator able to sign in, first run "
            "`flask --app planner create-user`."
        )
