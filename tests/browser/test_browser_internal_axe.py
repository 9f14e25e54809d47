"""Versions shared internally with bodies, in a browser: axe-core in German and Arabic on the
sharing page, the bodies' comments overview, the internal version and its section page as a
member of the body (banner, non-public thread, its form), and the recommendations form with
its preview; a member writes in the bodies' thread."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD
from tests.test_internal_versions import SECRET, body_comment, internal_world
from tests.test_recommendations import RECOMMENDATIONS

pytestmark = pytest.mark.browser

PAGES = [
    # (id, who, path, what must be on it)
    ("sharing", "staff", "/manage/processes/lip/v/3/sharing", "main form input[name=bodies]"),
    ("internal-comments", "staff", "/manage/processes/lip/v/3/internal-comments",
     "main table.body-comments tbody tr"),
    ("version", "member", "/p/lip/v/3", "main .internal-banner"),
    ("section", "member", "/p/lip/v/3/s/g1", "main .body-thread ol.thread li"),
    ("recommendations", "staff", "/manage/processes/lip/recommendations/new",
     "main form textarea[name=text]"),
]


@pytest.fixture
def world(app, make_process, make_user):
    world = internal_world(app, make_process, make_user)
    root = body_comment(app, world)
    body_comment(app, world, parent_id=root, text="Dem schließe ich mich an.")
    return world


def _log_in(page, user) -> None:
    page.goto("/account/login")
    form = page.locator("main form.stacked")
    form.locator("input[name=email]").fill(user.email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/login" not in url)


def _url(path: str, language: str) -> str:
    return path if language == "de" else f"{path}{'&' if '?' in path else '?'}lang={language}"


def _check_page(page, page_errors, assert_accessible, shows: str, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator(shows).first).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    assert page_errors == [], page_errors
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("who", "path", "shows"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_pages_have_no_accessibility_violations(
    page, page_errors, world, assert_accessible, who, path, shows, language
):
    _log_in(page, world["users"][who])
    response = page.goto(_url(path, language))
    assert response is not None and response.status == 200, path
    _check_page(page, page_errors, assert_accessible, shows, language)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_recommendations_preview(page, page_errors, world, assert_accessible, language):
    _log_in(page, world["users"]["staff"])
    page.goto(_url("/manage/processes/lip/recommendations/new", language))
    form = page.locator("main form.stacked")
    form.locator("select[name=body]").select_option(str(world["council_body_id"]))
    form.locator("textarea[name=text]").fill(RECOMMENDATIONS)
    with page.expect_navigation():
        form.locator("button[value=preview]").click()
    expect(page.locator("main .recommendations-preview tbody tr")).to_have_count(5)
    expect(page.locator("main textarea[name=text]")).to_have_value(RECOMMENDATIONS)
    _check_page(page, page_errors, assert_accessible, "main .recommendations-preview", language)
    with page.expect_navigation():
        page.locator("main button[value=save]").click()
    assert "/triage/lip/contributions/" in page.url
    expect(page.locator(".flashes")).to_contain_text("A-5")


def test_a_member_writes_in_the_bodies_thread(page, page_errors, world):
    _log_in(page, world["users"]["member"])
    page.goto("/p/lip/v/3/s/g1?lang=en")
    thread = page.locator("main .body-thread")
    expect(thread.locator("h2")).to_contain_text("Non-public thread of the bodies")
    expect(thread).to_contain_text(SECRET)
    thread.locator("textarea[name=body]").fill("Bitte Beispiele aus Linden ergänzen.")
    with page.expect_navigation():
        thread.locator("button[type=submit]").click()
    expect(page.locator(".flashes")).to_contain_text("non-public thread")
    expect(page.locator("main .body-thread")).to_contain_text("Bitte Beispiele aus Linden ergänzen.")
    assert page_errors == [], page_errors
