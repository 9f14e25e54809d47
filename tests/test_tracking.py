""""What became of my statement": the private tracking page and the author's page list each
suggestion taken from the person's contributions with their own words, the status in public
words and, once published, the answer in their language. Never another person's, never an
unpublished answer, and a fixed number of queries. On both databases."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import insert, select, update

from consult.accounts.models import User
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import ReasonTranslation, Suggestion, suggestion_sections
from tests.helpers_participation import add_comment, client_for, page
from tests.helpers_triage import bulk_suggestions, node, section, triage_world

PARAGRAPHS = [
    "Erstens: mehr Sprachkurse am Abend.",
    "Zweitens: ein Stadtteilbüro für Beratung.",
    "Drittens: Kinderbetreuung während der Kurse.",
    "Viertens: Kurse auch am Wochenende.",
]
BODY = "\n\n".join(PARAGRAPHS)
REASON_DE = "Teilweise übernommen: Kurse am Abend kommen."
REASON_TR = "Kısmen kabul edildi: akşam kursları geliyor."
UNPUBLISHED_REASON = "UNVERÖFFENTLICHTE Begründung"
INTERNAL = "GEHEIMNOTIZ"


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name].id)


def _version(world, number: int) -> Version:
    return db.session.scalar(
        select(Version).where(Version.process_id == world["process_id"], Version.number == number)
    )


def _submit(world, author, body=BODY, version=1) -> tuple[Contribution, str]:
    return statement_services.submit_statement(
        db.session.get(Process, world["process_id"]), db.session.get(User, author.id),
        statement_services.Submission(
            body=body, sections=[section(world["process_id"], "g1")],
            version=_version(world, version),
        ),
        [], today=date.today(),
    )


@pytest.fixture
def tracked(app, world, make_user):
    """Lina's statement on version 1 split into four: the first undecided, the second
    decided but not published, the third published (partly accepted, a Turkish reason, a
    change in version 2), the fourth grouped under A-1 (Ayşe's, published)."""
    lina = make_user(display_name="Lina Leser", email="lina@example.org")
    with app.test_request_context():
        staff, admin = _user(world, "staff"), _user(world, "admin")
        representative = services.split_whole(
            db.session.get(Contribution, world["statement_id"]), actor=staff
        )
        services.decide(representative, actor=admin, outcome="accepted", public_reason="")
        services.publish(representative, actor=admin)
        statement, token = _submit(world, lina)
        parts, offset = [], 0
        for paragraph in PARAGRAPHS:
            start = BODY.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        _undecided, unpublished, published, grouped = parts
        services.decide(unpublished, actor=admin, outcome="out_of_scope",
                        public_reason=UNPUBLISHED_REASON, internal_note=INTERNAL)
        services.decide(published, actor=admin, outcome="partly_accepted",
                        public_reason=REASON_DE, internal_note=INTERNAL)
        services.publish(published, actor=admin)
        services.set_reason_translation(published, language="tr", text=REASON_TR, actor=staff)
        services.link_change(published, node(world["process_id"], 2, "g1"), actor=staff)
        services.group_under(grouped, representative, actor=staff)
        db.session.commit()
        numbers = [s.number for s in parts]
        statement_id = statement.id
    assert numbers == [2, 3, 4, 5]
    return {"lina": lina, "token": token, "statement_id": statement_id}


def _item(html: str, number: int) -> str:
    start = html.index(f'id="suggestion-{number}"')
    end = html.find('id="suggestion-', start + 1)
    return html[start:end if end != -1 else start + 5000]


def _track(client, token: str, lang: str = "en") -> str:
    response = client.get(f"/track/{token}?lang={lang}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return page(response)


def test_tracking_page_shows_each_suggestion_with_its_public_status(client, tracked):
    html = _track(client, tracked["token"])
    assert "4 suggestions were taken from your statement." in html
    assert "2 of them are answered." in html
    # Their own words, although the statement's text is not public.
    for paragraph in PARAGRAPHS:
        assert paragraph in html
    assert "Ziel 1.1" in _item(html, 2)  # the section, numbered and titled
    undecided, unpublished = _item(html, 2), _item(html, 3)
    assert "Being weighed" in undecided and "Being weighed" in unpublished
    assert "/p/lip/suggestions/A-2" not in html and "/p/lip/suggestions/A-3" not in html
    # Nothing of an unpublished decision, nothing internal.
    for hidden in ("Out of scope", UNPUBLISHED_REASON, INTERNAL):
        assert hidden not in html


def test_published_answer_shows_outcome_reason_change_and_link(client, tracked):
    html = _track(client, tracked["token"])
    published = _item(html, 4)
    assert "Partly accepted" in published
    assert REASON_DE in published
    assert 'href="/p/lip/suggestions/A-4"' in published
    assert 'href="/p/lip/v/2/s/g1"' in published  # the resulting change
    assert "Being weighed" not in published
    grouped = _item(html, 5)
    assert "answered together with A-1" in grouped
    assert "Accepted" in grouped
    assert 'href="/p/lip/suggestions/A-5"' in grouped


def test_reason_is_shown_in_the_readers_language(client, tracked):
    html = _track(client, tracked["token"], lang="tr")
    published = _item(html, 4)
    assert REASON_TR in published and REASON_DE not in published
    assert 'lang="tr"' in published


def test_an_answer_withdrawn_again_is_being_weighed(app, client, world, tracked):
    with app.test_request_context():
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == 4))
        services.unpublish(suggestion, actor=_user(world, "admin"))
        db.session.commit()
    html = _track(client, tracked["token"])
    assert "Being weighed" in _item(html, 4)
    assert REASON_DE not in html and "Partly accepted" not in html


def test_tracking_page_offers_to_stop_final_notices(client, tracked):
    html = _track(client, tracked["token"])
    [link] = re.findall(r'href="(/notices/opt-out/[^"]+)"', html)
    assert "Do not send me final notices" in page(client.get(link + "?lang=en"))


def test_wrong_token_is_a_404(client, tracked):
    token = tracked["token"]
    changed = token[:-1] + ("y" if token.endswith("x") else "x")
    for token in ("not-a-token", changed, "x" * 200):
        response = client.get(f"/track/{token}")
        assert response.status_code == 404
        assert PARAGRAPHS[0] not in page(response)


def test_author_sees_the_same_on_their_page(app, tracked):
    client = client_for(app, tracked["lina"])
    response = client.get("/statements/mine?lang=en")
    html = page(response)
    assert response.status_code == 200
    assert "What became of your suggestions" in html
    assert "4 suggestions were taken from your statement." in html
    assert "Partly accepted" in html and REASON_DE in html
    assert UNPUBLISHED_REASON not in html and "Out of scope" not in html
    assert "/notices/opt-out/" in html


def test_another_resident_sees_none_of_it(app, world, tracked):
    client = client_for(app, world["users"]["outsider"])
    html = page(client.get("/statements/mine?lang=en"))
    for paragraph in PARAGRAPHS:
        assert paragraph not in html
    assert "You have not sent a written statement yet." in html
    assert "Your comments" not in html


def test_suggestions_from_the_authors_comments_are_listed(app, world, tracked, make_user):
    other = make_user(display_name="Otto Other")
    mine = add_comment(app, tracked["lina"], "Bitte auch Kurse für Großeltern.", number=2)
    theirs = add_comment(app, other, "FREMDER Kommentar.", number=2)
    with app.test_request_context():
        staff, admin = _user(world, "staff"), _user(world, "admin")
        for comment_id in (mine, theirs):
            suggestion = services.split_whole(db.session.get(Contribution, comment_id), actor=staff)
            services.decide(suggestion, actor=admin, outcome="noted", public_reason="Zur Kenntnis.")
            services.publish(suggestion, actor=admin)
        add_comment(app, tracked["lina"], "Ein Kommentar ohne Anregung.", number=2)
        db.session.commit()
    html = page(client_for(app, tracked["lina"]).get("/statements/mine?lang=en"))
    comments = html[html.index('id="comments"'):]
    assert "Bitte auch Kurse für Großeltern." in comments
    assert "1 suggestion was taken from your comment." in comments
    assert "Noted" in comments and "Zur Kenntnis." in comments
    assert "FREMDER" not in html
    assert "Ein Kommentar ohne Anregung." not in html


def test_script_in_passages_and_reasons_is_text(app, world, make_user):
    lina = make_user()
    with app.test_request_context():
        statement, token = _submit(world, lina, body="<script>alert('x')</script>")
        suggestion = services.split_whole(statement, actor=_user(world, "staff"))
        services.decide(suggestion, actor=_user(world, "admin"), outcome="noted",
                        public_reason="<img src=x onerror=alert(1)>")
        services.publish(suggestion, actor=_user(world, "admin"))
        db.session.commit()
    html = page(app.test_client().get(f"/track/{token}"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html


def test_tracking_page_in_arabic_is_right_to_left(client, tracked):
    response = client.get(f"/track/{tracked['token']}?lang=ar")
    html = page(response)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="auto"' in _item(html, 4)
    assert "الهدف 1.1" in _item(html, 4)  # the section's title in Arabic


# --------------------------------------------------------------------- query budget


def _grow(app, world, statement_id: int, count: int, start: int) -> None:
    """`count` more suggestions on the statement: a third decided and published, each about
    g1, some with a Turkish reason."""
    with app.app_context():
        bulk_suggestions(
            world["process_id"], count, contribution_id=statement_id,
            version_id=_version(world, 2).id, decided_by_id=world["users"]["admin"].id,
            start_number=start,
        )
        ids = db.session.scalars(
            select(Suggestion.id).where(Suggestion.number >= start)
        ).all()
        g1 = section(world["process_id"], "g1").id
        db.session.execute(
            insert(suggestion_sections), [{"suggestion_id": i, "section_id": g1} for i in ids]
        )
        db.session.execute(
            update(Suggestion)
            .where(Suggestion.id.in_(ids), Suggestion.outcome.is_not(None))
            .values(published_at=utcnow())
        )
        decided = db.session.scalars(
            select(Suggestion.id).where(Suggestion.id.in_(ids), Suggestion.outcome.is_not(None))
        ).all()
        fingerprint = services.reason_fingerprint("Wird geprüft.")  # bulk_suggestions' reason
        db.session.execute(insert(ReasonTranslation), [
            {"suggestion_id": i, "language": "tr", "text": "Not edildi.", "source_fingerprint": fingerprint,
             "origin": "human_translation", "created_at": utcnow(), "updated_at": utcnow()}
            for i in decided[::2]
        ])
        db.session.commit()


def test_tracking_page_queries_do_not_grow_with_suggestions(app, world, tracked, count_queries):
    counts = []
    for start, count in ((100, 5), (1000, 195)):
        _grow(app, world, tracked["statement_id"], count, start)
        client = app.test_client()
        with count_queries() as counter:
            html = _track(client, tracked["token"], lang="tr")
        counts.append(counter.count)
    assert "Not edildi." in html
    assert f"{4 + 200} suggestions were taken" in page(
        app.test_client().get(f"/track/{tracked['token']}?lang=en")
    )
    assert counts[0] == counts[1], counts


def test_authors_page_queries_do_not_grow(app, world, tracked, count_queries):
    lina = tracked["lina"]
    counts = []
    for round_, (start, count) in enumerate(((100, 5), (1000, 195))):
        with app.test_request_context():
            statement, _token = _submit(world, lina, body=f"Noch eine Stellungnahme {round_}.")
            db.session.commit()
            statement_id = statement.id
        _grow(app, world, statement_id, count, start)
        comment = add_comment(app, lina, f"Kommentar {round_}.", number=2)
        with app.test_request_context():
            services.split_whole(db.session.get(Contribution, comment), actor=_user(world, "staff"))
            db.session.commit()
        client = client_for(app, lina)
        with count_queries() as counter:
            assert client.get("/statements/mine").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
