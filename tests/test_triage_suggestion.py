"""The suggestion page: every action changes the database and the page shows it; grouping,
resulting changes with their diff, translated reasons, escaping, conflicts between two
editors, the query budget, and the triage log."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans import services as plan_services
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import ReasonTranslation, ResultingChange, Suggestion
from tests.helpers_participation import client_for, page
from tests.helpers_triage import TURKISH_STATEMENT, bulk_suggestions, node, section, triage_world

BASE = "/triage/lip"


@pytest.fixture
def world(app, make_process, make_user):
    data = triage_world(app, make_process, make_user)
    with app.test_request_context():
        statement = db.session.get(Contribution, data["statement_id"])
        staff = db.session.get(User, data["users"]["staff"].id)
        offset = 0
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            services.split(statement, actor=staff, start=start, end=offset)
        db.session.commit()
    return data


def url(number: int, action: str = "") -> str:
    return f"{BASE}/A-{number}{'/' + action if action else ''}"


def client(app, world, who):
    return client_for(app, world["users"][who])


def stored(app, number: int) -> Suggestion:
    """The suggestion as stored now (detached, with what the tests read loaded)."""
    with app.app_context():
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == number))
        _ = (suggestion.recommendation, list(suggestion.tags), list(suggestion.sections))
        db.session.expunge_all()
        return suggestion


def lock(app, number: int) -> str:
    return str(stored(app, number).lock_version)


def as_actor(app, world, who, call):
    """Call a service as `who` and commit (set-up that the page itself is not about)."""
    with app.test_request_context():
        actor = db.session.get(User, world["users"][who].id)
        result = call(actor)
        db.session.commit()
        return result


def by_number(number: int) -> Suggestion:
    return db.session.scalar(select(Suggestion).where(Suggestion.number == number))


def decide(app, world, number, outcome="not_accepted", reason="Das ist schon geplant."):
    as_actor(app, world, "admin", lambda admin: services.decide(
        by_number(number), actor=admin, outcome=outcome, public_reason=reason))


def hidden_lock(html: str, action: str) -> str:
    """The lock_version of the form posting to `action`."""
    match = re.search(
        rf'action="{re.escape(action)}"[^>]*>\s*<input type="hidden" name="csrf_token"[^>]*>'
        r'\s*<input type="hidden" name="lock_version" value="(\d+)"', html)
    assert match, f"no form for {action}"
    return match.group(1)


# ---------------------------------------------------------------- the page


def test_page_shows_passage_source_submitter_and_details(app, world):
    html = page(client(app, world, "staff").get(url(1) + "?lang=en"))
    assert "<h1>Suggestion A-1</h1>" in html
    assert re.search(r'<blockquote class="passage user-text" lang="tr" dir="auto">'
                     r"Çocuklar için daha fazla Almanca kursu istiyoruz.</blockquote>", html)
    assert f'/triage/lip/contributions/{world["statement_id"]}"' in html
    assert "Ayşe Yılmaz" in html and "Letter" in html
    assert "Bildung" in html and "Turkish" in html
    assert "1.1" in html and "Ziel 1.1" in html
    assert "Took suggestion A-1 from contribution" in html  # the history


def test_group_members_see_no_personal_name_and_no_source_link(app, world):
    html = page(client(app, world, "expert").get(url(1) + "?lang=en"))
    assert "Ayşe Yılmaz" not in html
    assert "a resident" in html
    assert "/contributions/" not in html
    assert 'action="/triage/lip/A-1/recommend"' in html
    assert 'action="/triage/lip/A-1/edit"' not in html
    assert 'action="/triage/lip/A-1/decide"' not in html


def test_editing_details_changes_the_suggestion_and_the_page(app, world):
    staff = client(app, world, "staff")
    response = staff.post(url(1, "edit"), data={
        "lock_version": lock(app, 1), "summary": "Mehr Deutschkurse für Kinder",
        "sections": ["g1", "f1"], "language": "tr", "tags": "Sprache, Kita, Sprache",
    })
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/triage/lip/A-1#details")
    suggestion = stored(app, 1)
    assert suggestion.summary == "Mehr Deutschkurse für Kinder"
    assert sorted(s.key for s in suggestion.sections) == ["f1", "g1"]
    assert sorted(t.name for t in suggestion.tags) == ["Kita", "Sprache"]
    html = page(staff.get(url(1) + "?lang=en"))
    assert "Mehr Deutschkurse für Kinder" in html and ">Kita</span>" in html
    assert "Edited suggestion A-1." in html


def test_invalid_details_come_back_with_the_input(app, world):
    staff = client(app, world, "staff")
    long_summary = "Zu lang " * 80
    response = staff.post(url(1, "edit") + "?lang=en", data={
        "lock_version": lock(app, 1), "summary": long_summary, "sections": ["g1"],
        "language": "tr", "tags": "Bleibt",
    })
    assert response.status_code == 422
    html = page(response)
    assert "at most 500 characters" in html
    assert long_summary.strip() in html and 'value="Bleibt"' in html
    assert stored(app, 1).summary == ""


def test_routing_to_a_group_member_and_refusing_others(app, world):
    staff = client(app, world, "staff")
    expert_id = world["users"]["expert"].id
    response = staff.post(url(2, "assign"), data={
        "lock_version": lock(app, 2), "group": str(world["bildung_id"]),
        "assignee": str(expert_id),
    })
    assert response.status_code == 303 and response.headers["Location"].endswith("#routing")
    assert stored(app, 2).assignee_id == expert_id
    assert "Expertin Ece" in page(staff.get(url(2)))
    # The steering group's member is not in Bildung and not staff.
    response = staff.post(url(2, "assign") + "?lang=en", data={
        "lock_version": lock(app, 2), "group": str(world["bildung_id"]),
        "assignee": str(world["users"]["steering"].id),
    })
    assert response.status_code == 422
    assert "Choose a member of the chosen group or a staff member." in page(response)
    assert stored(app, 2).assignee_id == expert_id


def test_recommendation_and_decision_are_both_kept_and_shown(app, world):
    expert = client(app, world, "expert")
    response = expert.post(url(1, "recommend"), data={
        "lock_version": lock(app, 1), "outcome": "accepted", "reasoning": "Sehr sinnvoll.",
    })
    assert response.status_code == 303 and response.headers["Location"].endswith("#recommendation")
    admin = client(app, world, "admin")
    response = admin.post(url(1, "decide"), data={
        "lock_version": lock(app, 1), "outcome": "partly_accepted",
        "public_reason": "Kurse für Kinder kommen, für alle nicht.",
        "internal_note": "Budget reicht nur teilweise.",
    })
    assert response.status_code == 303 and response.headers["Location"].endswith("#decision")
    suggestion = stored(app, 1)
    assert suggestion.recommendation.outcome == "accepted"
    assert suggestion.recommendation.reasoning == "Sehr sinnvoll."
    assert suggestion.outcome == "partly_accepted"
    assert suggestion.internal_note == "Budget reicht nur teilweise."
    html = page(admin.get(url(1) + "?lang=en"))
    assert "Sehr sinnvoll." in html and "Kurse für Kinder kommen, für alle nicht." in html
    assert "The decision differs from the recommendation (Accepted)." in html
    assert "internal, never published" in html and "Budget reicht nur teilweise." in html
    # An expert sees the decision but not the internal note.
    html = page(expert.get(url(1) + "?lang=en"))
    assert "Kurse für Kinder kommen" in html and "Budget reicht" not in html


def test_a_public_reason_is_required_unless_accepted(app, world):
    admin = client(app, world, "admin")
    response = admin.post(url(1, "decide") + "?lang=en", data={
        "lock_version": lock(app, 1), "outcome": "not_accepted", "public_reason": "  ",
        "internal_note": "Nur intern",
    })
    assert response.status_code == 422
    html = page(response)
    assert "Give a public reason: it is required unless the suggestion is accepted." in html
    assert "Nur intern" in html
    assert stored(app, 1).outcome is None
    response = admin.post(url(1, "decide"), data={
        "lock_version": lock(app, 1), "outcome": "accepted", "public_reason": "",
    })
    assert response.status_code == 303
    assert stored(app, 1).outcome == "accepted"


def test_a_standard_reply_fills_an_empty_reason_without_script(app, world):
    template = as_actor(app, world, "staff", lambda staff: services.save_reply_template(
        db.session.get(Process, world["process_id"]), actor=staff, title="Schon geplant",
        text="Das ist im Plan schon vorgesehen.", outcome="already_covered").id)
    html = page(client(app, world, "admin").get(url(1)))
    assert 'data-text="Das ist im Plan schon vorgesehen."' in html
    response = client(app, world, "admin").post(url(1, "decide"), data={
        "lock_version": lock(app, 1), "outcome": "already_covered", "public_reason": "",
        "template": str(template),
    })
    assert response.status_code == 303
    assert stored(app, 1).public_reason == "Das ist im Plan schon vorgesehen."


def test_publish_unpublish_and_reopen(app, world):
    decide(app, world, 1)
    staff, admin = client(app, world, "staff"), client(app, world, "admin")
    assert staff.post(url(1, "publish"), data={"lock_version": lock(app, 1)}).status_code == 303
    assert stored(app, 1).published_at is not None
    html = page(staff.get(url(1) + "?lang=en"))
    assert "published: Not accepted" in html
    assert 'action="/triage/lip/A-1/unpublish"' in html
    # Published decisions are not changed before the publication is withdrawn.
    response = admin.post(url(1, "reopen") + "?lang=en", data={"lock_version": lock(app, 1)})
    assert response.status_code == 422
    assert "Withdraw the publication before changing it." in page(response)
    assert staff.post(url(1, "unpublish"), data={"lock_version": lock(app, 1)}).status_code == 303
    assert stored(app, 1).published_at is None
    assert admin.post(url(1, "reopen"), data={"lock_version": lock(app, 1)}).status_code == 303
    assert stored(app, 1).outcome is None
    assert "Not decided yet." in page(admin.get(url(1) + "?lang=en"))


# ---------------------------------------------------------------- grouping


def test_grouping_in_both_directions_and_ungrouping(app, world):
    staff = client(app, world, "staff")
    # A-1 joins A-2's group ("Group under this one").
    response = staff.post(url(1, "group"), data={"lock_version": lock(app, 1), "representative": "2"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#grouping")
    assert stored(app, 1).representative_id == stored(app, 2).id
    # On A-2's page: A-3 joins A-2 ("Group it under this one"), its own lock version.
    response = staff.post(url(2, "group"), data={
        "lock_version": lock(app, 3), "representative": "2", "member": "3",
    })
    assert response.status_code == 303
    assert stored(app, 3).representative_id == stored(app, 2).id
    html = page(staff.get(url(2) + "?lang=en"))
    assert "represents 2 other suggestions" in html
    assert 'href="/triage/lip/A-1"' in html and 'href="/triage/lip/A-3"' in html
    # Take A-3 out from A-2's page, A-1 from its own.
    response = staff.post(url(2, "ungroup"), data={"lock_version": lock(app, 3), "member": "3"})
    assert response.status_code == 303
    assert stored(app, 3).representative_id is None
    assert staff.post(url(1, "ungroup"), data={"lock_version": lock(app, 1)}).status_code == 303
    assert stored(app, 1).representative_id is None


def test_grouping_by_a_typed_label_and_refusing_unknown_numbers(app, world):
    staff = client(app, world, "staff")
    response = staff.post(url(3, "group"), data={"lock_version": lock(app, 3), "representative": " a-1 "})
    assert response.status_code == 303
    assert stored(app, 3).representative_id == stored(app, 1).id
    for wrong in ("A-99", "zwölf", "A-2"):
        response = staff.post(url(2, "group") + "?lang=en",
                              data={"lock_version": lock(app, 2), "representative": wrong})
        assert response.status_code == 422, wrong
        assert f'value="{wrong}"' in page(response)
    assert "A suggestion cannot be grouped under itself." in page(response)
    assert stored(app, 2).representative_id is None
    # Grouping under a member means grouping under its representative.
    response = staff.post(url(2, "group"), data={"lock_version": lock(app, 2), "representative": "A-3"})
    assert response.status_code == 303
    assert stored(app, 2).representative_id == stored(app, 1).id


def test_a_member_shows_the_inherited_answer(app, world):
    staff = client(app, world, "staff")
    staff.post(url(1, "group"), data={"lock_version": lock(app, 1), "representative": "2"})
    decide(app, world, 2, outcome="noted", reason="Wir nehmen das zur Kenntnis.")
    html = page(client(app, world, "steering").get(url(1) + "?lang=en"))
    assert "answered together with" in html and 'href="/triage/lip/A-2"' in html
    assert "Wir nehmen das zur Kenntnis." in html and "Noted" in html
    assert 'action="/triage/lip/A-1/decide"' not in html  # decided with its group only


def test_similar_suggestions_are_offered_for_grouping(app, world):
    with app.app_context():
        bulk_suggestions(world["process_id"], 4, group_id=world["bildung_id"], start_number=4)
    html = page(client(app, world, "staff").get(url(4) + "?lang=en"))
    similar = html.split('id="similar"', 1)[1].split('id="recommendation"', 1)[0]
    assert 'href="/triage/lip/A-5"' in similar
    assert "Group under this one" in similar and "Group it under this one" in similar
    # An expert sees only the similar suggestions of their group (even numbers in bulk).
    html = page(client(app, world, "expert").get(url(4) + "?lang=en"))
    similar = html.split('id="similar"', 1)[1].split('id="recommendation"', 1)[0]
    assert 'href="/triage/lip/A-6"' in similar and 'href="/triage/lip/A-5"' not in similar
    assert "Group under this one" not in similar


# ---------------------------------------------------------------- resulting change and translations


def test_linking_a_resulting_change_shows_the_diff(app, world):
    with app.test_request_context():
        target = node(world["process_id"], world["v3"], "g1")
        plan_services.set_section_text(
            target, "de", title="Ziel 1.1", body="Alle Kinder, Eltern und Großeltern lernen Deutsch.",
        )
        db.session.commit()
        target_id = target.id
    staff = client(app, world, "staff")
    assert 'action="/triage/lip/A-1/changes"' not in page(staff.get(url(1)))  # not accepted yet
    decide(app, world, 1, outcome="accepted", reason="")
    html = page(staff.get(url(1)))
    assert f'<option value="{target_id}">' in html and "<optgroup" in html
    response = staff.post(url(1, "changes"), data={"lock_version": lock(app, 1), "node": str(target_id)})
    assert response.status_code == 303 and response.headers["Location"].endswith("#changes")
    html = page(staff.get(url(1) + "?lang=en"))
    assert re.search(r"<ins>.*Großeltern.*</ins>", html)
    assert re.search(r"<del>.*und.*</del>", html)
    with app.app_context():
        change_id = db.session.scalar(select(ResultingChange.id))
    response = staff.post(url(1, f"changes/{change_id}/delete"), data={"lock_version": lock(app, 1)})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(ResultingChange.id))) == 0
    assert staff.post(url(1, "changes/9999/delete"), data={"lock_version": "1"}).status_code == 404


def test_translated_reason_is_marked_outdated_when_the_reason_changes(app, world):
    decide(app, world, 1, reason="Das ist schon geplant.")
    staff = client(app, world, "staff")
    html = page(staff.get(url(1) + "?lang=en"))
    assert 'id="translation-tr-text"' in html and 'id="translation-en-text"' in html
    response = staff.post(url(1, "translations"), data={
        "lock_version": lock(app, 1), "language": "tr", "text": "Bu zaten planlandı.",
        "origin": "human_translation",
    })
    assert response.status_code == 303 and response.headers["Location"].endswith("#translations")
    with app.app_context():
        assert db.session.scalar(select(ReasonTranslation.text)) == "Bu zaten planlandı."
    assert "outdated" not in page(staff.get(url(1) + "?lang=en"))
    decide(app, world, 1, reason="Das ist schon geplant und finanziert.")
    html = page(staff.get(url(1) + "?lang=en"))
    assert "outdated: the reason changed after this translation" in html
    # A language outside the process and the submitter's is refused.
    response = staff.post(url(1, "translations"), data={
        "lock_version": lock(app, 1), "language": "xx", "text": "?", "origin": "human_translation",
    })
    assert response.status_code == 422


# ---------------------------------------------------------------- escaping


def test_user_text_is_escaped_on_the_page_in_the_history_and_the_log(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        staff = db.session.get(User, world["users"]["staff"].id)
        v2 = db.session.scalar(select(Version).where(Version.process_id == process.id, Version.number == 2))
        statement = statement_services.record_statement(
            process, staff, statement_services.PaperStatement(
                channel="email", received_on=date.today(), language="de", version=v2,
                body="<script>alert('passage')</script> Mehr Kurse am Abend.",
                sections=[section(process.id, "g1")],
            ), [], today=date.today(),
        )
        number = services.split_whole(statement, actor=staff).number
        db.session.commit()
    staff_client = client(app, world, "staff")
    response = staff_client.post(url(number, "edit"), data={
        "lock_version": lock(app, number), "summary": "<script>alert('summary')</script>",
        "sections": ["g1"], "language": "de", "tags": "<script>alert('tag')</script>",
    })
    assert response.status_code == 303
    decide(app, world, number, reason="<script>alert('reason')</script>")
    for html in (page(staff_client.get(url(number))), page(staff_client.get(f"{BASE}/log"))):
        assert "<script>alert(" not in html
    html = page(staff_client.get(url(number)))
    for name in ("passage", "summary", "tag", "reason"):
        assert f"&lt;script&gt;alert(&#39;{name}&#39;)&lt;/script&gt;" in html, name
    history = html.split('id="history"', 1)[1]
    assert "&lt;script&gt;alert(&#39;summary&#39;)" in history
    assert "&lt;script&gt;alert(&#39;reason&#39;)" in history
    log = page(staff_client.get(f"{BASE}/log"))
    assert "&lt;script&gt;alert(&#39;tag&#39;)" in log


# ---------------------------------------------------------------- two editors at once


def test_the_second_of_two_editors_gets_a_conflict_and_keeps_their_input(app, world):
    first, second = client(app, world, "staff"), client(app, world, "admin")
    seen_first = hidden_lock(page(first.get(url(1))), "/triage/lip/A-1/edit")
    seen_second = hidden_lock(page(second.get(url(1))), "/triage/lip/A-1/edit")
    assert seen_first == seen_second
    response = first.post(url(1, "edit"), data={
        "lock_version": seen_first, "summary": "Kurse für Kinder", "sections": ["g1"],
        "language": "tr", "tags": "",
    })
    assert response.status_code == 303
    response = second.post(url(1, "edit") + "?lang=en", data={
        "lock_version": seen_second, "summary": "Sprachförderung in Kitas", "sections": ["g1"],
        "language": "tr", "tags": "Kita",
    })
    assert response.status_code == 409
    html = page(response)
    assert "Your change was not saved" in html
    conflict = html.split('id="conflict"', 1)[1].split("</div>", 1)[0]
    assert "Sachbearbeiterin Sommer changed suggestion A-1" in conflict
    assert "Summary" in conflict and "Kurse für Kinder" in conflict
    # Their own input is still in the form, which now carries the new version.
    assert "Sprachförderung in Kitas" in html and 'value="Kita"' in html
    assert hidden_lock(html, "/triage/lip/A-1/edit") == lock(app, 1) != seen_second
    assert stored(app, 1).summary == "Kurse für Kinder"  # nothing overwritten
    # Sent again deliberately, it is saved.
    response = second.post(url(1, "edit"), data={
        "lock_version": lock(app, 1), "summary": "Sprachförderung in Kitas", "sections": ["g1"],
        "language": "tr", "tags": "Kita",
    })
    assert response.status_code == 303
    assert stored(app, 1).summary == "Sprachförderung in Kitas"


def test_a_stale_decision_is_refused_with_the_reason_kept(app, world):
    admin = client(app, world, "admin")
    seen = lock(app, 1)
    client(app, world, "expert").post(url(1, "recommend"), data={
        "lock_version": seen, "outcome": "noted", "reasoning": "Zur Kenntnis.",
    })
    response = admin.post(url(1, "decide") + "?lang=en", data={
        "lock_version": seen, "outcome": "not_accepted", "public_reason": "Mein Grund.",
    })
    assert response.status_code == 409
    html = page(response)
    assert "Expertin Ece changed suggestion A-1" in html and "Mein Grund." in html
    assert stored(app, 1).outcome is None


def test_a_concurrent_flush_is_a_conflict_too(app, world, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    def concurrent(*_args, **_kwargs):
        raise StaleDataError("UPDATE statement on table 'suggestions' expected to update 1 row(s)")

    monkeypatch.setattr(services, "update_details", concurrent)
    response = client(app, world, "staff").post(url(1, "edit") + "?lang=en", data={
        "lock_version": lock(app, 1), "summary": "Gleichzeitig", "sections": ["g1"],
        "language": "tr", "tags": "",
    })
    assert response.status_code == 409
    assert "Your change was not saved" in page(response) and "Gleichzeitig" in page(response)


# ---------------------------------------------------------------- query budget


def _page_queries(app, world, count_queries, path) -> int:
    staff = client(app, world, "admin")
    assert staff.get(path).status_code == 200  # warm up: the session's user
    with count_queries() as counter:
        assert staff.get(path).status_code == 200
    return counter.count


def _grow(app, world, start: int, count: int) -> None:
    """`count` more similar suggestions grouped under A-4, and `count` edits of A-4."""
    with app.app_context():
        bulk_suggestions(world["process_id"], count, group_id=world["bildung_id"],
                         start_number=start)
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        representative = by_number(4)
        for number in range(start, start + count):
            if number != 4:
                services.group_under(by_number(number), representative, actor=staff)
        for i in range(count):
            services.update_details(
                representative, actor=staff, expected=None, summary=f"Sprachkurse Fassung {i}",
                sections=list(representative.sections), language="de",
                tags=[f"Tag {i}"],
            )
        db.session.commit()


def test_the_page_needs_as_many_queries_for_40_entries_as_for_2(app, world, count_queries):
    _grow(app, world, 4, 3)
    with app.app_context():
        entries_before = db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.object_type == "Suggestion"))
    few = _page_queries(app, world, count_queries, url(4))
    few_log = _page_queries(app, world, count_queries, f"{BASE}/log")
    _grow(app, world, 7, 40)
    with app.app_context():
        assert db.session.scalar(select(func.count(Suggestion.id)).where(
            Suggestion.representative_id == by_number(4).id)) == 42
        assert db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.object_type == "Suggestion")
        ) > entries_before + 40
    html = page(client(app, world, "admin").get(url(4)))
    assert html.count('href="/triage/lip/A-') > 40
    assert _page_queries(app, world, count_queries, url(4)) == few
    assert _page_queries(app, world, count_queries, f"{BASE}/log") == few_log
    log = page(client(app, world, "staff").get(f"{BASE}/log?page=2&lang=en"))
    assert 'rel="prev"' in log and "Page 2 of" in log


# ---------------------------------------------------------------- the log


def test_the_log_lists_triage_entries_newest_first_with_filters(app, world):
    decide(app, world, 1)
    staff = client(app, world, "staff")
    staff.post(url(2, "edit"), data={"lock_version": lock(app, 2), "summary": "Abendkurse",
                                      "sections": ["g1"], "language": "tr", "tags": ""})
    html = page(staff.get(f"{BASE}/log?lang=en"))
    assert html.index("Edited suggestion A-2.") < html.index("Decided suggestion A-1")
    assert html.index("Decided suggestion A-1") < html.index("Took suggestion A-1")
    assert "Added Expertin Ece to group Bildung" in html  # group.* entries of the process
    assert 'href="/triage/lip/A-1"' in html
    html = page(staff.get(f"{BASE}/log?lang=en&action=suggestion.decide"))
    assert "Decided suggestion A-1" in html and "Edited suggestion A-2." not in html
    admin_id = world["users"]["admin"].id
    html = page(staff.get(f"{BASE}/log?lang=en&actor={admin_id}"))
    assert "Decided suggestion A-1" in html and "Took suggestion" not in html
    # Junk in the filters is not echoed and does not break the page.
    response = staff.get(f"{BASE}/log?action=<script>&actor=x&page=-3")
    assert response.status_code == 200 and "<script>&" not in page(response)


def test_the_log_leaves_out_other_processes(app, world, make_process):
    other = make_process(slug="zweiter")
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        services.save_group(db.session.get(Process, other["process_id"]), actor=staff,
                            name="Fremde Gruppe", kind="expert_group")
        db.session.commit()
    html = page(client(app, world, "staff").get(f"{BASE}/log?lang=en"))
    assert "Bildung" in html and "Fremde Gruppe" not in html


def test_the_log_keeps_deleted_suggestions_of_this_process_only(app, world, make_process):
    as_actor(app, world, "staff", lambda staff: services.delete_suggestion(
        by_number(3), actor=staff))
    other = make_process(slug="zweiter")
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        group = services.save_group(db.session.get(Process, other["process_id"]), actor=staff,
                                    name="Fremd", kind="expert_group")
        services.delete_group(group, actor=staff)
        db.session.commit()
    html = page(client(app, world, "staff").get(f"{BASE}/log?lang=en"))
    assert "Deleted suggestion A-3." in html
    assert "Deleted group Fremd." not in html


def test_an_expired_form_comes_back_with_the_text(app, world, csrf_client):
    with csrf_client.session_transaction() as session:
        session["_user_id"] = world["users"]["admin"].get_id()
        session["_fresh"] = True
    response = csrf_client.post(url(1, "decide") + "?lang=en", data={
        "lock_version": lock(app, 1), "outcome": "not_accepted",
        "public_reason": "Ein langer, sorgfältig geschriebener Grund.",
    })
    assert response.status_code in (400, 422)
    html = page(response)
    assert "Ein langer, sorgfältig geschriebener Grund." in html
    assert "Your form had expired" in html
    assert stored(app, 1).outcome is None

