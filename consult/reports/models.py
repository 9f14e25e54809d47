"""Reports (posts per process, optionally per body, with a Markdown body per language) and
milestones of the process timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db
from consult.models import CreatedByMixin, TimestampMixin, enum_check
from consult.participation.models import Event
from consult.plans.models import Version, localized
from consult.triage.models import Group


class MilestoneKind(enum.StrEnum):
    MANDATE = "mandate"
    DRAFTING = "drafting"
    ADVISORY_COUNCIL = "advisory_council"
    FORUM = "forum"
    STATEMENTS = "statements"
    COMMITTEES = "committees"
    ADOPTION = "adoption"
    OTHER = "other"

    @property
    def title(self) -> str:
        return str(MILESTONE_KIND_TITLES[self])


MILESTONE_KIND_TITLES = {
    MilestoneKind.MANDATE: _l("Mandate"),
    MilestoneKind.DRAFTING: _l("Drafting in the expert groups"),
    MilestoneKind.ADVISORY_COUNCIL: _l("Advisory council"),
    MilestoneKind.FORUM: _l("Public forum"),
    MilestoneKind.STATEMENTS: _l("Written statements"),
    MilestoneKind.COMMITTEES: _l("Council committees"),
    MilestoneKind.ADOPTION: _l("Adoption"),
    MilestoneKind.OTHER: _l("Other milestone"),
}


class Milestone(TimestampMixin, db.Model):
    """A step of the process on its public timeline, with what belongs to it."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint(enum_check("kind", MilestoneKind), name="kind_known"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
        Index("ix_milestones_process_date", "process_id", "starts_on", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30), default=MilestoneKind.OTHER.value)
    position: Mapped[int] = mapped_column(default=0)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    # {"de": "Beschluss des Rates", "en": "Adoption by the council"}; empty: the kind's title.
    name: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # A council paper or similar reference, e.g. "Drucks. 0466/2007".
    reference: Mapped[str] = mapped_column(String(100), default="")
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))

    version: Mapped[Version | None] = relationship()
    event: Mapped[Event | None] = relationship()
    group: Mapped[Group | None] = relationship()

    @property
    def kind_title(self) -> str:
        return MilestoneKind(self.kind).title

    def title(self, language: str, original: str) -> str:
        return localized(self.name, language, original) or self.kind_title

    def text(self, language: str, original: str) -> str:
        return localized(self.description, language, original)


class Report(TimestampMixin, CreatedByMixin, db.Model):
    """A public post about the process, optionally about one body's meeting."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(
            "published_at IS NULL OR published_on IS NOT NULL", name="published_has_date"
        ),
        Index("ix_reports_process_date", "process_id", "published_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL"), index=True
    )
    # The date shown and used for ordering; a published report appears from this day on.
    published_on: Mapped[date | None]
    # Set when staff publish it; None is a draft.
    published_at: Mapped[datetime | None]
    original_language: Mapped[str] = mapped_column(String(16), default="de")

    group: Mapped[Group | None] = relationship()
    milestone: Mapped[Milestone | None] = relationship()
    texts: Mapped[list[ReportText]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportText.language"
    )

    def text(self, language: str) -> ReportText | None:
        by_lang = {t.language: t for t in self.texts}
        return by_lang.get(language) or by_lang.get(self.original_language)


class ReportText(TimestampMixin, db.Model):
    __tablename__ = "report_texts"
    __table_args__ = (UniqueConstraint("report_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    # Markdown, rendered through consult.markup (sanitised).
    body: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[Report] = relationship(back_populates="texts")
