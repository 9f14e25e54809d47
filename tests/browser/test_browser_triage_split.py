"""Splitting a contribution in the browser: staff select a sentence in the Turkish statement,
take it as a suggestion and see it marked; a paragraph taken by triple click; axe-core on the
inbox and the split page in German and Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.extensions import db
from consult.triage.models import Suggestion
from tests.conftest import TEST_PASSWORD
from tests.helpers_triage import TURKISH_STATEMENT, triage_world

pytestmark = pytest.mark.browser

SECOND = "Ebeveynler için akşam saatlerinde dil kursları olmalı."
THIRD = "Belediye binasında Türkçe bilgi tabelaları gerekli."
INBOX = "/triage/lip/contributions"


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def log_in_as(page, user) -> None:
    page.goto("/account/login")
    form = page.locator("main form.stacked")
    form.locator("input[name=email]").fill(user.email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/account/login" not in url)


def suggestions(app) -> list[Suggestion]:
    with app.app_context():
        rows = list(db.session.scalars(select(Suggestion).order_by(Suggestion.number)))
        db.session.expunge_all()
        return rows


def select_text(page, selector: str, text: str) -> None:
    """Select `text` inside the text node of `selector`, as a person would with the mouse."""
    page.evaluate(
        """([selector, text]) => {
            const element = document.querySelector(selector);
            const node = element.firstChild;
            const start = node.data.indexOf(text);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + text.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        [selector, text],
    )


def test_staff_select_a_sentence_and_take_it_as_a_suggestion(app, page, page_errors, world):
    log_in_as(page, world["users"]["staff"])
    page.goto(f"{INBOX}/{world['statement_id']}")
    second_start = TURKISH_STATEMENT.index(SECOND)

    # Part of the second paragraph: "akşam saatlerinde dil kursları".
    wanted = "akşam saatlerinde dil kursları"
    select_text(page, f"#paragraph-2 [data-start='{second_start}']", wanted)
    start = TURKISH_STATEMENT.index(wanted)
    form = page.locator("#take-form")
    expect(form.locator("input[name=start]")).to_have_value(str(start))
    expect(form.locator("input[name=end]")).to_have_value(str(start + len(wanted)))
    expect(page.locator("#marked-passage q")).to_have_text(wanted)

    form.locator("textarea[name=summary]").fill("Abendkurse für Eltern")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".flashes")).to_contain_text("A-1")
    mark = page.locator("#contribution-text mark[data-labels='A-1']")
    expect(mark).to_have_text(wanted)
    expect(page.locator("#contribution-text .passage-label")).to_have_text(["A-1"])

    [taken] = suggestions(app)
    assert (taken.passage_start, taken.passage_end) == (start, start + len(wanted))
    assert taken.passage == wanted and taken.summary == "Abendkurse für Eltern"

    # With the mouse: a triple click selects the last paragraph.
    page.locator("#paragraph-3").click(click_count=3)
    third_start = TURKISH_STATEMENT.index(THIRD)
    expect(form.locator("input[name=start]")).to_have_value(str(third_start))
    page.locator("#take-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#contribution-text mark[data-labels='A-2']")).to_have_text(THIRD)
    assert [s.passage for s in suggestions(app)] == [wanted, THIRD]
    assert page_errors == []


PAGES = [
    ("inbox", INBOX, None),
    ("inbox-done", INBOX + "?state=all&kind=statement", None),
    ("split", INBOX + "/{statement}", None),
    ("split-errors", INBOX + "/{statement}", "passage-not-found"),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("name", "path", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_split_pages_have_no_accessibility_violations(
    app, page, page_errors, world, assert_accessible, name, path, action, language
):
    from consult.triage import services

    with app.test_request_context():
        from consult.accounts.models import User
        from consult.participation.models import Contribution

        statement = db.session.get(Contribution, world["statement_id"])
        staff = db.session.get(User, world["users"]["staff"].id)
        start = TURKISH_STATEMENT.index(SECOND)
        services.split(statement, actor=staff, start=0, end=start + 10, summary="Kurse")
        services.split(statement, actor=staff, start=start, end=start + len(SECOND))
        db.session.commit()
    log_in_as(page, world["users"]["staff"])
    url = path.format(statement=world["statement_id"])
    if language != "de":
        url += ("&" if "?" in url else "?") + f"lang={language}"
    response = page.goto(url)
    assert response is not None and response.status == 200
    if action == "passage-not-found":
        if language != "de":
            with page.expect_navigation():
                page.locator(f".language-switcher button[value={language}]").click()
        page.locator("#take-form textarea[name=passage]").fill("Das steht nicht im Text.")
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.locator("#take-form button[type=submit]").click()
        assert sent.value.status == 422
        page.wait_for_load_state()
        expect(page.locator("#passage-error")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    if name.startswith("inbox"):
        expect(page.locator("main table.inbox tbody tr").first).to_be_attached()
    else:
        expect(page.locator("#contribution-text mark").first).to_be_attached()
    assert_accessible(page)
    expected = "the server responded with a status of 422 "
    assert [e for e in page_errors if expected not in e] == [], page_errors
