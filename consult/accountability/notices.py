"""Final notices (Schlussmitteilungen): when decisions on a version are published, each
submitter with a known address gets ONE message listing their suggestions on that version
whose answer is now public, in their language, with links.

- `plan_final_notices(version, actor)` creates the `FinalNotice` rows in the transaction that
  publishes (flush and audit, no commit). Planning again lists nothing twice: a suggestion
  already in a notice of the version is left out, and the unique (version, recipient, round)
  refuses a second plan made at the same moment.
- `send_pending(...)` runs after that commit. It claims each row with an UPDATE … WHERE
  status is claimable and sends only when that UPDATE changed the row, committing the claim
  and then the outcome of every message: publishing twice, a retry or a second instance
  never sends a notice twice. A failure leaves the row "failed" for `flask consult
  send-notices` or the staff page's "Send again".
- Opting out (`consult.accountability.opt_out`): a notice to someone who opted out is kept
  as "opted_out" and not sent.

Recipients: the author's account (key "user:<id>", written to at the account's address) or
the address given with a statement sent without an account or recorded from paper (key: the
address, lower-cased). Forum cards have none; contributions not received (waiting for
confirmation, withdrawn) get none.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, insert, or_, select, update
from sqlalchemy.orm import aliased, joinedload

from consult.accountability.models import (
    ERROR_LENGTH,
    NOTICE_STATUS_TITLES,
    RECIPIENT_KEY_LENGTH,
    FinalNotice,
    NoticeOptOut,
    NoticeStatus,
    final_notice_suggestions,
)
from consult.accountability.notice_mail import compose, plain
from consult.accounts.models import User
from consult.audit.models import register_messages, register_value_titles
from consult.audit.services import record
from consult.extensions import db
from consult.i18n import choosable_languages
from consult.mail import send_mail
from consult.models import utcnow
from consult.participation.models import Contribution, ContributionKind, ContributionStatus
from consult.plans.models import Process, Version
from consult.triage import public_queries
from consult.triage.models import Suggestion

# A row claimed this long ago whose sender never reported back may be claimed again.
SEND_LEASE = timedelta(minutes=15)
# Notices sent right after publishing; the rest wait for the command or the staff page.
DEFAULT_SEND_LIMIT = 200

register_messages(
    {
        "notices.plan": _l("Prepared %(count)s final notices for version %(version)s."),
        "notices.send": _l(
            "Final notices: %(sent)s sent, %(failed)s failed, %(opted_out)s not sent (opted out)."
        ),
    }
)
register_value_titles(NOTICE_STATUS_TITLES)


# --------------------------------------------------------------------- recipients


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def email_key(email: str) -> str:
    return email.strip().lower()


@dataclass
class Recipient:
    key: str
    user: User | None
    email: str | None


def recipient_of(contribution: Contribution) -> Recipient | None:
    """Who hears about this contribution's answers, or None."""
    if contribution.kind == ContributionKind.FORUM_CARD.value:
        return None
    if contribution.status != ContributionStatus.RECEIVED.value:
        return None
    if contribution.author_id is not None:
        author = contribution.author
        if author is None or author.deleted_at is not None or not author.email:
            return None
        return Recipient(user_key(author.id), author, None)
    email = (contribution.submitter_email or "").strip()
    if not email or "@" not in email or len(email_key(email)) > RECIPIENT_KEY_LENGTH:
        return None
    return Recipient(email_key(email), None, email)


def _language(contributions: list[Contribution], user: User | None, process: Process) -> str:
    """The contribution's chosen language (newest first), else the account's, else the
    process's default."""
    allowed = set(choosable_languages())
    for contribution in contributions:
        if contribution.notify_language in allowed:
            return contribution.notify_language
    if user is not None and user.preferred_language in allowed:
        return user.preferred_language
    if process.original_language in allowed:
        return process.original_language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


# --------------------------------------------------------------------- which suggestions


def _recipient_known():
    """SQL: the contribution has someone to write to (see `recipient_of`)."""
    return and_(
        Contribution.kind != ContributionKind.FORUM_CARD.value,
        Contribution.status == ContributionStatus.RECEIVED.value,
        or_(
            and_(
                Contribution.author_id.is_not(None), User.deleted_at.is_(None),
                User.email.is_not(None),
            ),
            and_(Contribution.author_id.is_(None), func.coalesce(Contribution.submitter_email, "") != ""),
        ),
    )


def _concerned(process: Process, *, published: bool, version: Version | None = None):
    """SELECT (suggestion id, the version its answer is on, its contribution) of the
    suggestions of the process whose answer is published (or, with `published=False`,
    decided) on a public version, that are on a public version themselves, have someone to
    write to, and are in no notice of their answer's version yet."""
    representative = aliased(Suggestion)
    source = aliased(Version)
    answer_version = aliased(Version)
    answer_version_id = case(
        (Suggestion.representative_id.is_not(None), representative.version_id),
        else_=Suggestion.version_id,
    )
    if published:
        answered = public_queries._answer_published(Suggestion, representative)
    else:
        answered = or_(
            and_(Suggestion.representative_id.is_(None), Suggestion.outcome.is_not(None)),
            representative.outcome.is_not(None),
        )
    listed = exists().where(
        final_notice_suggestions.c.suggestion_id == Suggestion.id,
        final_notice_suggestions.c.notice_id == FinalNotice.id,
        FinalNotice.version_id == answer_version_id,
    )
    statement = (
        select(Suggestion.id, answer_version_id.label("version_id"), Contribution)
        .join(Contribution, Contribution.id == Suggestion.contribution_id)
        .outerjoin(User, User.id == Contribution.author_id)
        .outerjoin(representative, representative.id == Suggestion.representative_id)
        .outerjoin(source, source.id == Suggestion.version_id)
        .join(answer_version, answer_version.id == answer_version_id)
        .where(
            Suggestion.process_id == process.id,
            answered,
            public_queries._version_public(source),
            answer_version.status.in_(public_queries._PUBLIC_STATUSES),
            _recipient_known(),
            ~listed,
        )
    )
    if version is not None:
        statement = statement.where(answer_version_id == version.id)
    return statement


def _rows(statement) -> list:
    return db.session.execute(
        statement.options(joinedload(Contribution.author)).order_by(Suggestion.number)
    ).all()


@dataclass
class _Group:
    recipient: Recipient
    contributions: list[Contribution] = field(default_factory=list)
    suggestion_ids: list[int] = field(default_factory=list)


def _groups(rows) -> dict[str, _Group]:
    """recipient key -> the recipient, their contributions (newest first), suggestion ids."""
    groups: dict[str, _Group] = {}
    for suggestion_id, _version_id, contribution in rows:
        recipient = recipient_of(contribution)
        if recipient is None:
            continue
        group = groups.setdefault(recipient.key, _Group(recipient))
        if contribution not in group.contributions:
            group.contributions.append(contribution)
        group.suggestion_ids.append(suggestion_id)
    for group in groups.values():
        group.contributions.sort(key=lambda c: (c.created_at, c.id), reverse=True)
    return groups


def _opted_out(keys) -> set[str]:
    keys = list(keys)
    if not keys:
        return set()
    return set(
        db.session.scalars(
            select(NoticeOptOut.recipient_key).where(NoticeOptOut.recipient_key.in_(keys))
        )
    )


def _is_public(process: Process, version: Version) -> bool:
    return bool(process.is_public and version.is_public)


# --------------------------------------------------------------------- planning


@dataclass
class Preview:
    recipients: int
    opted_out: int
    # False: the process or the version is not public, so nothing would be sent yet.
    public: bool


def preview(version: Version) -> Preview:
    """Who would get a notice if the version's decisions were published now: 3 queries."""
    process = db.session.get(Process, version.process_id)
    if not _is_public(process, version):
        return Preview(0, 0, False)
    groups = _groups(_rows(_concerned(process, published=False, version=version)))
    return Preview(len(groups), len(_opted_out(groups)), True)


def plan_final_notices(version: Version, actor) -> int:
    """Create (or extend) the notices for every published answer on this version that is in
    no notice yet; returns how many recipients are concerned. Flushes, never commits."""
    process = db.session.get(Process, version.process_id)
    if not _is_public(process, version):
        return 0
    groups = _groups(_rows(_concerned(process, published=True, version=version)))
    if not groups:
        return 0
    opted = _opted_out(groups)
    latest: dict[str, FinalNotice] = {}
    for notice in db.session.scalars(
        select(FinalNotice)
        .where(FinalNotice.version_id == version.id, FinalNotice.recipient_key.in_(list(groups)))
        .order_by(FinalNotice.round)
        .with_for_update()
    ):
        latest[notice.recipient_key] = notice
    unsent = (NoticeStatus.PENDING.value, NoticeStatus.FAILED.value, NoticeStatus.OPTED_OUT.value)
    planned: list[tuple[FinalNotice, list[int]]] = []
    for key, group in groups.items():
        status = (NoticeStatus.OPTED_OUT if key in opted else NoticeStatus.PENDING).value
        notice = latest.get(key)
        if notice is not None and notice.status in unsent:
            # Not sent yet: the new answers go into the same message.
            notice.status = status
        else:
            recipient = group.recipient
            notice = FinalNotice(
                process_id=process.id,
                version_id=version.id,
                recipient_key=key,
                round=notice.round + 1 if notice is not None else 1,
                user_id=recipient.user.id if recipient.user is not None else None,
                email=recipient.email,
                language=_language(group.contributions, recipient.user, process),
                status=status,
                created_by_id=getattr(actor, "id", None),
            )
            db.session.add(notice)
        planned.append((notice, group.suggestion_ids))
    db.session.flush()
    db.session.execute(
        insert(final_notice_suggestions),
        [{"notice_id": notice.id, "suggestion_id": i} for notice, ids in planned for i in ids],
    )
    record(
        actor, "notices.plan", version,
        params={"count": len(groups), "version": version.number, "opted_out": len(opted)},
    )
    return len(groups)


def unlisted_by_version(process: Process) -> dict[int, int]:
    """version id -> published answers with a recipient that are in no notice yet: 1 query."""
    if not process.is_public:
        return {}
    found = _concerned(process, published=True).subquery()
    return {
        version_id: count
        for version_id, count in db.session.execute(
            select(found.c.version_id, func.count()).group_by(found.c.version_id)
        )
    }


def plan_missing(process: Process, actor) -> int:
    """Plan notices for answers published without one (one by one on the suggestion page,
    or on a version that was not public yet); returns how many recipients."""
    total = 0
    for version_id in sorted(unlisted_by_version(process)):
        total += plan_final_notices(db.session.get(Version, version_id), actor)
    return total


# --------------------------------------------------------------------- sending


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    opted_out: int = 0
    # Claimable notices left for later (the limit was reached or the server was unreachable).
    waiting: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.opted_out


class _Unreachable(Exception):
    """The mail server cannot be reached: stop, leave the rest for a retry."""


def send_limit() -> int:
    return int(current_app.config.get("FINAL_NOTICES_PER_REQUEST", DEFAULT_SEND_LIMIT))


def _claimable(retry: bool):
    states = [FinalNotice.status == NoticeStatus.PENDING.value]
    if retry:
        states += [
            FinalNotice.status == NoticeStatus.FAILED.value,
            and_(
                FinalNotice.status == NoticeStatus.SENDING.value,
                FinalNotice.claimed_at < utcnow() - SEND_LEASE,
            ),
        ]
    return or_(*states)


def send_pending(
    *,
    version: Version | None = None,
    process: Process | None = None,
    actor=None,
    retry: bool = False,
    limit: int | None = None,
) -> SendResult:
    """Send the waiting notices of a version (or a process, or all), after the commit that
    planned them. `retry` also takes failed ones and claims a sender left unfinished.

    Not a request service: it commits every claim and every outcome itself, so that a notice
    is marked sent as soon as it is, and writes one audit record for the run.
    """
    query = select(FinalNotice.id).where(_claimable(retry)).order_by(FinalNotice.id)
    if version is not None:
        query = query.where(FinalNotice.version_id == version.id)
    elif process is not None:
        query = query.where(FinalNotice.process_id == process.id)
    ids = list(db.session.scalars(query))
    db.session.commit()
    result = SendResult()
    for position, notice_id in enumerate(ids):
        if limit is not None and position >= limit:
            result.waiting = len(ids) - position
            break
        try:
            status = _deliver(notice_id, retry)
        except _Unreachable:
            result.failed += 1
            result.waiting = len(ids) - position - 1
            break
        if status == NoticeStatus.SENT:
            result.sent += 1
        elif status == NoticeStatus.FAILED:
            result.failed += 1
        elif status == NoticeStatus.OPTED_OUT:
            result.opted_out += 1
    if result.handled:
        record(
            actor, "notices.send", version or process,
            params={
                "sent": result.sent, "failed": result.failed, "opted_out": result.opted_out,
                "version": version.number if version is not None else None,
            },
        )
        db.session.commit()
    return result


def _deliver(notice_id: int, retry: bool) -> NoticeStatus | None:
    """Claim one notice and send it; None when someone else has it."""
    now = utcnow()
    claimed = db.session.execute(
        update(FinalNotice)
        .where(FinalNotice.id == notice_id, _claimable(retry))
        .values(
            status=NoticeStatus.SENDING.value, claimed_at=now,
            attempts=FinalNotice.attempts + 1, updated_at=now,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if claimed != 1:
        return None
    notice = db.session.scalar(
        select(FinalNotice)
        .where(FinalNotice.id == notice_id)
        .options(joinedload(FinalNotice.user))
        .execution_options(populate_existing=True)
    )
    if _opted_out([notice.recipient_key]):
        return _finish(notice, NoticeStatus.OPTED_OUT)
    address = notice.address
    if not address:
        return _finish(notice, NoticeStatus.FAILED, "no e-mail address")
    try:
        composed = compose(notice)
    except Exception:  # noqa: BLE001 - one broken notice must not stop the others
        current_app.logger.exception("Could not compose final notice %s", notice_id)
        db.session.rollback()
        return _finish(notice, NoticeStatus.FAILED, "the message could not be composed")
    if composed is None:
        return _finish(notice, NoticeStatus.FAILED, "no published answer left to report")
    subject, body = composed
    try:
        send_mail(address, subject, body, notice.language)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError) as error:
        return _finish(notice, NoticeStatus.FAILED, _error_text(error))
    except OSError as error:  # smtplib.SMTPException included: the server, not the message
        current_app.logger.warning("Final notice %s not sent: %s", notice_id, _error_text(error))
        _finish(notice, NoticeStatus.FAILED, _error_text(error))
        raise _Unreachable from error
    return _finish(notice, NoticeStatus.SENT)


def _finish(notice: FinalNotice, status: NoticeStatus, error: str | None = None) -> NoticeStatus:
    notice.status = status.value
    notice.sent_at = utcnow() if status is NoticeStatus.SENT else None
    notice.last_error = error[:ERROR_LENGTH] if error else None
    db.session.commit()
    return status


def _error_text(error: BaseException) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return plain(text)[:ERROR_LENGTH]
