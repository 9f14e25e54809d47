"""The road to adoption: bodies, internal reading, amendments, the adopted version, reports.

From `consult.demo_content.council`: the advisory council, four council committees and the
council as bodies (with a demo account in the advisory council); the administrative draft
(version 3) shared with the advisory council before it is public, with comments in the
council's non-public thread and its recommendations entered in one go and split into
suggestions; then the draft published for the committees, two amendments voted point by point
in several committees and the council (adopted, rejected, withdrawn, referred and then
adopted), the adopted version generated from the adopted points (with their English
translations), the milestones of the timeline and four reports.

Everything goes through the services (`consult.triage.services`, `consult.council.sharing`,
`consult.comments.services`, `consult.council.recommendations`, `consult.council.services`,
`consult.council.adoption`, `consult.reports.services`), as staff and the council member would
have done it by hand. Running it again changes nothing: the account that exists is kept (its
password reset only when asked), and a process that has bodies of the council, shares,
amendments, milestones or reports is left alone.
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from datetime import UTC, date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from consult.accounts.models import User
from consult.comments import services as comment_services
from consult.council import adoption, recommendations, sharing
from consult.council import services as council
from consult.council.models import Amendment, PointApplication, VersionShare
from consult.demo.accounts import ensure_accounts
from consult.demo.participation import _backdate, _clock, _demo_day, _local_time, _nodes_by_key
from consult.demo_content import council as content
from consult.demo_content import forum as forum_content
from consult.demo_content import process as process_content
from consult.extensions import db
from consult.participation.models import Contribution, Event
from consult.plans import services as plan_services
from consult.plans.models import Process, Section, TextOrigin, Version, VersionStatus
from consult.reports import services as report_services
from consult.reports.models import Milestone, Report
from consult.triage import services as triage
from consult.triage.models import Group, GroupKind

__all__ = ["add_council", "has_council"]

COUNCIL_KINDS = (
    GroupKind.ADVISORY_COUNCIL.value, GroupKind.COMMITTEE.value, GroupKind.COUNCIL.value,
)


def add_council(process: Process, reset_passwords: bool = False) -> dict[str, Any]:
    """Ensure the council account; give the process its council stretch unless it has some.

    Returns ``accounts`` (as `consult.demo.accounts.ensure_accounts` does, to be printed with
    the other demo accounts) and ``added``: a summary of what was added, or None.
    """
    accounts = ensure_accounts(reset_passwords, content.ACCOUNTS)
    added = None
    if not has_council(process):
        with force_locale(process.original_language):
            added = _build(process)
    return {"accounts": accounts, "added": added}


def has_council(process: Process) -> bool:
    queries = [
        select(Group.id).where(Group.process_id == process.id, Group.kind.in_(COUNCIL_KINDS)),
        select(VersionShare.id)
        .join(Version, Version.id == VersionShare.version_id)
        .where(Version.process_id == process.id),
        select(Amendment.id).where(Amendment.process_id == process.id),
        select(Milestone.id).where(Milestone.process_id == process.id),
        select(Report.id).where(Report.process_id == process.id),
    ]
    return any(db.session.scalar(query.limit(1)) is not None for query in queries)


# --- building --------------------------------------------------------------------------------


def _markdown(body: str) -> str:
    return inspect.cleandoc(body)


def _long_date(day: date, language: str) -> str:
    return format_date(day, format="long", locale=language.split("-")[0])


def _build(process: Process) -> dict[str, Any] | None:
    """The council stretch; None when the process lacks what it builds on (the administrative
    draft, not yet adopted, with the sections the content is about, and the staff account)."""
    versions = {v.number: v for v in process.versions}
    emails = {content.STAFF, content.COUNCIL_MEMBER}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    staff = users.get(content.STAFF)
    draft = versions.get(3)
    if staff is None or draft is None or draft.status == VersionStatus.ADOPTED.value:
        return None
    nodes = _nodes_by_key(draft)
    if not _sections_named() <= nodes.keys():
        return None
    day = _demo_day(process) or date.today()
    summary: dict[str, Any] = {"shared": False, "body_comments": 0, "recommendations": 0}

    bodies = _add_bodies(process, staff, users)
    summary["bodies"] = len(bodies)
    if not draft.is_public:
        summary.update(_read_internally(process, draft, nodes, bodies, users, staff, day))
        _publish_draft(draft, staff, day)
    amendments = _file_amendments(process, draft, nodes, staff, day)
    summary["amendments"] = len(amendments)
    summary["points"] = sum(len(a.points) for a in amendments.values())
    summary["votes"] = _vote(amendments, bodies, staff, day)
    adopted = _adopt(draft, amendments, staff, day)
    summary["adopted"] = {"number": adopted.number, "label": adopted.title("de")}
    versions[adopted.number] = adopted
    groups = {
        g.name: g for g in db.session.scalars(select(Group).where(Group.process_id == process.id))
    }
    event = db.session.scalar(
        select(Event).where(
            Event.process_id == process.id, Event.name == forum_content.EVENT["name"]
        )
    )
    milestones = _add_milestones(process, versions, adopted, bodies, groups, event, staff, day)
    summary["milestones"] = len(milestones)
    summary["reports"] = _add_reports(
        process, draft, adopted, bodies, groups, milestones, event, staff, day
    )
    return summary


def _sections_named() -> set[str]:
    """The keys of the sections the content is about."""
    keys = {point["section"] for a in content.AMENDMENTS for point in a["points"]}
    keys |= {c["section"] for c in content.BODY_COMMENTS if "section" in c}
    for item, _summary, _tags in content.RECOMMENDATIONS["items"]:
        keys |= set(re.findall(r"\{([^}]+)\}", item))
    return keys


def _add_bodies(process: Process, staff: User, users: dict[str, User]) -> dict[str, Group]:
    bodies = {}
    for key, spec in content.BODIES.items():
        body = triage.save_group(
            process, actor=staff, name=spec["name"], kind=spec["kind"],
            description=spec["description"],
        )
        for email, role in spec["members"]:
            if email in users:
                triage.add_member(body, users[email], role=role, actor=staff)
        bodies[key] = body
    return bodies


def _read_internally(process, draft, nodes, bodies, users, staff, day) -> dict[str, Any]:
    """Share the administrative draft with the advisory council; its comments in the
    non-public thread and its recommendations, entered in one go."""
    sharing.share_version(
        draft, [bodies[key] for key in content.SHARED_WITH], actor=staff, comments_open=True
    )
    council_body = bodies[content.SHARED_WITH[0]]
    written: dict[str, Contribution] = {}
    for spec in content.BODY_COMMENTS:
        author = users.get(spec["author"])
        if author is None:
            continue
        parent = written.get(spec.get("reply_to"))
        node = nodes[spec["section"]] if parent is None else nodes[parent.section.key]
        comment, _created = comment_services.post_comment(
            process=process, version=draft, node=node, author=author, body=spec["body"],
            today=day, parent=parent, language="de", as_body=council_body,
        )
        _backdate(comment, _clock(day, hours_ago=24 * spec["days_ago"]))
        written[spec["ref"]] = comment
    spec = content.RECOMMENDATIONS
    received_on = day - timedelta(days=spec["days_ago"])
    numbers = {key: node.number for key, node in nodes.items()}
    intro = spec["intro"].format(date=_long_date(received_on - timedelta(days=1), "de"))
    items = "\n".join("- " + item.format(**numbers) for item, _summary, _tags in spec["items"])
    _contribution, suggestions = recommendations.enter_recommendations(
        process, draft, council_body, actor=staff, text=f"{intro}\n\n{items}",
        received_on=received_on, language=spec["language"], today=day,
    )
    for suggestion, (_item, summary, tags) in zip(suggestions, spec["items"], strict=True):
        triage.update_details(
            suggestion, actor=staff, expected=None, summary=summary,
            sections=list(suggestion.sections), language=suggestion.language, tags=tags,
        )
    return {
        "shared": True, "body_comments": len(written), "recommendations": len(suggestions),
    }


def _publish_draft(draft: Version, staff: User, day: date) -> None:
    """Publish the administrative draft for the committees, with its change note saying so."""
    published_on = day + timedelta(days=content.PUBLISHED_DAY)
    paper = f"{content.COUNCIL_PAPER}/{published_on.year}"
    changelog = dict(draft.changelog)
    for language, note in content.PUBLISHED_NOTE.items():
        _first, _blank, rest = changelog.get(language, "").partition("\n\n")
        changelog[language] = note.format(paper=paper) + (f"\n\n{rest}" if rest else "")
    plan_services.update_version(draft, label=dict(draft.label), changelog=changelog, actor=staff)
    plan_services.set_version_status(draft, VersionStatus.PUBLISHED, staff)
    _date_publication(draft, published_on)


def _date_publication(version: Version, day: date) -> None:
    """The publication on the day the demo's timeline gives it (like the backdated
    contributions, the demo shows the whole road at once)."""
    version.published_at = _local_time(day, 12, 0)
    db.session.flush()


def _file_amendments(process, draft, nodes, staff, day) -> dict[str, Amendment]:
    amendments = {}
    for spec in content.AMENDMENTS:
        filed_on = day + timedelta(days=spec["filed_day"])
        amendment = council.save_amendment(
            process, draft, actor=staff, number=f"{spec['number']}/{filed_on.year}",
            filed_on=filed_on, title=spec["title"], filed_by=spec["filed_by"], published=True,
        )
        for point in spec["points"]:
            title, body = point.get("de", (None, None))
            council.save_point(
                amendment, actor=staff, section=nodes[point["section"]].section,
                kind=point["kind"], new_title=title,
                new_body=_markdown(body) if body is not None else None,
                justification=point["justification"],
            )
        amendments[spec["ref"]] = amendment
    return amendments


def _vote(amendments: dict[str, Amendment], bodies, staff, day) -> int:
    count = 0
    for meeting in content.MEETINGS:
        held_on = day + timedelta(days=meeting["day"])
        by_amendment: dict[str, dict[int, council.VoteInput]] = defaultdict(dict)
        for (ref, position), (yes, no, abstain, result, *note) in meeting["votes"].items():
            point = amendments[ref].points[position - 1]
            by_amendment[ref][point.id] = council.VoteInput(
                yes=yes, no=no, abstain=abstain, result=result, note=note[0] if note else ""
            )
        for ref, votes in by_amendment.items():
            count += len(
                council.record_votes(
                    amendments[ref], actor=staff, group=bodies[meeting["body"]],
                    held_on=held_on, votes=votes,
                )
            )
    return count


def _adopt(draft: Version, amendments: dict[str, Amendment], staff, day) -> Version:
    """Generate the adopted version, give the changed and new sections their English (and the
    new ones their keys), then publish and adopt it."""
    adopted_on = day + timedelta(days=content.ADOPTED_DAY)
    numbers = {ref: amendment.number for ref, amendment in amendments.items()}
    changelog = {
        language: _markdown(text).format(date=_long_date(adopted_on, language), **numbers)
        for language, text in content.ADOPTED_CHANGELOG.items()
    }
    adopted = adoption.generate_adopted_version(
        draft, actor=staff, label=content.ADOPTED_LABEL, changelog=changelog, adopt=False
    )
    specs = {
        point.id: spec
        for ref, amendment in amendments.items()
        for point, spec in zip(
            amendment.points,
            next(a for a in content.AMENDMENTS if a["ref"] == ref)["points"],
            strict=True,
        )
    }
    applications = db.session.scalars(
        select(PointApplication).where(PointApplication.version_id == adopted.id)
    ).all()
    nodes = {node.section_id: node for node in _nodes_by_key(adopted).values()}
    for application in applications:
        spec = specs[application.point_id]
        node = nodes[application.section_id]
        if spec.get("key"):
            db.session.get(Section, application.section_id).key = spec["key"]
        if "en" in spec:
            title, body = spec["en"]
            plan_services.set_section_text(
                node, "en", title=title or node.text("en").title, body=_markdown(body),
                origin=TextOrigin.HUMAN.value, reviewed=True, source_language="de", actor=staff,
            )
    plan_services.set_version_status(adopted, VersionStatus.PUBLISHED, staff)
    plan_services.set_version_status(adopted, VersionStatus.ADOPTED, staff)
    _date_publication(adopted, adopted_on)
    return adopted


def _add_milestones(process, versions, adopted, bodies, groups, event, staff, day):
    """The timeline: by kind, the milestones made."""
    made: dict[str, Milestone] = {}
    for position, spec in enumerate(content.MILESTONES):
        phase = process_content.PHASES[spec["phase"]] if "phase" in spec else {}
        if spec.get("event"):
            if event is None:
                continue
            starts_on, ends_on = _local_date(event), None
        else:
            start, end = spec.get("days") or phase["days"]
            starts_on = day + timedelta(days=start)
            ends_on = day + timedelta(days=end) if end is not None else None
        version = adopted if spec.get("version") == "adopted" else versions.get(spec.get("version"))
        made[spec["kind"]] = report_services.save_milestone(
            process, actor=staff, kind=spec["kind"], starts_on=starts_on, ends_on=ends_on,
            name=spec.get("name") or phase.get("name"),
            description=spec.get("description") or phase.get("description"),
            reference=spec.get("reference", "").format(year=starts_on.year),
            version=version, event=event if spec.get("event") else None,
            group=_body(spec.get("body"), bodies, groups), position=position,
        )
    return made


def _body(name: str | None, bodies: dict[str, Group], groups: dict[str, Group]) -> Group | None:
    if name is None:
        return None
    return bodies.get(name) or groups.get(name)


def _local_date(event: Event) -> date:
    """The day of the event where it takes place."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Berlin")
    starts_at = event.starts_at
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=UTC)
    return starts_at.astimezone(zone).date()


def _add_reports(process, draft, adopted, bodies, groups, milestones, event, staff, day) -> int:
    count = 0
    for spec in content.REPORTS:
        if spec["meeting"] == "forum":
            if event is None:
                continue
            meeting = _local_date(event)
        else:
            meeting = day + timedelta(days=spec["meeting"])
        texts = {
            language: (
                title.format(date=_long_date(meeting, language)),
                _markdown(body).format(
                    slug=process.slug, draft=draft.number, adopted=adopted.number
                ),
            )
            for language, (title, body) in spec["texts"].items()
        }
        report_services.save_report(
            process, actor=staff, texts=texts,
            published_on=meeting + timedelta(days=spec["published_after"]),
            group=_body(spec.get("body"), bodies, groups),
            milestone=milestones.get(spec["milestone"]), publish=True,
        )
        count += 1
    return count
