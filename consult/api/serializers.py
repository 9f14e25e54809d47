"""Objects as the API shows them: plain JSON values, only what the public may see.

Every shape here is described exactly (no more, no fewer fields) by `consult.api.openapi`;
a test validates real responses against that description. Timestamps are UTC in ISO 8601
with a `Z`, dates are ISO 8601 dates, stored codes (outcome, channel, ...) are given as
codes, language-dependent values as `{language: text}` maps or per-language lists.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import url_for

from consult.accountability.disposition import Row
from consult.markup import render_markdown
from consult.plans.models import Phase, Process, SectionText, SectionVersion, Version

from .queries import Node


def timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def day(value: date) -> str:
    return value.isoformat()


def language_map(values: dict | None) -> dict[str, str]:
    """A stored {language: text} map, without empty entries, in a stable order."""
    return {str(k): str(v) for k, v in sorted((values or {}).items()) if v}


def _link(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, **values, _external=True)


# --------------------------------------------------------------------- processes


def phase(item: Phase) -> dict[str, Any]:
    return {
        "name": language_map(item.name),
        "description": language_map(item.description),
        "starts_on": day(item.starts_on),
        "ends_on": day(item.ends_on),
        "opens": item.opens_list,
    }


def process(item: Process) -> dict[str, Any]:
    original = item.original_language
    texts = sorted(item.texts, key=lambda t: (t.language != original, t.language))
    slug = item.slug
    return {
        "slug": slug,
        "original_language": original,
        "languages": list(item.languages or []),
        "texts": [
            {"language": t.language, "title": t.title, "summary": t.summary or "",
             "body": t.body or ""}
            for t in texts
        ],
        "phases": [phase(p) for p in item.phases],
        "links": {
            "self": _link("api.show_process", slug=slug),
            "html": _link("plans.show_process", slug=slug),
            "versions": _link("api.list_versions", slug=slug),
            "suggestions": _link("api.list_suggestions", slug=slug),
            "statistics": _link("api.show_statistics", slug=slug),
        },
    }


# --------------------------------------------------------------------- versions


def version(process_item: Process, item: Version) -> dict[str, Any]:
    slug = process_item.slug
    return {
        "number": item.number,
        "label": language_map(item.label),
        "changelog": language_map(item.changelog),
        "status": item.status,
        "published_at": timestamp(item.published_at),
        "links": {
            "self": _link("api.show_version", slug=slug, number=item.number),
            "html": _link("plans.show_version", slug=slug, number=item.number),
            "sections": _link("api.list_sections", slug=slug, number=item.number),
            "suggestions": _link("api.list_suggestions", slug=slug, version=item.number),
        },
    }


# --------------------------------------------------------------------- sections


def section_text(node: SectionVersion, text: SectionText) -> dict[str, Any]:
    source = node.text(text.source_language) if text.source_language else None
    return {
        "language": text.language,
        "title": text.title,
        "body": text.body or "",
        "body_html": str(render_markdown(text.body)),
        "origin": text.origin,
        "reviewed": bool(text.reviewed),
        "source_language": text.source_language,
        "outdated": text.is_outdated(source),
    }


def section(process_item: Process, version_item: Version, found: Node) -> dict[str, Any]:
    node = found.node
    original = process_item.original_language
    texts = sorted(node.texts, key=lambda t: (t.language != original, t.language))
    key = node.section.key
    slug = process_item.slug
    return {
        "key": key,
        "number": node.number or key,
        "kind": node.kind,
        "depth": node.depth,
        "position": node.position,
        "parent": found.parent_key,
        "texts": [section_text(node, t) for t in texts],
        "links": {
            "self": _link("api.show_section", slug=slug, number=version_item.number, key=key),
            "html": _link("plans.show_section", slug=slug, number=version_item.number, key=key),
            "suggestions": _link("api.list_suggestions", slug=slug, section=key),
        },
    }


# --------------------------------------------------------------------- suggestions


def suggestion(process_item: Process, row: Row) -> dict[str, Any]:
    reason = row.reason
    return {
        "label": row.label,
        "number": row.number,
        "version": row.version_number,
        "sections": [
            {
                "key": ref.key,
                "number": ref.number,
                "title": ref.title,
                "title_language": ref.title_language or None,
                "version": ref.version_number,
            }
            for ref in row.sections
        ],
        "passage": row.passage,
        "passage_withheld": row.withheld if row.passage is None else None,
        "summary": row.summary,
        "language": row.passage_language,
        "submitter": row.submitter,
        "submitter_type": row.submitter_type,
        "channel": row.channel,
        "kind": row.kind,
        "outcome": row.outcome.value if row.outcome else None,
        "reason": (
            {"text": reason.text, "language": reason.language, "machine_translated": reason.machine}
            if reason is not None else None
        ),
        "grouped_under": row.grouped_under,
        "decided_at": timestamp(row.decided_at),
        "published_at": timestamp(row.published_at),
        "changes": [
            {"version": c.version_number, "section": c.section_key, "section_number": c.section_number}
            for c in row.changes
        ],
        "url": _link(
            "outcomes.show_suggestion", slug=process_item.slug, suggestion_number=row.number
        ),
    }
