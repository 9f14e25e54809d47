"""Public comment pages: write, reply, edit, report, and one comment's thread.

The thread itself is shown on the section page (consult.plans.views.show_section), which
calls `section_comments` below. Staff and the members of the bodies a version is shared with
also see the bodies' non-public thread there; members write in it while the version is
internal.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.accounts.models import User
from consult.accounts.organisations import organisations_for
from consult.accounts.services import person_name
from consult.comments import queries, services
from consult.comments.forms import CommentForm, EditCommentForm, ReportForm
from consult.council import access
from consult.errors import DomainError, NotAllowed
from consult.extensions import db, limiter
from consult.models import utcnow
from consult.participation.common import (
    find_by_idempotency_key,
    honeypot_tripped,
    new_idempotency_key,
    post_limit,
    public_name,
)
from consult.participation.models import Contribution, LanguageSource
from consult.plans import queries as plan_queries
from consult.plans.models import Process, SectionVersion, Version, VersionStatus
from consult.plans.views import _today
from consult.security import keeps_input

bp = Blueprint("comments", __name__)

BASE = "/p/<slug>/v/<int:number>/s/<key>/comments"
INVALID = 422


def _report_limit() -> str:
    return current_app.config.get("COMMENT_REPORT_RATE_LIMIT", "20 per hour")


report_limit = limiter.limit(_report_limit, methods=["POST"])


def _me():
    return current_user._get_current_object() if current_user.is_authenticated else None


def _load(slug: str, number: int, key: str):
    """Process, version and section: 404 when missing or not visible to the reader."""
    process = plan_queries.get_process_or_404(slug)
    version = plan_queries.get_version_or_404(process, number)
    node = plan_queries.get_node_or_404(version, key)
    return process, version, node


def _comment_or_404(version, node, comment_id: int) -> Contribution:
    comment = queries.comment_in(
        version, node, comment_id,
        with_bodies=lambda: access.sees_body_threads(_me(), version),
    )
    if comment is None:
        abort(404)
    return comment


def section_url(process, version, node, comment: Contribution | None = None, **args) -> str:
    return url_for(
        "plans.show_section", slug=process.slug, number=version.number, key=node.section.key,
        _anchor=f"comment-{comment.id}" if comment is not None else "comments", **args,
    )


def _to_login(target: str):
    flash(_("Please log in to comment. If you have no account yet, please register."), "info")
    return redirect(url_for("accounts.login", next=target))


def _unavailable() -> str:
    return _("The service is briefly unavailable. Your text is still here: please send it again "
             "in a minute.")


class CommentsView:
    """What a comment page needs to know about the reader and the thread. `internal`: the page
    writes in (or shows) the bodies' non-public thread."""

    def __init__(self, process, version, node, thread: queries.Thread | None, form=None, *,
                 internal: bool = False):
        self.process, self.version, self.node, self.thread = process, version, node, thread
        self.user = _me()
        self.open = services.comments_open(process, version, _today())
        self.may_comment = services.may_comment(self.user)
        # The reader's bodies in whose name they may write in the bodies' thread.
        self.bodies = services.commenting_bodies(self.user, version)
        self.internal = internal
        self.form = form
        self.now = utcnow()
        self.edit_minutes = services.edit_minutes()

    @cached_property
    def sees_bodies(self) -> bool:
        """Staff, and members of a body the version is shared with, see the bodies' thread."""
        return access.sees_body_threads(self.user, self.version)

    @property
    def bodies_open(self) -> bool:
        return bool(self.bodies)

    @property
    def writable(self) -> bool:
        """New comments and replies can be written in the thread this page is about."""
        return self.bodies_open if self.internal else self.open

    @property
    def show_public(self) -> bool:
        """The public thread has a place on the section page (not on an internal version,
        unless it kept public comments from when it was published)."""
        return self.version.status != VersionStatus.INTERNAL.value or bool(
            self.thread and self.thread.root_count
        )

    @property
    def show_bodies(self) -> bool:
        bodies = self.thread.bodies if self.thread is not None else None
        return bodies is not None and (
            bool(bodies.root_count)
            or self.bodies_open
            or self.version.status == VersionStatus.INTERNAL.value
        )

    def bodies_page_url(self, page: int) -> str:
        return url_for(
            "plans.show_section", slug=self.process.slug, number=self.version.number,
            key=self.node.section.key, bodies_page=page, order=self.thread.order,
            _anchor="body-comments",
        )

    @property
    def anonymous(self) -> bool:
        return self.user is None

    @property
    def login_url(self) -> str:
        return url_for(
            "accounts.login", next=section_url(self.process, self.version, self.node)
        )

    def name(self, comment: Contribution) -> str:
        return public_name(comment)

    def can_reply(self, comment: Contribution) -> bool:
        if comment.body_id is not None:
            return self.bodies_open and services.may_reply(comment)
        return self.open and self.may_comment and services.may_reply(comment)

    def can_edit(self, comment: Contribution) -> bool:
        return services.may_edit(comment, self.user, self.now)

    def can_report(self, comment: Contribution) -> bool:
        return (
            self.may_comment and not comment.is_hidden and comment.author_id != self.user.id
        )

    def url(self, action: str, comment: Contribution) -> str:
        return url_for(
            f"comments.{action}", slug=self.process.slug, number=self.version.number,
            key=self.node.section.key, comment_id=comment.id,
        )

    def page_url(self, page: int, order: str) -> str:
        return url_for(
            "plans.show_section", slug=self.process.slug, number=self.version.number,
            key=self.node.section.key, comments_page=page, order=order, _anchor="comments",
        )


def _comment_form(user, *, fresh: bool, bodies=()) -> tuple[CommentForm, list]:
    """The comment form; in the bodies' thread (`bodies` given) one writes as a body's member,
    never in an organisation's name."""
    organisations = [] if bodies else organisations_for(user)
    me = _("Myself (%(name)s)", name=person_name(user))
    if fresh:
        form = CommentForm(formdata=None, me=me, organisations=organisations, bodies=bodies)
        form.idempotency_key.data = new_idempotency_key()
    else:
        form = CommentForm(me=me, organisations=organisations, bodies=bodies)
        if not form.is_submitted():
            form.idempotency_key.data = new_idempotency_key()
    return form, organisations


def section_comments(process, version, node, placements) -> CommentsView:
    """The comment threads of a section page: one page of comments, their replies, the form;
    for staff and the bodies' members also the bodies' non-public thread."""
    page, order = queries.thread_args(request.args)
    view = CommentsView(process, version, node, None)
    view.thread = queries.section_thread(
        version, node, page=page, order=order, placements=placements,
        with_bodies=lambda: view.sees_bodies, bodies_page=queries.bodies_page_arg(request.args),
    )
    if view.open and view.may_comment:
        view.form, _organisations = _comment_form(view.user, fresh=True)
    elif view.bodies_open:
        view.internal = True
        view.form, _organisations = _comment_form(view.user, fresh=True, bodies=view.bodies)
    return view


def _thread_of(process, version, node, root: Contribution) -> CommentsView:
    thread = queries.Thread(roots=[root], replies=queries.replies_of([root.id]))
    return CommentsView(process, version, node, thread, internal=root.body_id is not None)


# --- writing ----------------------------------------------------------------------


def _write(process, version, node, parent: Contribution | None):
    """Show the comment form; on POST store the comment. Keeps the text on every error."""
    shown = plan_queries.shown_text(node, _content_language(), process.original_language)
    target = section_url(process, version, node, parent)
    user = _me()
    if user is None:
        return _to_login(request.path if request.method == "GET" else target)
    if parent is not None:
        internal = parent.body_id is not None
    else:
        internal = version.status == VersionStatus.INTERNAL.value
    view = CommentsView(
        process, version, node, queries.Thread(roots=[], replies={}), internal=internal
    )
    form, organisations = _comment_form(
        user, fresh=False, bodies=view.bodies if internal else ()
    )
    status, error = 200, None
    if request.method == "POST":
        status = INVALID
        if form.validate_on_submit() and (not internal or form.body_chosen()):
            if honeypot_tripped(form):
                return redirect(target)
            organisation = next(
                (o for o in organisations if str(o.id) == form.on_behalf.data), None
            )
            try:
                comment, created = _store_comment(
                    form, process=process, version=version, node=node, user=user,
                    organisation=organisation, parent=parent,
                    as_body=form.chosen_body() if internal else None,
                )
            except NotAllowed as refused:
                form.body.errors = [*form.body.errors, str(refused)]
                status = 403
            except DomainError as invalid:
                form.body.errors = [*form.body.errors, str(invalid)]
            except OperationalError:
                error, status = _unavailable(), 503
            else:
                if comment.body_id is not None:
                    flash(_("Thank you. Your comment is in the bodies' non-public thread."),
                          "success")
                elif created:
                    flash(_("Thank you. Your comment is published."), "success")
                else:
                    flash(_("This comment was sent already; it is published once."), "info")
                return redirect(_after_posting(process, version, node, comment))
    return render_template(
        "comments/comment_new.html",
        process=process, version=version, node=node, shown=shown, parent=parent,
        form=form, view=view, error=error,
    ), status


def _store_comment(form, *, process, version, node, user, organisation, parent, as_body=None):
    """Post and commit; (comment, created). Rolls back on any failure."""
    key = form.idempotency_key.data or None
    try:
        comment, created = services.post_comment(
            process=process, version=version, node=node, author=user,
            body=form.body.data, today=_today(), organisation=organisation,
            parent=parent, language=form.language.data or None,
            fallback_language=str(get_locale() or process.original_language),
            idempotency_key=key, as_body=as_body,
        )
        db.session.commit()
    except IntegrityError:
        # The same form was sent twice at once; the other request stored it.
        db.session.rollback()
        comment = find_by_idempotency_key(process.id, key)
        if comment is None or comment.author_id != user.id:
            raise
        return comment, False
    except (DomainError, OperationalError):
        db.session.rollback()
        raise
    return comment, created


def _after_posting(process, version, node, comment: Contribution) -> str:
    if comment.parent_id is None:
        return section_url(process, version, node, comment, order="newest")
    root = queries.root_of(comment)
    return url_for(
        "comments.show_comment", slug=process.slug, number=version.number,
        key=node.section.key, comment_id=root.id, _anchor=f"comment-{comment.id}",
    )


def _content_language() -> str:
    from consult.i18n import content_language

    return content_language()


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@keeps_input
@post_limit
def new_comment(slug: str, number: int, key: str):
    process, version, node = _load(slug, number, key)
    return _write(process, version, node, None)


@bp.route(f"{BASE}/<int:comment_id>/reply", methods=["GET", "POST"])
@keeps_input
@post_limit
def reply_comment(slug: str, number: int, key: str, comment_id: int):
    process, version, node = _load(slug, number, key)
    parent = _comment_or_404(version, node, comment_id)
    if not services.may_reply(parent):
        message = (
            _("Hidden comments cannot be answered.") if parent.is_hidden
            else _("Replies go at most three levels deep. Please answer the comment above it.")
        )
        return render_template(
            "errors/error.html", status=400, title=_("No reply possible"), message=message
        ), 400
    return _write(process, version, node, parent)


# --- editing ------------------------------------------------------------------------


class _CommentPage(NamedTuple):
    """A reader's page about one comment (edit, report): where it stands, and who asks."""

    process: Process
    version: Version
    node: SectionVersion
    comment: Contribution
    user: User | None

    @property
    def back(self) -> str:
        """The comment on its section page."""
        return section_url(self.process, self.version, self.node, self.comment)

    def to_login(self):
        return _to_login(request.path if request.method == "GET" else self.back)

    def context(self) -> dict:
        """What the page's template shows around the form: the section's text and the comment."""
        return {
            "process": self.process, "version": self.version, "node": self.node,
            "comment": self.comment,
            "shown": plan_queries.shown_text(
                self.node, _content_language(), self.process.original_language
            ),
            "view": CommentsView(
                self.process, self.version, self.node, queries.Thread(roots=[], replies={}),
                internal=self.comment.body_id is not None,
            ),
        }


def _comment_page(slug: str, number: int, key: str, comment_id: int) -> _CommentPage:
    """404 for a missing comment; `user` is None when nobody is signed in."""
    process, version, node = _load(slug, number, key)
    comment = _comment_or_404(version, node, comment_id)
    return _CommentPage(process, version, node, comment, _me())


@bp.route(f"{BASE}/<int:comment_id>/edit", methods=["GET", "POST"])
@keeps_input
@post_limit
def edit_comment(slug: str, number: int, key: str, comment_id: int):
    page = _comment_page(slug, number, key, comment_id)
    comment, user = page.comment, page.user
    if user is None:
        return page.to_login()
    if comment.author_id != user.id:
        abort(403)
    context = page.context()
    form = EditCommentForm()
    if not form.is_submitted():
        form.body.data = comment.body
        if comment.language_source == LanguageSource.AUTHOR.value:
            form.language.data = comment.language
    status, error = 200, None
    if not services.may_edit(comment, user):
        error, status = _edit_refusal(comment), 403
    elif request.method == "POST":
        status = INVALID
        if form.validate_on_submit():
            try:
                changed = services.edit_comment(
                    comment, user, body=form.body.data, language=form.language.data or None
                )
            except NotAllowed as refused:
                error, status = str(refused), 403
            except DomainError as invalid:
                form.body.errors = [*form.body.errors, str(invalid)]
            else:
                try:
                    db.session.commit()
                except OperationalError:
                    db.session.rollback()
                    error, status = _unavailable(), 503
                else:
                    if changed:
                        flash(_("Your comment is saved."), "success")
                    return redirect(page.back)
    return render_template(
        "comments/comment_edit.html", **context,
        form=form, error=error, show_form=error is None or request.method == "POST",
    ), status


def _edit_refusal(comment: Contribution) -> str:
    if comment.is_hidden:
        return _("This comment was hidden by moderation and cannot be edited.")
    return ngettext(
        "Comments can be edited for %(num)s minute after posting. This time has passed.",
        "Comments can be edited for %(num)s minutes after posting. This time has passed.",
        services.edit_minutes(),
    )


# --- reporting ----------------------------------------------------------------------


@bp.route(f"{BASE}/<int:comment_id>/report", methods=["GET", "POST"])
@keeps_input
@report_limit
def report_comment(slug: str, number: int, key: str, comment_id: int):
    page = _comment_page(slug, number, key, comment_id)
    comment, user = page.comment, page.user
    if user is None:
        return page.to_login()
    context = page.context()
    form = ReportForm()
    status = 200
    if request.method == "POST":
        status = INVALID
        if form.validate_on_submit():
            try:
                services.report_comment(comment, user, form.reason.data)
            except NotAllowed as refused:
                form.reason.errors = [*form.reason.errors, str(refused)]
                status = 403
            except DomainError as invalid:
                form.reason.errors = [*form.reason.errors, str(invalid)]
            else:
                db.session.commit()
                flash(_("Thank you. The moderators will look at this comment."), "success")
                return redirect(page.back)
    return render_template("comments/comment_report.html", **context, form=form), status


# --- one thread ----------------------------------------------------------------------


@bp.get(f"{BASE}/<int:comment_id>")
def show_comment(slug: str, number: int, key: str, comment_id: int):
    """A comment with the whole thread it belongs to (a stable link, also for moderators)."""
    process, version, node = _load(slug, number, key)
    comment = _comment_or_404(version, node, comment_id)
    root = queries.root_of(comment)
    shown = plan_queries.shown_text(node, _content_language(), process.original_language)
    return render_template(
        "comments/comment_show.html",
        process=process, version=version, node=node, shown=shown, comment=comment,
        view=_thread_of(process, version, node, root),
    )
