"""Final notices: the page behind the opt-out link of every notice, and the staff page that
shows a process's notices by version and sends the waiting and failed ones again.

Sending happens after the commit; `notices.send_pending` commits each notice as it goes.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from consult.accountability import notice_queries, notices
from consult.accountability import opt_out as opting_out
from consult.accountability.disposition import page_arg
from consult.accountability.models import NOTICE_STATUS_TITLES, NoticeStatus
from consult.accounts.forms import ActionForm
from consult.extensions import db
from consult.i18n import choosable_languages
from consult.plans import queries as plan_queries
from consult.security import require

bp = Blueprint("notices", __name__)
manage_bp = Blueprint("manage_notices", __name__, url_prefix="/manage")


def _private(response):
    """A page behind a secret link: not stored, not indexed, the link not passed on."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_language() -> str | None:
    lang = request.args.get("lang")
    return lang if lang in choosable_languages() else None


# ---------------------------------------------------------------- opting out


@bp.route("/notices/opt-out/<token>", methods=["GET", "POST"])
def opt_out(token: str):
    key = opting_out.read_opt_out_token(token)
    found = notice_queries.recipient_for_key(key) if key else None
    if found is None:
        response = make_response(render_template(
            "errors/error.html", status=404, title=_("This link is not valid"),
            message=_("Please use the link from your most recent final notice."),
        ), 404)
        return _private(response)
    account, address = found
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        choice = request.form.get("choice")
        if choice == "out":
            opting_out.opt_out(key)
            db.session.commit()
            flash(_("You will not receive final notices any more."), "success")
        elif choice == "in":
            opting_out.opt_in(key)
            db.session.commit()
            flash(_("You will receive final notices again."), "success")
        else:
            abort(400)
        return redirect(url_for(".opt_out", token=token, lang=_link_language()), code=303)
    response = make_response(render_template(
        "notices/opt_out.html",
        opted_out=opting_out.is_opted_out(key),
        address=notice_queries.masked(address),
        account=account is not None,
    ))
    return _private(response)


# ---------------------------------------------------------------- staff


def _me():
    return current_user._get_current_object()


@manage_bp.get("/processes/<slug>/notices")
@require("notices.manage")
def list_notices(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    summary = notice_queries.overview(process)
    number = request.args.get("version", type=int)
    chosen = next((s for s in summary if s.version.number == number), None)
    if chosen is None and summary:
        chosen = summary[0]
    status = request.args.get("status")
    status = status if status in {s.value for s in NoticeStatus} else None
    listing = (
        notice_queries.notices_page(chosen.version, status=status, page=page_arg(request.args))
        if chosen is not None else None
    )
    response = make_response(render_template(
        "manage/notices_list.html",
        process=process,
        summary=summary,
        chosen=chosen,
        status=status,
        statuses=list(NoticeStatus),
        status_titles=NOTICE_STATUS_TITLES,
        listing=listing,
        form=ActionForm(formdata=None),
    ))
    response.headers["Cache-Control"] = "no-store"
    return response


def _flash_sent(result: notices.SendResult) -> None:
    if result.sent:
        flash(ngettext("%(num)d final notice sent.", "%(num)d final notices sent.", result.sent),
              "success")
    if result.failed:
        flash(ngettext(
            "%(num)d final notice could not be sent; it is kept to be sent again.",
            "%(num)d final notices could not be sent; they are kept to be sent again.",
            result.failed,
        ), "error")
    if result.waiting:
        flash(ngettext(
            "%(num)d final notice is still waiting: send again to continue.",
            "%(num)d final notices are still waiting: send again to continue.",
            result.waiting,
        ), "warning")
    if not result.handled and not result.waiting:
        flash(_("There were no final notices to send."), "warning")


@manage_bp.post("/processes/<slug>/notices/send")
@require("notices.manage")
def send_notices(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    _flash_sent(notices.send_pending(
        process=process, actor=_me(), retry=True, limit=notices.send_limit()
    ))
    return redirect(url_for(".list_notices", slug=slug), code=303)


@manage_bp.post("/processes/<slug>/notices/plan")
@require("notices.manage")
def plan_notices(slug: str):
    process = plan_queries.manage_process_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        planned = notices.plan_missing(process, _me())
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        flash(_("Someone else prepared final notices at the same moment. Please check the "
                "numbers and try again."), "error")
        return redirect(url_for(".list_notices", slug=slug), code=303)
    flash(ngettext("%(num)d final notice prepared.", "%(num)d final notices prepared.", planned),
          "success")
    _flash_sent(notices.send_pending(process=process, actor=_me(), limit=notices.send_limit()))
    return redirect(url_for(".list_notices", slug=slug), code=303)
