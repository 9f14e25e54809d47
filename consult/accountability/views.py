"""The public disposition table (Abwägungstabelle): every published answer of a process with
where it came from, what was decided, why, and what it changed in the text.

Narrowed by version, section, outcome, channel, language, submitter type and words; sorted by
clicking a column heading; paged. Everything is a plain GET form and plain links, so it works
without JavaScript. The rows come from `consult.accountability.disposition` (public variant:
consent respected, nothing unpublished).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.accountability import disposition
from consult.accountability.disposition import Filters, Variant
from consult.council import public_queries as council_public
from consult.i18n import content_language, language_name_in
from consult.participation.models import Channel, SubmitterType
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Version
from consult.triage import public_queries
from consult.triage.models import Outcome

bp = Blueprint("disposition", __name__, url_prefix="/p")

EXPORT_FORMATS = (
    ("csv", _l("CSV")),
    ("xlsx", _l("Excel (XLSX)")),
    ("pdf", _l("PDF")),
    ("docx", _l("Word (DOCX)")),
)


@dataclass
class Column:
    """A column of the table; `sort` is the key of `disposition.SORTS` it sorts by, if any."""

    name: str
    title: object
    sort: str | None = None


COLUMNS = (
    Column("number", _l("No."), "number"),
    Column("sections", _l("Section"), "section"),
    Column("suggestion", _l("Suggestion")),
    Column("submitter", _l("Submitter"), "submitter"),
    Column("channel", _l("Channel"), "channel"),
    Column("outcome", _l("Outcome"), "outcome"),
    Column("reason", _l("Reason")),
    Column("change", _l("Resulting change")),
)


@dataclass
class SectionOption:
    key: str
    number: str
    title: str
    language: str
    depth: int


@dataclass
class Applied:
    """A filter in force, as the summary above the table names it, with a link without it."""

    label: str
    value: str
    remove_url: str
    language: str | None = None


@bp.get("/<slug>/disposition")
def table(slug: str):
    process = public_queries.public_process_or_404(slug)
    # The public versions (as disposition.table_versions) with their published amendments.
    counted = council_public.public_versions_with_counts(process)
    versions = [v for v, _count in counted]
    filters = Filters.from_args(request.args)
    version = disposition.chosen_version(versions, filters)
    if request.args.get("version", "") != "" and version is None:
        abort(404)
    language = content_language()
    reference = disposition.reference_version(versions, filters)
    sections = _section_options(process, reference, language)
    if filters.section and filters.section not in {s.key for s in sections}:
        filters = replace(filters, section=None)
    languages = public_queries.answered_languages(process)
    if filters.language and filters.language not in languages:
        filters = replace(filters, language=None)
    per_page = disposition.per_page_arg(request.args)
    result = disposition.page(
        process, filters, variant=Variant.PUBLIC, language=language,
        page=disposition.page_arg(request.args), per_page=per_page, versions=versions,
    )
    link_args = {**filters.args(), **_kept_args(per_page)}
    return render_template(
        "disposition/table.html",
        process=process,
        versions=versions,
        version=version,
        filters=filters,
        result=result,
        amendment_count=next((n for v, n in counted if v is version), 0),
        per_page=per_page,
        page_sizes=disposition.PAGE_SIZES,
        choices=_choices(versions, sections, languages, language),
        sorts=disposition.SORTS,
        columns=[_column_view(column, filters, process, per_page) for column in COLUMNS],
        applied=_applied(process, filters, version, sections, per_page),
        link_args=link_args,
        language_arg=_language_arg(),
        exports=[
            (title, url_for("exports.disposition", slug=process.slug, fmt=fmt,
                            **filters.args(), **_language_arg()))
            for fmt, title in EXPORT_FORMATS
        ],
    )


def _choices(
    versions: list[Version], sections: list[SectionOption], languages: list[str], language: str
) -> dict[str, list[tuple[str, str, str | None]]]:
    """The options of each filter select: (value, title, language of the title or None)."""
    locale = str(get_locale())
    return {
        "version": [(str(v.number), v.title(language), None) for v in versions],
        "section": [
            (s.key, "\u2003" * s.depth + f"{s.number} {s.title}", s.language or None)
            for s in sections
        ],
        "outcome": [(o.value, o.title, None) for o in Outcome],
        "channel": [(c.value, c.title, None) for c in Channel],
        "language": [(code, language_name_in(code, locale), None) for code in languages],
        "submitter_type": [(t.value, t.title, None) for t in SubmitterType],
    }


def _language_arg() -> dict[str, str]:
    """`lang` when the address chose the language (a shared link): links keep it."""
    chosen = request.args.get("lang")
    return {"lang": chosen} if chosen and chosen == content_language() else {}


def _kept_args(per_page: int) -> dict[str, str | int]:
    """What links to other pages, orders and filters of the table keep besides the filters."""
    kept: dict[str, str | int] = {} if per_page == disposition.PAGE_SIZE else {"per_page": per_page}
    return {**kept, **_language_arg()}


def _section_options(process: Process, reference: Version | None, language: str) -> list[SectionOption]:
    """The sections of the reference version in document order, numbered and titled."""
    if reference is None:
        return []
    options = []
    for node in plan_queries.version_nodes(reference):
        shown = plan_queries.shown_text(node, language, process.original_language)
        options.append(
            SectionOption(
                key=node.section.key,
                number=node.number or node.section.key,
                title=shown.title,
                language=shown.language,
                depth=node.order_key.count("."),
            )
        )
    return options


def _column_view(column: Column, filters: Filters, process: Process, per_page: int) -> dict:
    """A column heading: its sort link (the other direction when it is the sorted column) and
    its `aria-sort`."""
    view = {"name": column.name, "title": column.title, "url": None, "aria_sort": None}
    if column.sort is None:
        return view
    sorted_here = filters.sort == column.sort
    if sorted_here:
        view["aria_sort"] = "descending" if filters.descending else "ascending"
    descending = sorted_here and not filters.descending
    view["url"] = url_for(
        "disposition.table", slug=process.slug,
        **filters.args(sort=column.sort, descending=descending), **_kept_args(per_page),
    )
    view["next_direction"] = "descending" if descending else "ascending"
    return view


def _applied(
    process: Process,
    filters: Filters,
    version: Version | None,
    sections: list[SectionOption],
    per_page: int,
) -> list[Applied]:
    """The filters in force, in the reader's language, each with a link that drops it."""
    language = content_language()

    def without(**dropped) -> str:
        return url_for(
            "disposition.table", slug=process.slug,
            **filters.args(**dropped), **_kept_args(per_page),
        )

    applied = []
    if version is not None:
        applied.append(Applied(_("Version"), version.title(language), without(version=None)))
    if filters.section:
        section = next(s for s in sections if s.key == filters.section)
        applied.append(
            Applied(_("Section"), f"{section.number} {section.title}",
                    without(section=None), section.language or None)
        )
    if filters.outcome:
        applied.append(
            Applied(_("Outcome"), Outcome(filters.outcome).title, without(outcome=None))
        )
    if filters.channel:
        applied.append(
            Applied(_("Channel"), Channel(filters.channel).title, without(channel=None))
        )
    if filters.language:
        applied.append(
            Applied(_("Language"), language_name_in(filters.language, str(get_locale())),
                    without(language=None))
        )
    if filters.submitter_type:
        applied.append(
            Applied(_("Submitter type"), SubmitterType(filters.submitter_type).title,
                    without(submitter_type=None))
        )
    if filters.q:
        applied.append(Applied(_("Search"), filters.q, without(q="")))
    return applied
