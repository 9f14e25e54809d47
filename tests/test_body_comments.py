"""The bodies' non-public thread: members of a body an internal version is shared with comment
and reply as members of their body; only staff and those members see the thread, also after
publication; it never counts publicly; it feeds triage; the staff sharing and overview pages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.comments import services as comment_services
from consult.council import sharing
from consult.council.models import VersionShare
from consult.errors import NotAllowed, ValidationFailed
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.triage.models import Group
from tests.helpers_council import version_of
from tests.helpers_triage import node
from tests.test_internal_versions import (
    SECRET,
    body_comment,
    client_as,
    internal_world,
    publish_v3,
)


@pytest.fixture
def world(app, make_process, make_user):
    return internal_world(app, make_process, make_user)


def _post(app, world, user_key, *, body_key=None, version=None, parent_id=None, text="Text."):
    """post_comment as a service call; returns the comment or raises."""
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        number = version or world["v3"]
        comment, _created = comment_services.post_comment(
            process=process, version=version_of(process.id, number),
            node=node(process.id, number, "g1"),
            author=db.session.get(User, world["users"][user_key].id), body=text,
            today=date.today(),
            as_body=db.session.get(Group, world[f"{body_key}_id"]) if body_key else None,
            parent=db.session.get(Contribution, parent_id) if parent_id else None,
        )
        db.session.commit()
        return comment.id, comment.body_id, comment.channel, comment.submitter_type


def _share(app, world, keys, *, comments_open=True):
    with app.test_request_context():
        sharing.share_version(
            version_of(world["process_id"], world["v3"]),
            [db.session.get(Group, world[f"{k}_id"]) for k in keys],
            actor=None, comments_open=comments_open,
        )
        db.session.commit()


# ---------------------------------------------------------------- the service


def test_a_member_comments_as_the_body_with_its_channel(app, world):
    comment_id, body_id, channel, submitter_type = _post(
        app, world, "member", body_key="council_body"
    )
    assert (body_id, channel, submitter_type) == (
        world["council_body_id"], "advisory_council", "council"
    )
    reply = _post(app, world, "member", body_key="council_body", parent_id=comment_id)
    assert reply[1] == world["council_body_id"]
    _share(app, world, ["migration_committee", "bildung"])
    assert _post(app, world, "other_body", body_key="migration_committee")[2] == "committee"
    with app.test_request_context():
        expert = db.session.get(User, world["users"]["expert"].id)
        assert [b.name for b in comment_services.commenting_bodies(
            expert, version_of(world["process_id"], world["v3"])
        )] == ["Bildung"]
    assert _post(app, world, "expert", body_key="bildung")[2] == "body"


@pytest.mark.parametrize(
    ("user_key", "body_key", "why"),
    [
        ("resident", "council_body", "no member"),
        ("other_body", "migration_committee", "body not shared"),
        ("member", None, "no body chosen"),
        ("staff", "council_body", "staff are not members"),
    ],
)
def test_who_may_not_comment_in_the_bodies_thread(app, world, user_key, body_key, why):
    with pytest.raises(NotAllowed):
        _post(app, world, user_key, body_key=body_key)
    with app.app_context():
        assert db.session.scalar(select(func.count(Contribution.id)).where(
            Contribution.kind == "comment")) == 0, why


def test_closed_share_published_version_and_public_replies_are_refused(app, world):
    _share(app, world, ["council_body"], comments_open=False)
    with pytest.raises(NotAllowed):
        _post(app, world, "member", body_key="council_body")
    # On a published version there is no bodies' thread to write in.
    with pytest.raises(NotAllowed):
        _post(app, world, "member", body_key="council_body", version=world["v2"])
    public_id = _post(app, world, "resident", version=world["v2"])[0]
    assert _post(app, world, "member", version=world["v2"], parent_id=public_id)[1] is None


def test_replies_in_the_bodies_thread_close_with_publication(app, world):
    root = body_comment(app, world)
    publish_v3(app, world)
    with pytest.raises(NotAllowed):
        _post(app, world, "member", body_key="council_body", parent_id=root)
    with pytest.raises(NotAllowed):  # nor as a public reply
        _post(app, world, "member", parent_id=root)


# ---------------------------------------------------------------- the section page


def _section(app, world, reader, number=None, **args):
    query = "&".join(f"{k}={v}" for k, v in {"lang": "en", **args}.items())
    return client_as(app, world, reader).get(
        f"/p/lip/v/{number or world['v3']}/s/g1?{query}"
    )


def test_members_read_and_write_the_thread_on_the_section_page(app, world):
    comment_id = body_comment(app, world)
    html = _section(app, world, "member").get_data(as_text=True)
    assert "Non-public thread of the bodies" in html
    assert SECRET in html and "Member of Lokaler Integrationsrat" in html
    assert 'id="write-body-comment"' in html and 'name="as_body"' not in html
    assert "You comment as a member of Lokaler Integrationsrat." in html
    assert 'id="comments"' not in html  # no public thread on an internal version
    assert f'href="/p/lip/v/3/s/g1/comments/{comment_id}/reply"' in html
    client = client_as(app, world, "member")
    response = client.post(
        f"/p/lip/v/{world['v3']}/s/g1/comments/new?lang=en",
        data={"body": "Bitte konkreter formulieren.", "idempotency_key": "k-1"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        stored = db.session.scalar(
            select(Contribution).where(Contribution.body == "Bitte konkreter formulieren.")
        )
        assert stored.body_id == world["council_body_id"]
        assert stored.channel == "advisory_council" and not stored.publish_text


def test_a_member_of_two_shared_bodies_chooses_one_and_keeps_the_text(app, world):
    _share(app, world, ["migration_committee", "school_committee"])
    html = _section(app, world, "other_body").get_data(as_text=True)
    assert 'name="as_body"' in html and "Comment as member of" in html
    client = client_as(app, world, "other_body")
    path = f"/p/lip/v/{world['v3']}/s/g1/comments/new?lang=en"
    refused = client.post(path, data={"body": "Mein Text bleibt.", "idempotency_key": "k-2"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Please choose the body in whose name you comment." in page
    assert "Mein Text bleibt." in page
    forged = client.post(path, data={"body": "x", "as_body": str(world["council_body_id"]),
                                     "idempotency_key": "k-3"})
    assert forged.status_code == 422
    chosen = client.post(path, data={"body": "Mein Text bleibt.", "idempotency_key": "k-2",
                                     "as_body": str(world["school_committee_id"])})
    assert chosen.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Contribution.body_id).where(
            Contribution.kind == "comment")) == world["school_committee_id"]


@pytest.mark.parametrize(
    ("reader", "sees"),
    [("anonymous", False), ("resident", False), ("other_body", False), ("member", True),
     ("staff", True), ("admin", True)],
)
def test_after_publication_only_staff_and_members_see_the_thread(app, world, reader, sees):
    comment_id = body_comment(app, world)
    publish_v3(app, world)
    response = _section(app, world, reader)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (SECRET in html) == sees
    assert ("Non-public thread of the bodies" in html) == sees
    assert '<h2 id="comments">Comments <span class="count-badge">0</span></h2>' in html
    single = client_as(app, world, reader).get(
        f"/p/lip/v/{world['v3']}/s/g1/comments/{comment_id}"
    )
    assert single.status_code == (200 if sees else 404)
    contents = client_as(app, world, reader).get(f"/p/lip/v/{world['v3']}?lang=en")
    assert "1 comment" not in contents.get_data(as_text=True)
    if sees:  # read-only now: no reply link, no form in the bodies' thread
        assert f"/comments/{comment_id}/reply" not in html
        assert 'id="write-body-comment"' not in html


def test_hostile_text_in_the_thread_is_inert(app, world):
    body_comment(app, world, text="<script>alert('x')</script>")
    html = _section(app, world, "member").get_data(as_text=True)
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


# ---------------------------------------------------------------- triage


def test_body_comments_feed_triage_under_the_body_name(app, world):
    comment_id = body_comment(app, world)
    staff = client_as(app, world, "staff")
    inbox = staff.get("/triage/lip/contributions?channel=advisory_council&lang=en")
    assert inbox.status_code == 200
    html = inbox.get_data(as_text=True)
    assert "Lokaler Integrationsrat" in html and SECRET[:30] in html
    split = staff.get(f"/triage/lip/contributions/{comment_id}?lang=en")
    assert split.status_code == 200
    assert "<dd>Lokaler Integrationsrat</dd>" in split.get_data(as_text=True)
    taken = staff.post(f"/triage/lip/contributions/{comment_id}/whole")
    assert taken.status_code in (302, 303)
    with app.app_context():
        assert db.session.scalar(
            select(func.count()).select_from(Contribution).where(
                Contribution.id == comment_id, Contribution.split_done_at.is_not(None)
            )
        ) == 1


def test_staff_overview_of_the_bodies_comments(app, world, count_queries):
    root = body_comment(app, world)
    body_comment(app, world, parent_id=root, text="Antwort im Gremium.")
    body_comment(app, world, key="f1", text="Zum Handlungsfeld.")
    path = f"/manage/processes/lip/v/{world['v3']}/internal-comments?lang=en"
    for reader in ("anonymous", "resident", "member"):
        assert client_as(app, world, reader).get(path).status_code in (302, 401, 403)
    staff = client_as(app, world, "staff")
    html = staff.get(path).get_data(as_text=True)
    assert html.count("<h1>") == 1
    assert html.index('id="s-f1"') < html.index('id="s-g1"')
    assert SECRET in html and "Antwort im Gremium." in html and "Rätin Rana" in html
    assert f'href="/triage/lip/contributions/{root}"' in html
    assert "Lokaler Integrationsrat" in html and "3 comments in all." in html
    staff.get(path)
    with count_queries() as few:
        staff.get(path)
    for n in range(10):
        body_comment(app, world, key=("g1", "f2", "g2")[n % 3], text=f"Mehr {n}")
    with count_queries() as many:
        staff.get(path)
    assert few.count == many.count


# ---------------------------------------------------------------- sharing


def test_sharing_page_permissions_and_form(app, world):
    path = f"/manage/processes/lip/v/{world['v3']}/sharing"
    for reader in ("resident", "member"):
        assert client_as(app, world, reader).get(path).status_code == 403
    staff = client_as(app, world, "staff")
    html = staff.get(path + "?lang=en").get_data(as_text=True)
    assert html.count("<h1>") == 1
    assert "Lokaler Integrationsrat" in html and "Advisory council" in html
    assert "1 member" in html and 'checked' in html
    assert f'/manage/processes/lip/v/{world["v3"]}/internal-comments' in html
    response = staff.post(path, data={
        "bodies": [str(world["migration_committee_id"]), str(world["school_committee_id"])],
    })
    assert response.status_code == 303
    with app.app_context():
        shared = db.session.scalars(
            select(VersionShare.group_id).order_by(VersionShare.group_id)
        ).all()
        assert set(shared) == {world["migration_committee_id"], world["school_committee_id"]}
        assert not any(db.session.scalars(select(VersionShare.comments_open)).all())
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.startswith("version."))
        ).all()
        assert actions.count("version.share") == 3 and actions.count("version.unshare") == 1
        names = [e.params.get("body") for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "version.unshare"))]
        assert names == ["Lokaler Integrationsrat"]
    log = staff.get("/manage/audit?lang=en").get_data(as_text=True)
    assert "Stopped sharing version 3 with Lokaler Integrationsrat." in log
    assert "Shared version 3 with Migrationsausschuss." in log


def test_sharing_a_draft_makes_it_internal_and_a_public_version_is_refused(app, world):
    staff = client_as(app, world, "staff")
    refused = staff.post(f"/manage/processes/lip/v/{world['v2']}/sharing?lang=en",
                         data={"bodies": [str(world["council_body_id"])],
                               "comments_open": "y"})
    assert refused.status_code == 422
    assert "A public version cannot be shared" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(VersionShare.id)).where(
            VersionShare.version_id == version_of(world["process_id"], world["v2"]).id)) == 0
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        from consult.plans import services as plan_services

        v4 = plan_services.create_version(process, label={"de": "Entwurf 4"})
        db.session.commit()
        number = v4.number
    assert staff.post(f"/manage/processes/lip/v/{number}/sharing",
                      data={"bodies": [str(world["council_body_id"])], "comments_open": "y"}
                      ).status_code == 303
    with app.app_context():
        assert version_of(world["process_id"], number).status == "internal"
    with app.test_request_context():
        with pytest.raises(ValidationFailed):
            sharing.share_version(version_of(world["process_id"], world["v2"]), [], actor=None)
        other = Group(process_id=world["process_id"] + 99, name="Fremd", kind="other")
        with pytest.raises(ValidationFailed):
            sharing.share_version(
                version_of(world["process_id"], world["v3"]), [other], actor=None
            )


# ---------------------------------------------------------------- query budget


@pytest.mark.parametrize("reader", ["member", "staff"])
def test_section_page_with_body_comments_does_not_grow(app, world, count_queries, reader):
    client = client_as(app, world, reader)
    path = f"/p/lip/v/{world['v3']}/s/g1"

    def add(count):
        last = None
        for n in range(count):
            if last is not None and n % 5 == 4:
                body_comment(app, world, parent_id=last, text=f"Antwort {n}")
            else:
                last = body_comment(app, world, text=f"Kommentar {n}")

    def measure() -> int:
        client.get(path)
        with count_queries() as counter:
            response = client.get(path)
        assert response.status_code == 200
        return counter.count

    add(5)
    few = measure()
    add(45)
    many = measure()
    assert few == many, f"{few} queries with 5 body comments, {many} with 50"
    assert few <= 26
