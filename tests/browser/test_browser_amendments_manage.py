"""Staff pages for amendments in a browser: filing an amendment with two points and recording a
committee's votes with the keyboard alone; axe-core on the list, the amendment, the point form
and the votes form (also with errors shown), in German and Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.council.models import Amendment, AmendmentPoint, AmendmentVote
from consult.extensions import db
from tests.helpers_council import council_world, file_amendment, vote

pytestmark = pytest.mark.browser

BASE = "/manage/processes/lip/amendments"
MAX_TABS = 80
LANGUAGES = ["de", "ar"]


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


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


def press_enter_on(page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_file_an_amendment_with_two_points_and_record_votes_by_keyboard(
    app, page, page_errors, world, log_in
):
    log_in("staff")
    page.goto(BASE)
    with page.expect_navigation():  # the switcher keeps English for the whole journey
        page.locator(".language-switcher button[value=en]").click()
    press_enter_on(page, "main a.button[href$='/amendments/new']")

    tab_to(page, "#version")
    page.locator("#version").select_option("2")
    tab_to(page, "#number")
    page.keyboard.type("0597/2008")
    tab_to(page, "#title")
    page.keyboard.type("Sprachförderung für Familien")
    tab_to(page, "#filed_by")
    page.keyboard.type("SPD-Fraktion")
    tab_to(page, "#filed_on")
    page.locator("#filed_on").fill("2008-04-01")
    press_enter_on(page, "main form.stacked button[type=submit]")
    expect(page.locator("h1")).to_contain_text("0597/2008")

    # Point 1: new wording for goal 1.1, starting from its current text.
    press_enter_on(page, "main a.button[href$='/points/new']")
    tab_to(page, "#start-section")
    page.locator("#start-section").select_option("g1")
    press_enter_on(page, "main form.amendments-start button[type=submit]")
    expect(page.locator("#new_body")).to_have_value("Alle Kinder und Eltern lernen Deutsch.")
    expect(page.locator("#section")).to_have_value("g1")
    tab_to(page, "#new_body")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Auch früh.")
    tab_to(page, "#justification")
    page.keyboard.type("Früh hilft am meisten.")
    press_enter_on(page, "main form.stacked button[type=submit]")
    first = page.locator("main section.amendment-point").first
    expect(first.locator(".diff ins")).to_contain_text("Auch früh.")

    # Point 2: field of action 2 is deleted (the radio group moves with the arrow keys).
    press_enter_on(page, "main a.button[href$='/points/new']")
    tab_to(page, "#section")
    page.locator("#section").select_option("f2")
    tab_to(page, "input[name=kind]:checked")
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=kind][value=delete]")).to_be_checked()
    press_enter_on(page, "main form.stacked button[type=submit]")
    expect(page.locator("main section.amendment-point")).to_have_count(2)
    expect(page.locator("main section.amendment-point").nth(1).locator(".diff del").last).to_contain_text(
        "Text des Handlungsfelds 2."
    )

    # Votes of the migration committee on both points.
    press_enter_on(page, "main a.button[href$='/votes']")
    tab_to(page, "#group")
    page.locator("#group").select_option(str(world["migration_committee_id"]))
    tab_to(page, "#held_on")
    page.locator("#held_on").fill("2008-05-06")
    with app.app_context():
        point_ids = list(db.session.scalars(select(AmendmentPoint.id).order_by(AmendmentPoint.position)))
    for point_id, counts, result in zip(point_ids, (("9", "4", "1"), ("3", "10", "0")),
                                        ("adopted", "rejected"), strict=True):
        for name, value in zip(("yes", "no", "abstain"), counts, strict=True):
            tab_to(page, f"#{name}_{point_id}")
            page.keyboard.type(value)
        tab_to(page, f"#result_{point_id}")
        page.locator(f"#result_{point_id}").select_option(result)
    press_enter_on(page, "main form.amendments-votes-form button[type=submit]")
    points = page.locator("main section.amendment-point")
    expect(points.nth(0).locator(".amendment-badges")).to_contain_text("Adopted")
    expect(points.nth(1).locator(".amendment-badges")).to_contain_text("Rejected")
    expect(points.nth(0).locator("table.amendment-votes tbody tr")).to_contain_text("Migrationsausschuss")
    assert page_errors == [], page_errors

    with app.app_context():
        amendment = db.session.scalar(select(Amendment))
        assert (amendment.number, amendment.filer) == ("0597/2008", "SPD-Fraktion")
        assert [(p.kind, p.status) for p in amendment.points] == [
            ("replace", "adopted"), ("delete", "rejected")]
        assert amendment.points[0].new_body == "Alle Kinder und Eltern lernen Deutsch. Auch früh."
        votes = db.session.scalars(select(AmendmentVote).order_by(AmendmentVote.id)).all()
        assert [(v.yes, v.no, v.abstain) for v in votes] == [(9, 4, 1), (3, 10, 0)]


# ---------------------------------------------------------------- accessibility


@pytest.fixture
def filed(app, world) -> dict:
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "0597/2008", [
            ("g1", "replace", None, "Alle Kinder und Eltern lernen früh Deutsch."),
            ("f2", "delete", None, None),
            ("g2", "add_after", "Ziel 2.2", "Mehrsprachigkeit wird gefördert."),
        ])
        vote(amendment.points[0], world["migration_committee_id"], "adopted")
        vote(amendment.points[1], world["school_committee_id"], "referred")
        db.session.commit()
        return {"id": amendment.id, "point_id": amendment.points[2].id}


PAGES = [
    # (id, path, what must be on it)
    ("list", BASE, "main table.amendments-table tbody tr"),
    ("show", BASE + "/{id}", "main section.amendment-point .diff"),
    ("amendment-form", BASE + "/{id}/edit", "main form.stacked select#version"),
    ("point-form", BASE + "/{id}/points/new?section=g1", "main form.stacked textarea#new_body"),
    ("point-edit", BASE + "/{id}/points/{point_id}/edit", "main form.stacked input#new_title"),
    ("votes-form", BASE + "/{id}/votes", "main table.amendments-votes-table tbody tr"),
]


def _url(path: str, language: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def _check(page, page_errors, assert_accessible, shows: str, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator(shows).first).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    # What the page itself reports (a form sent back with errors answers 422), then axe-core.
    expected = "the server responded with a status of 422 "
    assert [e for e in page_errors if expected not in e] == [], page_errors
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "shows"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES])
def test_pages_have_no_accessibility_violations(
    page, page_errors, assert_accessible, log_in, filed, path, shows, language
):
    log_in("staff")
    url = _url(path.format(**filed), language)
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    _check(page, page_errors, assert_accessible, shows, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_with_errors_have_no_accessibility_violations(
    page, page_errors, assert_accessible, log_in, filed, language
):
    log_in("staff")
    page.goto(_url(BASE + f"/{filed['id']}/votes", language))
    if language != "de":  # ?lang= holds for one request; the switcher keeps it for the POST
        with page.expect_navigation():
            page.locator(f".language-switcher button[value={language}]").click()
    page.locator(f"#yes_{filed['point_id']}").fill("zwölf")
    with page.expect_navigation():
        page.locator("main form.amendments-votes-form button[type=submit]").click()
    _check(page, page_errors, assert_accessible, f"#yes_{filed['point_id']}[aria-invalid=true]",
           language)
    expect(page.locator("#error-summary")).to_be_visible()

    page.goto(BASE + "/new")
    page.locator("#number").fill("")
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()
    _check(page, page_errors, assert_accessible, "#number[aria-invalid=true]", language)
