"""Every change to processes, phases, versions and sections. Flushes, never commits."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.models import register_messages, register_value_titles
from consult.audit.services import record
from consult.errors import InvalidTransition, ValidationFailed
from consult.extensions import db
from consult.models import utcnow
from consult.plans.models import (
    VERSION_STATUS_TITLES,
    Phase,
    Process,
    ProcessText,
    Section,
    SectionKind,
    SectionText,
    SectionVersion,
    TextOrigin,
    Version,
    VersionStatus,
    text_fingerprint,
)

register_messages(
    {
        "process.create": _l("Created the process “%(title)s” (%(slug)s)."),
        "process.update": _l("Changed the settings of the process %(slug)s."),
        "process.text": _l("Edited the text (%(language)s) of the process %(slug)s."),
        "phase.create": _l("Added the phase “%(name)s” (%(start)s – %(end)s) to %(slug)s."),
        "phase.update": _l("Changed the phase “%(name)s” (%(start)s – %(end)s) of %(slug)s."),
        "phase.delete": _l("Removed the phase “%(name)s” from %(slug)s."),
        "version.create": _l("Created version %(number)s “%(label)s” (copied from: %(source)s)."),
        "version.update": _l("Edited the label and notes of version %(number)s."),
        "version.status": _l("Changed the status of version %(number)s from %(old)s to %(new)s."),
        "section.add": _l("Added the section “%(title)s” to version %(number)s."),
        "section.move": _l("Moved section %(old)s to %(new)s."),
        "section.remove": _l("Removed section %(section)s “%(title)s” from version %(number)s."),
        "section.text": _l("Edited the text (%(language)s) of section %(section)s in version %(number)s."),
    }
)

register_value_titles(VERSION_STATUS_TITLES)

# --- processes -------------------------------------------------------------


def create_process(
    *,
    slug: str,
    original_language: str,
    languages: Iterable[str],
    title: str,
    summary: str = "",
    body: str = "",
    actor=None,
    is_public: bool = False,
) -> Process:
    if db.session.scalar(select(Process.id).where(Process.slug == slug)) is not None:
        raise ValidationFailed(_("A process with this short name exists already."))
    languages = list(dict.fromkeys([original_language, *languages]))
    process = Process(
        slug=slug,
        original_language=original_language,
        languages=languages,
        is_public=is_public,
        created_by_id=getattr(actor, "id", None),
    )
    process.texts.append(
        ProcessText(language=original_language, title=title, summary=summary, body=body)
    )
    db.session.add(process)
    db.session.flush()
    record(actor, "process.create", process, {"title": title, "slug": slug})
    return process


def update_process(process: Process, *, languages: Iterable[str], is_public: bool, actor) -> None:
    before = {"languages": list(process.languages), "is_public": process.is_public}
    process.languages = list(dict.fromkeys([process.original_language, *languages]))
    process.is_public = is_public
    db.session.flush()
    record(
        actor, "process.update", process, {"slug": process.slug},
        before=before, after={"languages": process.languages, "is_public": is_public},
    )


def set_process_text(
    process: Process, language: str, *, title: str, summary: str, body: str, actor
) -> ProcessText:
    text = next((t for t in process.texts if t.language == language), None)
    before = None
    if text is None:
        text = ProcessText(language=language, title=title, summary=summary, body=body)
        process.texts.append(text)
    else:
        before = {"title": text.title, "summary": text.summary, "body": text.body}
        text.title, text.summary, text.body = title, summary, body
    if language not in process.languages:
        process.languages = [*process.languages, language]
    db.session.flush()
    record(
        actor, "process.text", process, {"language": language, "slug": process.slug},
        before=before, after={"title": title, "summary": summary, "body": body},
    )
    return text


# --- phases ----------------------------------------------------------------


def save_phase(
    process: Process,
    *,
    phase: Phase | None = None,
    name: dict[str, str],
    description: dict[str, str] | None = None,
    starts_on: date,
    ends_on: date,
    opens: Iterable[str] = (),
    actor=None,
) -> Phase:
    if starts_on > ends_on:
        raise ValidationFailed(_("A phase cannot end before it starts."))
    opens = set(opens)
    created = phase is None
    if phase is None:
        phase = Phase(process=process, position=len(process.phases))
        db.session.add(phase)
    phase.name = {k: v for k, v in name.items() if v}
    phase.description = {k: v for k, v in (description or {}).items() if v}
    phase.starts_on, phase.ends_on = starts_on, ends_on
    for what in ("comments", "statements", "forum", "amendments"):
        setattr(phase, f"opens_{what}", what in opens)
    db.session.flush()
    record(
        actor, "phase.create" if created else "phase.update", phase,
        {
            "name": phase.title(process.original_language),
            "start": starts_on.isoformat(),
            "end": ends_on.isoformat(),
            "slug": process.slug,
        },
    )
    return phase


def delete_phase(phase: Phase, actor) -> None:
    record(
        actor, "phase.delete", phase,
        {"name": phase.title(phase.process.original_language), "slug": phase.process.slug},
    )
    db.session.delete(phase)
    db.session.flush()


# --- versions --------------------------------------------------------------


def next_version_number(process: Process) -> int:
    return max((v.number for v in process.versions), default=0) + 1


def create_version(
    process: Process,
    *,
    label: dict[str, str],
    copy_from: Version | None = None,
    changelog: dict[str, str] | None = None,
    actor=None,
) -> Version:
    """A new draft version: empty, or a copy of every section and text of `copy_from`."""
    if copy_from is not None and copy_from.process_id != process.id:
        raise ValidationFailed(_("A version can only be copied within its process."))
    version = Version(
        process=process,
        number=next_version_number(process),
        label={k: v for k, v in label.items() if v},
        changelog={k: v for k, v in (changelog or {}).items() if v},
        status=VersionStatus.DRAFT.value,
        based_on=copy_from,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    if copy_from is not None:
        _copy_nodes(copy_from, version)
    db.session.flush()
    record(
        actor, "version.create", version,
        {
            "number": version.number,
            "label": version.title(process.original_language),
            "source": copy_from.number if copy_from else "—",
        },
    )
    return version


def _copy_nodes(source: Version, target: Version) -> None:
    nodes = db.session.scalars(
        select(SectionVersion)
        .where(SectionVersion.version_id == source.id)
        .order_by(SectionVersion.order_key)
    ).all()
    texts = db.session.scalars(
        select(SectionText).join(SectionVersion).where(SectionVersion.version_id == source.id)
    ).all()
    texts_by_node: dict[int, list[SectionText]] = defaultdict(list)
    for text in texts:
        texts_by_node[text.node_id].append(text)
    copies: dict[int, SectionVersion] = {}
    for node in nodes:
        copy = SectionVersion(
            version=target,
            section_id=node.section_id,
            parent=copies.get(node.parent_id) if node.parent_id else None,
            kind=node.kind,
            position=node.position,
            depth=node.depth,
            number=node.number,
            order_key=node.order_key,
        )
        for text in texts_by_node[node.id]:
            copy.texts.append(
                SectionText(
                    language=text.language,
                    title=text.title,
                    body=text.body,
                    origin=text.origin,
                    reviewed=text.reviewed,
                    source_language=text.source_language,
                    source_fingerprint=text.source_fingerprint,
                    fingerprint=text.fingerprint,
                    updated_by_id=text.updated_by_id,
                )
            )
        copies[node.id] = copy
        db.session.add(copy)


def update_version(
    version: Version, *, label: dict[str, str], changelog: dict[str, str], actor
) -> None:
    before = {"label": dict(version.label), "changelog": dict(version.changelog)}
    version.label = {k: v for k, v in label.items() if v}
    version.changelog = {k: v for k, v in changelog.items() if v}
    db.session.flush()
    record(
        actor, "version.update", version, {"number": version.number},
        before=before, after={"label": version.label, "changelog": version.changelog},
    )


ALLOWED_STATUS_CHANGES = {
    VersionStatus.DRAFT: {VersionStatus.INTERNAL, VersionStatus.PUBLISHED},
    VersionStatus.INTERNAL: {VersionStatus.DRAFT, VersionStatus.PUBLISHED},
    VersionStatus.PUBLISHED: {VersionStatus.ADOPTED, VersionStatus.INTERNAL},
    VersionStatus.ADOPTED: {VersionStatus.PUBLISHED},
}


def set_version_status(version: Version, status: VersionStatus, actor) -> None:
    current = VersionStatus(version.status)
    if status not in ALLOWED_STATUS_CHANGES[current]:
        raise InvalidTransition(
            _(
                "A version in status “%(current)s” cannot become “%(new)s”.",
                current=current.title,
                new=status.title,
            )
        )
    version.status = status.value
    if status.is_public and version.published_at is None:
        version.published_at = utcnow()
    if not status.is_public:
        version.published_at = None
    db.session.flush()
    record(
        actor, "version.status", version,
        {"number": version.number, "old": current.value, "new": status.value},
        before={"status": current.value}, after={"status": status.value},
    )


def publish_version(version: Version, actor) -> None:
    set_version_status(version, VersionStatus.PUBLISHED, actor)


def previous_version(version: Version, *, public_only: bool = False) -> Version | None:
    """The version this one was based on, else the closest earlier one."""
    query = select(Version).where(
        Version.process_id == version.process_id, Version.number < version.number
    )
    if public_only:
        query = query.where(Version.status.in_(["published", "adopted"]))
    if version.based_on is not None and (not public_only or version.based_on.is_public):
        return version.based_on
    return db.session.scalar(query.order_by(Version.number.desc()).limit(1))


# --- sections --------------------------------------------------------------


def new_section_key() -> str:
    return secrets.token_hex(4)


def add_section(
    version: Version,
    *,
    title: str,
    body: str = "",
    language: str | None = None,
    parent: SectionVersion | None = None,
    kind: str = SectionKind.CHAPTER.value,
    position: int | None = None,
    key: str | None = None,
    actor=None,
    renumber_now: bool = True,
) -> SectionVersion:
    """Add a new section (a new identity) to `version` under `parent`."""
    ensure_editable(version)
    if parent is not None and parent.version_id != version.id:
        raise ValidationFailed(_("The parent section belongs to another version."))
    language = language or version.process.original_language
    section = Section(process_id=version.process_id, key=key or new_section_key())
    db.session.add(section)
    siblings = _children(version, parent)
    if position is None or position > len(siblings):
        position = len(siblings)
    node = SectionVersion(
        version=version, section=section, parent=parent, kind=kind, position=position,
        order_key=f"~new-{secrets.token_hex(6)}",
    )
    for sibling in siblings[position:]:
        sibling.position += 1
    db.session.add(node)
    text = SectionText(language=language, title=title, body=body, origin=TextOrigin.ORIGINAL.value)
    text.refresh_fingerprint()
    node.texts.append(text)
    db.session.flush()
    if renumber_now:
        renumber(version)
    record(actor, "section.add", node, {"title": title, "number": version.number})
    return node


def _children(version: Version, parent: SectionVersion | None) -> list[SectionVersion]:
    query = select(SectionVersion).where(SectionVersion.version_id == version.id)
    if parent is None:
        query = query.where(SectionVersion.parent_id.is_(None))
    else:
        query = query.where(SectionVersion.parent_id == parent.id)
    return list(db.session.scalars(query.order_by(SectionVersion.position)).all())


def move_section(
    node: SectionVersion, *, parent: SectionVersion | None, position: int, actor=None
) -> None:
    version = node.version
    ensure_editable(version)
    if parent is not None:
        if parent.version_id != node.version_id:
            raise ValidationFailed(_("The new parent belongs to another version."))
        ancestor: SectionVersion | None = parent
        while ancestor is not None:
            if ancestor.id == node.id:
                raise ValidationFailed(_("A section cannot be moved into itself."))
            ancestor = ancestor.parent
    before = {"number": node.number}
    old_siblings = [s for s in _children(version, node.parent) if s.id != node.id]
    for index, sibling in enumerate(old_siblings):
        sibling.position = index
    new_siblings = [s for s in _children(version, parent) if s.id != node.id]
    position = max(0, min(position, len(new_siblings)))
    new_siblings.insert(position, node)
    node.parent = parent
    for index, sibling in enumerate(new_siblings):
        sibling.position = index
    db.session.flush()
    renumber(version)
    record(
        actor, "section.move", node, {"old": before["number"], "new": node.number},
        before=before, after={"number": node.number},
    )


def remove_section(node: SectionVersion, actor=None) -> None:
    """Remove a section (and its subsections) from this version; other versions keep it."""
    version = node.version
    ensure_editable(version)
    title = node.texts[0].title if node.texts else node.section.key
    number = node.number
    db.session.delete(node)
    db.session.flush()
    db.session.expire(version, ["nodes"])
    for index, sibling in enumerate(_children(version, node.parent)):
        sibling.position = index
    renumber(version)
    record(
        actor, "section.remove", node.section,
        {"section": number, "title": title, "number": version.number},
    )


def set_section_kind(node: SectionVersion, kind: str, actor=None) -> None:
    ensure_editable(node.version)
    try:
        new = SectionKind(kind)
    except ValueError as error:
        raise ValidationFailed(_("Unknown kind of section.")) from error
    old = node.kind
    node.kind = new.value
    db.session.flush()
    if old != new.value:
        record(
            actor, "section.kind", node,
            {"section": node.number, "number": node.version.number, "kind": new.value},
            before={"kind": old}, after={"kind": new.value},
        )


def set_section_text(
    node: SectionVersion,
    language: str,
    *,
    title: str,
    body: str,
    origin: str = TextOrigin.ORIGINAL.value,
    reviewed: bool = True,
    source_language: str | None = None,
    actor=None,
) -> SectionText:
    """Write a section's text in one language, recording where it came from.

    A translation remembers the fingerprint of its source text as it is now, so a
    later change of the source marks the translation outdated.
    """
    ensure_editable(node.version)
    origin = TextOrigin(origin).value
    source_fingerprint = None
    if origin != TextOrigin.ORIGINAL.value:
        source_language = source_language or node.version.process.original_language
        if source_language == language:
            raise ValidationFailed(_("A translation needs a source in another language."))
        source = node.text(source_language)
        if source is None:
            raise ValidationFailed(_("There is no source text in that language yet."))
        source_fingerprint = source.fingerprint
    else:
        source_language = None
    text = node.text(language)
    before = None
    if text is None:
        text = SectionText(language=language, title=title, body=body)
        node.texts.append(text)
    else:
        before = {"title": text.title, "body": text.body, "origin": text.origin}
    text.title, text.body = title, body
    text.origin = origin
    text.reviewed = reviewed
    text.source_language = source_language
    text.source_fingerprint = source_fingerprint
    text.updated_by_id = getattr(actor, "id", None)
    text.refresh_fingerprint()
    db.session.flush()
    record(
        actor, "section.text", node,
        {"language": language, "section": node.number, "number": node.version.number},
        before=before, after={"title": title, "body": body, "origin": origin},
    )
    return text


def renumber(version: Version) -> None:
    """Recompute depth, number ("3.2.1") and document order of every node in a version."""
    nodes = db.session.scalars(
        select(SectionVersion).where(SectionVersion.version_id == version.id)
    ).all()
    children: dict[int | None, list[SectionVersion]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.id))
    # Clear the unique order keys first so that swapping two never collides.
    for node in nodes:
        node.order_key = f"~{node.id}"
    db.session.flush()

    def walk(parent_id: int | None, prefix_number: str, prefix_key: str, depth: int) -> None:
        for index, node in enumerate(children.get(parent_id, []), start=1):
            node.position = index - 1
            node.depth = depth
            node.number = f"{prefix_number}{index}"
            node.order_key = f"{prefix_key}{index:04d}"
            walk(node.id, f"{node.number}.", f"{node.order_key}.", depth + 1)

    walk(None, "", "", 0)
    db.session.flush()


@dataclass
class TreeNode:
    node: SectionVersion
    children: list[TreeNode] = field(default_factory=list)


def build_tree(nodes: list[SectionVersion]) -> list[TreeNode]:
    """Nodes in document order → nested TreeNodes (no queries)."""
    by_id: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for node in sorted(nodes, key=lambda n: n.order_key):
        item = TreeNode(node)
        by_id[node.id] = item
        if node.parent_id and node.parent_id in by_id:
            by_id[node.parent_id].children.append(item)
        else:
            roots.append(item)
    return roots


def source_fingerprint_for(title: str, body: str) -> str:
    return text_fingerprint(title, body)


# --- staff editing: editable versions, moving by one place, import ---------------

register_messages(
    {
        "section.kind": _l("Changed the kind of section %(section)s in version %(number)s to %(kind)s."),
        "version.import": _l(
            "Imported version %(number)s from “%(source)s”: %(count)s sections, %(matched)s of them kept from the previous version."
        ),
    }
)

EDITABLE_STATUSES = frozenset({VersionStatus.DRAFT.value, VersionStatus.INTERNAL.value})


def is_editable(version: Version) -> bool:
    """Sections and texts of draft and internal versions may change; public ones are fixed."""
    return version.status in EDITABLE_STATUSES


def ensure_editable(version: Version) -> None:
    if not is_editable(version):
        raise InvalidTransition(
            _(
                "Version %(number)s is “%(status)s”: its sections and texts can no longer be "
                "changed. Create a new version (a copy of this one) to change the text.",
                number=version.number,
                status=version.status_title,
            )
        )


def shift_section(node: SectionVersion, direction: int, actor=None) -> None:
    """Move a section one place up (-1) or down (+1) among its siblings."""
    ensure_editable(node.version)
    if direction not in (-1, 1):
        raise ValidationFailed(_("A section moves one place up or down."))
    siblings = _children(node.version, node.parent)
    index = next(i for i, sibling in enumerate(siblings) if sibling.id == node.id)
    target = index + direction
    if target < 0:
        raise ValidationFailed(_("The section is already the first at its level."))
    if target >= len(siblings):
        raise ValidationFailed(_("The section is already the last at its level."))
    move_section(node, parent=node.parent, position=target, actor=actor)


def import_version(
    process: Process,
    sections,
    *,
    language: str,
    label: str,
    kinds: list[str | None] | None = None,
    match_existing: bool = True,
    source_name: str = "",
    actor=None,
) -> Version:
    """A new draft version made of parsed sections (see consult.plans.importers).

    With `match_existing`, a section whose number and title equal those of a section of
    the latest version keeps that section's identity, so its history runs across versions;
    when importing the original language, its translations are carried over (and show as
    outdated where the text changed).
    """
    from consult.plans import queries

    sections = list(sections)
    if not sections:
        raise ValidationFailed(_("There are no sections to import."))
    if language not in process.languages:
        raise ValidationFailed(_("The process does not offer this language."))
    label = (label or "").strip()
    if not label:
        raise ValidationFailed(_("The version needs a label."))
    latest_nodes = queries.latest_version_nodes(process) if match_existing else []
    matches = queries.import_matches(process, sections, language, latest_nodes)
    copy_translations = language == process.original_language
    used_keys = set(
        db.session.scalars(select(Section.key).where(Section.process_id == process.id)).all()
    )
    version = create_version(process, label={language: label}, actor=actor)
    created: list[SectionVersion] = []
    matched = 0
    for index, parsed in enumerate(sections):
        kind = (kinds[index] if kinds and index < len(kinds) else None) or parsed.kind
        if kind not in {k.value for k in SectionKind}:
            kind = parsed.kind
        match = matches[index]
        node = SectionVersion(
            version=version,
            parent=created[parsed.parent] if parsed.parent is not None else None,
            kind=kind,
            position=parsed.position,
            depth=parsed.depth,
            number=parsed.number,
            order_key=f"~imp-{index}",
        )
        if match is not None:
            node.section_id = match.section_id
            matched += 1
        else:
            key = new_section_key()
            while key in used_keys:
                key = new_section_key()
            used_keys.add(key)
            node.section = Section(process_id=process.id, key=key)
        text = SectionText(
            language=language, title=parsed.title, body=parsed.body,
            origin=TextOrigin.ORIGINAL.value, reviewed=True,
            updated_by_id=getattr(actor, "id", None),
        )
        text.refresh_fingerprint()
        node.texts.append(text)
        if match is not None and copy_translations and match.node is not None:
            for old in match.node.texts:
                if old.language == language or old.origin == TextOrigin.ORIGINAL.value:
                    continue
                node.texts.append(
                    SectionText(
                        language=old.language, title=old.title, body=old.body,
                        origin=old.origin, reviewed=old.reviewed,
                        source_language=old.source_language,
                        source_fingerprint=old.source_fingerprint,
                        fingerprint=old.fingerprint, updated_by_id=old.updated_by_id,
                    )
                )
        db.session.add(node)
        created.append(node)
    db.session.flush()
    renumber(version)
    record(
        actor, "version.import", version,
        {
            "number": version.number,
            "source": source_name or "—",
            "count": len(created),
            "matched": matched,
        },
    )
    return version
