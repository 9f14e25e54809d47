"""The staff exports page in a real browser: axe-core in German and Arabic, and a member of
staff who narrows the disposition table with the filter form and downloads the files."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.helpers_triage import triage_world
from tests.test_exports import make_published

pytestmark = pytest.mark.browser

OVERVIEW = "/manage/processes/lip/exports"


@pytest.fixture
def signed_in_staff(csrf_app, context, live_server):
    def do(user) -> None:
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )

    return do


@pytest.fixture
def seeded(app, make_process, make_user):
    world = triage_world(app, make_process, make_user)
    make_published(app, world, make_user)
    return world


@pytest.mark.parametrize("query", ["", "?outcome=noted&q=%3Cb%3EMittel", "?version=3"],
                         ids=["all", "filtered", "draft-version"])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_exports_page_has_no_accessibility_violations(
    page, page_errors, seeded, signed_in_staff, assert_accessible, language, query,
):
    signed_in_staff(seeded["users"]["staff"])
    url = OVERVIEW + query + ("&" if query else "?") + f"lang={language}"
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main table.data").first).to_be_visible()
    assert page_errors == []
    assert_accessible(page)


def test_staff_filters_and_downloads(page, page_errors, seeded, signed_in_staff):
    signed_in_staff(seeded["users"]["staff"])
    page.goto(OVERVIEW + "?lang=en")
    page.get_by_label("Outcome").select_option("noted")
    page.get_by_role("button", name="Apply filter").click()
    expect(page.locator("#current-filter")).to_contain_text("Outcome: Noted")
    internal = page.locator("#export-internal")
    expect(internal.locator("td").first).to_have_text("3")

    with page.expect_download() as download:
        internal.get_by_role("link", name="XLSX").click()
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "A-2", "A-6", "A-7"]

    with page.expect_download() as download:
        page.locator("#export-public").get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("lip-disposition-public-")
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert [row[0] for row in rows[1:]] == ["A-6", "A-7"]
    assert "Zora Zurückhaltend" not in str(rows)
    assert page_errors == []
