"""The triage queue: the start page, the filtered list of suggestions with its facets, sorting
and paging, what group members see, bulk actions with their refusals, and the query budget
with thousands of suggestions. Both databases."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, or_, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import Suggestion, Tag
from tests.helpers_participation import add_comment, client_for, page
from tests.helpers_triage import TURKISH_STATEMENT, bulk_suggestions, section, triage_world

QUEUE = "/triage/lip/"
BULK = "/triage/lip/bulk"
ROW = re.compile(r'<th scope="row" class="queue-label"><a href="([^"]*)">A-(\d+)</a>')
ARABIC = "نريد دورات لغة للأمهات في الحي."


def shown(response) -> list[int]:
    """The suggestion numbers the queue page lists, in order."""
    return [int(number) for _href, number in ROW.findall(page(response))]


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name].id)


@pytest.fixture
def world(app, make_process, make_user):
    """Five suggestions, one of each state:

    A-1..A-3 from the Turkish letter on g1 (group Bildung): A-1 recommended (accepted),
    A-2 decided (not accepted) and published, A-3 grouped under A-1.
    A-4 from a German comment on f2 (online, no group): decided (noted), unpublished,
    assigned to staff, tagged "Sport".
    A-5 from a late Arabic e-mail of an organisation on f1 (Bildung), no version: open,
    tagged "Sprache".
    """
    world = triage_world(app, make_process, make_user)
    author = make_user(display_name="Kommentar Karl")
    comment_id = add_comment(
        app, author, "Mehr Sportplätze für Jugendliche im Stadtteil.", key="f2", language="de"
    )
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        staff, admin, expert = (_user(world, n) for n in ("staff", "admin", "expert"))
        statement = db.session.get(Contribution, world["statement_id"])
        parts, offset = [], 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            parts.append(services.split(statement, actor=staff, start=start, end=offset))
        first, second, third = parts
        fourth = services.split_whole(db.session.get(Contribution, comment_id), actor=staff)
        letter = statement_services.record_statement(
            process, staff,
            statement_services.PaperStatement(
                channel="email", received_on=date.today(), body=ARABIC,
                submitter_type="organisation", name="Verein Brücke", email="verein@example.org",
                language="ar", sections=[section(process.id, "f1")], mark_late=True,
            ),
            [], today=date.today(),
        )
        fifth = services.split_whole(letter, actor=staff)
        services.recommend(first, actor=expert, outcome="accepted", reasoning="Gute Idee.")
        services.decide(second, actor=admin, outcome="not_accepted", public_reason="Nicht hier.")
        services.publish(second, actor=staff)
        services.group_under(third, first, actor=staff)
        services.decide(fourth, actor=admin, outcome="noted", public_reason="Zur Kenntnis.")
        services.assign(fourth, actor=staff, group=None, assignee=staff)
        services.set_tags(fourth, ["Sport"], actor=staff)
        services.set_tags(fifth, ["Sprache"], actor=staff)
        db.session.commit()
        assert [s.number for s in (first, second, third, fourth, fifth)] == [1, 2, 3, 4, 5]
        world["tags"] = {t.name: t.id for t in db.session.scalars(select(Tag))}
    return world


def client_of(app, world, name: str):
    """A signed-in client that reads English (flash messages are made in the POST's locale)."""
    return english(client_for(app, world["users"][name]))


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def suggestion(number: int) -> Suggestion:
    db.session.expire_all()
    return db.session.scalar(select(Suggestion).where(Suggestion.number == number))


# ---------------------------------------------------------------- what the queue shows

def test_queue_shows_each_suggestion_with_its_source_state_and_tags(app, world):
    response = client_of(app, world, "staff").get(QUEUE + "?lang=en")
    assert response.status_code == 200
    html = page(response)
    assert shown(response) == [1, 2, 3, 4, 5]
    assert "5 suggestions" in html
    assert ROW.findall(html)[0][0] == "/triage/lip/A-1"
    assert 'lang="tr" dir="auto">Çocuklar için daha fazla Almanca kursu istiyoruz.</p>' in html
    assert f'lang="ar" dir="auto">{ARABIC}</p>' in html
    assert '<label for="pick-4" class="visually-hidden">Select A-4</label>' in html
    assert "Recommended: Accepted" in html
    assert "Decided: Not accepted" in html and "Decided: Noted" in html
    assert "Published" in html and "Not published" in html
    assert re.search(r"Grouped under <a href=\"/triage/lip/A-1\">A-1</a>", html)
    assert "Written statement" in html and "Letter · Resident" in html
    assert "E-mail · Organisation" in html and "Online form · Resident" in html
    assert ">late</span>" in html
    assert ">Sport</span>" in html and ">Sprache</span>" in html
    assert "Sachbearbeiterin Sommer" in html  # A-4's assignee
    # Section numbers of the newest version: g1 is 1.1, f2 is 2, f1 is 1.
    cells = re.findall(r'<td class="queue-sections">(.*?)</td>', html, re.S)
    assert [c.strip() for c in cells] == ["1.1", "1.1", "1.1", "2", "1"]


def _query(world, **filters) -> str:
    values = {}
    for name, value in filters.items():
        if name == "group" and value == "bildung":
            value = world["bildung_id"]
        if name == "tag":
            value = world["tags"][value]
        values[name] = value
    return QUEUE + "?" + urlencode({**values, "lang": "en"})


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "open"}, [5]),
        ({"status": "recommended"}, [1]),
        ({"status": "decided"}, [4]),
        ({"status": "published"}, [2]),
        ({"status": "grouped"}, [3]),
        ({"outcome": "not_accepted"}, [2]),
        ({"outcome": "none"}, [1, 3, 5]),
        ({"channel": "letter"}, [1, 2, 3]),
        ({"channel": "online"}, [4]),
        ({"submitter_type": "organisation"}, [5]),
        ({"kind": "comment"}, [4]),
        ({"language": "tr"}, [1, 2, 3]),
        ({"language": "ar"}, [5]),
        ({"group": "bildung"}, [1, 2, 3, 5]),
        ({"group": "none"}, [4]),
        ({"assignee": "me"}, [4]),
        ({"assignee": "none"}, [1, 2, 3, 5]),
        ({"tag": "Sport"}, [4]),
        ({"late": "yes"}, [5]),
        ({"late": "no"}, [1, 2, 3, 4]),
        ({"version": "2"}, [1, 2, 3, 4]),
        ({"section": "f1"}, [1, 2, 3, 5]),  # f1 and its goal g1
        ({"section": "g1"}, [1, 2, 3]),
        ({"section": "f2"}, [4]),
        ({"section": "f1", "status": "open"}, [5]),
        ({"q": "Almanca"}, [1]),
        ({"q": "kurs"}, [1, 2]),  # prefix: kursu, kursları
        ({"q": "Sportplätze Jugendliche"}, [4]),
        ({"q": "دورات"}, [5]),
        ({"q": "A-4"}, [4]),
        ({"q": "4"}, [4]),
        ({"q": "a 2"}, [2]),
        ({"q": "A-99"}, []),
    ],
)
def test_each_filter_narrows_the_list(app, world, filters, expected):
    response = client_of(app, world, "staff").get(_query(world, **filters))
    assert response.status_code == 200, page(response)[:500]
    assert shown(response) == expected
    if not expected:
        assert "No suggestions match these filters." in page(response)


def test_facets_count_the_current_set_without_their_own_filter(app, world):
    response = client_of(app, world, "staff").get(_query(world, status="open"))
    html = page(response)
    assert shown(response) == [5]
    # The status facet ignores the status filter...
    assert ">Open (1)</option>" in html and ">Published (1)</option>" in html
    assert ">Recommended (1)</option>" in html and ">All (5)</option>" in html
    # ...the other facets count only the open suggestions.
    assert ">E-mail (1)</option>" in html and ">Letter (0)</option>" in html
    assert ">Organisation (1)</option>" in html
    assert ">Arabic (1)</option>" in html and "Turkish" not in html
    # Status links keep the other filters.
    response = client_of(app, world, "staff").get(_query(world, channel="letter"))
    html = page(response)
    assert '<a href="/triage/lip/?channel=letter&amp;status=published">Published' in html
    assert re.search(r'aria-current="page">All <span class="count-badge">3</span>', html)


def test_sorting_and_paging(app, world):
    client = client_of(app, world, "staff")
    assert shown(client.get(_query(world, sort="newest"))) == [5, 4, 3, 2, 1]
    assert shown(client.get(_query(world, sort="oldest"))) == [1, 2, 3, 4, 5]
    # Document order of the newest version: f1, its goal g1 (A-1..A-3), f2.
    assert shown(client.get(_query(world, sort="section"))) == [5, 1, 2, 3, 4]
    with app.test_request_context():
        services.assign(suggestion(2), actor=_user(world, "staff"), group=None)
        db.session.commit()
    assert shown(client.get(_query(world, sort="changed")))[0] == 2

    with app.app_context():
        bulk_suggestions(world["process_id"], 55, start_number=6)
    first = client.get(_query(world))
    assert shown(first) == list(range(1, 26))
    assert "60 suggestions" in page(first) and "Page 1 of 3" in page(first)
    second = client.get(_query(world, page=2))
    assert shown(second) == list(range(26, 51))
    fifty = client.get(_query(world, per_page=50, page=2, sort="number"))
    assert shown(fifty) == list(range(51, 61))
    # The pager keeps the filters.
    paged = page(client.get(_query(world, per_page=50, status="open")))
    following = re.search(r'<a rel="next" href="([^"]*)"', paged).group(1)
    assert sorted(following.split("?")[1].split("&amp;")) == ["page=2", "per_page=50", "status=open"]


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus", "per_page=7", "sort=number%3B%20DROP%20TABLE%20suggestions",
        "group=abc", "group=999999", "assignee=-1", "tag=x", "version=99", "section=zz",
        "late=maybe", "language=%3Cscript%3Ealert(1)%3C/script%3E", "q=" + "x" * 300,
        "outcome=approved", "kind=%00",
    ],
)
def test_bad_filter_values_answer_400_with_the_page_and_no_echo(app, world, query):
    response = client_of(app, world, "staff").get(QUEUE + "?lang=en&" + query)
    assert response.status_code == 400
    html = page(response)
    assert "Some filters could not be used and were left out" in html
    assert shown(response) == [1, 2, 3, 4, 5]  # the filter is left out
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=-3", "page=99999999999", "page=50", "q=%00", "q=%27%3B--",
     "q=%3Cscript%3Ealert(1)%3C/script%3E", "q=A-99999999999", "unknown=1"],
)
def test_odd_values_are_harmless(app, world, query):
    response = client_of(app, world, "staff").get(QUEUE + "?lang=en&" + query)
    assert response.status_code == 200
    assert "<script>alert(1)" not in page(response)


# ---------------------------------------------------------------- who sees what

def test_group_members_see_only_their_groups_suggestions(app, world):
    expert = client_of(app, world, "expert")
    response = expert.get(QUEUE + "?lang=en")
    assert response.status_code == 200
    assert shown(response) == [1, 2, 3, 5]
    html = page(response)
    assert "Sachbearbeiterin Sommer" not in html.split("<tbody>")[1]
    assert 'value="none">No group' not in html
    # Counts are of what they may see.
    assert ">All (4)</option>" in html
    # Asking for another group's (or no group's) suggestions shows nothing of them.
    assert expert.get(QUEUE + "?lang=en&group=none").status_code == 400
    assert shown(expert.get(QUEUE + "?lang=en&q=A-4")) == []
    # The bulk form offers recommending only.
    assert 'value="recommend"' in html and 'value="decide"' not in html
    assert 'value="assign"' not in html and 'value="publish"' not in html
    # A member of the deciding body sees everything and may decide.
    steering = client_of(app, world, "steering").get(QUEUE + "?lang=en")
    assert shown(steering) == [1, 2, 3, 4, 5]
    assert 'value="decide"' in page(steering)
    # Others are refused.
    assert client_of(app, world, "outsider").get(QUEUE).status_code == 403
    anonymous = app.test_client().get(QUEUE)
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]


def test_start_page_lists_processes_with_counts_per_person(app, world):
    staff = page(client_of(app, world, "staff").get("/triage/?lang=en"))
    assert '<a href="/triage/lip/"' in staff
    counts = re.findall(r'<td class="num">\s*(?:<a [^>]*>)?(\d+)', staff)
    assert counts == ["1", "1", "1", "1", "5"]  # open, recommended, decided, published, all
    expert = page(client_of(app, world, "expert").get("/triage/?lang=en"))
    assert "Bildung" in expert
    counts = re.findall(r'<td class="num">\s*(?:<a [^>]*>)?(\d+)', expert)
    assert counts == ["1", "1", "0", "1", "4"]  # A-3 (grouped) counts in "all" only
    outsider = page(client_of(app, world, "outsider").get("/triage/?lang=en"))
    assert "You are not a member of any group that works on suggestions." in outsider
    assert "/triage/lip/" not in outsider
    anonymous = app.test_client().get("/triage/")
    assert anonymous.status_code == 302


def test_start_page_needs_a_fixed_number_of_queries(app, world, make_process, count_queries):
    client = client_of(app, world, "staff")
    client.get("/triage/")
    with count_queries() as few:
        assert client.get("/triage/").status_code == 200
    make_process(slug="zweiter")
    make_process(slug="dritter")
    with count_queries() as more:
        assert client.get("/triage/").status_code == 200
    assert more.count == few.count


# ---------------------------------------------------------------- bulk actions

def _bulk(client, numbers, action, next_url=QUEUE + "?lang=en", **fields):
    data = {"numbers": [str(n) for n in numbers], "action": action, "next": next_url, **fields}
    return client.post(BULK, data=data)


def _audit(action: str) -> list[int]:
    return sorted(db.session.scalars(
        select(AuditEntry.object_id).where(AuditEntry.action == action)
    ))


def _ids(*numbers) -> list[int]:
    return sorted(db.session.scalars(select(Suggestion.id).where(Suggestion.number.in_(numbers))))


def test_bulk_assign_changes_group_and_person_and_keeps_what_was_not_chosen(app, world):
    client = client_of(app, world, "staff")
    expert_id = world["users"]["expert"].id
    response = _bulk(client, [4, 5], "assign", group=str(world["bildung_id"]), assignee="keep",
                     next_url="/triage/lip/?status=open&lang=en")
    assert response.status_code == 303
    assert response.headers["Location"] == "/triage/lip/?status=open&lang=en"
    with app.app_context():
        assert suggestion(4).group_id == world["bildung_id"]
        assert suggestion(4).assignee_id == world["users"]["staff"].id  # kept
        assert suggestion(5).assignee_id is None
        assert set(_ids(4)) <= set(_audit("suggestion.assign"))
    _bulk(client, [1, 5], "assign", group="keep", assignee=str(expert_id))
    with app.app_context():
        assert suggestion(1).assignee_id == expert_id and suggestion(1).group_id == world["bildung_id"]
        assert suggestion(5).assignee_id == expert_id
        assert set(_ids(1, 5)) <= set(_audit("suggestion.assign"))
    followed = client.get(QUEUE + "?lang=en")
    assert "2 suggestions were changed." in page(followed)


def test_bulk_tag_adds_to_existing_tags_with_an_audit_entry(app, world):
    client = client_of(app, world, "staff")
    assert _bulk(client, [4, 5], "tag", tag="Dringend").status_code == 303
    with app.app_context():
        assert sorted(t.name for t in suggestion(4).tags) == ["Dringend", "Sport"]
        assert sorted(t.name for t in suggestion(5).tags) == ["Dringend", "Sprache"]
        assert set(_ids(4, 5)) <= set(_audit("suggestion.tags"))


def test_bulk_group_under_a_representative(app, world):
    client = client_of(app, world, "staff")
    response = _bulk(client, [5, 1], "group", representative="A-1")
    assert response.status_code == 303
    with app.app_context():
        assert suggestion(5).representative_id == suggestion(1).id
        assert _ids(5)[0] in _audit("suggestion.group")
    html = page(client.get(QUEUE + "?lang=en"))
    assert "A-1: A suggestion cannot be grouped under itself." in html
    missing = _bulk(client, [5], "group", representative="A-77")
    assert missing.status_code == 422
    assert "There is no suggestion with this number." in page(missing)


def test_bulk_recommend_by_group_members_only_on_their_groups_suggestions(app, world):
    expert = client_of(app, world, "expert")
    response = _bulk(expert, [5, 4], "recommend", outcome="partly_accepted",
                     reason="Teilweise umsetzbar.")
    assert response.status_code == 303
    with app.app_context():
        assert suggestion(5).recommendation.outcome == "partly_accepted"
        assert suggestion(5).recommendation.reasoning == "Teilweise umsetzbar."
        assert suggestion(4).recommendation is None
        assert set(_ids(5)) <= set(_audit("suggestion.recommend"))
    html = page(expert.get(QUEUE + "?lang=en"))
    assert "A-4: there is no such suggestion in your queue." in html
    # The steering group sees A-5 but is not its expert group.
    steering = client_of(app, world, "steering")
    _bulk(steering, [5], "recommend", outcome="accepted", reason="")
    assert "A-5: only its expert group may recommend on it." in page(steering.get(QUEUE + "?lang=en"))
    with app.app_context():
        assert suggestion(5).recommendation.outcome == "partly_accepted"


def test_bulk_decide_needs_the_right_to_decide(app, world):
    for name in ("expert", "staff"):  # an expert group member; staff without triage.decide
        response = _bulk(client_of(app, world, name), [5], "decide", outcome="accepted")
        assert response.status_code == 403, name
    with app.app_context():
        assert suggestion(5).outcome is None
    steering = client_of(app, world, "steering")
    response = _bulk(steering, [5, 1], "decide", outcome="noted", reason="Wird weitergegeben.",
                     internal_note="Mit Amt 51 klären.")
    assert response.status_code == 303
    with app.app_context():
        for number in (1, 5):
            decided = suggestion(number)
            assert decided.outcome == "noted"
            assert decided.public_reason == "Wird weitergegeben."
            assert decided.internal_note == "Mit Amt 51 klären."
            assert decided.decided_by_id == world["users"]["steering"].id
        assert set(_ids(1, 5)) <= set(_audit("suggestion.decide"))


def test_bulk_decide_uses_the_standard_reply_when_the_text_is_empty(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        template = services.save_reply_template(
            process, actor=_user(world, "staff"), title="Kenntnisnahme",
            text="Vielen Dank, wir nehmen Ihre Anregung zur Kenntnis.", outcome="noted",
        )
        db.session.commit()
        template_id = template.id
    admin = client_of(app, world, "admin")
    response = _bulk(admin, [5], "decide", outcome="", reason="", template=str(template_id))
    assert response.status_code == 303
    with app.app_context():
        assert suggestion(5).outcome == "noted"
        assert suggestion(5).public_reason == "Vielen Dank, wir nehmen Ihre Anregung zur Kenntnis."
    # Own text wins over the standard reply.
    _bulk(admin, [1], "decide", outcome="accepted", reason="Eigener Text.",
          template=str(template_id))
    with app.app_context():
        assert suggestion(1).public_reason == "Eigener Text."
    # The page offers the reply's text to the script that fills the field.
    html = page(admin.get(QUEUE + "?lang=en"))
    assert 'data-text="Vielen Dank, wir nehmen Ihre Anregung zur Kenntnis."' in html


def test_bulk_publish_lists_partial_refusals(app, world):
    client = client_of(app, world, "staff")
    response = _bulk(client, [4, 5, 3], "publish", next_url="/triage/lip/?lang=en&sort=newest")
    assert response.status_code == 303
    with app.app_context():
        assert suggestion(4).published_at is not None
        assert suggestion(5).published_at is None
        assert set(_ids(4)) <= set(_audit("suggestion.publish"))
        assert not set(_ids(3, 5)) & set(_audit("suggestion.publish"))
    html = page(client.get(response.headers["Location"]))
    assert "1 suggestion was changed." in html
    assert "2 suggestions were not changed: see the list below." in html
    refusals = re.search(r'<section class="notice refusals".*?</section>', html, re.S).group(0)
    assert "A-3: This suggestion is answered with its group: work on suggestion A-1." in refusals
    assert "A-5: Only decided suggestions can be published." in refusals
    assert refusals.index("A-3") < refusals.index("A-5")
    # Shown once.
    assert 'class="notice refusals"' not in page(client.get(QUEUE + "?lang=en"))
    # And withdrawn again.
    assert _bulk(client, [4], "unpublish").status_code == 303
    with app.app_context():
        assert suggestion(4).published_at is None
        assert _ids(4)[0] in _audit("suggestion.unpublish")


def test_bulk_publish_needs_the_right_to_publish(app, world):
    response = _bulk(client_of(app, world, "steering"), [4], "publish")
    assert response.status_code == 403
    response = _bulk(client_of(app, world, "expert"), [1], "tag", tag="x")
    assert response.status_code == 403


def test_invalid_bulk_form_comes_back_with_errors_and_the_typed_text(app, world):
    admin = client_of(app, world, "admin")
    response = _bulk(admin, [5], "decide", outcome="", reason="Mein angefangener Text",
                     next_url="/triage/lip/?lang=en&status=open")
    assert response.status_code == 422
    html = page(response)
    assert "Choose an outcome." in html
    assert "Mein angefangener Text</textarea>" in html
    assert 'id="pick-5" checked' in html
    assert shown(response) == [5]  # the filters of the page it came from
    response = _bulk(admin, [], "tag", tag="x")
    assert response.status_code == 422 and "Select at least one suggestion." in page(response)
    response = _bulk(admin, [5], "decide", outcome="not_accepted", reason=" ")
    assert response.status_code == 422 and "Give a public reason" in page(response)
    response = _bulk(admin, ["x1"], "tag", tag="x")
    assert response.status_code == 422
    response = _bulk(admin, [5], "frobnicate")
    assert response.status_code == 422
    response = _bulk(admin, [5], "assign", group="keep", assignee="keep")
    assert response.status_code == 422 and "Choose a group or a person." in page(response)
    with app.app_context():
        assert suggestion(5).outcome is None


def test_bulk_conflict_with_another_editor_comes_back_with_409(app, world, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    def clash(suggestions, action, *, actor, **kwargs):
        services.set_tags(suggestions[0], ["Halb fertig"], actor=actor)
        raise StaleDataError("UPDATE statement on table 'suggestions' expected to update 1 row")

    monkeypatch.setattr(services, "bulk", clash)
    response = _bulk(client_of(app, world, "admin"), [5], "decide", outcome="noted",
                     reason="Mein Text bleibt.")
    assert response.status_code == 409
    html = page(response)
    assert "Someone else changed some of these suggestions at the same moment." in html
    assert "Mein Text bleibt.</textarea>" in html
    with app.app_context():
        assert [t.name for t in suggestion(5).tags] == ["Sprache"]  # rolled back
        assert suggestion(5).outcome is None


def test_bulk_redirects_only_within_the_site(app, world):
    client = client_of(app, world, "staff")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = _bulk(client, [5], "tag", tag="x", next_url=target)
        assert response.status_code == 303
        assert response.headers["Location"] == QUEUE


def test_bulk_form_keeps_its_text_when_the_csrf_token_expired(csrf_app, world):
    client = english(client_for(csrf_app, world["users"]["admin"]))
    response = client.post(BULK, data={
        "numbers": ["5"], "action": "decide", "outcome": "noted",
        "reason": "Langer Text, der nicht verloren gehen darf.", "csrf_token": "expired",
    })
    assert response.status_code in (400, 422)
    assert "Langer Text, der nicht verloren gehen darf.</textarea>" in page(response)
    with csrf_app.app_context():
        assert suggestion(5).outcome is None


# ---------------------------------------------------------------- query budget

def _queries(client, count_queries, path: str) -> int:
    client.get(path)  # warm-up
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, page(response)[:500]
    return counter.count


@pytest.fixture
def big_world(app, make_process, make_user):
    world = triage_world(app, make_process, make_user)
    world["add"] = lambda count, start: bulk_suggestions(
        world["process_id"], count, group_id=world["bildung_id"],
        decided_by_id=world["users"]["admin"].id, start_number=start,
    )
    return world


PATHS = [
    QUEUE + "?lang=en",
    QUEUE + "?lang=en&status=decided&language=tr&group=none&sort=section&per_page=100",
    QUEUE + "?lang=en&q=Sprachkurse&sort=changed",
]


def test_queue_queries_do_not_grow_with_the_number_of_suggestions(app, big_world, count_queries):
    client = client_of(app, big_world, "staff")
    with app.app_context():
        big_world["add"](30, 1)
    small = [_queries(client, count_queries, path) for path in PATHS]
    with app.app_context():
        big_world["add"](270, 31)
    large = [_queries(client, count_queries, path) for path in PATHS]
    assert large == small
    assert max(small) <= 30
    expert = client_of(app, big_world, "expert")
    assert _queries(expert, count_queries, PATHS[0]) <= 30


def test_twenty_thousand_suggestions(app, big_world, count_queries):
    client = client_of(app, big_world, "staff")
    with app.app_context():
        big_world["add"](30, 1)
    small = _queries(client, count_queries, PATHS[0])
    with app.app_context():
        big_world["add"](19_970, 31)
        total = db.session.scalar(select(func.count(Suggestion.id)))
        decided_with_word = db.session.scalar(
            select(func.count(Suggestion.id)).where(
                Suggestion.outcome.is_not(None),
                or_(Suggestion.passage.contains("Sprachkurse"),
                    Suggestion.summary.contains("Sprachkurse")),
            )
        )
        turkish = db.session.scalar(
            select(func.count(Suggestion.id)).where(Suggestion.language == "tr")
        )
        turkish_decided_with_word = db.session.scalar(
            select(func.count(Suggestion.id)).where(
                Suggestion.outcome.is_not(None), Suggestion.language == "tr",
                or_(Suggestion.passage.contains("Sprachkurse"),
                    Suggestion.summary.contains("Sprachkurse")),
            )
        )
    assert total == 20_000
    assert _queries(client, count_queries, PATHS[0]) == small

    response = client.get(QUEUE + "?lang=en")
    assert "20,000 suggestions" in page(response) or "20000 suggestions" in page(response)
    assert shown(response) == list(range(1, 26))
    response = client.get(QUEUE + "?lang=en&status=decided&q=Sprachkurse")
    html = page(response)
    assert f"{decided_with_word} suggestions" in html.replace(",", "")
    # The language facet counts this set only.
    assert f">Turkish ({turkish_decided_with_word})</option>" in html.replace(",", "")
    assert response.status_code == 200 and len(shown(response)) == 25
    response = client.get(QUEUE + "?lang=en&language=tr&per_page=100&page=3")
    assert len(shown(response)) == 100
    assert f">Turkish ({turkish})</option>" in page(response).replace(",", "")
    assert shown(client.get(QUEUE + "?lang=en&q=A-15000")) == [15000]
    assert shown(client.get(QUEUE + "?lang=en&sort=newest"))[0] == 20000
