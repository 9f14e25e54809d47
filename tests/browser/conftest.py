"""Browser fixtures: one headless Chromium per session, a fresh context and page per test.

Chromium comes from the system (`/usr/bin/chromium`, or `CONSULT_CHROMIUM`). Without it the
browser tests are skipped, unless `CONSULT_REQUIRE_ALL=1` (as in CI): then they fail.

Pages are read by a German-speaking browser (Accept-Language de-DE) unless a test asks
for another locale through `new_context(locale=...)`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest

CHROMIUM = os.environ.get("CONSULT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

# axe-core rules are all run (WCAG 2.0/2.1 A and AA, best practices); only violations matter.
AXE_OPTIONS = {"resultTypes": ["violations"]}


def _unavailable(reason: str) -> None:
    if os.environ.get("CONSULT_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (CONSULT_REQUIRE_ALL=1: browser tests must run)", pytrace=False)
    pytest.skip(reason)


def _chromium_path() -> str | None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which(CHROMIUM)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("Playwright is not installed")
    executable = _chromium_path()
    if executable is None:
        _unavailable(f"Chromium not found at {CHROMIUM} (set CONSULT_CHROMIUM to its path)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except PlaywrightError as error:
        playwright.stop()
        _unavailable(f"Chromium at {executable} could not be started: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_context(browser, live_server) -> Iterator[Callable]:
    """Make a browser context (own cookies, own session) pointed at the live server."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server)
        options.setdefault("locale", "de-DE")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page_errors() -> list[str]:
    """Console errors and uncaught exceptions of `page` (a CSP violation shows up here)."""
    return []


@pytest.fixture
def page(context, page_errors):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()

    def on_console(message):
        # A missing /favicon.ico is the browser's own guess, not an error of the page.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            page_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    return page


@pytest.fixture
def log_in(page, make_user) -> Callable:
    """Create a user with `role` and log in through the login form, as a person would."""
    password = "a browser test password"

    def do(role: str = "resident", **kwargs):
        user = make_user(role=role, password=password, **kwargs)
        page.goto("/account/login")
        form = page.locator("main form.stacked")
        form.locator("input[name=email]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        page.wait_for_url(lambda url: "/account/login" not in url)
        return user

    return do


# --- accessibility -------------------------------------------------------------------


def axe_violations(page, context=None) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, context=context, options=AXE_OPTIONS).response["violations"]


def describe_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:3]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 3:
            lines.append(f"    ... and {len(violation['nodes']) - 3} more element(s)")
    return "\n".join(lines)


def assert_accessible(page, context=None) -> None:
    """Fail with a readable report if axe-core finds any violation on the page."""
    violations = axe_violations(page, context)
    if violations:
        report = describe_violations(violations, page.url)
        print(report)
        pytest.fail(report, pytrace=False)


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture() -> Callable:
    """`assert_accessible(page)` for tests (conftest modules are not imported by tests)."""
    return assert_accessible
