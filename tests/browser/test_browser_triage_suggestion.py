"""The suggestion page in the browser: axe-core on an undecided suggestion with similar ones,
on a decided and published one with a linked change and its diff, and on the conflict page
(409), in German and Arabic; and a decision recorded with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans import services as plan_services
from consult.plans.models import Process
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_triage import TURKISH_STATEMENT, bulk_suggestions, node, triage_world

pytestmark = pytest.mark.browser

BASE = "/triage/lip"
MAX_TABS = 80


@pytest.fixture
def world(app, make_process, make_user):
    """Three suggestions from the Turkish statement, four similar ones in bulk (A-4 to A-7),
    a recommendation on A-1, and A-2 decided, published, with a translation and a linked
    change whose section text differs between versions 2 and 3."""
    data = triage_world(app, make_process, make_user)
    with app.test_request_context():
        statement = db.session.get(Contribution, data["statement_id"])
        staff = db.session.get(User, data["users"]["staff"].id)
        admin = db.session.get(User, data["users"]["admin"].id)
        expert = db.session.get(User, data["users"]["expert"].id)
        made, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            made.append(services.split(statement, actor=staff, start=start, end=offset))
        services.recommend(made[0], actor=expert, outcome="partly_accepted",
                           reasoning="Kurse für Kinder ja, Umfang prüfen.")
        services.save_reply_template(
            db.session.get(Process, data["process_id"]), actor=staff, title="Bereits vorgesehen",
            text="Das ist im Plan bereits vorgesehen.", outcome="already_covered",
        )
        target = node(data["process_id"], data["v3"], "g1")
        plan_services.set_section_text(
            target, "de", title="Ziel 1.1",
            body="Alle Kinder, Eltern und Großeltern lernen Deutsch am Abend.",
        )
        services.decide(made[1], actor=admin, outcome="accepted", public_reason="Wird umgesetzt.")
        services.link_change(made[1], target, actor=staff)
        services.set_reason_translation(made[1], language="tr", text="Uygulanacak.", actor=staff)
        services.publish(made[1], actor=staff)
        db.session.commit()
        process_id = data["process_id"]
    with app.app_context():
        bulk_suggestions(process_id, 4, group_id=data["bildung_id"], start_number=4)
    return data


@pytest.fixture
def sign_in_as(csrf_app, context, live_server):
    """Sign a user in by a session cookie (the login form has its own tests)."""

    def do(user):
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )

    return do


def stored(app, number: int) -> Suggestion:
    with app.app_context():
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == number))
        db.session.expunge_all()
        return suggestion


def real_errors(page_errors: list[str], expected_status: int | None = None) -> list[str]:
    kept = list(page_errors)
    if expected_status:
        kept = [e for e in kept if f"status of {expected_status} " not in e]
    return kept


def _conflict(app, world, page) -> None:
    """Someone else edits the suggestion while the page is open; then the form is sent."""
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        services.update_details(
            suggestion, actor=staff, expected=None, summary="Kurse für Kinder",
            sections=list(suggestion.sections), language="tr",
        )
        db.session.commit()
    page.locator("#details-summary").fill("Sprachförderung für Kinder <b>sofort</b>")
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("form[action$='/A-1/edit'] button[type=submit]").click()
    assert sent.value.status == 409
    page.wait_for_load_state()
    expect(page.locator("#conflict")).to_be_visible()
    expect(page.locator("#details-summary")).to_have_value("Sprachförderung für Kinder <b>sofort</b>")


PAGES = [
    ("undecided-with-similar", 1, None, "main ul.similar li"),
    ("published-with-change", 2, None, "main .resulting-change ins"),
    ("conflict", 1, "conflict", "main #conflict"),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("name", "number", "action", "shows"), PAGES, ids=[p[0] for p in PAGES])
def test_suggestion_page_has_no_accessibility_violations(
    app, world, page, page_errors, sign_in_as, assert_accessible, name, number, action, shows,
    language,
):
    sign_in_as(world["users"]["admin"])
    path = f"{BASE}/A-{number}" + ("" if language == "de" else f"?lang={language}")
    response = page.goto(path)
    assert response is not None and response.status == 200
    if language != "de":
        # ?lang= holds for one request; the switcher keeps the language for the POST.
        with page.expect_navigation():
            page.locator(f".language-switcher button[value={language}]").click()
    if action == "conflict":
        _conflict(app, world, page)
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(shows).first).to_be_attached()
    assert_accessible(page)
    assert real_errors(page_errors, 409 if action else None) == []


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


def test_a_decision_is_recorded_with_the_keyboard_alone(app, world, page, page_errors, sign_in_as):
    sign_in_as(world["users"]["admin"])
    page.goto(f"{BASE}/A-1")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    # The recommendation is preselected in the decision form: move to the next outcome.
    tab_to(page, "#decide-outcome-1:checked")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#decide-outcome-2")).to_be_checked()
    expect(page.locator("form.decide-form .differs-live")).not_to_be_empty()
    tab_to(page, "#decide-reason")
    page.keyboard.type("Das übernimmt das Land.")
    tab_to(page, "#decide-note")
    page.keyboard.type("Mit dem Kultusministerium abgestimmt.")
    tab_to(page, "form.decide-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flashes .flash-success")).to_be_visible()
    expect(page.locator("dl.decision")).to_contain_text("Das übernimmt das Land.")
    suggestion = stored(app, 1)
    assert suggestion.outcome == "not_accepted"
    assert suggestion.public_reason == "Das übernimmt das Land."
    assert suggestion.internal_note == "Mit dem Kultusministerium abgestimmt."
    assert real_errors(page_errors) == []


def test_a_standard_reply_fills_the_reason(app, world, page, page_errors, sign_in_as):
    sign_in_as(world["users"]["admin"])
    page.goto(f"{BASE}/A-1")
    page.locator("#decide-template").select_option(label="Bereits vorgesehen")
    expect(page.locator("#decide-reason")).to_have_value("Das ist im Plan bereits vorgesehen.")
    assert real_errors(page_errors) == []

