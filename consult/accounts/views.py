"""Accounts (log in, register, confirm, passwords, profile) and public organisation pages."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consult.accounts import organisations, services
from consult.accounts.forms import (
    MEMBERSHIP_ROLE_TITLES,
    ActionForm,
    AddMemberForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    OrganisationForm,
    PasswordResetForm,
    ProfileForm,
    RegistrationForm,
)
from consult.accounts.models import Membership, Organisation
from consult.errors import DomainError, ValidationFailed
from consult.extensions import db, limiter
from consult.i18n import choosable_languages, select_language
from consult.security import can, keeps_input, safe_next

bp = Blueprint("accounts", __name__, url_prefix="/account")
# Public organisation profiles at /o/<slug>.
orgs_bp = Blueprint("organisations", __name__, url_prefix="/o")

INVALID = 422  # a form came back with errors


def _post_limit() -> str:
    return current_app.config.get("ACCOUNT_RATE_LIMIT", "10 per minute")


def _login_limit() -> str:
    return current_app.config.get("LOGIN_RATE_LIMIT", "10 per minute")


post_limit = limiter.limit(_post_limit, methods=["POST"])


@bp.app_template_global("person_name")
def person_name(user) -> str:
    return services.person_name(user)


@bp.app_template_global("membership_role_title")
def membership_role_title(role: str) -> str:
    return str(MEMBERSHIP_ROLE_TITLES.get(role, role))


@bp.before_app_request
def end_sessions_of_inactive_accounts() -> None:
    """An account deactivated or deleted while logged in is logged out at its next request."""
    if current_user.is_authenticated and not current_user.is_active:
        logout_user()
        _clear_session()


def _link_language() -> str | None:
    """The valid `?lang=` of an e-mail link, kept on the pages that follow it."""
    language = request.args.get("lang")
    return language if language in choosable_languages() else None


def _me():
    """The logged-in account itself (not the request-bound proxy)."""
    return current_user._get_current_object()


def _clear_session(keep_language: bool = True) -> None:
    language = session.get("lang")
    session.clear()
    if keep_language and language:
        session["lang"] = language


def _start_session(user) -> None:
    """A fresh session for the account (the old one's contents are dropped)."""
    _clear_session(keep_language=not user.preferred_language)
    session.permanent = True
    login_user(user)


# --- log in and out -------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@keeps_input
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    target = safe_next(form.next.data or request.args.get("next"), url_for(".profile"))
    if current_user.is_authenticated:
        return redirect(target)
    if request.method == "GET":
        form.next.data = target if target != url_for(".profile") else ""
    error = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountUnconfirmed as unconfirmed:
            resend_form = EmailForm(prefix="resend", formdata=None, email=unconfirmed.user.email)
            return render_template(
                "accounts/account_unconfirmed.html", resend_form=resend_form
            ), 403
        except (services.LoginFailed, services.AccountInactive) as failure:
            db.session.commit()  # keeps the count of failed attempts
            error = str(failure)
        else:
            _start_session(user)
            db.session.commit()
            flash(_("You are logged in."), "success")
            return redirect(target)
    status = INVALID if request.method == "POST" else 200
    return render_template("accounts/account_login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    logout_user()
    _clear_session()
    flash(_("You are logged out."), "success")
    return redirect(url_for("pages.index"))


# --- registration and confirmation ----------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@keeps_input
@post_limit
def register():
    if current_user.is_authenticated:
        return redirect(url_for(".profile"))
    form = RegistrationForm()
    if request.method == "GET":
        form.preferred_language.data = select_language()
    if form.validate_on_submit():
        if form.homepage.data:
            return redirect(url_for(".check_email"))
        try:
            new, existing = services.register_account(
                display_name=form.display_name.data,
                email=form.email.data,
                password=form.password.data,
                language=form.preferred_language.data,
            )
        except ValidationFailed as error:
            form.password.errors = [*form.password.errors, str(error)]
        else:
            db.session.commit()
            if new is not None:
                services.send_confirmation_mail(new)
            elif existing is not None:
                services.send_existing_account_mail(existing)
            return redirect(url_for(".check_email"))
    status = INVALID if request.method == "POST" else 200
    return render_template("accounts/account_register.html", form=form), status


@bp.get("/register/check-your-email")
def check_email():
    return render_template("accounts/account_check_email.html")


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    try:
        services.confirm_email(token)
    except services.TokenInvalid as error:
        return render_template(
            "accounts/token_invalid.html", message=str(error), purpose="confirm",
            resend_form=EmailForm(prefix="resend"),
        ), 400
    db.session.commit()
    flash(_("Thank you: your e-mail address is confirmed."), "success")
    language = _link_language()
    if current_user.is_authenticated:
        return redirect(url_for(".profile", lang=language))
    return redirect(url_for(".login", lang=language))


@bp.route("/confirm/resend", methods=["GET", "POST"])
@keeps_input
@post_limit
def resend_confirmation():
    form = EmailForm(prefix="resend")
    if form.validate_on_submit():
        user = services.account_awaiting_confirmation(form.email.data)
        if user is not None:
            services.send_confirmation_mail(user)
        flash(
            _("If an account with this address is waiting for confirmation, we have sent a new "
              "link to it. Please check your e-mail."),
            "success",
        )
        return redirect(url_for(".login"))
    status = INVALID if request.method == "POST" else 200
    return render_template("accounts/confirmation_resend.html", form=form), status


# --- passwords --------------------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@keeps_input
@post_limit
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        user = services.account_for_password_reset(form.email.data)
        if user is not None:
            services.send_reset_mail(user)
        flash(
            _("If an account exists for this address, we have sent a link to set a new "
              "password to it. Please check your e-mail."),
            "success",
        )
        return redirect(url_for(".login"))
    status = INVALID if request.method == "POST" else 200
    return render_template("accounts/password_forgot.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@keeps_input
@post_limit
def reset_password(token: str):
    try:
        services.check_reset_token(token)
    except services.TokenInvalid as error:
        return render_template(
            "accounts/token_invalid.html", message=str(error), purpose="reset"
        ), 400
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except DomainError as error:
            form.password.errors = [*form.password.errors, str(error)]
        else:
            db.session.commit()
            services.send_password_changed_mail(user)
            if current_user.is_authenticated:
                logout_user()
                _clear_session()
            flash(_("Your new password is set. You can log in with it now."), "success")
            return redirect(url_for(".login", lang=_link_language()))
    status = INVALID if request.method == "POST" else 200
    return render_template(
        "accounts/password_reset.html", form=form, token=token, link_language=_link_language()
    ), status


# --- profile ---------------------------------------------------------------------------


def _memberships_of(user) -> list[Membership]:
    """The account's memberships with their organisations: one query."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id)
            .options(joinedload(Membership.organisation))
        ).all()
    )


def _render_profile(status: int = 200, **forms):
    user = current_user
    memberships = sorted(_memberships_of(user), key=lambda m: m.organisation.name.lower())
    if "profile_form" not in forms:
        forms["profile_form"] = ProfileForm(prefix="profile", formdata=None, obj=user)
        if not user.preferred_language:
            forms["profile_form"].preferred_language.data = select_language()
    forms.setdefault("password_form", ChangePasswordForm(prefix="password", formdata=None))
    forms.setdefault("delete_form", DeleteAccountForm(prefix="delete", formdata=None))
    return render_template(
        "accounts/account_profile.html",
        user=user,
        memberships=memberships,
        export_form=ActionForm(prefix="export", formdata=None),
        leave_form=ActionForm(prefix="leave", formdata=None),
        **forms,
    ), status


@bp.get("/")
@login_required
def profile():
    return _render_profile()


@bp.post("/settings")
@login_required
@post_limit
def update_profile():
    form = ProfileForm(prefix="profile")
    if not form.validate_on_submit():
        return _render_profile(INVALID, profile_form=form)
    try:
        services.update_profile(
            _me(),
            display_name=form.display_name.data,
            preferred_language=form.preferred_language.data,
        )
    except ValidationFailed as error:
        form.display_name.errors = [*form.display_name.errors, str(error)]
        return _render_profile(INVALID, profile_form=form)
    db.session.commit()
    if current_user.preferred_language:
        session["lang"] = current_user.preferred_language
    flash(_("Your profile is saved."), "success")
    return redirect(url_for(".profile"))


@bp.post("/password")
@login_required
@post_limit
def change_password():
    form = ChangePasswordForm(prefix="password")
    if not form.validate_on_submit():
        return _render_profile(INVALID, password_form=form)
    user = _me()
    try:
        services.change_password(user, form.current_password.data, form.password.data)
    except ValidationFailed as error:
        form.current_password.errors = [*form.current_password.errors, str(error)]
        return _render_profile(INVALID, password_form=form)
    _start_session(user)  # this session stays valid; all others end
    db.session.commit()
    services.send_password_changed_mail(user)
    flash(_("Your password is changed. You were logged out everywhere else."), "success")
    return redirect(url_for(".profile"))


@bp.post("/export")
@login_required
@post_limit
def export_data():
    form = ActionForm(prefix="export")
    if not form.validate_on_submit():
        abort(400)
    data = services.export_account_data(_me())
    db.session.commit()
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="my-consult-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/delete")
@login_required
@post_limit
def delete_account():
    form = DeleteAccountForm(prefix="delete")
    if not form.validate_on_submit():
        return _render_profile(INVALID, delete_form=form)
    try:
        services.delete_account(_me(), form.password.data)
    except DomainError as error:
        form.password.errors = [*form.password.errors, str(error)]
        return _render_profile(INVALID, delete_form=form)
    db.session.commit()
    logout_user()
    _clear_session()
    flash(_("Your account is deleted. Your contributions remain without your name."), "success")
    return redirect(url_for("pages.index"))


# --- organisations (for their members) ------------------------------------------------


def _organisation_or_404(slug: str) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        abort(404)
    return org


def _may_manage_members(org: Organisation) -> bool:
    return can(current_user, "organisations.manage") or organisations.is_manager(current_user, org)


@bp.route("/organisations/new", methods=["GET", "POST"])
@keeps_input
@login_required
@post_limit
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = organisations.register_organisation(_me(), **form.values())
        except DomainError as error:
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(
                _("The organisation is registered. The city will check it and mark it as "
                  "verified."),
                "success",
            )
            return redirect(url_for(".organisation_members", slug=org.slug))
    status = INVALID if request.method == "POST" else 200
    return render_template("organisations/organisation_new.html", form=form), status


def _render_members(org: Organisation, status: int = 200, add_form=None):
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.organisation_id == org.id)
        .options(joinedload(Membership.user))
        .order_by(Membership.id)
    ).all()
    return render_template(
        "organisations/members_edit.html",
        org=org,
        memberships=sorted(memberships, key=lambda m: person_name(m.user).lower()),
        add_form=add_form or AddMemberForm(prefix="add", formdata=None),
        action_form=ActionForm(formdata=None),
    ), status


@bp.get("/organisations/<slug>/members")
@login_required
def organisation_members(slug: str):
    org = _organisation_or_404(slug)
    if not _may_manage_members(org):
        abort(403)
    return _render_members(org)


@bp.post("/organisations/<slug>/members")
@login_required
@post_limit
def add_organisation_member(slug: str):
    org = _organisation_or_404(slug)
    if not _may_manage_members(org):
        abort(403)
    form = AddMemberForm(prefix="add")
    if not form.validate_on_submit():
        return _render_members(org, INVALID, form)
    try:
        organisations.add_member(org, form.email.data, form.role.data, _me())
    except DomainError as error:
        form.email.errors = [*form.email.errors, str(error)]
        return _render_members(org, INVALID, form)
    db.session.commit()
    flash(_("The person is now a member of the organisation."), "success")
    return redirect(url_for(".organisation_members", slug=org.slug))


@bp.post("/organisations/<slug>/members/<int:membership_id>/remove")
@login_required
@post_limit
def remove_organisation_member(slug: str, membership_id: int):
    org = _organisation_or_404(slug)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != org.id:
        abort(404)
    leaving = membership.user_id == current_user.id
    if not (leaving or _may_manage_members(org)):
        abort(403)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        organisations.remove_member(org, membership, _me())
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _("You have left the organisation.") if leaving
            else _("The person is no longer a member of the organisation."),
            "success",
        )
    if leaving and not _may_manage_members(org):
        return redirect(url_for(".profile"))
    return redirect(url_for(".organisation_members", slug=org.slug))


# --- public organisation profiles ----------------------------------------------------------


@orgs_bp.get("/<slug>")
def show_organisation(slug: str):
    org = _organisation_or_404(slug)
    return render_template(
        "organisations/organisation_show.html",
        org=org,
        may_manage_members=current_user.is_authenticated and _may_manage_members(org),
        may_edit=can(current_user, "organisations.manage"),
    )
