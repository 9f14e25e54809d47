"""Staff pages for accounts and organisations (/manage/users, /manage/organisations)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from consult.accounts import organisations, services
from consult.accounts.forms import (
    ActionForm,
    AddMemberForm,
    MemberRoleForm,
    OrganisationFilterForm,
    OrganisationForm,
    RoleForm,
    UserFilterForm,
)
from consult.accounts.models import Membership, Organisation, User
from consult.errors import DomainError
from consult.extensions import db
from consult.security import can, require

bp = Blueprint("manage_accounts", __name__, url_prefix="/manage")

PER_PAGE = 25
INVALID = 422


def _me():
    return current_user._get_current_object()


def _page() -> int:
    page = request.args.get("page", 1, type=int)
    return page if page and 0 < page < 100_000 else 1


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        abort(404)
    return user


def _organisation_or_404(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        abort(404)
    return org


def _membership_or_404(org: Organisation, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != org.id:
        abort(404)
    return membership


def _check_action_form() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


# --- accounts ---------------------------------------------------------------------


@bp.get("/users")
@require("users.manage")
def list_users():
    form = UserFilterForm(request.args)
    if not form.validate():
        abort(400)
    pagination = db.paginate(
        services.search_users(form.q.data, form.role.data or None),
        page=_page(), per_page=PER_PAGE, error_out=False,
    )
    return render_template("manage/users_list.html", form=form, pagination=pagination)


def _render_user(user: User, status: int = 200, role_form=None):
    return render_template(
        "manage/users_edit.html",
        user=user,
        role_form=role_form or RoleForm(formdata=None, role=user.role),
        action_form=ActionForm(formdata=None),
        memberships=sorted(
            db.session.scalars(
                select(Membership)
                .where(Membership.user_id == user.id)
                .options(joinedload(Membership.organisation))
            ).all(),
            key=lambda m: m.organisation.name.lower(),
        ),
    ), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require("users.manage")
def edit_user(user_id: int):
    user = _user_or_404(user_id)
    if request.method == "GET":
        return _render_user(user)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_user(user, INVALID, form)
    try:
        services.change_role(user, form.role.data, _me())
    except DomainError as error:
        form.role.errors = [*form.role.errors, str(error)]
        return _render_user(user, INVALID, form)
    db.session.commit()
    flash(_("The role is saved."), "success")
    if not can(current_user, "users.manage"):  # an administrator gave up the role
        return redirect(url_for("accounts.profile"))
    return redirect(url_for(".edit_user", user_id=user.id))


def _set_active(user_id: int, active: bool):
    user = _user_or_404(user_id)
    _check_action_form()
    try:
        services.set_user_active(user, active, _me())
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _("The account is active again.") if active else _("The account is deactivated."),
            "success",
        )
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/deactivate")
@require("users.manage")
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@require("users.manage")
def reactivate_user(user_id: int):
    return _set_active(user_id, True)


# --- organisations ------------------------------------------------------------------


@bp.get("/organisations")
@require("organisations.manage")
def list_organisations():
    form = OrganisationFilterForm(request.args)
    if not form.validate():
        abort(400)
    statement = select(Organisation)
    if form.q.data:
        statement = statement.where(Organisation.name.icontains(form.q.data, autoescape=True))
    if form.status.data == "verified":
        statement = statement.where(Organisation.verified_at.is_not(None))
    elif form.status.data == "unverified":
        statement = statement.where(Organisation.verified_at.is_(None))
    pagination = db.paginate(
        statement.order_by(func.lower(Organisation.name), Organisation.id),
        page=_page(), per_page=PER_PAGE, error_out=False,
    )
    ids = [org.id for org in pagination.items]
    member_counts = dict(
        db.session.execute(
            select(Membership.organisation_id, func.count())
            .where(Membership.organisation_id.in_(ids))
            .group_by(Membership.organisation_id)
        ).all()
    ) if ids else {}
    return render_template(
        "manage/organisations_list.html", form=form, pagination=pagination,
        member_counts=member_counts,
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@require("organisations.manage")
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = organisations.create_organisation(_me(), **form.values())
        except DomainError as error:
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The organisation is created."), "success")
            return redirect(url_for(".edit_organisation", org_id=org.id))
    status = INVALID if request.method == "POST" else 200
    return render_template("manage/organisations_new.html", form=form), status


def _render_organisation(org: Organisation, status: int = 200, form=None, add_form=None):
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.organisation_id == org.id)
        .options(joinedload(Membership.user))
        .order_by(Membership.id)
    ).all()
    return render_template(
        "manage/organisations_edit.html",
        org=org,
        form=form or OrganisationForm(formdata=None, obj=org),
        add_form=add_form or AddMemberForm(prefix="add", formdata=None),
        role_form_for=lambda m: MemberRoleForm(prefix=f"m{m.id}", formdata=None, role=m.role),
        action_form=ActionForm(formdata=None),
        memberships=sorted(memberships, key=lambda m: services.person_name(m.user).lower()),
        verifier=db.session.get(User, org.verified_by_id) if org.verified_by_id else None,
        may_verify=can(current_user, "organisations.verify"),
    ), status


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
@require("organisations.manage")
def edit_organisation(org_id: int):
    org = _organisation_or_404(org_id)
    if request.method == "GET":
        return _render_organisation(org)
    form = OrganisationForm()
    if not form.validate_on_submit():
        return _render_organisation(org, INVALID, form=form)
    try:
        organisations.update_organisation(org, _me(), **form.values())
    except DomainError as error:
        form.name.errors = [*form.name.errors, str(error)]
        return _render_organisation(org, INVALID, form=form)
    db.session.commit()
    flash(_("The organisation is saved."), "success")
    return redirect(url_for(".edit_organisation", org_id=org.id))


def _set_verified(org_id: int, verified: bool):
    org = _organisation_or_404(org_id)
    _check_action_form()
    organisations.set_verified(org, verified, _me())
    db.session.commit()
    flash(
        _("The organisation is marked as verified.") if verified
        else _("The organisation is no longer marked as verified."),
        "success",
    )
    return redirect(url_for(".edit_organisation", org_id=org.id))


@bp.post("/organisations/<int:org_id>/verify")
@require("organisations.verify")
def verify_organisation(org_id: int):
    return _set_verified(org_id, True)


@bp.post("/organisations/<int:org_id>/unverify")
@require("organisations.verify")
def unverify_organisation(org_id: int):
    return _set_verified(org_id, False)


@bp.post("/organisations/<int:org_id>/members")
@require("organisations.manage")
def add_member(org_id: int):
    org = _organisation_or_404(org_id)
    form = AddMemberForm(prefix="add")
    if not form.validate_on_submit():
        return _render_organisation(org, INVALID, add_form=form)
    try:
        organisations.add_member(org, form.email.data, form.role.data, _me())
    except DomainError as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _render_organisation(org, INVALID, add_form=form)
    db.session.commit()
    flash(_("The person is now a member of the organisation."), "success")
    return redirect(url_for(".edit_organisation", org_id=org.id) + "#members")


@bp.post("/organisations/<int:org_id>/members/<int:membership_id>/remove")
@require("organisations.manage")
def remove_member(org_id: int, membership_id: int):
    org = _organisation_or_404(org_id)
    membership = _membership_or_404(org, membership_id)
    _check_action_form()
    try:
        organisations.remove_member(org, membership, _me())
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The person is no longer a member of the organisation."), "success")
    return redirect(url_for(".edit_organisation", org_id=org.id) + "#members")


@bp.post("/organisations/<int:org_id>/members/<int:membership_id>/role")
@require("organisations.manage")
def set_member_role(org_id: int, membership_id: int):
    org = _organisation_or_404(org_id)
    membership = _membership_or_404(org, membership_id)
    form = MemberRoleForm(prefix=f"m{membership.id}")
    if not form.validate_on_submit():
        abort(400)
    try:
        organisations.set_member_role(org, membership, form.role.data, _me())
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The role in the organisation is saved."), "success")
    return redirect(url_for(".edit_organisation", org_id=org.id) + "#members")
