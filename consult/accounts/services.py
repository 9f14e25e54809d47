"""Every change to accounts. Flushes, never commits.

Views call one service, commit, and then send mail with the `send_*_mail` helpers below.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from consult.accounts import tokens
from consult.accounts.models import Role, User
from consult.accounts.passwords import hash_password, needs_rehash, verify_password
from consult.audit.models import register_messages
from consult.audit.services import record
from consult.errors import DomainError, NotAllowed, ValidationFailed
from consult.extensions import db
from consult.i18n import choosable_languages, interface_language_for, select_language
from consult.mail import send_mail
from consult.models import utcnow

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254

# Stored in place of the name of a deleted account; shown translated by `person_name`.
DELETED_NAME = "Deleted account"

register_messages(
    {
        "account.register": _l("Account %(user_id)s registered."),
        "account.create": _l("Account %(user_id)s created with the role %(role)s."),
        "account.confirm": _l("Account %(user_id)s confirmed its e-mail address."),
        "account.locked": _l("Account %(user_id)s locked after %(count)s failed logins."),
        "account.password_reset": _l("Account %(user_id)s set a new password by e-mail link."),
        "account.password_change": _l("Account %(user_id)s changed its password."),
        "account.password_set": _l("A new password was set for account %(user_id)s."),
        "account.profile": _l("Account %(user_id)s changed its profile."),
        "account.export": _l("Account %(user_id)s downloaded its data."),
        "account.delete": _l("Account %(user_id)s was deleted and anonymised."),
        "user.role": _l("Changed the role of account %(user_id)s from %(old)s to %(new)s."),
        "user.deactivate": _l("Deactivated account %(user_id)s."),
        "user.reactivate": _l("Reactivated account %(user_id)s."),
    }
)


class LoginFailed(DomainError):
    """Wrong address, wrong password or a locked account: the person learns no more."""


class AccountUnconfirmed(DomainError):
    def __init__(self, user: User) -> None:
        super().__init__(_("Please confirm your e-mail address first."))
        self.user = user


class AccountInactive(DomainError):
    pass


class TokenInvalid(DomainError):
    pass


def login_failed_message() -> str:
    minutes = max(1, current_app.config["LOGIN_LOCK_SECONDS"] // 60)
    return ngettext(
        "The e-mail address or the password is not correct. After too many failed attempts, "
        "logging in is paused for %(num)s minute.",
        "The e-mail address or the password is not correct. After too many failed attempts, "
        "logging in is paused for %(num)s minutes.",
        minutes,
    )


# --- helpers ----------------------------------------------------------------


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str | None) -> User | None:
    address = normalise_email(email)
    if not address or len(address) > EMAIL_MAX_LENGTH:
        return None
    return db.session.scalar(
        select(User).where(func.lower(User.email) == address).order_by(User.id).limit(1)
    )


def as_utc(value: datetime | None) -> datetime | None:
    """Stored times are UTC; SQLite hands them back without a zone."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def check_password_rules(password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ValidationFailed(
            _("A password needs at least %(count)s characters.", count=PASSWORD_MIN_LENGTH)
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise ValidationFailed(
            _("A password may have at most %(count)s characters.", count=PASSWORD_MAX_LENGTH)
        )


def check_display_name(display_name: str) -> str:
    name = (display_name or "").strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed(
            _("Please enter a name of at most %(count)s characters.", count=NAME_MAX_LENGTH)
        )
    return name


def _language_or_none(code: str | None) -> str | None:
    return code if code in choosable_languages() else None


def _next_password_time(user: User) -> datetime:
    """A change time whose whole second differs from the old one (sessions store seconds)."""
    now = utcnow()
    old = as_utc(user.password_changed_at)
    if old is not None and int(now.timestamp()) <= int(old.timestamp()):
        now = old.replace(microsecond=0) + timedelta(seconds=1)
    return now


def _set_password(user: User, password: str) -> None:
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.password_changed_at = _next_password_time(user)
    user.failed_logins = 0
    user.locked_until = None


def person_name(user: User | None) -> str:
    """A person's name as shown; deleted accounts get a translated label."""
    if user is None or user.deleted_at is not None:
        return _("Deleted account")
    return user.display_name


def active_admin_count() -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.role == Role.ADMIN.value,
            User.is_active_account.is_(True),
            User.deleted_at.is_(None),
        )
    ) or 0


def _is_last_admin(user: User) -> bool:
    return user.is_admin and user.is_active and active_admin_count() <= 1


# --- registration and confirmation -------------------------------------------


def register_account(
    *, display_name: str, email: str, password: str, language: str | None
) -> tuple[User | None, User | None]:
    """Create an unconfirmed account. Returns (new account, None) or (None, existing account)."""
    address = normalise_email(email)
    existing = find_user_by_email(address)
    if existing is not None:
        hash_password(password)  # the same work as for a new account: timing reveals nothing
        return None, existing
    check_password_rules(password)
    user = User(
        email=address,
        display_name=check_display_name(display_name),
        password_hash=hash_password(password),
        role=Role.RESIDENT.value,
        preferred_language=_language_or_none(language),
        password_changed_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        # Registered at the same moment by another request.
        return None, find_user_by_email(address)
    record(None, "account.register", user, {"user_id": user.id})
    return user, None


def create_account(
    *,
    email: str,
    display_name: str,
    password: str,
    role: str = Role.RESIDENT.value,
    language: str | None = None,
    actor=None,
) -> User:
    """An account created by an administrator: confirmed at once."""
    address = normalise_email(email)
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationFailed(_("Please enter a valid e-mail address.")) from error
    if find_user_by_email(address) is not None:
        raise ValidationFailed(_("An account with this e-mail address exists already."))
    if role not in {r.value for r in Role}:
        raise ValidationFailed(_("Unknown role."))
    check_password_rules(password)
    now = utcnow()
    user = User(
        email=address,
        display_name=check_display_name(display_name),
        password_hash=hash_password(password),
        role=role,
        preferred_language=_language_or_none(language),
        email_confirmed_at=now,
        password_changed_at=now,
    )
    db.session.add(user)
    db.session.flush()
    record(actor, "account.create", user, {"user_id": user.id, "role": role})
    return user


def confirm_email(token: str) -> User:
    data = tokens.read_confirmation_token(token)
    user = db.session.get(User, data.user_id) if data else None
    if (
        user is None
        or user.deleted_at is not None
        or not tokens.matches(tokens.email_fingerprint(user), data.check)
    ):
        raise TokenInvalid(_("This link is invalid or has expired."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.flush()
        record(user, "account.confirm", user, {"user_id": user.id})
    return user


def account_awaiting_confirmation(email: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or user.email_confirmed_at is not None or user.deleted_at is not None:
        return None
    return user


# --- login -------------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    """Check a login. Counts failures and locks the account after too many."""
    user = find_user_by_email(email)
    if user is None or user.deleted_at is not None or not user.password_hash:
        verify_password(None, password)  # same work as for a real account
        raise LoginFailed(login_failed_message())
    now = utcnow()
    locked_until = as_utc(user.locked_until)
    if locked_until is not None and locked_until > now:
        verify_password(None, password)
        raise LoginFailed(login_failed_message())
    if not verify_password(user.password_hash, password):
        db.session.execute(
            update(User)
            .where(User.id == user.id)
            .values(failed_logins=User.failed_logins + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(user, ["failed_logins"])
        limit = current_app.config["LOGIN_MAX_FAILURES"]
        if user.failed_logins >= limit:
            user.locked_until = now + timedelta(seconds=current_app.config["LOGIN_LOCK_SECONDS"])
            user.failed_logins = 0
            db.session.flush()
            record(None, "account.locked", user, {"user_id": user.id, "count": limit})
        raise LoginFailed(login_failed_message())
    if user.email_confirmed_at is None:
        raise AccountUnconfirmed(user)
    if not user.is_active:
        raise AccountInactive(_("This account has been deactivated."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.flush()
    return user


# --- passwords -----------------------------------------------------------------


def account_for_password_reset(email: str) -> User | None:
    """The account a reset link may be sent to, or None (the answer is the same either way)."""
    user = find_user_by_email(email)
    if user is None or user.deleted_at is not None or not user.is_active:
        return None
    return user


def check_reset_token(token: str) -> User:
    data = tokens.read_reset_token(token)
    user = db.session.get(User, data.user_id) if data else None
    if (
        user is None
        or not user.is_active
        or not tokens.matches(tokens.password_fingerprint(user), data.check)
    ):
        raise TokenInvalid(_("This link is invalid, has expired or has been used already."))
    return user


def reset_password(token: str, new_password: str) -> User:
    user = check_reset_token(token)
    _set_password(user, new_password)
    if user.email_confirmed_at is None:
        # The link reached the mailbox: the address is confirmed too.
        user.email_confirmed_at = utcnow()
    db.session.flush()
    record(user, "account.password_reset", user, {"user_id": user.id})
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise ValidationFailed(_("The current password is not correct."))
    _set_password(user, new_password)
    db.session.flush()
    record(user, "account.password_change", user, {"user_id": user.id})


def set_password_by_admin(user: User, password: str, actor=None) -> None:
    """A new password set on the command line; ends the account's sessions and unlocks it."""
    _set_password(user, password)
    db.session.flush()
    record(actor, "account.password_set", user, {"user_id": user.id})


# --- profile, data, deletion ---------------------------------------------------


def update_profile(user: User, *, display_name: str, preferred_language: str | None) -> None:
    name, language = check_display_name(display_name), _language_or_none(preferred_language)
    # The log names what changed, not the old and new name: it outlives a deleted account.
    changed = [
        field
        for field, old, new in (
            ("display_name", user.display_name, name),
            ("preferred_language", user.preferred_language, language),
        )
        if old != new
    ]
    user.display_name, user.preferred_language = name, language
    db.session.flush()
    record(user, "account.profile", user, {"user_id": user.id}, after={"changed": changed})


# Other features add what they hold about a person: name -> function(user) -> JSON-able data.
EXPORTERS: dict[str, Callable[[User], Any]] = {}


def register_export(name: str, exporter: Callable[[User], Any]) -> None:
    EXPORTERS[name] = exporter


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_account_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "preferred_language": user.preferred_language,
            "created_at": _iso(user.created_at),
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "last_login_at": _iso(user.last_login_at),
            "password_changed_at": _iso(user.password_changed_at),
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "slug": m.organisation.slug,
                "role": m.role,
                "since": _iso(m.created_at),
            }
            for m in sorted(user.memberships, key=lambda m: m.organisation.name.lower())
        ],
        "exported_at": utcnow().isoformat(),
    }
    for name, exporter in EXPORTERS.items():
        data[name] = exporter(user)
    record(user, "account.export", user, {"user_id": user.id})
    return data


def delete_account(user: User, password: str) -> None:
    """Anonymise the account; contributions stay, without the name."""
    if not verify_password(user.password_hash, password):
        raise ValidationFailed(_("The password is not correct."))
    if _is_last_admin(user):
        raise NotAllowed(_("The last administrator cannot delete their account."))
    user.memberships.clear()
    user.email = None
    user.password_hash = None
    user.display_name = DELETED_NAME
    user.preferred_language = None
    user.role = Role.RESIDENT.value
    user.is_active_account = False
    user.last_login_at = None
    user.failed_logins = 0
    user.locked_until = None
    user.deleted_at = utcnow()
    db.session.flush()
    record(user, "account.delete", user, {"user_id": user.id})


# --- staff: accounts -----------------------------------------------------------


def search_users(query: str | None = None, role: str | None = None):
    """A select for the staff list of accounts (deleted ones excluded)."""
    statement = select(User).where(User.deleted_at.is_(None))
    query = (query or "").strip()
    if query:
        statement = statement.where(
            or_(
                User.display_name.icontains(query, autoescape=True),
                User.email.icontains(query, autoescape=True),
            )
        )
    if role:
        statement = statement.where(User.role == role)
    return statement.order_by(func.lower(User.display_name), User.id)


def change_role(user: User, role: str, actor: User) -> None:
    if role not in {r.value for r in Role}:
        raise ValidationFailed(_("Unknown role."))
    if user.deleted_at is not None:
        raise NotAllowed(_("A deleted account cannot be changed."))
    if role == user.role:
        return
    if role != Role.ADMIN.value and _is_last_admin(user):
        raise NotAllowed(_("The last administrator cannot lose this role."))
    old = user.role
    user.role = role
    db.session.flush()
    record(
        actor, "user.role", user, {"user_id": user.id, "old": old, "new": role},
        before={"role": old}, after={"role": role},
    )


def set_user_active(user: User, active: bool, actor: User) -> None:
    if user.deleted_at is not None:
        raise NotAllowed(_("A deleted account cannot be changed."))
    if user.is_active_account == active:
        return
    if not active and user.id == getattr(actor, "id", None):
        raise NotAllowed(_("You cannot deactivate your own account."))
    if not active and _is_last_admin(user):
        raise NotAllowed(_("The last administrator cannot be deactivated."))
    user.is_active_account = active
    db.session.flush()
    record(
        actor, "user.reactivate" if active else "user.deactivate", user, {"user_id": user.id},
        before={"active": not active}, after={"active": active},
    )


# --- mail (after the commit) -------------------------------------------------------


def mail_language(user: User) -> str:
    return user.preferred_language or select_language()


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    return base + url_for(endpoint, _external=False, **values)


def _send(user: User, template: str, subject, **context: Any) -> bool:
    """Render in the person's language and send; a mail failure is logged, not shown."""
    if not user.email:
        return False
    language = mail_language(user)
    with force_locale(interface_language_for(language)):
        subject_text = str(subject)
        body = render_template(f"email/{template}.txt", **context)
    try:
        send_mail(user.email, subject_text, body, language)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send the %s e-mail to account %s", template, user.id)
        return False
    return True


def _token_hours() -> int:
    return max(1, current_app.config["TOKEN_MAX_AGE_SECONDS"] // 3600)


def send_confirmation_mail(user: User) -> bool:
    return _send(
        user, "account_confirm", _l("Please confirm your e-mail address"),
        link=external_url(
            "accounts.confirm_email", token=tokens.make_confirmation_token(user),
            lang=mail_language(user),
        ),
        hours=_token_hours(),
    )


def send_existing_account_mail(user: User) -> bool:
    if user.email_confirmed_at is None:
        return send_confirmation_mail(user)
    return _send(
        user, "account_exists", _l("You already have an account"),
        login_link=external_url("accounts.login", lang=mail_language(user)),
        reset_link=external_url("accounts.forgot_password", lang=mail_language(user)),
    )


def send_reset_mail(user: User) -> bool:
    return _send(
        user, "password_reset", _l("Set a new password"),
        link=external_url(
            "accounts.reset_password", token=tokens.make_reset_token(user),
            lang=mail_language(user),
        ),
        hours=_token_hours(),
    )


def send_password_changed_mail(user: User) -> bool:
    return _send(
        user, "password_changed", _l("Your password was changed"),
        reset_link=external_url("accounts.forgot_password", lang=mail_language(user)),
    )


# Organisations and memberships live in consult.accounts.organisations; their names stay
# importable from here.
from consult.accounts.organisations import (  # noqa: E402,F401
    DESCRIPTION_MAX_LENGTH,
    ORGANISATION_NAME_MAX_LENGTH,
    WEBSITE_MAX_LENGTH,
    add_member,
    can_act_for,
    clean_website,
    create_organisation,
    is_manager,
    membership_of,
    organisations_for,
    register_organisation,
    remove_member,
    set_member_role,
    set_verified,
    slugify,
    update_organisation,
)
