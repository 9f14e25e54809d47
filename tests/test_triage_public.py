"""The public side of decisions: the public suggestion page, "What became of the suggestions"
and "Changed by suggestions" on the section page, the section history, consent, languages,
nothing unpublished leaking, and query budgets. On both databases."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import insert, select

from consult.accounts.models import Organisation, User
from consult.extensions import db
from consult.forum import services as forum_services
from consult.models import utcnow
from consult.participation.models import Contribution, Event
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import ResultingChange, Suggestion, suggestion_sections
from tests.helpers_participation import add_comment, create_event, page
from tests.helpers_triage import TURKISH_STATEMENT, node, section, triage_world

REASON_DE = "Dafür fehlen im Haushalt die Mittel."
REASON_TR = "Bütçede bunun için para yok."
INTERNAL = "GEHEIMNOTIZ nur für die Verwaltung"
RECOMMENDATION = "EMPFEHLUNGSTEXT der Expertengruppe"
UNPUBLISHED_REASON = "UNVERÖFFENTLICHTE Begründung"
COMMENT_TEXT = "Auch die Eltern sollen Deutsch lernen können."
CONSENT_TEXT = "Bitte mehr Sprachcafés in den Stadtteilbibliotheken anbieten."
DRAFT_TEXT = "ENTWURFSANREGUNG zur dritten Fassung."


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


def _split_paragraphs(world) -> list[Suggestion]:
    statement = db.session.get(Contribution, world["statement_id"])
    parts, offset = [], 0
    for paragraph in TURKISH_STATEMENT.split("\n\n"):
        start = TURKISH_STATEMENT.index(paragraph, offset)
        offset = start + len(paragraph)
        parts.append(
            services.split(statement, actor=_user(world, "staff"), start=start, end=offset)
        )
    return parts


def _paper_statement(world, body: str, *, version: int, consent: bool, organisation=None):
    return statement_services.record_statement(
        _process(world), _user(world, "staff"),
        statement_services.PaperStatement(
            channel="letter", received_on=date.today(), body=body, language="de",
            sections=[section(world["process_id"], "g1")],
            version=_version(world, version) if version else None,
            name="Petra Privat", email="petra.privat@example.org", address="Geheimweg 7",
            publish_text=consent, publish_name=consent, organisation=organisation,
        ),
        [], today=date.today(),
    )


def _decide_publish(suggestion, world, outcome="noted", reason=REASON_DE, publish=True):
    admin = _user(world, "admin")
    services.decide(
        suggestion, actor=admin, outcome=outcome, public_reason=reason, internal_note=INTERNAL
    )
    if publish:
        services.publish(suggestion, actor=admin)


@pytest.fixture
def published(app, world, make_user):
    """A-1 statement without consent (published, Turkish translation), A-2 decided but not
    published, A-3 undecided, A-4 a comment on v1 accepted and published with a text change in
    v2, A-5 grouped under A-4, A-6 grouped under the unpublished A-2, A-7 a statement on the
    draft v3 (published), A-8 a statement with consent (published). Returns labels → numbers."""
    karla = make_user(display_name="Karla Kommentar")
    comment_id = add_comment(app, karla, COMMENT_TEXT, number=1)
    second_comment = add_comment(app, karla, "Elternkurse am Abend wären gut.", number=1)
    with app.test_request_context():
        staff = _user(world, "staff")
        first, second, third = _split_paragraphs(world)
        services.update_details(
            first, actor=staff, expected=first.lock_version, summary="Mehr Deutschkurse für Kinder",
            sections=list(first.sections), language="tr",
        )
        services.recommend(first, actor=_user(world, "expert"), outcome="accepted",
                           reasoning=RECOMMENDATION)
        services.assign(first, actor=staff, group=first.group, assignee=_user(world, "youth"))
        _decide_publish(first, world, outcome="not_accepted")
        services.set_reason_translation(first, language="tr", text=REASON_TR, actor=staff)
        _decide_publish(second, world, reason=UNPUBLISHED_REASON, publish=False)
        comment = db.session.get(Contribution, comment_id)
        fourth = services.split_whole(comment, actor=staff)
        _decide_publish(fourth, world, outcome="accepted", reason="")
        services.link_change(fourth, node(world["process_id"], 2, "g1"), actor=staff)
        fifth = services.split_whole(db.session.get(Contribution, second_comment), actor=staff)
        services.group_under(fifth, fourth, actor=staff)
        sixth = services.split(db.session.get(Contribution, world["statement_id"]), actor=staff,
                               start=0, end=8)
        services.group_under(sixth, second, actor=staff)
        draft = services.split_whole(
            _paper_statement(world, DRAFT_TEXT, version=3, consent=True), actor=staff
        )
        _decide_publish(draft, world)
        consent = services.split_whole(
            _paper_statement(world, CONSENT_TEXT, version=2, consent=True), actor=staff
        )
        _decide_publish(consent, world, outcome="partly_accepted", reason="Teilweise übernommen.")
        db.session.commit()
        numbers = [s.number for s in (first, second, third, fourth, fifth, sixth, draft, consent)]
    assert numbers == list(range(1, 9))
    return {"karla": karla}


def _get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return page(response)


def _href(number: int) -> str:
    return f'/p/lip/suggestions/A-{number}"'


# --------------------------------------------------------------------- the suggestion page


def test_statement_without_consent_shows_answer_but_not_text_or_name(client, published):
    html = _get(client, "/p/lip/suggestions/A-1?lang=en")
    assert "<h1>Suggestion A-1</h1>" in html
    assert "Not accepted" in html
    assert REASON_DE in html
    assert 'href="/p/lip/v/2/s/g1"' in html  # the section, in the suggestion's version
    assert "Discussion draft 2" in html
    # Consent: neither the text nor the name nor any contact detail.
    assert "Çocuklar" not in html
    assert "The text of this statement is not published at the sender" in html
    assert "Mehr Deutschkurse für Kinder" in html  # the staff summary instead
    for private in ("Ayşe", "Yılmaz", "ayse@example.org"):
        assert private not in html
    assert "Resident" in html
    assert "Letter" in html
    assert "Written statement" in html
    assert "Published on" in html and "Decided on" in html
    # Never anything internal.
    for internal in (INTERNAL, RECOMMENDATION, "Bildung", "Jugend Jonas", "Expertin Ece",
                     "Admin Adler", "Sachbearbeiterin Sommer", "Steuerungsgruppe"):
        assert internal not in html
    assert "This answer did not change the text." in html


def test_statement_with_consent_shows_text_and_name_but_no_contact(client, published):
    html = _get(client, "/p/lip/suggestions/A-8?lang=en")
    assert CONSENT_TEXT in html
    assert "Petra Privat" in html
    assert "petra.privat@example.org" not in html
    assert "Geheimweg" not in html
    assert "Partly accepted" in html
    assert "No change to the text has been linked to this suggestion yet." in html


def test_organisation_is_named_even_without_consent(app, client, world, make_organisation):
    org = make_organisation(name="Migrantenverein Brücke")
    with app.test_request_context():
        statement = _paper_statement(
            world, "Mehr Beratung.", version=2, consent=False,
            organisation=db.session.get(Organisation, org.id),
        )
        suggestion = services.split_whole(statement, actor=_user(world, "staff"))
        _decide_publish(suggestion, world)
        db.session.commit()
    html = _get(client, "/p/lip/suggestions/A-1?lang=en")
    assert "Migrantenverein Brücke" in html
    assert "Petra Privat" not in html
    assert "Mehr Beratung." not in html  # the text still needs the statement's consent


def test_sections_link_only_to_versions_the_public_may_see(app, client, world):
    """A statement about no particular version: g1 is linked in the newest public version
    (2), never in the draft (3)."""
    with app.test_request_context():
        suggestion = services.split_whole(
            _paper_statement(world, CONSENT_TEXT, version=None, consent=True),
            actor=_user(world, "staff"),
        )
        _decide_publish(suggestion, world)
        db.session.commit()
    html = _get(client, "/p/lip/suggestions/A-1?lang=en")
    assert 'href="/p/lip/v/2/s/g1"' in html
    assert "/v/3" not in html
    assert "Verwaltungsentwurf" not in html


def test_comment_is_public_with_its_author_and_the_resulting_change(client, published):
    html = _get(client, "/p/lip/suggestions/A-4?lang=en")
    assert COMMENT_TEXT in html
    assert "Karla Kommentar" in html
    assert "Online form" in html
    assert "Accepted" in html
    # The change it caused: the diff of g1 from v1 to v2, with the accessible markup, and
    # a link to the section in the new version.
    assert re.search(r"<ins><span class=\"visually-hidden\">inserted: </span>und Eltern", html)
    assert "Discussion draft 1" in html and "Discussion draft 2" in html
    change = html[html.index('id="resulting-changes"'):]
    assert 'href="/p/lip/v/2/s/g1"' in change
    # Answered together with it, by label only.
    assert _href(5) in html


def test_grouped_member_shows_its_representatives_answer(client, published):
    html = _get(client, "/p/lip/suggestions/A-5?lang=en")
    assert "Elternkurse am Abend" in html
    assert "This suggestion was answered together with" in html
    assert _href(4) in html
    assert "Accepted" in html
    assert "und Eltern" in html  # the change linked to the group's answer


def test_forum_card_is_public_and_anonymous(app, client, world):
    event = create_event(app, tables=[(1, "Tisch Bildung", ["g1"])])
    with app.test_request_context():
        event_obj = db.session.get(Event, event["id"])
        [card_id] = forum_services.capture_cards(
            event_obj,
            [forum_services.CardInput(text="Kita-Plätze für alle Kinder.",
                                      section_id=section(world["process_id"], "g1").id)],
            version=_version(world, 2), actor=_user(world, "staff"),
        )
        suggestion = services.split_whole(
            db.session.get(Contribution, card_id), actor=_user(world, "staff")
        )
        _decide_publish(suggestion, world, outcome="already_covered")
        db.session.commit()
    html = _get(client, "/p/lip/suggestions/A-1?lang=en")
    assert "Kita-Plätze für alle Kinder." in html
    assert "Forum participant" in html
    assert "Already covered" in html


def test_hidden_comment_shows_neither_text_nor_name(app, client, published):
    with app.test_request_context():
        comment = db.session.scalar(
            select(Contribution).where(Contribution.body == COMMENT_TEXT)
        )
        comment.hidden_at = utcnow()
        comment.hidden_reason = "Beleidigung"
        db.session.commit()
    html = _get(client, "/p/lip/suggestions/A-4?lang=en")
    assert COMMENT_TEXT not in html
    assert "Karla Kommentar" not in html
    assert "The text of this contribution is not shown." in html
    assert "Beleidigung" not in html


# --------------------------------------------------------------------- nothing unpublished


UNPUBLISHED = {
    2: UNPUBLISHED_REASON,          # decided, not published
    3: "Türkçe bilgi tabelaları",   # undecided (its passage)
    6: "Çocuklar",                  # grouped under the unpublished A-2
    7: DRAFT_TEXT,                  # published, but on the draft version 3
}


@pytest.mark.parametrize("number", sorted(UNPUBLISHED))
def test_unpublished_suggestions_are_404(client, published, number):
    _get(client, f"/p/lip/suggestions/A-{number}", 404)


def test_unpublished_suggestions_never_appear_on_public_pages(client, published):
    pages = [
        "/p/lip/v/1/s/g1", "/p/lip/v/2/s/g1", "/p/lip/s/g1/history",
        "/p/lip/v/2/s/g1/suggestions", "/p/lip/v/1/s/g1/suggestions",
        "/p/lip/suggestions/A-1", "/p/lip/suggestions/A-4", "/p/lip/suggestions/A-5",
        "/p/lip/suggestions/A-8",
    ]
    for path in pages:
        for lang in ("de", "en", "tr", "ar"):
            html = _get(client, f"{path}?lang={lang}")
            for number, text in UNPUBLISHED.items():
                assert _href(number) not in html, (path, number)
                assert f"A-{number}<" not in html, (path, number)
                assert text not in html, (path, number)
            for private in (INTERNAL, RECOMMENDATION, UNPUBLISHED_REASON, "ayse@example.org",
                            "petra.privat@example.org", "Geheimweg", "Ayşe"):
                assert private not in html, (path, private)


def test_published_ones_are_listed_where_they_belong(client, published):
    v2 = _get(client, "/p/lip/v/2/s/g1?lang=en")
    outcomes = v2[v2.index('id="outcomes"'):]
    assert "What became of the suggestions" in v2
    assert _href(1) in outcomes and _href(8) in outcomes
    assert _href(4) not in outcomes  # A-4 is about version 1
    assert REASON_DE in outcomes
    assert CONSENT_TEXT in outcomes
    assert "Mehr Deutschkurse für Kinder" in outcomes  # the summary stands in for the text
    assert "Çocuklar" not in outcomes
    changed = v2[v2.index('id="changed-by"'):v2.index('id="outcomes"')]
    assert "Changed by suggestions" in changed
    assert _href(4) in changed and "Accepted" in changed
    v1 = _get(client, "/p/lip/v/1/s/g1?lang=en")
    assert 'id="changed-by"' not in v1
    v1_outcomes = v1[v1.index('id="outcomes"'):]
    assert _href(4) in v1_outcomes and _href(5) in v1_outcomes
    assert "answered together with A-4" in v1_outcomes
    assert COMMENT_TEXT in v1_outcomes
    history = _get(client, "/p/lip/s/g1/history?lang=en")
    second = history[history.index('href="/p/lip/v/2/s/g1"'):]
    assert "Changed in this version because of 1 suggestion:" in second
    assert _href(4) in second
    assert _href(4) not in history[:history.index('href="/p/lip/v/2/s/g1"')]


def test_unpublishing_takes_it_off_again(app, client, published):
    assert _href(4) in _get(client, "/p/lip/v/2/s/g1")
    with app.test_request_context():
        fourth = db.session.scalar(select(Suggestion).where(Suggestion.number == 4))
        services.unpublish(fourth, actor=db.session.get(User, published["karla"].id))
        db.session.commit()
    for number in (4, 5):
        _get(client, f"/p/lip/suggestions/A-{number}", 404)
    for path in ("/p/lip/v/1/s/g1", "/p/lip/v/2/s/g1", "/p/lip/s/g1/history"):
        html = _get(client, path)
        assert _href(4) not in html and _href(5) not in html


def test_a_process_that_is_not_public_hides_its_answers(app, client, published, make_user):
    with app.test_request_context():
        db.session.get(Process, published_process_id()).is_public = False
        db.session.commit()
    _get(client, "/p/lip/suggestions/A-1", 404)
    _get(client, "/p/lip/v/2/s/g1/suggestions", 404)


def published_process_id() -> int:
    return db.session.scalar(select(Process.id).where(Process.slug == "lip"))


@pytest.mark.parametrize(
    "path",
    [
        "/p/lip/suggestions/A-0", "/p/lip/suggestions/A-99999999999", "/p/lip/suggestions/A-x",
        "/p/nope/suggestions/A-1", "/p/lip/v/3/s/g1/suggestions", "/p/lip/v/2/s/nope/suggestions",
        "/p/lip/v/1/s/g1/suggestions?page=9",
    ],
)
def test_junk_and_unknown_addresses_are_404(client, published, path):
    _get(client, path, 404)


@pytest.mark.parametrize("query", ["?page=abc", "?page=-3", "?page=0", "?lang=xx", "?lang=<b>"])
def test_junk_parameters_fall_back(client, published, query):
    html = _get(client, "/p/lip/v/2/s/g1/suggestions" + query)
    assert _href(1) in html
    assert "<b>" not in html


# --------------------------------------------------------------------- languages


def test_reason_in_the_readers_language_when_translated(client, published):
    turkish = _get(client, "/p/lip/suggestions/A-1?lang=tr")
    assert re.search(r'<div class="reason user-text" lang="tr" dir="auto">' + REASON_TR, turkish)
    assert REASON_DE not in turkish
    for lang in ("de", "en", "ar"):
        html = _get(client, f"/p/lip/suggestions/A-1?lang={lang}")
        assert re.search(r'<div class="reason user-text" lang="de" dir="auto">' + REASON_DE, html)
        assert REASON_TR not in html
    section = _get(client, "/p/lip/v/2/s/g1?lang=tr")
    assert REASON_TR in section and REASON_DE not in section


def test_machine_and_outdated_translations_are_marked(app, client, published):
    with app.test_request_context():
        first = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        services.set_reason_translation(
            first, language="tr", text=REASON_TR, origin="machine_translation",
            actor=db.session.get(User, published["karla"].id),
        )
        db.session.commit()
    assert "reason-machine" not in _get(client, "/p/lip/suggestions/A-1?lang=en")
    turkish = _get(client, "/p/lip/suggestions/A-1?lang=tr")
    assert re.search(r'class="muted reason-origin reason-machine">\s*\S', turkish)
    assert "reason-machine" not in _get(client, "/p/lip/suggestions/A-1?lang=en")
    with app.test_request_context():
        first = db.session.scalar(select(Suggestion).where(Suggestion.number == 1))
        actor = db.session.scalar(select(User).where(User.display_name == "Admin Adler"))
        services.unpublish(first, actor=actor)
        services.decide(first, actor=actor, outcome="not_accepted", public_reason="Neue Begründung.")
        services.publish(first, actor=actor)
        db.session.commit()
    html = _get(client, "/p/lip/suggestions/A-1?lang=tr")
    assert REASON_TR not in html
    assert re.search(r'lang="de" dir="auto">Neue Begründung\.', html)
    assert 'class="muted reason-outdated" role="note"' in html


def test_arabic_page_is_right_to_left_and_user_text_keeps_its_language(client, published):
    for path in ("/p/lip/suggestions/A-4?lang=ar", "/p/lip/v/1/s/g1?lang=ar"):
        html = _get(client, path)
        assert '<html lang="ar" dir="rtl">' in html
        assert re.search(
            r'<blockquote class="passage user-text" lang="de" dir="auto">' + re.escape(COMMENT_TEXT),
            html,
        )


def test_diff_falls_back_to_the_original_when_the_translation_is_outdated(client, published):
    """g1 has an Arabic translation in both versions that was not updated when the German
    text changed: the change is shown in German, as on the section history page."""
    html = _get(client, "/p/lip/suggestions/A-4?lang=ar")
    change = html[html.index('id="resulting-changes"'):]
    assert "und Eltern" in change and "<ins>" in change
    assert "الهدف 1.1" in change  # the section's title in the reader's language


def test_german_is_the_default(client, published):
    html = _get(client, "/p/lip/suggestions/A-1")
    assert '<html lang="de" dir="ltr">' in html
    assert "Nicht berücksichtigt" in html or "Not accepted" in html
    assert 'lang="de" dir="auto">' + REASON_DE in html


# --------------------------------------------------------------------- escaping


def test_user_text_is_escaped(app, client, world, make_user):
    mallory = make_user(display_name="<script>alert('name')</script>")
    comment_id = add_comment(app, mallory, "<script>alert('passage')</script> Text", number=2)
    with app.test_request_context():
        suggestion = services.split_whole(
            db.session.get(Contribution, comment_id), actor=_user(world, "staff")
        )
        _decide_publish(suggestion, world, reason="<img src=x onerror=alert(1)>")
        db.session.commit()
    for path in ("/p/lip/suggestions/A-1", "/p/lip/v/2/s/g1", "/p/lip/v/2/s/g1/suggestions"):
        html = _get(client, path)
        assert "<script>alert(" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;passage&#39;)" in html


# --------------------------------------------------------------------- many suggestions


def _many_published(world, count: int, *, start: int, version: int = 2, changes: bool = True):
    """Insert `count` published suggestions on g1 of `version` (core inserts), every third a
    member grouped under the first, and link each to a change of g1 in version 2."""
    process_id = world["process_id"]
    v = _version(world, version)
    g1 = section(process_id, "g1")
    admin_id = world["users"]["admin"].id
    now = utcnow()
    rows = [
        {
            "process_id": process_id, "number": start + i, "contribution_id": world["statement_id"],
            "version_id": v.id, "passage": f"Passage {start + i}", "summary": f"Kurz {start + i}",
            "language": "de", "outcome": "accepted", "public_reason": f"Grund {start + i}",
            "decided_by_id": admin_id, "decided_at": now, "published_at": now,
            "lock_version": 1, "created_at": now, "updated_at": now,
        }
        for i in range(count)
    ]
    ids = list(db.session.scalars(insert(Suggestion).returning(Suggestion.id), rows))
    db.session.execute(
        insert(suggestion_sections), [{"suggestion_id": i, "section_id": g1.id} for i in ids]
    )
    if changes and version == 1:
        target = _version(world, 2)
        db.session.execute(
            insert(ResultingChange),
            [{"suggestion_id": i, "section_id": g1.id, "version_id": target.id,
              "created_at": now, "updated_at": now} for i in ids],
        )
    db.session.commit()
    return ids


def test_section_page_caps_the_list_and_links_to_all(app, client, world):
    with app.test_request_context():
        _many_published(world, 25, start=1)
    html = _get(client, "/p/lip/v/2/s/g1?lang=en")
    outcomes = html[html.index('id="outcomes"'):html.index('id="comments"')]
    assert outcomes.count('class="outcome-item"') == 20
    assert '<span class="count-badge">25</span>' in outcomes
    assert "Show all 25 answers" in outcomes
    assert 'href="/p/lip/v/2/s/g1/suggestions"' in outcomes
    first = _get(client, "/p/lip/v/2/s/g1/suggestions?lang=en")
    assert first.count('class="outcome-item"') == 20
    assert 'href="/p/lip/v/2/s/g1/suggestions?page=2"' in first
    second = _get(client, "/p/lip/v/2/s/g1/suggestions?page=2&lang=en")
    assert second.count('class="outcome-item"') == 5
    assert _href(25) in second and _href(1) not in second
    _get(client, "/p/lip/v/2/s/g1/suggestions?page=3", 404)


def _count(client, count_queries, path: str) -> int:
    assert client.get(path).status_code == 200  # warm-up
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_section_page_query_budget(app, client, world, count_queries, monkeypatch):
    """2 vs 40 published suggestions (with reason translations and resulting changes) on the
    section: the same number of queries, and exactly two more than without the regions."""
    paths = ("/p/lip/v/1/s/g1?lang=tr", "/p/lip/v/2/s/g1?lang=tr", "/p/lip/s/g1/history")
    with app.test_request_context():
        ids = _many_published(world, 2, start=1, version=1)
        _many_published(world, 2, start=3, version=2)
        for suggestion_id in ids:
            services.set_reason_translation(
                db.session.get(Suggestion, suggestion_id), language="tr", text="Gerekçe",
                actor=None,
            )
        db.session.commit()
    few = [_count(client, count_queries, p) for p in paths]
    assert "Gerekçe" in _get(client, paths[0])
    with app.test_request_context():
        ids = _many_published(world, 38, start=5, version=1)
        _many_published(world, 38, start=43, version=2)
        for suggestion_id in ids:
            services.set_reason_translation(
                db.session.get(Suggestion, suggestion_id), language="tr", text="Gerekçe",
                actor=None,
            )
        db.session.commit()
    many = [_count(client, count_queries, p) for p in paths]
    assert many == few, f"{few} queries with 2 suggestions, {many} with 40"
    v2 = _get(client, paths[1])
    assert '<span class="count-badge">40</span>' in v2
    assert v2.count(_href(1)[:-1]) >= 1  # changed by A-1 (linked from version 1)

    from consult.plans import views as plan_views

    monkeypatch.setattr(plan_views, "_public_outcomes", lambda *args: (None, []))
    without = [_count(client, count_queries, p) for p in paths[:2]]
    assert [m - w for m, w in zip(many[:2], without, strict=True)] == [2, 2]


def test_suggestion_page_query_budget(app, client, world, count_queries):
    """A representative with 2 or 30 members and as many changes: the same number of queries."""
    with app.test_request_context():
        ids = _many_published(world, 1, start=1, version=1)
        db.session.commit()
        rep = db.session.get(Suggestion, ids[0])
    few = _count(client, count_queries, "/p/lip/suggestions/A-1")
    with app.test_request_context():
        now = utcnow()
        rows = [
            {"process_id": world["process_id"], "number": 100 + i,
             "contribution_id": world["statement_id"], "version_id": _version(world, 1).id,
             "passage": f"Mitglied {i}", "language": "de", "representative_id": rep.id,
             "lock_version": 1, "created_at": now, "updated_at": now}
            for i in range(30)
        ]
        db.session.execute(insert(Suggestion), rows)
        db.session.commit()
    many = _count(client, count_queries, "/p/lip/suggestions/A-1")
    assert many == few
    assert few <= 15
    html = _get(client, "/p/lip/suggestions/A-1")
    assert _href(129) in html
