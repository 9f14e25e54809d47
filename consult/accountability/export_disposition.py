"""The disposition table as a file, in the public or the internal variant.

Rows come from `export_rows.iter_rows` (a chunk at a time). CSV and XLSX get one column per
field; PDF and DOCX get the synopsis layout "section | suggestion | answer", built here as
three lists of paragraphs per row and drawn by `export_pdf` and `export_docx`.

The public variant holds only what the public table shows (see `disposition`): the passage
only with consent (else why it is withheld, and the summary), the submitter as the public
sees them, never an e-mail or postal address, an internal note or who worked on it.
"""

from __future__ import annotations

from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.accountability import disposition, export_rows, exports
from consult.accountability.disposition import Filters, Row, Variant
from consult.extensions import db
from consult.participation.models import Channel, ContributionKind, SubmitterType
from consult.plans import queries as plan_queries
from consult.plans.models import Process, Section, SectionVersion, Version

VARIANT_TITLES = {
    Variant.PUBLIC: _l("Public variant"),
    Variant.INTERNAL: _l("Internal variant: contains personal data, not for publication"),
}


# --------------------------------------------------------------------- texts of a row


def withheld_text(reason: str | None, lookups: exports.Lookups | None = None) -> str:
    def text() -> str:
        if reason == "consent":
            return _("The text of this statement is not published at the sender's request.")
        return _("The text of this contribution is not shown.")

    return lookups.once(("withheld", reason), text) if lookups else text()


def sections_text(row: Row) -> str:
    return "; ".join(f"{ref.number} {ref.title}".strip() for ref in row.sections)


def version_text(number: int, lookups: exports.Lookups | None = None) -> str:
    def text() -> str:
        return _("Version %(number)s", number=number)

    return lookups.once(("version", number), text) if lookups else text()


def changes_text(row: Row, lookups: exports.Lookups | None = None) -> str:
    return "; ".join(
        f"{version_text(change.version_number, lookups)}: {change.section_number}"
        for change in row.changes
    )


# --------------------------------------------------------------------- table formats


def table_columns(variant: Variant, lookups: exports.Lookups) -> list[exports.Column]:
    """The columns of the CSV and XLSX files, in the reader's language."""
    C = exports.Column  # noqa: N806
    title, language = lookups.title, lookups.language
    internal = variant is Variant.INTERNAL
    columns = [C(_("Number"), lambda r: r.label, 9)]
    if internal:
        columns.append(C(_("Status"), lambda r: title(r.status), 16))
    columns += [
        C(_("Version"), lambda r: r.version_number, 8),
        C(_("Sections"), sections_text, 30),
        C(_("Passage"), lambda r: r.passage if r.passage is not None
          else withheld_text(r.withheld, lookups), 60),
        C(_("Summary"), lambda r: r.summary, 40),
        C(_("Language"), lambda r: language(r.passage_language), 12),
    ]
    if internal:
        columns.append(C(_("Contribution"), lambda r: r.contribution_id, 12))
    columns.append(C(_("Submitter"), lambda r: r.submitter, 24))
    if internal:
        columns += [
            C(_("E-mail"), lambda r: r.submitter_email, 24),
            C(_("Postal address"), lambda r: r.submitter_address, 30),
        ]
    columns += [
        C(_("Submitter type"), lambda r: title(SubmitterType(r.submitter_type)), 16),
        C(_("Kind"), lambda r: title(ContributionKind(r.kind)), 16),
        C(_("Channel"), lambda r: title(Channel(r.channel)), 16),
    ]
    if internal:
        columns.append(C(_("Received"), lambda r: r.received_at, 16))
    columns += [
        C(_("Outcome"), lambda r: title(r.outcome), 18),
        C(_("Reason"), lambda r: r.reason.text if r.reason else "", 60),
        C(_("Language of the reason"),
          lambda r: language(r.reason.language) if r.reason else "", 12),
        C(_("Answered together with"), lambda r: r.grouped_under, 12),
        C(_("Resulting changes to the text"), lambda r: changes_text(r, lookups), 24),
    ]
    if internal:
        columns += [
            C(_("Recommendation"), lambda r: title(r.recommendation), 18),
            C(_("Internal note"), lambda r: r.internal_note, 40),
            C(_("Decided by"), lambda r: r.decided_by, 20),
        ]
    columns += [
        C(_("Decided on"), lambda r: r.decided_at, 16),
        C(_("Published on"), lambda r: r.published_at, 16),
    ]
    return columns


# --------------------------------------------------------------------- synopsis layout


class Para(NamedTuple):
    """A paragraph of a synopsis cell: an optional label ("Submitter"), the text, its style
    ("strong", "text" or "muted") and, for text a person wrote, its language."""

    text: str
    style: str = "text"
    language: str | None = None
    label: str | None = None


def synopsis_titles() -> list[str]:
    return [_("Section"), _("Suggestion"), _("Answer")]


class Synopsis:
    """Makes the three cells of a row: section (number and title), the suggestion, the
    answer. Labels and titles are translated once per export, not once per row."""

    def __init__(self, lookups: exports.Lookups, original: str) -> None:
        self.lookups = lookups
        self.original = original
        self.labels = {
            "summary": _("Summary"),
            "submitter": _("Submitter"),
            "email": _("E-mail"),
            "address": _("Postal address"),
            "channel": _("Channel"),
            "undecided": _("Not decided yet"),
            "machine": _("Machine translation"),
            "grouped": _("Answered together with"),
            "changes": _("Resulting changes to the text"),
            "status": _("Status"),
            "recommendation": _("Recommendation"),
            "note": _("Internal note"),
            "decided_by": _("Decided by"),
            "decided_on": _("Decided on"),
            "published_on": _("Published on"),
        }

    def __call__(self, row: Row) -> tuple[list[Para], list[Para], list[Para]]:
        lookups, labels, original = self.lookups, self.labels, self.original
        title = lookups.title
        internal = row.variant is Variant.INTERNAL
        section = [Para(f"{r.number} {r.title}".strip(), "text", r.title_language or None)
                   for r in row.sections] or [Para("–", "muted")]
        if row.version_number is not None:
            section.append(Para(version_text(row.version_number, lookups), "muted"))

        suggestion = [Para(row.label, "strong")]
        if row.passage is not None:
            suggestion.append(Para(row.passage, "text", row.passage_language))
        else:
            suggestion.append(Para(withheld_text(row.withheld, lookups), "muted"))
        if row.summary:
            suggestion.append(Para(row.summary, "text", original, label=labels["summary"]))
        suggestion.append(Para(row.submitter, "text", None, label=labels["submitter"]))
        if internal:
            if row.submitter_email:
                suggestion.append(Para(row.submitter_email, "text", None, label=labels["email"]))
            if row.submitter_address:
                suggestion.append(
                    Para(row.submitter_address, "text", None, label=labels["address"]))
        channel = f"{title(Channel(row.channel))} · {title(ContributionKind(row.kind))}"
        suggestion.append(Para(channel, "muted", None, label=labels["channel"]))

        answer = [Para(title(row.outcome) or labels["undecided"], "strong")]
        if row.reason:
            answer.append(Para(row.reason.text, "text", row.reason.language))
            if row.reason.machine:
                answer.append(Para(labels["machine"], "muted"))
        if row.grouped_under:
            answer.append(Para(row.grouped_under, "muted", None, label=labels["grouped"]))
        if row.changes:
            answer.append(Para(changes_text(row, lookups), "text", None, label=labels["changes"]))
        if internal:
            if row.status:
                answer.append(Para(title(row.status), "muted", None, label=labels["status"]))
            if row.recommendation:
                answer.append(Para(title(row.recommendation), "text", None,
                                   label=labels["recommendation"]))
            if row.internal_note:
                answer.append(Para(row.internal_note, "text", original, label=labels["note"]))
            if row.decided_by:
                answer.append(Para(row.decided_by, "muted", None, label=labels["decided_by"]))
        if row.decided_at:
            answer.append(Para(lookups.date(row.decided_at), "muted", None,
                               label=labels["decided_on"]))
        if row.published_at:
            answer.append(Para(lookups.date(row.published_at), "muted", None,
                               label=labels["published_on"]))
        return section, suggestion, answer


# --------------------------------------------------------------------- a whole export


def section_titles(process: Process, reference: Version | None, key: str | None,
                   language: str) -> dict[str, str]:
    """The title of the section a filter names, for the filter line."""
    if not key or reference is None:
        return {}
    node = db.session.scalar(
        select(SectionVersion)
        .join(Section, Section.id == SectionVersion.section_id)
        .where(SectionVersion.version_id == reference.id, Section.key == key)
        .options(selectinload(SectionVersion.texts))
    )
    if node is None:
        return {}
    title = plan_queries.shown_text(node, language, process.original_language).title
    return {key: f"{node.number} {title}" if node.number else title}


def heading(process: Process, filters: Filters, variant: Variant, versions: list[Version],
            language: str) -> exports.Heading:
    reference = disposition.reference_version(versions, filters)
    return exports.Heading(
        process_title=process.title(language),
        title=_("Disposition table"),
        variant=str(VARIANT_TITLES[variant]),
        date=exports.today(),
        filters=filters.describe(section_titles(process, reference, filters.section, language)),
        count=disposition.count(process, filters, variant=variant, versions=versions),
        language=exports.ui_language(),
    )


def prepare(process: Process, filters: Filters, variant: Variant, fmt: str,
            versions: list[Version], language: str) -> exports.Prepared:
    """Build the file (XLSX, PDF, DOCX) or get the CSV generator ready."""
    about = heading(process, filters, variant, versions, language)
    name = exports.file_name(process.slug, "disposition", variant.value, about.date, fmt)
    lookups = exports.Lookups(about.language)
    if fmt == "csv":
        process_id = process.id

        def streamed_rows():
            again = db.session.get(Process, process_id)
            return export_rows.iter_rows(again, filters, variant=variant, language=language)

        columns = table_columns(variant, lookups)
        lines = exports.csv_lines(columns, streamed_rows, lookups=lookups)
        return exports.Prepared(fmt, name, lines=lines, about=about)
    rows = export_rows.iter_rows(process, filters, variant=variant, language=language)
    handle = exports.spooled()
    try:
        if fmt == "xlsx":
            exports.write_xlsx(handle, about.title, table_columns(variant, lookups), rows,
                               about, lookups=lookups)
        else:
            cells = map(Synopsis(lookups, process.original_language), rows)
            if fmt == "pdf":
                from consult.accountability.export_pdf import write_pdf

                write_pdf(handle, about, synopsis_titles(), cells)
            else:
                from consult.accountability.export_docx import write_docx

                write_docx(handle, about, synopsis_titles(), cells)
    except BaseException:
        handle.close()
        raise
    return exports.Prepared(fmt, name, handle=handle, about=about)
