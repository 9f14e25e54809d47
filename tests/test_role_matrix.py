"""The role matrix: every route × every role, from one table.

`ACCESS` names, for every endpoint of the app, who may use it: "public", "login" (any
signed-in account), "plan" (public while the version is published; a draft only for those
who may preview), "comment_author" (the comment's author, on a published version),
"org_manager" (managers of that organisation and staff), "published_plan" (public on a
published version, 404 on a draft for everyone: published answers only), "triage" (staff, and members of the
process's groups through consult.triage.access), "triage_decide" (those who may decide: admins
and members of a deciding group), or a permission of consult.security.PERMISSIONS. Group
members' own rights are tested in tests/test_triage_access.py. A test fails when a route is added without an entry, so no
route escapes the matrix. Each role is checked against published and draft versions.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.accounts.models import Membership, Organisation, Role, User
from consult.extensions import db
from consult.plans.models import Phase
from consult.security import PERMISSIONS

ACCESS: dict[str, str] = {
    # public pages
    "pages.index": "public",
    "pages.set_language": "public",
    "pages.easy_language": "public",
    "pages.accessibility": "public",
    "pages.privacy": "public",
    "pages.health": "public",
    "static": "public",
    "plans.show_process": "public",
    "plans.show_version": "plan",
    "plans.print_version": "plan",
    "plans.show_section": "plan",
    "plans.switch_version": "plan",
    "plans.goto_version": "plan",
    "plans.section_history": "public",  # lists only the versions the reader may see
    "organisations.show_organisation": "public",
    # accounts: anonymous journeys
    "accounts.login": "public",
    "accounts.register": "public",
    "accounts.check_email": "public",
    "accounts.confirm_email": "public",
    "accounts.resend_confirmation": "public",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "accounts.logout": "public",
    # accounts: signed in
    "accounts.profile": "login",
    "accounts.update_profile": "login",
    "accounts.change_password": "login",
    "accounts.export_data": "login",
    "accounts.delete_account": "login",
    "accounts.new_organisation": "login",
    "accounts.organisation_members": "org_manager",
    "accounts.add_organisation_member": "org_manager",
    "accounts.remove_organisation_member": "org_manager",
    # staff area
    "manage.index": "manage.access",
    "manage.audit_log": "audit.read",
    "manage.create_process": "processes.edit",
    "manage.show_process": "manage.access",
    "manage.edit_process": "processes.edit",
    "manage.edit_process_text": "processes.edit",
    "manage.create_phase": "processes.edit",
    "manage.edit_phase": "processes.edit",
    "manage.delete_phase": "processes.edit",
    "manage.create_version": "versions.edit",
    "manage.show_version": "versions.preview",
    "manage.coverage": "versions.preview",
    "manage.edit_version": "versions.edit",
    "manage.publish_version": "versions.publish",
    "manage.set_status": "versions.publish",
    "manage.edit_tree": "versions.edit",
    "manage.add_section": "versions.edit",
    "manage.edit_section": "versions.edit",
    "manage.save_section_text": "versions.edit",
    "manage.set_section_kind": "versions.edit",
    "manage.shift_section": "versions.edit",
    "manage.move_section": "versions.edit",
    "manage.remove_section": "versions.edit",
    "manage.import_version": "versions.edit",
    "manage.import_preview": "versions.edit",
    "manage_accounts.list_users": "users.manage",
    "manage_accounts.edit_user": "users.manage",
    "manage_accounts.deactivate_user": "users.manage",
    "manage_accounts.reactivate_user": "users.manage",
    "manage_accounts.list_organisations": "organisations.manage",
    "manage_accounts.new_organisation": "organisations.manage",
    "manage_accounts.edit_organisation": "organisations.manage",
    "manage_accounts.verify_organisation": "organisations.verify",
    "manage_accounts.unverify_organisation": "organisations.verify",
    "manage_accounts.add_member": "organisations.manage",
    "manage_accounts.remove_member": "organisations.manage",
    "manage_accounts.set_member_role": "organisations.manage",
    # comments on sections
    "comments.new_comment": "plan",
    "comments.reply_comment": "plan",
    "comments.report_comment": "plan",
    "comments.show_comment": "plan",
    "comments.edit_comment": "comment_author",
    "manage_comments.list_reports": "comments.moderate",
    "manage_comments.show_comment": "comments.moderate",
    "manage_comments.hide_comment": "comments.moderate",
    "manage_comments.unhide_comment": "comments.moderate",
    "manage_comments.keep_comment": "comments.moderate",
    "manage_comments.list_process_comments": "contributions.read",
    # forum feedback
    "forum.feedback_form": "public",
    "forum.feedback_thanks": "public",
    **{
        f"manage_forum.{name}": "forum.manage"
        for name in (
            "list_events", "create_event", "show_event", "edit_event", "delete_event",
            "create_table", "edit_table", "delete_table", "event_qr", "table_qr", "print_sheet",
            "capture_card", "capture_batch", "upload_csv", "csv_preview", "list_cards",
            "set_card_language", "delete_card",
        )
    },
    # written statements
    "statements.new_statement": "public",
    "statements.track": "public",  # private by its secret token
    "statements.resend_confirmation": "public",
    "statements.track_attachment": "public",
    "statements.confirm": "public",
    "statements.my_statements": "login",
    "statements.download_attachment": "login",  # the author or staff; others get 404
    "manage_statements.list_statements": "contributions.read",
    "manage_statements.show_statement": "contributions.read",
    "manage_statements.download_attachment": "contributions.read",
    "manage_statements.record_statement": "statements.record",
    "manage_statements.correct_language": "statements.record",
    # triage
    "triage.index": "login",
    "triage.queue": "triage",
    "triage.bulk": "triage",
    "triage.contributions": "triage.read",
    "triage.split_contribution": "triage.edit",
    "triage.take_suggestion": "triage.edit",
    "triage.take_whole": "triage.edit",
    "triage.mark_split_done": "triage.edit",
    "triage.delete_suggestion": "triage.edit",
    "triage.log": "triage.read",
    **{
        f"triage.{name}": "triage"
        for name in (
            "show_suggestion", "edit_suggestion", "assign_suggestion", "recommend_suggestion",
            "publish_suggestion", "unpublish_suggestion", "group_suggestion",
            "ungroup_suggestion", "link_change", "unlink_change", "translate_reason",
        )
    },
    "triage.decide_suggestion": "triage_decide",
    "triage.reopen_suggestion": "triage_decide",
    "manage_triage.overview": "triage.read",
    "manage_triage.publish_decisions": "triage.publish",
    **{
        f"manage_triage.{name}": "triage.manage"
        for name in (
            "list_groups", "new_group", "edit_group", "delete_group", "add_group_member",
            "remove_group_member", "list_replies", "new_reply", "edit_reply", "delete_reply",
        )
    },
    # published decisions
    "outcomes.show_suggestion": "public",
    "outcomes.section_suggestions": "published_plan",
    # accountability: the disposition table, statistics, final notices, exports
    "disposition.table": "public",
    "statistics.overview": "public",
    "notices.opt_out": "public",
    "manage_notices.list_notices": "notices.manage",
    "manage_notices.send_notices": "notices.manage",
    "manage_notices.plan_notices": "notices.manage",
    "exports.disposition": "public",
    **{
        f"manage_exports.{name}": "exports.internal"
        for name in ("disposition", "contributions", "suggestions", "overview")
    },
    # the open-data API: public data only, the same for every role
    **{
        f"api.{name}": "public"
        for name in (
            "index", "openapi_document", "list_processes", "show_process", "list_versions",
            "list_suggestions", "show_statistics", "show_suggestion", "index_other_methods",
            "unknown",
        )
    },
    "api.show_version": "published_plan",
    "api.list_sections": "published_plan",
    "api.show_section": "published_plan",
    # the road to adoption: internal sharing, amendments, votes, adoption, reports, timeline.
    # Who reads an internal version (members of the bodies it is shared with, nobody else,
    # never through the API or exports) is tested role by role in test_internal_versions.py.
    "manage_bodies.version_sharing": "versions.share",
    "manage_bodies.internal_comments": "contributions.read",
    "manage_bodies.new_recommendations": "statements.record",
    **{
        f"manage_amendments.{name}": "amendments.manage"
        for name in (
            "list_amendments", "new_amendment", "show_amendment", "edit_amendment",
            "delete_amendment", "new_point", "edit_point", "delete_point", "record_votes",
            "edit_vote", "delete_vote",
        )
    },
    "manage_adoption.preview": "amendments.manage",
    "manage_adoption.generate": "amendments.manage",
    **{
        f"amendments.{name}": "published_plan"
        for name in ("list_amendments", "show_amendment", "section_amendments", "version_changes")
    },
    **{
        f"reports.{name}": "public"
        for name in ("list_reports", "show_report", "feed", "timeline")
    },
    **{
        f"manage_reports.{name}": "reports.manage"
        for name in (
            "list_reports", "new_report", "edit_report", "publish_report", "delete_report",
            "list_milestones", "new_milestone", "edit_milestone", "delete_milestone",
        )
    },
}

ROLES = ["anonymous", "resident", "organisation_member", "staff", "admin"]
# Routes whose argument is a secret or one-time value: a valid role still gets a 404/redirect.
TOKEN_ROUTES = {
    "accounts.confirm_email", "accounts.reset_password", "manage.import_preview",
    "manage_forum.csv_preview",
    "statements.track", "statements.track_attachment", "statements.confirm",
    "statements.download_attachment", "notices.opt_out", "api.unknown",
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ACCESS.keys() == set(), "new routes need an entry in ACCESS"
    assert ACCESS.keys() - endpoints == set(), "ACCESS lists routes that no longer exist"


def test_matrix_matches_the_decorators(app):
    """The table and the code agree: each staff route carries exactly the listed permission."""
    for endpoint, access in ACCESS.items():
        view = app.view_functions[endpoint]
        declared = getattr(view, "permission", None)
        if access in PERMISSIONS:
            assert declared == access, endpoint
        elif access in ("plan", "comment_author", "published_plan"):
            assert endpoint.startswith(
                ("plans.", "comments.", "outcomes.", "api.", "amendments.")
            ), endpoint
        elif access in ("triage", "triage_decide"):
            assert declared is None and getattr(view, "triage_access", False), endpoint
        else:
            assert declared is None, endpoint


def test_every_staff_route_is_protected(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/manage"):
            assert ACCESS[rule.endpoint] in PERMISSIONS, rule.rule


def _allowed(access: str, role: str, state: str) -> bool:
    if access == "comment_author":
        return state == "published" and role == "resident"
    if access == "public" or (access in ("plan", "published_plan") and state == "published"):
        return True
    if access == "plan":
        return role in ("staff", "admin")
    if access == "published_plan":
        return False
    if role == "anonymous":
        return False
    if access == "login":
        return True
    if access == "triage":
        return role in ("staff", "admin")
    if access == "triage_decide":
        return role == "admin"
    if access == "org_manager":
        return role in ("organisation_member", "staff", "admin")
    role_value = Role.RESIDENT if role == "organisation_member" else Role(role)
    return role_value in PERMISSIONS[access]


@pytest.fixture
def world(app, make_process, make_user, make_organisation):
    """One of every object a route can name."""
    data = make_process(draft=True)
    users = {
        "resident": make_user(role=Role.RESIDENT),
        "organisation_member": make_user(role=Role.RESIDENT),
        "staff": make_user(role=Role.STAFF),
        "admin": make_user(role=Role.ADMIN),
    }
    org = make_organisation(members=[users["organisation_member"]])
    target = make_user(role=Role.RESIDENT, email="target@example.org")
    with app.app_context():
        membership = db.session.scalar(
            select(Membership).where(Membership.organisation_id == org.id)
        )
        membership.role = "manager"
        phase_id = db.session.scalar(select(Phase.id))
        db.session.commit()
        membership_id = membership.id
        org_slug = db.session.get(Organisation, org.id).slug
    args = {
        "slug": data["slug"],
        "number": data["v3"],
        "key": "g1",
        "language": "en",
        "phase_id": phase_id,
        "token": "not-a-token",
        "user_id": target.id,
        "org_id": org.id,
        "membership_id": membership_id,
        "filename": "consult.css",
        "rest": "nothing-here",
        "fmt": "csv",
    }
    args.update(_contributions(app, data, users["resident"]))
    args.update(_statement_with_attachment(app, users["staff"]))
    args.update(_triage(app, args["statement_id"], users["admin"]))
    comments = {"published": args.pop("published_comment"), "draft": args.pop("draft_comment")}
    args["comment_id"] = comments["published"]
    args.update(_council(app, data, users["staff"]))
    amendments = {"published": args.pop("published_amendment"), "draft": args.pop("draft_amendment")}
    args["amendment_id"] = amendments["published"]
    return {
        "users": users, "args": args, "org_slug": org_slug, "published": data["v2"],
        "comments": comments, "amendments": amendments,
    }


def _council(app, data, staff) -> dict:
    """A public amendment on the published version with a voted point, one on the draft,
    a committee, a published report of today and a milestone."""
    from datetime import date

    from consult.council import services as council
    from consult.plans.models import Process, Section
    from consult.reports import services as reports
    from consult.triage import services as triage

    with app.test_request_context():
        actor = db.session.get(User, staff.id)
        process = db.session.get(Process, data["process_id"])
        versions = {v.number: v for v in process.versions}
        section = db.session.scalar(
            select(Section).where(Section.process_id == process.id, Section.key == "g1")
        )
        committee = triage.save_group(
            process, actor=actor, name="Migrationsausschuss", kind="committee"
        )
        result = {}
        for state, number in (("published", data["v2"]), ("draft", data["v3"])):
            amendment = council.save_amendment(
                process, versions[number], actor=actor, number=f"{number}/2008",
                filed_on=date(2008, 4, 1), filed_by="Fraktion",
            )
            point = council.save_point(
                amendment, actor=actor, section=section, kind="replace", new_body="Neu."
            )
            vote = council.record_vote(
                point, actor=actor, group=committee, held_on=date(2008, 5, 6),
                vote=council.VoteInput(yes=5, no=1, abstain=0, result="adopted"),
            )
            result[f"{state}_amendment"] = amendment.id
            if state == "published":
                result.update(point_id=point.id, vote_id=vote.id)
        milestone = reports.save_milestone(
            process, actor=actor, kind="committees", starts_on=date.today()
        )
        report = reports.save_report(
            process, actor=actor, texts={"de": ("Bericht", "Text.")},
            published_on=date.today(), milestone=milestone, publish=True,
        )
        db.session.commit()
        return {**result, "report_id": report.id, "milestone_id": milestone.id}


def _contributions(app, data, resident) -> dict:
    """A comment on the published and on the draft version, an event with a table and a card."""
    from datetime import UTC, date, datetime

    from consult.comments import services as comments
    from consult.forum import services as forum
    from consult.participation.models import Contribution
    from consult.plans.models import Process, Section, SectionVersion, Version

    with app.test_request_context():
        process = db.session.get(Process, data["process_id"])
        versions = {v.number: v for v in process.versions}
        section = db.session.scalar(
            select(Section).where(Section.process_id == process.id, Section.key == "g1")
        )
        node = db.session.scalar(
            select(SectionVersion).where(
                SectionVersion.version_id == versions[data["v2"]].id,
                SectionVersion.section_id == section.id,
            )
        )
        author = db.session.get(User, resident.id)
        published, _created = comments.post_comment(
            process=process, version=versions[data["v2"]], node=node, author=author,
            body="Ein Kommentar.", today=date.today(),
        )
        draft_version: Version = versions[data["v3"]]
        draft = Contribution(
            kind="comment", process_id=process.id, version_id=draft_version.id,
            section_id=section.id, language="de", body="Entwurf.", author_id=author.id,
        )
        db.session.add(draft)
        event = forum.create_event(process, name="Forum", starts_at=datetime.now(UTC))
        table = forum.save_table(event, number=1, name="Tisch 1", sections=[section])
        [card_id] = forum.capture_cards(
            event, [forum.CardInput(text="Karte", table=table)], version=None, actor=None
        )
        db.session.commit()
        return {
            "published_comment": published.id, "draft_comment": draft.id,
            "event_id": event.id, "table_id": table.id, "card_id": card_id, "code": event.code,
        }


def _statement_with_attachment(app, staff) -> dict:
    """A statement recorded by staff, with a scan stored in the upload folder."""
    import io
    from datetime import date

    from werkzeug.datastructures import FileStorage

    from consult.plans.models import Process
    from consult.statements import services as statements
    from consult.statements import uploads

    with app.test_request_context():
        process = db.session.scalar(select(Process))
        pdf = FileStorage(stream=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="scan.pdf")
        [checked], _errors = uploads.check_files([pdf])
        statement = statements.record_statement(
            process, db.session.get(User, staff.id),
            statements.PaperStatement(channel="letter", received_on=date.today(), body="Text"),
            [uploads.store(checked)], today=date.today(),
        )
        db.session.commit()
        return {"statement_id": statement.id, "attachment_id": statement.attachments[0].id}


def _triage(app, statement_id: int, admin) -> dict:
    """A group with a member, a standard reply, and a published, accepted suggestion taken
    from the statement and linked to its change in the draft version."""
    from consult.participation.models import Contribution
    from consult.plans.models import Process, Section, SectionVersion, Version
    from consult.triage import services as triage

    with app.test_request_context():
        actor = db.session.get(User, admin.id)
        process = db.session.scalar(select(Process))
        group = triage.save_group(process, actor=actor, name="Bildung", kind="expert_group")
        member = triage.add_member(group, actor, role="staff", actor=actor)
        template = triage.save_reply_template(process, actor=actor, title="Danke", text="Danke.")
        suggestion = triage.split_whole(db.session.get(Contribution, statement_id), actor=actor)
        triage.decide(suggestion, actor=actor, outcome="accepted", public_reason="")
        triage.publish(suggestion, actor=actor)
        node = db.session.scalar(
            select(SectionVersion)
            .join(Version, Version.id == SectionVersion.version_id)
            .join(Section, Section.id == SectionVersion.section_id)
            .where(Version.number == 3, Section.key == "g1")
        )
        change = triage.link_change(suggestion, node, actor=actor)
        db.session.commit()
        return {
            "suggestion_number": suggestion.number, "contribution_id": statement_id,
            "group_id": group.id, "member_id": member.id, "template_id": template.id,
            "change_id": change.id,
        }


def _url(app, rule, args: dict, org_slug: str) -> str:
    values = {}
    for name in rule.arguments:
        if name == "slug" and rule.endpoint.startswith(("organisations.", "accounts.")):
            values[name] = org_slug
        else:
            values[name] = args[name]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


@pytest.mark.parametrize("state", ["published", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(app, world, role, state, sign_in):
    """Anonymous → sent to log in; wrong role → 403; right role → served (never 401/403/5xx).

    Public plan pages of a draft version answer 404 (not 403) to those who may not preview
    it, so that unpublished versions do not reveal that they exist.
    """
    failures = []
    args = dict(world["args"])
    if state == "published":
        args["number"] = world["published"]
        args["comment_id"] = world["comments"]["published"]
    else:
        args["comment_id"] = world["comments"]["draft"]
        args["amendment_id"] = world["amendments"]["draft"]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, world["users"][role])
        access = ACCESS[rule.endpoint]
        plan_route = access in ("plan", "comment_author", "published_plan")
        url = _url(app, rule, args if plan_route else world["args"], world["org_slug"])
        if rule.endpoint in ("plans.switch_version", "plans.goto_version"):
            url += f"?version={args['number']}"
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method, data={})
        response.close()
        status = response.status_code
        if status >= 500:
            failures.append(f"{method} {url}: {status}")
        elif _allowed(access, role, state):
            if status in (401, 403):
                failures.append(f"{method} {url}: {status}, expected access for {role}")
            elif method == "GET" and rule.endpoint not in TOKEN_ROUTES and status not in (200, 302):
                failures.append(f"{method} {url}: {status}, expected 200")
        elif access == "comment_author" and state == "published":
            expected = 302 if role == "anonymous" else 403
            if status != expected:
                failures.append(f"{method} {url}: {status}, expected {expected} for {role}")
        elif access == "comment_author" and role in ("staff", "admin"):
            if status != 403:
                failures.append(f"{method} {url}: {status}, expected 403 for {role}")
        elif plan_route:
            if status != 404:
                failures.append(f"{method} {url}: {status}, expected 404 for {role}")
        elif role == "anonymous":
            location = response.headers.get("Location", "")
            if status != 302 or not location.startswith("/account/login"):
                failures.append(f"{method} {url}: {status} {location}, expected login redirect")
        elif status != 403:
            failures.append(f"{method} {url}: {status}, expected 403 for {role}")
    assert not failures, "\n".join(failures)
