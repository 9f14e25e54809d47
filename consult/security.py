"""Roles and permissions in one place, safe redirects, and security headers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, g, request
from flask_login import current_user

from consult.accounts.models import Role

# Permission -> roles that hold it. The single source of truth for the role matrix.
PERMISSIONS: dict[str, frozenset[str]] = {
    "manage.access": frozenset({Role.STAFF, Role.ADMIN}),
    "processes.edit": frozenset({Role.STAFF, Role.ADMIN}),
    "versions.edit": frozenset({Role.STAFF, Role.ADMIN}),
    "versions.publish": frozenset({Role.STAFF, Role.ADMIN}),
    "versions.preview": frozenset({Role.STAFF, Role.ADMIN}),
    "organisations.manage": frozenset({Role.STAFF, Role.ADMIN}),
    "organisations.verify": frozenset({Role.STAFF, Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    "audit.read": frozenset({Role.STAFF, Role.ADMIN}),
    "comments.moderate": frozenset({Role.STAFF, Role.ADMIN}),
    "contributions.read": frozenset({Role.STAFF, Role.ADMIN}),
    "statements.record": frozenset({Role.STAFF, Role.ADMIN}),
    "forum.manage": frozenset({Role.STAFF, Role.ADMIN}),
    # Triage. Members of a process's groups get more through their group (consult.triage.access):
    # an expert group's members recommend on its suggestions, a deciding body's members decide.
    "triage.read": frozenset({Role.STAFF, Role.ADMIN}),
    "triage.edit": frozenset({Role.STAFF, Role.ADMIN}),
    "triage.recommend": frozenset({Role.STAFF, Role.ADMIN}),
    "triage.decide": frozenset({Role.ADMIN}),
    "triage.publish": frozenset({Role.STAFF, Role.ADMIN}),
    "triage.manage": frozenset({Role.STAFF, Role.ADMIN}),
    # Accountability: internal exports (names, internal notes) and final notices.
    "exports.internal": frozenset({Role.STAFF, Role.ADMIN}),
    "notices.manage": frozenset({Role.STAFF, Role.ADMIN}),
    # The road to adoption: sharing versions with bodies, amendments and votes, reports.
    "versions.share": frozenset({Role.STAFF, Role.ADMIN}),
    "amendments.manage": frozenset({Role.STAFF, Role.ADMIN}),
    "reports.manage": frozenset({Role.STAFF, Role.ADMIN}),
}


def role_of(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def can(user, permission: str) -> bool:
    role = role_of(user)
    return role is not None and role in PERMISSIONS[permission]


def require(permission: str) -> Callable:
    """View decorator: 401 (login) for anonymous visitors, 403 for the wrong role."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from consult.extensions import login_manager

                return login_manager.unauthorized()
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def keeps_input(view: Callable) -> Callable:
    """Mark a form view whose form re-renders, with what was typed, when its CSRF token expired.

    The view must validate a FlaskForm before changing anything: the form's own CSRF check
    then fails, and the view shows the form again with the person's input and a fresh token.
    """
    view.keeps_input_on_csrf_error = True  # type: ignore[attr-defined]
    return view


def is_safe_redirect(target: str | None) -> bool:
    """Only same-site relative paths: `/path?query`. Refuses `//x`, `/\\x`, `https:x`."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return False
    for candidate in (target, unquote(target), unquote(unquote(target))):
        if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
            return False
        if any(ch in candidate for ch in ("\\", "\r", "\n", "\t", "\x00")):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True


def safe_next(target: str | None, default: str) -> str:
    return target if is_safe_redirect(target) else default


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def init_security_headers(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint and (
            request.endpoint.startswith(("manage.", "accounts.")) or current_user.is_authenticated
        ):
            response.headers["Cache-Control"] = "no-store"
        return response
