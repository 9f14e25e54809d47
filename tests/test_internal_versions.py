"""Versions shared internally with bodies: who reads them (a 404 matrix over every reading
page), the banner, and that the API and the public exports never serve an internal version or
the bodies' comments, to anyone, members of the bodies included."""

from __future__ import annotations

import json
from datetime import date

import pytest

from consult.accounts.models import User
from consult.comments import services as comment_services
from consult.council import sharing
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans import services as plan_services
from consult.plans.models import Process, VersionStatus
from consult.triage import services as triage
from consult.triage.models import Group
from tests.helpers_council import council_world, version_of
from tests.helpers_triage import node

SECRET = "Vertraulicher Hinweis des Integrationsrats"
READERS = ("anonymous", "resident", "other_body", "member", "staff", "admin")
# Who reads the internal version: the members of the body it is shared with, and staff.
READS = {"member", "staff", "admin"}


def internal_world(app, make_process, make_user, *, bodies=("council_body",),
                   comments_open: bool = True) -> dict:
    """`council_world` with version 3 (a draft) shared with `bodies`, which makes it internal;
    v3 also has a new top-level section "n1" that no public version has. Users: "resident"
    (no body), "other_body" (a committee member, not shared), "member" (the advisory
    council's member), "staff", "admin"."""
    world = council_world(app, make_process, make_user)
    users = world["users"]
    users["resident"] = users["outsider"]
    users["member"] = users["council_member"]
    users["other_body"] = users["committee_member"]
    with app.test_request_context():
        v3 = version_of(world["process_id"], world["v3"])
        staff = db.session.get(User, users["staff"].id)
        plan_services.add_section(v3, title="Neues Ziel", body="Nur intern: neu.", key="n1")
        sharing.share_version(
            v3, [db.session.get(Group, world[f"{key}_id"]) for key in bodies],
            actor=staff, comments_open=comments_open,
        )
        db.session.commit()
    return world


def body_comment(app, world, user_key: str = "member", *, key: str = "g1",
                 body_key: str = "council_body", text: str = SECRET,
                 parent_id: int | None = None) -> int:
    """A comment in the bodies' non-public thread on version 3 (committed); its id."""
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        version = version_of(process.id, world["v3"])
        comment, _created = comment_services.post_comment(
            process=process, version=version, node=node(process.id, world["v3"], key),
            author=db.session.get(User, world["users"][user_key].id), body=text,
            today=date.today(), as_body=db.session.get(Group, world[f"{body_key}_id"]),
            parent=db.session.get(Contribution, parent_id) if parent_id else None,
        )
        db.session.commit()
        return comment.id


def publish_v3(app, world) -> None:
    with app.test_request_context():
        plan_services.publish_version(version_of(world["process_id"], world["v3"]), None)
        db.session.commit()


def client_as(app, world, reader: str):
    client = app.test_client()
    if reader != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = world["users"][reader].get_id()
    return client


@pytest.fixture
def world(app, make_process, make_user):
    world = internal_world(app, make_process, make_user)
    world["comment_id"] = body_comment(app, world)
    return world


def _paths(world) -> dict[str, str]:
    v3 = world["v3"]
    return {
        "version": f"/p/lip/v/{v3}",
        "section": f"/p/lip/v/{v3}/s/g1",
        "new section": f"/p/lip/v/{v3}/s/n1",
        "print": f"/p/lip/v/{v3}/print",
        "history of a section only v3 has": "/p/lip/s/n1/history",
        "comment": f"/p/lip/v/{v3}/s/g1/comments/{world['comment_id']}",
        "write a comment": f"/p/lip/v/{v3}/s/g1/comments/new",
        "switch to v3": f"/p/lip/s/g1/version?version={v3}",
        "contents switch to v3": f"/p/lip/version?version={v3}",
    }


@pytest.mark.parametrize("reader", READERS)
def test_who_reads_the_internal_version(app, world, reader):
    client = client_as(app, world, reader)
    for name, path in _paths(world).items():
        status = client.get(path).status_code
        expected = (200, 302) if reader in READS else (404,)
        assert status in expected, f"{reader} on {name} ({path}): {status}"


@pytest.mark.parametrize("reader", READERS)
def test_process_page_and_history_list_v3_only_for_readers(app, world, reader):
    client = client_as(app, world, reader)
    process_page = client.get("/p/lip?lang=de")
    history = client.get("/p/lip/s/g1/history?lang=de")
    assert process_page.status_code == 200 and history.status_code == 200
    link = f'href="/p/lip/v/{world["v3"]}"'
    assert (link in process_page.get_data(as_text=True)) == (reader in READS)
    assert ("Verwaltungsentwurf" in history.get_data(as_text=True)) == (reader in READS)


def test_a_draft_or_unshared_version_stays_staff_only(app, world):
    with app.test_request_context():
        v3 = version_of(world["process_id"], world["v3"])
        sharing.share_version(v3, [], actor=None)
        db.session.commit()
    path = f"/p/lip/v/{world['v3']}"
    assert client_as(app, world, "member").get(path).status_code == 404
    assert client_as(app, world, "staff").get(path).status_code == 200
    with app.test_request_context():
        plan_services.set_version_status(
            version_of(world["process_id"], world["v3"]), VersionStatus.DRAFT, None
        )
        sharing.share_version(
            version_of(world["process_id"], world["v3"]),
            [db.session.get(Group, world["council_body_id"])], actor=None,
        )
        db.session.commit()
        assert version_of(world["process_id"], world["v3"]).status == "internal"
    assert client_as(app, world, "member").get(path).status_code == 200


@pytest.mark.parametrize("reader", READERS)
def test_a_non_public_process_admits_only_members_with_an_internal_share(app, world, reader):
    with app.test_request_context():
        db.session.get(Process, world["process_id"]).is_public = False
        db.session.commit()
    client = client_as(app, world, reader)
    for path in ("/p/lip", f"/p/lip/v/{world['v3']}", f"/p/lip/v/{world['v3']}/s/g1"):
        status = client.get(path).status_code
        assert status == (200 if reader in READS else 404), (reader, path, status)
    # The public versions of a non-public process stay hidden from the member.
    assert client.get(f"/p/lip/v/{world['v2']}").status_code == (
        200 if reader in ("staff", "admin") else 404
    )


def test_a_share_on_a_published_version_does_not_open_a_non_public_process(app, world):
    publish_v3(app, world)
    with app.test_request_context():
        db.session.get(Process, world["process_id"]).is_public = False
        db.session.commit()
    assert client_as(app, world, "member").get("/p/lip").status_code == 404


def test_the_banner_names_the_bodies(app, world):
    member_page = client_as(app, world, "member").get(f"/p/lip/v/{world['v3']}?lang=en")
    html = member_page.get_data(as_text=True)
    assert 'class="notice internal-banner" role="note"' in html
    assert "<bdi>Lokaler Integrationsrat</bdi>" in html and "Not public." in html
    assert "Only staff can see it" not in html
    with app.test_request_context():
        v3 = version_of(world["process_id"], world["v3"])
        sharing.share_version(
            v3, [db.session.get(Group, world[k]) for k in ("council_body_id", "bildung_id")],
            actor=None,
        )
        db.session.commit()
    staff_html = client_as(app, world, "staff").get(
        f"/p/lip/v/{world['v3']}?lang=en"
    ).get_data(as_text=True)
    assert "<bdi>Bildung</bdi>, <bdi>Lokaler Integrationsrat</bdi>" in staff_html
    printed = client_as(app, world, "member").get(f"/p/lip/v/{world['v3']}/print?lang=en")
    assert printed.status_code == 200
    public_html = client_as(app, world, "member").get(
        f"/p/lip/v/{world['v2']}?lang=en"
    ).get_data(as_text=True)
    assert "internal-banner" not in public_html


def test_the_banner_escapes_body_names(app, world):
    with app.test_request_context():
        db.session.get(Group, world["council_body_id"]).name = "<script>alert(1)</script>"
        db.session.commit()
    html = client_as(app, world, "member").get(f"/p/lip/v/{world['v3']}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- API and exports


def _published_suggestion_from_the_body_comment(app, world) -> None:
    """Split the body comment, decide and publish the answer (as staff would)."""
    with app.test_request_context():
        admin = db.session.get(User, world["users"]["admin"].id)
        suggestion = triage.split(db.session.get(Contribution, world["comment_id"]), actor=admin)
        triage.decide(suggestion, actor=admin, outcome="noted", public_reason="Zur Kenntnis.")
        triage.publish(suggestion, actor=admin)
        db.session.commit()


API_PATHS = [
    "/api/v1/processes/lip/versions",
    "/api/v1/processes/lip/suggestions",
    "/api/v1/processes/lip/statistics",
    "/api/v1/processes/lip",
]


@pytest.mark.parametrize("reader", READERS)
def test_the_api_never_serves_the_internal_version(app, world, reader):
    _published_suggestion_from_the_body_comment(app, world)
    client = client_as(app, world, reader)
    v3 = world["v3"]
    for path in (
        f"/api/v1/processes/lip/versions/{v3}",
        f"/api/v1/processes/lip/versions/{v3}/sections",
        f"/api/v1/processes/lip/versions/{v3}/sections/g1",
        f"/api/v1/processes/lip/versions/{v3}/sections/n1",
        "/api/v1/processes/lip/suggestions/1",
    ):
        assert client.get(path).status_code == 404, (reader, path)
    for path in API_PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert SECRET not in text and "Neues Ziel" not in text and "Verwaltungsentwurf" not in text
    versions = json.loads(client.get("/api/v1/processes/lip/versions").get_data(as_text=True))
    assert v3 not in [v["number"] for v in versions["items"]]
    statistics = client.get("/api/v1/processes/lip/statistics").get_json()
    assert "advisory_council" not in json.dumps(statistics)


@pytest.mark.parametrize("reader", ["anonymous", "member", "staff"])
def test_public_disposition_and_its_exports_leave_out_the_internal_version(app, world, reader):
    _published_suggestion_from_the_body_comment(app, world)
    client = client_as(app, world, reader)
    assert client.get(f"/p/lip/disposition?version={world['v3']}").status_code == 404
    for path in ("/p/lip/disposition", "/p/lip/statistics", "/p/lip/v/1/s/g1/suggestions"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SECRET not in response.get_data(as_text=True), path
        assert "A-1" not in response.get_data(as_text=True), path
    for fmt in ("csv", "xlsx", "docx", "pdf"):
        response = client.get(f"/p/lip/disposition/export.{fmt}")
        assert response.status_code == 200, fmt
        body = response.get_data()
        assert SECRET.encode() not in body, fmt
        if fmt == "csv":
            assert "A-1" not in response.get_data(as_text=True)
    assert client.get(f"/p/lip/disposition/export.csv?version={world['v3']}").status_code == 404


def test_staff_internal_export_does_include_it(app, world):
    _published_suggestion_from_the_body_comment(app, world)
    response = client_as(app, world, "staff").get("/manage/processes/lip/disposition/export.csv")
    assert response.status_code == 200
    assert SECRET in response.get_data(as_text=True)


def test_after_publication_body_comments_stay_out_of_public_answers_and_counts(app, world):
    _published_suggestion_from_the_body_comment(app, world)
    publish_v3(app, world)
    client = client_as(app, world, "anonymous")
    assert "A-1" in client.get("/p/lip/disposition").get_data(as_text=True)  # the answer is public
    for path in ("/p/lip/disposition", "/p/lip/disposition/export.csv",
                 "/api/v1/processes/lip/suggestions", "/api/v1/processes/lip/suggestions/1"):
        assert SECRET not in client.get(path).get_data(as_text=True), path
    statistics = client.get("/api/v1/processes/lip/statistics").get_json()
    assert "advisory_council" not in json.dumps(statistics["contributions"])
