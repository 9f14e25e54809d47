"""The language switcher at the top of every page (a CSRF-protected POST form of buttons)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_language_choice_applies_and_stays_for_the_session(page, make_process):
    data = make_process()
    page.goto("/p/lip")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "de")
    switcher = page.get_by_role("banner").locator(".language-switcher form")  # at the top
    expect(switcher).to_have_attribute("method", "post")
    expect(switcher.get_by_role("button", name="Deutsch", exact=True)).to_have_attribute(
        "aria-current", "true"
    )

    switcher.get_by_role("button", name="English").click()
    page.wait_for_url("**/p/lip")  # back on the same page
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Local Integration Plan")
    expect(page.locator(".language-switcher").get_by_role("button", name="English")).to_have_attribute(
        "aria-current", "true"
    )

    # The next page, reached without any ?lang=, is still English.
    page.locator("main").get_by_role("link", name="Discussion draft 2", exact=True).click()
    page.wait_for_url(f"**/p/lip/v/{data['v2']}")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Contents")).to_be_visible()

    page.locator(".language-switcher").get_by_role("button", name="العربية").click()
    page.wait_for_url(f"**/p/lip/v/{data['v2']}")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("nav.toc [lang=ar]").first).to_have_text("الهدف 1.1")

    # The choice survives to another page too.
    page.goto(f"/p/lip/v/{data['v1']}/s/g1")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_contain_text("الهدف 1.1")


def test_switcher_marks_languages_the_page_is_missing_in(page, make_process):
    make_process()
    page.goto("/p/lip?lang=en")  # the process has German and English texts, no Turkish
    switcher = page.locator(".language-switcher")
    turkish = switcher.locator("button[value=tr]")
    expect(turkish).to_have_class("missing")
    expect(turkish).to_contain_text("this page is not available in this language")
    expect(switcher.locator("button[value=en]")).not_to_have_class("missing")


def test_unknown_language_falls_back_to_german(new_context, make_process):
    make_process()
    # A browser asking for a language the site does not offer, so only the default is left.
    page = new_context(locale="ja-JP").new_page()
    page.goto("/p/lip?lang=xx")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "de")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Lokaler Integrationsplan")
