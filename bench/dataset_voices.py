"""The benchmark dataset's voices: comments, written statements and forum cards (see
bench.dataset).

Comments are posted on the latest version by residents, some in their organisation's name,
replies up to three levels deep; how many a section draws falls off steeply from one busiest
section. Statements arrive online (with an account, or without one and then confirmed by the
e-mail link) and by e-mail, letter or in person (entered by staff). Cards are captured by staff
event by event. The language of every text is passed explicitly, as authors and staff choose it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from bench import dataset_text as text
from bench.dataset_plan import weighted
from consult.comments import services as comments
from consult.forum import services as forum
from consult.statements import services as statements

if TYPE_CHECKING:
    from bench.dataset import World

CONTRIBUTION_LANGUAGES = {
    "de": 62, "en": 8, "tr": 9, "ar": 9, "ru": 5, "uk": 4, "pl": 2, "fa": 1,
}
REPLY_SHARE = 0.3
# The busiest section's share of all comments; the others fall off as 1 / (1 + rank / 1.5)^0.7.
BUSIEST_SHARE = 0.06
# The busiest section has at least this many times the comments of the next one.
LEAD = 1.4
CHANNELS = {"account": 40, "confirmed": 15, "email": 20, "letter": 15, "in_person": 10}


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), exactly."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    rest = total - sum(counts)
    for index in sorted(range(len(raw)), key=lambda i: counts[i] - raw[i])[:rest]:
        counts[index] += 1
    return counts


def comment_counts(total: int, sections: int) -> list[int]:
    """Comments per section by rank: one busiest section, a few with several hundred (at full
    scale), most with a few dozen or less; the busiest well ahead of the second."""
    tail = [1 / (1 + rank / 1.5) ** 0.7 for rank in range(1, sections)]
    busiest = max(round(total * BUSIEST_SHARE), 1)
    others = allocate(total - busiest, tail) if sections > 1 else []
    # With few sections the tail would catch up: move comments over until the busiest stands
    # out (at full scale it does already).
    while others and busiest < LEAD * max(others):
        largest = max(range(len(others)), key=others.__getitem__)
        others[largest] -= 1
        busiest += 1
    return [busiest, *others]


def _language_for(world: World, user) -> str:
    """Mostly the author's own language, sometimes another."""
    if user.preferred_language and world.rng.random() < 0.7:
        return user.preferred_language
    return weighted(world.rng, CONTRIBUTION_LANGUAGES)


def _organisation_for(world: World, user, share: float):
    organisations = world.member_of.get(user.id)
    if organisations and world.rng.random() < share:
        return world.rng.choice(organisations)
    return None


# --------------------------------------------------------------------------- comments


def add_comments(world: World) -> None:
    rng, process = world.rng, world.process
    version = world.versions[world.latest]
    nodes = list(world.nodes[world.latest])
    ranked = nodes[:]
    rng.shuffle(ranked)
    counts = comment_counts(world.targets.comments, len(ranked))
    world.busiest_section_id = ranked[0].section_id
    # One entry per comment to write, in a random order: sections fill up side by side.
    queue = [index for index, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(queue)
    threads: dict[int, list] = {}
    for done, index in enumerate(queue, start=1):
        node = ranked[index]
        thread = threads.setdefault(index, [])
        parents = [c for c in thread[-30:] if c.depth < comments.MAX_DEPTH]
        parent = rng.choice(parents) if parents and rng.random() < REPLY_SHARE else None
        author = rng.choice(world.residents)
        language = _language_for(world, author)
        comment, _created = comments.post_comment(
            process=process, version=version, node=node, author=author,
            body=text.voice(rng, language, rng.randint(1, 4)), today=world.today,
            organisation=_organisation_for(world, author, 0.3), parent=parent,
            language=language,
        )
        thread.append(comment)
        world.stored()
        if done % 5000 == 0:
            world.log(f"  {done} comments")
    world.log(
        f"  {len(queue)} comments on {sum(1 for c in counts if c)} sections; "
        f"busiest {ranked[0].section.key} with {counts[0]}"
    )


# --------------------------------------------------------------------------- statements


def suggestion_counts(world: World) -> list[int]:
    """Suggestions per statement (1 to 12), adding up to the target exactly."""
    rng, targets = world.rng, world.targets
    counts = [min(12, max(1, round(rng.gauss(4, 2)))) for _ in range(targets.statements)]
    difference = targets.suggestions - sum(counts)
    step = 1 if difference > 0 else -1
    while difference:
        index = rng.randrange(len(counts))
        if 1 <= counts[index] + step <= 12:
            counts[index] += step
            difference -= step
        elif all(not 1 <= c + step <= 12 for c in counts):
            raise ValueError("too many suggestions for the number of statements")
    return counts


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a text (paragraphs are separated by a blank line)."""
    spans, start = [], 0
    for part in body.split("\n\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


def add_statements(world: World) -> None:
    rng, process, staff, today = world.rng, world.process, world.staff, world.today
    counts = suggestion_counts(world)
    channels: dict[str, int] = {}
    for number, paragraphs in enumerate(counts, start=1):
        version_number = world.latest if rng.random() < 0.75 else world.latest - 1
        version = world.versions[version_number]
        nodes = world.nodes[version_number]
        sections = [node.section for node in rng.sample(nodes, rng.randint(1, 3))]
        language = weighted(rng, CONTRIBUTION_LANGUAGES)
        body = "\n\n".join(text.voice(rng, language, rng.randint(2, 4)) for _ in range(paragraphs))
        topic = text.FIELDS[world.field_of[sections[0].id] % len(text.FIELDS)]["de"]
        title = f"Stellungnahme zum Handlungsfeld {topic}" if language == "de" else None
        channel = weighted(rng, CHANNELS)
        channels[channel] = channels.get(channel, 0) + 1
        publish_text, publish_name = rng.random() < 0.8, rng.random() < 0.4
        if channel in ("account", "confirmed"):
            author = rng.choice(world.residents) if channel == "account" else None
            submission = statements.Submission(
                body=body, title=title, language=language, sections=sections, version=version,
                organisation=_organisation_for(world, author, 0.4) if author else None,
                name=None if author else text.person_name(rng),
                email=None if author else f"statement{number:05d}@example.org",
                publish_text=publish_text, publish_name=publish_name, notify_language=language,
            )
            statement, token = statements.submit_statement(
                process, author, submission, [], today=today
            )
            if author is None:
                statements.confirm_statement(statements.make_confirmation_token(statement, token))
        else:
            organisation = (
                rng.choice(world.organisations) if rng.random() < 0.2 else None
            )
            entry = statements.PaperStatement(
                channel=channel, received_on=today - timedelta(days=rng.randint(0, 55)),
                body=body, title=title, language=language, sections=sections, version=version,
                organisation=organisation,
                submitter_type="organisation" if organisation else "resident",
                name=None if organisation else text.person_name(rng),
                email=f"letter{number:05d}@example.org" if channel == "email" else None,
                address=(f"Musterstraße {rng.randint(1, 120)}\n30159 Hannover"
                         if channel == "letter" else None),
                publish_text=publish_text, publish_name=publish_name,
            )
            statement = statements.record_statement(process, staff, entry, [], today=today)
        world.statements.append((statement, sections, _paragraphs(statement.body)))
        world.stored()
        if number % 1000 == 0:
            world.log(f"  {number} statements")
    world.log(f"  {len(counts)} statements by channel {channels}")


# --------------------------------------------------------------------------- the forum


def add_forum(world: World) -> None:
    rng, process, staff = world.rng, world.process, world.staff
    targets = world.targets
    version = world.versions[world.latest]
    nodes = world.nodes[world.latest]
    per_event = allocate(targets.cards, [rng.uniform(0.3, 1.7) for _ in range(targets.events)])
    for index, cards in enumerate(per_event):
        district = text.DISTRICTS[index % len(text.DISTRICTS)]
        day = world.today - timedelta(days=rng.randint(1, 55))
        starts = datetime.combine(day, time(16, 0), tzinfo=UTC)
        event = forum.create_event(
            process, name=f"Integrationsforum {district} ({index + 1})", starts_at=starts,
            ends_at=starts + timedelta(hours=3), place=f"Stadtteilzentrum {district}",
            description="Wir sammeln Ihre Rückmeldungen zum Entwurf an Thementischen.",
            language="de", actor=staff,
        )
        tables = []
        for number, field in enumerate(rng.sample(world.fields, min(len(world.fields), 3)),
                                       start=1):
            below = [n.section for n in nodes if n.section_id != field.section_id
                     and world.field_of[n.section_id] == world.field_of[field.section_id]]
            chosen = [field.section, *rng.sample(below, min(len(below), 2))]
            tables.append(forum.save_table(
                event, number=number, name=field.text("de").title, sections=chosen, actor=staff,
            ))
        inputs = []
        for _ in range(cards):
            table = rng.choice(tables)
            language = weighted(rng, CONTRIBUTION_LANGUAGES)
            inputs.append(forum.CardInput(
                text=text.voice(rng, language, rng.randint(1, 2)), table=table,
                section_id=rng.choice(table.sections).id, language=language,
            ))
        if inputs:
            forum.capture_cards(event, inputs, version=version, actor=staff)
        world.stored(len(inputs) + 1)
    world.log(f"  {targets.events} events with {targets.cards} cards")
