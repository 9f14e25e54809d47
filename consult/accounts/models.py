"""People, organisations and who may act in an organisation's name."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db
from consult.models import TimestampMixin, enum_check, utcnow


class Role(enum.StrEnum):
    """Account-wide role. Organisation membership is a separate relation."""

    RESIDENT = "resident"
    STAFF = "staff"
    ADMIN = "admin"

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.RESIDENT: _l("Resident"),
    Role.STAFF: _l("Staff"),
    Role.ADMIN: _l("Administrator"),
}


class OrganisationKind(enum.StrEnum):
    MIGRANT_ORGANISATION = "migrant_organisation"
    ASSOCIATION = "association"
    RELIGIOUS_COMMUNITY = "religious_community"
    UNION = "union"
    CHAMBER = "chamber"
    OTHER = "other"

    @property
    def title(self) -> str:
        return str(ORGANISATION_KIND_TITLES[self])


ORGANISATION_KIND_TITLES = {
    OrganisationKind.MIGRANT_ORGANISATION: _l("Migrant self-organisation"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.RELIGIOUS_COMMUNITY: _l("Religious community"),
    OrganisationKind.UNION: _l("Union"),
    OrganisationKind.CHAMBER: _l("Chamber"),
    OrganisationKind.OTHER: _l("Other organisation"),
}


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(enum_check("role", Role), name="role_known"),
        CheckConstraint(
            "(deleted_at IS NULL) OR (email IS NULL AND password_hash IS NULL)",
            name="deleted_is_anonymised",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the account is deleted (anonymised); unique while set.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.RESIDENT.value)
    preferred_language: Mapped[str | None] = mapped_column(String(16))
    email_confirmed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    is_active_account: Mapped[bool] = mapped_column(default=True)
    deleted_at: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_active_account and self.deleted_at is None

    def get_id(self) -> str:
        # The session carries the password timestamp, so a password change ends other sessions.
        return f"{self.id}:{int(self.password_changed_at.timestamp())}"

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def role_title(self) -> str:
        return Role(self.role).title

    def member_of(self, organisation: Organisation) -> bool:
        return any(m.organisation_id == organisation.id for m in self.memberships)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(enum_check("kind", OrganisationKind), name="kind_known"),
        CheckConstraint(
            "(verified_at IS NULL) = (verified_by_id IS NULL)", name="verified_has_verifier"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(default="")
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def kind_title(self) -> str:
        return OrganisationKind(self.kind).title


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    MANAGER = "manager"


class Membership(TimestampMixin, db.Model):
    """A user who may act in an organisation's name; managers may add members."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        CheckConstraint(enum_check("role", MembershipRole), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default=MembershipRole.MEMBER.value)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
