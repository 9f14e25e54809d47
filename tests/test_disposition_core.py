# ruff: noqa: F811 - the fixtures imported from test_triage_public are used as arguments
"""The disposition table's query layer (consult.accountability.disposition): what each variant
contains, consent, filters, search that cannot probe withheld text, order, paging, chunked
walking, and a fixed number of queries. On both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.accountability import disposition
from consult.accountability.disposition import Filters, Status, Variant
from consult.extensions import db
from consult.plans.models import Process
from consult.triage.models import Outcome, Suggestion
from tests.helpers_triage import bulk_suggestions
from tests.test_triage_public import (  # noqa: F401 - fixtures
    CONSENT_TEXT,
    INTERNAL,
    REASON_TR,
    published,
    world,
)


def _process(world) -> Process:
    return db.session.get(Process, world["process_id"])


def _labels(rows) -> list[str]:
    return [row.label for row in rows]


def _page(world, variant=Variant.PUBLIC, reader="de", **args):
    return disposition.page(
        _process(world), Filters.from_args(args), variant=variant, language=reader
    )


def test_public_variant_holds_only_published_answers_on_public_versions(app, world, published):
    with app.test_request_context():
        result = _page(world)
        # A-2 decided but unpublished, A-3 undecided, A-6 grouped under the unpublished A-2,
        # A-7 on the draft version 3.
        assert _labels(result.rows) == ["A-1", "A-4", "A-5", "A-8"]
        assert result.total == 4
        for row in result.rows:
            assert row.internal_note is None and row.submitter_email is None
            assert row.status is None


def test_public_rows_respect_consent(app, world, published):
    with app.test_request_context():
        rows = {row.label: row for row in _page(world).rows}
        # A statement without consent: no passage, no name.
        assert rows["A-1"].passage is None and rows["A-1"].withheld == "consent"
        assert rows["A-1"].submitter != "Ayşe Yılmaz"
        # With consent: both.
        assert rows["A-8"].passage == CONSENT_TEXT
        assert rows["A-8"].submitter == "Petra Privat"
        # A grouped suggestion carries its representative's answer and changes.
        assert rows["A-5"].grouped_under == "A-4"
        assert rows["A-5"].outcome.value == "accepted"
        assert [(c.version_number, c.section_key) for c in rows["A-5"].changes] == [(2, "g1")]
        assert rows["A-4"].changed_text and not rows["A-1"].changed_text


def test_reason_in_the_readers_language(app, world, published):
    with app.test_request_context():
        rows = {row.label: row for row in _page(world, reader="tr").rows}
        assert rows["A-1"].reason.text == REASON_TR and rows["A-1"].reason.translated
        rows = {row.label: row for row in _page(world, reader="en").rows}
        assert rows["A-1"].reason.text != REASON_TR and not rows["A-1"].reason.translated


def test_internal_variant_holds_everything_with_names_and_notes(app, world, published):
    with app.test_request_context():
        rows = {row.label: row for row in _page(world, Variant.INTERNAL).rows}
        assert set(rows) == {f"A-{n}" for n in range(1, 9)}
        assert rows["A-1"].passage is not None
        assert "Ayşe Yılmaz" in rows["A-1"].submitter
        assert rows["A-1"].submitter_email == "ayse@example.org"
        assert rows["A-1"].internal_note == INTERNAL
        assert rows["A-1"].recommendation.value == "accepted"
        assert rows["A-1"].status is Status.PUBLISHED
        assert rows["A-2"].status is Status.DECIDED
        assert rows["A-3"].status is Status.OPEN and rows["A-3"].outcome is None


def test_filters(app, world, published):
    with app.test_request_context():
        assert _labels(_page(world, outcome="accepted").rows) == ["A-4", "A-5"]
        assert _labels(_page(world, channel="letter").rows) == ["A-1", "A-8"]
        everything = _page(world).rows
        for language in {row.passage_language for row in everything}:
            expected = [row.label for row in everything if row.passage_language == language]
            assert _labels(_page(world, language=language).rows) == expected
        assert _page(world, language="fa").rows == []
        assert _labels(_page(world, submitter_type="resident").rows) == ["A-1", "A-4", "A-5", "A-8"]
        assert _labels(_page(world, version="1").rows) == ["A-4", "A-5"]
        assert _labels(_page(world, version="2", section="g1").rows) == ["A-1", "A-8"]
        # A field of action includes its goals.
        assert _labels(_page(world, version="2", section="f1").rows) == ["A-1", "A-8"]
        # The draft version cannot be chosen by the public.
        assert _page(world, version="3").rows == []
        assert _labels(_page(world, Variant.INTERNAL, version="3").rows) == ["A-7"]


def test_unknown_filter_values_are_dropped():
    filters = Filters.from_args({
        "outcome": "<script>", "channel": "x", "language": "de'; --", "sort": "email",
        "dir": "sideways", "version": "99999999999", "section": "a b<", "q": " a  b " * 100,
    })
    assert filters.outcome is None and filters.channel is None and filters.language is None
    assert filters.sort == "number" and not filters.descending
    assert filters.version is None and filters.section is None
    assert len(filters.q) <= disposition.MAX_QUERY
    assert Filters.from_args({"outcome": "accepted", "sort": "section", "dir": "desc"}).args() == {
        "outcome": "accepted", "sort": "section", "dir": "desc",
    }


def test_public_search_does_not_see_withheld_passages(app, world, published):
    with app.test_request_context():
        # A word of A-1's passage (a statement without consent) finds nothing publicly …
        assert _page(world, q="Çocuklar").rows == []
        # … but staff find it.
        assert "A-1" in _labels(_page(world, Variant.INTERNAL, q="Çocuklar").rows)
        # Consented passages and reasons are searchable.
        assert _labels(_page(world, q="Sprachcafés").rows) == ["A-8"]
        assert _labels(_page(world, q="übernommen").rows) == ["A-8"]
        # The internal note is never searched publicly.
        assert _page(world, q="GEHEIMNOTIZ").rows == []
        assert _page(world, q="%").rows == []


def test_sorting(app, world, published):
    with app.test_request_context():
        assert _labels(_page(world, dir="desc").rows) == ["A-8", "A-5", "A-4", "A-1"]
        order = list(Outcome)
        outcomes = [row.outcome for row in _page(world, sort="outcome").rows]
        assert outcomes == sorted(outcomes, key=order.index)
        assert outcomes[0] is Outcome.ACCEPTED and outcomes[-1] is Outcome.NOT_ACCEPTED
        channels = [row.channel for row in _page(world, sort="channel", dir="desc").rows]
        assert channels == sorted(channels, reverse=True)
        assert len(_page(world, sort="section").rows) == 4
        assert len(_page(world, sort="decided", dir="desc").rows) == 4


def test_paging_and_chunked_walk(app, world, published):
    with app.test_request_context():
        process = _process(world)
        first = disposition.page(process, Filters(), language="de", page=1, per_page=3)
        second = disposition.page(process, Filters(), language="de", page=2, per_page=3)
        assert _labels(first.rows) == ["A-1", "A-4", "A-5"] and first.pages == 2
        assert _labels(second.rows) == ["A-8"] and second.total == 4
        beyond = disposition.page(process, Filters(), language="de", page=9, per_page=3)
        assert beyond.rows == [] and beyond.total == 4
        walked = disposition.iter_rows(
            process, Filters(), variant=Variant.INTERNAL, language="de", chunk=3
        )
        assert _labels(walked) == [f"A-{n}" for n in range(1, 9)]


@pytest.mark.parametrize("variant", [Variant.PUBLIC, Variant.INTERNAL])
def test_a_page_costs_the_same_queries_for_30_or_3000_suggestions(
    app, world, published, count_queries, variant
):
    process_id = world["process_id"]
    with app.test_request_context():
        first = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        admin_id = first.decided_by_id
        version_id = first.version_id

    def measure() -> int:
        with app.test_request_context(), count_queries() as queries:
            result = disposition.page(
                db.session.get(Process, process_id), Filters(sort="section"),
                variant=variant, language="tr", per_page=50,
            )
            assert result.rows
        return queries.count

    with app.app_context():
        bulk_suggestions(process_id, 22, version_id=version_id, decided_by_id=admin_id,
                         start_number=100, published=True)
    small = measure()
    with app.app_context():
        bulk_suggestions(process_id, 3000, version_id=version_id, decided_by_id=admin_id,
                         start_number=1000, published=True)
    assert measure() == small
