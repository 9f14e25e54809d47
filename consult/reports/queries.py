"""Read-side queries for reports, their feed and the process timeline. A report is public once
staff published it (`published_at`) and its date (`published_on`) has come, in the city's
time zone. Each function runs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import abort
from flask_babel import get_timezone
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.extensions import db
from consult.i18n import content_language
from consult.markup import plain_text
from consult.paging import PagerLinks
from consult.plans.models import Process
from consult.reports.models import Milestone, Report, ReportText
from consult.triage.models import Group

PER_PAGE = 10
FEED_SIZE = 50
SUMMARY_SIZE = 3
EXCERPT_LENGTH = 240
MAX_PAGE = 100_000


def today() -> date:
    """Today in the city's time zone (reports appear from their date on)."""
    return datetime.now(get_timezone()).date()


def _public(process: Process, on: date):
    return (
        Report.process_id == process.id,
        Report.published_at.is_not(None),
        Report.published_on.is_not(None),
        Report.published_on <= on,
    )


def _newest_first(query):
    return query.order_by(Report.published_on.desc(), Report.id.desc())


def pick(values: dict[str, str] | None, language: str, original: str) -> tuple[str, str]:
    """A per-language value and the language it is in: the wanted one, else the original."""
    values = values or {}
    for code in (language, original, *values):
        if values.get(code):
            return values[code], code
    return "", ""


@dataclass
class ShownReport:
    """A report as one reader sees it: in their language, else in the original."""

    report: Report
    text: ReportText | None
    fallback: bool

    @property
    def title(self) -> str:
        return self.text.title if self.text else ""

    @property
    def language(self) -> str:
        return self.text.language if self.text else self.report.original_language

    @property
    def excerpt(self) -> str:
        text = " ".join(plain_text(self.text.body if self.text else "").split())
        if len(text) <= EXCERPT_LENGTH:
            return text
        cut = text[:EXCERPT_LENGTH].rsplit(" ", 1)[0]
        return f"{cut}…"


def shown(report: Report, language: str) -> ShownReport:
    text = report.text(language)
    return ShownReport(report, text, fallback=text is None or text.language != language)


# --- reports -------------------------------------------------------------------------


class ReportPage(PagerLinks):
    def __init__(self, items: list[ShownReport], page: int, per_page: int, total: int):
        self.items = items
        self.page = page
        self.per_page = per_page
        self.total = total
        self.pages = max(1, -(-total // per_page))


def clamp_page(value: int | None) -> int:
    return max(1, min(value or 1, MAX_PAGE))


def report_page(
    process: Process, *, language: str, page: int = 1, group: Group | None = None,
    per_page: int = PER_PAGE,
) -> ReportPage:
    """One page of public reports, newest first; two queries plus one for their texts."""
    conditions = [*_public(process, today())]
    if group is not None:
        conditions.append(Report.group_id == group.id)
    total = db.session.scalar(select(func.count(Report.id)).where(*conditions)) or 0
    page = clamp_page(page)
    reports = db.session.scalars(
        _newest_first(select(Report).where(*conditions))
        .options(selectinload(Report.texts), joinedload(Report.group))
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return ReportPage([shown(r, language) for r in reports], page, per_page, total)


def public_bodies(process: Process) -> list[Group]:
    """The bodies that have public reports, by name (for the filter)."""
    with_reports = select(Report.group_id).where(*_public(process, today()))
    return list(
        db.session.scalars(
            select(Group).where(Group.process_id == process.id, Group.id.in_(with_reports))
            .order_by(Group.name, Group.id)
        ).all()
    )


def body_or_404(process: Process, group_id: int | None) -> Group | None:
    if group_id is None:
        return None
    group = db.session.scalar(
        select(Group).where(Group.process_id == process.id, Group.id == group_id)
    )
    if group is None:
        abort(404)
    return group


def public_report_or_404(process: Process, report_id: int) -> Report:
    report = db.session.scalar(
        select(Report)
        .where(Report.id == report_id, *_public(process, today()))
        .options(
            selectinload(Report.texts), joinedload(Report.group), joinedload(Report.milestone)
        )
    )
    if report is None:
        abort(404)
    return report


def feed_reports(process: Process, *, group: Group | None = None) -> list[Report]:
    """The latest public reports for the feed."""
    conditions = [*_public(process, today())]
    if group is not None:
        conditions.append(Report.group_id == group.id)
    return list(
        db.session.scalars(
            _newest_first(select(Report).where(*conditions))
            .options(selectinload(Report.texts), joinedload(Report.group))
            .limit(FEED_SIZE)
        ).all()
    )


# --- timeline ------------------------------------------------------------------------


@dataclass
class TimelineItem:
    milestone: Milestone
    title: str
    title_lang: str
    text: str
    text_lang: str
    current: bool = False
    reports: list[ShownReport] = field(default_factory=list)
    body_reports: int = 0
    event_open: bool = False


@dataclass
class Timeline:
    items: list[TimelineItem]
    current: TimelineItem | None


def current_milestone(milestones: list[Milestone], on: date) -> Milestone | None:
    """The step the process is at: the latest running milestone, else the latest begun."""
    begun = [m for m in milestones if m.starts_on <= on]
    running = [m for m in begun if on <= (m.ends_on or m.starts_on)]
    if running:
        return running[-1]
    return begun[-1] if begun else None


def milestones(process: Process) -> list[Milestone]:
    """The process's milestones in date order, with their version, event and body."""
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.process_id == process.id)
            .options(
                joinedload(Milestone.version), joinedload(Milestone.event),
                joinedload(Milestone.group),
            )
            .order_by(Milestone.starts_on, Milestone.position, Milestone.id)
        ).all()
    )


def _items(process: Process, rows: list[Milestone], language: str, on: date) -> Timeline:
    original = process.original_language
    current = current_milestone(rows, on)
    items = []
    for milestone in rows:
        title, title_lang = pick(milestone.name, language, original)
        text, text_lang = pick(milestone.description, language, original)
        items.append(
            TimelineItem(
                milestone, title or milestone.kind_title, title_lang, text, text_lang,
                current=milestone is current,
            )
        )
    chosen = next((item for item in items if item.current), None)
    return Timeline(items, chosen)


def timeline(process: Process, language: str | None = None) -> Timeline:
    """Every milestone with its public reports and how many public reports its body has:
    three queries (milestones, their reports with texts) plus one for the counts."""
    from consult.forum.queries import open_for_phones

    language = language or content_language()
    on = today()
    rows = milestones(process)
    result = _items(process, rows, language, on)
    ids = [m.id for m in rows]
    if ids:
        reports = db.session.scalars(
            _newest_first(
                select(Report).where(*_public(process, on), Report.milestone_id.in_(ids))
            ).options(selectinload(Report.texts))
        ).all()
        by_milestone: dict[int, list[ShownReport]] = {}
        for report in reports:
            by_milestone.setdefault(report.milestone_id, []).append(shown(report, language))
        group_ids = {m.group_id for m in rows if m.group_id is not None}
        counts = dict(
            db.session.execute(
                select(Report.group_id, func.count(Report.id))
                .where(*_public(process, on), Report.group_id.in_(group_ids))
                .group_by(Report.group_id)
            ).all()
        ) if group_ids else {}
        for item in result.items:
            milestone = item.milestone
            item.reports = by_milestone.get(milestone.id, [])
            item.body_reports = counts.get(milestone.group_id, 0)
            if milestone.event is not None:
                item.event_open = open_for_phones(milestone.event, process, on)
    return result


@dataclass
class ProcessSummary:
    """What the process page shows of the timeline and the reports."""

    timeline: Timeline
    reports: list[ShownReport]
    more_reports: bool


def process_page_summary(process: Process) -> ProcessSummary:
    """The milestones (compact) and the newest reports: three queries."""
    language = content_language()
    result = _items(process, milestones(process), language, today())
    latest = db.session.scalars(
        _newest_first(select(Report).where(*_public(process, today())))
        .options(selectinload(Report.texts), joinedload(Report.group))
        .limit(SUMMARY_SIZE + 1)
    ).all()
    return ProcessSummary(
        result, [shown(r, language) for r in latest[:SUMMARY_SIZE]],
        more_reports=len(latest) > SUMMARY_SIZE,
    )


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str | None) -> str:
    """Text without the characters XML 1.0 cannot hold (the feed must stay well-formed)."""
    return _XML_INVALID.sub("", value or "")
