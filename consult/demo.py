"""`flask consult demo`: the demo process (written for consult, modelled on the seeds)."""

from consult.cli import consult_cli  # noqa: F401
