"""Demo accounts for every role and the demo organisations (`consult.demo_content.accounts`)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from consult.accounts.models import Membership, Organisation, User
from consult.accounts.passwords import hash_password
from consult.demo_content import accounts as account_content
from consult.extensions import db
from consult.models import utcnow


def ensure_accounts(reset_passwords: bool, specs=None) -> list[dict[str, Any]]:
    """Create the accounts of `specs` (default: the demo's) or, when asked, reset passwords."""
    result = []
    for spec in account_content.ACCOUNTS if specs is None else specs:
        user = db.session.scalar(select(User).where(User.email == spec["email"]))
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User(
                email=spec["email"],
                password_hash=hash_password(password),
                display_name=spec["display_name"],
                role=spec["role"],
                preferred_language=spec["preferred_language"],
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            status = "created"
        elif reset_passwords:
            password = secrets.token_urlsafe(12)
            user.password_hash = hash_password(password)
            user.password_changed_at = utcnow()
            user.failed_logins = 0
            user.locked_until = None
            status = "reset"
        else:
            status = "exists"
        result.append(
            {
                "label": spec["label"],
                "email": spec["email"],
                "role": user.role,
                "password": password,
                "status": status,
            }
        )
    db.session.flush()
    return result


def ensure_organisations() -> list[dict[str, Any]]:
    result = []
    for spec in account_content.ORGANISATIONS:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.slug == spec["slug"])
        )
        created = organisation is None
        if created:
            organisation = Organisation(
                slug=spec["slug"],
                name=spec["name"],
                kind=spec["kind"],
                description=spec["description"],
                website=spec["website"],
                contact_email=spec["contact_email"],
            )
            if spec["verified"]:
                verifier = db.session.scalar(
                    select(User).where(User.email == account_content.VERIFIER)
                )
                organisation.verified_at = utcnow()
                organisation.verified_by_id = verifier.id
            db.session.add(organisation)
            db.session.flush()
        for email, role in spec["members"]:
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None or _membership(user, organisation) is not None:
                continue
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
            db.session.flush()
        result.append({"name": organisation.name, "slug": organisation.slug, "created": created})
    return result


def _membership(user: User, organisation: Organisation) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    )
