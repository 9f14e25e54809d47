"""Reports and timeline milestones: every change goes through here. Services flush and write
the audit record; the caller commits."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from consult.audit.models import register_messages
from consult.audit.services import record
from consult.errors import InvalidTransition, ValidationFailed
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Event
from consult.plans.models import Process, Version
from consult.reports.models import Milestone, MilestoneKind, Report, ReportText
from consult.triage.models import Group

MAX_TITLE = 300
MAX_BODY = 100_000
MAX_NAME = 200
MAX_DESCRIPTION = 5_000
MAX_REFERENCE = 100

register_messages(
    {
        "report.create": _l("Created the report “%(title)s” in %(slug)s."),
        "report.update": _l("Changed the report “%(title)s” in %(slug)s."),
        "report.publish": _l("Published the report “%(title)s” (dated %(date)s) in %(slug)s."),
        "report.unpublish": _l("Withdrew the report “%(title)s” from publication in %(slug)s."),
        "report.delete": _l("Deleted the report “%(title)s” from %(slug)s."),
        "milestone.create": _l("Added the milestone “%(name)s” (%(start)s) to %(slug)s."),
        "milestone.update": _l("Changed the milestone “%(name)s” (%(start)s) in %(slug)s."),
        "milestone.delete": _l("Removed the milestone “%(name)s” (%(start)s) from %(slug)s."),
    }
)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _clean(value: str | None) -> str:
    """Text without control characters (line breaks kept, normalised)."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def _clean_line(value: str | None) -> str:
    """A one-line text (title, name, reference) without control characters."""
    return " ".join(_LINE_CONTROL.sub(" ", value or "").split())


def _languages(process: Process) -> set[str]:
    return {*process.languages, process.original_language}


def _check_languages(process: Process, codes) -> None:
    unknown = sorted(set(codes) - _languages(process))
    if unknown:
        raise ValidationFailed(
            _("This process does not offer the language %(language)s.", language=unknown[0])
        )


def _check_same_process(process: Process, group, milestone=None, version=None, event=None):
    for thing in (group, milestone, version, event):
        if thing is not None and thing.process_id != process.id:
            raise ValidationFailed(_("This belongs to another process."))


def _report_title(report: Report) -> str:
    text = report.text(report.original_language)
    return text.title if text else str(report.id)


def _report_state(report: Report) -> dict:
    return {
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "published": report.published_at is not None,
        "group_id": report.group_id,
        "milestone_id": report.milestone_id,
        "languages": sorted(t.language for t in report.texts),
    }


# --- reports -------------------------------------------------------------------------


def _clean_texts(process: Process, texts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Drop empty languages; a language with a body needs a title; the original needs one."""
    cleaned: dict[str, tuple[str, str]] = {}
    for code, (title, body) in texts.items():
        title, body = _clean_line(title), _clean(body)
        if not title and not body:
            continue
        if not title:
            raise ValidationFailed(_("A text needs a title in each language it is written in."))
        if len(title) > MAX_TITLE:
            raise ValidationFailed(
                _("A title may have at most %(max)s characters.", max=MAX_TITLE)
            )
        if len(body) > MAX_BODY:
            raise ValidationFailed(_("A text may have at most %(max)s characters.", max=MAX_BODY))
        cleaned[code] = (title, body)
    _check_languages(process, cleaned)
    if process.original_language not in cleaned:
        raise ValidationFailed(_("The title in the original language is required."))
    return cleaned


def save_report(
    process: Process,
    *,
    actor,
    texts: dict[str, tuple[str, str]],
    published_on: date | None,
    group: Group | None = None,
    milestone: Milestone | None = None,
    publish: bool = False,
    report: Report | None = None,
) -> Report:
    """Create or change a report. `texts` maps each language to (title, Markdown body) and is
    the whole set: languages left out are removed. `publish` publishes a draft as well (it
    needs a date); a published report stays published and keeps a date."""
    cleaned = _clean_texts(process, texts)
    _check_same_process(process, group, milestone)
    if report is not None and report.process_id != process.id:
        raise ValidationFailed(_("This belongs to another process."))
    will_be_published = publish or (report is not None and report.published_at is not None)
    if will_be_published and published_on is None:
        raise ValidationFailed(_("A published report needs a publication date."))
    created = report is None
    before = None
    if report is None:
        report = Report(
            process_id=process.id, original_language=process.original_language,
            created_by_id=getattr(actor, "id", None),
        )
        db.session.add(report)
    else:
        before = _report_state(report)
    report.published_on = published_on
    report.group = group
    report.milestone = milestone
    by_lang = {t.language: t for t in report.texts}
    for code, existing in by_lang.items():
        if code not in cleaned:
            report.texts.remove(existing)
    for code, (title, body) in cleaned.items():
        text = by_lang.get(code)
        if text is None:
            report.texts.append(ReportText(language=code, title=title, body=body))
        elif (text.title, text.body) != (title, body):
            text.title, text.body = title, body
    newly_published = publish and report.published_at is None
    if newly_published:
        report.published_at = utcnow()
    db.session.flush()
    params = {"title": cleaned[process.original_language][0], "slug": process.slug}
    record(
        actor, "report.create" if created else "report.update", report, params,
        before=before, after=_report_state(report),
    )
    if newly_published:
        record(actor, "report.publish", report, {**params, "date": published_on.isoformat()})
    return report


def publish_report(report: Report, *, actor, published_on: date | None = None) -> Report:
    """Publish a draft; it appears on the public pages from its publication date on."""
    if report.published_at is not None:
        raise InvalidTransition(_("This report is already published."))
    if published_on is not None:
        report.published_on = published_on
    if report.published_on is None:
        raise ValidationFailed(_("A published report needs a publication date."))
    report.published_at = utcnow()
    db.session.flush()
    record(
        actor, "report.publish", report,
        {"title": _report_title(report), "slug": _slug(report.process_id),
         "date": report.published_on.isoformat()},
    )
    return report


def unpublish_report(report: Report, *, actor) -> Report:
    """Take a published report back to a draft (it keeps its date)."""
    if report.published_at is None:
        raise InvalidTransition(_("This report is not published."))
    report.published_at = None
    db.session.flush()
    record(
        actor, "report.unpublish", report,
        {"title": _report_title(report), "slug": _slug(report.process_id)},
    )
    return report


def delete_report(report: Report, *, actor) -> None:
    record(
        actor, "report.delete", report,
        {"title": _report_title(report), "slug": _slug(report.process_id)},
        before=_report_state(report),
    )
    db.session.delete(report)
    db.session.flush()


def _slug(process_id: int) -> str:
    process = db.session.get(Process, process_id)
    return process.slug if process else ""


# --- milestones ----------------------------------------------------------------------


def _clean_values(
    process: Process, values: dict | None, limit: int, *, line: bool = False
) -> dict[str, str]:
    clean = _clean_line if line else _clean
    cleaned = {code: clean(value) for code, value in (values or {}).items() if clean(value)}
    _check_languages(process, cleaned)
    if any(len(value) > limit for value in cleaned.values()):
        raise ValidationFailed(_("A text may have at most %(max)s characters.", max=limit))
    return cleaned


def _milestone_state(milestone: Milestone) -> dict:
    return {
        "kind": milestone.kind,
        "starts_on": milestone.starts_on.isoformat(),
        "ends_on": milestone.ends_on.isoformat() if milestone.ends_on else None,
        "name": dict(milestone.name or {}),
        "reference": milestone.reference,
        "version_id": milestone.version_id,
        "event_id": milestone.event_id,
        "group_id": milestone.group_id,
        "position": milestone.position,
    }


def save_milestone(
    process: Process,
    *,
    actor,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    name: dict[str, str] | None = None,
    description: dict[str, str] | None = None,
    reference: str = "",
    version: Version | None = None,
    event: Event | None = None,
    group: Group | None = None,
    position: int = 0,
    milestone: Milestone | None = None,
) -> Milestone:
    """Create or change a step of the process's timeline. Without a name it is called by its
    kind; `position` orders milestones that start on the same day."""
    try:
        kind = MilestoneKind(kind).value
    except ValueError:
        raise ValidationFailed(_("Choose a kind of milestone.")) from None
    if starts_on is None:
        raise ValidationFailed(_("A milestone needs a first day."))
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(_("The last day cannot be before the first day."))
    names = _clean_values(process, name, MAX_NAME, line=True)
    descriptions = _clean_values(process, description, MAX_DESCRIPTION)
    reference = _clean_line(reference)
    if len(reference) > MAX_REFERENCE:
        raise ValidationFailed(
            _("A reference may have at most %(max)s characters.", max=MAX_REFERENCE)
        )
    _check_same_process(process, group, version=version, event=event)
    if milestone is not None and milestone.process_id != process.id:
        raise ValidationFailed(_("This belongs to another process."))
    created = milestone is None
    before = None
    if milestone is None:
        milestone = Milestone(process_id=process.id)
        db.session.add(milestone)
    else:
        before = _milestone_state(milestone)
    milestone.kind = kind
    milestone.starts_on, milestone.ends_on = starts_on, ends_on
    milestone.name, milestone.description = names, descriptions
    milestone.reference = reference
    milestone.version, milestone.event, milestone.group = version, event, group
    milestone.position = max(0, int(position or 0))
    db.session.flush()
    record(
        actor, "milestone.create" if created else "milestone.update", milestone,
        {"name": milestone.title(process.original_language, process.original_language),
         "start": starts_on.isoformat(), "slug": process.slug},
        before=before, after=_milestone_state(milestone),
    )
    return milestone


def delete_milestone(milestone: Milestone, *, actor) -> None:
    """Remove a milestone; its reports stay, without the link."""
    process = db.session.get(Process, milestone.process_id)
    original = process.original_language if process else "de"
    record(
        actor, "milestone.delete", milestone,
        {"name": milestone.title(original, original), "start": milestone.starts_on.isoformat(),
         "slug": process.slug if process else ""},
        before=_milestone_state(milestone),
    )
    db.session.execute(
        update(Report).where(Report.milestone_id == milestone.id).values(milestone_id=None)
    )
    db.session.delete(milestone)
    db.session.flush()
