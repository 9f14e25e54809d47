"""Internal sharing, amendments, their points, committee votes and where each point was applied.

Bodies are the `Group` rows of triage (expert groups, the steering group, the advisory council,
council committees, the council). A version is shared with chosen bodies before it is public;
an amendment belongs to a version and has numbered points; each point gets votes per committee,
and its status follows from the latest vote. An adopted point applied to a newer version leaves
a `PointApplication`, so the adopted text can be traced back to the motion.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db
from consult.models import CreatedByMixin, TimestampMixin, enum_check
from consult.plans.models import Section, Version
from consult.triage.models import Group


class VersionShare(TimestampMixin, db.Model):
    """A non-public version shared with a body: its members read it and comment internally."""

    __tablename__ = "version_shares"
    __table_args__ = (UniqueConstraint("version_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    # Members may comment on sections (in the body's non-public thread).
    comments_open: Mapped[bool] = mapped_column(default=True)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    version: Mapped[Version] = relationship()
    group: Mapped[Group] = relationship()


class PointKind(enum.StrEnum):
    REPLACE = "replace"
    DELETE = "delete"
    ADD_AFTER = "add_after"

    @property
    def title(self) -> str:
        return str(POINT_KIND_TITLES[self])


POINT_KIND_TITLES = {
    PointKind.REPLACE: _l("New wording"),
    PointKind.DELETE: _l("Deletion"),
    PointKind.ADD_AFTER: _l("Addition after the section"),
}


class PointStatus(enum.StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    REFERRED = "referred"

    @property
    def title(self) -> str:
        return str(POINT_STATUS_TITLES[self])


POINT_STATUS_TITLES = {
    PointStatus.OPEN: _l("Not yet voted"),
    PointStatus.ADOPTED: _l("Adopted"),
    PointStatus.REJECTED: _l("Rejected"),
    PointStatus.WITHDRAWN: _l("Withdrawn"),
    PointStatus.REFERRED: _l("Referred"),
}


class VoteResult(enum.StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    REFERRED = "referred"

    @property
    def title(self) -> str:
        return str(POINT_STATUS_TITLES[PointStatus(self.value)])


class Amendment(TimestampMixin, CreatedByMixin, db.Model):
    """A motion to change a version (Änderungs- oder Ergänzungsantrag), e.g. "0597/2008"."""

    __tablename__ = "amendments"
    __table_args__ = (
        UniqueConstraint("process_id", "number"),
        CheckConstraint("number <> ''", name="has_number"),
        CheckConstraint(
            "filed_by_group_id IS NOT NULL OR filed_by <> ''", name="has_filer"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300), default="")
    # A party ("SPD-Fraktion") as text, or a body of the process.
    filed_by: Mapped[str] = mapped_column(String(200), default="")
    filed_by_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL")
    )
    filed_on: Mapped[date]
    # The language its points are written in (the process's original language).
    language: Mapped[str] = mapped_column(String(16), default="de")
    # Shown on the public pages (once its version is public) when set.
    published_at: Mapped[datetime | None]

    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    version: Mapped[Version] = relationship()
    filed_by_group: Mapped[Group | None] = relationship()
    points: Mapped[list[AmendmentPoint]] = relationship(
        back_populates="amendment",
        cascade="all, delete-orphan",
        order_by="AmendmentPoint.position",
    )

    @property
    def filer(self) -> str:
        return self.filed_by_group.name if self.filed_by_group is not None else self.filed_by


class AmendmentPoint(TimestampMixin, db.Model):
    """One numbered point of an amendment: new wording for a section, its deletion, or a new
    section after it."""

    __tablename__ = "amendment_points"
    __table_args__ = (
        UniqueConstraint("amendment_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint(enum_check("kind", PointKind), name="kind_known"),
        CheckConstraint(enum_check("status", PointStatus), name="status_known"),
        CheckConstraint(
            "(kind = 'delete') = (new_body IS NULL)", name="text_unless_deletion"
        ),
        CheckConstraint(
            "kind <> 'add_after' OR (new_title IS NOT NULL AND new_title <> '')",
            name="addition_has_title",
        ),
        CheckConstraint(
            "(status IN ('open', 'referred')) = (decided_on IS NULL)",
            name="decided_has_date",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"))
    position: Mapped[int]
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20), default=PointKind.REPLACE.value)
    # Replace: the new title (None keeps it) and body. Add after: the new section's title and
    # body. Delete: both None.
    new_title: Mapped[str | None] = mapped_column(String(300))
    new_body: Mapped[str | None] = mapped_column(Text)
    justification: Mapped[str] = mapped_column(Text, default="")
    # Fingerprint of the target text when the point was written: a later edit shows a warning.
    base_fingerprint: Mapped[str | None] = mapped_column(String(32))
    # Follows from the latest vote (see services.refresh_status).
    status: Mapped[str] = mapped_column(String(20), default=PointStatus.OPEN.value)
    decided_on: Mapped[date | None]

    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    amendment: Mapped[Amendment] = relationship(back_populates="points")
    section: Mapped[Section] = relationship()
    votes: Mapped[list[AmendmentVote]] = relationship(
        back_populates="point",
        cascade="all, delete-orphan",
        order_by="(AmendmentVote.held_on, AmendmentVote.id)",
    )

    @property
    def kind_title(self) -> str:
        return PointKind(self.kind).title

    @property
    def status_title(self) -> str:
        return PointStatus(self.status).title

    @property
    def label(self) -> str:
        return f"{self.amendment.number} / {self.position}"


class AmendmentVote(TimestampMixin, CreatedByMixin, db.Model):
    """How one committee (or the council) voted on one point on one day."""

    __tablename__ = "amendment_votes"
    __table_args__ = (
        UniqueConstraint("point_id", "group_id", "held_on"),
        CheckConstraint("yes >= 0 AND no >= 0 AND abstain >= 0", name="counts_not_negative"),
        CheckConstraint(enum_check("result", VoteResult), name="result_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(
        ForeignKey("amendment_points.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    yes: Mapped[int] = mapped_column(default=0)
    no: Mapped[int] = mapped_column(default=0)
    abstain: Mapped[int] = mapped_column(default=0)
    result: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    point: Mapped[AmendmentPoint] = relationship(back_populates="votes")
    group: Mapped[Group] = relationship()

    @property
    def result_title(self) -> str:
        return VoteResult(self.result).title


class PointApplication(TimestampMixin, CreatedByMixin, db.Model):
    """An adopted point was applied to this section in this (newer) version."""

    __tablename__ = "point_applications"
    __table_args__ = (
        UniqueConstraint("point_id"),
        Index("ix_point_applications_section", "section_id", "version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(
        ForeignKey("amendment_points.id", ondelete="CASCADE")
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    # For an addition: the new section; otherwise the target section.
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    # The text was resolved by hand because another point touched the same section.
    manual: Mapped[bool] = mapped_column(default=False)

    point: Mapped[AmendmentPoint] = relationship()
