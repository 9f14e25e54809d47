"""Start page, language switch and the service pages (accessibility, privacy, Leichte Sprache)."""

from consult.pages.views import bp

__all__ = ["bp"]
