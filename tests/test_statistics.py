"""Public statistics: the counts against a known world (nothing unpublished, nothing on a
draft version, no hidden comment), the cache and its fingerprint, the page with its charts
and tables, right to left, escaping, and query budgets. On both databases."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - our own output
from datetime import date

import pytest
from sqlalchemy import insert, select, update

from consult.accountability import charts, disposition, statistics
from consult.accounts.models import Organisation, User
from consult.comments import services as comment_services
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans.models import Process, SectionText, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import ResultingChange, Suggestion, suggestion_sections
from tests.helpers_participation import add_comment, page
from tests.helpers_triage import TURKISH_STATEMENT, bulk_suggestions, node, section, triage_world

SVG_NS = "{http://www.w3.org/2000/svg}"
PRIVATE = ("Ayşe", "Yılmaz", "ayse@example.org", "Karla", "Geheimweg", "Petra")


@pytest.fixture
def world(app, make_process, make_user, make_organisation):
    """lip: v1, v2 published, v3 draft; fields f1 (goal g1) and f2 (goal g2).

    Contributions: the Turkish letter on g1 (v2), Karla's comments on g1 (v1) and f2 (v2),
    a hidden comment, an organisation's e-mail on f2, and a letter about the draft v3.
    Suggestions: S1-S3 from the letter (S1 not accepted and published, S2 noted but not
    published, S3 undecided), S4 from the first comment (accepted, published, changed g1 in
    v2), S5 from the second comment grouped under S4, S6 from the organisation on f2 and g2
    (partly accepted, published), S7 on the draft (published: never counted)."""
    data = triage_world(app, make_process, make_user)
    karla = make_user(display_name="Karla Kommentar")
    first = add_comment(app, karla, "Auch die Eltern sollen Deutsch lernen.", key="g1",
                        number=1, language="de")
    second = add_comment(app, karla, "Mehr Sport im Quartier.", key="f2", number=2,
                         language="de")
    hidden = add_comment(app, karla, "Ein verborgener Kommentar.", key="g1", number=2,
                         language="de")
    org = make_organisation(name="Migrantenverein Brücke")
    with app.test_request_context():
        process = db.session.get(Process, data["process_id"])
        staff = db.session.get(User, data["users"]["staff"].id)
        admin = db.session.get(User, data["users"]["admin"].id)
        comment_services.hide_comment(db.session.get(Contribution, hidden), staff, "Beleidigend.")

        def decide(suggestion, outcome, publish=True):
            services.decide(suggestion, actor=admin, outcome=outcome,
                            public_reason="" if outcome == "accepted" else "Begründung.")
            if publish:
                services.publish(suggestion, actor=admin)

        letter = db.session.get(Contribution, data["statement_id"])
        parts, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(letter, actor=staff, start=start, end=offset))
        s1, s2, _s3 = parts
        decide(s1, "not_accepted")
        decide(s2, "noted", publish=False)
        s4 = services.split_whole(db.session.get(Contribution, first), actor=staff)
        decide(s4, "accepted")
        services.link_change(s4, node(process.id, 2, "g1"), actor=staff)
        s5 = services.split_whole(db.session.get(Contribution, second), actor=staff)
        services.group_under(s5, s4, actor=staff)
        versions = {
            v.number: v for v in db.session.scalars(
                select(Version).where(Version.process_id == process.id)
            )
        }
        from_org = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="email", received_on=date.today(), body="Mehr Beratung für Vereine.",
                language="de", submitter_type="organisation",
                organisation=db.session.get(Organisation, org.id),
                sections=[section(process.id, "f2"), section(process.id, "g2")],
                version=versions[2],
            ),
            [], today=date.today(),
        )
        s6 = services.split_whole(from_org, actor=staff)
        decide(s6, "partly_accepted")
        draft = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="letter", received_on=date.today(), body="ENTWURF der dritten Fassung.",
                language="de", sections=[section(process.id, "g1")], version=versions[3],
                name="Petra Privat", address="Geheimweg 7",
            ),
            [], today=date.today(),
        )
        decide(services.split_whole(draft, actor=staff), "out_of_scope")
        db.session.commit()
        numbers = [s.number for s in (*parts, s4, s5, s6)]
    assert numbers == [1, 2, 3, 4, 5, 6]
    statistics.clear_cache()
    return data


@pytest.fixture
def in_world(app, world):
    """The world, and a request context opened after it was made."""
    with app.test_request_context():
        yield world
        db.session.rollback()


def _process(world) -> Process:
    return db.session.get(Process, world["process_id"])


def _overview(world, **kwargs) -> dict:
    result = statistics.overview(_process(world), **kwargs).as_dict()
    result.pop("computed_at")
    return result


EXPECTED = {
    "process": "lip",
    "contributions": {
        "total": 4,
        "by_kind": {"comment": 2, "statement": 2},
        "by_channel": {"online": 2, "email": 1, "letter": 1},
        "by_language": {"de": 3, "tr": 1},
        "by_submitter_type": {"resident": 3, "organisation": 1},
    },
    "suggestions": {
        "total": 6,
        "answered": 4,
        "answered_share": 0.6667,
        "changed_text": 2,
        "by_outcome": {"accepted": 2, "not_accepted": 1, "partly_accepted": 1},
        "by_channel": {"letter": 3, "online": 2, "email": 1},
        "by_language": {"de": 3, "tr": 3},
        "by_submitter_type": {"resident": 5, "organisation": 1},
        "by_section": [
            {"key": "f1", "number": "1", "title": "Handlungsfeld 1", "count": 4, "answered": 2},
            {"key": "f2", "number": "2", "title": "Handlungsfeld 2", "count": 2, "answered": 2},
        ],
    },
}


# --------------------------------------------------------------------- the counts


def test_counts_only_what_the_public_may_see(in_world):
    """No unpublished outcome ("noted"), nothing on the draft, no hidden comment; a grouped
    suggestion is answered and changed the text through its representative; a suggestion on
    a field and its goal counts once for the field."""
    assert _overview(in_world) == EXPECTED


def test_section_titles_in_the_readers_language(in_world):
    sections = _overview(in_world, language="en")["suggestions"]["by_section"]
    assert [s["title"] for s in sections] == ["Field of action 1", "Field of action 2"]
    # No Turkish title: the original.
    sections = _overview(in_world, language="tr")["suggestions"]["by_section"]
    assert [s["title"] for s in sections] == ["Handlungsfeld 1", "Handlungsfeld 2"]


def test_answered_agrees_with_the_public_disposition_table(in_world):
    process = _process(in_world)
    data = statistics.overview(process)
    assert disposition.count(process, disposition.Filters()) == data.suggestions.answered
    for outcome, n in data.suggestions.by_outcome.items():
        assert disposition.count(process, disposition.Filters(outcome=outcome)) == n
    for item in data.by_section:
        assert disposition.count(process, disposition.Filters(section=item.key)) == item.answered


def test_as_dict_is_json_with_a_utc_timestamp(in_world):
    result = statistics.overview(_process(in_world)).as_dict()
    assert json.loads(json.dumps(result)) == result
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result["computed_at"])
    assert set(result) == {"process", "computed_at", "contributions", "suggestions"}


def test_a_process_without_anything(app, make_process):
    make_process(slug="empty")
    with app.test_request_context():
        result = statistics.overview(
            db.session.scalar(select(Process).where(Process.slug == "empty"))
        )
    assert result.contributions.total == 0
    assert result.suggestions.total == 0
    assert result.answered_share == 0.0
    assert [(s.key, s.count, s.answered) for s in result.by_section] == [
        ("f1", 0, 0), ("f2", 0, 0),
    ]


# --------------------------------------------------------------------- the cache


def _group_bys(counter) -> int:
    return sum("GROUP BY" in statement.upper() for statement in counter.statements)


def test_cache_answers_without_counting_again_until_something_changes(
    app, world, count_queries
):
    with app.test_request_context():
        first = statistics.overview(_process(world))
    with app.test_request_context():
        process = _process(world)
        with count_queries() as counter:
            again = statistics.overview(process)
    assert _group_bys(counter) == 0
    assert counter.count == 2  # the fingerprint and the section titles
    assert again.computed_at == first.computed_at
    assert again.suggestions == first.suggestions

    # Publishing S2 changes the fingerprint: counted again, the outcome now shows.
    with app.test_request_context():
        s2 = db.session.scalar(select(Suggestion).where(Suggestion.number == 2))
        services.publish(s2, actor=db.session.get(User, world["users"]["admin"].id))
        db.session.commit()
    with app.test_request_context():
        process = _process(world)
        with count_queries() as counter:
            after = statistics.overview(process)
    assert _group_bys(counter) == 3
    assert after.suggestions.answered == 5
    assert after.suggestions.by_outcome["noted"] == 1
    assert after.computed_at >= first.computed_at


def test_cache_notices_changed_sections_hidden_comments_and_changes(app, world):
    """Each kind of change a count depends on changes the fingerprint."""
    with app.test_request_context():
        assert statistics.overview(_process(world)).contributions.total == 4
    with app.test_request_context():
        s6 = db.session.scalar(select(Suggestion).where(Suggestion.number == 6))
        before = (s6.updated_at, s6.lock_version)
        # Only the links to sections change, as many as before: the suggestion's row and
        # the number of links stay as they were.
        s6.sections = [section(world["process_id"], "f1"), section(world["process_id"], "g1")]
        db.session.commit()
        assert (s6.updated_at, s6.lock_version) == before
    with app.test_request_context():
        data = statistics.overview(_process(world))
    assert [(s.key, s.count, s.answered) for s in data.by_section] == [
        ("f1", 5, 3), ("f2", 1, 1),
    ]
    with app.test_request_context():
        comment = db.session.scalar(
            select(Contribution).where(Contribution.body == "Mehr Sport im Quartier.")
        )
        comment_services.hide_comment(
            comment, db.session.get(User, world["users"]["staff"].id), "Doppelt."
        )
        db.session.commit()
    with app.test_request_context():
        assert statistics.overview(_process(world)).contributions.total == 3
    with app.test_request_context():
        change = db.session.scalar(select(ResultingChange))
        services.unlink_change(change, actor=db.session.get(User, world["users"]["staff"].id))
        db.session.commit()
    with app.test_request_context():
        assert statistics.overview(_process(world)).suggestions.changed_text == 0


# --------------------------------------------------------------------- the page


def _xml(text: str) -> ET.Element:
    """Parse markup this app rendered (well-formedness is what is tested)."""
    return ET.fromstring(text)  # noqa: S314


def _svgs(html: str) -> list[ET.Element]:
    return [_xml(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, table_id
    return match.group(0)


def _cells(table: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        cells = [re.sub(r'<span class="visually-hidden">.*?</span>', "", c) for c in cells]
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_page_shows_figures_charts_and_tables(client, world):
    response = client.get("/p/lip/statistics?lang=en")
    assert response.status_code == 200
    html = page(response)
    assert '<h1>Statistics: <span lang="en" dir="auto">Local Integration Plan</span></h1>' in html
    figures = re.findall(r"<dd>(.*?)</dd>", html, re.S)
    assert [re.sub(r"<[^>]+>", "", f).split()[0] for f in figures] == ["4", "6", "4", "2"]
    assert "(67%)" in html
    assert _cells(_table(html, "suggestions-outcome-table"))[1:] == [
        ["Accepted", "2", "50%"], ["Not accepted", "1", "25%"], ["Partly accepted", "1", "25%"],
    ]
    assert _cells(_table(html, "contributions-channel-table"))[1:] == [
        ["Online form", "2", "50%"], ["E-mail", "1", "25%"], ["Letter", "1", "25%"],
    ]
    assert _cells(_table(html, "suggestions-language-table"))[1:] == [
        ["German", "3", "50%"], ["Turkish", "3", "50%"],
    ]
    assert _cells(_table(html, "suggestions-section-table"))[1:] == [
        ["1", "Field of action 1", "4", "2", "50%"], ["2", "Field of action 2", "2", "2", "100%"],
    ]
    assert "Noted" not in _table(html, "suggestions-outcome-table")
    for private in PRIVATE:
        assert private not in html
    assert 'href="/p/lip"' in html
    # Into the disposition table: all answers, one outcome, the answers on one field.
    assert 'href="/p/lip/disposition"' in html
    assert 'href="/p/lip/disposition?outcome=not_accepted"' in html
    assert 'href="/p/lip/disposition?section=f1"' in html
    # One chart per breakdown with entries: 4 for contributions, 5 for suggestions.
    svgs = _svgs(html)
    assert len(svgs) == 9
    for svg in svgs:
        assert svg.get("role") == "img"
        title = svg.find(f"{SVG_NS}title")
        assert title is not None and title.get("id") == svg.get("aria-labelledby")
        assert svg.find(f"{SVG_NS}desc").get("id") == svg.get("aria-describedby")
        assert "style" not in ET.tostring(svg, encoding="unicode")
    outcome_chart = next(s for s in svgs if s.get("id") == "chart-suggestions-outcome")
    assert outcome_chart.find(f"{SVG_NS}title").text == "Answered suggestions by outcome"
    labels = [t.text for t in outcome_chart.iter(f"{SVG_NS}text")]
    assert labels == ["Accepted", "2", "Not accepted", "1", "Partly accepted", "1"]


def test_page_in_german_by_default_and_arabic_right_to_left(client, world):
    html = page(client.get("/p/lip/statistics"))
    assert '<html lang="de" dir="ltr">' in html
    assert "Nicht berücksichtigt" in _table(html, "suggestions-outcome-table")
    assert "Onlineformular" in _table(html, "contributions-channel-table")
    assert "Deutsch" in _table(html, "contributions-language-table")
    html = page(client.get("/p/lip/statistics?lang=ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "لم يُؤخذ به" in _table(html, "suggestions-outcome-table")
    directions = {svg.get("direction") for svg in _svgs(html)}
    assert directions == {"rtl"}
    html = page(client.get("/p/lip/statistics?lang=en"))
    assert {svg.get("direction") for svg in _svgs(html)} == {"ltr"}


def test_page_is_404_for_unknown_and_non_public_processes(app, client, make_process, sign_in,
                                                          make_user):
    assert client.get("/p/nothing/statistics").status_code == 404
    make_process(slug="hidden")
    with app.app_context():
        db.session.execute(update(Process).where(Process.slug == "hidden").values(is_public=False))
        db.session.commit()
    assert client.get("/p/hidden/statistics").status_code == 404
    # Not even staff, who may preview the process itself: statistics are public or nothing.
    sign_in(client, make_user(role="staff"))
    assert client.get("/p/hidden/statistics").status_code == 404


def test_page_of_a_process_with_nothing_yet(client, make_process):
    make_process(slug="empty")
    html = page(client.get("/p/empty/statistics?lang=en"))
    assert "No contributions have been received yet." in html
    assert "No suggestions have been taken out of the contributions yet." in html
    assert _svgs(html) == []


@pytest.mark.parametrize("query", [
    "?lang=xx", "?lang=<script>", "?version=abc", "?page=-1", "?x=" + "a" * 5000,
])
def test_junk_arguments_are_ignored(client, world, query):
    response = client.get("/p/lip/statistics" + query)
    assert response.status_code == 200
    assert "<script>" not in page(response).split("</head>")[1]


def test_script_in_a_section_title_stays_text_in_chart_and_table(app, client, world):
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    with app.app_context():
        f1 = node(world["process_id"], 2, "f1")
        text = db.session.scalar(
            select(SectionText).where(SectionText.node_id == f1.id, SectionText.language == "de")
        )
        text.title = evil
        db.session.commit()
    html = page(client.get("/p/lip/statistics"))
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _table(html, "suggestions-section-table")
    chart = next(s for s in _svgs(html) if s.get("id") == "chart-suggestions-section")
    labels = [t.text for t in chart.iter(f"{SVG_NS}text") if t.get("class") == "chart-label"]
    assert labels[0].startswith("1 <script>alert(1)")  # the text itself, shortened
    assert labels[0].endswith("…")


# --------------------------------------------------------------------- charts


def _rects(svg: ET.Element, cls: str = "chart-bar") -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG_NS}rect") if r.get("class", "").startswith(cls)]


def test_bars_are_proportional_and_the_svg_well_formed():
    bars = [charts.Bar("Online", 40), charts.Bar("E-Mail", 10), charts.Bar("Brief", 0)]
    svg = _xml(str(charts.bar_chart(bars, chart_id="c", title="T", description="D")))
    widths = [float(r.get("width")) for r in _rects(svg)]
    assert len(widths) == 2  # no bar for zero
    assert widths[0] == charts.BAR_MAX
    assert widths[0] / widths[1] == pytest.approx(4, rel=1e-3)
    assert [t.text for t in svg.iter(f"{SVG_NS}text")] == ["Online", "40", "E-Mail", "10", "Brief", "0"]
    assert int(svg.get("height")) == charts.PADDING * 2 + 3 * charts.ROW


def test_parts_are_filled_inside_an_outlined_whole():
    svg = _xml(str(charts.bar_chart(
        [charts.Bar("f1", 10, part=5), charts.Bar("f2", 5, part=5)],
        chart_id="c", title="T", description="D", legend=("Answered", "Not yet"),
    )))
    wholes = _rects(svg, "chart-bar chart-whole")
    parts = _rects(svg, "chart-bar chart-part")
    assert [float(r.get("width")) for r in wholes] == [charts.BAR_MAX, charts.BAR_MAX / 2]
    assert [float(r.get("width")) for r in parts] == [charts.BAR_MAX / 2, charts.BAR_MAX / 2]
    assert {r.get("fill") for r in wholes} == {charts.PAPER}
    assert {r.get("fill") for r in parts} == {charts.BAR}
    legend = [t.text for t in svg.iter(f"{SVG_NS}text") if t.get("class") == "chart-legend-text"]
    assert legend == ["Answered", "Not yet"]


def test_right_to_left_mirrors_bars_and_labels():
    bars = [charts.Bar("تعليم", 30), charts.Bar("عمل", 12, part=4)]
    ltr = _xml(str(charts.bar_chart(bars, chart_id="c", title="T", description="D")))
    rtl = _xml(str(charts.bar_chart(bars, chart_id="c", title="T", description="D",
                                             rtl=True)))
    assert ltr.get("direction") == "ltr" and rtl.get("direction") == "rtl"
    for left, right in zip(_rects(ltr), _rects(rtl), strict=True):
        width = float(left.get("width"))
        assert float(right.get("width")) == width
        assert float(right.get("x")) == pytest.approx(charts.WIDTH - float(left.get("x")) - width)
    for left, right in zip(ltr.iter(f"{SVG_NS}text"), rtl.iter(f"{SVG_NS}text"), strict=True):
        assert float(right.get("x")) == pytest.approx(charts.WIDTH - float(left.get("x")))
    # Labels sit to the right of the bars in right to left.
    label_x = [float(t.get("x")) for t in rtl.iter(f"{SVG_NS}text") if t.get("class") == "chart-label"]
    assert all(x > charts.WIDTH / 2 for x in label_x)


def test_chart_text_is_escaped():
    svg = str(charts.bar_chart([charts.Bar('<b>"x"</b>&', 1, lang='de"><script>')],
                               chart_id='a"b', title="<t>", description="&"))
    assert "<b>" not in svg and "<script>" not in svg and "<t>" not in svg
    parsed = _xml(svg)
    assert parsed.get("id") == "a-b"
    assert next(parsed.iter(f"{SVG_NS}text")).text == '<b>"x"</b>&'


# --------------------------------------------------------------------- query budget


def _grow(app, world, count: int) -> None:
    """`count` more suggestions on v2 about g2, a third of them decided and published."""
    with app.app_context():
        process_id = world["process_id"]
        v2 = db.session.scalar(
            select(Version).where(Version.process_id == process_id, Version.number == 2)
        )
        bulk_suggestions(process_id, count, version_id=v2.id,
                         decided_by_id=world["users"]["admin"].id, start_number=100)
        db.session.execute(
            update(Suggestion)
            .where(Suggestion.process_id == process_id, Suggestion.outcome.is_not(None),
                   Suggestion.published_at.is_(None), Suggestion.number >= 100)
            .values(published_at=utcnow())
        )
        g2 = section(process_id, "g2").id
        ids = db.session.scalars(
            select(Suggestion.id).where(Suggestion.process_id == process_id,
                                        Suggestion.number >= 100)
        ).all()
        db.session.execute(insert(suggestion_sections),
                           [{"suggestion_id": i, "section_id": g2} for i in ids])
        db.session.commit()


def _page_queries(client, count_queries, *, cached: bool) -> int:
    client.get("/p/lip/statistics")  # warm-up: templates, and the cache when `cached`
    if not cached:
        statistics.clear_cache()
    with count_queries() as counter:
        response = client.get("/p/lip/statistics")
    assert response.status_code == 200
    return counter.count


def test_page_queries_do_not_grow_with_suggestions(app, client, world, count_queries):
    small = (_page_queries(client, count_queries, cached=True),
             _page_queries(client, count_queries, cached=False))
    _grow(app, world, 3000)
    large = (_page_queries(client, count_queries, cached=True),
             _page_queries(client, count_queries, cached=False))
    assert large == small
    assert small[0] <= 6 and small[1] == small[0] + 3
    html = page(client.get("/p/lip/statistics?lang=en"))
    assert _cells(_table(html, "suggestions-section-table"))[2] == [
        "2", "Field of action 2", "3,002", "1,002", "33%",
    ]
