"""Signed, expiring tokens for e-mail links (confirmation, password reset).

Tokens are signed with the app's SECRET_KEY and a purpose-specific salt, so a token made for
one purpose is worthless for another. They expire after TOKEN_MAX_AGE_SECONDS. A reset token
also carries a fingerprint of the current password, so it dies once the password changes: it
can be used once only.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM_SALT = "consult.accounts.confirm-email"
RESET_SALT = "consult.accounts.reset-password"


@dataclass(frozen=True)
class TokenData:
    user_id: int
    check: str


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _max_age() -> int:
    return int(current_app.config["TOKEN_MAX_AGE_SECONDS"])


def _digest(*parts: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = "\x1f".join(parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def email_fingerprint(user) -> str:
    """Changes when the account's address changes (or the account is deleted)."""
    return _digest("email", str(user.id), user.email or "")


def password_fingerprint(user) -> str:
    """Changes whenever the password (hash or change time) changes."""
    changed_at = user.password_changed_at
    if changed_at is not None and changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=UTC)  # SQLite hands back naive UTC values
    changed = changed_at.timestamp() if changed_at else 0
    return _digest("password", str(user.id), user.password_hash or "", f"{changed:.6f}")


def make_confirmation_token(user) -> str:
    return _serializer(CONFIRM_SALT).dumps({"uid": user.id, "fp": email_fingerprint(user)})


def make_reset_token(user) -> str:
    return _serializer(RESET_SALT).dumps({"uid": user.id, "fp": password_fingerprint(user)})


def _load(token: str, salt: str) -> TokenData | None:
    if not token or not isinstance(token, str) or len(token) > 1000:
        return None
    try:
        data = _serializer(salt).loads(token, max_age=_max_age())
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    user_id, check = data.get("uid"), data.get("fp")
    if not isinstance(user_id, int) or not isinstance(check, str):
        return None
    return TokenData(user_id=user_id, check=check)


def read_confirmation_token(token: str) -> TokenData | None:
    return _load(token, CONFIRM_SALT)


def read_reset_token(token: str) -> TokenData | None:
    return _load(token, RESET_SALT)


def matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected, given)
