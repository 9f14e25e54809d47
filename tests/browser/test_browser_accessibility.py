"""axe-core on every page type, in German (the default) and in Arabic (right to left).

A new page type is one more line in PUBLIC_PAGES (or ANONYMOUS_ACCOUNT_PAGES).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# (id, path, expected status). The process "lip" comes from make_process: versions 1 and 2.
PUBLIC_PAGES = [
    ("start", "/", 200),
    ("process", "/p/lip", 200),
    ("contents", "/p/lip/v/2", 200),
    ("section-with-diff", "/p/lip/v/2/s/g1", 200),
    ("section-history", "/p/lip/s/g1/history", 200),
    ("print", "/p/lip/v/2/print", 200),
    ("easy-language", "/leichte-sprache", 200),
    ("accessibility-statement", "/barrierefreiheit", 200),
    ("privacy", "/datenschutz", 200),
    ("not-found", "/p/lip/v/99", 404),
]

LANGUAGES = ["de", "ar"]


def _url(path: str, language: str) -> str:
    """German is what a German browser gets without asking; Arabic is asked for by ?lang=."""
    if language == "de":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def _params(pages, xfail=None):
    xfail = xfail or {}
    return [
        pytest.param(
            path, language, status, id=f"{name}-{language}",
            marks=[xfail[name]] if name in xfail else [],
        )
        for name, path, status in pages
        for language in LANGUAGES
    ]


def _open(page, path: str, language: str, status: int) -> None:
    response = page.goto(_url(path, language))
    assert response is not None and response.status == status, (path, response and response.status)
    expected_lang = "ar" if language == "ar" else "de"
    assert page.locator("html").get_attribute("lang") == expected_lang


@pytest.mark.parametrize(("path", "language", "status"), _params(PUBLIC_PAGES))
def test_public_page_has_no_accessibility_violations(
    page, page_errors, make_process, assert_accessible, path, language, status
):
    make_process()
    _open(page, path, language, status)
    assert_accessible(page)
    assert page_errors == [] or status != 200, page_errors


# Pages still being built can be listed in `xfail` of _params with
# pytest.mark.xfail(strict=False, reason="page under construction").
ANONYMOUS_ACCOUNT_PAGES = [
    ("login", "/account/login", 200),
    ("register", "/account/register", 200),
    ("forgot-password", "/account/password/forgot", 200),
    ("resend-confirmation", "/account/confirm/resend", 200),
]
ANONYMOUS_INFO_PAGES = [
    ("check-your-email", "/account/register/check-your-email", 200),
    ("reset-link-invalid", "/account/password/reset/not-a-token", 200),
    ("organisation", "/o/verein-brucke", 200),
]


@pytest.mark.parametrize(("path", "language", "status"), _params(ANONYMOUS_INFO_PAGES))
def test_info_page_has_no_accessibility_violations(
    page, page_errors, make_organisation, assert_accessible, path, language, status
):
    make_organisation(name="Verein Brücke", slug="verein-brucke", description="**Wir** helfen.")
    response = page.goto(_url(path, language))
    assert response is not None and response.status < 500
    assert_accessible(page)


@pytest.mark.parametrize(("path", "language", "status"), _params(ANONYMOUS_ACCOUNT_PAGES))
def test_account_page_has_no_accessibility_violations(
    page, page_errors, assert_accessible, path, language, status
):
    _open(page, path, language, status)
    assert_accessible(page)
    assert page_errors == [], page_errors


@pytest.mark.parametrize(("path", "language", "status"), _params(ANONYMOUS_ACCOUNT_PAGES))
def test_account_form_with_errors_has_no_accessibility_violations(
    page, assert_accessible, path, language, status
):
    """Sent empty: the error summary and the fields marked invalid must be accessible too."""
    _open(page, path, language, status)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("main form.stacked button[type=submit]").click()
    assert sent.value.status == 422
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("main [aria-invalid=true]").first).to_be_attached()
    assert_accessible(page)


# (id, path, role of the logged-in user). The process "lip" comes from make_process.
LOGGED_IN_PAGES = [
    ("profile", "/account/", "resident"),
    ("manage-start", "/manage/", "staff"),
    ("manage-process", "/manage/processes/lip", "staff"),
    ("manage-version", "/manage/processes/lip/v/2", "staff"),
    ("manage-sections", "/manage/processes/lip/v/2/sections", "staff"),
    ("manage-coverage", "/manage/processes/lip/v/2/coverage", "staff"),
    ("manage-organisations", "/manage/organisations", "staff"),
    ("manage-users", "/manage/users", "admin"),
    ("manage-audit", "/manage/audit", "staff"),
    ("manage-process-new", "/manage/processes/new", "staff"),
    ("manage-process-settings", "/manage/processes/lip/settings", "staff"),
    ("manage-process-text", "/manage/processes/lip/texts/en", "staff"),
    ("manage-phase-new", "/manage/processes/lip/phases/new", "staff"),
    ("manage-phase-edit", "/manage/processes/lip/phases/1", "staff"),
    ("manage-version-new", "/manage/processes/lip/versions/new", "staff"),
    ("manage-version-edit", "/manage/processes/lip/v/3/edit", "staff"),
    ("manage-version-publish", "/manage/processes/lip/v/3/publish", "staff"),
    ("manage-draft-sections", "/manage/processes/lip/v/3/sections", "staff"),
    ("manage-section-add", "/manage/processes/lip/v/3/sections/new", "staff"),
    ("manage-section-texts", "/manage/processes/lip/v/3/s/g1", "staff"),
    ("manage-section-move", "/manage/processes/lip/v/3/s/g1/move", "staff"),
    ("manage-section-remove", "/manage/processes/lip/v/3/s/g1/remove", "staff"),
    ("manage-import", "/manage/processes/lip/import", "staff"),
    ("manage-organisation-new", "/manage/organisations/new", "staff"),
    ("manage-organisation-edit", "/manage/organisations/1", "staff"),
    ("preview-draft-section", "/p/lip/v/3/s/g1", "staff"),
    ("account-organisation-new", "/account/organisations/new", "resident"),
]


@pytest.mark.parametrize(
    ("path", "language", "role"),
    [
        pytest.param(path, language, role, id=f"{name}-{language}")
        for name, path, role in LOGGED_IN_PAGES
        for language in LANGUAGES
    ],
)
def test_logged_in_page_has_no_accessibility_violations(
    page, page_errors, make_process, make_organisation, log_in, assert_accessible, path, language,
    role,
):
    make_process(draft=True)
    make_organisation()
    log_in(role)
    _open(page, path, language, 200)
    assert_accessible(page)
    assert page_errors == [], page_errors


def test_accessibility_check_names_rule_impact_and_element(page, assert_accessible):
    page.set_content('<html lang="en"><body><main><img src="x.png" id="bad"></main></body></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    report = str(failure.value)
    assert "image-alt (critical)" in report
    assert "#bad" in report
