"""Every change in triage: splitting contributions, routing, recommending, deciding, grouping,
publishing, resulting changes, translated reasons, groups and the reply library.

Plain arguments in, domain errors out; flushes and writes one audit record per change, never
commits. Functions that edit a suggestion take the `lock_version` the person saw
(`expected`): a different current value raises `StaleEdit`, so a second editor never
silently overwrites the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from consult.audit.models import register_messages, register_value_titles
from consult.audit.services import record
from consult.errors import InvalidTransition, NotAllowed, StaleEdit, ValidationFailed
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution, ContributionKind, ContributionStatus
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.triage.models import (
    GROUP_KIND_TITLES,
    GROUP_ROLE_TITLES,
    OUTCOME_TITLES,
    Group,
    GroupKind,
    GroupMember,
    GroupRole,
    Outcome,
    ReasonTranslation,
    Recommendation,
    ReplyTemplate,
    ResultingChange,
    Suggestion,
    Tag,
)

SUMMARY_MAX = 500
REASON_MAX = 10_000
NOTE_MAX = 10_000
TAG_MAX = 80
# `split(group=PROPOSED)`: the group responsible for the suggestion's first section.
PROPOSED: Any = object()
SPLITTABLE = (ContributionKind.COMMENT, ContributionKind.STATEMENT, ContributionKind.FORUM_CARD)

register_messages(
    {
        "suggestion.split": _l("Took suggestion %(label)s from contribution %(contribution)s."),
        "suggestion.edit": _l("Edited suggestion %(label)s."),
        "suggestion.assign": _l("Assigned suggestion %(label)s to %(group)s / %(assignee)s."),
        "suggestion.tags": _l("Tagged suggestion %(label)s: %(tags)s"),
        "suggestion.recommend": _l("Recommended for suggestion %(label)s: %(outcome)s"),
        "suggestion.decide": _l("Decided suggestion %(label)s: %(outcome)s"),
        "suggestion.reopen": _l("Withdrew the decision on suggestion %(label)s."),
        "suggestion.group": _l("Grouped suggestion %(label)s under %(representative)s."),
        "suggestion.ungroup": _l("Took suggestion %(label)s out of its group."),
        "suggestion.publish": _l("Published the decision on suggestion %(label)s."),
        "suggestion.unpublish": _l("Withdrew the published decision on suggestion %(label)s."),
        "suggestion.link_change": _l(
            "Linked suggestion %(label)s to section %(section)s in version %(version)s."
        ),
        "suggestion.unlink_change": _l(
            "Unlinked suggestion %(label)s from section %(section)s in version %(version)s."
        ),
        "suggestion.translate_reason": _l(
            "Saved the reason of suggestion %(label)s in %(language)s."
        ),
        "suggestion.delete": _l("Deleted suggestion %(label)s."),
        "contribution.split_done": _l("Marked contribution %(contribution)s as fully split."),
        "contribution.split_reopen": _l("Reopened contribution %(contribution)s for splitting."),
        "group.save": _l("Saved group %(name)s."),
        "group.delete": _l("Deleted group %(name)s."),
        "group.add_member": _l("Added %(member)s to group %(name)s as %(role)s."),
        "group.remove_member": _l("Removed %(member)s from group %(name)s."),
        "reply_template.save": _l("Saved standard reply %(title)s."),
        "reply_template.delete": _l("Deleted standard reply %(title)s."),
        "decisions.publish_version": _l(
            "Published %(count)s decisions on version %(version)s."
        ),
    }
)
register_value_titles(OUTCOME_TITLES)
register_value_titles(GROUP_KIND_TITLES)
register_value_titles(GROUP_ROLE_TITLES)


def label(suggestion: Suggestion) -> str:
    return f"A-{suggestion.number}"


def contribution_label(contribution: Contribution) -> str:
    return contribution.receipt_number or f"#{contribution.id}"


def snapshot(suggestion: Suggestion) -> dict[str, Any]:
    """The fields a person edits, for the audit record's before/after."""
    return {
        "summary": suggestion.summary,
        "language": suggestion.language,
        "group_id": suggestion.group_id,
        "assignee_id": suggestion.assignee_id,
        "representative_id": suggestion.representative_id,
        "outcome": suggestion.outcome,
        "public_reason": suggestion.public_reason,
        "internal_note": suggestion.internal_note,
        "published": suggestion.published_at is not None,
        "sections": sorted(s.key for s in suggestion.sections),
        "tags": sorted(t.name for t in suggestion.tags),
    }


def check_expected(suggestion: Suggestion, expected: int | None) -> None:
    """Raise StaleEdit when someone changed the suggestion since the person loaded it."""
    if expected is not None and int(expected) != suggestion.lock_version:
        raise StaleEdit(
            _("Someone else changed this suggestion while you were working on it.")
        )


def _audit(actor, action: str, suggestion: Suggestion, before: dict | None, **params) -> None:
    record(
        actor, action, suggestion, params={"label": label(suggestion), **params},
        before=before, after=snapshot(suggestion),
    )


# ---------------------------------------------------------------- splitting

def _next_number(process_id: int) -> int:
    current = db.session.scalar(
        select(func.max(Suggestion.number)).where(Suggestion.process_id == process_id)
    )
    return (current or 0) + 1


def proposed_group(process_id: int, sections: Sequence[Section]) -> Group | None:
    """The group responsible for the first of these sections (or one of its ancestors')."""
    if not sections:
        return None
    section_ids = [s.id for s in sections]
    from consult.triage.models import group_sections

    rows = db.session.execute(
        select(group_sections.c.section_id, Group)
        .join(Group, Group.id == group_sections.c.group_id)
        .where(Group.process_id == process_id, group_sections.c.section_id.in_(section_ids))
        .order_by(Group.decides, Group.id)
    ).all()
    by_section: dict[int, Group] = {}
    for section_id, group in rows:
        by_section.setdefault(section_id, group)
    for section_id in section_ids:
        if section_id in by_section:
            return by_section[section_id]
    # No group for the sections themselves: try their parents in the newest version.
    parents = db.session.scalars(
        select(SectionVersion.parent_id)
        .join(Version, Version.id == SectionVersion.version_id)
        .where(Version.process_id == process_id, SectionVersion.section_id.in_(section_ids))
        .where(SectionVersion.parent_id.is_not(None))
        .order_by(Version.number.desc())
    ).all()
    if not parents:
        return None
    parent_sections = db.session.scalars(
        select(Section)
        .join(SectionVersion, SectionVersion.section_id == Section.id)
        .where(SectionVersion.id.in_(parents))
    ).unique().all()
    if not parent_sections or {s.id for s in parent_sections} <= set(section_ids):
        return None
    return proposed_group(process_id, parent_sections)


def _check_splittable(contribution: Contribution) -> None:
    if contribution.kind not in [k.value for k in SPLITTABLE]:
        raise InvalidTransition(_("Only comments, statements and forum cards are split."))
    if contribution.status != ContributionStatus.RECEIVED.value:
        raise InvalidTransition(
            _("This contribution was withdrawn or is not confirmed yet and cannot be split.")
        )


def contribution_sections(contribution: Contribution) -> list[Section]:
    sections = list(contribution.sections)
    if contribution.section is not None and contribution.section not in sections:
        sections.insert(0, contribution.section)
    return sections


def split(
    contribution: Contribution,
    *,
    actor,
    start: int | None = None,
    end: int | None = None,
    summary: str = "",
    sections: Sequence[Section] | None = None,
    tags: Iterable[str] = (),
    language: str | None = None,
    group: Group | None = PROPOSED,
) -> Suggestion:
    """Take one suggestion out of a contribution: the passage body[start:end], or all of it.

    The contribution itself is never changed. The section(s) default to the contribution's,
    the group to the one responsible for the first section (pass `group=None` for none).
    """
    _check_splittable(contribution)
    body = contribution.body or ""
    if start is None and end is None:
        start, end = 0, len(body)
    if start is None or end is None or not (0 <= start < end <= len(body)):
        raise ValidationFailed(_("Mark a passage of the text first."))
    # Trim the marked passage to its words, keeping the offsets true to the original.
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    passage = body[start:end]
    if not passage:
        raise ValidationFailed(_("Mark a passage of the text first."))
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise ValidationFailed(
            _("The summary may be at most %(max)s characters long.", max=SUMMARY_MAX)
        )
    if sections is None:
        sections = contribution_sections(contribution)
    if group is PROPOSED:
        group = proposed_group(contribution.process_id, sections)
    suggestion = Suggestion(
        process_id=contribution.process_id,
        number=_next_number(contribution.process_id),
        contribution=contribution,
        version_id=contribution.version_id,
        passage=passage,
        passage_start=start,
        passage_end=end,
        summary=summary,
        language=language or contribution.language,
        group=group,
        created_by_id=getattr(actor, "id", None),
    )
    suggestion.sections = list(sections)
    suggestion.tags = _tags(contribution.process_id, tags)
    db.session.add(suggestion)
    db.session.flush()
    _audit(
        actor, "suggestion.split", suggestion, None,
        contribution=contribution_label(contribution),
    )
    return suggestion


def split_whole(contribution: Contribution, *, actor) -> Suggestion:
    """One click for a short contribution: all of it becomes one suggestion, and it is done."""
    suggestion = split(contribution, actor=actor)
    set_split_done(contribution, True, actor=actor)
    return suggestion


def set_split_done(contribution: Contribution, done: bool, *, actor) -> None:
    if done == (contribution.split_done_at is not None):
        return
    if done:
        contribution.split_done_at = utcnow()
        contribution.split_done_by_id = getattr(actor, "id", None)
    else:
        contribution.split_done_at = None
        contribution.split_done_by_id = None
    record(
        actor, "contribution.split_done" if done else "contribution.split_reopen", contribution,
        params={"contribution": contribution_label(contribution)},
    )


def delete_suggestion(suggestion: Suggestion, *, actor, expected: int | None = None) -> None:
    """Remove a suggestion taken by mistake: only while undecided and not representing others."""
    check_expected(suggestion, expected)
    if suggestion.outcome is not None:
        raise InvalidTransition(_("A decided suggestion cannot be deleted."))
    if db.session.scalar(
        select(func.count(Suggestion.id)).where(Suggestion.representative_id == suggestion.id)
    ):
        raise InvalidTransition(
            _("Other suggestions are grouped under this one. Take them out of the group first.")
        )
    record(
        actor, "suggestion.delete", suggestion,
        params={"label": label(suggestion), "process_id": suggestion.process_id},
        before=snapshot(suggestion),
    )
    db.session.delete(suggestion)
    db.session.flush()


# ---------------------------------------------------------------- details and routing

def _tags(process_id: int, names: Iterable[str]) -> list[Tag]:
    clean: dict[str, None] = {}
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        if len(name) > TAG_MAX:
            raise ValidationFailed(_("A tag may be at most %(max)s characters long.", max=TAG_MAX))
        clean.setdefault(name, None)
    if not clean:
        return []
    existing = {
        t.name: t
        for t in db.session.scalars(
            select(Tag).where(Tag.process_id == process_id, Tag.name.in_(list(clean)))
        )
    }
    tags = []
    for name in clean:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(process_id=process_id, name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def update_details(
    suggestion: Suggestion,
    *,
    actor,
    expected: int | None,
    summary: str,
    sections: Sequence[Section],
    language: str,
    tags: Iterable[str] | None = None,
) -> None:
    check_expected(suggestion, expected)
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise ValidationFailed(
            _("The summary may be at most %(max)s characters long.", max=SUMMARY_MAX)
        )
    before = snapshot(suggestion)
    suggestion.summary = summary
    suggestion.sections = list(sections)
    suggestion.language = language
    if tags is not None:
        suggestion.tags = _tags(suggestion.process_id, tags)
    if snapshot(suggestion) != before:
        db.session.flush()
        _audit(actor, "suggestion.edit", suggestion, before)


def set_tags(suggestion: Suggestion, names: Iterable[str], *, actor, add_only: bool = False) -> None:
    before = snapshot(suggestion)
    tags = _tags(suggestion.process_id, names)
    if add_only:
        tags = list(suggestion.tags) + [t for t in tags if t not in suggestion.tags]
    suggestion.tags = tags
    if snapshot(suggestion) != before:
        db.session.flush()
        _audit(
            actor, "suggestion.tags", suggestion, before,
            tags=", ".join(sorted(t.name for t in suggestion.tags)) or "–",
        )


def assign(
    suggestion: Suggestion,
    *,
    actor,
    group: Group | None,
    assignee=None,
    expected: int | None = None,
) -> None:
    check_expected(suggestion, expected)
    if group is not None and group.process_id != suggestion.process_id:
        raise ValidationFailed(_("This group belongs to another process."))
    before = snapshot(suggestion)
    suggestion.group = group
    suggestion.assignee_id = assignee.id if assignee is not None else None
    if snapshot(suggestion) != before:
        db.session.flush()
        from consult.accounts.services import person_name

        _audit(
            actor, "suggestion.assign", suggestion, before,
            group=group.name if group else "–",
            assignee=person_name(assignee) if assignee is not None else "–",
        )


# ---------------------------------------------------------------- recommendation and decision

def _outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        raise ValidationFailed(_("Choose an outcome.")) from None


def recommend(
    suggestion: Suggestion,
    *,
    actor,
    outcome: str,
    reasoning: str,
    expected: int | None = None,
    group: Group | None = None,
) -> Recommendation:
    """The expert group's recommendation; replaces an earlier one, kept next to the decision."""
    check_expected(suggestion, expected)
    if suggestion.representative_id is not None:
        raise InvalidTransition(
            _("This suggestion is answered with its group: work on suggestion %(label)s.",
              label=label(suggestion.representative))
        )
    chosen = _outcome(outcome)
    reasoning = (reasoning or "").strip()
    if len(reasoning) > REASON_MAX:
        raise ValidationFailed(_("The text is too long."))
    before = snapshot(suggestion)
    before["recommendation"] = (
        suggestion.recommendation.outcome if suggestion.recommendation else None
    )
    rec = suggestion.recommendation
    if rec is None:
        rec = Recommendation(suggestion=suggestion)
        db.session.add(rec)
    rec.outcome = chosen.value
    rec.reasoning = reasoning
    rec.group_id = (group or suggestion.group).id if (group or suggestion.group) else None
    rec.author_id = getattr(actor, "id", None)
    # A recommendation is a change to the suggestion: it bumps the lock version too.
    suggestion.updated_at = utcnow()
    db.session.flush()
    after = snapshot(suggestion)
    after["recommendation"] = chosen.value
    record(
        actor, "suggestion.recommend", suggestion,
        params={"label": label(suggestion), "outcome": chosen.value},
        before=before, after={**after, "reasoning": reasoning},
    )
    return rec


def decide(
    suggestion: Suggestion,
    *,
    actor,
    outcome: str,
    public_reason: str,
    internal_note: str = "",
    expected: int | None = None,
) -> None:
    """Record the decision; it may differ from the recommendation. Not public until published."""
    check_expected(suggestion, expected)
    if suggestion.representative_id is not None:
        raise InvalidTransition(
            _("This suggestion is answered with its group: work on suggestion %(label)s.",
              label=label(suggestion.representative))
        )
    if suggestion.published_at is not None:
        raise InvalidTransition(
            _("This decision is published. Withdraw the publication before changing it.")
        )
    chosen = _outcome(outcome)
    public_reason = (public_reason or "").strip()
    internal_note = (internal_note or "").strip()
    if chosen is not Outcome.ACCEPTED and not public_reason:
        raise ValidationFailed(_("Give a public reason: it is required unless the suggestion is accepted."))
    if len(public_reason) > REASON_MAX or len(internal_note) > NOTE_MAX:
        raise ValidationFailed(_("The text is too long."))
    before = snapshot(suggestion)
    suggestion.outcome = chosen.value
    suggestion.public_reason = public_reason or None
    suggestion.internal_note = internal_note or None
    suggestion.decided_by_id = actor.id
    suggestion.decided_at = utcnow()
    db.session.flush()
    _audit(actor, "suggestion.decide", suggestion, before, outcome=chosen.value)


def reopen(suggestion: Suggestion, *, actor, expected: int | None = None) -> None:
    """Withdraw an unpublished decision: the suggestion is open again."""
    check_expected(suggestion, expected)
    if suggestion.outcome is None:
        return
    if suggestion.published_at is not None:
        raise InvalidTransition(
            _("This decision is published. Withdraw the publication before changing it.")
        )
    before = snapshot(suggestion)
    suggestion.outcome = None
    suggestion.decided_by_id = None
    suggestion.decided_at = None
    db.session.flush()
    _audit(actor, "suggestion.reopen", suggestion, before)


# ---------------------------------------------------------------- grouping

def members_of(representative: Suggestion) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.representative_id == representative.id)
            .order_by(Suggestion.number)
        )
    )


def group_under(
    suggestion: Suggestion, representative: Suggestion, *, actor, expected: int | None = None
) -> None:
    """Answer `suggestion` together with `representative`: it inherits the group's answer.

    Grouping is flat: grouping under a member means grouping under its representative, and
    the members of a suggestion that joins a group move with it.
    """
    check_expected(suggestion, expected)
    if representative.process_id != suggestion.process_id:
        raise ValidationFailed(_("Both suggestions must belong to the same process."))
    if representative.representative_id is not None:
        representative = representative.representative
    if representative.id == suggestion.id:
        raise ValidationFailed(_("A suggestion cannot be grouped under itself."))
    if suggestion.outcome is not None:
        raise InvalidTransition(
            _("Suggestion %(label)s is decided. Withdraw its decision before grouping it.",
              label=label(suggestion))
        )
    moved = members_of(suggestion)
    before = snapshot(suggestion)
    suggestion.representative = representative
    if suggestion.recommendation is not None:
        db.session.delete(suggestion.recommendation)
    db.session.flush()
    _audit(actor, "suggestion.group", suggestion, before, representative=label(representative))
    for member in moved:
        member_before = snapshot(member)
        member.representative = representative
        db.session.flush()
        _audit(actor, "suggestion.group", member, member_before, representative=label(representative))


def ungroup(suggestion: Suggestion, *, actor, expected: int | None = None) -> None:
    check_expected(suggestion, expected)
    if suggestion.representative_id is None:
        return
    before = snapshot(suggestion)
    suggestion.representative = None
    db.session.flush()
    _audit(actor, "suggestion.ungroup", suggestion, before)


# ---------------------------------------------------------------- publication

def publish(suggestion: Suggestion, *, actor, expected: int | None = None) -> None:
    check_expected(suggestion, expected)
    if suggestion.representative_id is not None:
        raise InvalidTransition(
            _("This suggestion is answered with its group: work on suggestion %(label)s.",
              label=label(suggestion.representative))
        )
    if suggestion.outcome is None:
        raise InvalidTransition(_("Only decided suggestions can be published."))
    if suggestion.published_at is not None:
        return
    before = snapshot(suggestion)
    suggestion.published_at = utcnow()
    db.session.flush()
    _audit(actor, "suggestion.publish", suggestion, before)


def unpublish(suggestion: Suggestion, *, actor, expected: int | None = None) -> None:
    check_expected(suggestion, expected)
    if suggestion.published_at is None:
        return
    before = snapshot(suggestion)
    suggestion.published_at = None
    db.session.flush()
    _audit(actor, "suggestion.unpublish", suggestion, before)


def publish_version(version: Version, *, actor) -> int:
    """Publish every decided, unpublished suggestion on this version; returns how many."""
    suggestions = list(
        db.session.scalars(
            select(Suggestion).where(
                Suggestion.version_id == version.id,
                Suggestion.outcome.is_not(None),
                Suggestion.published_at.is_(None),
            ).order_by(Suggestion.number)
        )
    )
    for suggestion in suggestions:
        publish(suggestion, actor=actor)
    record(
        actor, "decisions.publish_version", version,
        params={"count": len(suggestions), "version": version.number},
    )
    return len(suggestions)


def is_public(suggestion: Suggestion) -> bool:
    """Published itself, or a member of a group whose representative is published."""
    answer = answered_by(suggestion)
    return answer.published_at is not None


def answered_by(suggestion: Suggestion) -> Suggestion:
    """The suggestion that carries the answer: the representative for a grouped one."""
    return suggestion.representative if suggestion.representative_id else suggestion


# ---------------------------------------------------------------- resulting changes

def link_change(
    suggestion: Suggestion, node: SectionVersion, *, actor
) -> ResultingChange:
    """An accepted or partly accepted suggestion changed this section in a later version."""
    answer = answered_by(suggestion)
    if answer.outcome is None or not Outcome(answer.outcome).changes_text:
        raise InvalidTransition(
            _("Only accepted or partly accepted suggestions are linked to a text change.")
        )
    version = node.version
    if version.process_id != suggestion.process_id:
        raise ValidationFailed(_("This section belongs to another process."))
    if suggestion.version_id is not None:
        source = db.session.get(Version, suggestion.version_id)
        if source is not None and version.number <= source.number:
            raise ValidationFailed(
                _("Choose a section in a later version than the one the suggestion concerns.")
            )
    existing = db.session.scalar(
        select(ResultingChange).where(
            ResultingChange.suggestion_id == suggestion.id,
            ResultingChange.section_id == node.section_id,
            ResultingChange.version_id == version.id,
        )
    )
    if existing is not None:
        return existing
    change = ResultingChange(
        suggestion_id=suggestion.id, section_id=node.section_id, version_id=version.id,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(change)
    db.session.flush()
    record(
        actor, "suggestion.link_change", suggestion,
        params={"label": label(suggestion), "section": node.number or node.section.key,
                "version": version.number},
    )
    return change


def unlink_change(change: ResultingChange, *, actor) -> None:
    suggestion = db.session.get(Suggestion, change.suggestion_id)
    version = db.session.get(Version, change.version_id)
    node = db.session.scalar(
        select(SectionVersion).where(
            SectionVersion.version_id == change.version_id,
            SectionVersion.section_id == change.section_id,
        )
    )
    section_key = db.session.get(Section, change.section_id).key
    record(
        actor, "suggestion.unlink_change", suggestion,
        params={"label": label(suggestion),
                "section": (node.number if node is not None else None) or section_key,
                "version": version.number if version else "–"},
    )
    db.session.delete(change)
    db.session.flush()


# ---------------------------------------------------------------- translated reasons

def reason_fingerprint(reason: str | None) -> str:
    return hashlib.sha256((reason or "").encode()).hexdigest()[:32]


def set_reason_translation(
    suggestion: Suggestion, *, language: str, text: str, origin: str = "human_translation", actor
) -> ReasonTranslation | None:
    """Store the public reason in another language; an empty text removes the translation."""
    if not suggestion.public_reason:
        raise InvalidTransition(_("There is no public reason to translate yet."))
    if origin not in ("human_translation", "machine_translation"):
        raise ValidationFailed(_("Choose where the translation comes from."))
    text = (text or "").strip()
    if len(text) > REASON_MAX:
        raise ValidationFailed(_("The text is too long."))
    existing = db.session.scalar(
        select(ReasonTranslation).where(
            ReasonTranslation.suggestion_id == suggestion.id,
            ReasonTranslation.language == language,
        )
    )
    if not text:
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    if existing is None:
        existing = ReasonTranslation(suggestion_id=suggestion.id, language=language)
        db.session.add(existing)
    existing.text = text
    existing.origin = origin
    existing.source_fingerprint = reason_fingerprint(suggestion.public_reason)
    existing.translated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(
        actor, "suggestion.translate_reason", suggestion,
        params={"label": label(suggestion), "language": language},
        after={"language": language, "text": text, "origin": origin},
    )
    return existing


def translation_is_outdated(translation: ReasonTranslation, suggestion: Suggestion) -> bool:
    return translation.source_fingerprint != reason_fingerprint(suggestion.public_reason)


# ---------------------------------------------------------------- groups

def save_group(
    process: Process,
    *,
    actor,
    name: str,
    kind: str,
    description: str = "",
    decides: bool = False,
    sections: Sequence[Section] = (),
    group: Group | None = None,
) -> Group:
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise ValidationFailed(_("Give the group a name of at most 200 characters."))
    try:
        GroupKind(kind)
    except ValueError:
        raise ValidationFailed(_("Choose what kind of group this is.")) from None
    clash = db.session.scalar(
        select(Group.id).where(Group.process_id == process.id, Group.name == name)
    )
    if clash is not None and (group is None or clash != group.id):
        raise ValidationFailed(_("There is already a group with this name."))
    if group is None:
        group = Group(process_id=process.id)
        db.session.add(group)
    before = {"name": group.name, "kind": group.kind, "decides": group.decides,
              "sections": sorted(s.key for s in group.sections)} if group.id else None
    group.name = name
    group.kind = kind
    group.description = (description or "").strip()
    group.decides = bool(decides)
    group.sections = list(sections)
    db.session.flush()
    record(
        actor, "group.save", group, params={"name": name}, before=before,
        after={"name": name, "kind": kind, "decides": group.decides,
               "sections": sorted(s.key for s in group.sections)},
    )
    return group


def delete_group(group: Group, *, actor) -> None:
    """Delete a group; refused while suggestions are assigned to it."""
    assigned = db.session.scalar(
        select(func.count(Suggestion.id)).where(Suggestion.group_id == group.id)
    )
    if assigned:
        raise InvalidTransition(
            ngettext(
                "%(num)s suggestion is assigned to this group. Assign it elsewhere first.",
                "%(num)s suggestions are assigned to this group. Assign them elsewhere first.",
                assigned,
            )
        )
    record(
        actor, "group.delete", group, params={"name": group.name, "process_id": group.process_id}
    )
    db.session.delete(group)
    db.session.flush()


def add_member(group: Group, user, *, role: str, actor) -> GroupMember:
    try:
        GroupRole(role)
    except ValueError:
        raise ValidationFailed(_("Choose a role.")) from None
    member = db.session.scalar(
        select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user.id)
    )
    if member is None:
        member = GroupMember(group=group, user=user)
        db.session.add(member)
    member.role = role
    db.session.flush()
    from consult.accounts.services import person_name

    record(
        actor, "group.add_member", group,
        params={"name": group.name, "member": person_name(user), "role": role},
    )
    return member


def remove_member(member: GroupMember, *, actor) -> None:
    from consult.accounts.services import person_name

    record(
        actor, "group.remove_member", member.group,
        params={"name": member.group.name, "member": person_name(member.user)},
    )
    db.session.delete(member)
    db.session.flush()


# ---------------------------------------------------------------- the reply library

def save_reply_template(
    process: Process,
    *,
    actor,
    title: str,
    text: str,
    outcome: str | None = None,
    language: str = "de",
    template: ReplyTemplate | None = None,
) -> ReplyTemplate:
    title = " ".join((title or "").split())
    text = (text or "").strip()
    if not title or len(title) > 200:
        raise ValidationFailed(_("Give the reply a title of at most 200 characters."))
    if not text or len(text) > REASON_MAX:
        raise ValidationFailed(_("Write the text of the reply."))
    if outcome:
        _outcome(outcome)
    clash = db.session.scalar(
        select(ReplyTemplate.id).where(
            ReplyTemplate.process_id == process.id, ReplyTemplate.title == title
        )
    )
    if clash is not None and (template is None or clash != template.id):
        raise ValidationFailed(_("There is already a standard reply with this title."))
    if template is None:
        template = ReplyTemplate(process_id=process.id)
        db.session.add(template)
    template.title = title
    template.text = text
    template.outcome = outcome or None
    template.language = language
    db.session.flush()
    record(actor, "reply_template.save", template, params={"title": title},
           after={"title": title, "text": text, "outcome": outcome})
    return template


def delete_reply_template(template: ReplyTemplate, *, actor) -> None:
    record(
        actor, "reply_template.delete", template,
        params={"title": template.title, "process_id": template.process_id},
    )
    db.session.delete(template)
    db.session.flush()


# ---------------------------------------------------------------- bulk

def bulk(
    suggestions: Sequence[Suggestion], action: str, *, actor, **kwargs
) -> tuple[int, list[str]]:
    """Apply one action to many suggestions. Returns (changed, errors); errors name each
    suggestion that could not take the action and why, the others are changed."""
    functions = {
        "assign": assign,
        "tag": lambda s, **kw: set_tags(s, kw["tags"], actor=kw["actor"], add_only=True),
        "group": group_under,
        "recommend": recommend,
        "decide": decide,
        "publish": publish,
        "unpublish": unpublish,
    }
    if action not in functions:
        raise ValidationFailed(_("Choose an action."))
    changed, errors = 0, []
    for suggestion in suggestions:
        try:
            with db.session.begin_nested():
                functions[action](suggestion, actor=actor, **kwargs)
            changed += 1
        except (InvalidTransition, ValidationFailed, NotAllowed) as error:
            errors.append(f"{label(suggestion)}: {error}")
    return changed, errors
