"""The public amendment pages and "what changed and why" with many points and sections: a
page costs the same number of queries whatever the number of amendment points, votes,
applications or sections."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans import services as plan_services
from consult.plans.models import Process
from consult.statements import services as statement_services
from consult.triage import services as triage
from consult.triage.models import Group
from tests.helpers_council import council_world, file_amendment, version_of, vote
from tests.helpers_triage import section
from tests.test_amendments_public import _apply, _count, _get, _staff


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


def _process_with_body(world, slug: str) -> tuple[Process, Group, Contribution]:
    """The process, a committee of it and a statement on its version 2 to take suggestions
    from (the world's bodies and statement belong to "lip")."""
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    staff = _staff(world)
    if process.id == world["process_id"]:
        return (process, db.session.get(Group, world["school_committee_id"]),
                db.session.get(Contribution, world["statement_id"]))
    body = triage.save_group(process, actor=staff, name="Schulausschuss", kind="committee")
    statement = statement_services.record_statement(
        process, staff,
        statement_services.PaperStatement(
            channel="letter", received_on=date.today(), body="Mehr Sprachkurse.",
            language="de", sections=[], version=version_of(process.id, 2), name="Ayşe",
            email="ayse@example.org",
        ),
        [], today=date.today(),
    )
    return process, body, statement


def _many_points(app, world, slug: str, count: int) -> int:
    """An amendment on v2 of `slug` with `count` points on g1 (each voted on twice by a
    committee), all applied to g1 in a new published version 4; returns its id."""
    with app.test_request_context():
        process, body, _statement = _process_with_body(world, slug)
        amendment = file_amendment(process.id, 2, f"{count}/2008",
                                   [("g1", "replace", None, f"Neu {n}.") for n in range(count)])
        for point in amendment.points:
            vote(point, body.id, "referred", held_on=date(2008, 1, 24))
            vote(point, body.id, "adopted", held_on=date(2008, 2, 12))
        v4 = plan_services.create_version(process, label={}, copy_from=version_of(process.id, 2))
        assert v4.number == 4
        g1 = next(n for n in v4.nodes if n.section.key == "g1")
        plan_services.set_section_text(g1, "de", title="Ziel 1.1", body="Neu.")
        for point in amendment.points:
            _apply(point, v4, "g1", process.id)
        plan_services.publish_version(v4, None)
        db.session.commit()
        return amendment.id


def test_amendment_pages_do_not_grow_with_the_points(app, client, world, make_process,
                                                     count_queries):
    few_id = _many_points(app, world, "lip", 3)
    paths = ["/p/{slug}/v/2/amendments?lang=en", "/p/{slug}/amendments/{id}?lang=en",
             "/p/{slug}/v/2/s/g1/amendments?lang=ar", "/p/{slug}/v/2/amendments?status=adopted",
             "/p/{slug}/v/4/s/g1", "/p/{slug}/s/g1/history", "/p/{slug}/v/4/changes",
             "/p/{slug}/disposition?version=2"]
    few = [_count(client, count_queries, p.format(slug="lip", id=few_id)) for p in paths]
    make_process(slug="many", draft=True)
    many_id = _many_points(app, world, "many", 30)
    many = [_count(client, count_queries, p.format(slug="many", id=many_id)) for p in paths]
    assert many == few, f"{few} queries with 3 points, {many} with 30"
    html = _get(client, f"/p/many/amendments/{many_id}")
    assert html.count("<table") == 30
    print("queries per page (3 and 30 points):", dict(zip(paths, few, strict=True)))


def _changed_everywhere(app, world, slug: str) -> None:
    """Version 3 of `slug` (published, a copy of v2) with every section's text changed: every
    other one by an adopted amendment point, every third because of a published suggestion."""
    with app.test_request_context():
        process, body, statement = _process_with_body(world, slug)
        staff = _staff(world)
        admin = db.session.get(User, world["users"]["admin"].id)
        v2 = version_of(process.id, 2)
        keys = [n.section.key for n in v2.nodes]
        amendment = file_amendment(process.id, 2, f"{slug}/1",
                                   [(k, "replace", None, f"Neu {k}.") for k in keys[::2]])
        for point in amendment.points:
            vote(point, body.id, "adopted")
        v3 = plan_services.create_version(process, label={}, copy_from=v2)
        nodes = {n.section.key: n for n in v3.nodes}
        for key in keys:
            plan_services.set_section_text(nodes[key], "de", title=f"Titel {key}", body=f"Neu {key}.")
        for point in amendment.points:
            _apply(point, v3, point.section.key, process.id)
        for key in keys[::3]:
            suggestion = triage.split(statement, actor=staff, sections=[section(process.id, key)])
            triage.decide(suggestion, actor=admin, outcome="accepted", public_reason="Ja.")
            triage.publish(suggestion, actor=admin)
            triage.link_change(suggestion, nodes[key], actor=staff)
        plan_services.publish_version(v3, None)
        db.session.commit()


def test_what_changed_does_not_grow_with_the_sections(app, client, world, make_process,
                                                      count_queries):
    make_process(slug="small", sections=2)
    make_process(slug="large", sections=10)
    _changed_everywhere(app, world, "small")
    _changed_everywhere(app, world, "large")
    for language in ("en", "ar"):
        small = _count(client, count_queries, f"/p/small/v/3/changes?lang={language}")
        large = _count(client, count_queries, f"/p/large/v/3/changes?lang={language}")
        assert small == large, f"{small} queries with 4 sections, {large} with 20"
    html = _get(client, "/p/large/v/3/changes?lang=en")
    assert html.count('class="version-change') == 20
    assert html.count('class="source-amendment"') == 10
    assert html.count('class="source-suggestion"') == 7
    print("queries for what changed (4 and 20 sections):", small)
