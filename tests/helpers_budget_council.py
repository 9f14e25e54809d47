"""The second half of the query budgets' world (tests/helpers_budget_world.py): triage
(groups, standard replies, suggestions in every state), the road to adoption (bodies,
amendments with voted points, the adopted version, the internal draft with its comments and
recommendations, milestones, reports), final notices, tokens, the uploads behind the import
and CSV previews, and the row counts that show how large a world is. No tests here.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import func, select

from consult.accountability import notices, opt_out
from consult.accountability.models import FinalNotice
from consult.accounts import tokens
from consult.accounts.models import Membership, Organisation
from consult.comments import services as comments
from consult.council import adoption, recommendations, sharing
from consult.council import services as council
from consult.council.models import Amendment, AmendmentPoint, AmendmentVote
from consult.extensions import db
from consult.participation.models import CommentReport, Contribution, Event, EventTable
from consult.plans import services as plans
from consult.plans.models import Phase, Process, Section, Version, VersionStatus
from consult.reports import services as reports
from consult.reports.models import Milestone, Report
from consult.triage import services as triage
from consult.triage.models import Group, ReplyTemplate, ResultingChange, Suggestion
from tests.helpers_budget_world import (
    World,
    get_user,
    node_of,
    process_of,
    section_of,
    version_of,
)

OUTCOMES = ("accepted", "partly_accepted", "not_accepted", "noted", "already_covered")
MILESTONE_KINDS = (
    "mandate", "drafting", "advisory_council", "forum", "statements", "committees", "adoption",
)


# --- triage --------------------------------------------------------------------------------------


def add_triage(world: World) -> None:
    """Groups with members, standard replies, and suggestions from every contribution in every
    state: undecided, recommended, decided, published (with translations), grouped."""
    n = world.scale
    process = process_of(world)
    staff, admin = get_user(world, "staff"), get_user(world, "admin")
    groups = []
    for i in range(2 * n):
        group = triage.save_group(
            process, actor=staff, name=f"Fachgruppe {i}", kind="expert_group",
            sections=[section_of(world, f"f{1 + i % (2 * n)}")],
        )
        triage.add_member(group, get_user(world, "expert"), role="external_expert", actor=staff)
        triage.add_member(group, staff, role="staff", actor=staff)
        groups.append(group)
    steering = triage.save_group(
        process, actor=staff, name="Steuerungsgruppe", kind="steering_group", decides=True,
    )
    member = triage.add_member(steering, get_user(world, "steering"), role="chair", actor=staff)
    templates = [
        triage.save_reply_template(process, actor=staff, title=f"Antwort {i}",
                                   text=f"Danke für Ihren Vorschlag {i}.", outcome="noted")
        for i in range(2 * n)
    ]
    world.args.update(group_id=groups[0].id, member_id=member.id, template_id=templates[0].id)

    own = db.session.get(Contribution, world.args["statement_id"])
    suggestions: list[Suggestion] = []
    offset = 0
    for paragraph in world.args["paragraphs"]:
        start = own.body.index(paragraph, offset)
        offset = start + len(paragraph)
        suggestions.append(triage.split(
            own, actor=staff, start=start, end=offset, summary=paragraph[:40],
            tags=["sprache", f"tag-{len(suggestions) % 3}"],
        ))
    for statement_id in world.args["recorded"]:
        suggestions.append(triage.split_whole(db.session.get(Contribution, statement_id),
                                              actor=staff))
    for card_id in world.args["card_ids"][: 2 * n]:
        suggestions.append(triage.split_whole(db.session.get(Contribution, card_id), actor=staff))
    representative = suggestions[0]
    published_ones = []
    for i, suggestion in enumerate(suggestions):
        state = i % 6
        triage.assign(suggestion, actor=staff, group=groups[i % len(groups)], assignee=staff)
        if state == 1:
            triage.recommend(suggestion, actor=staff, outcome="accepted",
                             reasoning="Sinnvoll.", group=groups[i % len(groups)])
        elif state == 5 and i > 0:
            triage.group_under(suggestion, representative, actor=staff)
        elif state in (0, 2, 3, 4):
            outcome = OUTCOMES[i % len(OUTCOMES)] if i else "accepted"
            reason = "" if outcome == "accepted" else f"Begründung {i}."
            triage.decide(suggestion, actor=admin, outcome=outcome, public_reason=reason,
                          internal_note="Intern.")
            if state != 4:
                triage.publish(suggestion, actor=admin)
                published_ones.append(suggestion)
                if reason:
                    triage.set_reason_translation(
                        suggestion, language="en", text=f"Reason {i}.", actor=staff
                    )
    world.args["suggestion_number"] = representative.number
    world.args["to_link"] = [
        s.id for s in published_ones if s.outcome in ("accepted", "partly_accepted")
    ]
    db.session.flush()


# --- the road to adoption ------------------------------------------------------------------------


def add_council(world: World) -> None:
    """Bodies; amendments on the published version with points voted in n committees and the
    council; the adopted version generated from them (with the suggestions' changes linked to
    it); the internal draft shared with the advisory council and the committees, their
    comments, the council's recommendations and an amendment on it; milestones and reports."""
    n = world.scale
    process = process_of(world)
    staff = get_user(world, "staff")
    published = version_of(world, "published")
    advisory = triage.save_group(process, actor=staff, name="Integrationsrat",
                                 kind="advisory_council")
    triage.add_member(advisory, get_user(world, "council_member"), role="member", actor=staff)
    committees = []
    for i in range(n):
        committee = triage.save_group(process, actor=staff, name=f"Ausschuss {i}",
                                      kind="committee")
        triage.add_member(committee, get_user(world, "committee_member"), role="member",
                          actor=staff)
        committees.append(committee)
    city_council = triage.save_group(process, actor=staff, name="Rat", kind="council")

    def file(version: Version, number: str, keys: list[str]) -> Amendment:
        amendment = council.save_amendment(
            process, version, actor=staff, number=number, filed_on=date(2008, 4, 1),
            title=f"Änderungsantrag {number}", filed_by="Fraktion",
        )
        for key in keys:
            council.save_point(
                amendment, actor=staff, section=section_of(world, key), kind="replace",
                new_title=None, new_body=f"Neuer Text für {key} ({number}).",
                justification="Klarer.",
            )
        for position, point in enumerate(amendment.points):
            for committee in committees:
                council.record_vote(
                    point, actor=staff, group=committee, held_on=date(2008, 5, 6),
                    vote=council.VoteInput(yes=9, no=4, abstain=1, result="referred"),
                )
            result = "rejected" if position % 4 == 3 else "adopted"
            council.record_vote(
                point, actor=staff, group=city_council, held_on=date(2008, 6, 1),
                vote=council.VoteInput(yes=30, no=20, abstain=2, result=result),
            )
        return amendment

    # The first amendment changes every measure; the others two fields or goals each (no two
    # adopted points on one section, so the adopted version can be generated).
    others = ["g1", *(f"f{i}" for i in range(1, 2 * n + 1)),
              *(f"g{i}" for i in range(2, 2 * n + 1))]
    amendments = [file(published, "1/2008", [f"m{p}" for p in range(1, 2 * n + 1)])] + [
        file(published, f"{i + 2}/2008", others[2 * i:2 * i + 2]) for i in range(2 * n - 1)
    ]
    first = amendments[0]
    world.args.update(
        amendment_id=first.id, point_id=first.points[0].id,
        vote_id=db.session.scalar(
            select(AmendmentVote.id).where(AmendmentVote.point_id == first.points[0].id)
            .order_by(AmendmentVote.id).limit(1)
        ),
    )
    adopted = adoption.generate_adopted_version(
        published, actor=staff, label={"de": "Beschlossene Fassung", "en": "Adopted"},
        changelog={"de": "Beschlossen.", "en": "Adopted."}, adopt=False,
    )
    for suggestion_id in world.args["to_link"]:
        suggestion = db.session.get(Suggestion, suggestion_id)
        for section in suggestion.sections or [section_of(world, "g1")]:
            triage.link_change(suggestion, node_of(adopted, section.key), actor=staff)
    plans.set_version_status(adopted, VersionStatus.PUBLISHED, staff)
    plans.set_version_status(adopted, VersionStatus.ADOPTED, staff)
    world.numbers["adopted"] = adopted.number

    draft = plans.create_version(
        process, label={"de": "Verwaltungsentwurf", "en": "Administrative draft"},
        copy_from=adopted, actor=staff,
    )
    for node in draft.nodes:
        if node.section.key.startswith("g"):
            plans.set_section_text(node, "de", title=node.text("de").title,
                                   body="Überarbeitet.", actor=staff)
    sharing.share_version(draft, [advisory, *committees], actor=staff, comments_open=True)
    council_member = get_user(world, "council_member")
    committee_member = get_user(world, "committee_member")
    for i in range(2 * n):
        node = node_of(draft, f"g{1 + i % (2 * n)}")
        comment, _created = comments.post_comment(
            process=process, version=draft, node=node, author=council_member,
            body=f"Interner Kommentar {i}.", today=date.today(), language="de",
            as_body=advisory,
        )
        comments.post_comment(
            process=process, version=draft, node=node, author=council_member,
            body=f"Nachtrag {i}.", today=date.today(), language="de", parent=comment,
            as_body=advisory,
        )
    for committee in committees:
        comments.post_comment(
            process=process, version=draft, node=node_of(draft, "g1"), author=committee_member,
            body=f"Aus dem {committee.name}.", today=date.today(), language="de",
            as_body=committee,
        )
    numbers = {node.section.key: node.number for node in draft.nodes}
    items = "\n".join(
        f"- Zu {numbers[f'g{1 + i % (2 * n)}']}: Empfehlung {i}." for i in range(2 * n)
    )
    recommendations.enter_recommendations(
        process, draft, advisory, actor=staff, text=f"Der Integrationsrat empfiehlt:\n\n{items}",
        received_on=date.today(), language="de", today=date.today(),
    )
    file(draft, "99/2008", [f"g{1 + p}" for p in range(n)])
    world.numbers["draft"] = draft.number

    milestones = []
    for i in range(2 * n):
        milestones.append(reports.save_milestone(
            process, actor=staff, kind=MILESTONE_KINDS[i % len(MILESTONE_KINDS)],
            starts_on=date.today() - timedelta(days=30 * i),
            name={"de": f"Schritt {i}", "en": f"Step {i}"}, reference=f"DS {i}/2008",
            version=published if i % 2 else None, group=committees[i % n],
        ))
    report_ids = []
    for i in range(2 * n):
        report = reports.save_report(
            process, actor=staff,
            texts={"de": (f"Bericht {i}", f"Text des Berichts {i}."),
                   "en": (f"Report {i}", f"Text of report {i}.")},
            published_on=date.today() - timedelta(days=i), group=committees[i % n],
            milestone=milestones[i], publish=True,
        )
        report_ids.append(report.id)
    world.args.update(report_id=report_ids[0], milestone_id=milestones[0].id)
    db.session.flush()


# --- final notices, tokens ----------------------------------------------------------------------


def add_notices_and_tokens(world: World) -> None:
    """Final notices planned for the published version's answers (and, after the commit,
    sent); tokens for the pages behind a secret link."""
    published = version_of(world, "published")
    notices.plan_final_notices(published, get_user(world, "admin"))
    db.session.commit()
    notices.send_pending(version=published)
    resident = get_user(world, "resident")
    world.args.update(
        confirm_email_token=tokens.make_confirmation_token(get_user(world, "unconfirmed")),
        confirm_email_token_too=tokens.make_confirmation_token(
            get_user(world, "unconfirmed_too")
        ),
        reset_token=tokens.make_reset_token(resident),
        opt_out_token=opt_out.opt_out_token(notices.user_key(resident.id)),
    )


def add_upload_previews(app, world: World) -> None:
    """A plan to import and a CSV of forum cards, uploaded by an administrator: the tokens of
    their previews. Both grow with the scale."""
    n = world.scale
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = world.logins["admin"]
        session["_fresh"] = True
    markdown = "".join(
        f"# {i} Handlungsfeld {i}\n\nText.\n\n## {i}.1 Ziel {i}.1\n\nText.\n\n"
        f"### {i}.1.1 Maßnahme {i}.1.1\n\nText.\n\n"
        for i in range(1, 2 * n + 1)
    )
    response = client.post(
        "/manage/processes/lip/import",
        data={"language": "de", "label": "", "match": "y",
              "file": (io.BytesIO(markdown.encode()), "entwurf.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    world.args["import_token"] = response.headers["Location"].rsplit("/", 1)[1]
    rows = "table;section;text\n" + "".join(
        f"{1 + i % (2 * n)};{1 + i % (2 * n)}.1;Karte {i}\n" for i in range(6 * n)
    )
    response = client.post(
        f"/manage/processes/lip/events/{world.args['event_id']}/csv",
        data={"file": (io.BytesIO(rows.encode()), "karten.csv"),
              "version": str(world.numbers["published"])},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    world.args["csv_token"] = response.headers["Location"].rsplit("/", 1)[1]


def sizes_of(world: World) -> dict[str, int]:
    """The row counts of what grows with the scale (the fixed accounts and bodies aside)."""
    process_id = world.args["process_id"]

    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    contributions = Contribution.process_id == process_id
    return {
        "public processes": count(Process, Process.is_public.is_(True)),
        "sections": count(Section, Section.process_id == process_id),
        "published versions": count(
            Version, Version.process_id == process_id, Version.status == "published"
        ),
        "phases": count(Phase, Phase.process_id == process_id),
        "comments": count(Contribution, contributions, Contribution.kind == "comment",
                          Contribution.body_id.is_(None)),
        "internal comments": count(Contribution, contributions, Contribution.kind == "comment",
                                   Contribution.body_id.is_not(None)),
        "reports of comments": count(CommentReport),
        "statements": count(Contribution, contributions, Contribution.kind == "statement",
                            Contribution.status == "received"),
        "forum events": count(Event),
        "forum tables": count(EventTable),
        "forum cards": count(Contribution, contributions, Contribution.kind == "forum_card"),
        "suggestions": count(Suggestion),
        "published decisions": count(Suggestion, Suggestion.published_at.is_not(None)),
        "resulting changes": count(ResultingChange),
        "groups and committees": count(Group, Group.kind.in_(("expert_group", "committee"))),
        "standard replies": count(ReplyTemplate),
        "amendments": count(Amendment),
        "amendment points": count(AmendmentPoint),
        "votes": count(AmendmentVote),
        "reports": count(Report),
        "milestones": count(Milestone),
        "final notices": count(FinalNotice),
        "organisations": count(Organisation),
        "members of the first organisation": count(
            Membership, Membership.organisation_id == world.args["org_id"]
        ),
    }
