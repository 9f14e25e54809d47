"""Public pages for published decisions: what became of a suggestion, and "what we heard and
what we did" on one section of a version. Anyone may read them; nothing unpublished is shown."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from consult.i18n import content_language
from consult.plans import queries as plan_queries
from consult.triage import public_queries as queries
from consult.triage import services
from consult.triage.models import Outcome

bp = Blueprint("outcomes", __name__, url_prefix="/p")


@bp.get("/<slug>/suggestions/A-<int:suggestion_number>")
def show_suggestion(slug: str, suggestion_number: int):
    process = queries.public_process_or_404(slug)
    found = queries.public_suggestion_or_404(process, suggestion_number)
    suggestion = found.suggestion
    answer = services.answered_by(suggestion)
    language = content_language()
    original = process.original_language
    reason = queries.shown_reason(
        answer, queries.reason_translation(answer, language), original
    )
    # Changes linked to the suggestion itself and, for a grouped one, to its group's answer.
    changes = queries.public_changes([suggestion], language, original).get(suggestion.id, [])
    return render_template(
        "outcomes/suggestion_show.html",
        process=process,
        suggestion=suggestion,
        answer=answer,
        outcome=Outcome(answer.outcome),
        version=found.version,
        representative_public=found.representative_public,
        members=queries.public_members(suggestion) if answer is suggestion else [],
        sections=queries.section_links(process, suggestion, language),
        contribution=suggestion.contribution,
        passage_public=queries.passage_is_public(suggestion.contribution),
        withheld=queries.withheld_reason(suggestion.contribution),
        submitter=queries.submitter_name(suggestion.contribution),
        reason=reason,
        changes=changes,
        label=services.label,
    )


@bp.get("/<slug>/v/<int:number>/s/<key>/suggestions")
def section_suggestions(slug: str, number: int, key: str):
    """What we heard and what we did: every published answer on suggestions about this section
    in this version, by page, with the changes to the text they caused."""
    process = queries.public_process_or_404(slug)
    version = plan_queries.get_version_or_404(process, number)
    if not version.is_public:
        abort(404)
    node = plan_queries.get_node_or_404(version, key)
    language = content_language()
    page = queries.page_arg(request.args)
    outcomes = queries.section_outcomes(
        process, node, language, limit=queries.PAGE_SIZE, page=page
    )
    if page > 1 and not outcomes.items:
        abort(404)
    changes = queries.public_changes(
        [item.suggestion for item in outcomes.items], language, process.original_language
    )
    return render_template(
        "outcomes/section_suggestions.html",
        process=process,
        version=version,
        node=node,
        shown=plan_queries.shown_text(node, language, process.original_language),
        outcomes=outcomes,
        changes=changes,
    )
