"""Downloads: the disposition table for everyone (public variant) and for staff (internal
variant with names and notes), the staff analysis exports, and the staff page listing them.

Views stay thin: load (404) → authorise (403) → read the filter → build the file → for
personal data write the audit record and commit → stream. Unknown formats, processes and
versions are 404; unknown filter values are dropped (see `disposition.Filters`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from consult.accountability import disposition, export_disposition, export_staff, exports
from consult.accountability.disposition import Filters, Variant
from consult.extensions import db, limiter
from consult.i18n import content_language
from consult.participation.models import Channel, SubmitterType
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Version
from consult.security import require
from consult.triage import public_queries
from consult.triage.models import Outcome, Suggestion

bp = Blueprint("exports", __name__, url_prefix="/p")
manage_bp = Blueprint("manage_exports", __name__, url_prefix="/manage")

STAFF_EXPORTS = ("contributions", "suggestions")


def _export_limit() -> str:
    return current_app.config.get("EXPORT_RATE_LIMIT", "30 per minute")


def _version_or_404(versions: list[Version], filters: Filters) -> None:
    """A version named in the filter must exist and be one the reader may see."""
    if filters.version is not None and disposition.chosen_version(versions, filters) is None:
        abort(404)


@bp.get("/<slug>/disposition/export.<fmt>", endpoint="disposition")
@limiter.limit(_export_limit)
def public_disposition(slug: str, fmt: str):
    if fmt not in exports.FORMATS or not re.match(plan_queries.SLUG_PATTERN, slug):
        abort(404)
    process = public_queries.public_process_or_404(slug)
    filters = Filters.from_args(request.args)
    versions = disposition.table_versions(process, Variant.PUBLIC)
    _version_or_404(versions, filters)
    prepared = export_disposition.prepare(
        process, filters, Variant.PUBLIC, fmt, versions, content_language()
    )
    return prepared.response(private=False)


@manage_bp.get("/processes/<slug>/disposition/export.<fmt>", endpoint="disposition")
@require("exports.internal")
def internal_disposition(slug: str, fmt: str):
    if fmt not in exports.FORMATS:
        abort(404)
    process = plan_queries.manage_process_or_404(slug)
    filters = Filters.from_args(request.args)
    versions = disposition.table_versions(process, Variant.INTERNAL)
    _version_or_404(versions, filters)
    prepared = export_disposition.prepare(
        process, filters, Variant.INTERNAL, fmt, versions, content_language()
    )
    try:
        exports.record_download(
            current_user, process, export="disposition", fmt=fmt,
            filters=filters.args(), filter_text=prepared.about.filter_text,
        )
        db.session.commit()
    except BaseException:
        prepared.discard()
        raise
    return prepared.response(private=True)


def _staff_export(slug: str, fmt: str, what: str):
    if fmt not in exports.TABLE_FORMATS:
        abort(404)
    process = plan_queries.manage_process_or_404(slug)
    prepared = export_staff.prepare(process, what, fmt)
    try:
        exports.record_download(current_user, process, export=what, fmt=fmt)
        db.session.commit()
    except BaseException:
        prepared.discard()
        raise
    return prepared.response(private=True)


@manage_bp.get("/processes/<slug>/exports/contributions.<fmt>", endpoint="contributions")
@require("exports.internal")
def contributions(slug: str, fmt: str):
    return _staff_export(slug, fmt, "contributions")


@manage_bp.get("/processes/<slug>/exports/suggestions.<fmt>", endpoint="suggestions")
@require("exports.internal")
def suggestions(slug: str, fmt: str):
    return _staff_export(slug, fmt, "suggestions")


# --------------------------------------------------------------------- the overview page


def _languages(process: Process) -> list[str]:
    return list(db.session.scalars(
        select(Suggestion.language).where(Suggestion.process_id == process.id)
        .distinct().order_by(Suggestion.language)
    ))


@manage_bp.get("/processes/<slug>/exports", endpoint="overview")
@require("exports.internal")
def overview(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    filters = Filters.from_args(request.args)
    versions = disposition.table_versions(process, Variant.INTERNAL)
    chosen = disposition.chosen_version(versions, filters)
    if filters.version is not None and chosen is None:
        filters = replace(filters, version=None)
    reference = disposition.reference_version(versions, filters)
    language = content_language()
    nodes = plan_queries.version_nodes(reference) if reference is not None else []
    sections = [
        (node.section.key, node.number,
         plan_queries.shown_text(node, language, process.original_language))
        for node in nodes
    ]
    args = filters.args()
    if request.args.get("lang"):  # a language chosen by link holds for the downloads too
        args["lang"] = language
    public_ok = process.is_public and (chosen is None or chosen.is_public)
    links = {
        "internal": {fmt: url_for("manage_exports.disposition", slug=slug, fmt=fmt, **args)
                     for fmt in exports.FORMATS},
        "public": {fmt: url_for("exports.disposition", slug=slug, fmt=fmt, **args)
                   for fmt in exports.FORMATS} if public_ok else None,
        "staff": {what: {fmt: url_for(f"manage_exports.{what}", slug=slug, fmt=fmt,
                                      **({"lang": args["lang"]} if "lang" in args else {}))
                         for fmt in exports.TABLE_FORMATS} for what in STAFF_EXPORTS},
    }
    counts = {
        "internal": disposition.count(process, filters, variant=Variant.INTERNAL,
                                      versions=versions),
        "public": disposition.count(process, filters, variant=Variant.PUBLIC)
        if public_ok else None,
    }
    return render_template(
        "manage/exports_overview.html",
        process=process,
        filters=filters,
        versions=versions,
        sections=sections,
        languages=_languages(process),
        outcomes=list(Outcome),
        channels=list(Channel),
        submitter_types=list(SubmitterType),
        described=filters.describe(export_disposition.section_titles(
            process, reference, filters.section, language)),
        links=links,
        counts=counts,
        max_query=disposition.MAX_QUERY,
    )
