"""From a council motion to the adopted text, in real browsers.

Staff file amendment 0597/2008 to version 2 with three points (new wording for goal 1.1, the
deletion of field of action 2, a new section after goal 2.1), record the votes of two
committees (point 1 adopted, point 2 rejected, point 3 withdrawn), check the preview of the
adopted version and generate it. An anonymous visitor then reads the amendment with its votes,
and the history of goal 1.1 names point 1 of the amendment as the source of the change (not
staff editing); the rejected deletion and the withdrawn addition left no trace. axe-core runs
on the public amendment page and the section history in German and Arabic.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.council.models import Amendment, AmendmentVote, PointApplication
from consult.extensions import db
from consult.plans.models import Version
from tests.helpers_council import council_world
from tests.helpers_triage import node

pytestmark = pytest.mark.browser

NUMBER = "0597/2008"
NEW_WORDING = "Alle Kinder und Eltern lernen früh Deutsch in der Kita."
ADDITION_TITLE = "Mehrsprachigkeit in der Kita"
ADDITION_BODY = "Die Kitas fördern die Sprachen der Familien."
FIELD_2 = "Text des Handlungsfelds 2."
FIRST_MEETING = "2008-05-06"
SECOND_MEETING = "2008-06-10"


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


def _submit(page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"main form.{form} button[type=submit]").click()


def _add_point(page, section: str, kind: str, *, title: str = "", body: str = "",
               justification: str = "") -> None:
    page.locator("main a.button[href$='/points/new']").click()
    page.wait_for_url("**/points/new")
    page.locator("#section").select_option(section)
    page.locator(f"input[name=kind][value={kind}]").check()
    if title:
        page.locator("#new_title").fill(title)
    if body:
        page.locator("#new_body").fill(body)
    if justification:
        page.locator("#justification").fill(justification)
    _submit(page, "stacked")
    expect(page.locator("main .flash-success")).to_be_visible()


def _record_meeting(page, body_id: int, held_on: str, rows: list) -> None:
    """One meeting on the votes form: `rows` per point, (yes, no, abstain, result) or None."""
    page.locator("main a.button[href$='/votes']").click()
    page.wait_for_url("**/votes")
    page.locator("#group").select_option(str(body_id))
    page.locator("#held_on").fill(held_on)
    table_rows = page.locator("main table.amendments-votes-table tbody tr")
    expect(table_rows).to_have_count(len(rows))
    for index, row in enumerate(rows):
        if row is None:
            continue
        line = table_rows.nth(index)
        for name, value in zip(("yes", "no", "abstain"), row[:3], strict=True):
            line.locator(f"input[name^={name}_]").fill(value)
        line.locator("select[name^=result_]").select_option(row[3])
    _submit(page, "amendments-votes-form")
    expect(page.locator("main .flash-success")).to_be_visible()


def _vote_rows(table) -> list[list[str]]:
    """The rows of a votes table: body, then the three counts (the date and result left out)."""
    result = []
    for row in table.locator("tbody tr").all():
        cells = [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        result.append([cells[0], *cells[2:5]])
    return result


def _timeline_entry(page, number: int, key: str):
    """The entry of version `number` on a section's public history."""
    return page.locator("main ol.timeline > li").filter(
        has=page.locator(f"h2 a[href='/p/lip/v/{number}/s/{key}']")
    )


def test_amendment_from_filing_to_the_adopted_text(
    app, world, new_context, page, page_errors, log_in, assert_accessible
):
    # --- 1. Staff file the amendment on version 2 (the switcher keeps English) -----------
    log_in("staff")
    page.goto("/manage/processes/lip/amendments")
    with page.expect_navigation():
        page.locator(".language-switcher button[value=en]").click()
    page.locator("main a.button[href$='/amendments/new']").click()
    page.wait_for_url("**/amendments/new")
    page.locator("#version").select_option(str(world["v2"]))
    page.locator("#number").fill(NUMBER)
    page.locator("#title").fill("Sprachförderung für Familien")
    page.locator("#filed_by").fill("SPD-Fraktion")
    page.locator("#filed_on").fill("2008-04-01")
    expect(page.locator("#published")).to_be_checked()
    _submit(page, "stacked")
    page.wait_for_url(re.compile(r"/manage/processes/lip/amendments/\d+$"))
    amendment_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("h1")).to_contain_text(NUMBER)
    expect(page.locator("main dl.facts")).to_contain_text("SPD-Fraktion")

    # --- 2. Three points -----------------------------------------------------------------
    _add_point(page, "g1", "replace", body=NEW_WORDING, justification="Früh hilft am meisten.")
    _add_point(page, "f2", "delete")
    _add_point(page, "g2", "add_after", title=ADDITION_TITLE, body=ADDITION_BODY)
    points = page.locator("main section.amendment-point")
    expect(points).to_have_count(3)
    expect(points.nth(0).locator(".diff ins").first).to_contain_text("früh")
    expect(points.nth(1).locator(".diff del").last).to_contain_text(FIELD_2)
    expect(points.nth(2).locator(".diff ins").first).to_contain_text(ADDITION_TITLE)

    # --- 3. Votes of two committees ------------------------------------------------------
    _record_meeting(page, world["migration_committee_id"], FIRST_MEETING, [
        ("9", "4", "1", "adopted"), ("3", "10", "0", "rejected"), ("", "", "", "withdrawn"),
    ])
    _record_meeting(page, world["school_committee_id"], SECOND_MEETING, [
        ("11", "2", "0", "adopted"), ("4", "9", "0", "rejected"), None,
    ])
    for index, (badge, word) in enumerate(
        (("badge-ok", "Adopted"), ("badge-danger", "Rejected"), ("badge-warn", "Withdrawn"))
    ):
        status = points.nth(index).locator(f".amendment-badges .badge.{badge}")
        expect(status).to_contain_text(word)
    expect(points.nth(0).locator(".amendment-badges")).to_contain_text("2008")
    assert _vote_rows(points.nth(0).locator("table.amendment-votes")) == [
        ["Migrationsausschuss", "9", "4", "1"], ["Schulausschuss", "11", "2", "0"]]
    assert _vote_rows(points.nth(1).locator("table.amendment-votes")) == [
        ["Migrationsausschuss", "3", "10", "0"], ["Schulausschuss", "4", "9", "0"]]
    assert _vote_rows(points.nth(2).locator("table.amendment-votes")) == [
        ["Migrationsausschuss", "0", "0", "0"]]

    # --- 4. The preview of the adopted version, then generate it --------------------------
    page.goto(f"/manage/processes/lip/v/{world['v2']}/adopt")
    entries = page.locator("main ol.adoption-entries > li.adoption-entry")
    expect(entries).to_have_count(1)
    entry = page.locator("main li.adoption-replace#section-g1")
    expect(entry.locator(".diff ins").first).to_contain_text("früh")
    expect(entry.locator(".diff")).to_contain_text("in der Kita.")
    expect(entry.locator("ul.adoption-points")).to_contain_text(f"{NUMBER} / 1")
    not_applied = page.locator("main table.adoption-not-applied tbody tr")
    expect(not_applied).to_have_count(2)
    expect(not_applied.nth(0)).to_contain_text(f"{NUMBER} / 2")
    expect(not_applied.nth(1)).to_contain_text(f"{NUMBER} / 3")
    expect(page.locator("main fieldset.resolution")).to_have_count(0)
    page.locator("#adopt").check()  # mark adopted and publish
    _submit(page, "adoption-form")
    page.wait_for_url("**/manage/processes/lip/v/4")
    expect(page.locator("main .flash-success")).to_contain_text("4")
    assert page_errors == [], page_errors

    # --- 5. What the database holds --------------------------------------------------------
    with app.app_context():
        amendment = db.session.get(Amendment, amendment_id)
        assert (amendment.number, amendment.filer) == (NUMBER, "SPD-Fraktion")
        assert amendment.published_at is not None
        assert [(p.kind, p.status) for p in amendment.points] == [
            ("replace", "adopted"), ("delete", "rejected"), ("add_after", "withdrawn")]
        point_ids = [p.id for p in amendment.points]
        new = db.session.scalar(select(Version).where(
            Version.process_id == world["process_id"], Version.number == 4))
        assert new.status == "adopted" and new.is_public
        applications = db.session.scalars(select(PointApplication)).all()
        assert [(a.point_id, a.version_id, a.manual) for a in applications] == [
            (point_ids[0], new.id, False)]
        assert node(world["process_id"], 4, "g1").text("de").body == NEW_WORDING
        assert node(world["process_id"], 4, "f2").text("de").body == FIELD_2
        assert node(world["process_id"], 4, "g2") is not None
        titles = {n.text("de").title for n in new.nodes if n.text("de") is not None}
        assert ADDITION_TITLE not in titles
        votes = db.session.scalars(select(AmendmentVote).order_by(AmendmentVote.id)).all()
        assert len(votes) == 5

    # --- 6. An anonymous visitor -----------------------------------------------------------
    visitor = new_context().new_page()
    visitor.on("pageerror", lambda error: page_errors.append(str(error)))

    visitor.goto(f"/p/lip/amendments/{amendment_id}?lang=en")
    expect(visitor.locator("h1")).to_contain_text(NUMBER)
    expect(visitor.locator("main .amendment-facts")).to_contain_text("SPD-Fraktion")
    summary = visitor.locator("main ul.vote-summary > li")
    expect(summary).to_have_count(2)
    expect(summary.locator(".vote-body")).to_have_text(["Migrationsausschuss", "Schulausschuss"])
    for position, status, word in ((1, "adopted", "Adopted"), (2, "rejected", "Rejected"),
                                   (3, "withdrawn", "Withdrawn")):
        badge = visitor.locator(f"main section#point-{position} .point-meta .point-status")
        expect(badge).to_have_class(re.compile(rf"\bpoint-status-{status}\b"))
        expect(badge).to_contain_text(word)
    assert _vote_rows(visitor.locator("main section#point-1 table.point-votes")) == [
        ["Migrationsausschuss", "9", "4", "1"], ["Schulausschuss", "11", "2", "0"]]
    assert _vote_rows(visitor.locator("main section#point-2 table.point-votes")) == [
        ["Migrationsausschuss", "3", "10", "0"], ["Schulausschuss", "4", "9", "0"]]
    assert _vote_rows(visitor.locator("main section#point-3 table.point-votes")) == [
        ["Migrationsausschuss", "0", "0", "0"]]
    expect(visitor.locator("main section#point-1 .point-applied a")).to_have_attribute(
        "href", "/p/lip/v/4/s/g1")
    expect(visitor.locator("main .point-applied")).to_have_count(1)

    # The history of goal 1.1: version 4 changed it because of point 1, not staff editing.
    visitor.goto("/p/lip/s/g1/history?lang=en")
    adopted = _timeline_entry(visitor, 4, "g1")
    expect(adopted).to_have_count(1)
    expect(adopted.locator(".diff ins").first).to_contain_text("früh")
    reference = adopted.locator("ul.changed-by-amendment a.point-reference")
    expect(reference).to_have_count(1)
    expect(reference).to_have_attribute(
        "href", f"/p/lip/amendments/{amendment_id}#point-1")
    expect(reference).to_contain_text(NUMBER)
    expect(reference).to_contain_text("point 1")
    expect(adopted.locator(".source-staff")).to_have_count(0)
    expect(adopted.locator("ul.changed-by")).to_have_count(0)
    # Version 2's own change has no motion behind it: that one was staff editing.
    expect(_timeline_entry(visitor, 2, "g1").locator(".source-staff")).to_have_count(1)
    expect(_timeline_entry(visitor, 2, "g1").locator(".point-reference")).to_have_count(0)
    reference.click()
    visitor.wait_for_url(f"**/p/lip/amendments/{amendment_id}#point-1")
    expect(visitor.locator("main section#point-1 .diff ins").first).to_contain_text("früh")

    # The rejected deletion: field of action 2 is in version 4 with its text, unchanged (read
    # in German, the language the texts were written in).
    response = visitor.goto("/p/lip/v/4/s/f2?lang=de")
    assert response is not None and response.status == 200
    expect(visitor.locator("main")).to_contain_text(FIELD_2)
    visitor.goto("/p/lip/s/f2/history?lang=en")
    kept = _timeline_entry(visitor, 4, "f2")
    expect(kept).to_have_count(1)
    expect(kept.locator(".diff")).to_have_count(0)
    expect(kept.locator(".changed-by-amendment, .source-staff")).to_have_count(0)

    # The withdrawn addition is nowhere in version 4; only goal 1.1 changed, by point 1.
    visitor.goto("/p/lip/v/4?lang=de")
    expect(visitor.locator("main")).to_contain_text("Handlungsfeld 2")
    expect(visitor.locator("main")).not_to_contain_text(ADDITION_TITLE)
    visitor.goto("/p/lip/v/4/changes?lang=en")
    changes = visitor.locator("main section.version-change")
    expect(changes).to_have_count(1)
    expect(changes.first).to_have_attribute("id", "change-g1")
    expect(changes.first.locator(".source-amendment a")).to_have_attribute(
        "href", f"/p/lip/amendments/{amendment_id}#point-1")
    expect(changes.first.locator(".source-staff")).to_have_count(0)
    assert page_errors == [], page_errors

    # --- 7. axe-core on the public amendment page and the history, German and Arabic ---
    for path in (f"/p/lip/amendments/{amendment_id}", "/p/lip/s/g1/history"):
        for language in ("de", "ar"):
            response = visitor.goto(f"{path}?lang={language}")
            assert response is not None and response.status == 200, path
            html = visitor.locator("html")
            expect(html).to_have_attribute("lang", language)
            expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
            expect(visitor.locator("h1")).to_have_count(1)
            expect(visitor.locator("main a.point-reference, main table.point-votes").first
                   ).to_be_visible()
            assert_accessible(visitor)
    assert page_errors == [], page_errors
