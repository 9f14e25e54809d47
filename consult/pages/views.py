from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult import i18n
from consult.extensions import db
from consult.plans.models import Process
from consult.security import safe_next

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    processes = db.session.scalars(
        select(Process)
        .where(Process.is_public.is_(True))
        .options(selectinload(Process.texts), selectinload(Process.phases))
        .order_by(Process.created_at.desc())
    ).all()
    return render_template("pages/index.html", processes=processes)


@bp.post("/language")
def set_language():
    """The language switcher (CSRF-protected POST): remember the choice and go back."""
    code = request.form.get("lang", "")
    if code in i18n.choosable_languages():
        session["lang"] = code
    target = safe_next(request.form.get("next"), url_for("pages.index"))
    # Drop an explicit ?lang= from the target so the new choice applies.
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(target)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "lang"])
    return redirect(urlunsplit(("", "", parts.path, query, "")) or "/")


@bp.get("/leichte-sprache")
def easy_language():
    return render_template("pages/easy_language.html")


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.get("/datenschutz")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/health")
def health():
    return {"status": "ok"}
