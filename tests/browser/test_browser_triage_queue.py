"""The triage queue in a browser: axe-core on the queue (with suggestions, filtered, after a
bulk action with errors and with refusals) and on the start page, in German and Arabic; a bulk
action with the keyboard alone; the page's script (select all, standard replies)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_triage import TURKISH_STATEMENT, triage_world

pytestmark = pytest.mark.browser

QUEUE = "/triage/lip/"
LANGUAGES = ["de", "ar"]
MAX_TABS = 120
REPLY = "Vielen Dank für Ihre Anregung. Wir prüfen sie im Fachbereich."


@pytest.fixture
def world(app, make_process, make_user):
    """Three suggestions from the Turkish letter: A-1 recommended, A-2 decided, A-3 tagged;
    and a standard reply."""
    world = triage_world(app, make_process, make_user)
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        admin = db.session.get(User, world["users"]["admin"].id)
        statement = db.session.get(Contribution, world["statement_id"])
        parts, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        services.recommend(parts[0], actor=staff, outcome="accepted", reasoning="Sinnvoll.")
        services.decide(parts[1], actor=admin, outcome="noted", public_reason="Zur Kenntnis.")
        services.set_tags(parts[2], ["Beschilderung"], actor=staff)
        services.save_reply_template(
            db.session.get(Process, world["process_id"]), actor=staff, title="Prüfung",
            text=REPLY, outcome="noted",
        )
        db.session.commit()
    return world


@pytest.fixture
def sign_in(csrf_app, context, live_server):
    """Sign a user in by a session cookie (the login form has its own tests)."""

    def do(user):
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )

    return do


def _bulk_with_errors(page) -> int:
    """Tag without a tag: the form comes back with its error."""
    page.locator("main #pick-1").check()
    page.locator("main input[name=action][value=tag]").check()
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("main .bulk-panel button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main #error-summary")).to_be_visible()
    return sent.value.status


def _bulk_with_refusals(page) -> int:
    """Publish a decided and an undecided suggestion: one is refused and listed."""
    page.locator("main #pick-1").check()
    page.locator("main #pick-2").check()
    page.locator("main input[name=action][value=publish]").check()
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("main .bulk-panel button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main .refusals li")).to_have_count(1)
    return sent.value.status


STATES = [
    ("start", "/triage/", None, 200),
    ("queue", QUEUE, None, 200),
    ("filtered", QUEUE + "?q=kurs&language=tr&sort=newest", None, 200),
    ("bulk-errors", QUEUE, _bulk_with_errors, 422),
    ("bulk-refusals", QUEUE, _bulk_with_refusals, 303),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "path", "action", "status"), STATES, ids=[s[0] for s in STATES])
def test_queue_has_no_accessibility_violations(
    page, page_errors, world, sign_in, assert_accessible, name, path, action, status, language,
):
    sign_in(world["users"]["admin"])
    url = path if language == "de" else f"{path}{'&' if '?' in path else '?'}lang={language}"
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    if action is not None:
        if language != "de":
            # ?lang= holds for one request; the switcher keeps the language for the POST.
            with page.expect_navigation():
                page.locator(f".language-switcher button[value={language}]").click()
        assert action(page) == status
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    if name != "start":
        expect(page.locator("main table.queue tbody tr").first).to_be_attached()
    assert_accessible(page)
    expected = f"the server responded with a status of {status} "
    assert [e for e in page_errors if expected not in e] == [], page_errors


def focused(page, selector: str) -> bool:
    return page.evaluate(
        "selector => !!document.activeElement && document.activeElement.matches(selector)",
        selector,
    )


def tab_to(page, selector: str) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    pytest.fail(f"{MAX_TABS} presses of Tab never reached {selector}")


def test_bulk_action_with_the_keyboard_alone(app, page, page_errors, world, sign_in):
    sign_in(world["users"]["staff"])
    page.goto(QUEUE)
    tab_to(page, "#pick-3")
    page.keyboard.press("Space")
    expect(page.locator("#pick-3")).to_be_checked()
    tab_to(page, "input[name=action]")
    page.keyboard.press("ArrowDown")  # from "assign" to "add a tag"
    expect(page.locator("input[name=action][value=tag]")).to_be_checked()
    page.keyboard.press("Tab")
    assert focused(page, "#tag"), "the tag field follows the chosen action"
    page.keyboard.type("Dringend")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main .flash-success")).to_be_visible()
    expect(page.locator("main tr:has(#pick-3) .queue-tag", has_text="Dringend")).to_be_visible()
    with app.app_context():
        tagged = db.session.scalar(select(Suggestion).where(Suggestion.number == 3))
        assert sorted(t.name for t in tagged.tags) == ["Beschilderung", "Dringend"]
    assert page_errors == []


def test_select_all_and_standard_reply_with_javascript(app, page, page_errors, world, sign_in):
    sign_in(world["users"]["admin"])
    page.goto(QUEUE)
    # Only the chosen action's fields show.
    expect(page.locator("main #reason")).to_be_hidden()
    page.locator("main #pick-all").check()
    for number in (1, 2, 3):
        expect(page.locator(f"main #pick-{number}")).to_be_checked()
    expect(page.locator("main #bulk-selected")).to_contain_text("3")
    page.locator("main #pick-2").uncheck()
    assert page.locator("main #pick-all").evaluate("box => box.indeterminate")
    page.locator("main input[name=action][value=decide]").check()
    expect(page.locator("main #reason")).to_be_visible()
    expect(page.locator("main #tag")).to_be_hidden()
    page.locator("main #template").select_option(label="Prüfung")
    expect(page.locator("main #reason")).to_have_value(REPLY)
    expect(page.locator("main #outcome")).to_have_value("noted")
    with page.expect_navigation():
        page.locator("main .bulk-panel button[type=submit]").click()
    with app.app_context():
        decided = db.session.scalars(
            select(Suggestion).where(Suggestion.number.in_([1, 3])).order_by(Suggestion.number)
        ).all()
        assert [(s.outcome, s.public_reason) for s in decided] == [("noted", REPLY)] * 2
    assert page_errors == []
