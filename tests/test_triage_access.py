"""Who may see and do what on the suggestion page and the triage log, for every role of
`triage_world`: an expert of "Bildung", a member of the deciding steering group, an
outsider, an anonymous visitor, staff and an admin."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.triage import services
from consult.triage.models import Group, Suggestion
from tests.helpers_participation import client_for, page
from tests.helpers_triage import TURKISH_STATEMENT, node, triage_world

BASE = "/triage/lip"
# Bildung's; A-2: no group; A-3: another expert group's.
BILDUNG, NO_GROUP, OTHER_GROUP = 1, 2, 3


@pytest.fixture
def world(app, make_process, make_user):
    data = triage_world(app, make_process, make_user)
    with app.test_request_context():
        process = db.session.get(Process, data["process_id"])
        statement = db.session.get(Contribution, data["statement_id"])
        staff = db.session.get(User, data["users"]["staff"].id)
        other = services.save_group(process, actor=staff, name="Wirtschaft", kind="expert_group")
        offset, made = 0, []
        for paragraph in TURKISH_STATEMENT.split("\n\n"):
            start = TURKISH_STATEMENT.index(paragraph, offset)
            offset = start + len(paragraph)
            made.append(services.split(statement, actor=staff, start=start, end=offset))
        services.assign(made[1], actor=staff, group=None)
        services.assign(made[2], actor=staff, group=other)
        services.decide(made[2], actor=db.session.get(User, data["users"]["admin"].id),
                        outcome="accepted", public_reason="Gut.")
        data["node_id"] = node(process.id, data["v3"], "g1").id
        db.session.commit()
        data["wirtschaft_id"] = other.id
    return data


def lock(app, number: int) -> str:
    with app.app_context():
        return str(db.session.scalar(
            select(Suggestion.lock_version).where(Suggestion.number == number)))


def actions(app, world, number: int) -> dict[str, tuple[str, dict]]:
    """Every POST of the page with input that succeeds when the right is there."""
    base = f"{BASE}/A-{number}"
    seen = lock(app, number)
    return {
        "edit": (f"{base}/edit", {"lock_version": seen, "summary": "Neu", "sections": ["g1"],
                                  "language": "tr", "tags": ""}),
        "assign": (f"{base}/assign", {"lock_version": seen, "group": str(world["bildung_id"]),
                                      "assignee": ""}),
        "recommend": (f"{base}/recommend", {"lock_version": seen, "outcome": "noted",
                                            "reasoning": "Zur Kenntnis."}),
        "decide": (f"{base}/decide", {"lock_version": seen, "outcome": "noted",
                                      "public_reason": "Zur Kenntnis genommen."}),
        "group": (f"{base}/group", {"lock_version": seen, "representative": str(number % 3 + 1)}),
        "ungroup": (f"{base}/ungroup", {"lock_version": seen}),
        "link": (f"{base}/changes", {"lock_version": seen, "node": str(world["node_id"])}),
        "translate": (f"{base}/translations", {"lock_version": seen, "language": "tr",
                                               "text": "Tamam.", "origin": "human_translation"}),
        "reopen": (f"{base}/reopen", {"lock_version": seen}),
        "publish": (f"{base}/publish", {"lock_version": seen}),
        "unpublish": (f"{base}/unpublish", {"lock_version": seen}),
    }


def post(app, world, who, number, action):
    path, data = actions(app, world, number)[action]
    return client_for(app, world["users"][who]).post(path, data=data)


def get(app, world, who, path):
    return client_for(app, world["users"][who] if who else None).get(path)


# ---------------------------------------------------------------- an expert of Bildung


def test_an_expert_sees_and_recommends_on_their_groups_suggestions(app, world):
    assert get(app, world, "expert", f"{BASE}/A-{BILDUNG}").status_code == 200
    assert post(app, world, "expert", BILDUNG, "recommend").status_code == 303
    with app.app_context():
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == BILDUNG))
        assert suggestion.recommendation.outcome == "noted"


@pytest.mark.parametrize("number", [NO_GROUP, OTHER_GROUP])
def test_an_expert_gets_404_for_suggestions_of_no_or_another_group(app, world, number):
    assert get(app, world, "expert", f"{BASE}/A-{number}").status_code == 404
    for action in actions(app, world, number):
        assert post(app, world, "expert", number, action).status_code == 404, action


@pytest.mark.parametrize(
    "action", ["edit", "assign", "decide", "reopen", "publish", "unpublish", "group", "ungroup",
               "link", "translate"],
)
def test_an_expert_may_not_decide_publish_or_edit(app, world, action):
    assert post(app, world, "expert", BILDUNG, action).status_code == 403


def test_group_members_do_not_read_the_log(app, world):
    for who in ("expert", "steering"):
        assert get(app, world, who, f"{BASE}/log").status_code == 403


# ---------------------------------------------------------------- the steering group


def test_the_steering_member_sees_all_and_decides(app, world):
    for number in (BILDUNG, NO_GROUP, OTHER_GROUP):
        assert get(app, world, "steering", f"{BASE}/A-{number}").status_code == 200
    assert post(app, world, "steering", NO_GROUP, "decide").status_code == 303
    with app.app_context():
        assert db.session.scalar(
            select(Suggestion.outcome).where(Suggestion.number == NO_GROUP)) == "noted"
    assert post(app, world, "steering", NO_GROUP, "reopen").status_code == 303


@pytest.mark.parametrize(
    "action", ["edit", "assign", "publish", "unpublish", "group", "ungroup", "link", "translate",
               "recommend"],
)
def test_the_steering_member_may_not_publish_edit_or_recommend_for_a_group(app, world, action):
    assert post(app, world, "steering", OTHER_GROUP, action).status_code == 403


# ---------------------------------------------------------------- outsiders and anonymous visitors


def test_an_outsider_gets_403_on_every_route(app, world):
    for number in (BILDUNG, NO_GROUP, OTHER_GROUP):
        assert get(app, world, "outsider", f"{BASE}/A-{number}").status_code == 403
        for action in actions(app, world, number):
            assert post(app, world, "outsider", number, action).status_code == 403, action
    assert get(app, world, "outsider", f"{BASE}/log").status_code == 403
    assert get(app, world, "outsider", f"{BASE}/A-1/changes/1/delete").status_code == 405
    assert client_for(app, world["users"]["outsider"]).post(
        f"{BASE}/A-3/changes/1/delete", data={"lock_version": "1"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    anonymous = client_for(app, None)
    paths = [f"{BASE}/A-1", f"{BASE}/log", f"{BASE}/A-99"]
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    for path, data in actions(app, world, BILDUNG).values():
        response = anonymous.post(path, data=data)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_unknown_process_and_suggestion_are_404(app, world):
    assert get(app, world, "staff", "/triage/nope/A-1").status_code == 404
    assert get(app, world, "staff", f"{BASE}/A-99").status_code == 404
    assert get(app, world, "staff", f"{BASE}/A-0").status_code == 404
    assert get(app, world, "staff", f"{BASE}/A-99999999999").status_code == 404


# ---------------------------------------------------------------- staff and admin


def test_staff_may_do_all_but_decide(app, world):
    staff = client_for(app, world["users"]["staff"])
    assert staff.get(f"{BASE}/A-{NO_GROUP}").status_code == 200
    assert staff.get(f"{BASE}/log").status_code == 200
    for action in ("edit", "assign", "recommend", "translate", "link", "publish", "unpublish"):
        number = OTHER_GROUP if action in ("translate", "link", "publish", "unpublish") else BILDUNG
        assert post(app, world, "staff", number, action).status_code == 303, action
    assert post(app, world, "staff", NO_GROUP, "group").status_code == 303
    assert post(app, world, "staff", NO_GROUP, "ungroup").status_code == 303
    assert post(app, world, "staff", NO_GROUP, "decide").status_code == 403
    assert post(app, world, "staff", OTHER_GROUP, "reopen").status_code == 403
    html = page(staff.get(f"{BASE}/A-{NO_GROUP}"))
    assert f'action="{BASE}/A-{NO_GROUP}/decide"' not in html


def test_an_admin_may_decide(app, world):
    assert post(app, world, "admin", NO_GROUP, "decide").status_code == 303
    assert post(app, world, "admin", NO_GROUP, "reopen").status_code == 303
    with app.app_context():
        suggestion = db.session.scalar(select(Suggestion).where(Suggestion.number == NO_GROUP))
        assert suggestion.outcome is None
        assert db.session.get(Group, world["wirtschaft_id"]).name == "Wirtschaft"


def test_an_expert_gets_the_inherited_answer_without_the_hidden_representative(app, world):
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        admin = db.session.get(User, world["users"]["admin"].id)
        first, second = (
            db.session.scalar(select(Suggestion).where(Suggestion.number == n)) for n in (1, 2)
        )
        services.group_under(first, second, actor=staff)
        services.decide(second, actor=admin, outcome="noted", public_reason="Zur Kenntnis genommen.")
        db.session.commit()
    html = page(get(app, world, "expert", f"{BASE}/A-{BILDUNG}?lang=en"))
    assert "Zur Kenntnis genommen." in html and "A-2" in html
    assert f'href="{BASE}/A-{NO_GROUP}"' not in html
    assert "Ebeveynler" not in html  # the representative's passage
    assert get(app, world, "expert", f"{BASE}/A-{NO_GROUP}").status_code == 404
