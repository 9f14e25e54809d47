"""The public statistics page of a process: headline figures and, for each breakdown, a bar
chart rendered on the server with the same numbers as a table beside it. Anyone may read it;
nothing unpublished is counted (see `consult.accountability.statistics`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from consult.accountability import charts, statistics
from consult.i18n import content_language, language_name_in, text_direction
from consult.participation.models import Channel, ContributionKind, SubmitterType
from consult.triage import public_queries
from consult.triage.models import Outcome

bp = Blueprint("statistics", __name__, url_prefix="/p")


@dataclass
class Line:
    """One row of a breakdown's table (and one bar of its chart)."""

    label: str
    count: int
    share: str
    count_text: str = ""
    lang: str | None = None
    href: str | None = None
    # Sections only.
    number: str = ""
    answered: int | None = None
    answered_text: str = ""
    answered_share: str = ""


@dataclass
class Breakdown:
    id: str
    heading: str
    caption: str
    label_heading: str
    count_heading: str
    lines: list[Line]
    chart: Markup | None
    sections: bool = False


def _title(enum_cls, value: str) -> str:
    try:
        return enum_cls(value).title
    except ValueError:
        return value


def _percent(part: int, whole: int) -> str:
    return format_percent(part / whole, "#,##0%") if whole else ""


def _number(value: int) -> str:
    return format_decimal(value)


def _breakdown(
    part_id: str,
    heading: str,
    caption: str,
    label_heading: str,
    count_heading: str,
    counts: Mapping[str, int],
    whole: int,
    label: Callable[[str], str],
    *,
    rtl: bool,
    href: Callable[[str], str | None] = lambda key: None,
) -> Breakdown:
    lines = [
        Line(label(key), n, _percent(n, whole), _number(n), href=href(key))
        for key, n in counts.items()
    ]
    chart = charts.bar_chart(
        [charts.Bar(line.label, line.count, value_text=line.count_text) for line in lines],
        chart_id=f"chart-{part_id}",
        title=caption,
        description=_("Bar chart. The numbers are in the table that follows."),
        rtl=rtl,
    ) if lines else None
    return Breakdown(part_id, heading, caption, label_heading, count_heading, lines, chart)


def _section_breakdown(data: statistics.Overview, process, *, rtl: bool) -> Breakdown:
    lines = [
        Line(
            s.title, s.count, "", _number(s.count), lang=s.title_language or None,
            number=s.number, answered=s.answered, answered_text=_number(s.answered),
            answered_share=_percent(s.answered, s.count),
            href=_disposition_url(process, section=s.key),
        )
        for s in data.by_section
    ]
    caption = _("Suggestions by field of action")
    chart = charts.bar_chart(
        [
            charts.Bar(
                f"{line.number} {line.label}".strip(), line.count, part=line.answered,
                # Translators: after a bar of the chart, e.g. "12 of 30" suggestions answered.
                value_text=_("%(answered)s of %(total)s",
                             answered=line.answered_text, total=line.count_text),
                lang=line.lang,
            )
            for line in lines
        ],
        chart_id="chart-suggestions-section",
        title=caption,
        description=_("Bar chart: the filled part of each bar is answered, the outlined rest "
                      "is not answered yet. The numbers are in the table that follows."),
        rtl=rtl,
        legend=(_("Answered"), _("Not answered yet")),
    ) if any(line.count for line in lines) else None
    return Breakdown(
        "suggestions-section", _("By field of action"), caption, _("Field of action"),
        _("Suggestions"), lines, chart, sections=True,
    )


def _disposition_url(process, **args) -> str:
    """The public disposition table, narrowed by `args` (its filter arguments)."""
    return url_for("disposition.table", slug=process.slug, **args)


def _breakdowns(data: statistics.Overview, process, ui_language: str, rtl: bool) -> dict:
    def language(code: str) -> str:
        return language_name_in(code, ui_language)

    contributions, suggestions = data.contributions, data.suggestions
    c_total, s_total = contributions.total, suggestions.total
    contribution_parts = [
        _breakdown("contributions-kind", _("By kind"), _("Contributions by kind"), _("Kind"),
                   _("Contributions"), contributions.by_kind, c_total,
                   lambda k: _title(ContributionKind, k), rtl=rtl),
        _breakdown("contributions-channel", _("By channel"), _("Contributions by channel"),
                   _("Channel"), _("Contributions"), contributions.by_channel, c_total,
                   lambda k: _title(Channel, k), rtl=rtl),
        _breakdown("contributions-language", _("By language"), _("Contributions by language"),
                   _("Language"), _("Contributions"), contributions.by_language, c_total,
                   language, rtl=rtl),
        _breakdown("contributions-submitter", _("By submitter type"),
                   _("Contributions by submitter type"), _("Submitter type"),
                   _("Contributions"), contributions.by_submitter_type, c_total,
                   lambda k: _title(SubmitterType, k), rtl=rtl),
    ]
    suggestion_parts = [
        _section_breakdown(data, process, rtl=rtl),
        _breakdown("suggestions-outcome", _("By outcome"),
                   _("Answered suggestions by outcome"), _("Outcome"), _("Suggestions"),
                   suggestions.by_outcome, suggestions.answered,
                   lambda k: _title(Outcome, k), rtl=rtl,
                   href=lambda k: _disposition_url(process, outcome=k)),
        _breakdown("suggestions-channel", _("By channel"), _("Suggestions by channel"),
                   _("Channel"), _("Suggestions"), suggestions.by_channel, s_total,
                   lambda k: _title(Channel, k), rtl=rtl),
        _breakdown("suggestions-language", _("By language"), _("Suggestions by language"),
                   _("Language"), _("Suggestions"), suggestions.by_language, s_total,
                   language, rtl=rtl),
        _breakdown("suggestions-submitter", _("By submitter type"),
                   _("Suggestions by submitter type"), _("Submitter type"), _("Suggestions"),
                   suggestions.by_submitter_type, s_total,
                   lambda k: _title(SubmitterType, k), rtl=rtl),
    ]
    return {"contributions": contribution_parts, "suggestions": suggestion_parts}


@bp.get("/<slug>/statistics")
def overview(slug: str):
    process = public_queries.public_process_or_404(slug)
    language = content_language()
    ui_language = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    data = statistics.overview(process, language=language)
    rtl = text_direction(ui_language) == "rtl"
    suggestions = data.suggestions
    return render_template(
        "statistics/overview.html",
        process=process,
        data=data,
        breakdowns=_breakdowns(data, process, ui_language, rtl),
        figures={
            "contributions": _number(data.contributions.total),
            "suggestions": _number(suggestions.total),
            "answered": _number(suggestions.answered),
            "answered_share": _percent(suggestions.answered, suggestions.total),
            "changed_text": _number(suggestions.changed_text),
        },
        disposition_url=_disposition_url(process),
    )
