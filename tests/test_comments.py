"""Comments on sections: writing, replying, editing, reporting, and what the public sees."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from helpers_participation import add_comment, client_for, node_of, page
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from consult.accounts.models import Membership, Role, User
from consult.audit.models import AuditEntry
from consult.comments import services
from consult.errors import NotAllowed
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import CommentReport, Contribution
from consult.plans.models import Phase

SECTION = "/p/lip/v/2/s/g1"
NEW = f"{SECTION}/comments/new"
ARABIC = "نحن بحاجة إلى المزيد من دروس اللغة للأمهات في الحي، خاصة في فترة ما بعد الظهر."


def comment_row(app, comment_id) -> Contribution:
    with app.app_context():
        comment = db.session.get(Contribution, comment_id)
        db.session.expunge(comment)
        return comment


def comment_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Contribution.id)).all())


def idempotency_key(html: str) -> str:
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def world(app, make_process, make_user, make_organisation):
    data = make_process()
    staff = make_user(role=Role.STAFF, display_name="Sachbearbeiterin")
    resident = make_user(display_name="Ayşe Anwohnerin")
    other = make_user(display_name="Bernd Nachbar")
    member = make_user(display_name="Mitglied Person")
    org = make_organisation(
        name="Verein Brücke e.V.", members=[member], verified_at=utcnow(), verified_by_id=staff.id,
    )
    return {"data": data, "staff": staff, "resident": resident, "other": other,
            "member": member, "org": org}


# --- writing ----------------------------------------------------------------------


def test_resident_comments_as_themselves(app, world):
    client = client_for(app, world["resident"])
    form_page = client.get(f"{SECTION}?lang=en")
    assert form_page.status_code == 200
    html = page(form_page)
    assert "Write a comment" in html and 'action="/p/lip/v/2/s/g1/comments/new?lang=en"' in html
    assert "Comments are public" in html
    assert "Language of your comment" in html
    key = idempotency_key(html)

    response = client.post(NEW, data={"body": "Mehr Sprachkurse am Nachmittag, bitte.",
                                      "idempotency_key": key})
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.scalar(select(Contribution))
        process, version, node = node_of()
        assert response.headers["Location"].endswith(f"#comment-{comment.id}")
        assert (comment.kind, comment.channel, comment.submitter_type, comment.status) == (
            "comment", "online", "resident", "received")
        assert comment.process_id == process.id
        assert comment.version_id == version.id
        assert comment.section_id == node.section_id
        assert comment.author_id == world["resident"].id and comment.organisation_id is None
        assert comment.publish_text is True and comment.publish_name is True
        assert comment.idempotency_key == key
        assert comment.depth == 0 and comment.parent_id is None
        assert comment.language == "de" and comment.language_source == "detected"

    shown = page(client.get(f"{SECTION}?lang=en"))
    assert "Mehr Sprachkurse am Nachmittag, bitte." in shown
    assert "Ayşe Anwohnerin" in shown
    assert '<ol class="thread"' in shown and '<article class="comment" id="comment-' in shown


def test_organisation_member_comments_in_the_organisations_name(app, world):
    client = client_for(app, world["member"])
    html = page(client.get(f"{SECTION}?lang=en"))
    assert "Comment as" in html and "Verein Brücke e.V." in html
    response = client.post(NEW, data={
        "body": "Unser Verein bietet Räume für Sprachcafés an.",
        "on_behalf": str(world["org"].id), "idempotency_key": "k-org-1",
    })
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.scalar(select(Contribution))
        assert comment.submitter_type == "organisation"
        assert comment.organisation_id == world["org"].id
        assert comment.author_id == world["member"].id
    shown = page(client_for(app, None).get(f"{SECTION}?lang=en"))
    article = shown[shown.index(f'id="comment-{comment.id}"'):]
    article = article[:article.index("</article>")]
    assert "Verein Brücke e.V." in article
    assert "Verified by the city" in article
    assert "Mitglied Person" not in article


def test_only_members_comment_in_an_organisations_name(app, world):
    client = client_for(app, world["resident"])
    html = page(client.get(f"{SECTION}?lang=en"))
    assert "Comment as" not in html
    response = client.post(NEW, data={"body": "Im Namen des Vereins.",
                                      "on_behalf": str(world["org"].id)})
    assert response.status_code == 422
    assert "Im Namen des Vereins." in page(response)
    assert comment_count(app) == 0


def test_anonymous_visitors_are_invited_to_log_in(app, world):
    client = client_for(app, None)
    html = page(client.get(f"{SECTION}?lang=en"))
    assert "Log in to comment" in html
    assert 'href="/account/login?next=/p/lip/v/2/s/g1%23comments"' in html
    assert 'href="/account/register"' in html
    assert 'name="body"' not in html

    response = client.post(NEW, data={"body": "Anonym"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")
    assert comment_count(app) == 0
    form_page = client.get(NEW)
    assert form_page.status_code == 302
    assert "/account/login?next=/p/lip/v/2/s/g1/comments/new" in form_page.headers["Location"]


def test_closed_phase_keeps_comments_readable_and_refuses_new_ones(app, world):
    comment_id = add_comment(app, world["resident"], "Ein früherer Kommentar.")
    with app.app_context():
        for phase in db.session.scalars(select(Phase)):
            phase.starts_on = date.today() - timedelta(days=30)
            phase.ends_on = date.today() - timedelta(days=1)
        db.session.commit()
    client = client_for(app, world["other"])
    html = page(client.get(f"{SECTION}?lang=en"))
    assert "Comments are not open at the moment" in html
    assert "Ein früherer Kommentar." in html
    assert 'name="body"' not in html
    assert f"/comments/{comment_id}/reply" not in html

    response = client.post(NEW + "?lang=en", data={"body": "Zu spät geschrieben."})
    assert response.status_code == 403
    assert "Zu spät geschrieben." in page(response)
    assert comment_count(app) == 1
    reply = client.post(f"{SECTION}/comments/{comment_id}/reply", data={"body": "Antwort"})
    assert reply.status_code == 403
    assert comment_count(app) == 1


def test_draft_versions_take_no_comments_and_stay_hidden(app, make_process, make_user):
    make_process(draft=True)
    resident = make_user()
    staff = make_user(role=Role.STAFF)
    draft = "/p/lip/v/3/s/g1"
    client = client_for(app, resident)
    assert client.get(draft).status_code == 404
    assert client.get(f"{draft}/comments/new").status_code == 404
    assert client.post(f"{draft}/comments/new", data={"body": "Entwurf"}).status_code == 404
    assert client_for(app, None).post(f"{draft}/comments/new", data={"body": "x"}).status_code == 404

    staff_client = client_for(app, staff)
    html = page(staff_client.get(f"{draft}?lang=en"))
    assert "This version does not take comments" in html and 'name="body"' not in html
    refused = staff_client.post(f"{draft}/comments/new", data={"body": "Vorschau-Kommentar"})
    assert refused.status_code == 403
    assert comment_count(app) == 0


def test_unconfirmed_and_deactivated_accounts_cannot_comment(app, world, make_user):
    unconfirmed = make_user(email_confirmed_at=None)
    deactivated = make_user(is_active_account=False)
    with app.test_request_context():
        process, version, node = node_of()
        for user in (unconfirmed, deactivated):
            with pytest.raises(NotAllowed):
                services.post_comment(
                    process=process, version=version, node=node,
                    author=db.session.get(User, user.id), body="Hallo", today=date.today(),
                )
    # A deactivated account is logged out at its next request and sent to log in.
    response = client_for(app, deactivated).post(NEW, data={"body": "Hallo"})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert comment_count(app) == 0


def test_the_same_form_sent_twice_stores_one_comment(app, world):
    client = client_for(app, world["resident"])
    key = idempotency_key(page(client.get(SECTION)))
    data = {"body": "Doppelt geklickt.", "idempotency_key": key}
    first = client.post(NEW, data=data)
    second = client.post(NEW + "?lang=en", data=data, follow_redirects=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "sent already" in page(second)
    assert comment_count(app) == 1
    # A fresh form brings a new key.
    assert idempotency_key(page(client.get(SECTION))) != key


def test_body_length_is_checked(app, world):
    client = client_for(app, world["resident"])
    empty = client.post(NEW + "?lang=en", data={"body": "   "})
    assert empty.status_code == 422 and "Please write your comment." in page(empty)
    too_long = client.post(NEW + "?lang=en", data={"body": "x" * 5001})
    assert too_long.status_code == 422
    assert "at most 5000 characters" in page(too_long)
    assert comment_count(app) == 0
    assert client.post(NEW, data={"body": "y" * 5000}).status_code == 302
    assert comment_count(app) == 1


def test_bad_language_and_key_values_are_refused(app, world):
    client = client_for(app, world["resident"])
    assert client.post(NEW, data={"body": "Text", "language": "xx"}).status_code == 422
    assert client.post(NEW, data={"body": "Text", "idempotency_key": "<script>"}).status_code == 422
    assert client.post(NEW, data={"body": "Text", "idempotency_key": "k" * 65}).status_code == 422
    assert comment_count(app) == 0


def test_honeypot_stores_nothing(app, world):
    client = client_for(app, world["resident"])
    response = client.post(NEW, data={"body": "Werbung", "website": "http://spam.example"})
    assert response.status_code == 302
    assert comment_count(app) == 0


def test_database_outage_keeps_the_text(app, world, monkeypatch):
    client = client_for(app, world["resident"])

    def broken_commit():
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(db.session, "commit", broken_commit)
    response = client.post(NEW + "?lang=en", data={"body": "Mein langer Text bleibt erhalten."})
    monkeypatch.undo()
    assert response.status_code == 503
    assert "Mein langer Text bleibt erhalten." in page(response)
    assert "Your text is still here" in page(response)
    assert comment_count(app) == 0


def test_expired_csrf_token_keeps_the_text(app, csrf_app, world):
    client = client_for(csrf_app, world["resident"])
    response = client.post(NEW + "?lang=en", data={
        "body": "Ein sorgfältig geschriebener Kommentar.", "csrf_token": "expired",
        "idempotency_key": "k-csrf",
    })
    assert response.status_code in (400, 422)
    html = page(response)
    assert "Ein sorgfältig geschriebener Kommentar." in html
    assert "Your form had expired" in html
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert 'value="k-csrf"' in html
    again = client.post(NEW, data={
        "body": "Ein sorgfältig geschriebener Kommentar.", "csrf_token": token,
        "idempotency_key": "k-csrf",
    })
    assert again.status_code == 302
    assert comment_count(app) == 1


# --- languages --------------------------------------------------------------------


def test_arabic_comment_is_detected_and_rendered_with_its_language(app, world):
    client = client_for(app, world["member"])
    response = client.post(NEW, data={"body": ARABIC, "on_behalf": str(world["org"].id)})
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.scalar(select(Contribution))
        assert (comment.language, comment.language_source, comment.detected_language) == (
            "ar", "detected", "ar")
    html = page(client.get(SECTION))
    assert f'<div class="user-text" lang="ar" dir="auto">{ARABIC}</div>' in html


def test_the_author_can_name_the_language(app, world):
    client = client_for(app, world["resident"])
    client.post(NEW, data={"body": "Kısa not", "language": "tr"})
    with app.app_context():
        comment = db.session.scalar(select(Contribution))
        assert (comment.language, comment.language_source) == ("tr", "author")


# --- replies ------------------------------------------------------------------------


def test_replies_go_three_levels_deep(app, world):
    root = add_comment(app, world["resident"], "Erster Kommentar")
    client = client_for(app, world["other"])
    html = page(client.get(f"{SECTION}/comments/{root}/reply?lang=en"))
    assert "Reply to a comment" in html and "Erster Kommentar" in html

    first = client.post(f"{SECTION}/comments/{root}/reply", data={"body": "Antwort eins"})
    assert first.status_code == 302
    with app.app_context():
        level1 = db.session.scalar(select(Contribution).where(Contribution.parent_id == root))
        assert level1.depth == 1
        assert first.headers["Location"].endswith(f"/comments/{root}#comment-{level1.id}")
    second = client.post(f"{SECTION}/comments/{level1.id}/reply", data={"body": "Antwort zwei"})
    assert second.status_code == 302
    with app.app_context():
        level2 = db.session.scalar(
            select(Contribution).where(Contribution.parent_id == level1.id)
        )
        assert level2.depth == 2

    refused = client.get(f"{SECTION}/comments/{level2.id}/reply?lang=en")
    assert refused.status_code == 400 and "three levels" in page(refused)
    assert client.post(f"{SECTION}/comments/{level2.id}/reply",
                       data={"body": "Antwort drei"}).status_code == 400
    assert comment_count(app) == 3

    thread = page(client.get(SECTION))
    assert f"/comments/{root}/reply" in thread
    assert f"/comments/{level1.id}/reply" in thread
    assert f"/comments/{level2.id}/reply" not in thread
    # Nested lists: the second-level reply sits inside the first.
    assert thread.index("Erster Kommentar") < thread.index("Antwort eins") < thread.index("Antwort zwei")


def test_a_reply_must_belong_to_the_section(app, world):
    other_section = add_comment(app, world["resident"], "Auf f1", key="f1")
    client = client_for(app, world["other"])
    assert client.get(f"{SECTION}/comments/{other_section}/reply").status_code == 404
    assert client.post(f"{SECTION}/comments/{other_section}/reply",
                       data={"body": "x"}).status_code == 404
    assert client.get(f"{SECTION}/comments/999999/reply").status_code == 404


def test_permalink_shows_the_whole_thread(app, world):
    root = add_comment(app, world["resident"], "Wurzel")
    reply = add_comment(app, world["other"], "Antwort", parent_id=root)
    html = page(client_for(app, None).get(f"{SECTION}/comments/{reply}"))
    assert "Wurzel" in html and "Antwort" in html
    assert client_for(app, None).get(f"/p/lip/v/1/s/g1/comments/{reply}").status_code == 404


# --- editing ------------------------------------------------------------------------


def test_author_edits_within_the_window(app, world):
    comment_id = add_comment(app, world["resident"], "Tippfeler")
    client = client_for(app, world["resident"])
    html = page(client.get(SECTION))
    assert f"/comments/{comment_id}/edit" in html
    form = client.get(f"{SECTION}/comments/{comment_id}/edit")
    assert form.status_code == 200 and "Tippfeler" in page(form)
    response = client.post(f"{SECTION}/comments/{comment_id}/edit", data={"body": "Tippfehler"})
    assert response.status_code == 302
    comment = comment_row(app, comment_id)
    assert comment.body == "Tippfehler" and comment.edited_at is not None
    shown = page(client.get(f"{SECTION}?lang=en"))
    assert "Tippfehler" in shown and "edited" in shown


def test_editing_after_the_window_is_refused(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_EDIT_MINUTES", 15)
    comment_id = add_comment(app, world["resident"], "Alter Text", ago_minutes=16)
    client = client_for(app, world["resident"])
    assert f"/comments/{comment_id}/edit" not in page(client.get(SECTION))
    response = client.get(f"{SECTION}/comments/{comment_id}/edit?lang=en")
    assert response.status_code == 403 and "This time has passed" in page(response)
    refused = client.post(f"{SECTION}/comments/{comment_id}/edit", data={"body": "Neuer Text"})
    assert refused.status_code == 403
    assert comment_row(app, comment_id).body == "Alter Text"

    monkeypatch.setitem(app.config, "COMMENT_EDIT_MINUTES", 30)
    assert client.post(f"{SECTION}/comments/{comment_id}/edit",
                       data={"body": "Neuer Text"}).status_code == 302
    assert comment_row(app, comment_id).body == "Neuer Text"


@pytest.mark.parametrize("who", ["other", "staff", "member"])
def test_nobody_else_edits_a_comment(app, world, who):
    comment_id = add_comment(app, world["resident"], "Meine Meinung")
    client = client_for(app, world[who])
    assert client.get(f"{SECTION}/comments/{comment_id}/edit").status_code == 403
    assert client.post(f"{SECTION}/comments/{comment_id}/edit",
                       data={"body": "Gefälscht"}).status_code == 403
    assert comment_row(app, comment_id).body == "Meine Meinung"
    anonymous = client_for(app, None).post(f"{SECTION}/comments/{comment_id}/edit",
                                           data={"body": "Gefälscht"})
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]


# --- threads: pages and order ---------------------------------------------------------


def _many(app, author, count):
    ids = []
    for number in range(count):
        ids.append(add_comment(app, author, f"Kommentar Nummer {number:02d}.",
                               ago_minutes=count - number))
    return ids


def test_thread_pages_and_order(app, world):
    _many(app, world["resident"], 25)
    client = client_for(app, None)
    first = page(client.get(f"{SECTION}?lang=en"))
    assert "Kommentar Nummer 24." in first and "Kommentar Nummer 05." in first
    assert "Kommentar Nummer 04." not in first
    assert first.index("Kommentar Nummer 24.") < first.index("Kommentar Nummer 23.")
    assert "Page 1 of 2" in first
    assert "comments_page=2&amp;order=newest#comments" in first

    second = page(client.get(f"{SECTION}?comments_page=2&order=newest"))
    assert "Kommentar Nummer 04." in second and "Kommentar Nummer 00." in second
    assert "Kommentar Nummer 05." not in second

    oldest = page(client.get(f"{SECTION}?order=oldest"))
    assert oldest.index("Kommentar Nummer 00.") < oldest.index("Kommentar Nummer 01.")
    assert "Kommentar Nummer 20." not in oldest

    beyond = page(client.get(f"{SECTION}?comments_page=9&order=oldest"))
    assert "Kommentar Nummer 24." in beyond and "Kommentar Nummer 00." not in beyond


@pytest.mark.parametrize(
    "query",
    ["comments_page=abc", "comments_page=-3", "comments_page=0", "comments_page=99999999999999",
     "comments_page=1.5", "order=sideways", "order=%3Cscript%3Ealert(1)%3C/script%3E",
     "comments_page=%00&order=", "order=newest&order=oldest"],
)
def test_junk_thread_parameters_fall_back_to_defaults(app, world, query):
    add_comment(app, world["resident"], "Ein Kommentar")
    response = client_for(app, None).get(f"{SECTION}?{query}")
    assert response.status_code == 200
    html = page(response)
    assert "Ein Kommentar" in html
    assert "<script>alert(1)" not in html


def test_table_of_contents_counts_visible_comments(app, world):
    add_comment(app, world["resident"], "Eins")
    add_comment(app, world["resident"], "Zwei")
    hidden = add_comment(app, world["resident"], "Drei")
    add_comment(app, world["resident"], "Auf f1", key="f1")
    with app.test_request_context():
        services.hide_comment(db.session.get(Contribution, hidden),
                              db.session.get(User, world["staff"].id), "Beleidigung")
        db.session.commit()
    html = page(client_for(app, None).get("/p/lip/v/2?lang=en"))
    g1 = html[html.index('href="/p/lip/v/2/s/g1"'):]
    assert g1[:g1.index("</li>")].count("2 comments") == 1
    f1 = html[html.index('href="/p/lip/v/2/s/f1"'):]
    assert "1 comment<" in f1[:f1.index("<ol")]
    assert "comment" not in html[html.index('href="/p/lip/v/2/s/g2"'):].split("</li>")[0]


def test_comments_on_earlier_versions_are_counted(app, world):
    add_comment(app, world["resident"], "Zu Fassung 1", number=1)
    add_comment(app, world["other"], "Auch zu Fassung 1", number=1)
    html = page(client_for(app, None).get(f"{SECTION}?lang=en"))
    assert "2 comments on earlier versions:" in html
    assert 'href="/p/lip/v/1/s/g1#comments"' in html
    assert "Zu Fassung 1" not in html
    earlier = page(client_for(app, None).get("/p/lip/v/1/s/g1"))
    assert "Zu Fassung 1" in earlier and "earlier versions" not in earlier


# --- reports and moderation -------------------------------------------------------------


def test_report_hide_and_unhide(app, world):
    comment_id = add_comment(app, world["resident"], "Ein beleidigender Satz.")
    reporter = client_for(app, world["other"])
    form = reporter.get(f"{SECTION}/comments/{comment_id}/report?lang=en")
    assert form.status_code == 200 and "Ein beleidigender Satz." in page(form)
    response = reporter.post(f"{SECTION}/comments/{comment_id}/report",
                             data={"reason": "Beleidigt meinen Nachbarn."})
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(CommentReport))
        assert (report.contribution_id, report.reporter_id, report.resolved_at) == (
            comment_id, world["other"].id, None)

    staff = client_for(app, world["staff"])
    listing = page(staff.get("/manage/comments/reports?lang=en"))
    assert "Ein beleidigender Satz." in listing
    assert "Beleidigt meinen Nachbarn." in listing and "Bernd Nachbar" in listing
    assert f'href="/p/lip/v/2/s/g1/comments/{comment_id}"' in listing

    hidden = staff.post(f"/manage/comments/{comment_id}/hide",
                        data={"reason": "Verstößt gegen die Regeln."})
    assert hidden.status_code == 302
    public = page(client_for(app, None).get(f"{SECTION}?lang=en"))
    assert "Hidden by moderation: Verstößt gegen die Regeln." in public
    assert "Ein beleidigender Satz." not in public
    assert "Ayşe Anwohnerin" not in public
    with app.app_context():
        comment = db.session.get(Contribution, comment_id)
        assert comment.body == "Ein beleidigender Satz."
        assert comment.hidden_by_id == world["staff"].id
        report = db.session.scalar(select(CommentReport))
        assert report.resolution == "hidden" and report.resolved_by_id == world["staff"].id
    staff_view = page(staff.get(f"/manage/comments/{comment_id}?lang=en"))
    assert "Ein beleidigender Satz." in staff_view and "Verstößt gegen die Regeln." in staff_view
    assert "No open reports." in page(staff.get("/manage/comments/reports?lang=en"))

    shown = staff.post(f"/manage/comments/{comment_id}/unhide")
    assert shown.status_code == 302
    public = page(client_for(app, None).get(SECTION))
    assert "Ein beleidigender Satz." in public and "Verstößt gegen die Regeln." not in public
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_id == comment_id,
                                            AuditEntry.object_type == "Comment")
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["comment.report", "comment.hide", "comment.unhide"]


def test_hiding_needs_a_reason(app, world):
    comment_id = add_comment(app, world["resident"], "Text")
    response = client_for(app, world["staff"]).post(
        f"/manage/comments/{comment_id}/hide?lang=en", data={"reason": "  "})
    assert response.status_code == 422
    assert "Please give a reason" in page(response)
    assert comment_row(app, comment_id).hidden_at is None


def test_keeping_a_reported_comment_closes_the_reports(app, world):
    comment_id = add_comment(app, world["resident"], "Harmlos")
    client_for(app, world["other"]).post(f"{SECTION}/comments/{comment_id}/report",
                                         data={"reason": "Gefällt mir nicht"})
    response = client_for(app, world["staff"]).post(f"/manage/comments/{comment_id}/keep",
                                                    data={"back": "reports"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/comments/reports")
    with app.app_context():
        report = db.session.scalar(select(CommentReport))
        assert report.resolution == "kept" and report.resolved_at is not None
        assert db.session.scalar(
            select(AuditEntry.action).where(AuditEntry.action == "comment.keep")
        ) == "comment.keep"
    assert comment_row(app, comment_id).hidden_at is None


def test_replies_of_a_hidden_comment_stay_visible(app, world):
    root = add_comment(app, world["resident"], "Wird versteckt")
    add_comment(app, world["other"], "Meine Antwort bleibt", parent_id=root)
    client_for(app, world["staff"]).post(f"/manage/comments/{root}/hide",
                                         data={"reason": "Spam"})
    html = page(client_for(app, world["other"]).get(f"{SECTION}?lang=en"))
    assert "Hidden by moderation: Spam" in html
    assert "Meine Antwort bleibt" in html and "Wird versteckt" not in html
    assert f"/comments/{root}/reply" not in html and f"/comments/{root}/report" not in html
    assert client_for(app, world["other"]).post(
        f"{SECTION}/comments/{root}/reply", data={"body": "Noch eine"}).status_code == 400
    # The author cannot edit a hidden comment back into view.
    assert client_for(app, world["resident"]).post(
        f"{SECTION}/comments/{root}/edit", data={"body": "Neu"}).status_code == 403


def test_report_rules(app, world):
    comment_id = add_comment(app, world["resident"], "Text")
    url = f"{SECTION}/comments/{comment_id}/report?lang=en"
    own = client_for(app, world["resident"]).post(url, data={"reason": "Eigener"})
    assert own.status_code == 422 and "your own comment" in page(own)
    reporter = client_for(app, world["other"])
    assert reporter.post(url, data={"reason": ""}).status_code == 422
    too_long = reporter.post(url, data={"reason": "r" * 1001})
    assert too_long.status_code == 422 and "at most 1000 characters" in page(too_long)
    assert reporter.post(url, data={"reason": "Erster Bericht"}).status_code == 302
    again = reporter.post(url, data={"reason": "Zweiter Bericht"})
    assert again.status_code == 422 and "reported this comment already" in page(again)
    anonymous = client_for(app, None).post(url, data={"reason": "anonym"})
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    with app.app_context():
        assert len(db.session.scalars(select(CommentReport)).all()) == 1


def test_reports_are_rate_limited(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_REPORT_RATE_LIMIT", "2 per hour")
    ids = [add_comment(app, world["resident"], f"Text {n}") for n in range(3)]
    reporter = client_for(app, world["other"])
    statuses = [
        reporter.post(f"{SECTION}/comments/{cid}/report", data={"reason": "Spam"}).status_code
        for cid in ids
    ]
    assert statuses == [302, 302, 429]


def test_residents_never_see_who_reported(app, world, make_user):
    comment_id = add_comment(app, world["resident"], "Text")
    client_for(app, world["other"]).post(f"{SECTION}/comments/{comment_id}/report",
                                         data={"reason": "Geheimer Grund"})
    third = make_user(display_name="Dritte Person")
    for client in (client_for(app, third), client_for(app, world["resident"]),
                   client_for(app, None)):
        for url in (SECTION, f"{SECTION}/comments/{comment_id}"):
            html = page(client.get(url))
            assert "Bernd Nachbar" not in html and "Geheimer Grund" not in html
    resident_client = client_for(app, third)
    assert resident_client.get("/manage/comments/reports").status_code == 403
    assert resident_client.get(f"/manage/comments/{comment_id}").status_code == 403


# --- bad input --------------------------------------------------------------------------


def test_script_in_comments_and_reasons_stays_inert(app, world, make_user, make_organisation):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    member = make_user(display_name=f"Name {script}")
    org = make_organisation(name=f"Org {script}", slug="evil-org", members=[member])
    root = add_comment(app, member, f"Text {script}", organisation_id=org.id)
    reply = add_comment(app, member, f"Antwort {script}", parent_id=root)
    client_for(app, world["other"]).post(f"{SECTION}/comments/{reply}/report",
                                         data={"reason": f"Grund {script}"})
    staff = client_for(app, world["staff"])
    staff.post(f"/manage/comments/{root}/hide", data={"reason": f"Versteckt {script}"})
    process_slug = "lip"
    pages = {
        "public": client_for(app, world["other"]).get(SECTION),
        "permalink": client_for(app, None).get(f"{SECTION}/comments/{reply}"),
        "report form": client_for(app, world["other"]).get(f"{SECTION}/comments/{reply}/report"),
        "reports": staff.get("/manage/comments/reports"),
        "staff comment": staff.get(f"/manage/comments/{root}"),
        "staff reply": staff.get(f"/manage/comments/{reply}"),
        "staff list": staff.get(f"/manage/processes/{process_slug}/comments"),
        "audit": staff.get("/manage/audit"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = page(response)
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name
        assert "&lt;script&gt;" in html, name
    assert "Versteckt &lt;script&gt;" in page(pages["public"])
    assert "Grund &lt;script&gt;" in page(pages["reports"])
    assert "Grund &lt;script&gt;" in page(pages["audit"])
    assert "Versteckt &lt;script&gt;" in page(pages["audit"])


# --- download my data ------------------------------------------------------------------------


def test_comments_are_in_download_my_data(app, world):
    add_comment(app, world["member"], "Mein Beitrag", organisation_id=world["org"].id)
    add_comment(app, world["resident"], "Nicht meiner")
    response = client_for(app, world["member"]).post("/account/export")
    assert response.status_code == 200
    data = json.loads(page(response))
    assert [c["text"] for c in data["comments"]] == ["Mein Beitrag"]
    exported = data["comments"][0]
    assert exported["process"] == "lip" and exported["version"] == 2
    assert exported["section"] == "g1" and exported["organisation"] == "Verein Brücke e.V."


def test_section_page_lists_only_this_versions_comments(app, world):
    add_comment(app, world["resident"], "Kommentar zu Fassung 1", number=1)
    add_comment(app, world["resident"], "Kommentar zu Fassung 2", number=2)
    html = page(client_for(app, None).get(SECTION))
    assert "Kommentar zu Fassung 2" in html and "Kommentar zu Fassung 1" not in html
    with app.app_context():
        rows = db.session.execute(select(Contribution.section_id, Contribution.version_id)).all()
        assert len({section for section, _version in rows}) == 1
        assert len({version for _section, version in rows}) == 2


def test_leaving_an_organisation_ends_commenting_in_its_name(app, world):
    """Older comments keep the organisation's name; new ones in its name are refused."""
    add_comment(app, world["member"], "Im Namen des Vereins", organisation_id=world["org"].id)
    with app.app_context():
        db.session.execute(delete(Membership).where(Membership.user_id == world["member"].id))
        db.session.commit()
    client = client_for(app, world["member"])
    refused = client.post(NEW, data={"body": "Noch einmal", "on_behalf": str(world["org"].id)})
    assert refused.status_code == 422
    assert comment_count(app) == 1
    assert "Verein Brücke e.V." in page(client_for(app, None).get(SECTION))


def test_twenty_identical_submissions_at_once_store_one_comment(app, world):
    """Double clicks and retries racing each other: the unique key lets one through."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    barrier = Barrier(20)
    clients = [client_for(app, world["resident"]) for _ in range(20)]

    def send(client):
        barrier.wait()
        return client.post(NEW, data={"body": "Gleichzeitig gesendet.",
                                      "idempotency_key": "k-race-1"}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, clients))
    assert statuses == [302] * 20
    with app.app_context():
        bodies = db.session.scalars(select(Contribution.body)).all()
    assert bodies == ["Gleichzeitig gesendet."]
