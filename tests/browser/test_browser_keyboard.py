"""Reading the plan with the keyboard alone: Tab and Enter, no mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_TABS = 60


def focused(page, selector: str) -> bool:
    return page.evaluate(
        "selector => !!document.activeElement && document.activeElement.matches(selector)",
        selector,
    )


def describe_focus(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? e.outerHTML.slice(0, 160) : 'nothing'; }"
    )


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus, never leaving main."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
        assert focused(page, "main *"), f"focus left main: {describe_focus(page)}"
    pytest.fail(f"{MAX_TABS} presses of Tab never reached {selector}; focus is on {describe_focus(page)}")


def skip_to_content(page) -> None:
    """On a freshly loaded page: the first Tab reaches the skip link, Enter moves focus to main."""
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link[href='#main']"), describe_focus(page)
    expect(page.locator("a.skip-link")).to_be_in_viewport()  # it shows itself when focused
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")


def follow(page, selector: str, url: str) -> None:
    """After skip_to_content: Tab through main to a link and follow it with Enter."""
    tab_to(page, selector)
    page.keyboard.press("Enter")
    page.wait_for_url(url)


def test_reading_journey_with_the_keyboard_alone(page, make_process):
    data = make_process(sections=2)
    version = data["v2"]
    page.goto("/")

    skip_to_content(page)
    follow(page, "main a[href='/p/lip']", "**/p/lip")

    skip_to_content(page)
    follow(page, f"main a[href='/p/lip/v/{version}']", f"**/p/lip/v/{version}")

    skip_to_content(page)
    follow(page, f"main nav.toc a[href='/p/lip/v/{version}/s/f1']", f"**/p/lip/v/{version}/s/f1")
    expect(page.locator("h1")).to_contain_text("Handlungsfeld 1")

    skip_to_content(page)
    follow(page, "main nav.pager a[rel=next]", f"**/p/lip/v/{version}/s/g1")
    expect(page.locator("h1")).to_contain_text("Ziel 1.1")


def test_skip_link_is_hidden_until_focused(page):
    page.goto("/")
    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
