"""Reports and the timeline in a browser: axe-core in German and Arabic on the public pages
(reports list, a report, the timeline, the process page) and on the staff forms for a report
and a milestone; no CSP errors; nothing wider than a phone's screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_reports import world  # noqa: F401 - fixture
from tests.test_timeline import steps  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def _url(path: str, language: str) -> str:
    if language == "de":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def _report_id(app) -> int:
    from sqlalchemy import select

    from consult.extensions import db
    from consult.reports.models import Report, ReportText

    with app.app_context():
        return db.session.scalar(
            select(Report.id).join(ReportText).where(ReportText.title == "Erste Ausschusssitzung")
        )


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


PUBLIC = [
    ("reports", "/p/lip/reports", "main .report-list .report-item"),
    ("reports-body", "/p/lip/reports?body={body}", "main .report-list .report-item"),
    ("report", "/p/lip/reports/{report}", "main article.report .report-text"),
    ("timeline", "/p/lip/timeline", "main ol.milestones li[aria-current=step]"),
    ("process", "/p/lip", "main ol.milestones-compact li[aria-current=step]"),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("path", "shows"), [p[1:] for p in PUBLIC], ids=[p[0] for p in PUBLIC])
def test_public_pages_have_no_accessibility_violations(
    app, page, page_errors, world, steps, assert_accessible, path, shows, language  # noqa: F811
):
    path = path.format(body=world["committee_id"], report=_report_id(app))
    _check(page, page_errors, assert_accessible, _url(path, language), shows, language)


@pytest.mark.parametrize("path", ["/p/lip/reports", "/p/lip/timeline", "/p/lip/reports/{report}"])
def test_public_pages_fit_a_phone(app, new_context, world, steps, path):  # noqa: F811
    page = new_context(viewport=PHONE).new_page()
    page.goto(_url(path.format(report=_report_id(app)), "ar"))
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


STAFF = [
    ("report-list", "/manage/processes/lip/reports", "main table.reports-table"),
    ("report-new", "/manage/processes/lip/reports/new", "main form.stacked #title_de"),
    ("report-edit", "/manage/processes/lip/reports/{report}", "main form.stacked #title_de"),
    ("milestone-list", "/manage/processes/lip/milestones", "main table.milestones-table"),
    ("milestone-new", "/manage/processes/lip/milestones/new", "main form.stacked #kind"),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("path", "shows"), [p[1:] for p in STAFF], ids=[p[0] for p in STAFF])
def test_staff_pages_have_no_accessibility_violations(
    app, page, page_errors, world, steps, log_in, assert_accessible, path, shows, language  # noqa: F811
):
    log_in("staff")
    path = path.format(report=_report_id(app))
    _check(page, page_errors, assert_accessible, _url(path, language), shows, language)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_forms_with_errors_stay_accessible_and_keep_the_input(
    page, page_errors, world, log_in, assert_accessible, language  # noqa: F811
):
    log_in("staff")
    page.goto(_url("/manage/processes/lip/reports/new", language))
    page.locator("#body_de").fill("Ein Text ohne Titel")
    page.locator("#published_on").fill("")
    page.locator("#publish").check()
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#title_de")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#body_de")).to_have_value("Ein Text ohne Titel")
    assert_accessible(page)

    page.goto(_url("/manage/processes/lip/milestones/new", language))
    page.locator("#starts_on").fill("2030-02-01")
    page.locator("#ends_on").fill("2030-01-01")
    page.locator("#name_de").fill("Beratung")
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#ends_on")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#name_de")).to_have_value("Beratung")
    # The browser notes each 422 answer; anything else (CSP, a missing file) is an error.
    assert [e for e in page_errors if "status of 422" not in e] == [], page_errors
    assert_accessible(page)


def test_a_staff_member_writes_and_publishes_a_report(
    page, world, steps, log_in  # noqa: F811
):
    log_in("staff")
    page.goto("/manage/processes/lip/reports/new?lang=en")
    page.locator("#title_de").fill("Sitzung des Integrationsrats")
    page.locator("#body_de").fill("Der Rat hat **drei** Punkte beraten.")
    page.locator("#title_en").fill("Meeting of the advisory council")
    page.locator("#group").select_option(label="Lokaler Integrationsrat")
    page.locator("#publish").check()
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator(".flash-success")).to_contain_text("Sitzung des Integrationsrats")
    page.goto("/p/lip/reports?lang=en")
    page.get_by_role("link", name="Meeting of the advisory council").click()
    expect(page.locator("main h1")).to_have_text("Meeting of the advisory council")
    page.get_by_role("link", name="Deutsch: Sitzung des Integrationsrats").click()
    expect(page.locator("main .report-text strong")).to_have_text("drei")
