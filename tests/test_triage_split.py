"""Splitting contributions into suggestions: the inbox, the split page with its marked
passages, taking suggestions (marked, pasted, by paragraph, whole), double submits, marking
done, deleting, who may do it, and the query budget."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from consult.accounts.models import User
from consult.extensions import db
from consult.forum import services as forum_services
from consult.models import utcnow
from consult.participation.models import Contribution, Event
from consult.plans.models import Process
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_participation import add_comment, client_for, create_event, page
from tests.helpers_triage import TURKISH_STATEMENT, section, triage_world

SLUG = "lip"
FIRST = "Çocuklar için daha fazla Almanca kursu istiyoruz."
SECOND = "Ebeveynler için akşam saatlerinde dil kursları olmalı."
THIRD = "Belediye binasında Türkçe bilgi tabelaları gerekli."
GAP = TURKISH_STATEMENT.index("\n\n")


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def _user(world, name: str) -> User:
    return world["users"][name]


def _client(app, world, name="staff"):
    """A signed-in client that reads English (flash messages are made in the POST's locale)."""
    client = client_for(app, _user(world, name))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _split_url(contribution_id: int, suffix: str = "") -> str:
    return f"/triage/{SLUG}/contributions/{contribution_id}{suffix}"


def _suggestions(app, contribution_id: int | None = None) -> list[Suggestion]:
    with app.app_context():
        query = select(Suggestion).order_by(Suggestion.number)
        if contribution_id is not None:
            query = query.where(Suggestion.contribution_id == contribution_id)
        found = list(db.session.scalars(query))
        for suggestion in found:
            _ = ([s.key for s in suggestion.sections], [t.name for t in suggestion.tags])
        db.session.expunge_all()
        return found


def _split(app, world, start: int, end: int, contribution_id: int | None = None) -> int:
    """Take a suggestion through the service; returns its number."""
    with app.test_request_context():
        contribution = db.session.get(Contribution, contribution_id or world["statement_id"])
        staff = db.session.get(User, _user(world, "staff").id)
        suggestion = services.split(contribution, actor=staff, start=start, end=end)
        db.session.commit()
        return suggestion.number


def _statement(app, body: str, *, language="de", name="Ali Demir", days_ago=0) -> int:
    with app.test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == SLUG))
        staff = db.session.scalar(select(User).where(User.role == "staff"))
        statement = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="email", received_on=date.today() - timedelta(days=days_ago), body=body,
                language=language, name=name,
            ),
            [], today=date.today(),
        )
        db.session.commit()
        return statement.id


def _forum_card(app, world, text="Mehr Sprachcafés im Stadtteil.") -> int:
    event = create_event(app, tables=[(1, "Bildung", ["g1"])])
    with app.test_request_context():
        staff = db.session.get(User, _user(world, "staff").id)
        ids = forum_services.capture_cards(
            db.session.get(Event, event["id"]),
            [forum_services.CardInput(text=text, language="de")], version=None, actor=staff,
        )
        db.session.commit()
        return ids[0]


def _many_statements(app, count: int, offset: int = 0) -> None:
    """Insert statements in one statement (for the query budget)."""
    with app.app_context():
        process_id = db.session.scalar(select(Process.id).where(Process.slug == SLUG))
        now = utcnow()
        rows = [
            {
                "kind": "statement", "process_id": process_id, "channel": "letter",
                "status": "received", "language": ("de", "tr", "ar")[i % 3],
                "body": f"Stellungnahme {i}: mehr Sprachkurse im Stadtteil {i}.",
                "submitter_name": f"Person {i}", "receipt_number": f"T-{i:06d}",
                "created_at": now + timedelta(seconds=i), "updated_at": now,
            }
            for i in range(offset, offset + count)
        ]
        db.session.execute(insert(Contribution), rows)
        db.session.commit()


def _rows(html: str) -> list[str]:
    """The receipt/id cells of the inbox table, in order."""
    table = html.split('<table class="data inbox">', 1)
    if len(table) < 2:
        return []
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', table[1])


# --------------------------------------------------------------------------- the inbox


def test_inbox_lists_what_is_to_split_with_filters_and_counts(app, world, make_user):
    resident = make_user(display_name="Leyla Kaya")
    comment_id = add_comment(app, resident, "Bitte mehr Kitaplätze im Stadtteil.")
    card_id = _forum_card(app, world)
    withdrawn = _statement(app, "Zurückgezogene Stellungnahme.", name="Zurück Zieher")
    with app.app_context():
        db.session.get(Contribution, withdrawn).status = "withdrawn"
        db.session.commit()
        statement_receipt = db.session.get(Contribution, world["statement_id"]).receipt_number
    client = _client(app, world)

    html = page(client.get(f"/triage/{SLUG}/contributions?lang=en"))
    assert statement_receipt in html
    assert f"#{comment_id}" in html and f"#{card_id}" in html
    assert "Zurückgezogene" not in html
    assert "Ayşe Yılmaz" in html and "Leyla Kaya" in html  # staff see names
    assert 'lang="tr" dir="auto">Çocuklar için daha fazla' in html
    assert "3 contributions found." in html
    assert re.search(r'id="count-statement-todo">1<', html)
    assert re.search(r'id="count-comment-todo">1<', html)
    assert re.search(r'id="count-forum_card-todo">1<', html)

    only_comments = page(client.get(f"/triage/{SLUG}/contributions?kind=comment&lang=en"))
    assert _rows(only_comments) == [f"#{comment_id}"]
    turkish = page(client.get(f"/triage/{SLUG}/contributions?language=tr&lang=en"))
    assert _rows(turkish) == [statement_receipt]
    letters = page(client.get(f"/triage/{SLUG}/contributions?channel=letter&lang=en"))
    assert _rows(letters) == [statement_receipt]
    version = page(client.get(f"/triage/{SLUG}/contributions?version=2&lang=en"))
    assert statement_receipt in _rows(version) and f"#{card_id}" not in _rows(version)

    _split(app, world, 0, len(FIRST))
    _split(app, world, TURKISH_STATEMENT.index(SECOND), TURKISH_STATEMENT.index(SECOND) + 5)
    client.post(_split_url(world["statement_id"], "/done"), data={"done": "1"})
    todo = page(client.get(f"/triage/{SLUG}/contributions?lang=en"))
    assert statement_receipt not in _rows(todo)
    done = page(client.get(f"/triage/{SLUG}/contributions?state=done&lang=en"))
    assert _rows(done) == [statement_receipt]
    assert re.search(r'<td class="number">2</td>\s*<td><span class="badge badge-ok">done', done)
    everything = page(client.get(f"/triage/{SLUG}/contributions?state=all&lang=en"))
    assert len(_rows(everything)) == 3
    assert re.search(r'id="count-statement-done">1<', everything)


def test_inbox_refuses_junk_filters_without_echo(app, world):
    client = _client(app, world)
    response = client.get(f"/triage/{SLUG}/contributions?kind=<script>x</script>")
    assert response.status_code == 400
    assert "<script>x" not in page(response)
    assert client.get(f"/triage/{SLUG}/contributions?page=-4").status_code == 200


def test_inbox_pages(app, world):
    _many_statements(app, 30)
    client = _client(app, world)
    first = page(client.get(f"/triage/{SLUG}/contributions?lang=en"))
    assert len(_rows(first)) == 25
    assert 'rel="next"' in first
    second = page(client.get(f"/triage/{SLUG}/contributions?page=2&lang=en"))
    assert len(_rows(second)) == 6
    assert not set(_rows(first)) & set(_rows(second))


def test_inbox_query_count_does_not_grow(app, world, count_queries):
    counts = []
    for total in (10, 100):
        with app.app_context():
            have = db.session.scalar(select(func.count(Contribution.id)))
        _many_statements(app, total - have, offset=have)
        with app.app_context():
            ids = db.session.scalars(select(Contribution.id).limit(5)).all()
        for contribution_id in ids:
            _split(app, world, 0, 10, contribution_id)
        client = _client(app, world)
        client.get(f"/triage/{SLUG}/contributions")  # warm up
        with count_queries() as counter:
            response = client.get(f"/triage/{SLUG}/contributions?state=all")
        assert response.status_code == 200
        assert len(_rows(page(response))) == min(total, 25)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


# --------------------------------------------------------------------------- the split page


def test_split_page_shows_source_facts_and_marks_passages_where_they_stand(app, world):
    second_start = TURKISH_STATEMENT.index(SECOND)
    one = _split(app, world, 0, len(FIRST))
    # Overlapping passages: "dil kursları olmalı." lies in both.
    two = _split(app, world, second_start, second_start + len(SECOND))
    inner = second_start + SECOND.index("dil kursları")
    three = _split(app, world, inner, second_start + len(SECOND))
    html = page(_client(app, world).get(_split_url(world["statement_id"]) + "?lang=en"))

    assert "Ayşe Yılmaz" in html and "Letter" in html and "Turkish" in html
    assert "Written statement" in html
    assert f'<span class="passage-label">A-{one}</span><mark class="passage" data-labels="A-{one}"><span data-start="0">{FIRST}</span></mark>' in html
    assert (
        f'<mark class="passage" data-labels="A-{two}"><span data-start="{second_start}">Ebeveynler için akşam saatlerinde </span></mark>'
        in html
    )
    assert (
        f'<span class="passage-label">A-{three}</span><mark class="passage passage-overlap" data-labels="A-{two} A-{three}"><span data-start="{inner}">dil kursları olmalı.</span></mark>'
        in html
    )
    # The third paragraph is not marked, and starts where it stands in the original.
    third_start = TURKISH_STATEMENT.index(THIRD)
    assert f'<span data-start="{third_start}">{THIRD}</span>' in html
    # Paragraph buttons carry the paragraph's offsets.
    assert f'name="start" value="{third_start}"' in html
    assert f'name="end" value="{third_start + len(THIRD)}"' in html
    # The list of suggestions links to each suggestion's page.
    assert f'href="/triage/{SLUG}/A-{one}"' in html
    assert "Bildung" in html


def test_split_page_escapes_the_contribution_text(app, world):
    body = 'Hallo <script>alert("x")</script> und <b>fett</b>.\n\nZweiter & letzter Absatz.'
    statement_id = _statement(app, body)
    _split(app, world, 0, body.index("und"), statement_id)
    html = page(_client(app, world).get(_split_url(statement_id)))
    assert "<script>alert" not in html and "<b>fett" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Zweiter &amp; letzter Absatz." in html


def test_offsets_count_characters_after_astral_and_crlf_text(app, world):
    body = "Emoji 😀 vorne.\r\nZeile zwei mit Wunsch.\r\n\r\nNeuer Absatz."
    statement_id = _statement(app, "Wird ersetzt.")
    with app.app_context():  # as an import or an old record might have stored it
        db.session.get(Contribution, statement_id).body = body
        db.session.commit()
    start = body.index("Wunsch")
    _split(app, world, start, start + len("Wunsch"), statement_id)
    html = page(_client(app, world).get(_split_url(statement_id)))
    assert f'<span data-start="{start}">Wunsch</span>' in html
    # A new piece starts after each CRLF, so that browsers (which read it as one character)
    # still count from a true offset.
    assert f'<span data-start="{body.index("Zeile")}">Zeile zwei mit </span>' in html


def test_split_page_query_count_does_not_grow_with_suggestions(app, world, count_queries):
    counts = []
    for total in (3, 30):
        client = _client(app, world)
        with app.test_request_context():
            contribution = db.session.get(Contribution, world["statement_id"])
            staff = db.session.get(User, _user(world, "staff").id)
            have = db.session.scalar(select(func.count(Suggestion.id)))
            for i in range(have, total):
                services.split(
                    contribution, actor=staff, start=i % 40, end=i % 40 + 5 + i % 7,
                    tags=[f"tag{i % 4}"],
                )
            db.session.commit()
        client.get(_split_url(world["statement_id"]))  # warm up
        with count_queries() as counter:
            response = client.get(_split_url(world["statement_id"]))
        assert response.status_code == 200
        assert page(response).count('class="passage-label"') == total
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


# --------------------------------------------------------------------------- taking suggestions


def test_take_a_marked_passage_with_details(app, world):
    client = _client(app, world)
    with app.app_context():
        process_id = db.session.scalar(select(Process.id).where(Process.slug == SLUG))
        f1 = section(process_id, "f1").key
    start = TURKISH_STATEMENT.index(SECOND)
    response = client.post(
        _split_url(world["statement_id"], "/suggestions") + "?lang=en",
        data={
            "start": str(start - 2), "end": str(start + len(SECOND)),  # white space is trimmed
            "summary": "Abendkurse für Eltern",
            "sections": ["g1", f1],
            "tags": "Sprachkurse, Eltern ,, Sprachkurse",
            "language": "de",
            "group": str(world["steering_id"]),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_split_url(world["statement_id"]))
    after = page(client.get(response.headers["Location"] + "?lang=en"))
    assert "Suggestion A-1 was taken from the contribution." in after
    [suggestion] = _suggestions(app)
    assert (suggestion.passage_start, suggestion.passage_end) == (start, start + len(SECOND))
    assert suggestion.passage == SECOND
    assert suggestion.summary == "Abendkurse für Eltern"
    assert sorted(s.key for s in suggestion.sections) == ["f1", "g1"]
    assert sorted(t.name for t in suggestion.tags) == ["Eltern", "Sprachkurse"]
    assert suggestion.language == "de"
    assert suggestion.group_id == world["steering_id"]
    assert suggestion.created_by_id == _user(world, "staff").id
    with app.app_context():
        assert db.session.get(Contribution, world["statement_id"]).body == TURKISH_STATEMENT


def test_the_form_is_preselected_from_the_contribution(app, world):
    html = page(_client(app, world).get(_split_url(world["statement_id"]) + "?lang=en"))
    assert re.search(r'<input type="checkbox" name="sections" id="sections-g1" value="g1" checked>', html)
    assert not re.search(r'value="f1" checked', html)
    assert re.search(rf'<option selected value="{world["bildung_id"]}">Bildung</option>', html)
    assert re.search(r'<option lang="tr" selected value="tr">', html)
    assert '<option value="">No group</option>' in html


def test_take_a_pasted_passage_finds_its_offsets(app, world):
    client = _client(app, world)
    # Pasted with other line breaks and spaces than the original.
    pasted = "  akşam saatlerinde\r\n dil   kursları  "
    response = client.post(
        _split_url(world["statement_id"], "/suggestions"),
        data={"passage": pasted, "language": "tr", "group": "", "sections": ["g1"]},
    )
    assert response.status_code == 303
    [suggestion] = _suggestions(app)
    start = TURKISH_STATEMENT.index("akşam saatlerinde dil kursları")
    assert (suggestion.passage_start, suggestion.passage_end) == (
        start, start + len("akşam saatlerinde dil kursları")
    )
    assert suggestion.group_id is None  # "no group" was chosen, not the proposed one
    assert [s.key for s in suggestion.sections] == ["g1"]


def test_a_pasted_passage_found_twice_takes_its_next_occurrence_later(app, world):
    body = "Mehr Busse.\n\nUnd nochmals: Mehr Busse."
    statement_id = _statement(app, body)
    client = _client(app, world)

    def paste():
        return client.post(
            _split_url(statement_id, "/suggestions"),
            data={"passage": "Mehr Busse", "language": "de", "group": ""},
        )

    paste()
    paste()  # sent twice at once: a double submit, not a wish for the next occurrence
    assert [s.passage_start for s in _suggestions(app, statement_id)] == [0]
    with app.app_context():
        db.session.scalar(select(Suggestion)).created_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
    paste()  # later: the first is taken, so the next occurrence is meant
    starts = sorted(s.passage_start for s in _suggestions(app, statement_id))
    assert starts == [0, body.index("Mehr Busse", 1)]


def test_marked_offsets_win_over_a_repeated_pasted_passage(app, world):
    body = "Mehr Busse.\n\nUnd nochmals: Mehr Busse."
    statement_id = _statement(app, body)
    later = body.index("Mehr Busse", 1)
    _client(app, world).post(
        _split_url(statement_id, "/suggestions"),
        data={"passage": "Mehr Busse", "start": str(later), "end": str(later + 10),
              "language": "de", "group": ""},
    )
    [suggestion] = _suggestions(app, statement_id)
    assert suggestion.passage_start == later


def test_take_a_paragraph_with_its_button(app, world):
    start = TURKISH_STATEMENT.index(THIRD)
    client = _client(app, world)
    response = client.post(
        _split_url(world["statement_id"], "/suggestions"),
        data={"quick": "paragraph", "start": str(start), "end": str(start + len(THIRD))},
    )
    assert response.status_code == 303
    [suggestion] = _suggestions(app)
    assert suggestion.passage == THIRD
    # Sections and group come from the contribution, as on the form.
    assert [s.key for s in suggestion.sections] == ["g1"]
    assert suggestion.group_id == world["bildung_id"]
    assert suggestion.language == "tr"
    html = page(client.get(_split_url(world["statement_id"]) + "?lang=en"))
    assert f"taken as A-{suggestion.number}" in html


def test_take_the_whole_contribution(app, world, make_user):
    comment_id = add_comment(app, make_user(), "Kurz: mehr Bänke im Park.")
    client = _client(app, world)
    response = client.post(_split_url(comment_id, "/whole"))
    assert response.status_code == 303
    [suggestion] = _suggestions(app, comment_id)
    assert suggestion.passage == "Kurz: mehr Bänke im Park."
    assert [s.key for s in suggestion.sections] == ["g1"]
    with app.app_context():
        assert db.session.get(Contribution, comment_id).split_done_at is not None
    html = page(client.get(response.headers["Location"] + "?lang=en"))
    assert f"The whole contribution was taken as suggestion A-{suggestion.number}" in html


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Mark a passage first"),
        ({"start": "5", "end": "5"}, "Mark a passage first"),
        ({"start": str(GAP), "end": str(GAP + 2)}, "Mark a passage first"),  # a blank line
        ({"start": "0", "end": "999999"}, "Mark a passage first"),
        ({"start": "x", "end": "<b>"}, "Mark a passage first"),
        ({"passage": "Das steht nicht im Text"}, "was not found in the text"),
        ({"start": "0", "end": "10", "summary": "S" * 501}, "at most 500 characters"),
        ({"start": "0", "end": "10", "tags": "x" * 81}, "at most 80 characters"),
        ({"start": "0", "end": "10", "sections": ["nope"]}, "not a valid choice"),
    ],
)
def test_errors_come_back_with_the_input_kept(app, world, data, error):
    form = {"summary": "Meine <em>Zusammenfassung</em>", "tags": "Eltern", "language": "tr",
            "group": "", "passage": "", **data}
    response = _client(app, world).post(
        _split_url(world["statement_id"], "/suggestions") + "?lang=en", data=form
    )
    html = page(response)
    assert response.status_code == 422
    assert error.lower() in html.lower()
    assert "Meine &lt;em&gt;Zusammenfassung&lt;/em&gt;" in html or "S" * 501 in html
    assert 'aria-invalid="true"' in html or 'role="alert"' in html
    assert _suggestions(app) == []


def test_a_pasted_passage_that_is_not_found_keeps_it(app, world):
    response = _client(app, world).post(
        _split_url(world["statement_id"], "/suggestions") + "?lang=en",
        data={"passage": "Kein <i>Satz</i> von hier", "language": "tr", "group": ""},
    )
    html = page(response)
    assert response.status_code == 422
    assert "Kein &lt;i&gt;Satz&lt;/i&gt; von hier</textarea>" in html
    assert 'id="passage-error"' in html


def test_a_marked_passage_is_shown_again_on_errors(app, world):
    response = _client(app, world).post(
        _split_url(world["statement_id"], "/suggestions") + "?lang=en",
        data={"start": "0", "end": str(len(FIRST)), "summary": "x" * 600, "language": "tr"},
    )
    html = page(response)
    assert response.status_code == 422
    assert f'<q lang="tr" dir="auto">{FIRST}</q>' in html
    assert 'name="start" type="hidden" value="0"' in html


def test_double_submit_makes_one_suggestion(app, world):
    client = _client(app, world)
    data = {"start": "0", "end": str(len(FIRST)), "language": "tr", "group": ""}
    first = client.post(_split_url(world["statement_id"], "/suggestions"), data=data)
    second = client.post(
        _split_url(world["statement_id"], "/suggestions") + "?lang=en",
        data={**data, "end": str(len(FIRST) + 1)},  # the same passage once trimmed
    )
    assert first.status_code == second.status_code == 303
    assert len(_suggestions(app)) == 1
    html = page(client.get(second.headers["Location"] + "?lang=en"))
    assert "This passage was just taken as suggestion A-1" in html
    # The whole text, twice.
    client.post(_split_url(world["statement_id"], "/whole"))
    client.post(_split_url(world["statement_id"], "/whole"))
    assert len(_suggestions(app)) == 2


def test_the_same_passage_may_be_taken_again_later_or_by_someone_else(app, world, make_user):
    _split(app, world, 0, len(FIRST))
    with app.app_context():
        suggestion = db.session.scalar(select(Suggestion))
        suggestion.created_at = datetime.now(UTC) - timedelta(minutes=5)
        db.session.commit()
    _client(app, world).post(
        _split_url(world["statement_id"], "/suggestions"),
        data={"start": "0", "end": str(len(FIRST)), "language": "tr", "group": ""},
    )
    _client(app, world, "admin").post(
        _split_url(world["statement_id"], "/suggestions"),
        data={"start": "0", "end": str(len(FIRST)), "language": "tr", "group": ""},
    )
    assert len(_suggestions(app)) == 3


def test_expired_form_keeps_the_input(csrf_app, world):
    client = client_for(csrf_app, world["users"]["staff"])
    response = client.post(
        _split_url(world["statement_id"], "/suggestions") + "?lang=en",
        data={"csrf_token": "expired", "summary": "Abendkurse für Eltern",
              "passage": "akşam saatlerinde", "language": "tr"},
    )
    html = page(response)
    assert response.status_code in (400, 422)
    assert "Abendkurse für Eltern</textarea>" in html
    assert "akşam saatlerinde</textarea>" in html
    assert 'name="csrf_token" type="hidden" value="' in html
    assert _suggestions(csrf_app) == []


def test_a_withdrawn_contribution_cannot_be_split(app, world):
    statement_id = _statement(app, "Später zurückgezogen.")
    with app.app_context():
        db.session.get(Contribution, statement_id).status = "withdrawn"
        db.session.commit()
    client = _client(app, world)
    html = page(client.get(_split_url(statement_id) + "?lang=en"))
    assert "cannot be split" in html and "Take this paragraph" not in html
    response = client.post(_split_url(statement_id, "/whole") + "?lang=en")
    assert response.status_code == 422
    assert _suggestions(app) == []


# --------------------------------------------------------------------------- done, next, delete


def test_mark_done_and_reopen_and_go_to_the_next(app, world, make_user):
    later = add_comment(app, make_user(), "Ein späterer Kommentar.")
    client = _client(app, world)
    html = page(client.get(_split_url(world["statement_id"]) + "?lang=en"))
    assert f'rel="next" href="{_split_url(later)}"' in html
    assert "No previous contribution to do" in html

    response = client.post(_split_url(world["statement_id"], "/done"), data={"done": "1", "then": "next"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_split_url(later))
    with app.app_context():
        assert db.session.get(Contribution, world["statement_id"]).split_done_at is not None
    # The done one is no longer a neighbour to do.
    assert "No previous contribution to do" in page(client.get(_split_url(later) + "?lang=en"))

    response = client.post(_split_url(world["statement_id"], "/done"), data={"done": "0"})
    assert response.headers["Location"].endswith(_split_url(world["statement_id"]))
    with app.app_context():
        assert db.session.get(Contribution, world["statement_id"]).split_done_at is None
    assert client.post(_split_url(world["statement_id"], "/done"), data={"done": "x"}).status_code == 400


def test_mark_the_last_one_done_goes_back_to_the_inbox(app, world):
    client = _client(app, world)
    response = client.post(_split_url(world["statement_id"], "/done"), data={"done": "1", "then": "next"})
    assert response.headers["Location"].endswith(f"/triage/{SLUG}/contributions")
    assert "No contribution is left to do." in page(client.get(response.headers["Location"] + "?lang=en"))


def test_delete_an_undecided_suggestion(app, world):
    number = _split(app, world, 0, len(FIRST))
    client = _client(app, world)
    response = client.post(f"/triage/{SLUG}/A-{number}/delete", data={"lock_version": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_split_url(world["statement_id"]))
    assert _suggestions(app) == []
    with app.app_context():
        assert db.session.get(Contribution, world["statement_id"]).body == TURKISH_STATEMENT
    assert f"Suggestion A-{number} was deleted." in page(client.get(response.headers["Location"] + "?lang=en"))


def test_a_decided_suggestion_is_not_deleted(app, world):
    number = _split(app, world, 0, len(FIRST))
    with app.test_request_context():
        suggestion = db.session.scalar(select(Suggestion))
        admin = db.session.get(User, _user(world, "admin").id)
        services.decide(suggestion, actor=admin, outcome="noted", public_reason="Zur Kenntnis.")
        db.session.commit()
        version = suggestion.lock_version
    client = _client(app, world)
    html = page(client.get(_split_url(world["statement_id"]) + "?lang=en"))
    assert f"Delete A-{number}" not in html and "Noted" in html
    response = client.post(
        f"/triage/{SLUG}/A-{number}/delete?lang=en", data={"lock_version": str(version)}
    )
    assert response.status_code == 422
    assert "A decided suggestion cannot be deleted." in page(response)
    assert len(_suggestions(app)) == 1


def test_deleting_a_suggestion_changed_meanwhile_is_a_conflict(app, world):
    number = _split(app, world, 0, len(FIRST))
    with app.test_request_context():
        suggestion = db.session.scalar(select(Suggestion))
        staff = db.session.get(User, _user(world, "staff").id)
        services.update_details(
            suggestion, actor=staff, expected=1, summary="Von jemand anderem geändert",
            sections=[], language="tr",
        )
        db.session.commit()
    response = _client(app, world).post(
        f"/triage/{SLUG}/A-{number}/delete?lang=en", data={"lock_version": "1"}
    )
    html = page(response)
    assert response.status_code == 409
    assert f"Someone else changed suggestion A-{number}" in html
    assert "Von jemand anderem geändert" in html  # what they changed
    assert len(_suggestions(app)) == 1
    assert client_for(app, _user(world, "staff")).post(
        f"/triage/{SLUG}/A-{number}/delete", data={}
    ).status_code == 400


# --------------------------------------------------------------------------- who may


SPLIT_ROUTES = [
    ("get", "{split}", None),
    ("post", "{split}/suggestions", {"start": "0", "end": "5", "language": "tr"}),
    ("post", "{split}/suggestions", {"quick": "paragraph", "start": "0", "end": "5"}),
    ("post", "{split}/whole", {}),
    ("post", "{split}/done", {"done": "1"}),
    ("post", "/triage/lip/A-1/delete", {"lock_version": "1"}),
]


@pytest.mark.parametrize("who", ["outsider", "expert", "youth", "steering"])
@pytest.mark.parametrize(("method", "path", "data"), SPLIT_ROUTES)
def test_only_staff_split(app, world, who, method, path, data):
    _split(app, world, 0, 5)
    client = _client(app, world, who)
    url = path.format(split=_split_url(world["statement_id"]))
    response = getattr(client, method)(url, data=data) if data is not None else client.get(url)
    assert response.status_code == 403
    assert len(_suggestions(app)) == 1
    with app.app_context():
        assert db.session.get(Contribution, world["statement_id"]).split_done_at is None


@pytest.mark.parametrize("who", ["outsider", "expert", "steering"])
def test_the_inbox_is_for_staff(app, world, who):
    assert _client(app, world, who).get(f"/triage/{SLUG}/contributions").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    client = app.test_client()
    for url in (f"/triage/{SLUG}/contributions", _split_url(world["statement_id"])):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.post(_split_url(world["statement_id"], "/whole")).status_code == 302
    assert _suggestions(app) == []


def test_admin_splits_too_and_unknown_things_are_404(app, world, make_process):
    client = _client(app, world, "admin")
    assert client.get(_split_url(world["statement_id"])).status_code == 200
    assert client.get(_split_url(999_999)).status_code == 404
    assert client.post(f"/triage/{SLUG}/A-77/delete", data={"lock_version": "1"}).status_code == 404
    make_process(slug="anderer")
    # A contribution of another process is not found under this one.
    assert client.get(f"/triage/anderer/contributions/{world['statement_id']}").status_code == 404
