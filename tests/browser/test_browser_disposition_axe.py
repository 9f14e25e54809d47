"""The public disposition table and "what we heard and what we did" in a browser: axe-core in
German and Arabic, on a wide screen and on a phone (the table turns into cards), with filters
applied and empty; the filter form and the sort links with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_disposition_public import table, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
MAX_TABS = 80

PAGES = [
    # (id, path, what must be on it)
    ("table", "/p/lip/disposition", "main table.disposition tbody tr"),
    ("table-filtered", "/p/lip/disposition?version=2&section=g1&outcome=not_accepted&sort=outcome&dir=desc",
     "main .disposition-applied li"),
    ("table-empty", "/p/lip/disposition?q=Almanca", "main .empty-state"),
    ("heard", "/p/lip/v/1/s/g1/suggestions", "main .outcome-list .outcome-item details"),
]


def _check(page, page_errors, assert_accessible, url: str, shows: str, language: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator(shows).first).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    assert page_errors == [], page_errors
    assert_accessible(page)


def _url(path: str, language: str) -> str:
    if language == "de":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("path", "shows"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_pages_have_no_accessibility_violations(
    page, page_errors, table, assert_accessible, path, shows, language  # noqa: F811
):
    _check(page, page_errors, assert_accessible, _url(path, language), shows, language)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("path", "shows"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_pages_on_a_phone(
    new_context, page_errors, table, assert_accessible, path, shows, language  # noqa: F811
):
    page = new_context(viewport=PHONE).new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    _check(page, page_errors, assert_accessible, _url(path, language), shows, language)
    # Nothing wider than the screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_table_turns_into_labelled_cards_on_a_phone(new_context, table):  # noqa: F811
    wide = new_context(viewport={"width": 1400, "height": 900}).new_page()
    wide.goto("/p/lip/disposition?lang=en")
    expect(wide.locator("main table.disposition thead")).to_be_visible()
    expect(wide.locator("main table.disposition .cell-label").first).to_be_hidden()

    phone = new_context(viewport=PHONE).new_page()
    phone.goto("/p/lip/disposition?lang=en")
    expect(phone.locator("main table.disposition thead")).to_be_hidden()
    card = phone.locator("main table.disposition tbody tr#row-A-4")
    expect(card.locator("td.col-outcome .cell-label")).to_be_visible()
    expect(card.locator("td.col-outcome .cell-label")).to_have_text("Outcome")
    expect(card.locator("td.col-outcome")).to_contain_text("Accepted")
    expect(card.locator("td.col-channel")).to_contain_text("Online form")
    box = card.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]


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


def test_filter_and_sort_with_the_keyboard_alone(page, table):  # noqa: F811
    page.goto("/p/lip/disposition?lang=en")
    tab_to(page, "#filter-q")
    page.keyboard.type("Kinder")
    tab_to(page, "#filter-outcome")
    page.keyboard.press("ArrowDown")  # the first outcome: "Accepted"
    expect(page.locator("#filter-outcome")).to_have_value("accepted")
    page.locator("#filter-outcome").select_option("not_accepted")
    tab_to(page, "#disposition-filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=Kinder" in page.url and "outcome=not_accepted" in page.url
    expect(page.locator("main table.disposition tbody tr")).to_have_count(1)
    expect(page.locator("main table.disposition tbody tr#row-A-1")).to_be_visible()

    page.goto("/p/lip/disposition?lang=en")
    tab_to(page, "main th.col-channel a.sort-link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main th.col-channel")).to_have_attribute("aria-sort", "ascending")
    rows = page.locator("main table.disposition tbody tr")
    expect(rows.first).to_have_attribute("id", "row-A-8")  # e-mail comes first
    tab_to(page, "main th.col-channel a.sort-link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main th.col-channel")).to_have_attribute("aria-sort", "descending")
    expect(rows.first).to_have_attribute("id", "row-A-5")  # online, highest number first


def test_the_diff_opens_on_the_per_section_page(page, table):  # noqa: F811
    page.goto("/p/lip/disposition?lang=en&version=1&section=g1")
    expect(page.locator("main table.disposition tbody tr")).to_have_count(2)
    page.goto("/p/lip/v/1/s/g1/suggestions?lang=en")
    diff = page.locator("main .outcome-item details").first
    expect(diff.locator(".diff ins")).to_be_hidden()
    diff.locator("summary").click()
    expect(diff.locator(".diff ins")).to_be_visible()
    expect(diff.locator(".diff ins")).to_contain_text("und Eltern")
    page.locator("main .heard-links a").first.click()
    page.wait_for_url("**/p/lip/disposition?version=1&section=g1")
    expect(page.locator("main table.disposition tbody tr")).to_have_count(2)
