"""The benchmark dataset's triage (see bench.dataset): groups, standard replies, and every
statement split paragraph by paragraph into suggestions, each routed to the expert group of its
field of action, some recommended, all decided by the steering group's chair with a public reason
(translated into the suggestion's language where one is at hand), published version by version;
accepted suggestions on the earlier version are linked to the section they changed in the latest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bench import dataset_text as text
from bench.dataset_plan import weighted
from consult.extensions import db
from consult.plans.models import SectionVersion
from consult.triage import services as triage
from consult.triage.models import Suggestion

if TYPE_CHECKING:
    from bench.dataset import World

OUTCOMES = {
    "accepted": 14, "partly_accepted": 14, "not_accepted": 18, "noted": 26,
    "already_covered": 17, "out_of_scope": 11,
}
TAGS = ["Kosten", "Sprache", "Jugend", "Barrierefreiheit", "Stadtteil"]
RECOMMENDED = 0.2
TRANSLATED = 0.7


def _groups(world: World) -> None:
    staff, process = world.staff, world.process
    for index, field in enumerate(world.fields):
        name = field.text("de").title
        group = triage.save_group(
            process, actor=staff, name=f"Expert*innengruppe {name}", kind="expert_group",
            description=f"Prüft die Anregungen zum Handlungsfeld „{name}“.",
            sections=[field.section],
        )
        triage.add_member(group, staff, role="staff", actor=staff)
        world.groups[index] = group
    steering = triage.save_group(
        process, actor=staff, name="Steuerungsgruppe", kind="steering_group", decides=True,
        description="Entscheidet über die Antworten auf alle Anregungen.",
    )
    triage.add_member(steering, world.chair, role="chair", actor=staff)
    triage.add_member(steering, staff, role="staff", actor=staff)
    for outcome in OUTCOMES:
        triage.save_reply_template(
            process, actor=staff, title=f"Standardantwort: {outcome}", outcome=outcome,
            text=text.REASONS[outcome]["de"][0],
        )


def add_triage(world: World) -> None:
    rng, staff = world.rng, world.staff
    _groups(world)
    world.commit()
    made = 0
    # Held until published, so that publishing finds them loaded instead of reading each again.
    kept: list[Suggestion] = []
    for statement, sections, paragraphs in world.statements:
        for start, end in paragraphs:
            section = rng.choice(sections)
            field = world.field_of[section.id]
            suggestion = triage.split(
                statement, actor=staff, start=start, end=end, sections=[section],
                summary="", tags=[rng.choice(TAGS)] if rng.random() < 0.2 else (),
                language=statement.language, group=world.groups[field],
            )
            _answer(world, suggestion)
            kept.append(suggestion)
            world.suggestions.append((suggestion.number, field, suggestion.outcome,
                                      suggestion.passage))
            made += 1
            world.stored()
            if made % 5000 == 0:
                world.log(f"  {made} suggestions split and decided")
        triage.set_split_done(statement, True, actor=staff)
    world.commit()
    world.log(f"  {made} suggestions split and decided")
    for number in sorted(world.versions):
        published = triage.publish_version(world.versions[number], actor=staff)
        world.commit()
        if published:
            world.log(f"  published {published} decisions on version {number}")
    _link_changes(world)
    kept.clear()


def _answer(world: World, suggestion: Suggestion) -> None:
    """A recommendation now and then, the decision, and the reason in the suggestion's
    language where a translation is at hand."""
    rng, staff = world.rng, world.staff
    outcome = weighted(rng, OUTCOMES)
    if rng.random() < RECOMMENDED:
        recommended = outcome if rng.random() < 0.8 else weighted(rng, OUTCOMES)
        triage.recommend(
            suggestion, actor=staff, outcome=recommended, group=suggestion.group,
            reasoning="Empfehlung der Expert*innengruppe nach Beratung in der Sitzung.",
        )
    index, reason = text.reason(rng, outcome)
    if outcome == "accepted" and rng.random() < 0.3:
        reason = ""
    triage.decide(
        suggestion, actor=world.chair, outcome=outcome, public_reason=reason,
        internal_note=rng.choice(text.INTERNAL_NOTES) if rng.random() < 0.2 else "",
    )
    translations = text.REASONS[outcome].get(suggestion.language)
    if reason and translations and suggestion.language != "de" and rng.random() < TRANSLATED:
        triage.set_reason_translation(
            suggestion, language=suggestion.language, text=translations[index], actor=staff
        )


def _link_changes(world: World) -> None:
    """Accepted suggestions on the earlier version whose section changed in the latest."""
    latest = world.versions[world.latest]
    earlier = world.versions[world.latest - 1]
    nodes = {
        node.section_id: node
        for node in db.session.scalars(
            select(SectionVersion).where(SectionVersion.version_id == latest.id)
        )
    }
    suggestions = db.session.scalars(
        select(Suggestion).where(
            Suggestion.version_id == earlier.id,
            Suggestion.outcome.in_(["accepted", "partly_accepted"]),
        ).order_by(Suggestion.number)
    ).all()
    linked = 0
    for suggestion in suggestions:
        changed = [s for s in suggestion.sections if s.id in world.changed_in_latest]
        for section in changed:
            triage.link_change(suggestion, nodes[section.id], actor=world.staff)
            linked += 1
            world.stored()
    world.commit()
    world.log(f"  {linked} accepted suggestions linked to the text they changed")
