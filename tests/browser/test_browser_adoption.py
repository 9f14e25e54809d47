"""The preview of the adopted version in a browser: axe-core in German and Arabic with a
conflict on the page, also after a submit without a decision; and the whole journey with the
keyboard alone: choose to write the conflicting section by hand, type it, generate."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.council.models import PointApplication
from consult.extensions import db
from consult.plans.models import Version
from tests.helpers_council import version_of
from tests.test_adoption import _conflict, node_in, world  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

MAX_TABS = 80


@pytest.fixture
def staff_page(csrf_app, new_context, live_server, page_errors, world):  # noqa: F811
    """A page of a browser signed in as staff, in the given locale."""

    def make(locale: str = "de-DE"):
        context = new_context(locale=locale)
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": world["users"]["staff"].get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )
        page = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))

        def on_console(message):
            # A missing /favicon.ico is the browser's own guess, not an error of the page.
            if message.type == "error" and not message.location.get("url", "").endswith(
                "/favicon.ico"
            ):
                page_errors.append(f"{message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        return page

    return make


def _url(world) -> str:  # noqa: F811
    return f"/manage/processes/lip/v/{world['v2']}/adopt"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("state", ["preview", "missing-decision"])
def test_preview_with_a_conflict_is_accessible(
    app, world, staff_page, page_errors, assert_accessible, language, state  # noqa: F811
):
    _conflict(app, world)
    page = staff_page("ar" if language == "ar" else "de-DE")
    response = page.goto(_url(world))
    assert response is not None and response.status == 200
    expect(page.locator("main .adoption-conflict fieldset.resolution")).to_be_visible()
    if state == "missing-decision":
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.locator("main form.adoption-form button[type=submit]").click()
        assert sent.value.status == 422
        page.wait_for_load_state()
        expect(page.locator("main #error-summary")).to_be_visible()
        expect(page.locator("main .adoption-conflict .error")).to_be_visible()
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main .adoption-conflict del").first).to_be_attached()
    allowed = "the server responded with a status of 422"
    assert [e for e in page_errors if allowed not in e] == [], page_errors
    assert_accessible(page)


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


def test_resolve_by_hand_and_generate_with_the_keyboard(app, world, staff_page):  # noqa: F811
    replace_id, delete_id, _other = _conflict(app, world)
    with app.app_context():
        section_id = node_in(version_of(world["process_id"], world["v2"]), "g1").section_id
    page = staff_page("en")
    page.goto(_url(world))
    group = f"main input[name=resolution_{section_id}]"
    tab_to(page, group)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the third choice: write the text by hand
    expect(page.locator(f"{group}[value=manual]")).to_be_checked()
    page.keyboard.press("Tab")
    assert focused(page, f"#title_{section_id}")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Ziel 1.1 – Kompromiss")
    page.keyboard.press("Tab")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Alle Kinder lernen früh Deutsch.")
    tab_to(page, "main form.adoption-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/manage/processes/lip/v/4")
    expect(page.locator("main .flash-success")).to_contain_text("4")
    expect(page.locator("h1")).to_contain_text("4")

    with app.app_context():
        new = db.session.scalar(select(Version).where(Version.number == 4))
        assert new.status == "adopted"
        text = node_in(new, "g1").text("de")
        assert (text.title, text.body) == ("Ziel 1.1 – Kompromiss", "Alle Kinder lernen früh Deutsch.")
        links = {a.point_id: a for a in db.session.scalars(select(PointApplication))}
        assert links[replace_id].manual and links[delete_id].manual

    # Back to the preview: it now says where the points went.
    page.goto(_url(world))
    expect(page.locator("main #already-applied a")).to_have_attribute(
        "href", "/manage/processes/lip/v/4"
    )
