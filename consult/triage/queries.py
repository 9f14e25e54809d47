"""Loading suggestions and what surrounds them, in a fixed number of queries.

Shared by the triage pages and the public pages. Page-specific queries (the queue's filters,
the inbox of contributions) live next to their pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from consult.audit.models import AuditEntry
from consult.diff import word_diff
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage.models import (
    Group,
    GroupMember,
    ReasonTranslation,
    ReplyTemplate,
    ResultingChange,
    Suggestion,
)


def suggestion_options():
    """Eager loads for showing a suggestion with its source, sections, tags and answer."""
    return (
        joinedload(Suggestion.contribution).joinedload(Contribution.organisation),
        joinedload(Suggestion.group),
        joinedload(Suggestion.representative),
        joinedload(Suggestion.recommendation),
        selectinload(Suggestion.sections),
        selectinload(Suggestion.tags),
    )


def suggestion_or_404(process: Process, number: int, access=None) -> Suggestion:
    """A suggestion of this process by its number; 404 also when `access` may not see it."""
    if not isinstance(number, int) or not 0 < number < 2**31:
        abort(404)
    suggestion = db.session.scalar(
        select(Suggestion)
        .where(Suggestion.process_id == process.id, Suggestion.number == number)
        .options(*suggestion_options())
    )
    if suggestion is None or (access is not None and not access.sees(suggestion)):
        abort(404)
    return suggestion


def contribution_or_404(process: Process, contribution_id: int) -> Contribution:
    contribution = db.session.scalar(
        select(Contribution)
        .where(Contribution.process_id == process.id, Contribution.id == contribution_id)
        .options(
            joinedload(Contribution.organisation),
            joinedload(Contribution.author),
            selectinload(Contribution.sections),
            joinedload(Contribution.section),
        )
    )
    if contribution is None or contribution.kind not in ("comment", "statement", "forum_card"):
        abort(404)
    return contribution


def suggestions_of(contribution: Contribution) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.contribution_id == contribution.id)
            .options(*suggestion_options())
            .order_by(Suggestion.passage_start, Suggestion.number)
        )
    )


def groups(process: Process) -> list[Group]:
    return list(
        db.session.scalars(
            select(Group)
            .where(Group.process_id == process.id)
            .options(
                selectinload(Group.members).joinedload(GroupMember.user),
                selectinload(Group.sections),
            )
            .order_by(Group.decides, Group.name)
        )
    )


def reply_templates(process: Process) -> list[ReplyTemplate]:
    return list(
        db.session.scalars(
            select(ReplyTemplate)
            .where(ReplyTemplate.process_id == process.id)
            .order_by(ReplyTemplate.title)
        )
    )


def members_of(representative: Suggestion) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.representative_id == representative.id)
            .options(joinedload(Suggestion.contribution))
            .order_by(Suggestion.number)
        )
    )


def audit_entries(suggestion: Suggestion, limit: int = 100) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "Suggestion", AuditEntry.object_id == suggestion.id)
            .options(joinedload(AuditEntry.actor))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


def reason_translations(suggestions: list[Suggestion]) -> dict[int, dict[str, ReasonTranslation]]:
    """suggestion id -> language -> translation; one query."""
    ids = [s.id for s in suggestions]
    result: dict[int, dict[str, ReasonTranslation]] = defaultdict(dict)
    if ids:
        for translation in db.session.scalars(
            select(ReasonTranslation).where(ReasonTranslation.suggestion_id.in_(ids))
        ):
            result[translation.suggestion_id][translation.language] = translation
    return result


def later_version_nodes(suggestion: Suggestion) -> list[tuple[Version, list[SectionVersion]]]:
    """Sections of the versions after the suggestion's, for linking a resulting change."""
    source = db.session.get(Version, suggestion.version_id) if suggestion.version_id else None
    versions = list(
        db.session.scalars(
            select(Version)
            .where(Version.process_id == suggestion.process_id)
            .where(Version.number > (source.number if source else 0))
            .order_by(Version.number)
        )
    )
    if not versions:
        return []
    nodes = db.session.scalars(
        select(SectionVersion)
        .where(SectionVersion.version_id.in_([v.id for v in versions]))
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
        .order_by(SectionVersion.order_key)
    ).all()
    by_version: dict[int, list[SectionVersion]] = defaultdict(list)
    for node in nodes:
        by_version[node.version_id].append(node)
    return [(v, by_version[v.id]) for v in versions]


@dataclass
class ChangeShown:
    """A resulting change with the section's diff from the suggestion's version to the new one."""

    change: ResultingChange
    version: Version
    node: SectionVersion
    previous: SectionVersion | None
    title_diff: object
    body_diff: object

    @property
    def section(self) -> Section:
        return self.node.section


def resulting_changes(
    suggestions: list[Suggestion], language: str, original: str, *, public_only: bool = False
) -> dict[int, list[ChangeShown]]:
    """suggestion id -> its resulting changes with diffs, in a fixed number of queries.

    The diff compares the section in the suggestion's version with the section in the
    version the change was linked to. `public_only` leaves out changes in versions the
    public cannot see yet.
    """
    from consult.markup import plain_text

    ids = [s.id for s in suggestions]
    if not ids:
        return {}
    changes = list(
        db.session.scalars(
            select(ResultingChange)
            .where(ResultingChange.suggestion_id.in_(ids))
            .order_by(ResultingChange.id)
        )
    )
    if not changes:
        return {}
    source_version = {s.id: s.version_id for s in suggestions}
    version_ids = {c.version_id for c in changes} | {
        v for v in source_version.values() if v is not None
    }
    versions = {
        v.id: v for v in db.session.scalars(select(Version).where(Version.id.in_(version_ids)))
    }
    section_ids = {c.section_id for c in changes}
    nodes = {
        (n.version_id, n.section_id): n
        for n in db.session.scalars(
            select(SectionVersion)
            .where(
                SectionVersion.version_id.in_(version_ids),
                SectionVersion.section_id.in_(section_ids),
            )
            .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
        )
    }
    result: dict[int, list[ChangeShown]] = defaultdict(list)
    for change in changes:
        version = versions.get(change.version_id)
        node = nodes.get((change.version_id, change.section_id))
        if version is None or node is None or (public_only and not version.is_public):
            continue
        previous = nodes.get((source_version.get(change.suggestion_id), change.section_id))
        new = plan_queries.shown_text(node, language, original)
        if previous is not None:
            old = plan_queries.shown_text(previous, language, original)
            if old.fallback != new.fallback or old.outdated or new.outdated:
                old = plan_queries.shown_text(previous, original, original)
                new = plan_queries.shown_text(node, original, original)
            old_title, old_body = old.title, plain_text(old.text.body if old.text else "")
        else:
            old_title, old_body = "", ""
        result[change.suggestion_id].append(
            ChangeShown(
                change=change,
                version=version,
                node=node,
                previous=previous,
                title_diff=word_diff(old_title, new.title),
                body_diff=word_diff(old_body, plain_text(new.text.body if new.text else "")),
            )
        )
    return dict(result)


def suggestions_changing(node: SectionVersion, *, public_only: bool) -> list[Suggestion]:
    """Suggestions linked as the cause of a change to this section in this version."""
    stmt = (
        select(Suggestion)
        .join(ResultingChange, ResultingChange.suggestion_id == Suggestion.id)
        .where(
            ResultingChange.section_id == node.section_id,
            ResultingChange.version_id == node.version_id,
        )
        .options(joinedload(Suggestion.representative))
        .order_by(Suggestion.number)
    )
    found = list(db.session.scalars(stmt).unique())
    if public_only:
        found = [s for s in found if (s.representative or s).published_at is not None]
    return found
