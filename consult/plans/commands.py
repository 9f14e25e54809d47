"""Plan commands."""

from consult.cli import consult_cli  # noqa: F401
