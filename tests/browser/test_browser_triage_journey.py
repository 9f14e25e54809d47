"""The whole triage journey in real browsers, as the people involved do it.

Staff split a Turkish statement with three points into three suggestions; two land in the
queue of the expert group "Bildung", the third is routed to "Wohnen". A member of Bildung
recommends; the steering group decides (one accepted and linked to the changed section in the
next version, one not accepted with a reason); staff publish the version's decisions; and a
second, anonymous browser shows the outcomes and the diff publicly.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.accounts.models import User
from consult.extensions import db
from consult.plans import services as plan_services
from consult.plans.models import Process, Version
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_triage import node, section, triage_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app, make_process, make_user):
    """The triage world, plus a group "Wohnen" for field 2, and version 3 published with a
    changed goal 1.1 (the next version the accepted suggestion is linked to)."""
    data = triage_world(app, make_process, make_user)
    with app.test_request_context():
        process = db.session.get(Process, data["process_id"])
        staff = db.session.get(User, data["users"]["staff"].id)
        services.save_group(
            process, actor=staff, name="Wohnen", kind="expert_group",
            sections=[section(process.id, "f2")],
        )
        target = node(process.id, data["v3"], "g1")
        plan_services.set_section_text(
            target, "de", title="Ziel 1.1",
            body="Alle Kinder und Eltern lernen Deutsch, auch in Kursen am Abend.",
        )
        plan_services.publish_version(
            db.session.scalar(select(Version).where(Version.id == target.version_id)), staff
        )
        db.session.commit()
        data["target_node_id"] = target.id
    return data


@pytest.fixture
def browser_as(csrf_app, new_context, live_server):
    """A new browser (own cookies) signed in as `user`, or anonymous for None, in English."""

    def make(user=None):
        context = new_context(locale="en-GB")
        if user is not None:
            with csrf_app.app_context():
                serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
                value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
            context.add_cookies([
                {"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value,
                 "url": live_server}
            ])
        return context.new_page()

    return make


def _suggestions(app):
    with app.app_context():
        return {
            s.number: s
            for s in db.session.scalars(
                select(Suggestion)
                .options(selectinload(Suggestion.recommendation))
                .order_by(Suggestion.number)
            )
        }


def test_from_statement_to_public_answer(app, world, browser_as, assert_accessible):
    users = world["users"]

    # 1. Staff take the three points of the Turkish statement, paragraph by paragraph.
    staff = browser_as(users["staff"])
    staff.goto(f"/triage/lip/contributions/{world['statement_id']}")
    for number in (1, 2, 3):
        staff.get_by_role("button", name=re.compile(rf"paragraph {number}\)")).click()
        expect(staff.locator(".flashes")).to_contain_text(f"A-{number}")
    expect(staff.locator("mark")).to_have_count(3)
    suggestions = _suggestions(app)
    assert [s.passage.split()[0] for s in suggestions.values()] == ["Çocuklar", "Ebeveynler", "Belediye"]
    assert {s.group_id for s in suggestions.values()} == {world["bildung_id"]}

    # The third point is about signs in city hall: staff route it to "Wohnen".
    staff.goto("/triage/lip/A-3")
    staff.locator("#assign-group").select_option(label="Wohnen")
    staff.get_by_role("button", name="Save routing").click()
    expect(staff.locator(".flash-success")).to_be_visible()
    assert _suggestions(app)[3].group_id != world["bildung_id"]

    # 2. The external expert of Bildung sees two suggestions in the group's queue.
    expert = browser_as(users["expert"])
    expert.goto("/triage/lip/")
    queue = expert.locator("main table")
    expect(queue.get_by_role("link", name="A-1", exact=True)).to_be_visible()
    expect(queue.get_by_role("link", name="A-2", exact=True)).to_be_visible()
    expect(queue.get_by_role("link", name="A-3", exact=True)).to_have_count(0)
    assert_accessible(expert)
    for number, outcome, reasoning in (
        (1, "Accepted", "Evening courses for children are needed."),
        (2, "Not accepted", "Parents' courses are run by the adult education centre."),
    ):
        expert.goto(f"/triage/lip/A-{number}")
        form = expert.locator("form[action$='/recommend']")
        form.get_by_label(outcome, exact=True).check()
        form.locator("textarea[name=reasoning]").fill(reasoning)
        form.get_by_role("button", name=re.compile("recommendation")).click()
        expect(expert.locator(".flash-success")).to_be_visible()
    # Members of an expert group do not decide.
    expect(expert.locator("form[action$='/decide']")).to_have_count(0)

    # 3. The steering group decides: A-1 accepted, A-2 not accepted with a reason.
    steering = browser_as(users["steering"])
    steering.goto("/triage/lip/A-1")
    decide = steering.locator("form[action$='/decide']")
    decide.get_by_label("Accepted", exact=True).check()
    decide.get_by_role("button", name="Save decision").click()
    expect(steering.locator(".flash-success")).to_be_visible()
    steering.goto("/triage/lip/A-2")
    decide = steering.locator("form[action$='/decide']")
    decide.get_by_label("Not accepted", exact=True).check()
    decide.locator("textarea[name=public_reason]").fill(
        "Courses for parents are offered by the Volkshochschule."
    )
    decide.get_by_role("button", name="Save decision").click()
    expect(steering.locator(".flash-success")).to_be_visible()
    assert_accessible(steering)
    decided = _suggestions(app)
    assert decided[1].outcome == "accepted" and decided[1].recommendation.outcome == "accepted"
    assert decided[2].outcome == "not_accepted"
    assert decided[1].published_at is None  # nothing public before staff publish

    # 4. Staff link the accepted suggestion to the changed goal in version 3 and publish.
    staff.goto("/triage/lip/A-1")
    staff.locator("#change-node").select_option(value=str(world["target_node_id"]))
    staff.get_by_role("button", name="Link the change").click()
    expect(staff.locator(".flash-success")).to_be_visible()
    expect(staff.locator("main ins").first).to_contain_text(re.compile("Kursen|Abend"))

    anonymous = browser_as(None)
    assert anonymous.goto("/p/lip/suggestions/A-1").status == 404  # not yet published

    staff.goto(f"/manage/processes/lip/versions/{world['v2']}/decisions")
    staff.get_by_role("button", name=re.compile("Publish 2 decisions")).click()
    expect(staff.locator(".flash-success").first).to_contain_text("2 decisions published")
    # The statement came by letter with an e-mail address: its sender gets one final notice.
    expect(staff.locator(".flash-success").nth(1)).to_contain_text("1 final notice sent")

    # 5. A second browser, anonymous, sees both outcomes and the diff.
    public = browser_as(None)
    public.goto("/p/lip/suggestions/A-1")
    expect(public.locator("main")).to_contain_text("Accepted")
    expect(public.locator("main ins").first).to_contain_text(re.compile("Kursen|Abend"))
    assert_accessible(public)
    public.goto("/p/lip/suggestions/A-2")
    expect(public.locator("main")).to_contain_text("Not accepted")
    expect(public.locator("main")).to_contain_text("Volkshochschule")
    assert "adult education centre" not in public.content()  # the recommendation stays internal
    public.goto(f"/p/lip/v/{world['v2']}/s/g1")
    expect(public.locator("main")).to_contain_text("A-1")
    expect(public.locator("main")).to_contain_text("A-2")
    public.goto(f"/p/lip/v/{world['v3']}/s/g1")
    expect(public.locator("main")).to_contain_text("A-1")  # "changed by suggestions"
    assert public.goto("/p/lip/suggestions/A-3").status == 404  # undecided stays private
