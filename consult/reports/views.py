"""Public pages: reports, their Atom feed and the process timeline."""

from __future__ import annotations

from datetime import datetime, time
from xml.etree import ElementTree as ET  # noqa: S405 - builds the feed, parses nothing

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _

from consult.i18n import content_language, html_lang
from consult.markup import render_markdown
from consult.plans.queries import get_process_or_404
from consult.reports import queries
from consult.reports.models import Report

bp = Blueprint("reports", __name__, url_prefix="/p")

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _language_arg() -> dict[str, str]:
    """`lang` when the address chose the language (a shared link): links keep it."""
    chosen = request.args.get("lang")
    return {"lang": chosen} if chosen and chosen == content_language() else {}


def _page_arg() -> int:
    return queries.clamp_page(request.args.get("page", 1, type=int))


def _body_arg() -> int | None:
    value = request.args.get("body", type=int)
    return value if value is not None and 0 < value < 2**31 else None


@bp.get("/<slug>/reports")
def list_reports(slug: str):
    process = get_process_or_404(slug)
    language = content_language()
    body = queries.body_or_404(process, _body_arg())
    page = queries.report_page(process, language=language, page=_page_arg(), group=body)
    return render_template(
        "reports/report_list.html",
        process=process,
        page=page,
        body=body,
        bodies=queries.public_bodies(process),
        feed_url=url_for(".feed", slug=slug, body=body.id if body else None, lang=language),
        lang_arg=_language_arg(),
    )


@bp.get("/<slug>/reports/<int:report_id>")
def show_report(slug: str, report_id: int):
    process = get_process_or_404(slug)
    report = queries.public_report_or_404(process, report_id)
    language = content_language()
    milestone_name = milestone_lang = ""
    if report.milestone is not None:
        milestone_name, milestone_lang = queries.pick(
            report.milestone.name, language, process.original_language
        )
        milestone_name = milestone_name or report.milestone.kind_title
    return render_template(
        "reports/report_show.html",
        process=process,
        report=report,
        shown=queries.shown(report, language),
        milestone_name=milestone_name,
        milestone_lang=milestone_lang,
        available_languages=[t.language for t in report.texts],
        lang_arg=_language_arg(),
    )


@bp.get("/<slug>/timeline")
def timeline(slug: str):
    process = get_process_or_404(slug)
    return render_template(
        "reports/timeline.html", process=process, timeline=queries.timeline(process),
        lang_arg=_language_arg(),
    )


# --- the Atom feed (RFC 4287) ----------------------------------------------------------


def _rfc3339(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _published(report: Report) -> datetime:
    """The start of the report's date in the city's time zone."""
    zone = get_timezone()
    start = datetime.combine(report.published_on, time.min)
    if hasattr(zone, "localize"):  # pytz
        return zone.localize(start)
    return start.replace(tzinfo=zone)


def _updated(report: Report, published: datetime) -> datetime:
    stamps = [published, report.updated_at, *(t.updated_at for t in report.texts)]
    return max(s for s in stamps if s is not None)


def _tag(process, specific: str) -> str:
    """A tag: URI (RFC 4151) that stays the same while the site keeps its host name."""
    host = (request.host or "localhost").split(":")[0].lower() or "localhost"
    return f"tag:{host},{process.created_at.date().isoformat()}:consult/{process.slug}/{specific}"


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: queries.xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = queries.xml_text(text)
    return element


@bp.get("/<slug>/reports.atom")
def feed(slug: str):
    process = get_process_or_404(slug)
    language = content_language()
    body = queries.body_or_404(process, _body_arg())
    reports = queries.feed_reports(process, group=body)
    process_text = process.text(language)
    process_title = process_text.title if process_text else process.slug
    scope = f"reports/{language}" + (f"/body/{body.id}" if body else "")
    body_id = body.id if body else None

    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: html_lang(language)})
    _sub(root, "id", _tag(process, scope))
    if body is not None:
        title = _("Reports of %(body)s: %(process)s", body=body.name, process=process_title)
    else:
        title = _("Reports: %(process)s", process=process_title)
    _sub(root, "title", title)
    entries = []
    for report in reports:
        published = _published(report)
        entries.append((report, published, _updated(report, published)))
    updated = max((u for *_rest, u in entries), default=process.updated_at)
    _sub(root, "updated", _rfc3339(updated))
    _sub(root, "link", rel="self", type="application/atom+xml",
         href=url_for(".feed", slug=slug, body=body_id, lang=language, _external=True))
    _sub(root, "link", rel="alternate", type="text/html",
         href=url_for(".list_reports", slug=slug, body=body_id, lang=language, _external=True))
    author = _sub(root, "author")
    _sub(author, "name", process_title)
    _sub(author, "uri", url_for("plans.show_process", slug=slug, _external=True))
    _sub(root, "generator", "consult")

    for report, published, entry_updated in entries:
        shown = queries.shown(report, language)
        entry = _sub(root, "entry")
        if shown.fallback:
            entry.set(XML_LANG, html_lang(shown.language))
        _sub(entry, "id", _tag(process, f"reports/{report.id}/{language}"))
        _sub(entry, "title", shown.title)
        _sub(entry, "published", _rfc3339(published))
        _sub(entry, "updated", _rfc3339(entry_updated))
        _sub(entry, "link", rel="alternate", type="text/html",
             href=url_for(".show_report", slug=slug, report_id=report.id, lang=language,
                          _external=True))
        if report.group is not None:
            _sub(entry, "category", term=f"body-{report.group_id}", label=report.group.name)
        body_html = str(render_markdown(shown.text.body if shown.text else ""))
        _sub(entry, "content", body_html, type="html")

    xml = ET.tostring(root, encoding="unicode", xml_declaration=False)
    document = '<?xml version="1.0" encoding="utf-8"?>\n' + xml
    return Response(document.encode("utf-8"), content_type=ATOM_TYPE)
