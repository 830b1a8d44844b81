"""``flask --app planner ...`` commands. Each one calls a service and prints the outcome."""

from __future__ import annotations

import click
from flask import Flask, current_app

from planner.accounts import operations as accounts
from planner.backup.commands import export_command, import_command
from planner.demo import seed as demo
from planner.errors import DomainError
from planner.events.completion import complete_ended_events
from planner.models import Role
from planner.organizations.operations import get_organization_by_slug


def _fail(error: DomainError) -> click.ClickException:
    """Turn a domain error into a clean command-line error (no traceback)."""
    where = f" ({error.field})" if error.field else ""
    return click.ClickException(f"{error.message}{where}")


@click.command("create-user")
@click.option("--email", prompt=True, help="Sign-in email (unique, case-insensitive).")
@click.option("--name", "display_name", prompt="Display name", help="Name shown to others.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.ADMIN.value,
    show_default=True,
    help="admin manages organizations and users; organizer plans events.",
)
@click.option("--org", "organization_slug", default=None, help="Organization slug (organizers).")
@click.password_option(help="At least 10 characters; asked for twice when omitted.")
def create_user_command(
    email: str, display_name: str, role: str, organization_slug: str | None, password: str
) -> None:
    """Create an account, for example the first administrator."""
    try:
        organization_id = (
            get_organization_by_slug(organization_slug).id if organization_slug else None
        )
        user = accounts.create_user(
            None,
            email=email,
            display_name=display_name,
            password=password,
            role=Role(role),
            organization_id=organization_id,
        )
    except DomainError as error:
        raise _fail(error) from error
    click.echo(f"Created {user.role} {user.email}.")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo organizations and accounts (safe to run again: adds only what is missing)."""
    try:
        report = demo.seed_demo(allow_demo_accounts=current_app.config["ALLOW_DEMO_ACCOUNTS"])
    except DomainError as error:
        raise _fail(error) from error
    click.echo(
        f"Demo data: {len(report.organizations)} organizations, "
        f"{len(report.accounts)} accounts and {len(report.events)} events added."
    )
    click.echo(f"Demo sign-ins (password '{demo.DEMO_PASSWORD}'):")
    for email, _name, slug, role in demo.DEMO_ACCOUNTS:
        click.echo(f"  {email:<32} {role.value:<10} {slug}")


@click.command("remove-demo-accounts")
def remove_demo_accounts_command() -> None:
    """Deactivate the demo accounts (production refuses to serve while they exist)."""
    removed = demo.remove_demo_accounts()
    click.echo(f"{len(removed)} demo accounts deactivated.")
    for email in removed:
        click.echo(f"  {email}")


@click.command("complete-events")
def complete_events_command() -> None:
    """Mark published events whose end has passed as completed."""
    completed = complete_ended_events()
    click.echo(f"{len(completed)} ended events marked completed.")


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI group."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(complete_events_command)
    app.cli.add_command(remove_demo_accounts_command)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
