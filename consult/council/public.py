"""Public pages: amendments and votes per version and per section, and where changes came from.

Anyone may read them; only published amendments to public versions of a public process are
shown (see `consult.council.public_queries`). Everything else is a 404, for staff too: their
working view is in the staff area.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from consult.council import public_changes
from consult.council import public_queries as queries
from consult.council.models import PointStatus
from consult.i18n import content_language
from consult.plans import queries as plan_queries
from consult.triage import public_queries as triage_public

bp = Blueprint("amendments", __name__, url_prefix="/p")


def _language_arg() -> dict[str, str]:
    """`lang` when the address chose the language (a shared link): the filter form keeps it."""
    chosen = request.args.get("lang")
    return {"lang": chosen} if chosen and chosen == content_language() else {}


def _choice(name: str, allowed: set[str]) -> str | None:
    """A filter value from the query string, or None when absent or unknown."""
    value = request.args.get(name, "")
    return value if value in allowed else None


@bp.get("/<slug>/v/<int:number>/amendments")
def list_amendments(slug: str, number: int):
    process = triage_public.public_process_or_404(slug)
    version = queries.public_version_or_404(process, number)
    language = content_language()
    status = _choice("status", {s.value for s in PointStatus})
    result = queries.version_amendments(
        process, version, language, status=status, section_key=request.args.get("section")
    )
    return render_template(
        "amendments/amendment_list.html",
        process=process,
        version=version,
        result=result,
        status=status,
        statuses=list(PointStatus),
        language_arg=_language_arg(),
    )


@bp.get("/<slug>/amendments/<int:amendment_id>")
def show_amendment(slug: str, amendment_id: int):
    process = triage_public.public_process_or_404(slug)
    amendment = queries.public_amendment_or_404(process, amendment_id)
    language = content_language()
    return render_template(
        "amendments/amendment_show.html",
        process=process,
        amendment=amendment,
        version=amendment.version,
        points=queries.amendment_points(amendment, language, process.original_language),
        summary=queries.vote_summary(amendment.points),
    )


@bp.get("/<slug>/v/<int:number>/s/<key>/amendments")
def section_amendments(slug: str, number: int, key: str):
    process = triage_public.public_process_or_404(slug)
    version = queries.public_version_or_404(process, number)
    node = plan_queries.get_node_or_404(version, key)
    language = content_language()
    return render_template(
        "amendments/section_amendments.html",
        process=process,
        version=version,
        node=node,
        shown=plan_queries.shown_text(node, language, process.original_language),
        points=queries.section_points(process, node, language),
    )


@bp.get("/<slug>/v/<int:number>/changes")
def version_changes(slug: str, number: int):
    process = triage_public.public_process_or_404(slug)
    version = queries.public_version_or_404(process, number)
    language = content_language()
    return render_template(
        "amendments/version_changes.html",
        process=process,
        version=version,
        result=public_changes.version_changes(process, version, language),
        language=language,
    )

