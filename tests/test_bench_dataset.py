"""The benchmark dataset (bench.dataset): built at a small scale through the services, it holds
what its facts say, keeps the shape of the full-scale dataset, and every page the facts name
answers for the visitor it is meant for."""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.dataset import Targets, World, build
from bench.dataset_voices import allocate, comment_counts, suggestion_counts
from bench.server import ROOT, base_environment, fresh_sqlite_database, migrate
from consult.extensions import db
from consult.participation.models import Contribution, Event
from consult.plans.models import Process, Section, SectionText, SectionVersion, Version
from consult.triage.models import Suggestion

SCALE = 0.01


def test_targets_at_full_and_small_scale():
    full = Targets.at(1.0)
    assert (full.sections, full.comments, full.statements, full.suggestions, full.events,
            full.cards) == (200, 20000, 5000, 20000, 50, 2000)
    small = Targets.at(SCALE)
    assert small.sections == 12  # never fewer
    assert (small.comments, small.statements, small.suggestions, small.events, small.cards) == (
        200, 50, 200, 1, 20,
    )
    with pytest.raises(ValueError):
        Targets.at(0)


@pytest.mark.parametrize(("total", "sections"), [(20000, 200), (200, 12), (2000, 20), (7, 12)])
def test_comments_fall_off_from_one_busiest_section(total, sections):
    counts = comment_counts(total, sections)
    assert len(counts) == sections
    assert sum(counts) == total
    assert counts[0] > max(counts[1:])
    if total == 20000:
        assert counts[0] == 1200
        assert 300 <= counts[4] < counts[1] < 1000  # a few with several hundred
        assert sorted(counts)[sections // 2] < 100  # most far fewer


@pytest.mark.parametrize("scale", [1.0, SCALE, 0.37])
def test_statements_split_into_exactly_the_suggestions_wanted(scale):
    from datetime import date

    world = World(rng=random.Random(7), targets=Targets.at(scale), today=date(2026, 5, 1),  # noqa: S311
                  log=print)
    counts = suggestion_counts(world)
    assert len(counts) == world.targets.statements
    assert sum(counts) == world.targets.suggestions
    assert min(counts) >= 1 and max(counts) <= 12
    again = World(rng=random.Random(7), targets=Targets.at(scale), today=date(2026, 5, 1),  # noqa: S311
                  log=print)
    assert suggestion_counts(again) == counts  # the same seed, the same dataset


def test_allocate_splits_exactly():
    assert allocate(10, [1, 1, 1]) in ([4, 3, 3], [3, 4, 3], [3, 3, 4])
    assert allocate(0, [1, 2]) == [0, 0]
    assert sum(allocate(997, [0.3, 1.7, 1.1, 0.9])) == 997


def _build(app) -> tuple[dict, str]:
    out = io.StringIO()
    with app.app_context():
        facts = build(SCALE, out=out)
    return facts, out.getvalue()


def _count(statement) -> int:
    return int(db.session.scalar(statement) or 0)


def test_the_database_holds_what_the_facts_say(app):
    facts, log = _build(app)
    targets = Targets.at(SCALE)
    expected = {
        "versions": 3, "sections": 3 * targets.sections, "comments": targets.comments,
        "statements": targets.statements, "suggestions": targets.suggestions,
        "decided": targets.suggestions, "events": targets.events, "cards": targets.cards,
    }
    assert facts["counts"] == expected
    assert facts["scale"] == SCALE and facts["slug"] == "lip" and facts["version"] == 3
    for stage in ("accounts", "comments", "statements", "forum", "triage"):
        assert re.search(rf"{stage}.*: done in \d+\.\ds", log), log

    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        assert process.is_public and facts["export_process_id"] == process.id
        versions = db.session.scalars(
            select(Version).where(Version.process_id == process.id).order_by(Version.number)
        ).all()
        assert [(v.number, v.status) for v in versions] == [
            (1, "published"), (2, "published"), (3, "published"),
        ]
        for version in versions:
            kinds = dict(db.session.execute(
                select(SectionVersion.kind, func.count())
                .where(SectionVersion.version_id == version.id).group_by(SectionVersion.kind)
            ).all())
            assert sum(kinds.values()) == targets.sections
            assert set(kinds) == {"field_of_action", "goal", "measure"}
        languages = set(db.session.scalars(select(SectionText.language).distinct()))
        assert {"de", "en", "ar"} <= languages
        # Versions 2 and 3 changed some German texts: some translations are now outdated.
        texts = db.session.scalars(
            select(SectionText)
            .join(SectionVersion, SectionVersion.id == SectionText.node_id)
            .where(SectionVersion.version_id == versions[2].id)
        ).all()
        german = {t.node_id: t.fingerprint for t in texts if t.language == "de"}
        translations = [t for t in texts if t.language != "de"]
        outdated = [t for t in translations if t.source_fingerprint != german[t.node_id]]
        assert 0 < len(outdated) < len(translations)

        comments = db.session.execute(
            select(Section.key, func.count(Contribution.id))
            .join(Contribution, Contribution.section_id == Section.id)
            .where(Contribution.kind == "comment", Contribution.version_id == versions[2].id)
            .group_by(Section.key).order_by(func.count(Contribution.id).desc())
        ).all()
        assert sum(n for _key, n in comments) == targets.comments
        (busiest_key, busiest), (_second_key, second) = comments[0], comments[1]
        assert facts["busiest_section"] == {"key": busiest_key, "comments": busiest}
        assert busiest > second
        assert _count(select(func.count(Contribution.id)).where(
            Contribution.kind == "comment", Contribution.parent_id.is_not(None))) > 0
        comment_languages = set(db.session.scalars(
            select(Contribution.language).where(Contribution.kind == "comment").distinct()))
        assert {"de", "ar", "tr"} <= comment_languages

        channels = set(db.session.scalars(
            select(Contribution.channel).where(Contribution.kind == "statement").distinct()))
        assert {"online", "email", "letter"} <= channels
        assert _count(select(func.count(Contribution.id)).where(
            Contribution.kind == "statement", Contribution.status != "received")) == 0

        unpublished = _count(select(func.count(Suggestion.id)).where(
            Suggestion.process_id == process.id, Suggestion.published_at.is_(None)))
        assert unpublished == 0
        without_section = _count(select(func.count(Suggestion.id)).where(
            ~Suggestion.sections.any()))
        assert without_section == 0
        assert _count(select(func.count(Event.id))) == targets.events
        # Stored by the services: every suggestion has its audit records.
        from consult.audit.models import AuditEntry

        for action in ("suggestion.split", "suggestion.decide", "suggestion.publish"):
            assert _count(select(func.count(AuditEntry.id)).where(
                AuditEntry.action == action)) == targets.suggestions


def _login(client, account: dict) -> None:
    response = client.post("/account/login", data=account)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_every_page_of_the_facts_answers(app):
    facts, _log = _build(app)
    anonymous = app.test_client()
    for name, path in {**facts["pages"], "statement_form": facts["statement_form"]}.items():
        response = anonymous.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
    assert facts["busiest_section"]["key"] in facts["pages"]["section"]

    table = anonymous.get(facts["pages"]["disposition"]).get_data(as_text=True)
    total = facts["counts"]["suggestions"]
    assert re.search(rf'class="disposition-total">{total}\b', table)
    rows = dict(re.findall(r'<tr id="row-A-(\d+)">(.*?)</tr>', table, re.S))
    assert len(rows) == min(total, 50)
    with app.app_context():
        answers = {
            s.number: s for s in db.session.scalars(
                select(Suggestion).where(Suggestion.number.in_([int(n) for n in rows])))
        }
    for number, row in rows.items():
        answer = answers[int(number)]
        assert f"outcome-{answer.outcome}" in row
        if answer.public_reason:
            assert escape(answer.public_reason, quote=False) in row
    filtered = anonymous.get(facts["pages"]["disposition_filtered"]).get_data(as_text=True)
    shown = int(re.search(r'class="disposition-total">(\d+)', filtered)[1])
    assert 0 < shown < total

    staff = app.test_client()
    assert staff.get(facts["staff_pages"]["queue_filtered"]).status_code in (302, 401)
    _login(staff, facts["accounts"]["staff"])
    for name, path in facts["staff_pages"].items():
        response = staff.get(path)
        assert response.status_code == 200, (name, path)
    queue = staff.get(facts["staff_pages"]["queue_filtered"]).get_data(as_text=True)
    assert re.search(r"A-\d+", queue)

    resident = app.test_client()
    _login(resident, facts["accounts"]["resident"])
    for name, path in facts["resident_pages"].items():
        response = resident.get(path)
        assert response.status_code == 200, (name, path)
        assert 'action="/account/logout"' in response.get_data(as_text=True)  # signed in
    assert 'action="/account/logout"' not in anonymous.get(facts["pages"]["section"]).get_data(
        as_text=True
    )


def test_the_command_writes_the_facts(tmp_path: Path):
    url = fresh_sqlite_database(tmp_path / "bench.sqlite3")
    env = base_environment(url)
    migrate(env)
    facts_path = tmp_path / "facts.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench.dataset", "--database-url", url, "--scale", str(SCALE),
         "--facts", str(facts_path)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "built in" in result.stderr
    facts = json.loads(facts_path.read_text())
    assert facts["counts"]["comments"] == Targets.at(SCALE).comments
    assert set(facts) >= {
        "scale", "slug", "version", "counts", "busiest_section", "pages", "staff_pages",
        "resident_pages", "accounts", "statement_form", "export_process_id",
    }
    assert len(facts["accounts"]["staff"]["password"]) >= 20
