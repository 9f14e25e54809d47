"""Staff pages for comments: who may use them, the list of a process's comments, moderation."""

from __future__ import annotations

import pytest
from helpers_participation import add_comment, client_for, page
from sqlalchemy import select

from consult.accounts.models import Role, User
from consult.comments import services
from consult.extensions import db
from consult.participation.models import CommentReport, Contribution

ROLES = ["anonymous", "resident", "organisation_member", "staff", "admin"]
ALLOWED = {"staff", "admin"}


def report(app, comment_id, reporter, reason="Bitte prüfen"):
    with app.test_request_context():
        services.report_comment(
            db.session.get(Contribution, comment_id), db.session.get(User, reporter.id), reason
        )
        db.session.commit()


@pytest.fixture
def world(app, make_process, make_user, make_organisation):
    make_process()
    users = {
        "resident": make_user(display_name="Anwohnerin"),
        "organisation_member": make_user(display_name="Mitglied"),
        "staff": make_user(role=Role.STAFF, display_name="Staff"),
        "admin": make_user(role=Role.ADMIN, display_name="Admin"),
    }
    make_organisation(members=[users["organisation_member"]])
    author = make_user(display_name="Autor")
    comment_id = add_comment(app, author, "Zu prüfender Kommentar")
    report(app, comment_id, users["resident"])
    return {"users": users, "author": author, "comment_id": comment_id}


def _routes(comment_id):
    return [
        ("GET", "/manage/comments/reports"),
        ("GET", f"/manage/comments/{comment_id}"),
        ("POST", f"/manage/comments/{comment_id}/hide"),
        ("POST", f"/manage/comments/{comment_id}/unhide"),
        ("POST", f"/manage/comments/{comment_id}/keep"),
        ("GET", "/manage/processes/lip/comments"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_staff_comment_pages(app, world, role):
    user = None if role == "anonymous" else world["users"][role]
    for method, url in _routes(world["comment_id"]):
        client = client_for(app, user)
        data = {"reason": "Regelverstoß"} if url.endswith("/hide") else {}
        response = client.open(url, method=method, data=data)
        status = response.status_code
        if role == "anonymous":
            assert status == 302, url
            assert response.headers["Location"].startswith("/account/login"), url
        elif role in ALLOWED:
            assert status in ((200,) if method == "GET" else (302,)), (url, status)
        else:
            assert status == 403, (url, status)
    with app.app_context():
        comment = db.session.get(Contribution, world["comment_id"])
        # Only staff and admins changed anything: hide, then unhide, then nothing to keep.
        hidden_reports = db.session.scalars(
            select(CommentReport.resolution).where(CommentReport.resolution.is_not(None))
        ).all()
        if role in ALLOWED:
            assert comment.hidden_at is None and hidden_reports == ["hidden"]
        else:
            assert comment.hidden_at is None and hidden_reports == []


def test_missing_comments_are_404(app, world):
    staff = client_for(app, world["users"]["staff"])
    assert staff.get("/manage/comments/999999").status_code == 404
    assert staff.post("/manage/comments/999999/hide", data={"reason": "x"}).status_code == 404
    assert staff.get("/manage/processes/nope/comments").status_code == 404


def test_process_comment_list_filters(app, world):
    author = world["author"]
    visible_g1 = add_comment(app, author, "Sichtbar auf g1")
    hidden_f1 = add_comment(app, author, "Versteckt auf f1", key="f1")
    reply = add_comment(app, author, "Antwort auf g1", parent_id=visible_g1)
    staff = world["users"]["staff"]
    with app.test_request_context():
        services.hide_comment(db.session.get(Contribution, hidden_f1),
                              db.session.get(User, staff.id), "Spam")
        db.session.commit()
    client = client_for(app, staff)
    url = "/manage/processes/lip/comments?lang=en"

    everything = page(client.get(url))
    for text in ("Sichtbar auf g1", "Versteckt auf f1", "Antwort auf g1", "Zu prüfender Kommentar"):
        assert text in everything
    assert "4 comments" in everything

    only_f1 = page(client.get(url + "&section=f1"))
    assert "Versteckt auf f1" in only_f1 and "Sichtbar auf g1" not in only_f1

    hidden = page(client.get(url + "&hidden=yes"))
    assert "Versteckt auf f1" in hidden and "Sichtbar auf g1" not in hidden
    visible = page(client.get(url + "&hidden=no"))
    assert "Versteckt auf f1" not in visible and "Antwort auf g1" in visible

    reported = page(client.get(url + "&reported=open"))
    assert "Zu prüfender Kommentar" in reported and "Sichtbar auf g1" not in reported
    assert "1 report" in reported
    assert f'href="/manage/comments/{reply}"' in everything


@pytest.mark.parametrize(
    "query", ["section=%3Cscript%3E", "hidden=maybe", "reported=1%20OR%201=1", "section=f1'--"],
)
def test_unknown_filters_are_refused(app, world, query):
    response = client_for(app, world["users"]["staff"]).get(
        f"/manage/processes/lip/comments?{query}"
    )
    assert response.status_code == 400
    assert "<script>" not in page(response)


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page=0", "page=99999999999"])
def test_junk_page_numbers_do_not_break_the_lists(app, world, query):
    client = client_for(app, world["users"]["staff"])
    assert client.get(f"/manage/processes/lip/comments?{query}").status_code == 200
    assert client.get(f"/manage/comments/reports?{query}").status_code == 200


def test_process_comment_list_is_paginated(app, world):
    for number in range(55):
        add_comment(app, world["author"], f"Nummer {number:02d}.", ago_minutes=60 - number)
    client = client_for(app, world["users"]["staff"])
    first = page(client.get("/manage/processes/lip/comments?lang=en&hidden=no"))
    assert "Page 1 of 2" in first
    assert "Nummer 54." in first and "Nummer 04." not in first
    assert "page=2&amp;hidden=no" in first
    second = page(client.get("/manage/processes/lip/comments?lang=en&hidden=no&page=2"))
    assert "Nummer 04." in second and "Nummer 54." not in second


def test_reports_page_lists_open_reports_with_reasons(app, world):
    second = add_comment(app, world["author"], "Noch ein Kommentar")
    report(app, second, world["users"]["organisation_member"], "Werbung")
    report(app, second, world["users"]["resident"], "Auch Werbung")
    kept = add_comment(app, world["author"], "Schon geprüft")
    report(app, kept, world["users"]["resident"], "Alter Bericht")
    client = client_for(app, world["users"]["staff"])
    assert client.post(f"/manage/comments/{kept}/keep").status_code == 302
    html = page(client.get("/manage/comments/reports?lang=en"))
    assert "2 comments with open reports" in html
    assert "Werbung" in html and "Auch Werbung" in html and "Mitglied" in html
    assert "Schon geprüft" not in html and "Alter Bericht" not in html
    assert f'href="/p/lip/v/2/s/g1/comments/{second}"' in html
    # The most recently reported comment comes first.
    assert html.index("Noch ein Kommentar") < html.index("Zu prüfender Kommentar")


def test_moderation_actions_need_a_state_to_change(app, world):
    client = client_for(app, world["users"]["staff"])
    comment_id = world["comment_id"]
    not_hidden = client.post(f"/manage/comments/{comment_id}/unhide?lang=en",
                             follow_redirects=True)
    assert "This comment is not hidden." in page(not_hidden)
    assert client.post(f"/manage/comments/{comment_id}/hide",
                       data={"reason": "Regelverstoß"}).status_code == 302
    twice = client.post(f"/manage/comments/{comment_id}/hide?lang=en", data={"reason": "Nochmal"})
    assert twice.status_code == 422 and "hidden already" in page(twice)
    nothing_open = client.post(f"/manage/comments/{comment_id}/keep?lang=en",
                               follow_redirects=True)
    assert "no open reports" in page(nothing_open)
    with app.app_context():
        assert db.session.get(Contribution, comment_id).hidden_reason == "Regelverstoß"


def test_over_long_hide_reason_is_refused(app, world):
    response = client_for(app, world["users"]["staff"]).post(
        f"/manage/comments/{world['comment_id']}/hide?lang=en", data={"reason": "r" * 1001}
    )
    assert response.status_code == 422
    assert "at most 1000 characters" in page(response)
    with app.app_context():
        assert db.session.get(Contribution, world["comment_id"]).hidden_at is None


def test_hide_form_keeps_the_reason_when_the_token_expired(app, csrf_app, world):
    client = client_for(csrf_app, world["users"]["staff"])
    response = client.post(
        f"/manage/comments/{world['comment_id']}/hide?lang=en",
        data={"reason": "Sorgfältig begründet", "csrf_token": "expired"},
    )
    assert response.status_code in (400, 422)
    assert "Sorgfältig begründet" in page(response)
    with app.app_context():
        assert db.session.get(Contribution, world["comment_id"]).hidden_at is None


def test_moderation_routes_refuse_missing_csrf_tokens(app, csrf_app, world):
    client = client_for(csrf_app, world["users"]["staff"])
    for action in ("unhide", "keep"):
        assert client.post(f"/manage/comments/{world['comment_id']}/{action}").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(CommentReport.resolved_at)) is None
