"""Forum feedback in the browser: staff set up an event and enter 50 cards in one batch."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.extensions import db
from consult.participation.models import Contribution, ContributionKind, Event, EventTable

pytestmark = pytest.mark.browser

CARDS = 50
TOPICS = [
    "Mehr Sprachkurse für Eltern am Abend",
    "Kitaplätze in der Nähe der Wohnung",
    "Beratung auch auf Türkisch und Arabisch",
    "Längere Öffnungszeiten der Bibliotheken",
    "Patenschaften für neu Zugezogene",
]


def card_lines() -> list[str]:
    return [f"Karte {n} – {TOPICS[n % len(TOPICS)]}" for n in range(1, CARDS + 1)]


def test_staff_enter_fifty_forum_cards_in_the_batch_mode(app, page, page_errors, make_process, log_in):
    make_process()
    staff = log_in("staff")

    # The event, through the staff form.
    page.goto("/manage/processes/lip/events")
    page.locator("main a[href='/manage/processes/lip/events/new']").first.click()
    page.wait_for_url("**/events/new")
    form = page.locator("main form.stacked")
    form.locator("input[name=name]").fill("Integrationsforum 2026")
    form.locator("input[name=starts_at]").fill("2026-06-12T17:00")
    form.locator("input[name=ends_at]").fill("2026-06-12T21:00")
    form.locator("input[name=place]").fill("Neues Rathaus, Hodlersaal")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    expect(page.locator("h1")).to_have_text("Integrationsforum 2026")
    event_path = urlsplit(page.url).path

    # A table about the first goal, through the staff form.
    page.locator(f"main a[href='{event_path}/tables/new']").click()
    page.wait_for_url("**/tables/new")
    form = page.locator("main form.stacked")
    expect(form.locator("input[name=number]")).to_have_value("1")
    form.locator("input[name=name]").fill("Bildung und Sprache")
    form.locator("label", has_text="Ziel 1.1").click()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/events/\d+(#tables)?$"))
    expect(page.locator("main table.data tbody tr")).to_have_count(1)

    with app.app_context():
        event = db.session.scalar(select(Event))
        table = db.session.scalar(select(EventTable))
        assert [s.key for s in table.sections] == ["g1"]
        event_id, table_id, section_id = event.id, table.id, table.sections[0].id

    # The batch page: 50 lines at once.
    page.locator(f"main nav.manage-nav a[href='{event_path}/batch']").click()
    page.wait_for_url("**/batch")
    form = page.locator("main form.card-batch")
    form.locator("select[name=table]").select_option(str(table_id))
    form.locator("textarea[name=lines]").fill("\n".join(card_lines()))
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/batch(\?.*)?$"))
    counter = page.locator("main p[role=status] strong")
    expect(counter).to_contain_text(re.compile(rf"\b{CARDS}\b"))
    # The form is empty again, ready for the next batch, and keeps the chosen table.
    expect(form.locator("textarea[name=lines]")).to_have_value("")
    expect(form.locator("select[name=table]")).to_have_value(str(table_id))
    assert page_errors == [], page_errors

    with app.app_context():
        cards = db.session.scalars(
            select(Contribution)
            .where(Contribution.kind == ContributionKind.FORUM_CARD.value)
            .order_by(Contribution.id)
        ).all()
        assert len(cards) == CARDS
        assert [c.body for c in cards] == card_lines()
        assert {c.event_id for c in cards} == {event_id}
        assert {c.event_table_id for c in cards} == {table_id}
        assert {c.section_id for c in cards} == {section_id}
        assert {c.channel for c in cards} == {"forum"}
        assert {c.entered_by_id for c in cards} == {staff.id}
        assert all(c.author_id is None for c in cards)
