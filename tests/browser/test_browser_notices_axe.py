"""axe-core on the pages of "what became of my statement" and final notices, in German and
Arabic (right to left): the private tracking page with suggestions in every state, the
author's page with statements and comments, the opt-out page in both states and with a bad
link, the staff page of a process's notices and the publish page that announces them; and a
person opting out with the keyboard."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accountability import notices, opt_out
from consult.accountability.models import FinalNotice, NoticeOptOut
from consult.accounts.models import Role, User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from tests.helpers_participation import add_comment
from tests.helpers_triage import node, section

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]
PARAGRAPHS = [
    "Wir wünschen uns Sprachkurse am Abend.",
    "Bitte auch Kinderbetreuung während der Kurse.",
    "Und ein Beratungsbüro im Stadtteil.",
]

# (id, role of the signed-in person or None, path with {placeholders}, status, what must show)
PAGES = [
    ("tracking", None, "/track/{token}", 200, "main .tracked-list .outcome-item .outcome-badge"),
    ("my-statements", "resident", "/statements/mine", 200, "main #comments ~ section .outcome-item"),
    ("opt-out", None, "/notices/opt-out/{opt_in_token}", 200, "main form button"),
    ("opted-out", None, "/notices/opt-out/{opted_out_token}", 200, "main [role=status]"),
    ("opt-out-invalid", None, "/notices/opt-out/not-a-token", 404, "main h1"),
    ("manage-notices", "staff", "/manage/processes/lip/notices", 200, "main table#notices tbody tr"),
    ("publish-decisions", "staff", "/manage/processes/lip/versions/2/decisions", 200,
     "main #notice-recipients"),
]


def seed(app, make_user, me) -> dict:
    """A statement by `me` (or a resident) on version 1 split into three suggestions (one
    open, one published with an Arabic reason and a text change, one published), a comment
    of theirs answered, a statement by e-mail decided but not published on version 2, and
    final notices (one failed) for what is published."""
    author = me if me is not None and me.role == Role.RESIDENT else make_user()
    staff = make_user(role=Role.STAFF)
    admin = make_user(role=Role.ADMIN)
    comment_id = add_comment(app, author, "Mehr Bänke im Park, bitte.", number=2)
    with app.test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        versions = {v.number: v for v in process.versions}
        staff, admin = db.session.get(User, staff.id), db.session.get(User, admin.id)
        body = "\n\n".join(PARAGRAPHS)
        statement, token = statement_services.submit_statement(
            process, db.session.get(User, author.id),
            statement_services.Submission(
                body=body, title="Sprachkurse", sections=[section(process.id, "g1")],
                version=versions[1],
            ),
            [], today=date.today(),
        )
        parts, offset = [], 0
        for paragraph in PARAGRAPHS:
            start = body.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        _open, changed, noted = parts
        services.decide(changed, actor=admin, outcome="partly_accepted",
                        public_reason="Kurse am Abend kommen ab Herbst.")
        services.set_reason_translation(changed, language="ar",
                                        text="ستبدأ الدورات المسائية في الخريف.", actor=staff)
        services.link_change(changed, node(process.id, 2, "g1"), actor=staff)
        services.decide(noted, actor=admin, outcome="noted", public_reason="Wird geprüft.")
        comment = services.split_whole(db.session.get(Contribution, comment_id), actor=staff)
        services.decide(comment, actor=admin, outcome="accepted", public_reason="")
        for suggestion in (changed, noted, comment):
            services.publish(suggestion, actor=admin)
        letter = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="email", received_on=date.today(), body="Mehr Radwege.",
                sections=[section(process.id, "g1")], version=versions[2],
                email="brief@example.org",
            ),
            [], today=date.today(),
        )
        services.decide(services.split_whole(letter, actor=staff), actor=admin,
                        outcome="not_accepted", public_reason="Nicht Teil dieses Plans.")
        notices.plan_missing(process, staff)
        notice = db.session.scalar(select(FinalNotice))
        notice.status, notice.attempts = "failed", 1
        notice.last_error = "ConnectionRefusedError: [Errno 111] Connection refused"
        db.session.add(NoticeOptOut(recipient_key="weg@example.org"))
        db.session.commit()
        assert db.session.get(Version, versions[2].id).is_public
        return {
            "token": token,
            "opt_in_token": opt_out.opt_out_token("brief@example.org"),
            "opted_out_token": opt_out.opt_out_token("weg@example.org"),
        }


@pytest.fixture
def signed_in(csrf_app, context, live_server, make_user):
    """A user with `role`, signed in by a session cookie."""

    def do(role: str):
        user = make_user(role=role)
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )
        return user

    return do


def _url(path: str, language: str) -> str:
    return path if language == "de" else f"{path}?lang={language}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "role", "path", "status", "shows"), PAGES, ids=[p[0] for p in PAGES]
)
def test_notice_pages_have_no_accessibility_violations(
    app, page, page_errors, make_process, make_user, signed_in, assert_accessible,
    name, role, path, status, shows, language,
):
    make_process()
    me = signed_in(role) if role else None
    ids = seed(app, make_user, me)
    url = _url(path.format(**ids), language)
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    assert urlsplit(page.url).path == urlsplit(url).path
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(shows).first).to_be_attached()
    assert_accessible(page)
    expected = f"the server responded with a status of {status} "
    assert [e for e in page_errors if expected not in e] == [], page_errors


def test_person_opts_out_and_back_in_with_the_keyboard(app, page, make_process, make_user):
    make_process()
    ids = seed(app, make_user, None)
    page.goto(f"/notices/opt-out/{ids['opt_in_token']}?lang=en")
    button = page.get_by_role("button", name="Do not send me final notices")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main #notice-choice")).to_have_text("You do not receive final notices.")
    with app.app_context():
        assert db.session.scalar(
            select(NoticeOptOut.id).where(NoticeOptOut.recipient_key == "brief@example.org")
        )
    page.get_by_role("button", name="Send me final notices again").click()
    expect(page.get_by_role("button", name="Do not send me final notices")).to_be_visible()
    with app.app_context():
        assert not db.session.scalar(
            select(NoticeOptOut.id).where(NoticeOptOut.recipient_key == "brief@example.org")
        )
