"""Every change to organisations and memberships, and who may act for an organisation.

Flushes, never commits. The names are importable from consult.accounts.services as well.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from consult.accounts.models import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    User,
)
from consult.audit.models import register_messages
from consult.audit.services import record
from consult.errors import NotAllowed, ValidationFailed
from consult.extensions import db
from consult.models import utcnow
from consult.security import can

ORGANISATION_NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
WEBSITE_MAX_LENGTH = 300

register_messages(
    {
        "organisation.register": _l("Registered the organisation “%(name)s” (%(slug)s)."),
        "organisation.create": _l("Created the organisation “%(name)s” (%(slug)s)."),
        "organisation.update": _l("Edited the organisation “%(name)s” (%(slug)s)."),
        "organisation.verify": _l("Verified the organisation “%(name)s” (%(slug)s)."),
        "organisation.unverify": _l("Withdrew the verification of “%(name)s” (%(slug)s)."),
        "membership.add": _l("Added account %(user_id)s to “%(name)s” as %(role)s."),
        "membership.remove": _l("Removed account %(user_id)s from “%(name)s”."),
        "membership.role": _l("Changed the role of account %(user_id)s in “%(name)s” to %(role)s."),
    }
)


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower().translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")
    return text or "organisation"


def _unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(
        db.session.scalars(
            select(Organisation.slug).where(
                or_(Organisation.slug == base, Organisation.slug.startswith(base + "-"))
            )
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def clean_website(url: str | None) -> str | None:
    """An http(s) address with a host, or None for empty input; anything else is refused."""
    url = (url or "").strip()
    if not url:
        return None
    message = _("Please enter a web address that starts with http:// or https://.")
    if len(url) > WEBSITE_MAX_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationFailed(message)
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise ValidationFailed(message) from error
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationFailed(message)
    return url


def _organisation_fields(
    *, name: str, kind: str, description: str, website: str | None, contact_email: str | None
) -> dict[str, Any]:
    if kind not in {k.value for k in OrganisationKind}:
        raise ValidationFailed(_("Unknown kind of organisation."))
    name = name.strip()
    if not name or len(name) > ORGANISATION_NAME_MAX_LENGTH:
        raise ValidationFailed(
            _("Please enter a name of at most %(count)s characters.",
              count=ORGANISATION_NAME_MAX_LENGTH)
        )
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationFailed(
            _("The description may have at most %(count)s characters.",
              count=DESCRIPTION_MAX_LENGTH)
        )
    return {
        "name": name,
        "kind": kind,
        "description": description,
        "website": clean_website(website),
        "contact_email": normalise_email(contact_email) or None,
    }


def _snapshot(org: Organisation) -> dict[str, Any]:
    return {
        "name": org.name,
        "kind": org.kind,
        "description": org.description,
        "website": org.website,
        "contact_email": org.contact_email,
    }


def _add_organisation(fields: dict[str, Any]) -> Organisation:
    org = Organisation(slug=_unique_slug(fields["name"]), **fields)
    try:
        with db.session.begin_nested():
            db.session.add(org)
            db.session.flush()
    except IntegrityError:
        org = Organisation(
            slug=f"{slugify(fields['name'])[:70]}-{secrets.token_hex(3)}", **fields
        )
        db.session.add(org)
        db.session.flush()
    return org


def register_organisation(user: User, **kwargs: Any) -> Organisation:
    """A resident registers an organisation: unverified, with them as its manager."""
    if not user.is_active:
        raise NotAllowed(_("This account cannot register organisations."))
    org = _add_organisation(_organisation_fields(**kwargs))
    db.session.add(
        Membership(user_id=user.id, organisation=org, role=MembershipRole.MANAGER.value)
    )
    db.session.flush()
    record(user, "organisation.register", org, {"name": org.name, "slug": org.slug},
           after=_snapshot(org))
    return org


def create_organisation(actor: User, **kwargs: Any) -> Organisation:
    org = _add_organisation(_organisation_fields(**kwargs))
    record(actor, "organisation.create", org, {"name": org.name, "slug": org.slug},
           after=_snapshot(org))
    return org


def update_organisation(org: Organisation, actor: User, **kwargs: Any) -> None:
    before = _snapshot(org)
    for key, value in _organisation_fields(**kwargs).items():
        setattr(org, key, value)
    db.session.flush()
    record(actor, "organisation.update", org, {"name": org.name, "slug": org.slug},
           before=before, after=_snapshot(org))


def set_verified(org: Organisation, verified: bool, actor: User) -> None:
    if verified == org.is_verified:
        return
    before = {"verified_at": _iso(org.verified_at), "verified_by_id": org.verified_by_id}
    if verified:
        org.verified_at, org.verified_by_id = utcnow(), actor.id
    else:
        org.verified_at, org.verified_by_id = None, None
    db.session.flush()
    record(
        actor, "organisation.verify" if verified else "organisation.unverify", org,
        {"name": org.name, "slug": org.slug}, before=before,
        after={"verified_at": _iso(org.verified_at), "verified_by_id": org.verified_by_id},
    )


def membership_of(user: User | None, org: Organisation) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == org.id
        )
    )


def organisations_for(user: User | None) -> list[Organisation]:
    """The organisations a person may act for (speak in the name of)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.user_id == user.id)
            .order_by(func.lower(Organisation.name))
        )
    )


def can_act_for(user: User | None, org: Organisation | None) -> bool:
    if org is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_active) and membership_of(user, org) is not None


def is_manager(user: User | None, org: Organisation) -> bool:
    membership = membership_of(user, org)
    return (
        membership is not None
        and membership.role == MembershipRole.MANAGER.value
        and bool(user.is_active)
    )


def _manager_count(org: Organisation) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.organisation_id == org.id,
            Membership.role == MembershipRole.MANAGER.value,
        )
    ) or 0


def add_member(org: Organisation, email: str, role: str, actor: User) -> Membership:
    if role not in {r.value for r in MembershipRole}:
        raise ValidationFailed(_("Unknown role."))
    user = find_user_by_email(email)
    if user is None or user.deleted_at is not None or not user.is_active:
        raise ValidationFailed(
            _("There is no active account with this e-mail address. The person needs to "
              "register first.")
        )
    if membership_of(user, org) is not None:
        raise ValidationFailed(_("This person is a member already."))
    membership = Membership(user_id=user.id, organisation_id=org.id, role=role)
    try:
        with db.session.begin_nested():
            db.session.add(membership)
            db.session.flush()
    except IntegrityError as error:
        raise ValidationFailed(_("This person is a member already.")) from error
    record(actor, "membership.add", org, {"user_id": user.id, "name": org.name, "role": role})
    return membership


def _keeps_a_manager(org: Organisation, membership: Membership, actor: User) -> None:
    """Members managing their own organisation may not leave it without a manager."""
    if can(actor, "organisations.manage"):
        return
    if membership.role == MembershipRole.MANAGER.value and _manager_count(org) <= 1:
        raise NotAllowed(_("An organisation needs at least one manager."))


def remove_member(org: Organisation, membership: Membership, actor: User) -> None:
    if membership.organisation_id != org.id:
        raise NotAllowed(_("This membership belongs to another organisation."))
    _keeps_a_manager(org, membership, actor)
    user_id = membership.user_id
    db.session.delete(membership)
    db.session.flush()
    record(actor, "membership.remove", org, {"user_id": user_id, "name": org.name},
           before={"user_id": user_id, "role": membership.role})


def set_member_role(org: Organisation, membership: Membership, role: str, actor: User) -> None:
    if membership.organisation_id != org.id:
        raise NotAllowed(_("This membership belongs to another organisation."))
    if role not in {r.value for r in MembershipRole}:
        raise ValidationFailed(_("Unknown role."))
    if role == membership.role:
        return
    if role != MembershipRole.MANAGER.value:
        _keeps_a_manager(org, membership, actor)
    old = membership.role
    membership.role = role
    db.session.flush()
    record(actor, "membership.role", org,
           {"user_id": membership.user_id, "name": org.name, "role": role},
           before={"role": old}, after={"role": role})


# Imported last: consult.accounts.services re-exports the names above, so either module may be
# imported first.
from consult.accounts.services import _iso, find_user_by_email, normalise_email  # noqa: E402
