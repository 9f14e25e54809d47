"""The endpoints of the open-data API: read-only, public data only.

Each view loads what the public may see through the shared query layers (the same functions
the HTML pages use), turns it into JSON with `serializers` and answers through `responses`
(ETag, 304, pages with links). Nothing here writes to the database or reads the session.
"""

from __future__ import annotations

from flask import request, url_for

from consult.accountability import disposition

from . import bp, params, queries, responses, serializers
from .openapi import document
from .params import PAGINATION, SUGGESTION_FILTERS


def _language(process) -> str:
    """The content language: `lang` when given, else the process's original language."""
    return params.LANG.read(request.args) or process.original_language


def _pagination() -> tuple[int, int]:
    values = params.read_all(PAGINATION, request.args)
    return values["page"], values["per_page"]


def _lang_arg() -> dict[str, str]:
    lang = params.LANG.read(request.args)
    return {"lang": lang} if lang else {}


@bp.get("/")
def index():
    params.LANG.read(request.args)
    return responses.ok(
        {
            "api_version": "1",
            "links": {
                "self": url_for("api.index", _external=True),
                "processes": url_for("api.list_processes", _external=True),
                "openapi": url_for("api.openapi_document", _external=True),
            },
        }
    )


@bp.get("/openapi.json")
def openapi_document():
    return responses.ok(document())


@bp.get("/processes")
def list_processes():
    page, per_page = _pagination()
    lang = _lang_arg()
    found, total = queries.processes(page, per_page)
    return responses.page(
        [serializers.process(p) for p in found],
        total=total, page=page, per_page=per_page,
        link=responses.linker("api.list_processes", per_page=per_page, **lang),
    )


@bp.get("/processes/<slug>")
def show_process(slug: str):
    params.LANG.read(request.args)
    return responses.ok(serializers.process(queries.process_or_404(slug)))


@bp.get("/processes/<slug>/versions")
def list_versions(slug: str):
    process = queries.process_or_404(slug)
    page, per_page = _pagination()
    lang = _lang_arg()
    found, total = queries.versions(process, page, per_page)
    return responses.page(
        [serializers.version(process, v) for v in found],
        total=total, page=page, per_page=per_page,
        link=responses.linker("api.list_versions", per_page=per_page, slug=slug, **lang),
    )


@bp.get("/processes/<slug>/versions/<int:number>")
def show_version(slug: str, number: int):
    process = queries.process_or_404(slug)
    version = queries.version_or_404(process, number)
    params.LANG.read(request.args)
    return responses.ok(serializers.version(process, version))


@bp.get("/processes/<slug>/versions/<int:number>/sections")
def list_sections(slug: str, number: int):
    process = queries.process_or_404(slug)
    version = queries.version_or_404(process, number)
    page, per_page = _pagination()
    lang = _lang_arg()
    found, total = queries.sections(version, page, per_page)
    return responses.page(
        [serializers.section(process, version, n) for n in found],
        total=total, page=page, per_page=per_page,
        link=responses.linker(
            "api.list_sections", per_page=per_page, slug=slug, number=number, **lang
        ),
    )


@bp.get("/processes/<slug>/versions/<int:number>/sections/<key>")
def show_section(slug: str, number: int, key: str):
    process = queries.process_or_404(slug)
    version = queries.version_or_404(process, number)
    found = queries.section_or_404(version, key)
    params.LANG.read(request.args)
    return responses.ok(serializers.section(process, version, found))


@bp.get("/processes/<slug>/suggestions")
def list_suggestions(slug: str):
    process = queries.process_or_404(slug)
    page, per_page = _pagination()
    values = params.read_all(SUGGESTION_FILTERS, request.args)
    language = _language(process)
    filters = disposition.Filters.from_args(params.filter_args(values))
    versions = disposition.table_versions(process, disposition.Variant.PUBLIC)
    found = disposition.page(
        process, filters, variant=disposition.Variant.PUBLIC, language=language,
        page=page, per_page=per_page, versions=versions,
    )
    return responses.page(
        [serializers.suggestion(process, row) for row in found.rows],
        total=found.total, page=page, per_page=per_page,
        link=responses.linker(
            "api.list_suggestions", per_page=per_page, slug=slug,
            **params.filter_args(values), **_lang_arg(),
        ),
    )


@bp.get("/processes/<slug>/suggestions/<int:suggestion_number>")
def show_suggestion(slug: str, suggestion_number: int):
    process = queries.process_or_404(slug)
    language = _language(process)
    row = queries.suggestion_or_404(process, suggestion_number, language)
    return responses.ok(serializers.suggestion(process, row))


@bp.get("/processes/<slug>/statistics")
def show_statistics(slug: str):
    from consult.accountability.statistics import overview

    process = queries.process_or_404(slug)
    language = _language(process)
    return responses.ok(overview(process, language=language).as_dict())
