"""The public amendment pages, "what changed and why", and the amendment blocks on the section
page, its history and the disposition table in a browser: axe-core in German and Arabic, on a
wide screen and on a phone; the filter form works without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_amendments_public import council, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}

PAGES = [
    # (id, path, what must be on it); {amendment} is the published amendment's id.
    ("list", "/p/lip/v/2/amendments", "main article.amendment table.amendment-points"),
    ("list-filtered", "/p/lip/v/2/amendments?status=rejected&section=f2",
     "main #filter-status option[selected]"),
    ("list-empty", "/p/lip/v/1/amendments", "main .empty-state"),
    ("amendment", "/p/lip/amendments/{amendment}", "main table.point-votes caption"),
    ("section-amendments", "/p/lip/v/2/s/g1/amendments", "main section.point .diff ins"),
    ("changes", "/p/lip/v/4/changes", "main section.version-change .change-sources li"),
    ("section-with-amendments", "/p/lip/v/2/s/g1", "main section.section-amendments a"),
    ("section-changed-by-amendment", "/p/lip/v/4/s/g1", "main section.changed-by-amendment a"),
    ("history", "/p/lip/s/g1/history", "main .changed-by-amendment a"),
    ("disposition-version", "/p/lip/disposition?version=2", "main .disposition-version-links a"),
]


def _url(path: str, language: str, council) -> str:  # noqa: F811
    path = path.format(amendment=council["amendment"])
    if language == "de":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def _check(page, page_errors, assert_accessible, url: str, shows: str, language: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator(shows).first).to_be_attached()
    expect(page.locator("h1")).to_have_count(1)
    assert page_errors == [], page_errors
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("path", "shows"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_pages_have_no_accessibility_violations(
    page, page_errors, council, assert_accessible, path, shows, language  # noqa: F811
):
    _check(page, page_errors, assert_accessible, _url(path, language, council), shows, language)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", ["list", "amendment", "changes"])
def test_pages_on_a_phone(
    new_context, page_errors, council, assert_accessible, name, language  # noqa: F811
):
    path, shows = next(p[1:] for p in PAGES if p[0] == name)
    page = new_context(viewport=PHONE).new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    _check(page, page_errors, assert_accessible, _url(path, language, council), shows, language)
    # Nothing wider than the screen: wide tables scroll inside their own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_filter_the_points_and_follow_a_point(page, council):  # noqa: F811
    page.goto("/p/lip/v/2/amendments?lang=en")
    expect(page.locator("main table.amendment-points tbody tr")).to_have_count(3)
    page.locator("#filter-status").select_option("adopted")
    with page.expect_navigation():
        page.locator("#amendment-filters button[type=submit]").press("Enter")
    assert "status=adopted" in page.url and "lang=en" in page.url
    rows = page.locator("main table.amendment-points tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Adopted")
    rows.first.locator("th a").click()
    page.wait_for_url(f"**/p/lip/amendments/{council['amendment']}#point-1")
    point = page.locator("main section#point-1")
    expect(point.locator(".diff ins")).to_contain_text("früh")
    expect(point.locator("table.point-votes tbody tr")).to_have_count(2)
    # `?lang=en` holds for one request only: the amendment page is in German again.
    point.locator('a[href="/p/lip/v/4/s/g1"]').click()
    page.wait_for_url("**/p/lip/v/4/s/g1")
    expect(page.locator("main section.changed-by-amendment")).to_contain_text("0597/2008")
