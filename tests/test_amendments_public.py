"""The public amendment pages (`/p/<slug>/v/<n>/amendments`, `/p/<slug>/amendments/<id>`, the
amendments on a section), "what changed in this version and why", and where a change came from
on the section page, the section history and the disposition table: only published amendments
to public versions, diffs, votes, filters, junk input and query counts."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date

import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.council.models import Amendment, PointApplication
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans import services as plan_services
from consult.plans.models import Process, VersionStatus
from consult.triage import services as triage
from tests.helpers_council import council_world, file_amendment, version_of, vote
from tests.helpers_participation import client_for, page
from tests.helpers_triage import node, section

NEW_G1 = "Alle Kinder und Eltern lernen früh Deutsch."
SECRET = "GEHEIMER ENTWURF eines Antrags"
DRAFT_POINT = "ENTWURFSFASSUNG auf dem Entwurf"
STAFF_F1 = "Text des Handlungsfelds 1, von der Verwaltung überarbeitet."
SUGGESTED_G2 = "Alle Kinder lernen Deutsch und ihre Herkunftssprache."


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


def _staff(world) -> User:
    return db.session.get(User, world["users"]["staff"].id)


def _apply(point, version, key: str, process_id: int) -> None:
    db.session.add(PointApplication(
        point_id=point.id, version_id=version.id, section_id=section(process_id, key).id,
    ))


@pytest.fixture
def council(app, world):
    """On v2 (published): amendment 0597/2008 (published) with point 1 (new wording for g1:
    referred by the Migrationsausschuss, adopted by the Schulausschuss), point 2 (deletion of
    f2, rejected) and point 3 (a new goal after g2, no vote). Never public: 0600/2008 (not
    published, on v2) and 0700/2008 (published, on the draft v3). Version 4 (published, a copy
    of v2) applies point 1 to g1, has g2 changed because of the published suggestion A-1
    and f1 changed by the staff."""
    process_id = world["process_id"]
    with app.test_request_context():
        staff = _staff(world)
        amendment = file_amendment(process_id, 2, "0597/2008", [
            ("g1", "replace", None, NEW_G1),
            ("f2", "delete", None, None),
            ("g2", "add_after", "Ziel 2.2", "Mehrsprachigkeit wird gefördert."),
        ], actor=staff)
        first, second, _third = amendment.points
        vote(first, world["migration_committee_id"], "referred", held_on=date(2008, 1, 24))
        vote(first, world["school_committee_id"], "adopted", held_on=date(2008, 2, 12))
        vote(second, world["migration_committee_id"], "rejected", held_on=date(2008, 1, 24),
             counts=(3, 10, 0))
        hidden = file_amendment(process_id, 2, "0600/2008", [("g1", "replace", None, SECRET)],
                                published=False)
        draft = file_amendment(process_id, 3, "0700/2008", [("g1", "replace", None, DRAFT_POINT)])

        admin = db.session.get(User, world["users"]["admin"].id)
        suggestion = triage.split_whole(
            db.session.get(Contribution, world["statement_id"]), actor=staff
        )
        triage.decide(suggestion, actor=admin, outcome="accepted", public_reason="Übernommen.")
        triage.publish(suggestion, actor=admin)

        process = db.session.get(Process, process_id)
        v4 = plan_services.create_version(
            process, label={"de": "Diskussionsentwurf 4"}, copy_from=version_of(process_id, 2)
        )
        nodes = {n.section.key: n for n in v4.nodes}
        plan_services.set_section_text(nodes["g1"], "de", title="Ziel 1.1", body=NEW_G1)
        plan_services.set_section_text(nodes["g2"], "de", title="Ziel 2.1", body=SUGGESTED_G2)
        plan_services.set_section_text(nodes["f1"], "de", title="Handlungsfeld 1", body=STAFF_F1)
        _apply(first, v4, "g1", process_id)
        triage.link_change(suggestion, nodes["g2"], actor=staff)
        plan_services.publish_version(v4, None)
        db.session.commit()
        ids = {
            "amendment": amendment.id, "hidden": hidden.id, "draft": draft.id,
            "suggestion": suggestion.number,
        }
    return {**world, **ids}


def _get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return page(response)


def _hrefs(html: str) -> list[str]:
    return [html_lib.unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def _text(html: str) -> str:
    """The page's words without tags, whitespace folded."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --------------------------------------------------------------------- who sees what


def test_the_version_lists_its_published_amendments(client, council):
    html = _get(client, "/p/lip/v/2/amendments?lang=en")
    text = _text(html)
    assert "Amendment 0597/2008" in text and "SPD-Fraktion" in text
    assert f'href="/p/lip/amendments/{council["amendment"]}"' in html
    assert "0600/2008" not in html and SECRET not in html
    assert "0700/2008" not in html and DRAFT_POINT not in html
    # Each point: its number, its section (number and title), what it proposes, its status.
    row = html[html.index(f'id="point-{council["amendment"]}-1"'):]
    row = row[:row.index("</tr>")]
    assert 'href="/p/lip/v/2/s/g1"' in row and "1.1" in row and "Ziel 1.1" in row
    assert "New wording" in row and "Adopted" in row and "Status:" in row
    assert "Deletion" in text and "Rejected" in text
    assert "Addition after the section" in text and "Not yet voted" in text
    # The votes per committee, with their meeting days.
    assert "Migrationsausschuss (Jan 24, 2008): Referred: 1 point; Rejected: 1 point" in text
    assert "Schulausschuss (Feb 12, 2008): Adopted: 1 point" in text
    assert "/p/lip/v/2/changes" in _hrefs(html)


def test_section_titles_follow_the_readers_language(client, council):
    html = _get(client, "/p/lip/v/2/amendments?lang=ar")
    assert "الهدف 1.1" in html and 'lang="ar"' in html


@pytest.mark.parametrize("reader", [None, "staff", "admin", "council_member"])
def test_unpublished_amendments_and_those_on_drafts_are_not_found(app, council, reader):
    client = client_for(app, council["users"][reader] if reader else None)
    for amendment in ("hidden", "draft"):
        _get(client, f"/p/lip/amendments/{council[amendment]}", 404)
    _get(client, "/p/lip/v/3/amendments", 404)
    _get(client, "/p/lip/v/3/s/g1/amendments", 404)
    _get(client, "/p/lip/v/3/changes", 404)
    section_page = _get(client, "/p/lip/v/2/s/g1/amendments")
    assert SECRET not in section_page and DRAFT_POINT not in section_page
    _get(client, f"/p/lip/amendments/{council['amendment']}")


def test_an_internal_version_and_a_private_process_hide_their_amendments(app, client, council):
    with app.test_request_context():
        v3 = version_of(council["process_id"], 3)
        plan_services.set_version_status(v3, VersionStatus.INTERNAL, None)
        db.session.commit()
    _get(client, f"/p/lip/amendments/{council['draft']}", 404)
    _get(client, "/p/lip/v/3/amendments", 404)
    staff = client_for(app, council["users"]["staff"])
    _get(staff, "/p/lip/v/3/amendments", 404)
    with app.test_request_context():
        process = db.session.get(Process, council["process_id"])
        process.is_public = False
        db.session.commit()
    for path in (f"/p/lip/amendments/{council['amendment']}", "/p/lip/v/2/amendments",
                 "/p/lip/v/2/s/g1/amendments", "/p/lip/v/4/changes"):
        _get(client, path, 404)
        _get(staff, path, 404)


def test_an_amendment_of_another_process_is_not_found_under_this_one(app, council, make_process,
                                                                     client):
    make_process(slug="other")
    _get(client, f"/p/other/amendments/{council['amendment']}", 404)


@pytest.mark.parametrize("path", [
    "/p/lip/amendments/0",
    "/p/lip/amendments/99999999999999999999",
    "/p/lip/amendments/2147483648",
    "/p/lip/v/0/amendments",
    "/p/lip/v/99999999999999999999/amendments",
    "/p/lip/v/99999999999999999999/changes",
    "/p/lip/v/2/s/nope/amendments",
    "/p/lip/v/2/s/%3Cscript%3E/amendments",
    "/p/nope/v/2/amendments",
    "/p/%3Cscript%3E/amendments/1",
    "/p/lip/amendments/abc",
])
def test_junk_addresses_are_not_found(client, council, path):
    _get(client, path, 404)


def test_junk_filters_are_ignored_and_not_echoed(client, council):
    html = _get(client, "/p/lip/v/2/amendments?status=%3Cscript%3Ex&section=%3Cscript%3E"
                        "&lang=%3Cscript%3E")
    assert "<script>" not in html and "&lt;script&gt;" not in html
    assert "0597/2008" in html


# --------------------------------------------------------------------- one amendment


def test_an_amendment_shows_each_point_as_a_diff_with_its_votes(client, council):
    html = _get(client, f"/p/lip/amendments/{council['amendment']}?lang=en")
    assert html.count("<h1") == 1
    text = _text(html)
    assert "Amendment 0597/2008" in text and "Änderungsantrag 0597/2008" in text
    point1 = html[html.index('id="point-1"'):html.index('id="point-2"')]
    # The new wording against the text of version 2: words added are marked.
    assert re.search(r"Eltern lernen <ins>.*?früh.*?</ins>Deutsch", point1)
    assert "Begründung: klarer und verbindlicher." in point1
    assert "Adopted" in point1 and "decided on Feb 12, 2008" in _text(point1)
    # The votes table: a caption, one row per body and meeting.
    assert "<caption" in point1 and "Votes on point 0597/2008 / 1" in point1
    assert '<th scope="col"' in point1 and '<th scope="row" dir="auto">Schulausschuss</th>' in point1
    cells = _text(point1)
    assert "Migrationsausschuss Jan 24, 2008 9 4 1 Status: Referred" in cells
    assert "Schulausschuss Feb 12, 2008 9 4 1 Status: Adopted" in cells
    # Applied in version 4, with a link to the section there.
    assert "Applied in version 4: section 1.1" in cells
    assert "/p/lip/v/4/s/g1" in _hrefs(point1)
    point2 = html[html.index('id="point-2"'):html.index('id="point-3"')]
    assert re.search(r"<del>.*?Text des Handlungsfelds 2\..*?</del>", point2)
    assert "<ins>" not in point2 and "Rejected" in point2 and "Applied in" not in point2
    point3 = html[html.index('id="point-3"'):]
    assert re.search(r"<ins>.*?Ziel 2\.2.*?</ins>", point3)
    assert "No votes recorded yet." in point3 and "Not yet voted" in point3


def test_the_diff_says_when_it_is_not_in_the_readers_language(client, council):
    note = "The proposed change is shown in the language the amendment was written in (German)."
    english = _get(client, f"/p/lip/amendments/{council['amendment']}?lang=en")
    assert note in html_lib.unescape(english)
    assert 'class="diff" lang="de"' in english
    german = _get(client, f"/p/lip/amendments/{council['amendment']}?lang=de")
    assert "point-language" not in german


def test_amendment_text_is_inert(app, client, council):
    with app.test_request_context():
        amendment = file_amendment(council["process_id"], 2, "<script>alert(1)</script>", [
            ("g1", "replace", "<img src=x onerror=alert(2)>", "<script>alert(3)</script>"),
        ], filed_by="<b>Partei</b>")
        db.session.commit()
        amendment_id = amendment.id
    for path in (f"/p/lip/amendments/{amendment_id}", "/p/lip/v/2/amendments",
                 "/p/lip/v/2/s/g1/amendments"):
        html = _get(client, path)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Partei" not in html


# --------------------------------------------------------------------- filters


def _points(html: str) -> list[str]:
    return re.findall(r'<tr id="point-(\d+-\d+)">', html)


def test_filters_narrow_the_points(client, council):
    amendment = council["amendment"]
    everything = _get(client, "/p/lip/v/2/amendments")
    assert _points(everything) == [f"{amendment}-{n}" for n in (1, 2, 3)]
    assert _points(_get(client, "/p/lip/v/2/amendments?status=adopted")) == [f"{amendment}-1"]
    assert _points(_get(client, "/p/lip/v/2/amendments?section=f2")) == [f"{amendment}-2"]
    html = _get(client, "/p/lip/v/2/amendments?status=rejected&section=f2&lang=en")
    assert _points(html) == [f"{amendment}-2"]
    assert '<option value="rejected" selected>' in html
    assert '<option value="f2" lang="en" selected>' in html
    assert '<input type="hidden" name="lang" value="en">' in html
    none = _get(client, "/p/lip/v/2/amendments?status=open&section=f2&lang=en")
    assert _points(none) == [] and "No point matches these filters." in none
    # An unknown section or status means no filter.
    assert len(_points(_get(client, "/p/lip/v/2/amendments?section=zz&status=zz"))) == 3


def test_a_version_without_amendments_says_so(client, council):
    html = _get(client, "/p/lip/v/1/amendments?lang=en")
    assert "No amendments to this version have been published." in html
    assert "amendment-filters" not in html


# --------------------------------------------------------------------- on a section


def test_the_section_page_links_its_amendments(client, council):
    html = _get(client, "/p/lip/v/2/s/g1?lang=en")
    block = html[html.index('aria-labelledby="section-amendments"'):]
    block = block[:block.index("</section>")]
    assert "Amendments on this section" in block
    assert "1 point of a published amendment concerns this section in this version." in block
    assert "/p/lip/v/2/s/g1/amendments" in _hrefs(block)
    assert "council.css" in html
    assert "section-amendments" not in _get(client, "/p/lip/v/1/s/g1")
    assert "Changed by amendment" not in html
    # The previous and the next section (loaded together) are still linked.
    assert re.search(r'<a rel="prev" href="/p/lip/v/2/s/f1">', html)
    assert re.search(r'<a rel="next" href="/p/lip/v/2/s/f2">', html)
    first = _get(client, "/p/lip/v/2/s/f1")
    assert 'rel="prev"' not in first and 'rel="next" href="/p/lip/v/2/s/g1"' in first
    last = _get(client, "/p/lip/v/2/s/g2")
    assert 'rel="next"' not in last and 'rel="prev" href="/p/lip/v/2/s/f2"' in last


def test_the_section_page_names_the_amendment_that_changed_it(client, council):
    html = _get(client, "/p/lip/v/4/s/g1?lang=en")
    block = html[html.index('aria-labelledby="changed-by-amendment"'):]
    block = _text(block[:block.index("</section>")])
    assert "Changed by amendment" in block
    assert "Amendment 0597/2008, point 1 (adopted on Feb 12, 2008)" in block
    assert f"/p/lip/amendments/{council['amendment']}#point-1" in _hrefs(html)
    assert "section-amendments" not in html  # nothing was filed on version 4


def test_the_amendments_of_a_section(client, council):
    html = _get(client, "/p/lip/v/2/s/g1/amendments?lang=en")
    assert html.count("<h1") == 1
    text = _text(html)
    assert "1 point of a published amendment concerns this section in this version." in text
    assert "Amendment 0597/2008, point 1 : New wording" in text
    assert re.search(r"<ins>.*?früh.*?</ins>", html)
    assert "Votes on point 0597/2008 / 1" in html
    assert SECRET not in html
    empty = _get(client, "/p/lip/v/2/s/f1/amendments?lang=en")
    assert "No published amendment concerns this section in this version." in empty


# --------------------------------------------------------------------- where changes came from


def _entry(html: str, version: int) -> str:
    """The history's entry for one version."""
    timeline = html[html.index('<ol class="timeline">'):]
    parts = re.split(r'<h2><a href="/p/lip/v/(\d+)/s/', timeline)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}[version]


def test_the_history_names_the_source_of_each_change(client, council):
    g1 = _get(client, "/p/lip/s/g1/history?lang=en")
    assert "First appearance of this section." in _entry(g1, 1)
    assert "Staff editing" not in _entry(g1, 1)
    # Version 2 changed g1 without a suggestion or an amendment.
    assert "Staff editing" in _entry(g1, 2)
    v4 = _text(_entry(g1, 4))
    assert "Changed in this version by 1 adopted point of an amendment:" in v4
    assert "Amendment 0597/2008, point 1 (adopted on Feb 12, 2008)" in v4
    assert "Staff editing" not in v4
    g2 = _get(client, "/p/lip/s/g2/history?lang=en")
    v4 = _entry(g2, 4)
    assert f"A-{council['suggestion']}" in v4 and "Changed in this version because of" in v4
    assert "Staff editing" not in v4 and "amendment" not in _text(v4).lower()
    assert "Staff editing" in _entry(_get(client, "/p/lip/s/f1/history?lang=en"), 4)
    assert "Staff editing" not in _get(client, "/p/lip/s/f2/history?lang=en")


def test_what_changed_in_a_version_and_why(client, council):
    html = _get(client, "/p/lip/v/4/changes?lang=en")
    assert html.count("<h1") == 1
    keys = re.findall(r'<section class="version-change change-(\w+)" id="change-(\w+)"', html)
    assert keys == [("changed", "f1"), ("changed", "g1"), ("changed", "g2")]
    g1 = html[html.index('id="change-g1"'):html.index('id="change-g2"')]
    assert re.search(r"Eltern lernen <ins>.*?früh.*?</ins>Deutsch", g1)
    assert "Amendment 0597/2008, point 1 (adopted on Feb 12, 2008)" in _text(g1)
    assert "Staff editing" not in g1
    g2 = html[html.index('id="change-g2"'):]
    assert f'href="/p/lip/suggestions/A-{council["suggestion"]}"' in g2 and "Accepted" in g2
    assert "Staff editing" not in g2
    f1 = html[html.index('id="change-f1"'):html.index('id="change-g1"')]
    assert "Staff editing" in f1 and "überarbeitet" in f1
    assert "/p/lip/v/2/amendments" in _hrefs(html)


def test_what_changed_lists_new_and_removed_sections(app, client, council):
    with app.test_request_context():
        process = db.session.get(Process, council["process_id"])
        v5 = plan_services.create_version(process, label={}, copy_from=version_of(process.id, 4))
        f2 = next(n for n in v5.nodes if n.section.key == "f2")
        plan_services.remove_section(f2)
        db.session.commit()
        plan_services.add_section(v5, title="Handlungsfeld 3", body="Neu.", kind="field_of_action",
                                  key="f3")
        plan_services.publish_version(v5, None)
        db.session.commit()
    html = _get(client, "/p/lip/v/5/changes?lang=en")
    states = re.findall(r'<section class="version-change change-(\w+)" id="change-(\w+)"', html)
    assert ("new", "f3") in states and ("removed", "f2") in states and ("removed", "g2") in states
    assert len(states) == 3
    assert "New section" in html and "Removed section" in html
    # In the reader's language where both sides have a current text, else in the original.
    removed = html[html.index('id="change-f2"'):html.index('id="change-g2"')]
    assert re.search(r'<div class="diff" lang="en" dir="auto"><del>.*?Text of field 2\..*?</del>',
                     removed)
    removed = html[html.index('id="change-g2"'):]
    assert re.search(r'<div class="diff" lang="de" dir="auto"><del>.*?Herkunftssprache\..*?</del>',
                     removed)
    assert "Staff editing" in removed


def test_the_first_version_has_nothing_to_compare(client, council):
    html = _get(client, "/p/lip/v/1/changes?lang=en")
    assert "This is the first public version" in html


def test_the_changes_are_in_the_readers_language_where_it_is_current(client, council):
    # g1 has an Arabic translation in v1; in v2 the German original changed: the Arabic one
    # is outdated, so the change is shown in the original language, with a note.
    html = _get(client, "/p/lip/v/2/changes?lang=ar")
    g1 = html[html.index('id="change-g1"'):]
    assert 'class="diff" lang="de"' in g1 and "change-language" in g1


def test_the_disposition_table_links_changes_and_amendments(client, council):
    html = _get(client, "/p/lip/disposition?version=2&lang=en")
    hrefs = _hrefs(html)
    assert "/p/lip/v/2/changes?lang=en" in hrefs
    assert "/p/lip/v/2/amendments?lang=en" in hrefs
    assert "1 published amendment to version 2, with the votes" in html
    row = html[html.index(f'<tr id="row-A-{council["suggestion"]}">'):]
    row = row[:row.index("</tr>")]
    assert "Changed 2.1 in version 4" in row and "Source: this suggestion" in row
    first = _get(client, "/p/lip/disposition?version=1&lang=en")
    assert "/p/lip/v/1/changes?lang=en" in _hrefs(first)
    assert "published amendment" not in first
    assert "/changes" not in " ".join(_hrefs(_get(client, "/p/lip/disposition?lang=en")))


def _count(client, count_queries, path: str) -> int:
    assert client.get(path).status_code == 200  # warm-up
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_history_and_section_page_stay_within_their_budget(app, client, council, count_queries):
    assert _count(client, count_queries, "/p/lip/v/4/s/g1") <= 18
    assert _count(client, count_queries, "/p/lip/s/g1/history") <= 15


def test_amendments_of_the_world_are_unchanged_by_reading(app, client, council):
    _get(client, f"/p/lip/amendments/{council['amendment']}")
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Amendment.id))) == 3
        assert node(council["process_id"], 4, "g1").text("de").body == NEW_G1
