"""Staff pages: generating the adopted version from the adopted points.

The preview shows every adopted point with its section and the word diff it causes, asks how
each section reads where adopted points contradict each other, lists the points that are not
applied, and takes the new version's label. Sending it generates the version in one
transaction (consult.council.adoption).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from consult.council import adoption
from consult.council import services as council
from consult.council.adoption import MANUAL, POINT_PREFIX, AdoptionPlan, Resolution
from consult.council.models import AmendmentPoint, PointApplication, PointKind
from consult.diff import word_diff
from consult.errors import DomainError, StaleEdit
from consult.extensions import db
from consult.i18n import language_name_in
from consult.markup import plain_text
from consult.plans import queries as plan_queries
from consult.plans.forms import (
    BaseForm,
    LanguageFieldsMixin,
    MultiCheckboxField,
    choices,
    field_name,
)
from consult.plans.models import Process, Version
from consult.security import keeps_input, require

bp = Blueprint("manage_adoption", __name__, url_prefix="/manage/processes")

INVALID = 422
CONFLICT = 409
MAX_LABEL = 200
MAX_TITLE = 300
MAX_BODY = 100_000
# Prefilled labels of the new version, per content language.
DEFAULT_LABELS = {"de": "Beschlossene Fassung", "en": "Adopted version"}


# --- the form ----------------------------------------------------------------------------


class AdoptionFormBase(LanguageFieldsMixin, BaseForm):
    adopt = BooleanField(_l("Mark the new version as adopted and publish it now"))
    plan = HiddenField()

    conflict_ids: list[int] = []

    def resolutions(self) -> dict[int, Resolution]:
        result = {}
        for section_id in self.conflict_ids:
            choice = self[f"resolution_{section_id}"].data or ""
            if not choice:
                continue
            considered = None
            if choice == MANUAL:
                considered = tuple(
                    int(value) for value in self[f"considered_{section_id}"].data or ()
                    if str(value).isdigit()
                )
            result[section_id] = Resolution(
                choice=choice,
                title=self[f"title_{section_id}"].data or "",
                body=self[f"body_{section_id}"].data or "",
                considered=considered,
            )
        return result


def _in_language(text: str, code: str) -> str:
    from flask_babel import get_locale

    return _("%(field)s (%(language)s)", field=text,
             language=language_name_in(code, str(get_locale() or "de")))


def adoption_form_class(process: Process, plan: AdoptionPlan) -> type[AdoptionFormBase]:
    original = process.original_language
    attrs: dict[str, Any] = {
        "language_codes": list(process.languages),
        "conflict_ids": [change.section_id for change in plan.conflicts],
    }
    for code in process.languages:
        required = InputRequired() if code == original else Optional()
        attrs[field_name("label", code)] = StringField(
            _in_language(_("Label"), code), validators=[required, Length(max=MAX_LABEL)]
        )
    attrs[field_name("changelog", original)] = TextAreaField(
        _in_language(_("What is new (Markdown)"), original),
        validators=[Optional(), Length(max=MAX_BODY)],
    )
    for change in plan.conflicts:
        section_id = change.section_id
        options = [
            (f"{POINT_PREFIX}{point.id}", _("Take point %(label)s", label=point.label))
            for point in change.points
        ]
        options.append((MANUAL, _("Write the text by hand")))
        attrs[f"resolution_{section_id}"] = RadioField(
            _("How section %(section)s reads in the adopted version", section=change.node.number),
            choices=choices(options), validators=[Optional()],
        )
        attrs[f"title_{section_id}"] = StringField(
            _("Title"), validators=[Optional(), Length(max=MAX_TITLE)]
        )
        attrs[f"body_{section_id}"] = TextAreaField(
            _("Text (Markdown)"), validators=[Optional(), Length(max=MAX_BODY)]
        )
        attrs[f"considered_{section_id}"] = MultiCheckboxField(
            _("Points this text takes into account"),
            choices=choices(
                (point.id, _("Point %(label)s", label=point.label)) for point in change.points
            ),
            validators=[Optional()],
        )
    return type("AdoptionForm", (AdoptionFormBase,), attrs)


def _initial(process: Process, plan: AdoptionPlan) -> dict[str, Any]:
    data: dict[str, Any] = {"adopt": True, "plan": plan.fingerprint}
    for code in process.languages:
        if code in DEFAULT_LABELS:
            data[field_name("label", code)] = DEFAULT_LABELS[code]
    for change in plan.conflicts:
        data[f"title_{change.section_id}"] = change.old_title
        data[f"body_{change.section_id}"] = change.old_body
        data[f"considered_{change.section_id}"] = [str(point.id) for point in change.points]
    return data


# --- what the page shows -----------------------------------------------------------------


def _diff(old_title: str, old_body: str, new_title: str, new_body: str) -> dict[str, Any]:
    return {
        "title": word_diff(old_title, new_title),
        "body": word_diff(plain_text(old_body), plain_text(new_body)),
    }


def _candidates(change) -> list[dict[str, Any]]:
    """What the section would read like with each of its conflicting points."""
    result = []
    for point in change.points:
        deleted = point.kind == PointKind.DELETE
        title = "" if deleted else (point.new_title or change.old_title)
        body = "" if deleted else (point.new_body or "")
        result.append({
            "choice": f"{POINT_PREFIX}{point.id}", "point": point, "deleted": deleted,
            "diff": _diff(change.old_title, change.old_body, title, body),
        })
    return result


def _entries(plan: AdoptionPlan) -> list[dict[str, Any]]:
    entries = []
    for entry in plan.entries:
        if isinstance(entry, adoption.SectionAddition):
            entries.append({
                "kind": "addition", "addition": entry, "node": entry.after,
                "language": entry.language, "points": [entry.point],
                "diff": _diff("", "", entry.title, entry.body),
            })
            continue
        item = {
            "kind": "conflict" if entry.conflict else ("delete" if entry.deleted else "replace"),
            "change": entry, "node": entry.node, "language": entry.language,
            "points": entry.points,
        }
        if entry.conflict:
            item["candidates"] = _candidates(entry)
        else:
            item["diff"] = _diff(
                entry.old_title, entry.old_body,
                entry.new_title or "" if not entry.deleted else "",
                entry.new_body or "" if not entry.deleted else "",
            )
        entries.append(item)
    return entries


def _changed_points(plan: AdoptionPlan) -> set[int]:
    return {
        point.id for point in plan.points
        if point.section_id in plan.nodes
        and council.text_changed(point, plan.nodes[point.section_id])
    }


def _section_title(node, language: str) -> str:
    text = node.text(language) if node is not None else None
    return text.title if text is not None else ""


def _render(process: Process, version: Version, plan: AdoptionPlan | None, form=None, *,
            others: list[AmendmentPoint] | None = None, nodes=None, message: str | None = None,
            status: int = 200):
    if plan is not None:
        others, nodes = plan.other_points, plan.nodes
    return render_template(
        "manage/adoption_preview.html",
        process=process, version=version, plan=plan, form=form, message=message,
        entries=_entries(plan) if plan is not None and not plan.applied else [],
        changed=_changed_points(plan) if plan is not None else set(),
        others=others or [], nodes=nodes or {}, section_title=_section_title,
    ), status


def _load(slug: str, number: int) -> tuple[Process, Version]:
    process = plan_queries.manage_process_or_404(slug)
    return process, plan_queries.manage_version_or_404(process, number)


def _plan_or_none(version: Version, resolutions=None) -> AdoptionPlan | None:
    try:
        return adoption.plan_adoption(version, resolutions)
    except DomainError:
        return None


def _nothing_adopted(process: Process, version: Version):
    _adopted, others = adoption.amendment_points(version)
    nodes = {node.section_id: node for node in plan_queries.version_nodes(version)}
    return _render(process, version, None, others=others, nodes=nodes)


# --- routes ------------------------------------------------------------------------------


@bp.get("/<slug>/v/<int:number>/adopt")
@require("amendments.manage")
def preview(slug: str, number: int):
    process, version = _load(slug, number)
    plan = _plan_or_none(version)
    if plan is None:
        return _nothing_adopted(process, version)
    form = adoption_form_class(process, plan)(data=_initial(process, plan))
    return _render(process, version, plan, form)


@bp.post("/<slug>/v/<int:number>/adopt")
@require("amendments.manage")
@keeps_input
def generate(slug: str, number: int):
    process, version = _load(slug, number)
    back = url_for(".preview", slug=slug, number=number)
    base = _plan_or_none(version)
    if base is None:
        flash(_("No point of an amendment to this version has been adopted."), "error")
        return redirect(back, code=303)
    form = adoption_form_class(process, base)()
    resolutions = form.resolutions()
    if not form.validate_on_submit():
        return _render_again(process, version, form, resolutions, INVALID)
    try:
        new = adoption.generate_adopted_version(
            version, actor=current_user._get_current_object(), label=form.values("label"),
            resolutions=resolutions, adopt=form.adopt.data,
            changelog=form.values("changelog"), expected=form.plan.data or None,
        )
        db.session.commit()
    except adoption.AlreadyApplied as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(url_for("manage.show_version", slug=slug, number=error.version_number),
                        code=303)
    except StaleEdit as error:
        db.session.rollback()
        return _render_again(process, version, form, resolutions, CONFLICT, str(error),
                             refresh=True)
    except DomainError as error:
        db.session.rollback()
        return _render_again(process, version, form, resolutions, INVALID, str(error))
    except IntegrityError:
        # Someone generated the version at the same moment: one of the two stays.
        db.session.rollback()
        flash(_("The adopted version was generated by someone else at the same time."),
              "warning")
        return redirect(back, code=303)
    count = db.session.scalar(
        select(func.count(PointApplication.id)).where(PointApplication.version_id == new.id)
    ) or 0
    if form.adopt.data:
        text = ngettext(
            "Version %(number)s was generated from %(num)d adopted point; it is adopted and "
            "published.",
            "Version %(number)s was generated from %(num)d adopted points; it is adopted and "
            "published.",
            count, number=new.number,
        )
    else:
        text = ngettext(
            "Version %(number)s was generated from %(num)d adopted point as a draft.",
            "Version %(number)s was generated from %(num)d adopted points as a draft.",
            count, number=new.number,
        )
    flash(text, "success")
    return redirect(url_for("manage.show_version", slug=slug, number=new.number), code=303)


def _render_again(process, version, form, resolutions, status: int, message: str | None = None,
                  *, refresh: bool = False):
    """The preview again, with what was typed and the errors at the sections they concern."""
    plan = _plan_or_none(version, resolutions)
    if plan is None:
        return _nothing_adopted(process, version)
    if plan.applied:
        return _render(process, version, plan, form, message=message, status=status)
    submitted = request.method == "POST" and status != CONFLICT
    for change in plan.conflicts:
        name = f"resolution_{change.section_id}"
        if change.error and submitted and name in form:
            form[name].errors = [*form[name].errors, change.error]
    if refresh:
        form.plan.data = plan.fingerprint
    return _render(process, version, plan, form, message=message, status=status)
