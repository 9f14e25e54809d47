"""Public reading: process page, table of contents, section page, history, print view."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale

from consult.comments.queries import toc_counts
from consult.diff import word_diff
from consult.i18n import content_language
from consult.markup import plain_text
from consult.plans import queries
from consult.plans.models import PHASE_OPENS_TITLES
from consult.plans.services import build_tree
from consult.reports.queries import process_page_summary

bp = Blueprint("plans", __name__, url_prefix="/p")


def _lang() -> str:
    return content_language()


@bp.get("/<slug>")
def show_process(slug: str):
    process = queries.get_process_or_404(slug)
    versions = queries.visible_versions(process)
    text = process.text(_lang())
    return render_template(
        "plans/process_show.html",
        process=process,
        text=text,
        versions=versions,
        current_phase=process.current_phase(_today()),
        opens_titles=PHASE_OPENS_TITLES,
        available_languages=[t.language for t in process.texts],
        reports=process_page_summary(process),
        amendment_counts=_amendment_counts(process),
    )


def _amendment_counts(process) -> dict[int, int]:
    """version id -> published amendments to it; no query for a process that is not public."""
    if not process.is_public:
        return {}
    from consult.council.public_queries import public_amendment_counts

    return public_amendment_counts(process)


@bp.get("/<slug>/v/<int:number>")
def show_version(slug: str, number: int):
    from flask_login import current_user

    from consult.council.sharing import banner_bodies

    process = queries.get_process_or_404(slug)
    version = queries.get_version_or_404(process, number)
    nodes = queries.version_nodes(version)
    language = _lang()
    shown = {n.id: queries.shown_text(n, language, process.original_language) for n in nodes}
    available = _languages_complete(nodes)
    return render_template(
        "plans/version_show.html",
        process=process,
        version=version,
        versions=queries.visible_versions(process),
        tree=build_tree(nodes),
        shown=shown,
        available_languages=available,
        comment_counts=toc_counts(version),
        # The bodies an internal version's banner names (none for other versions).
        internal_bodies=banner_bodies(current_user, version),
        amendment_count=(
            _amendment_counts(process).get(version.id, 0) if version.is_public else 0
        ),
    )


def _languages_complete(nodes) -> list[str]:
    """Languages in which every section of the version has a text."""
    if not nodes:
        return []
    sets = [{t.language for t in n.texts} for n in nodes]
    return sorted(set.intersection(*sets))


@bp.get("/<slug>/v/<int:number>/print")
def print_version(slug: str, number: int):
    from flask_login import current_user

    from consult.council.sharing import banner_bodies

    process = queries.get_process_or_404(slug)
    version = queries.get_version_or_404(process, number)
    nodes = queries.version_nodes(version)
    language = _lang()
    shown = [queries.shown_text(n, language, process.original_language) for n in nodes]
    return render_template(
        "plans/version_print.html",
        process=process,
        version=version,
        shown=shown,
        available_languages=_languages_complete(nodes),
        internal_bodies=banner_bodies(current_user, version),
    )


@bp.get("/<slug>/v/<int:number>/s/<key>")
def show_section(slug: str, number: int, key: str):
    from flask_login import current_user

    from consult.council.sharing import banner_bodies

    process = queries.get_process_or_404(slug)
    version = queries.get_version_or_404(process, number)
    node = queries.get_node_or_404(version, key)
    language = _lang()
    original = process.original_language
    shown = queries.shown_text(node, language, original)
    trail = [queries.shown_text(a, language, original) for a in queries.ancestors(node)]
    previous_node, next_node = _neighbours(node)
    children = [queries.shown_text(c, language, original) for c in queries.children_of(node)]
    placements = queries.placements(node.section, public_only=not queries.may_preview())
    change = _change_since_previous(node, placements, language, original)
    source = None
    if shown.text is not None and shown.text.is_translation:
        source = node.text(shown.text.source_language)
    from consult.comments.views import section_comments

    outcomes, changed_by = _public_outcomes(process, version, node, language)
    amendments = _public_amendments(process, version, node)
    return render_template(
        "plans/section_show.html",
        process=process,
        version=version,
        node=node,
        shown=shown,
        source=source,
        trail=trail,
        previous=queries.shown_text(previous_node, language, original) if previous_node else None,
        next=queries.shown_text(next_node, language, original) if next_node else None,
        children=children,
        placements=placements,
        change=change,
        available_languages=[t.language for t in node.texts],
        comments=section_comments(process, version, node, placements),
        outcomes=outcomes,
        changed_by=changed_by,
        amendments=amendments,
        internal_bodies=banner_bodies(current_user, version),
    )


def _neighbours(node):
    """The previous and the next section in document order: one query, plus their texts."""
    from sqlalchemy import or_, select
    from sqlalchemy.orm import joinedload, selectinload

    from consult.extensions import db
    from consult.plans.models import SectionVersion

    order = SectionVersion.order_key
    same = SectionVersion.version_id == node.version_id
    before = (
        select(SectionVersion.id).where(same, order < node.order_key)
        .order_by(order.desc()).limit(1).scalar_subquery()
    )
    after = (
        select(SectionVersion.id).where(same, order > node.order_key)
        .order_by(order).limit(1).scalar_subquery()
    )
    found = db.session.scalars(
        select(SectionVersion)
        .where(or_(SectionVersion.id == before, SectionVersion.id == after))
        .options(selectinload(SectionVersion.texts), joinedload(SectionVersion.section))
    ).all()
    previous = next((n for n in found if n.order_key < node.order_key), None)
    following = next((n for n in found if n.order_key > node.order_key), None)
    return previous, following


def _public_amendments(process, version, node):
    """How many points of published amendments concern this section in this version, and
    the adopted points applied to it in this version: one query; None unless public."""
    if not (process.is_public and version.is_public):
        return None
    from consult.council import public_queries as council_public

    return council_public.section_summary(process, node)


def _public_outcomes(process, version, node, language: str):
    """What became of the suggestions on this section (published answers only): one page of
    them with their total, and those that changed it in this version. Two queries."""
    if not (process.is_public and version.is_public):
        return None, []
    from consult.triage import public_queries

    outcomes = public_queries.section_outcomes(process, node, language)
    changed = public_queries.changed_by(process, node.section_id, [node.version_id])
    return outcomes, changed.get(node.version_id, [])


@bp.get("/<slug>/s/<key>/version")
def switch_version(slug: str, key: str):
    """The version switcher's target (a GET form): go to the section in the chosen version."""
    process = queries.get_process_or_404(slug)
    number = request.args.get("version", type=int)
    if number is None:
        return redirect(url_for("plans.section_history", slug=slug, key=key))
    queries.get_version_or_404(process, number)
    return redirect(url_for("plans.show_section", slug=slug, number=number, key=key))


@bp.get("/<slug>/version")
def goto_version(slug: str):
    """The version switcher on a table of contents."""
    process = queries.get_process_or_404(slug)
    number = request.args.get("version", type=int)
    if number is None:
        return redirect(url_for("plans.show_process", slug=slug))
    queries.get_version_or_404(process, number)
    return redirect(url_for("plans.show_version", slug=slug, number=number))


@bp.get("/<slug>/s/<key>/history")
def section_history(slug: str, key: str):
    process = queries.get_process_or_404(slug)
    from consult.extensions import db
    from consult.plans.models import Section

    section = db.session.scalar(
        db.select(Section).where(Section.process_id == process.id, Section.key == key)
    )
    if section is None:
        abort(404)
    placements = queries.placements(section, public_only=not queries.may_preview())
    if not placements:
        abort(404)
    language = _lang()
    changed_by, applied = {}, {}
    public_ids = [p.version_id for p in placements if p.version.is_public]
    if process.is_public:
        from consult.council import public_queries as council_public
        from consult.triage import public_queries

        changed_by = public_queries.changed_by(process, section.id, public_ids)
        applied = council_public.applied_points(process, section.id, public_ids)
    entries = []
    previous = None
    for placement in placements:
        shown = queries.shown_text(placement, language, process.original_language)
        entry = {
            "placement": placement, "shown": shown, "diff": None,
            "changed_by": changed_by.get(placement.version_id, []),
            "points": applied.get(placement.version_id, []),
        }
        if previous is not None:
            entry["diff"] = _diff_nodes(previous, placement, language, process.original_language)
        entry["staff_editing"] = (
            process.is_public and placement.version.is_public
            and _text_changed(entry["diff"], placement)
            and not entry["changed_by"] and not entry["points"]
        )
        entries.append(entry)
        previous = placement
    return render_template(
        "plans/section_history.html",
        process=process,
        section=section,
        entries=entries,
        latest=placements[-1],
    )


def _text_changed(diff, placement) -> bool:
    """The section's title or text changed in this version, or it is new in it (not in the
    first version of the plan)."""
    if diff is None:
        version = placement.version
        return not (version.based_on_id is None and version.number == 1)
    return diff.title_diff.changed or diff.body_diff.changed


class Change:
    """What changed in a section since the previous version that has it."""

    def __init__(self, previous, title_diff, body_diff, moved: bool, new: bool):
        self.previous = previous
        self.title_diff = title_diff
        self.body_diff = body_diff
        self.moved = moved
        self.new = new

    @property
    def unchanged(self) -> bool:
        return (
            not self.new
            and not self.moved
            and not self.title_diff.changed
            and not self.body_diff.changed
        )


def _diff_nodes(old, new, language: str, original: str) -> Change:
    old_text = queries.shown_text(old, language, original)
    new_text = queries.shown_text(new, language, original)
    # Compare in one language: the reader's if both have it, else the original.
    if old_text.fallback != new_text.fallback or old_text.outdated or new_text.outdated:
        old_text = queries.shown_text(old, original, original)
        new_text = queries.shown_text(new, original, original)
    title_diff = word_diff(old_text.title, new_text.title)
    body_diff = word_diff(
        plain_text(old_text.text.body if old_text.text else ""),
        plain_text(new_text.text.body if new_text.text else ""),
    )
    return Change(old, title_diff, body_diff, moved=old.number != new.number, new=False)


def _change_since_previous(node, placements, language: str, original: str) -> Change | None:
    earlier = [p for p in placements if p.version.number < node.version.number]
    if not earlier:
        if node.version.based_on_id is None and node.version.number == 1:
            return None
        return Change(None, word_diff("", ""), word_diff("", ""), moved=False, new=True)
    return _diff_nodes(earlier[-1], node, language, original)


def _today():
    from datetime import datetime

    from flask_babel import get_timezone

    return datetime.now(get_timezone()).date()


__all__ = ["bp", "get_locale"]
