"""The public side of decisions in a browser: axe-core on the public suggestion page and the
section page with its outcomes, in German and Arabic; a reader who is not logged in sees the
answer and the text change once staff have published it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_participation import add_comment
from tests.helpers_triage import node
from tests.test_triage_public import COMMENT_TEXT, published, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PAGES = [
    # (path, what must be on it)
    ("/p/lip/suggestions/A-4", "main .resulting-change .diff ins"),
    ("/p/lip/suggestions/A-1", "main .passage-withheld"),
    ("/p/lip/v/2/s/g1", "main .section-outcomes .outcome-item"),
    ("/p/lip/v/2/s/g1/suggestions", "main .outcome-list .outcome-item"),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("path", "shows"), PAGES, ids=["change", "withheld", "section", "all-answers"])
def test_outcome_pages_have_no_accessibility_violations(
    page, page_errors, published, assert_accessible, path, shows, language  # noqa: F811
):
    url = path if language == "de" else f"{path}?lang={language}"
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator(shows).first).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    # The page's own errors (CSP, missing files), before axe-core fetches style sheets itself.
    assert page_errors == [], page_errors
    assert_accessible(page)


def test_anonymous_reader_sees_the_answer_once_it_is_published(
    app, new_context, world, make_user  # noqa: F811
):
    writer = make_user(display_name="Karla Kommentar")
    comment_id = add_comment(app, writer, COMMENT_TEXT, number=1)
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        admin = db.session.get(User, world["users"]["admin"].id)
        suggestion = services.split_whole(db.session.get(Contribution, comment_id), actor=staff)
        services.decide(suggestion, actor=admin, outcome="accepted", public_reason="")
        services.link_change(suggestion, node(world["process_id"], 2, "g1"), actor=staff)
        db.session.commit()

    early = new_context().new_page()
    response = early.goto("/p/lip/suggestions/A-1")
    assert response is not None and response.status == 404
    early.goto("/p/lip/v/1/s/g1")
    expect(early.locator("main h1")).to_be_visible()
    expect(early.locator("main .section-outcomes")).to_have_count(0)

    with app.test_request_context():
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        services.publish(suggestion, actor=db.session.get(User, world["users"]["admin"].id))
        db.session.commit()

    reader = new_context().new_page()
    response = reader.goto("/p/lip/suggestions/A-1")
    assert response is not None and response.status == 200
    expect(reader.locator("main .outcome-lead .outcome-accepted")).to_be_visible()
    expect(reader.locator("main blockquote.passage")).to_have_text(COMMENT_TEXT)
    expect(reader.locator("main .resulting-change .diff ins")).to_contain_text("und Eltern")
    reader.locator("main .resulting-change h3 a").click()
    reader.wait_for_url("**/p/lip/v/2/s/g1")
    expect(reader.locator('main .changed-by a[href="/p/lip/suggestions/A-1"]')).to_be_visible()

    early.reload()
    expect(early.locator('main .section-outcomes a[href="/p/lip/suggestions/A-1"]')).to_be_visible()
