"""Reading the plan in a browser: Arabic right to left, switching versions, the word diff."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_section_reads_right_to_left_in_arabic(page, make_process):
    data = make_process()
    page.goto(f"/p/lip/v/{data['v1']}/s/g1?lang=ar")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    title = page.locator("h1")
    expect(title).to_be_visible()
    expect(title).to_contain_text("الهدف 1.1")
    expect(title.locator("[lang=ar]")).to_have_text("الهدف 1.1")
    expect(page.locator(".section-body[lang=ar]")).to_contain_text("يتعلم جميع الأطفال")

    breadcrumbs = page.locator("nav.breadcrumbs")
    expect(breadcrumbs).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(breadcrumbs.get_by_role("link")).to_have_count(3)  # process, version, parent field
    expect(breadcrumbs.get_by_role("link").nth(2)).to_contain_text("Handlungsfeld 1")

    pager = page.locator("nav.pager")
    expect(pager).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(pager.locator("a[rel=prev]")).to_have_attribute("href", f"/p/lip/v/{data['v1']}/s/f1")
    expect(pager.locator("a[rel=next]")).to_have_attribute("href", f"/p/lip/v/{data['v1']}/s/f2")


def test_version_switcher_goes_to_the_same_section_in_another_version(new_context, make_process):
    data = make_process()
    v1, v2 = data["v1"], data["v2"]
    page = new_context(locale="en-GB").new_page()  # English interface from Accept-Language
    page.goto(f"/p/lip/v/{v2}/s/g1")
    select = page.get_by_label("Version", exact=True)
    expect(select).to_have_value(str(v2))

    select.select_option(str(v1))
    page.get_by_role("button", name="Show version").click()
    page.wait_for_url(f"**/p/lip/v/{v1}/s/g1")
    expect(page.get_by_label("Version", exact=True)).to_have_value(str(v1))
    expect(page.locator("nav.breadcrumbs")).to_contain_text("Discussion draft 1")
    expect(page.locator(".section-body")).to_have_text("Alle Kinder lernen Deutsch.")
    expect(page.locator("section[aria-labelledby=changes]")).to_contain_text(
        "This is the first version of the plan."
    )

    page.get_by_label("Version", exact=True).select_option(str(v2))
    page.get_by_role("button", name="Show version").click()
    page.wait_for_url(f"**/p/lip/v/{v2}/s/g1")
    expect(page.get_by_label("Version", exact=True)).to_have_value(str(v2))
    expect(page.locator("nav.breadcrumbs")).to_contain_text("Discussion draft 2")
    expect(page.locator(".section-body")).to_have_text("Alle Kinder und Eltern lernen Deutsch.")


def test_changes_since_previous_version_mark_insertions_for_screen_readers(page, make_process):
    data = make_process()
    page.goto(f"/p/lip/v/{data['v2']}/s/g1?lang=en")

    changes = page.locator("section[aria-labelledby=changes]")
    expect(changes.get_by_role("heading", level=2)).to_have_text(
        "Changes since the previous version"
    )
    inserted = changes.locator(".diff ins")
    expect(inserted).to_have_count(1)
    expect(inserted).to_contain_text("und Eltern")
    # The visually hidden words are in the DOM and in the text a screen reader gets ...
    hidden = inserted.locator(".visually-hidden")
    expect(hidden.first).to_have_text("inserted: ")
    expect(hidden.first).to_be_attached()
    text = inserted.inner_text()
    assert text.startswith("inserted:"), text
    assert "end of insertion" in text, text
    # ... but take no visible room.
    box = hidden.first.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    expect(changes.locator(".diff del")).to_have_count(0)
