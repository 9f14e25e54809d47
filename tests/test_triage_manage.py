"""Staff set-up of triage: groups (sections, members), standard replies, publishing a
version's decisions in one go, and the overview of a process's triage."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.plans.models import Version
from consult.triage import services
from consult.triage.models import Group, GroupMember, ReplyTemplate, Suggestion
from tests.helpers_participation import client_for, page
from tests.helpers_triage import bulk_suggestions, section, triage_world

BASE = "/manage/processes/lip"
SCRIPT = "<script>x</script>"


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


@pytest.fixture
def staff(app, world):
    return client_for(app, world["users"]["staff"])


def audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def version_id(world, number: int) -> int:
    return db.session.scalar(
        select(Version.id).where(Version.process_id == world["process_id"], Version.number == number)
    )


def group_by_name(name: str) -> Group | None:
    return db.session.scalar(select(Group).where(Group.name == name))


def section_ids(app, world, *keys) -> list[str]:
    with app.app_context():
        return [str(section(world["process_id"], key).id) for key in keys]


def text_only(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---------------------------------------------------------------- access


def _paths(world) -> list[str]:
    g = world["bildung_id"]
    return [
        f"{BASE}/groups", f"{BASE}/groups/new", f"{BASE}/groups/{g}",
        f"{BASE}/replies", f"{BASE}/replies/new",
        f"{BASE}/versions/{world['v2']}/decisions", f"{BASE}/triage",
    ]


def test_staff_open_every_page(app, world, staff):
    for path in _paths(world):
        assert staff.get(path).status_code == 200, path


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    client = app.test_client()
    for path in _paths(world):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/account/login" in response.headers["Location"], path
    response = client.post(f"{BASE}/groups/new", data={"name": "X", "kind": "other"})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["outsider", "expert", "steering"])
def test_residents_get_403_even_as_group_members(app, world, who):
    if who != "outsider" and "triage.index" not in app.view_functions:
        pytest.skip("the page layout links group members to triage.index (another module)")
    client = client_for(app, world["users"][who])
    for path in _paths(world):
        assert client.get(path).status_code == 403, path
    g = world["bildung_id"]
    for path in (f"{BASE}/groups/new", f"{BASE}/groups/{g}/delete", f"{BASE}/groups/{g}/members",
                 f"{BASE}/versions/{world['v2']}/decisions"):
        assert client.post(path, data={"name": "X", "kind": "other"}).status_code == 403, path
    with app.app_context():
        assert db.session.scalar(select(func.count(Group.id))) == 2


def test_objects_of_unknown_ids_are_404(app, world, staff):
    for path in (f"{BASE}/groups/99999", f"{BASE}/replies/99999", f"{BASE}/versions/99/decisions",
                 "/manage/processes/nope/groups"):
        assert staff.get(path).status_code == 404, path
    steering_member = db_member_id(app, world["steering_id"])
    # A member of another group is not removed through this group's address.
    response = staff.post(f"{BASE}/groups/{world['bildung_id']}/members/{steering_member}/delete")
    assert response.status_code == 404


def db_member_id(app, group_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(GroupMember.id).where(GroupMember.group_id == group_id))


# ---------------------------------------------------------------- groups


def test_groups_list_shows_kind_sections_members_and_counts(app, world, staff):
    with app.app_context():
        bulk_suggestions(world["process_id"], 6, group_id=world["bildung_id"])
    html = page(staff.get(f"{BASE}/groups?lang=en"))
    shown = text_only(html)
    assert "Bildung" in shown and "Steuerungsgruppe" in shown
    assert "Expert group" in shown and "Steering group" in shown and "decides" in shown
    # Bildung answers for field f1: its number and title from the newest version.
    assert re.search(r"1 Handlungsfeld 1", shown), shown
    for name, role in (("Expertin Ece", "External expert"), ("Jugend Jonas", "Youth delegate"),
                       ("Steuerung Stein", "Chair")):
        assert re.search(rf"{name} {role}", shown), (name, role)
    assert "3 suggestions" in shown and "3 not decided" in shown  # every second one: Bildung
    assert "0 suggestions" in shown  # the steering group


def test_create_group_with_sections(app, world, staff):
    response = staff.post(f"{BASE}/groups/new?lang=en", data={
        "name": "  Wirtschaft  ", "kind": "other", "description": "Arbeit und Ausbildung",
        "decides": "y", "sections": section_ids(app, world, "f2", "g2"),
    })
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{BASE}/groups")
    with app.app_context():
        group = group_by_name("Wirtschaft")
        assert group.kind == "other" and group.decides and group.description == "Arbeit und Ausbildung"
        assert sorted(s.key for s in group.sections) == ["f2", "g2"]
    [entry] = [e for e in audit(app, "group.save") if e.params["name"] == "Wirtschaft"]
    assert entry.actor_id == world["users"]["staff"].id
    assert entry.after["sections"] == ["f2", "g2"]
    follow = page(staff.get(f"{BASE}/groups?lang=en"))
    assert "The group Wirtschaft was created." in follow


def test_duplicate_name_and_missing_fields_come_back_with_input(app, world, staff):
    response = staff.post(f"{BASE}/groups/new?lang=en", data={
        "name": "Bildung", "kind": "expert_group", "description": "Mein langer Text",
        "sections": section_ids(app, world, "g2"),
    })
    assert response.status_code == 422
    html = page(response)
    assert "There is already a group with this name." in html
    assert "Mein langer Text" in html
    assert re.search(rf'value="{section_ids(app, world, "g2")[0]}" checked', html)
    response = staff.post(f"{BASE}/groups/new?lang=en", data={"name": "", "kind": "nonsense"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page(response)
    response = staff.post(f"{BASE}/groups/new?lang=en", data={
        "name": "Neu", "kind": "other", "sections": ["999999"],
    })
    assert response.status_code == 422 and "Choose sections from the list." in page(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Group.id))) == 2


def test_edit_group_shows_the_tree_and_saves_changes(app, world, staff):
    url = f"{BASE}/groups/{world['bildung_id']}"
    html = page(staff.get(f"{url}?lang=en"))
    assert "<legend>Sections this group answers for</legend>" in html
    assert "<legend>Kind of group</legend>" in html
    f1, g1 = section_ids(app, world, "f1", "g1")
    assert re.search(rf'value="{f1}" checked', html)
    # The goal is indented under its field.
    assert re.search(rf'class="check triage-depth-1">\s*<input type="checkbox" name="sections" id="sections-\d+" value="{g1}"', html)
    response = staff.post(url, data={"name": "Bildung und Sprache", "kind": "expert_group",
                                     "sections": [g1]})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    with app.app_context():
        group = db.session.get(Group, world["bildung_id"])
        assert group.name == "Bildung und Sprache" and [s.key for s in group.sections] == ["g1"]
        assert not group.decides
        assert len(group.members) == 2  # members are kept
    entry = audit(app, "group.save")[-1]
    assert entry.before["sections"] == ["f1"] and entry.after["sections"] == ["g1"]


def test_delete_is_refused_while_suggestions_are_assigned(app, world, staff):
    with app.app_context():
        bulk_suggestions(world["process_id"], 6, group_id=world["bildung_id"])
    url = f"{BASE}/groups/{world['bildung_id']}"
    html = page(staff.get(f"{url}?lang=en"))
    assert "3 suggestions are assigned to this group" in html
    assert f'action="{url}/delete"' not in html  # no button while it would fail
    response = staff.post(f"{url}/delete?lang=en")
    assert response.status_code == 409
    assert "The group cannot be deleted: 3 suggestions are assigned to it." in page(response)
    with app.app_context():
        assert db.session.get(Group, world["bildung_id"]) is not None
    assert audit(app, "group.delete") == []


def test_delete_group_without_suggestions(app, world, staff):
    url = f"{BASE}/groups/{world['steering_id']}"
    assert f'action="{url}/delete"' in page(staff.get(url))
    response = staff.post(f"{url}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{BASE}/groups")
    with app.app_context():
        assert db.session.get(Group, world["steering_id"]) is None
        assert db.session.scalar(select(func.count(GroupMember.id))) == 2  # Bildung's
    [entry] = audit(app, "group.delete")
    assert entry.params["name"] == "Steuerungsgruppe"


# ---------------------------------------------------------------- members


def test_add_member_by_email_with_role(app, world, staff):
    url = f"{BASE}/groups/{world['bildung_id']}"
    outsider = world["users"]["outsider"]
    response = staff.post(f"{url}/members?lang=en", data={
        "email": f"  {outsider.email.upper()} ", "role": "chair",
    })
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{url}#members")
    with app.app_context():
        member = db.session.scalar(
            select(GroupMember).where(GroupMember.user_id == outsider.id)
        )
        assert member.group_id == world["bildung_id"] and member.role == "chair"
    html = page(staff.get(f"{url}?lang=en"))
    shown = text_only(html)
    assert "Außen Otto is a member of Bildung as Chair." in shown
    assert re.search(r"Außen Otto \S+ Chair through this group", shown), shown
    assert "get access to this process's triage area through this group" in html
    [entry] = audit(app, "group.add_member")[-1:]
    assert entry.params == {"name": "Bildung", "member": "Außen Otto", "role": "chair"}


def test_unknown_address_is_a_clear_error_and_keeps_the_input(app, world, staff):
    url = f"{BASE}/groups/{world['bildung_id']}"
    response = staff.post(f"{url}/members?lang=en", data={
        "email": "niemand@example.org", "role": "staff",
    })
    assert response.status_code == 422
    html = page(response)
    assert "No account has this e-mail address." in html
    assert 'value="niemand@example.org"' in html
    assert re.search(r'<option selected value="staff">|<option value="staff" selected>', html)
    response = staff.post(f"{url}/members?lang=en", data={"email": "", "role": "king"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(GroupMember.id))) == 3


def test_remove_member(app, world, staff):
    url = f"{BASE}/groups/{world['bildung_id']}"
    with app.app_context():
        member_id = db.session.scalar(
            select(GroupMember.id).where(GroupMember.user_id == world["users"]["youth"].id)
        )
    assert f'action="{url}/members/{member_id}/delete"' in page(staff.get(url))
    response = staff.post(f"{url}/members/{member_id}/delete")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(GroupMember, member_id) is None
        assert db.session.get(User, world["users"]["youth"].id) is not None
    [entry] = audit(app, "group.remove_member")
    assert entry.params == {"name": "Bildung", "member": "Jugend Jonas"}
    members = page(staff.get(url)).split('id="members"', 1)[1]
    assert "Expertin Ece" in members and "Jugend Jonas" not in members


# ---------------------------------------------------------------- standard replies


def test_replies_create_list_edit_delete(app, world, staff):
    response = staff.post(f"{BASE}/replies/new", data={
        "title": "Bereits im Plan", "outcome": "already_covered", "language": "de",
        "text": "Ihr Vorschlag ist bereits in Ziel 1.1 enthalten.",
    })
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{BASE}/replies")
    with app.app_context():
        template = db.session.scalar(select(ReplyTemplate))
        template_id = template.id
        assert (template.outcome, template.language) == ("already_covered", "de")
    listing = text_only(page(staff.get(f"{BASE}/replies?lang=en")))
    assert "Bereits im Plan" in listing and "Already covered" in listing
    assert "Ihr Vorschlag ist bereits in Ziel 1.1 enthalten." in listing

    # A second one with the same title is refused, input kept.
    response = staff.post(f"{BASE}/replies/new?lang=en", data={
        "title": "Bereits im Plan", "outcome": "", "language": "en", "text": "Another text",
    })
    assert response.status_code == 422
    html = page(response)
    assert "There is already a standard reply with this title." in html and "Another text" in html
    response = staff.post(f"{BASE}/replies/new?lang=en", data={
        "title": "Ohne Text", "outcome": "", "language": "de", "text": "",
    })
    assert response.status_code == 422 and 'aria-invalid="true"' in page(response)

    url = f"{BASE}/replies/{template_id}"
    assert "Ihr Vorschlag ist bereits" in page(staff.get(url))
    response = staff.post(url, data={"title": "Schon enthalten", "outcome": "", "language": "en",
                                     "text": "Already in the plan."})
    assert response.status_code == 303
    with app.app_context():
        template = db.session.get(ReplyTemplate, template_id)
        assert (template.title, template.outcome, template.language) == ("Schon enthalten", None, "en")

    response = staff.post(f"{url}/delete")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(ReplyTemplate, template_id) is None
    assert [e.params["title"] for e in audit(app, "reply_template.save")] == [
        "Bereits im Plan", "Schon enthalten",
    ]
    assert [e.params["title"] for e in audit(app, "reply_template.delete")] == ["Schon enthalten"]
    assert "No standard replies yet." in page(staff.get(f"{BASE}/replies?lang=en"))


# ---------------------------------------------------------------- publishing decisions


def _decided_on_v2(app, world, count=9) -> int:
    """`count` suggestions on version 2, a third decided (noted); returns the version id."""
    with app.app_context():
        v2 = version_id(world, world["v2"])
        bulk_suggestions(
            world["process_id"], count, version_id=v2,
            decided_by_id=world["users"]["admin"].id,
        )
        return v2


def test_publish_decisions_of_a_version(app, world, staff):
    v2 = _decided_on_v2(app, world)
    with app.test_request_context():
        # One more decided differently, and one accepted and already published.
        admin = db.session.get(User, world["users"]["admin"].id)
        open_ones = db.session.scalars(
            select(Suggestion).where(Suggestion.outcome.is_(None)).order_by(Suggestion.number)
        ).all()
        services.decide(open_ones[0], actor=admin, outcome="not_accepted", public_reason="Nein.")
        services.decide(open_ones[1], actor=admin, outcome="accepted", public_reason="")
        services.publish(open_ones[1], actor=admin)
        db.session.commit()
    url = f"{BASE}/versions/{world['v2']}/decisions"
    html = page(staff.get(f"{url}?lang=en"))
    shown = text_only(html)
    assert "Decided, not yet published 4" in shown
    assert "Still open (not decided) 4" in shown
    assert "Already published 1" in shown
    assert re.search(r"Not accepted 1 Noted 3", shown), shown
    assert "Publish 4 decisions" in shown

    response = staff.post(f"{url}?lang=en")
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    with app.app_context():
        rows = db.session.execute(
            select(Suggestion.outcome, Suggestion.published_at).where(Suggestion.version_id == v2)
        ).all()
        assert all((published is not None) == (outcome is not None) for outcome, published in rows)
        assert sum(1 for _o, published in rows if published) == 5
    [entry] = audit(app, "decisions.publish_version")
    assert entry.params == {"count": 4, "version": world["v2"]}
    assert len(audit(app, "suggestion.publish")) == 5  # 4 now, 1 before

    after = page(staff.get(f"{url}?lang=en"))
    assert "4 decisions published" in after
    assert "There are no decisions to publish on this version" in after
    assert "<button" not in after.split("<main", 1)[1]


def test_nothing_to_publish(app, world, staff):
    url = f"{BASE}/versions/{world['v1']}/decisions"
    html = page(staff.get(f"{url}?lang=en"))
    assert "There are no decisions to publish on this version" in html
    assert "<button" not in html.split("<main", 1)[1]
    response = staff.post(f"{url}?lang=en")
    assert response.status_code == 303
    assert audit(app, "decisions.publish_version") == []


# ---------------------------------------------------------------- overview


def test_overview_counts_and_links(app, world, staff):
    _decided_on_v2(app, world, count=9)
    with app.test_request_context():
        admin = db.session.get(User, world["users"]["admin"].id)
        first, second = db.session.scalars(
            select(Suggestion).where(Suggestion.outcome.is_(None)).order_by(Suggestion.number)
        ).all()[:2]
        services.recommend(first, actor=admin, outcome="accepted", reasoning="Gut.")
        decided = db.session.scalars(
            select(Suggestion).where(Suggestion.outcome.is_not(None)).order_by(Suggestion.number)
        ).first()
        services.publish(decided, actor=admin)
        services.group_under(second, first, actor=admin)
        db.session.commit()
    html = page(staff.get(f"{BASE}/triage?lang=en"))
    counts = dict(re.findall(r'<dd id="count-([a-z-]+)">(\d+)</dd>', html))
    assert counts == {
        "to-split": "1",  # the Turkish statement
        "open": "4", "recommended": "1", "decided": "2", "published": "1", "grouped": "1",
    }
    for href in ("/triage/lip/", "/triage/lip/contributions", "/triage/lip/log",
                 f"{BASE}/groups", f"{BASE}/replies",
                 f"{BASE}/versions/{world['v2']}/decisions",
                 f"{BASE}/versions/{world['v3']}/decisions"):
        assert f'href="{href}"' in html, href
    assert re.search(r"Diskussionsentwurf 2</span></th>\s*<td>2</td>", html)


# ---------------------------------------------------------------- escaping and query budget


def test_script_in_names_is_shown_as_text(app, world, staff):
    response = staff.post(f"{BASE}/groups/new", data={"name": SCRIPT, "kind": "other"})
    assert response.status_code == 303
    with app.app_context():
        group_id = group_by_name(SCRIPT).id
    staff.post(f"{BASE}/replies/new", data={"title": SCRIPT, "language": "de", "text": SCRIPT})
    staff.post(f"{BASE}/groups/{group_id}/members",
               data={"email": world["users"]["outsider"].email, "role": "staff"})
    for path in (f"{BASE}/groups", f"{BASE}/groups/{group_id}", f"{BASE}/replies",
                 "/manage/audit?action=group", "/manage/audit?action=reply_template"):
        html = page(staff.get(f"{path}{'&' if '?' in path else '?'}lang=en"))
        assert "<script>x" not in html, path
        assert "&lt;script&gt;x&lt;/script&gt;" in html, path
    audit_page = page(staff.get("/manage/audit?action=group&lang=en"))
    assert "Saved group &lt;script&gt;x&lt;/script&gt;." in audit_page
    assert "Added Außen Otto to group &lt;script&gt;x&lt;/script&gt; as Staff." in audit_page


def test_groups_list_queries_do_not_grow_with_members_or_suggestions(
    app, world, staff, make_user, count_queries
):
    def add_members(group_id: int, count: int, first: int = 0) -> None:
        users = [make_user(display_name=f"Mitglied {first + i}") for i in range(count)]
        with app.app_context():
            for i, user in enumerate(users):
                db.session.add(GroupMember(group_id=group_id, user_id=user.id,
                                           role=("staff", "chair", "youth_delegate")[i % 3]))
            db.session.commit()

    add_members(world["steering_id"], 3)
    staff.get(f"{BASE}/groups")  # warm up
    with count_queries() as few:
        assert staff.get(f"{BASE}/groups").status_code == 200
    add_members(world["steering_id"], 27, first=3)
    with app.app_context():
        for i in range(8):
            services_group = Group(process_id=world["process_id"], name=f"Gruppe {i}")
            db.session.add(services_group)
            db.session.flush()
            services_group.sections = [section(world["process_id"], "g2")]
            db.session.add(GroupMember(group_id=services_group.id, user_id=world["users"]["outsider"].id))
        db.session.commit()
        bulk_suggestions(world["process_id"], 200, group_id=world["bildung_id"])
    with count_queries() as many:
        html = page(staff.get(f"{BASE}/groups"))
    assert "Mitglied 29" in html and "Gruppe 7" in html
    assert many.count == few.count, (few.statements, many.statements)


def test_an_expired_form_comes_back_with_what_was_typed(app, world, csrf_client, sign_in):
    sign_in(csrf_client, world["users"]["staff"])
    response = csrf_client.post(f"{BASE}/groups/new?lang=en", data={
        "name": "Soziales", "kind": "other", "description": "Ein langer Text über Soziales",
    })
    assert response.status_code in (400, 422)
    html = page(response)
    assert "Ein langer Text über Soziales" in html and 'value="Soziales"' in html
    assert 'name="csrf_token"' in html
    response = csrf_client.post(f"{BASE}/groups/{world['bildung_id']}/members?lang=en",
                                data={"email": "jemand@example.org", "role": "chair"})
    assert response.status_code in (400, 422)
    assert 'value="jemand@example.org"' in page(response)
    with app.app_context():
        assert group_by_name("Soziales") is None


def test_overview_and_publish_page_queries_do_not_grow_with_suggestions(
    app, world, staff, count_queries
):
    paths = (f"{BASE}/triage", f"{BASE}/versions/{world['v2']}/decisions")
    with app.app_context():
        v2 = version_id(world, world["v2"])
        bulk_suggestions(world["process_id"], 3, version_id=v2,
                         decided_by_id=world["users"]["admin"].id)

    def count() -> int:
        for path in paths:
            staff.get(path)  # warm up
        with count_queries() as counter:
            for path in paths:
                assert staff.get(path).status_code == 200
        return counter.count

    few = count()
    with app.app_context():
        bulk_suggestions(world["process_id"], 300, version_id=v2, start_number=100,
                         decided_by_id=world["users"]["admin"].id)
    assert "Publish 101 decisions" in page(staff.get(f"{paths[1]}?lang=en"))
    assert count() == few
