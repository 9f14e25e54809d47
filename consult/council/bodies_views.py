"""Staff pages: sharing a version with bodies, the comments of the bodies' non-public threads
on it, and a body's recommendations entered in one go.

Views are thin: load (404), check the permission (403), validate the form, one service call,
one commit, flash, 303. The services (consult.council.sharing, .recommendations) write the
audit records.
"""

from __future__ import annotations

import hashlib
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Optional

from consult.accounts.forms import max_length
from consult.comments import queries as comment_queries
from consult.council import recommendations, sharing
from consult.errors import DomainError
from consult.extensions import db
from consult.participation.common import find_by_idempotency_key, new_idempotency_key
from consult.plans import queries as plan_queries
from consult.plans.forms import BaseForm, MultiCheckboxField, language_choices
from consult.plans.models import Process, Version, VersionStatus
from consult.security import keeps_input, require
from consult.triage import services as triage
from consult.triage import split_queries
from consult.triage.models import GroupKind

bp = Blueprint("manage_bodies", __name__, url_prefix="/manage/processes")

INVALID = 422
CSS = "council_internal.css"


def _me():
    return current_user._get_current_object()


def _kind_title(kind: str) -> str:
    return GroupKind(kind).title


def _see_other(endpoint: str, anchor: str = "", **values):
    return redirect(url_for(endpoint, **values) + anchor, code=303)


# ---------------------------------------------------------------- sharing

class SharingForm(FlaskForm):
    bodies = MultiCheckboxField(_l("Bodies that read this version"))
    comments_open = BooleanField(_l("Members may comment on the sections"))

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies.choices = [(str(body.id), body.name) for body in bodies]


@bp.route("/<slug>/v/<int:number>/sharing", methods=["GET", "POST"])
@require("versions.share")
@keeps_input
def version_sharing(slug: str, number: int):
    process = plan_queries.manage_process_or_404(slug)
    version = plan_queries.manage_version_or_404(process, number)
    bodies = sharing.process_bodies(process)
    shares = sharing.shares_of(version)
    data = None
    if request.method == "GET":
        data = {
            "bodies": [str(share.group_id) for share in shares],
            "comments_open": all(share.comments_open for share in shares),
        }
    form = SharingForm(bodies=bodies, data=data)

    def page(status: int = 200):
        return render_template(
            "manage/bodies_sharing.html", process=process, version=version, bodies=bodies,
            shares=shares, form=form, member_counts=sharing.member_counts(process),
            kind_title=_kind_title, css=CSS,
            comment_count=comment_queries.body_comment_count(version),
        ), status

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(INVALID)
    chosen = [body for body in bodies if str(body.id) in (form.bodies.data or [])]
    try:
        sharing.share_version(version, chosen, actor=_me(), comments_open=form.comments_open.data)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        form.bodies.errors = [*form.bodies.errors, str(error)]
        return page(INVALID)
    if chosen:
        flash(
            ngettext(
                "Version %(number)s is shared with %(num)d body.",
                "Version %(number)s is shared with %(num)d bodies.",
                len(chosen), number=version.number,
            ),
            "success",
        )
    else:
        flash(_("Version %(number)s is not shared with any body.", number=version.number),
              "success")
    return _see_other(".version_sharing", slug=slug, number=number)


@bp.get("/<slug>/v/<int:number>/internal-comments")
@require("contributions.read")
def internal_comments(slug: str, number: int):
    """Every comment of the bodies' threads on the version, grouped by section."""
    process = plan_queries.manage_process_or_404(slug)
    version = plan_queries.manage_version_or_404(process, number)
    nodes = plan_queries.version_nodes(version)
    comments = comment_queries.body_comments(version)
    by_section: dict[int, list] = {}
    for comment in comments:
        by_section.setdefault(comment.section_id, []).append(comment)
    original = process.original_language
    groups = [
        (plan_queries.shown_text(node, original, original), by_section.pop(node.section_id))
        for node in nodes
        if node.section_id in by_section
    ]
    # Sections the version no longer holds (not expected, but never lose a comment).
    others = [comment for rest in by_section.values() for comment in rest]
    return render_template(
        "manage/bodies_internal_comments.html", process=process, version=version,
        groups=groups, others=others, total=len(comments),
        suggestion_counts=split_queries.suggestion_counts([c.id for c in comments]),
        css=CSS,
    )


# ---------------------------------------------------------------- recommendations

class RecommendationsForm(BaseForm):
    body = SelectField(
        _l("Body"), validators=[InputRequired(message=_l("Please choose the body."))]
    )
    version = SelectField(
        _l("Version"), validators=[InputRequired(message=_l("Please choose the version."))]
    )
    received_on = DateField(
        _l("Date received"),
        validators=[InputRequired(message=_l("Please enter the date it arrived."))],
    )
    language = SelectField(_l("Language of the text"), validators=[InputRequired()])
    text = TextAreaField(
        _l("The recommendations"),
        validators=[
            InputRequired(message=_l("Please enter the recommendations.")),
            max_length(recommendations.TEXT_MAX_LENGTH),
        ],
    )
    idempotency_key = HiddenField(validators=[Optional(), max_length(64)])
    previewed = HiddenField(validators=[Optional(), max_length(64)])

    def __init__(self, *args, bodies=(), versions=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = [("", str(_l("Please choose")))] + [
            (str(b.id), f"{b.name} ({_kind_title(b.kind)})") for b in bodies
        ]
        self.version.choices = [
            (str(v.number), _("Version %(number)s: %(title)s (%(status)s)", number=v.number,
                              title=v.title(v.process.original_language),
                              status=v.status_title))
            for v in versions
        ]
        self.language.choices = language_choices(languages)


def _digest(*parts) -> str:
    """What the preview showed: the same text, body, version and language save unchanged."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def _default_version(versions: list[Version]) -> Version | None:
    internal = [v for v in versions if v.status == VersionStatus.INTERNAL.value]
    return (internal or versions or [None])[-1]


def _languages(process: Process) -> list[str]:
    return list(dict.fromkeys([process.original_language, *(process.languages or [])]))


@bp.route("/<slug>/recommendations/new", methods=["GET", "POST"])
@require("statements.record")
@keeps_input
def new_recommendations(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    bodies = sharing.process_bodies(process)
    versions = sorted(process.versions, key=lambda v: v.number)
    data = None
    if request.method == "GET":
        chosen = request.args.get("version", type=int)
        version = next((v for v in versions if v.number == chosen), None)
        version = version or _default_version(versions)
        body = request.args.get("body", type=int)
        data = {
            "version": str(version.number) if version else "",
            "body": str(body) if any(b.id == body for b in bodies) else "",
            "received_on": date.today(),
            "language": process.original_language,
            "idempotency_key": new_idempotency_key(),
        }
    form = RecommendationsForm(
        bodies=bodies, versions=versions, languages=_languages(process), data=data
    )

    def page(status: int = 200, items=None, message=None, version=None):
        return render_template(
            "manage/bodies_recommendations.html", process=process, form=form, items=items,
            message=message, preview_version=version, bodies=bodies, css=CSS,
            section_title=lambda node: plan_queries.shown_text(
                node, process.original_language, process.original_language
            ),
        ), status

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(INVALID)
    body = next((b for b in bodies if str(b.id) == form.body.data), None)
    version = next((v for v in versions if str(v.number) == form.version.data), None)
    if body is None or version is None:
        return page(INVALID)
    try:
        text = recommendations.check_input(
            process, version, body, text=form.text.data, received_on=form.received_on.data,
            language=form.language.data,
        )
    except DomainError as error:
        form.text.errors = [*form.text.errors, str(error)]
        return page(INVALID)
    items = recommendations.parse_items(text, plan_queries.version_nodes(version))
    if not items:
        form.text.errors = [
            *form.text.errors,
            _("No recommendations were found. Please put each one in its own paragraph or "
              "list item."),
        ]
        return page(INVALID)
    digest = _digest(body.id, version.id, form.language.data, form.received_on.data, text)
    if request.form.get("action") != "save" or form.previewed.data != digest:
        changed = request.form.get("action") == "save"
        form.previewed.data = digest
        message = _(
            "The text changed since the preview. Please check the items again, then save."
        ) if changed else None
        return page(INVALID if changed else 200, items=items, message=message, version=version)
    return _save_recommendations(process, version, body, form, text, items, page)


def _save_recommendations(process, version, body, form, text, items, page):
    key = form.idempotency_key.data or None
    try:
        contribution, suggestions = recommendations.enter_recommendations(
            process, version, body, actor=_me(), text=text,
            received_on=form.received_on.data, language=form.language.data,
            idempotency_key=key,
        )
        db.session.commit()
    except IntegrityError:  # the same form sent twice at once: the other request stored it
        db.session.rollback()
        contribution = find_by_idempotency_key(process.id, key)
        if contribution is None:
            raise
        flash(_("These recommendations were saved already."), "info")
        return _see_other(
            "triage.split_contribution", slug=process.slug, contribution_id=contribution.id
        )
    except DomainError as error:
        db.session.rollback()
        form.text.errors = [*form.text.errors, str(error)]
        return page(INVALID, items=items, version=version)
    flash(
        ngettext(
            "%(num)d suggestion was taken from the recommendations of %(body)s: %(labels)s.",
            "%(num)d suggestions were taken from the recommendations of %(body)s: %(labels)s.",
            len(suggestions), body=body.name,
            labels=", ".join(triage.label(s) for s in suggestions),
        ),
        "success",
    )
    return _see_other(
        "triage.split_contribution", slug=process.slug, contribution_id=contribution.id
    )
