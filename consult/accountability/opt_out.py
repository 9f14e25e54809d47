"""Opting out of final notices: a signed link (no expiry) names the recipient; following it
and pressing the button stores a `NoticeOptOut`, pressing the other button removes it.

The link is in every notice, on the tracking page and on the author's page. Notices planned
for someone who opted out are kept as "opted_out" and never sent (checked again just before
sending).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.accountability.models import RECIPIENT_KEY_LENGTH, NoticeOptOut
from consult.audit.models import register_messages
from consult.audit.services import record
from consult.extensions import db

OPT_OUT_SALT = "consult.final-notice.opt-out"

register_messages(
    {
        "notices.opt_out": _l("Someone opted out of final notices."),
        "notices.opt_in": _l("Someone asked for final notices again."),
    }
)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=OPT_OUT_SALT)


def opt_out_token(key: str) -> str:
    return _serializer().dumps(key)


def read_opt_out_token(token) -> str | None:
    """The recipient key a signed opt-out link names, or None for anything else."""
    if not isinstance(token, str) or not 0 < len(token) <= 600:
        return None
    try:
        key = _serializer().loads(token)
    except BadData:
        return None
    if not isinstance(key, str) or not key or len(key) > RECIPIENT_KEY_LENGTH:
        return None
    return key


def is_opted_out(key: str) -> bool:
    return db.session.scalar(
        select(NoticeOptOut.id).where(NoticeOptOut.recipient_key == key)
    ) is not None


def opt_out(key: str) -> bool:
    """Stop final notices to this recipient; False when they had already opted out."""
    if is_opted_out(key):
        return False
    entry = NoticeOptOut(recipient_key=key)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:  # the same link sent twice at once
        return False
    record(None, "notices.opt_out", entry)
    return True


def opt_in(key: str) -> bool:
    """Send final notices to this recipient again; False when they had not opted out."""
    entry = db.session.scalar(select(NoticeOptOut).where(NoticeOptOut.recipient_key == key))
    if entry is None:
        return False
    db.session.delete(entry)
    db.session.flush()
    record(None, "notices.opt_in", None, object_type="NoticeOptOut")
    return True
