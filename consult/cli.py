"""`flask consult ...` commands. Each feature adds its own commands to the group."""

from __future__ import annotations

from flask import Flask
from flask.cli import AppGroup

consult_cli = AppGroup("consult", help="consult administration commands.")


def register_cli(app: Flask) -> None:
    from consult import demo  # noqa: F401 - registers `demo`
    from consult.accountability import commands as notice_commands  # noqa: F401
    from consult.accounts import commands as account_commands  # noqa: F401
    from consult.plans import commands as plan_commands  # noqa: F401
    from consult.statements import commands as statement_commands  # noqa: F401

    if "consult" not in app.cli.commands:
        app.cli.add_command(consult_cli)
