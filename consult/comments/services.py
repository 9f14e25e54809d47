"""Every change to comments: posting, replying, editing, reporting and moderation.

Public comments are written on a published version while a phase opens comments. On a version
shared internally with bodies, the members of those bodies (while their share has
`comments_open`) write in the bodies' non-public thread instead: such a comment names the body
(`body_id`), its channel follows the body's kind, and it is never shown to the public.

Plain arguments in, domain errors out; flushes and writes audit records, never commits.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import aliased

from consult.accounts import services as account_services
from consult.accounts.models import Organisation, User
from consult.accounts.organisations import can_act_for
from consult.audit.models import register_messages
from consult.audit.services import record
from consult.comments.forms import BODY_MAX_LENGTH, REASON_MAX_LENGTH, comment_languages
from consult.errors import InvalidTransition, NotAllowed, ValidationFailed
from consult.extensions import db
from consult.models import utcnow
from consult.participation.common import choose_language, find_by_idempotency_key
from consult.participation.models import (
    Channel,
    CommentReport,
    Contribution,
    ContributionKind,
    ContributionStatus,
    SubmitterType,
)
from consult.plans.models import Process, Section, SectionVersion, Version, VersionStatus
from consult.triage.models import Group, GroupKind

# Replies go three levels deep: a comment (0), a reply (1), a reply to a reply (2).
MAX_DEPTH = 2
RESOLUTION_HIDDEN = "hidden"
RESOLUTION_KEPT = "kept"

register_messages(
    {
        "comment.report": _l("Reported comment %(comment_id)s on section %(section)s: %(reason)s"),
        "comment.hide": _l("Hid comment %(comment_id)s on section %(section)s: %(reason)s"),
        "comment.unhide": _l("Showed comment %(comment_id)s on section %(section)s again."),
        "comment.keep": _l(
            "Kept comment %(comment_id)s on section %(section)s and closed its reports."
        ),
    }
)


def edit_minutes() -> int:
    return int(current_app.config.get("COMMENT_EDIT_MINUTES", 15))


def may_comment(user: User | None) -> bool:
    """Registered, confirmed and active accounts comment; nobody else."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.email_confirmed_at is not None
    )


def comments_open(process: Process, version: Version, today: date) -> bool:
    """New comments and replies: on a published version while a phase opens comments."""
    return version.status == VersionStatus.PUBLISHED.value and process.opens("comments", today)


def body_channel(body: Group) -> str:
    """The channel of a body's contributions: the advisory council's own, committees' and the
    council's, else the generic one of a body's internal thread."""
    if body.kind == GroupKind.ADVISORY_COUNCIL.value:
        return Channel.ADVISORY_COUNCIL.value
    if body.kind in (GroupKind.COMMITTEE.value, GroupKind.COUNCIL.value):
        return Channel.COMMITTEE.value
    return Channel.BODY.value


def commenting_bodies(user: User | None, version: Version) -> list[Group]:
    """The user's bodies in whose name they may write in the non-public thread of this version:
    it is internal, shared with the body, and the share lets members comment. No query for a
    reader without shares."""
    from consult.council import access
    from consult.council.models import VersionShare

    if version.status != VersionStatus.INTERNAL.value or not may_comment(user):
        return []
    bodies = access.reader_bodies(user, version)
    if not bodies:
        return []
    open_ids = set(
        db.session.scalars(
            select(VersionShare.group_id).where(
                VersionShare.version_id == version.id,
                VersionShare.comments_open.is_(True),
                VersionShare.group_id.in_([b.id for b in bodies]),
            )
        ).all()
    )
    return [b for b in bodies if b.id in open_ids]


def editable_until(comment: Contribution) -> datetime:
    return comment.created_at + timedelta(minutes=edit_minutes())


def may_edit(comment: Contribution, user: User | None, now: datetime | None = None) -> bool:
    return (
        may_comment(user)
        and comment.author_id == user.id
        and not comment.is_hidden
        and (now or utcnow()) <= editable_until(comment)
    )


def may_reply(comment: Contribution) -> bool:
    return comment.depth < MAX_DEPTH and not comment.is_hidden


def _clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Please write your comment."))
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationFailed(
            _("Please use at most %(max)d characters.", max=BODY_MAX_LENGTH)
        )
    return body


def _clean_reason(reason: str | None, empty_message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(empty_message)
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationFailed(
            _("Please use at most %(max)d characters.", max=REASON_MAX_LENGTH)
        )
    return reason


def _checked_language(language: str | None) -> str | None:
    if not language:
        return None
    if language not in comment_languages():
        raise ValidationFailed(_("Please choose a language from the list."))
    return language


def post_comment(
    *,
    process: Process,
    version: Version,
    node: SectionVersion,
    author: User,
    body: str,
    today: date,
    organisation: Organisation | None = None,
    parent: Contribution | None = None,
    language: str | None = None,
    fallback_language: str | None = None,
    idempotency_key: str | None = None,
    as_body: Group | None = None,
) -> tuple[Contribution, bool]:
    """Store a comment or a reply; (comment, created). The same key twice gives one comment.

    `as_body`: written as a member of this body in the bodies' non-public thread (required on
    an internal version and for replies in that thread)."""
    if not may_comment(author):
        raise NotAllowed(_("Only registered residents with a confirmed account can comment."))
    if version.process_id != process.id or node.version_id != version.id:
        raise NotAllowed(_("This section does not belong to this version."))
    if parent is not None:
        internal = parent.body_id is not None
    else:
        internal = as_body is not None or version.status == VersionStatus.INTERNAL.value
    if internal:
        _check_body(author, version, as_body, organisation)
    elif as_body is not None:
        raise NotAllowed(_("This comment belongs to the public thread."))
    elif not comments_open(process, version, today):
        raise NotAllowed(_("Comments on this version are closed at the moment."))
    if organisation is not None and not can_act_for(author, organisation):
        raise NotAllowed(_("You may not comment in the name of this organisation."))
    depth = 0
    if parent is not None:
        if (
            parent.kind != ContributionKind.COMMENT
            or parent.version_id != version.id
            or parent.section_id != node.section_id
        ):
            raise NotAllowed(_("This comment belongs to another section."))
        if parent.is_hidden:
            raise NotAllowed(_("Hidden comments cannot be answered."))
        if parent.depth >= MAX_DEPTH:
            raise NotAllowed(_("Replies go at most three levels deep."))
        depth = parent.depth + 1
    body = _clean_body(body)
    chosen = _checked_language(language)

    existing = find_by_idempotency_key(process.id, idempotency_key)
    if existing is not None:
        return _same_submission(existing, author), False

    lang, source, detected = choose_language(
        body, chosen=chosen, fallback=fallback_language or process.original_language
    )
    if as_body is not None:
        channel, submitter_type = body_channel(as_body), SubmitterType.COUNCIL.value
    elif organisation is not None:
        channel, submitter_type = Channel.ONLINE.value, SubmitterType.ORGANISATION.value
    else:
        channel, submitter_type = Channel.ONLINE.value, SubmitterType.RESIDENT.value
    comment = Contribution(
        kind=ContributionKind.COMMENT.value,
        channel=channel,
        status=ContributionStatus.RECEIVED.value,
        submitter_type=submitter_type,
        process_id=process.id,
        version_id=version.id,
        section_id=node.section_id,
        parent_id=parent.id if parent is not None else None,
        depth=depth,
        language=lang,
        language_source=source,
        detected_language=detected,
        body=body,
        author_id=author.id,
        organisation_id=organisation.id if organisation else None,
        body_id=as_body.id if as_body is not None else None,
        # A body's thread is not written for the public.
        publish_text=as_body is None,
        publish_name=as_body is None,
        idempotency_key=idempotency_key or None,
    )
    # The same form arriving twice at once: the unique constraint on (process, key) lets
    # one through; the other gets an IntegrityError here or at commit (the view handles it).
    db.session.add(comment)
    db.session.flush()
    return comment, True


def _check_body(author: User, version: Version, as_body: Group | None, organisation) -> None:
    """A comment in the bodies' non-public thread: as a member of a body this internal
    version is shared with, whose members may comment; never in an organisation's name."""
    bodies = commenting_bodies(author, version)
    if not bodies:
        raise NotAllowed(_("The bodies' thread on this version is closed."))
    if as_body is None:
        raise NotAllowed(_("Please choose the body in whose name you comment."))
    if organisation is not None:
        raise NotAllowed(_("In the bodies' thread you comment as a member of your body."))
    if as_body.id not in {b.id for b in bodies}:
        raise NotAllowed(_("You may not comment as a member of this body on this version."))


def _same_submission(existing: Contribution, author: User) -> Contribution:
    if existing.author_id != author.id or existing.kind != ContributionKind.COMMENT:
        raise ValidationFailed(_("This form was already used. Please reload the page."))
    return existing


def edit_comment(
    comment: Contribution, user: User, *, body: str, language: str | None = None,
    now: datetime | None = None,
) -> bool:
    """The author corrects a comment shortly after posting. True when something changed."""
    now = now or utcnow()
    if not may_comment(user) or comment.author_id != user.id:
        raise NotAllowed(_("Only the author can edit this comment."))
    if comment.is_hidden:
        raise NotAllowed(_("This comment was hidden by moderation and cannot be edited."))
    if now > editable_until(comment):
        raise NotAllowed(
            ngettext(
                "Comments can be edited for %(num)s minute after posting. This time has passed.",
                "Comments can be edited for %(num)s minutes after posting. This time has passed.",
                edit_minutes(),
            )
        )
    body = _clean_body(body)
    chosen = _checked_language(language)
    new_language, source, detected = choose_language(
        body, chosen=chosen, fallback=comment.language
    )
    if body == comment.body and new_language == comment.language:
        return False
    comment.body = body
    comment.language, comment.language_source = new_language, source
    comment.detected_language = detected
    comment.edited_at = now
    db.session.flush()
    return True


def _section_key(comment: Contribution) -> str:
    return comment.section.key if comment.section is not None else "?"


def has_open_report(comment: Contribution, user: User) -> bool:
    return (
        db.session.scalar(
            select(CommentReport.id).where(
                CommentReport.contribution_id == comment.id,
                CommentReport.reporter_id == user.id,
                CommentReport.resolved_at.is_(None),
            ).limit(1)
        )
        is not None
    )


def report_comment(comment: Contribution, reporter: User, reason: str) -> CommentReport:
    if not may_comment(reporter):
        raise NotAllowed(_("Only registered residents with a confirmed account can report comments."))
    if comment.is_hidden:
        raise ValidationFailed(_("This comment is already hidden by moderation."))
    if comment.author_id == reporter.id:
        raise ValidationFailed(_("You cannot report your own comment."))
    reason = _clean_reason(reason, _("Please tell us briefly what is wrong with this comment."))
    if has_open_report(comment, reporter):
        raise ValidationFailed(
            _("You have reported this comment already. The moderators will look at it.")
        )
    report = CommentReport(contribution_id=comment.id, reporter_id=reporter.id, reason=reason)
    db.session.add(report)
    db.session.flush()
    record(reporter, "comment.report", comment,
           {"comment_id": comment.id, "section": _section_key(comment), "reason": reason},
           object_type="Comment")
    return report


def _resolve_open_reports(comment: Contribution, actor: User, resolution: str) -> int:
    reports = db.session.scalars(
        select(CommentReport).where(
            CommentReport.contribution_id == comment.id, CommentReport.resolved_at.is_(None)
        )
    ).all()
    now = utcnow()
    for report in reports:
        report.resolved_at, report.resolved_by_id, report.resolution = now, actor.id, resolution
    return len(reports)


def hide_comment(comment: Contribution, actor: User, reason: str) -> None:
    """Hide a comment: its reason shows in its place; the text is kept for staff."""
    if comment.is_hidden:
        raise InvalidTransition(_("This comment is hidden already."))
    reason = _clean_reason(
        reason, _("Please give a reason: it is shown publicly in place of the comment.")
    )
    comment.hidden_at, comment.hidden_reason, comment.hidden_by_id = utcnow(), reason, actor.id
    resolved = _resolve_open_reports(comment, actor, RESOLUTION_HIDDEN)
    db.session.flush()
    record(actor, "comment.hide", comment,
           {"comment_id": comment.id, "section": _section_key(comment), "reason": reason},
           before={"hidden_reason": None},
           after={"hidden_reason": reason, "reports_resolved": resolved},
           object_type="Comment")


def unhide_comment(comment: Contribution, actor: User) -> None:
    if not comment.is_hidden:
        raise InvalidTransition(_("This comment is not hidden."))
    before = {"hidden_reason": comment.hidden_reason}
    comment.hidden_at, comment.hidden_reason, comment.hidden_by_id = None, None, None
    db.session.flush()
    record(actor, "comment.unhide", comment,
           {"comment_id": comment.id, "section": _section_key(comment)},
           before=before, after={"hidden_reason": None}, object_type="Comment")


def keep_comment(comment: Contribution, actor: User) -> int:
    """Close the open reports on a comment: it stays as it is."""
    resolved = _resolve_open_reports(comment, actor, RESOLUTION_KEPT)
    if not resolved:
        raise InvalidTransition(_("This comment has no open reports."))
    db.session.flush()
    record(actor, "comment.keep", comment,
           {"comment_id": comment.id, "section": _section_key(comment)},
           after={"reports_resolved": resolved}, object_type="Comment")
    return resolved


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_comments(user: User) -> list[dict[str, Any]]:
    """A person's comments for "download my data"."""
    organisation = aliased(Organisation)
    rows = db.session.execute(
        select(Contribution, Process.slug, Version.number, Section.key, organisation.name)
        .join(Process, Process.id == Contribution.process_id)
        .outerjoin(Version, Version.id == Contribution.version_id)
        .outerjoin(Section, Section.id == Contribution.section_id)
        .outerjoin(organisation, organisation.id == Contribution.organisation_id)
        .where(
            Contribution.author_id == user.id,
            Contribution.kind == ContributionKind.COMMENT.value,
        )
        .order_by(Contribution.created_at, Contribution.id)
    ).all()
    return [
        {
            "id": comment.id,
            "process": slug,
            "version": number,
            "section": key,
            "in_reply_to": comment.parent_id,
            "organisation": org_name,
            "language": comment.language,
            "text": comment.body,
            "created_at": _iso(comment.created_at),
            "edited_at": _iso(comment.edited_at),
            "hidden_at": _iso(comment.hidden_at),
            "hidden_reason": comment.hidden_reason,
        }
        for comment, slug, number, key, org_name in rows
    ]


account_services.register_export("comments", export_comments)
