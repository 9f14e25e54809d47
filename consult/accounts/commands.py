"""Account commands: `flask consult create-user`, `set-role`, `set-password`."""

from __future__ import annotations

import functools

import click
from flask_babel import force_locale

from consult.accounts import services
from consult.accounts.models import Role
from consult.cli import consult_cli
from consult.errors import DomainError
from consult.extensions import db

ROLE_CHOICE = click.Choice([role.value for role in Role])


def in_english(command):
    """Messages from the services come out in English on the command line."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        with force_locale("en"):
            return command(*args, **kwargs)

    return wrapped


def _fail(error: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(str(error))


@consult_cli.command("create-user")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option("--role", type=ROLE_CHOICE, default=Role.RESIDENT.value, show_default=True)
@click.option("--language", default=None, help="Preferred language code, e.g. de or en.")
@click.password_option("--password", help="Asked for when not given.")
@in_english
def create_user(email: str, display_name: str, role: str, language: str | None, password: str):
    """Create a confirmed account (e.g. the first administrator)."""
    try:
        user = services.create_account(
            email=email, display_name=display_name, password=password, role=role,
            language=language,
        )
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created account {user.id} ({user.email}) with the role {user.role}.")


@consult_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@in_english
def set_role(email: str, role: str):
    """Change the role of an account."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException("No account with this e-mail address.")
    try:
        services.change_role(user, role, actor=None)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Account {user.id} now has the role {user.role}.")


@consult_cli.command("set-password")
@click.argument("email")
@click.password_option("--password", help="Asked for when not given.")
@in_english
def set_password(email: str, password: str):
    """Set a new password for an account (ends its sessions and unlocks it)."""
    user = services.find_user_by_email(email)
    if user is None or user.deleted_at is not None:
        raise click.ClickException("No account with this e-mail address.")
    try:
        services.set_password_by_admin(user, password)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"The password of account {user.id} is set.")
