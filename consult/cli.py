"""`flask consult ...` commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

consult_cli = AppGroup("consult", help="consult administration commands.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(consult_cli)
