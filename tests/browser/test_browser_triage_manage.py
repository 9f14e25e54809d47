"""axe-core on the staff pages that set up triage (groups, a group with an error shown,
standard replies, publishing a version's decisions, the overview), in German and Arabic."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.plans.models import Process, Version
from consult.triage import services
from tests.helpers_triage import bulk_suggestions, triage_world

pytestmark = pytest.mark.browser

BASE = "/manage/processes/lip"

# (id, path with {placeholders}, action before the check or None, what must be on the page)
PAGES = [
    ("groups", BASE + "/groups", None, "main table.data tbody tr .badge"),
    ("group-edit-error", BASE + "/groups/{bildung_id}", "unknown-member",
     "main #email[aria-invalid=true]"),
    ("replies", BASE + "/replies", None, "main table.data tbody tr"),
    ("reply-edit", BASE + "/replies/{reply_id}", None, "main form textarea[name=text]"),
    ("publish", BASE + "/versions/{v2}/decisions", None, "main form button[type=submit]"),
    ("overview", BASE + "/triage", None, "main dl.facts"),
]
LANGUAGES = ["de", "ar"]


def seed(app, make_process, make_user) -> dict:
    world = triage_world(app, make_process, make_user)
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        staff = db.session.get(User, world["users"]["staff"].id)
        reply = services.save_reply_template(
            process, actor=staff, title="Bereits enthalten", outcome="already_covered",
            text="Ihr Vorschlag ist bereits in Ziel 1.1 enthalten.",
        )
        db.session.commit()
        v2 = db.session.scalar(
            select(Version.id).where(Version.process_id == process.id, Version.number == world["v2"])
        )
        reply_id = reply.id
    with app.app_context():
        bulk_suggestions(
            world["process_id"], 6, group_id=world["bildung_id"], version_id=v2,
            decided_by_id=world["users"]["admin"].id,
        )
    return {**world, "reply_id": reply_id}


def _unknown_member(page) -> None:
    form = page.locator("main form[action$='/members']")
    form.locator("input[name=email]").fill("niemand@example.org")
    form.locator("button[type=submit]").click()


ACTIONS = {"unknown-member": _unknown_member}


@pytest.fixture
def signed_in_staff(csrf_app, context, live_server):
    def do(user) -> None:
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )

    return do


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "path", "action", "shows"), PAGES, ids=[p[0] for p in PAGES])
def test_triage_setup_page_has_no_accessibility_violations(
    app, page, page_errors, make_process, make_user, signed_in_staff, assert_accessible,
    name, path, action, shows, language,
):
    ids = seed(app, make_process, make_user)
    signed_in_staff(ids["users"]["staff"])
    url = path.format(**ids)
    if language != "de":
        url += f"?lang={language}"
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    assert urlsplit(page.url).path == urlsplit(url).path
    if action is not None:
        if language != "de":
            # ?lang= holds for one request; the switcher keeps the language for the POST.
            with page.expect_navigation():
                page.locator(f".language-switcher button[value={language}]").click()
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            ACTIONS[action](page)
        assert sent.value.status == 422, (url, sent.value.status)
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(shows).first).to_be_attached()
    # What the page itself reports, before axe-core runs.
    expected = "the server responded with a status of 422 "
    assert [e for e in page_errors if expected not in e] == [], page_errors
    assert_accessible(page)
