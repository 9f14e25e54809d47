"""Importing this module registers every triage page on the blueprints."""

from consult.triage import queue, split, suggestion  # noqa: F401
from consult.triage.blueprint import bp
from consult.triage.manage import bp as manage_bp
from consult.triage.public import bp as public_bp

__all__ = ["bp", "manage_bp", "public_bp"]
