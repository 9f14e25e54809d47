"""The benchmark dataset: a city-scale consultation, built through the app's own services.

One public process "lip" with three published versions of a plan (fields of action, goals,
measures) in German with translations; resident accounts and organisations; 20,000 comments on
the latest version, skewed so that one section draws about 1,200 of them; 5,000 written
statements (online and entered by staff from paper) split into 20,000 suggestions, each decided
with a public answer and published; 50 forum events with 2,000 cards. `--scale` multiplies all
counts (the plan keeps at least 12 sections per version, and the shape stays the same).

Everything is stored by the services staff and residents use (plans, accounts, comments,
statements, triage, forum), so fingerprints, receipt numbers, counters and audit records are
what the app itself would have written. The choices are drawn from `random.Random(seed)`, so a
seed gives the same dataset; receipt numbers, codes and timestamps are the services' own.

    python -m bench.dataset --database-url URL --scale 1 --facts bench/.data/facts.json

The database must be migrated already. The facts file (JSON) describes what was built: counts
read back from the database, the busiest section, pages to request, and the accounts (with
passwords generated for this build) that the benchmark signs in with. Progress and the time of
each stage go to stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlencode

from flask_babel import force_locale
from sqlalchemy import func, select

from consult.extensions import db

SLUG = "lip"
DEFAULT_SEED = 20260
# Commit after this many stored contributions, suggestions or decisions.
BATCH = 500


@dataclass(frozen=True)
class Targets:
    """How much of everything to build at a scale (1.0: the city-scale dataset)."""

    scale: float
    sections: int  # per version
    residents: int
    organisations: int
    comments: int
    statements: int
    suggestions: int
    events: int
    cards: int

    @classmethod
    def at(cls, scale: float) -> Targets:
        if scale <= 0:
            raise ValueError("the scale must be positive")

        def times(count: int, least: int = 1) -> int:
            return max(least, round(count * scale))

        statements = times(5000)
        events = times(50)
        return cls(
            scale=scale,
            sections=times(200, 12),
            residents=times(300, 8),
            organisations=times(6, 2),
            comments=times(20000),
            statements=statements,
            suggestions=max(statements, times(20000)),
            events=events,
            cards=max(events, times(2000)),
        )


@dataclass
class World:
    """What the stages build and what later stages need from earlier ones."""

    rng: random.Random
    targets: Targets
    today: date
    log: Callable[[str], None]
    process: Any = None
    versions: dict[int, Any] = field(default_factory=dict)
    # Per version number: its nodes in document order.
    nodes: dict[int, list] = field(default_factory=dict)
    # Section id -> index of its field of action; the field sections by index.
    field_of: dict[int, int] = field(default_factory=dict)
    fields: list = field(default_factory=list)
    # Section ids whose German text changed in version 3.
    changed_in_latest: set[int] = field(default_factory=set)
    staff: Any = None
    chair: Any = None
    resident: Any = None
    residents: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    # User id -> organisations the person may act for.
    member_of: dict[int, list] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    # Statements and the paragraphs (start, end) each will be split into.
    statements: list = field(default_factory=list)
    groups: dict[int, Any] = field(default_factory=dict)
    # (suggestion number, field index, outcome, passage) of every suggestion.
    suggestions: list = field(default_factory=list)
    busiest_section_id: int | None = None
    pending: int = 0

    @property
    def latest(self) -> int:
        return max(self.versions)

    def stored(self, count: int = 1) -> None:
        """Count stored rows; commit once a batch is full."""
        self.pending += count
        if self.pending >= BATCH:
            db.session.commit()
            self.pending = 0

    def commit(self) -> None:
        db.session.commit()
        self.pending = 0


@contextmanager
def _kept_objects() -> Iterator[None]:
    """Keep loaded objects across the batch commits instead of reloading each one."""
    session = db.session()
    before = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = before


def build(scale: float = 1.0, *, seed: int = DEFAULT_SEED, out: TextIO | None = None,
          today: date | None = None) -> dict[str, Any]:
    """Build the dataset in the current app context's database; returns the facts."""
    from bench import dataset_plan, dataset_triage, dataset_voices

    out = out or sys.stderr
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[dataset {time.perf_counter() - started:7.1f}s] {message}", file=out, flush=True)

    world = World(
        rng=random.Random(seed),  # noqa: S311 - a reproducible dataset, not a secret
        targets=Targets.at(scale), today=today or date.today(), log=log,
    )
    log(f"scale {scale}: {world.targets}")
    stages = [
        ("accounts and organisations", dataset_plan.add_accounts),
        ("process and three versions", dataset_plan.add_plan),
        ("comments", dataset_voices.add_comments),
        ("statements", dataset_voices.add_statements),
        ("forum events and cards", dataset_voices.add_forum),
        ("triage: split, decide, publish", dataset_triage.add_triage),
    ]
    # The services word their (unused) messages in a language; a command has no request.
    with _kept_objects(), force_locale("de"):
        try:
            for name, stage in stages:
                begun = time.perf_counter()
                log(f"{name} ...")
                stage(world)
                world.commit()
                log(f"{name}: done in {time.perf_counter() - begun:.1f}s")
            facts = collect_facts(world, scale)
        except BaseException:
            db.session.rollback()
            raise
    log(f"built in {time.perf_counter() - started:.1f}s: {facts['counts']}")
    return facts


# --------------------------------------------------------------------------- facts


def collect_facts(world: World, scale: float) -> dict[str, Any]:
    """What was built, read back from the database, and where to look at it."""
    from consult.participation.models import Contribution, Event
    from consult.plans.models import Section, SectionVersion, Version
    from consult.triage.models import Suggestion

    process = world.process
    latest = world.versions[world.latest]

    def count(statement) -> int:
        return int(db.session.scalar(statement) or 0)

    def contributions(kind: str) -> int:
        return count(
            select(func.count(Contribution.id)).where(
                Contribution.process_id == process.id, Contribution.kind == kind
            )
        )

    counts = {
        "versions": count(select(func.count(Version.id)).where(Version.process_id == process.id)),
        "sections": count(
            select(func.count(SectionVersion.id))
            .join(Version, Version.id == SectionVersion.version_id)
            .where(Version.process_id == process.id)
        ),
        "comments": contributions("comment"),
        "statements": contributions("statement"),
        "suggestions": count(
            select(func.count(Suggestion.id)).where(Suggestion.process_id == process.id)
        ),
        "decided": count(
            select(func.count(Suggestion.id)).where(
                Suggestion.process_id == process.id, Suggestion.outcome.is_not(None)
            )
        ),
        "events": count(select(func.count(Event.id)).where(Event.process_id == process.id)),
        "cards": contributions("forum_card"),
    }
    busiest_key, busiest_count = db.session.execute(
        select(Section.key, func.count(Contribution.id).label("n"))
        .join(Contribution, Contribution.section_id == Section.id)
        .where(Contribution.kind == "comment", Contribution.version_id == latest.id)
        .group_by(Section.key)
        .order_by(func.count(Contribution.id).desc(), Section.key)
        .limit(1)
    ).one()
    field_key, outcome, word = _filters(world)
    section_page = f"/p/{SLUG}/v/{latest.number}/s/{busiest_key}"
    staff_email = world.staff.email
    resident_email = world.resident.email
    return {
        "scale": scale,
        "slug": SLUG,
        "version": latest.number,
        "counts": counts,
        "busiest_section": {"key": busiest_key, "comments": int(busiest_count)},
        "pages": {
            "home": "/",
            "contents": f"/p/{SLUG}/v/{latest.number}",
            "section": section_page,
            "disposition": f"/p/{SLUG}/disposition",
            "disposition_filtered": f"/p/{SLUG}/disposition?"
            + urlencode({"outcome": outcome, "section": field_key}),
            "api_suggestions": f"/api/v1/processes/{SLUG}/suggestions",
            "api_sections": f"/api/v1/processes/{SLUG}/versions/{latest.number}/sections",
            "health": "/health",
        },
        "staff_pages": {
            "queue_filtered": f"/triage/{SLUG}/?"
            + urlencode({"status": "published", "section": field_key, "q": word}),
        },
        "resident_pages": {"section": section_page},
        "accounts": {
            "staff": {"email": staff_email, "password": world.passwords[staff_email]},
            "resident": {"email": resident_email, "password": world.passwords[resident_email]},
        },
        "statement_form": f"/p/{SLUG}/statements/new",
        "export_process_id": process.id,
    }


def _filters(world: World) -> tuple[str, str, str]:
    """Filters a reader would use: the field of action with the most suggestions, the most
    frequent outcome there, and the search word found in most of that field's passages."""
    from bench.dataset_text import TOPICS

    by_field: dict[int, list] = {}
    for _number, field_index, outcome, passage in world.suggestions:
        by_field.setdefault(field_index, []).append((outcome, passage.lower()))
    field_index = max(sorted(by_field), key=lambda index: len(by_field[index]))
    rows = by_field[field_index]
    outcomes: dict[str, int] = {}
    for outcome, _passage in rows:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    outcome = max(sorted(outcomes), key=lambda value: outcomes[value])
    words = [topic for topic in TOPICS["de"] if topic.isalpha()]
    word = max(words, key=lambda w: sum(w.lower() in passage for _outcome, passage in rows))
    return world.fields[field_index].section.key, outcome, word


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dataset", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of a migrated database")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies all counts")
    parser.add_argument("--facts", type=Path, required=True, help="where to write the facts (JSON)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    from consult import create_app

    # Mail goes to the log without MAIL_SERVER (the services send none anyway).
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": args.database_url, "RATELIMIT_ENABLED": False,
         "MAIL_SERVER": ""}
    )
    with app.app_context():
        try:
            facts = build(args.scale, seed=args.seed)
        finally:
            db.session.remove()
            db.engine.dispose()
    args.facts.parent.mkdir(parents=True, exist_ok=True)
    args.facts.write_text(json.dumps(facts, indent=2, ensure_ascii=False) + "\n")
    print(f"facts written to {args.facts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
