"""The benchmark dataset's accounts, organisations, process and plan (see bench.dataset).

Accounts are created as an administrator creates them (confirmed at once); organisations and
memberships as staff record them. The plan is written version by version as staff write it:
version 1 section by section with its translations, versions 2 and 3 copied from the one before
with some German texts changed (which marks their translations outdated, some are updated) and
then published.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bench import dataset_text as text
from consult.accounts import passwords
from consult.accounts import services as accounts
from consult.extensions import db
from consult.plans import services as plans
from consult.plans.models import SectionVersion

if TYPE_CHECKING:
    from bench.dataset import World

# Interface languages of the residents, with how often each is someone's preferred one.
RESIDENT_LANGUAGES = {"de": 50, "en": 10, "tr": 12, "ar": 12, "ru": 6, "uk": 5, "pl": 3, "fa": 2}
# Share of sections with a translation, by language (the original is German).
TRANSLATED = {"en": 0.8, "ar": 0.6, "tr": 0.25, "ru": 0.2}
# Share of sections whose German text changes from one version to the next.
CHANGED = 0.15


def weighted(rng, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@contextmanager
def quick_hashing() -> Iterator[None]:
    """Cheap Argon2 parameters (as the test suite uses) for the many accounts whose passwords
    nobody keeps; the accounts in the facts file are hashed with the production parameters."""
    original = passwords.hasher
    passwords.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        passwords.hasher = original


# --------------------------------------------------------------------------- accounts


def _account(world: World, email: str, name: str, role: str, language: str):
    password = secrets.token_urlsafe(18)
    user = accounts.create_account(
        email=email, display_name=name, password=password, role=role, language=language,
    )
    world.passwords[user.email] = password
    return user


def add_accounts(world: World) -> None:
    rng, targets = world.rng, world.targets
    world.staff = _account(world, "staff@example.org", "Sabine Sachbearbeiterin", "staff", "de")
    world.chair = _account(
        world, "steering@example.org", "Karin Exempel (Vorsitz Steuerungsgruppe)", "resident", "de"
    )
    world.resident = _account(world, "resident@example.org", "Rana Haddad", "resident", "ar")
    world.residents = [world.resident]
    with quick_hashing():
        for number in range(1, targets.residents):
            user = accounts.create_account(
                email=f"resident{number:04d}@example.org", display_name=text.person_name(rng),
                password=secrets.token_urlsafe(18), role="resident",
                language=weighted(rng, RESIDENT_LANGUAGES),
            )
            world.residents.append(user)
            world.stored()
    world.log(f"  {len(world.residents)} residents, staff and the steering group's chair")

    members = [u for u in world.residents if u is not world.resident]
    for index in range(targets.organisations):
        name, kind = text.ORGANISATIONS[index % len(text.ORGANISATIONS)]
        if index >= len(text.ORGANISATIONS):
            name = f"{name} {index // len(text.ORGANISATIONS) + 1}"
        organisation = accounts.create_organisation(
            world.staff, name=name, kind=kind,
            description=f"{name}: Beratung, Begegnung und Bildung in Hannover.",
            website=None, contact_email=None,
        )
        if rng.random() < 0.8:
            accounts.set_verified(organisation, True, world.staff)
        chosen = rng.sample(members, min(len(members), rng.randint(2, 4)))
        # The resident of the facts file acts for the first organisation too.
        if index == 0:
            chosen.append(world.resident)
        for position, user in enumerate(chosen):
            accounts.add_member(
                organisation, user.email, "manager" if position == 0 else "member", world.staff
            )
            world.member_of.setdefault(user.id, []).append(organisation)
        world.organisations.append(organisation)
    world.log(f"  {len(world.organisations)} organisations")


# --------------------------------------------------------------------------- the plan


def _shape(count: int) -> tuple[int, int, int]:
    """(fields of action, goals, measures) adding up to `count` sections."""
    fields = max(2, round(count * 0.04))
    goals = max(fields, round(count * 0.16))
    return fields, goals, count - fields - goals


def add_plan(world: World) -> None:
    rng, staff, today = world.rng, world.staff, world.today
    process = plans.create_process(
        slug="lip", original_language="de", languages=("en", "ar", "tr", "ru"),
        title="Lokaler Integrationsplan", is_public=True, actor=staff,
        summary="Wie wir in unserer Stadt zusammenleben wollen – ein Plan für alle.",
        body="Der **Lokale Integrationsplan** entsteht gemeinsam mit den Menschen der Stadt.",
    )
    plans.set_process_text(
        process, "en", title="Local Integration Plan", actor=staff,
        summary="How we want to live together in our city – a plan for everyone.",
        body="The **Local Integration Plan** is written together with the people of the city.",
    )
    plans.set_process_text(
        process, "ar", title="خطة الاندماج المحلية", actor=staff,
        summary="كيف نريد أن نعيش معاً في مدينتنا – خطة للجميع.",
        body="تُكتب **خطة الاندماج المحلية** بالتعاون مع سكان المدينة.",
    )
    plans.save_phase(
        process, name={"de": "Beteiligung", "en": "Participation"}, actor=staff,
        starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=365),
        opens=("comments", "statements", "forum"),
    )
    world.process = process

    first = plans.create_version(
        process, label={"de": "Diskussionsentwurf 1", "en": "Discussion draft 1"}, actor=staff
    )
    _write_sections(world, first)
    plans.publish_version(first, staff)
    world.versions[1] = first
    world.commit()
    labels = {2: ("Diskussionsentwurf 2", "Discussion draft 2"),
              3: ("Verwaltungsentwurf", "Administrative draft")}
    for number in (2, 3):
        de, en = labels[number]
        version = plans.create_version(
            process, label={"de": de, "en": en}, copy_from=world.versions[number - 1],
            changelog={"de": "Überarbeitet nach den Rückmeldungen.",
                       "en": "Revised after the feedback."},
            actor=staff,
        )
        nodes = _version_nodes(version)
        changed = rng.sample(nodes, max(1, round(len(nodes) * CHANGED)))
        for node in changed:
            _revise(world, node)
        if number == 3:
            world.changed_in_latest = {node.section_id for node in changed}
        plans.publish_version(version, staff)
        world.versions[number] = version
        world.nodes[number] = nodes
        world.commit()
    world.log(f"  3 versions of {len(world.nodes[1])} sections")


def _version_nodes(version) -> list[SectionVersion]:
    return list(
        db.session.scalars(
            select(SectionVersion)
            .where(SectionVersion.version_id == version.id)
            .options(selectinload(SectionVersion.texts), selectinload(SectionVersion.section))
            .order_by(SectionVersion.order_key)
        )
    )


def _write_sections(world: World, version) -> None:
    """Fields of action, goals under them and measures under the goals, with translations."""
    rng, staff = world.rng, world.staff
    field_count, goal_count, measure_count = _shape(world.targets.sections)
    made: list[tuple[SectionVersion, int, str, int]] = []  # node, field, kind, index

    def add(kind: str, index: int, field: int, parent, key: str, number: int):
        bodies = text.section_body(rng, field, sentences=rng.randint(2, 4))
        titles = {
            language: text.section_title(kind, index, field, language, number)
            for language in text.PLAN_LANGUAGES
        }
        node = plans.add_section(
            version, title=titles["de"], body=bodies["de"], parent=parent, kind=kind, key=key,
            actor=staff, renumber_now=False,
        )
        for language, share in TRANSLATED.items():
            if rng.random() < share:
                machine = language in ("tr", "ru") and rng.random() < 0.5
                plans.set_section_text(
                    node, language, title=titles[language], body=bodies[language],
                    origin="machine_translation" if machine else "human_translation",
                    reviewed=not machine, source_language="de", actor=staff,
                )
        made.append((node, field, kind, index))
        world.field_of[node.section_id] = field
        return node

    fields = [add("field_of_action", f, f, None, f"hf{f + 1:02d}", f + 1)
              for f in range(field_count)]
    world.fields = fields
    goals = []
    for g in range(goal_count):
        field = g % field_count
        number = g // field_count + 1
        goals.append((add("goal", g, field, fields[field], f"hf{field + 1:02d}-z{number}",
                          number), field))
    per_goal: dict[int, int] = {}
    for m in range(measure_count):
        goal, field = goals[m % goal_count]
        per_goal[goal.id] = per_goal.get(goal.id, 0) + 1
        add("measure", m, field, goal, f"{goal.section.key}-m{per_goal[goal.id]}",
            per_goal[goal.id])
    plans.renumber(version)
    world.nodes[1] = _version_nodes(version)


def _revise(world: World, node: SectionVersion) -> None:
    """Change a section's German text; update its English translation half of the time."""
    rng, staff = world.rng, world.staff
    original = node.text("de")
    addition = rng.choice(text.REVISIONS)
    plans.set_section_text(
        node, "de", title=original.title, body=f"{original.body}\n\n{addition}", actor=staff
    )
    english = node.text("en")
    if english is not None and rng.random() < 0.5:
        plans.set_section_text(
            node, "en", title=english.title,
            body=f"{english.body}\n\nAdded after the consultation.",
            origin="human_translation", source_language="de", actor=staff,
        )
