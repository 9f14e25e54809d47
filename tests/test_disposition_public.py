"""The public disposition table (`/p/<slug>/disposition`) and "what we heard and what we did"
per section: only published answers on public versions, consent, filters, sorting, paging,
junk input, languages, escaping and the links between the pages. Many rows and query budgets:
test_disposition_public_budget.py."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date

import pytest
from flask import url_for
from sqlalchemy import select

from consult.accounts.models import Organisation, User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_participation import add_comment, page
from tests.helpers_triage import TURKISH_STATEMENT, node, section, triage_world

REASON_DE = "Dafür fehlen im Haushalt die Mittel."
REASON_EN = "There is no money for this in the budget."
REASON_AR = "لا توجد أموال لهذا في الميزانية."
INTERNAL = "GEHEIMNOTIZ nur für die Verwaltung"
UNPUBLISHED_REASON = "UNVERÖFFENTLICHTE Begründung"
COMMENT_TEXT = "Auch die Eltern sollen Deutsch lernen können."
SECOND_COMMENT = "Elternkurse am Abend wären gut."
CONSENT_TEXT = "Bitte mehr Sprachcafés in den Stadtteilbibliotheken anbieten."
DRAFT_TEXT = "ENTWURFSANREGUNG zur dritten Fassung."
ORG_TEXT = "Vereinsräume sollen kostenlos nutzbar sein."
ORG_SUMMARY = "Kostenlose Räume für Vereine"
ORGANISATION = "Migrantenverein Brücke"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
ROW = re.compile(r'<tr id="row-A-(\d+)">')


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name].id)


def _process(world) -> Process:
    return db.session.get(Process, world["process_id"])


def _version(world, number: int) -> Version:
    return db.session.scalar(
        select(Version).where(Version.process_id == world["process_id"], Version.number == number)
    )


def _statement(world, body: str, *, version: int | None, consent: bool, key="g1",
               organisation=None, channel="letter"):
    return statement_services.record_statement(
        _process(world), _user(world, "staff"),
        statement_services.PaperStatement(
            channel=channel, received_on=date.today(), body=body, language="de",
            sections=[section(world["process_id"], key)],
            version=_version(world, version) if version else None,
            name="Petra Privat", email="petra.privat@example.org", address="Geheimweg 7",
            publish_text=consent, publish_name=consent, organisation=organisation,
        ),
        [], today=date.today(),
    )


def _decide(suggestion, world, outcome="noted", reason=REASON_DE, publish=True):
    admin = _user(world, "admin")
    services.decide(
        suggestion, actor=admin, outcome=outcome, public_reason=reason, internal_note=INTERNAL
    )
    if publish:
        services.publish(suggestion, actor=admin)


@pytest.fixture
def table(app, world, make_user, make_organisation):
    """Visible: A-1 (Turkish statement on g1 v2 without consent, not accepted, reason
    translated into English and, by machine, Arabic), A-4 (Karla's comment on g1 v1, accepted,
    changed g1 in v2), A-5 (grouped under A-4), A-7 (Petra's statement with consent on g1 v2,
    partly accepted), A-8 (an organisation's e-mailed statement on f1 v2 without text consent,
    noted). Never visible: A-2 (decided, not published), A-3 (undecided), A-6 (published, but
    on the draft v3)."""
    karla = make_user(display_name="Karla Kommentar", email="karla@example.org")
    org = make_organisation(name=ORGANISATION)
    first_comment = add_comment(app, karla, COMMENT_TEXT, number=1)
    second_comment = add_comment(app, karla, SECOND_COMMENT, number=1)
    with app.test_request_context():
        staff = _user(world, "staff")
        statement = db.session.get(Contribution, world["statement_id"])
        parts, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        first, second, _third = parts
        services.update_details(
            first, actor=staff, expected=first.lock_version, summary="Mehr Deutschkurse für Kinder",
            sections=list(first.sections), language="tr",
        )
        _decide(first, world, outcome="not_accepted")
        services.set_reason_translation(first, language="en", text=REASON_EN, actor=staff)
        services.set_reason_translation(
            first, language="ar", text=REASON_AR, origin="machine_translation", actor=staff
        )
        _decide(second, world, reason=UNPUBLISHED_REASON, publish=False)
        fourth = services.split_whole(db.session.get(Contribution, first_comment), actor=staff)
        _decide(fourth, world, outcome="accepted", reason="Wird übernommen.")
        services.link_change(fourth, node(world["process_id"], 2, "g1"), actor=staff)
        fifth = services.split_whole(db.session.get(Contribution, second_comment), actor=staff)
        services.group_under(fifth, fourth, actor=staff)
        draft = services.split_whole(_statement(world, DRAFT_TEXT, version=3, consent=True),
                                     actor=staff)
        _decide(draft, world)
        consent = services.split_whole(_statement(world, CONSENT_TEXT, version=2, consent=True),
                                       actor=staff)
        _decide(consent, world, outcome="partly_accepted", reason="Teilweise übernommen.")
        organisation = services.split_whole(
            _statement(world, ORG_TEXT, version=2, consent=False, key="f1", channel="email",
                       organisation=db.session.get(Organisation, org.id)),
            actor=staff,
        )
        services.update_details(
            organisation, actor=staff, expected=organisation.lock_version, summary=ORG_SUMMARY,
            sections=list(organisation.sections), language="de",
        )
        _decide(organisation, world, reason="Zur Kenntnis genommen.")
        db.session.commit()
        numbers = [s.number for s in (first, second, _third, fourth, fifth, draft, consent,
                                      organisation)]
    assert numbers == list(range(1, 9))
    return world


def _get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return page(response)


def _rows(html: str) -> list[int]:
    return [int(n) for n in ROW.findall(html)]


def _hrefs(html: str) -> list[str]:
    return [html_lib.unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


VISIBLE = [1, 4, 5, 7, 8]
NEVER = {
    2: UNPUBLISHED_REASON,          # decided, not published
    3: "Türkçe bilgi tabelaları",   # undecided
    6: DRAFT_TEXT,                  # published, but on the draft version 3
}


# --------------------------------------------------------------------- what the public sees


def test_the_table_lists_published_answers_only(client, table):
    html = _get(client, "/p/lip/disposition?lang=en")
    assert _rows(html) == VISIBLE
    assert "<h2" in html and "5 suggestions" in html
    for number, text in NEVER.items():
        assert f"A-{number}<" not in html
        assert text not in html
    for internal in (INTERNAL, UNPUBLISHED_REASON, "Admin Adler", "Sachbearbeiterin Sommer",
                     "Bildung", "Steuerungsgruppe"):
        assert internal not in html
    # Every column of a row: section (number, title, link in its version), suggestion,
    # submitter, channel, outcome, reason, change.
    row = html[html.index('<tr id="row-A-4">'):html.index('<tr id="row-A-5">')]
    assert 'href="/p/lip/suggestions/A-4"' in row
    assert 'href="/p/lip/v/1/s/g1"' in row and "Goal 1.1" not in row and "Ziel 1.1" in row
    assert COMMENT_TEXT in row
    assert "Karla Kommentar" in row and "Comment" in row
    assert "Online form" in row
    assert "Accepted" in row
    assert "Wird übernommen." in row
    assert "Changed 1.1 in version 2" in row
    assert 'href="/p/lip/suggestions/A-4#change-2-g1"' in row
    grouped = html[html.index('<tr id="row-A-5">'):html.index('<tr id="row-A-7">')]
    assert "answered with A-4" in grouped and "Accepted" in grouped
    assert "Changed 1.1 in version 2" in grouped  # the change linked to its group's answer
    assert "No change linked yet" in html[html.index('<tr id="row-A-7">'):]


def test_consent_decides_text_and_names(client, table):
    html = _get(client, "/p/lip/disposition?lang=en")
    first = html[html.index('<tr id="row-A-1">'):html.index('<tr id="row-A-4">')]
    # No consent: neither the text nor the name, the summary instead.
    assert "Çocuklar" not in html and "Almanca" not in html
    assert "The text of this statement is not published at the sender" in first
    assert "Mehr Deutschkurse für Kinder" in first
    assert "Resident" in first
    for private in ("Ayşe", "Yılmaz"):
        assert private not in html
    # With consent: text and name.
    consent = html[html.index('<tr id="row-A-7">'):html.index('<tr id="row-A-8">')]
    assert CONSENT_TEXT in consent and "Petra Privat" in consent
    # An organisation is named; its text needs the statement's consent.
    organisation = html[html.index('<tr id="row-A-8">'):]
    assert ORGANISATION in organisation
    assert ORG_TEXT not in html and ORG_SUMMARY in organisation
    assert "E-mail" in organisation
    assert "Geheimweg" not in html
    assert EMAIL.findall(html) == []


def test_search_only_looks_at_what_is_shown(client, table):
    # "Almanca" only occurs in the withheld passage of A-1 (and in nothing published).
    assert _rows(_get(client, "/p/lip/disposition?q=Almanca")) == []
    assert _rows(_get(client, "/p/lip/disposition?q=Sprachcaf%C3%A9s")) == [7]
    assert _rows(_get(client, "/p/lip/disposition?q=Deutschkurse")) == [1]  # the summary
    assert _rows(_get(client, "/p/lip/disposition?q=Haushalt")) == [1]  # the reason
    # Words of answers nobody may see yet find nothing.
    assert _rows(_get(client, "/p/lip/disposition?q=UNVER%C3%96FFENTLICHTE")) == []
    assert _rows(_get(client, "/p/lip/disposition?q=ENTWURFSANREGUNG")) == []
    assert _rows(_get(client, "/p/lip/disposition?q=GEHEIMNOTIZ")) == []
    html = _get(client, "/p/lip/disposition?q=Almanca&lang=en")
    assert "No suggestion matches these filters." in html
    assert 'value="Almanca"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("version=1", [4, 5]),
        ("version=2", [1, 7, 8]),
        ("version=2&section=g1", [1, 7]),
        ("version=2&section=f1", [1, 7, 8]),  # a field of action includes its goals
        ("section=g1", [1, 4, 5, 7]),
        ("outcome=accepted", [4, 5]),
        ("outcome=not_accepted", [1]),
        ("channel=email", [8]),
        ("channel=online", [4, 5]),
        ("language=tr", [1]),
        ("submitter_type=organisation", [8]),
        ("submitter_type=resident&channel=letter", [1, 7]),
        ("outcome=accepted&version=2", []),
    ],
)
def test_each_filter_narrows_the_table(client, table, query, expected):
    assert _rows(_get(client, f"/p/lip/disposition?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 4, 5, 7, 8]),
        ("dir=desc", [8, 7, 5, 4, 1]),
        # In the order of the outcomes: accepted, partly accepted, not accepted, noted.
        ("sort=outcome", [4, 5, 7, 1, 8]),
        ("sort=outcome&dir=desc", [8, 1, 7, 5, 4]),
        ("sort=channel", [8, 1, 7, 4, 5]),  # e-mail, letter, online
        ("sort=section", [8, 1, 4, 5, 7]),  # f1 comes before its goal g1
        ("sort=section&dir=desc", [7, 5, 4, 1, 8]),
        ("sort=language", [4, 5, 7, 8, 1]),
        ("sort=submitter&dir=desc", [7, 5, 4, 1, 8]),
    ],
)
def test_sorting_orders_the_rows(client, table, query, expected):
    assert _rows(_get(client, f"/p/lip/disposition?{query}")) == expected


def test_column_headings_sort_without_javascript(client, table):
    html = _get(client, "/p/lip/disposition?lang=en&outcome=accepted")
    head = html[html.index("<thead>"):html.index("</thead>")]
    # The sorted column says so; its link turns the order round; the others sort ascending.
    assert re.search(r'<th scope="col" class="col-number" aria-sort="ascending">', head)
    assert head.count("aria-sort=") == 1
    hrefs = _hrefs(head)
    # The language chosen by the address is kept (a shared link stays in its language).
    assert "/p/lip/disposition?outcome=accepted&dir=desc&lang=en" in hrefs
    assert "/p/lip/disposition?outcome=accepted&sort=section&lang=en" in hrefs
    assert "/p/lip/disposition?outcome=accepted&sort=channel&lang=en" in hrefs
    html = _get(client, "/p/lip/disposition?sort=channel&dir=desc&per_page=25")
    head = html[html.index("<thead>"):html.index("</thead>")]
    assert re.search(r'class="col-channel" aria-sort="descending"', head)
    assert "/p/lip/disposition?sort=channel&per_page=25" in _hrefs(head)
    # Unsortable columns have no link.
    reason = head[head.index('class="col-reason"'):]
    assert "<a" not in reason[:reason.index("</th>")]


def test_filter_form_works_without_javascript(client, table):
    html = _get(client, "/p/lip/disposition?lang=en&version=2&section=g1&outcome=not_accepted&q=Kinder")
    start = html.index('<form id="disposition-filters"')
    form = html[start:html.index("</form>", start)]
    assert 'method="get"' in form and 'action="/p/lip/disposition"' in form
    for name in ("q", "version", "section", "outcome", "channel", "language", "submitter_type",
                 "sort", "dir", "per_page"):
        assert f'name="{name}"' in form
        assert re.search(rf'<label for="filter-{name.replace("_", "-") if name == "per_page" else name}">', form), name
    assert '<option value="2" selected>' in form
    assert '<option value="g1" lang="de" selected>' in form
    assert '<option value="not_accepted" selected>' in form
    assert 'value="Kinder"' in form
    assert '<button type="submit">Filter</button>' in form
    assert 'href="/p/lip/disposition?lang=en">Reset</a>' in form
    assert '<input type="hidden" name="lang" value="en">' in form
    # The section select offers the reference version's sections: number and title.
    assert "1.1 Ziel 1.1" in form and "2 Field of action 2" in form
    # The summary names what is applied, each with a link that drops it.
    assert _rows(html) == [1]
    summary = html[html.index('id="applied-heading"'):html.index('id="downloads-heading"')]
    assert "Discussion draft 2" in summary and "Not accepted" in summary and "Kinder" in summary
    assert "1.1 Ziel 1.1" in summary
    hrefs = _hrefs(summary)
    assert "/p/lip/disposition?section=g1&outcome=not_accepted&q=Kinder&lang=en" in hrefs
    assert "/p/lip/disposition?version=2&section=g1&q=Kinder&lang=en" in hrefs


def test_download_links_carry_the_filters(app, client, table):
    html = _get(client, "/p/lip/disposition?outcome=accepted&q=Eltern&sort=channel&per_page=25")
    hrefs = _hrefs(html)
    with app.test_request_context():
        for fmt in ("csv", "xlsx", "pdf", "docx"):
            expected = url_for("exports.disposition", slug="lip", fmt=fmt, outcome="accepted",
                               q="Eltern", sort="channel")
            assert expected in hrefs, fmt
        statistics = url_for("statistics.overview", slug="lip")
        arabic = url_for("exports.disposition", slug="lip", fmt="pdf", channel="letter", lang="ar")
    assert statistics in hrefs
    assert arabic in _hrefs(_get(client, "/p/lip/disposition?channel=letter&lang=ar"))


def test_the_blank_form_shows_everything(client, table):
    blank = ("?q=&version=&section=&outcome=&channel=&language=&submitter_type=&sort=number"
             "&dir=asc&per_page=50")
    assert _rows(_get(client, "/p/lip/disposition" + blank)) == VISIBLE


def test_empty_states(app, client, world):
    html = _get(client, "/p/lip/disposition?lang=en")
    assert "No answers have been published yet." in html
    assert "<table" not in html
    assert "0 suggestions" in html
    html = _get(client, "/p/lip/disposition?lang=en&outcome=accepted")
    assert "No suggestion matches these filters." in html


# --------------------------------------------------------------------- bad input


JUNK = (
    "?page=abc&sort=<script>&outcome=zzz&dir=sideways&per_page=7&channel=pigeon"
    "&language=<b>x</b>&submitter_type=alien&section=../../etc&q=<script>alert(1)</script>"
)


def test_junk_parameters_are_dropped(client, table):
    html = _get(client, "/p/lip/disposition" + JUNK)
    assert "<script>alert(1)" not in html
    assert "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # kept in the search box, escaped
    main = html[html.index("<main"):html.index("</main>")]
    assert "../../etc" not in main and "alien" not in main and "pigeon" not in main
    # Every other junk value was dropped: the search alone narrows (to nothing).
    assert _rows(html) == []
    html = _get(client, "/p/lip/disposition?page=abc&sort=<script>&outcome=zzz&section=nope"
                        "&language=xx&per_page=-1")
    assert _rows(html) == VISIBLE
    assert "<script>" not in html
    assert 'aria-sort="ascending"' in html


@pytest.mark.parametrize(
    "query",
    ["version=99999999999", "version=abc", "version=3", "version=0", "version=7",
     "version=<script>alert(1)</script>"],
)
def test_unknown_or_draft_version_is_404(client, table, query):
    html = _get(client, f"/p/lip/disposition?{query}", 404)
    assert "<script>alert(1)" not in html
    assert DRAFT_TEXT not in html


def test_a_page_past_the_end_says_so(client, table):
    html = _get(client, "/p/lip/disposition?page=99&lang=en")
    assert _rows(html) == []
    assert "There are no more suggestions on this page." in html
    assert 'href="/p/lip/disposition"' in html


def test_process_not_public_or_unknown_is_404(app, client, table):
    _get(client, "/p/nope/disposition", 404)
    with app.test_request_context():
        _process(table).is_public = False
        db.session.commit()
    _get(client, "/p/lip/disposition", 404)
    _get(client, "/p/lip/v/1/s/g1/suggestions", 404)


def test_user_text_is_escaped(app, client, world, make_user, make_organisation):
    mallory = make_user(display_name="<script>alert('name')</script>")
    org = make_organisation(name="<script>alert('org')</script> e.V.", slug="evil")
    comment_id = add_comment(app, mallory, "<script>alert('passage')</script> Text", number=2)
    with app.test_request_context():
        staff = _user(world, "staff")
        suggestion = services.split_whole(db.session.get(Contribution, comment_id), actor=staff)
        _decide(suggestion, world, reason="<img src=x onerror=alert(1)>")
        statement = services.split_whole(
            _statement(world, "Text.", version=2, consent=False,
                       organisation=db.session.get(Organisation, org.id)),
            actor=staff,
        )
        services.update_details(
            statement, actor=staff, expected=statement.lock_version,
            summary="<script>alert('summary')</script>", sections=list(statement.sections),
            language="de",
        )
        _decide(statement, world, reason="<b onmouseover=alert(2)>fett</b>")
        db.session.commit()
    for path in ("/p/lip/disposition", "/p/lip/disposition?q=alert",
                 "/p/lip/v/2/s/g1/suggestions"):
        html = _get(client, path)
        assert "<script>alert(" not in html
        assert "<img src=x" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&#39;passage&#39;)" in html
    html = _get(client, "/p/lip/disposition")
    assert "&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; e.V." in html
    assert "&lt;script&gt;alert(&#39;summary&#39;)" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --------------------------------------------------------------------- languages


def test_reason_in_the_readers_language(client, table):
    english = _get(client, "/p/lip/disposition?lang=en")
    first = english[english.index('<tr id="row-A-1">'):english.index('<tr id="row-A-4">')]
    assert re.search(r'<div class="reason user-text" lang="en" dir="auto">' + REASON_EN, first)
    assert REASON_DE not in first
    assert "reason-machine" not in first
    german = _get(client, "/p/lip/disposition?lang=de")
    first = german[german.index('<tr id="row-A-1">'):german.index('<tr id="row-A-4">')]
    assert re.search(r'<div class="reason user-text" lang="de" dir="auto">' + REASON_DE, first)
    assert REASON_EN not in german
    arabic = _get(client, "/p/lip/disposition?lang=ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    first = arabic[arabic.index('<tr id="row-A-1">'):arabic.index('<tr id="row-A-4">')]
    assert REASON_AR in first
    assert re.search(r'class="muted reason-origin reason-machine">\s*\S', first)


def test_outdated_translation_shows_the_original(app, client, table):
    with app.test_request_context():
        first = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        admin = _user(table, "admin")
        services.unpublish(first, actor=admin)
        services.decide(first, actor=admin, outcome="not_accepted", public_reason="Neue Begründung.")
        services.publish(first, actor=admin)
        db.session.commit()
    html = _get(client, "/p/lip/disposition?lang=en")
    first = html[html.index('<tr id="row-A-1">'):html.index('<tr id="row-A-4">')]
    assert REASON_EN not in first
    assert re.search(r'lang="de" dir="auto">Neue Begründung\.', first)
    assert 'class="muted reason-outdated" role="note"' in first


def test_german_is_the_default_and_the_page_has_one_h1(client, table):
    html = _get(client, "/p/lip/disposition")
    assert '<html lang="de" dir="ltr">' in html
    assert html.count("<h1") == 1
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'class="cell-label"' in html  # labels for the stacked cards on a phone


# --------------------------------------------------------------------- per section


def test_what_we_heard_and_what_we_did(app, client, table):
    html = _get(client, "/p/lip/v/1/s/g1/suggestions?lang=en")
    assert re.search(r"<h1>What we heard and what we did", html)
    assert _hrefs(html).count("/p/lip/suggestions/A-4") >= 1
    item = html[html.index('href="/p/lip/suggestions/A-4"'):html.index('href="/p/lip/suggestions/A-5"')]
    assert "Accepted" in item and "Wird übernommen." in item
    assert "Karla Kommentar" in item
    # The diff the suggestion caused, from version 1 to version 2.
    assert "<details" in item
    assert re.search(r'<ins><span class="visually-hidden">inserted: </span>und Eltern', item)
    assert "Discussion draft 1" in item and "Discussion draft 2" in item
    grouped = html[html.index('href="/p/lip/suggestions/A-5"'):]
    assert "answered together with A-4" in grouped and "und Eltern" in grouped
    with app.test_request_context():
        table_url = url_for("disposition.table", slug="lip", version=1, section="g1")
    assert table_url in _hrefs(html)
    v2 = _get(client, "/p/lip/v/2/s/g1/suggestions?lang=en")
    assert "This answer did not change the text." in v2  # A-1, not accepted
    assert "No change to the text has been linked to this suggestion yet." in v2
    assert "<ins>" not in v2
    for number, text in NEVER.items():
        assert f'href="/p/lip/suggestions/A-{number}"' not in v2
        assert text not in v2
    assert "Çocuklar" not in v2 and "Ayşe" not in v2 and INTERNAL not in v2


def test_section_page_and_process_page_link_to_the_table(app, client, table):
    with app.test_request_context():
        table_url = url_for("disposition.table", slug="lip", version=2, section="g1")
        statistics = url_for("statistics.overview", slug="lip")
    section_page = _get(client, "/p/lip/v/2/s/g1?lang=en")
    region = section_page[section_page.index('id="outcomes"'):]
    assert table_url in _hrefs(region)
    assert "/p/lip/v/2/s/g1/suggestions" in _hrefs(region)
    process_page = _get(client, "/p/lip?lang=en")
    assert "/p/lip/disposition" in _hrefs(process_page)
    assert statistics in _hrefs(process_page)
    assert "Disposition table" in process_page


def test_the_table_links_to_the_changes_on_the_suggestion_page(client, table):
    html = _get(client, "/p/lip/suggestions/A-4")
    assert 'id="change-2-g1"' in html
