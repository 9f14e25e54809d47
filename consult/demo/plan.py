"""The demo process: its texts, phases, the three versions and their translations.

Everything is stored through the plan services (`consult.plans.services`), from the content in
`consult.demo_content` (process, plan, versions, translations).
"""

from __future__ import annotations

import inspect
from datetime import date, timedelta

from sqlalchemy import select

from consult.accounts.models import User
from consult.demo_content import plan as plan_content
from consult.demo_content import process as process_content
from consult.demo_content import translations as translation_content
from consult.demo_content import versions as version_content
from consult.extensions import db
from consult.plans import services
from consult.plans.models import (
    Process,
    Section,
    SectionVersion,
    TextOrigin,
    Version,
    VersionStatus,
)


def _markdown(body: str) -> str:
    """A body from the content modules as stored: dedented (gender stars stay as written)."""
    return inspect.cleandoc(body)


def build_process(author: User | None, today: date) -> Process:
    title, summary, body = process_content.TEXTS[process_content.ORIGINAL_LANGUAGE]
    process = services.create_process(
        slug=process_content.SLUG,
        original_language=process_content.ORIGINAL_LANGUAGE,
        languages=process_content.LANGUAGES,
        title=title,
        summary=summary,
        body=_markdown(body),
        is_public=True,
        actor=author,
    )
    for language, (title, summary, body) in process_content.TEXTS.items():
        if language != process_content.ORIGINAL_LANGUAGE:
            services.set_process_text(
                process, language, title=title, summary=summary, body=_markdown(body),
                actor=author,
            )
    for phase in process_content.PHASES:
        start, end = phase["days"]
        services.save_phase(
            process,
            name=phase["name"],
            description=phase["description"],
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
            opens=phase["opens"],
            actor=author,
        )

    first = services.create_version(
        process,
        label=version_content.VERSION_1["label"],
        changelog=_changelog(version_content.VERSION_1),
        actor=author,
    )
    for field in plan_content.FIELDS:
        _add_tree(first, field, parent=None, depth=0, actor=author)
    services.renumber(first)
    for language, texts in translation_content.VERSION_1.items():
        _translate(first, language, texts, author)
    _finish(first, version_content.VERSION_1, author)

    previous = first
    for spec in version_content.VERSIONS[1:]:
        version = services.create_version(
            process,
            label=spec["label"],
            changelog=_changelog(spec),
            copy_from=previous,
            actor=author,
        )
        _apply_changes(version, spec, author)
        _finish(version, spec, author)
        previous = version
    return process


def _changelog(spec: dict) -> dict[str, str]:
    return {language: _markdown(text) for language, text in spec["changelog"].items()}


def _add_tree(
    version: Version, item: dict, *, parent: SectionVersion | None, depth: int, actor
) -> None:
    title, body = item["de"]
    node = services.add_section(
        version,
        title=title,
        body=_markdown(body),
        parent=parent,
        kind=plan_content.KINDS[depth],
        key=item["key"],
        actor=actor,
        renumber_now=False,
    )
    _set_english(node, *item["en"], actor=actor)
    for child in item.get("children", ()):
        _add_tree(version, child, parent=node, depth=depth + 1, actor=actor)


def _set_english(node: SectionVersion, title: str, body: str, *, actor) -> None:
    services.set_section_text(
        node, "en", title=title, body=_markdown(body),
        origin=TextOrigin.HUMAN.value, reviewed=True, source_language="de", actor=actor,
    )


def _translate(version: Version, language: str, texts: dict, actor) -> None:
    """Translations from German into `language`: key → (title, body[, reviewed])."""
    for key, entry in texts.items():
        title, body, *rest = entry
        services.set_section_text(
            _node(version, key), language, title=title, body=_markdown(body),
            origin=TextOrigin.HUMAN.value, reviewed=rest[0] if rest else True,
            source_language="de", actor=actor,
        )


def _apply_changes(version: Version, spec: dict, actor) -> None:
    for key, languages in spec.get("texts", {}).items():
        node = _node(version, key)
        for language in ("de", "en"):
            change = languages[language]
            current = node.text(language)
            title = change.get("title", current.title)
            body = _markdown(change["body"]) if "body" in change else current.body
            if language == "de":
                services.set_section_text(node, "de", title=title, body=body, actor=actor)
            else:
                _set_english(node, title, body, actor=actor)
    for key in spec.get("remove", ()):
        services.remove_section(_node(version, key), actor=actor)
    for item in spec.get("add", ()):
        title, body = item["de"]
        parent = _node(version, item["parent"])
        node = services.add_section(
            version,
            title=title,
            body=_markdown(body),
            parent=parent,
            kind=plan_content.KINDS[parent.depth + 1],
            position=item.get("position"),
            key=item["key"],
            actor=actor,
        )
        _set_english(node, *item["en"], actor=actor)
    for item in spec.get("move", ()):
        node = _node(version, item["key"])
        parent = _node(version, item["parent"])
        position = item.get("position", len(_children(version, parent)))
        services.move_section(node, parent=parent, position=position, actor=actor)
    for language, texts in spec.get("translations", {}).items():
        _translate(version, language, texts, actor)


def _finish(version: Version, spec: dict, actor) -> None:
    status = VersionStatus(spec["status"])
    if status != VersionStatus.DRAFT:
        services.set_version_status(version, status, actor)


def _node(version: Version, key: str) -> SectionVersion:
    node = db.session.scalar(
        select(SectionVersion)
        .join(Section)
        .where(SectionVersion.version_id == version.id, Section.key == key)
    )
    if node is None:
        raise LookupError(f"Version {version.number} has no section {key!r}.")
    return node


def _children(version: Version, parent: SectionVersion) -> list[SectionVersion]:
    return list(
        db.session.scalars(
            select(SectionVersion).where(
                SectionVersion.version_id == version.id, SectionVersion.parent_id == parent.id
            )
        ).all()
    )
