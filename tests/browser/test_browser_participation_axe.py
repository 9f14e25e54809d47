"""axe-core on every page type of participation (comments, statements, forum feedback), in
German (the default) and in Arabic (right to left).

A new page type is one more line in PAGES. `seed` puts a little of everything into the
database for each test: comments with a reply, a report and a hidden one, an event with a
table and cards, a CSV upload waiting for its preview, and statements (one received with an
attachment, one waiting for its e-mail confirmation, one recorded from a letter).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.models import Organisation
from consult.extensions import db
from consult.forum import cards as forum_cards
from consult.forum import services as forum_services
from consult.models import utcnow
from consult.participation.models import Contribution, Event
from consult.plans.models import Process, Section, SectionVersion, Version
from consult.plans.views import _today

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "ar"]
SECTION = "/p/lip/v/2/s/g1"
COMMENTS = SECTION + "/comments"
EVENTS = "/manage/processes/lip/events"
EVENT = EVENTS + "/{event}"

# (id, role of the logged-in person or None, path with {placeholders} filled from `seed`,
#  what to do on the page before the check: None or a key of ACTIONS, expected status)
PAGES = [
    # Comments, public side.
    ("section-with-thread", "resident", SECTION, None, 200),
    ("section-with-thread-anonymous", None, SECTION, None, 200),
    ("comment-thread", None, COMMENTS + "/{theirs}", None, 200),
    ("comment-new", "resident", COMMENTS + "/new", None, 200),
    ("comment-new-errors", "resident", COMMENTS + "/new", "blank-comment", 422),
    ("comment-reply", "resident", COMMENTS + "/{theirs}/reply", None, 200),
    ("comment-edit", "resident", COMMENTS + "/{mine}/edit", None, 200),
    ("comment-report", "resident", COMMENTS + "/{theirs}/report", None, 200),
    # Forum feedback from phones.
    ("phone-form-event", None, "/f/{event_code}", None, 200),
    ("phone-form-table", None, "/f/{table_code}", None, 200),
    ("phone-form-errors", None, "/f/{event_code}", "blank-phone-card", 422),
    ("phone-thanks", None, "/f/{event_code}/thanks", None, 200),
    ("phone-closed", None, "/f/{closed_code}", None, 200),
    # Written statements, public side.
    ("statement-form", None, "/p/lip/statements/new", None, 200),
    ("statement-form-logged-in", "resident", "/p/lip/statements/new?version=2&section=g1", None, 200),
    ("statement-form-errors", None, "/p/lip/statements/new", "submit-empty", 422),
    ("statement-check-your-email", None, "/track/{pending_token}", None, 200),
    ("statement-tracking", None, "/track/{received_token}", None, 200),
    ("statement-confirm-invalid", None, "/statements/confirm/not-a-token", None, 400),
    ("my-statements", "resident", "/statements/mine", None, 200),
    # Staff: comments.
    ("manage-comment-reports", "staff", "/manage/comments/reports", None, 200),
    ("manage-process-comments", "staff", "/manage/processes/lip/comments", None, 200),
    ("manage-comment", "staff", "/manage/comments/{theirs}", None, 200),
    ("manage-comment-hidden", "staff", "/manage/comments/{hidden}", None, 200),
    # Staff: statements.
    ("manage-statements", "staff", "/manage/processes/lip/statements", None, 200),
    ("manage-statement-record", "staff", "/manage/processes/lip/statements/new", None, 200),
    ("manage-statement-record-errors", "staff", "/manage/processes/lip/statements/new",
     "submit-empty", 422),
    ("manage-statement", "staff", "/manage/processes/lip/statements/{received}", None, 200),
    ("manage-statement-recorded", "staff", "/manage/processes/lip/statements/{recorded}", None, 200),
    # Staff: forum.
    ("manage-events", "staff", EVENTS, None, 200),
    ("manage-event", "staff", EVENT, None, 200),
    ("manage-event-new", "staff", EVENTS + "/new", None, 200),
    ("manage-event-new-errors", "staff", EVENTS + "/new", "submit-empty", 422),
    ("manage-event-edit", "staff", EVENT + "/edit", None, 200),
    ("manage-event-delete", "staff", EVENT + "/delete", None, 200),
    ("manage-table-new", "staff", EVENT + "/tables/new", None, 200),
    ("manage-table-edit", "staff", EVENT + "/tables/{table}", None, 200),
    ("manage-table-delete", "staff", EVENT + "/tables/{table}/delete", None, 200),
    ("manage-capture", "staff", EVENT + "/capture", None, 200),
    ("manage-batch", "staff", EVENT + "/batch", None, 200),
    ("manage-batch-errors", "staff", EVENT + "/batch", "bad-batch", 422),
    ("manage-csv-upload", "staff", EVENT + "/csv", None, 200),
    ("manage-csv-preview", "staff", EVENT + "/csv/{csv_token}", None, 200),
    ("manage-cards", "staff", EVENT + "/cards", None, 200),
    ("manage-card-delete", "staff", EVENT + "/cards/{card}/delete", None, 200),
    ("manage-print-sheet", "staff", EVENT + "/print", None, 200),
]

# What must be on the page, so that it is checked with content and not empty.
SHOWS = {
    "section-with-thread": "main .thread ol article.comment",
    "section-with-thread-anonymous": "main article.comment-hidden",
    "comment-thread": "main .thread ol article.comment",
    "comment-edit": "main form textarea[name=body]",
    "comment-report": "main form textarea[name=reason]",
    "statement-form-logged-in": "main input[name=sections][value=g1]:checked",
    "statement-tracking": "main #attachments + ul a",
    "manage-comment-reports": "main table.data tbody tr",
    "manage-process-comments": "main table.data tbody tr",
    "manage-comment-hidden": "main form textarea, main form button",
    "manage-statements": "main table.data tbody tr",
    "manage-events": "main table.data tbody tr",
    "manage-event": "main table.data tbody tr",
    "manage-csv-preview": "main tr.row-error",
    "manage-cards": "main table.data tbody tr",
    "manage-print-sheet": "main img",
    "phone-form-event": "main form textarea[name=text]",
}

# Known violations, to be fixed in the templates: id -> reason (xfail, strict).
KNOWN_VIOLATIONS: dict[str, str] = {}

CSV_TEXT = (
    "table;section;language;text\n"
    "1;1.1;de;Mehr Sprachkurse für Eltern\n"
    "1;;tr;Annelere akşam dil kursu\n"
    "7;9.9;xx;Eine Zeile mit Fehlern\n"
)


def _url(path: str, language: str) -> str:
    if language == "de":
        return path
    return f"{path}{'&' if '?' in path else '?'}lang={language}"


def _params():
    params = []
    for name, role, path, action, status in PAGES:
        for language in LANGUAGES:
            marks = []
            reason = KNOWN_VIOLATIONS.get(f"{name}-{language}") or KNOWN_VIOLATIONS.get(name)
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(
                pytest.param(
                    name, role, path, action, status, language, id=f"{name}-{language}", marks=marks
                )
            )
    return params


# --- the data every page needs ---------------------------------------------------------------


def seed(app, make_user, make_organisation, me) -> dict:
    """Comments, an event with a table and cards, a waiting CSV upload; returns ids and codes.

    `me` is the logged-in person (or None): their comment is the one that can be edited, and
    the CSV upload is theirs."""
    from consult.comments import services as comment_services
    from consult.statements import services as statement_services
    from consult.statements.uploads import StoredFile

    writer = make_user(display_name="Amal Haddad")
    reporter = make_user(display_name="Jonas Becker")
    moderator = me if me is not None and me.role != "resident" else make_user(role="staff")
    organisation = make_organisation(name="Verein Brücke e.V.", members=[writer])
    with app.test_request_context():
        org = db.session.get(Organisation, organisation.id)
        org.verified_at, org.verified_by_id = utcnow(), moderator.id
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        version = db.session.scalar(
            select(Version).where(Version.process_id == process.id, Version.number == 2)
        )
        node = db.session.scalar(
            select(SectionVersion).join(Section).where(
                SectionVersion.version_id == version.id, Section.key == "g1"
            )
        )
        users = {u.id: db.session.merge(u) for u in (writer, reporter, moderator)}
        if me is not None:
            users[me.id] = db.session.merge(me)
        author = users[(me or writer).id]
        today = _today()

        def post(by, body, **kwargs):
            comment, _created = comment_services.post_comment(
                process=process, version=version, node=node, author=by, body=body,
                today=today, **kwargs,
            )
            return comment

        theirs = post(
            users[writer.id],
            "Wir wünschen uns Sprachkurse am Abend, damit berufstätige Eltern teilnehmen können.",
            organisation=org,
        )
        post(author, "نحن نوافق تماما على هذا الاقتراح ونأمل أن يتم تنفيذه قريبا.", parent=theirs)
        mine = post(author, "Bitte auch an die Großeltern denken, die oft die Kinder betreuen.")
        hidden = post(users[writer.id], "Ein Beitrag, der gegen die Regeln verstößt.")
        comment_services.report_comment(theirs, users[reporter.id], "Das ist Werbung für den Verein.")
        comment_services.report_comment(hidden, users[reporter.id], "Beleidigend.")
        comment_services.hide_comment(hidden, users[moderator.id], "Beleidigende Äußerung.")

        now = utcnow()
        event = forum_services.create_event(
            process, name="Integrationsforum 2026", starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(hours=3), place="Neues Rathaus", language="de",
            description="Tische zu allen Handlungsfeldern.",
        )
        table = forum_services.save_table(
            event, number=1, name="Bildung und Sprache", sections=[node.section]
        )
        closed = forum_services.create_event(
            process, name="Fachtag Wohnen", starts_at=now - timedelta(days=40),
            accepts_phone_feedback=False,
        )
        card_ids = forum_services.capture_cards(
            event,
            [
                forum_services.CardInput(text="Mehr Sprachkurse für Eltern.", table=table,
                                         section_id=node.section_id),
                forum_services.CardInput(text="Annelere akşam dil kursu lazım.", table=table),
                forum_services.CardInput(text="المزيد من الدورات في المساء.", language="ar"),
            ],
            version=version, actor=users[moderator.id],
        )
        received, received_token = statement_services.submit_statement(
            process, author if me is not None else None,
            statement_services.Submission(
                title="Sprachkurse für Eltern",
                body="Wir bitten um Sprachkurse am Abend.\n\nUnd um Kinderbetreuung währenddessen.",
                sections=[node.section], version=version, publish_text=True,
                email=None if me is not None else "leyla@example.org",
            ),
            [StoredFile(secrets.token_hex(16), "stellungnahme.pdf", "application/pdf", 1234, "0" * 64)],
            today=today,
        )
        pending, pending_token = statement_services.submit_statement(
            process, None,
            statement_services.Submission(
                body="Bizim mahallede daha fazla kreş yeri lazım, lütfen.",
                name="Ayşe Yılmaz", email="ayse@example.org",
            ),
            [], today=today,
        )
        recorded = statement_services.record_statement(
            process, users[moderator.id],
            statement_services.PaperStatement(
                channel="letter", received_on=today - timedelta(days=2),
                body="Sehr geehrte Damen und Herren, wir schlagen vor …",
                submitter_type="organisation", organisation=org, address="Lange Laube 1\n30159 Hannover",
            ),
            [StoredFile(secrets.token_hex(16), "brief.pdf", "application/pdf", 4321, "1" * 64)],
            today=today,
        )
        if received.status == "pending":  # sent without an account: confirm it
            received.status, received.email_confirmed_at = "received", utcnow()
        ids = {
            "received": received.id, "received_token": received_token,
            "pending_token": pending_token, "recorded": recorded.id,
            "theirs": theirs.id, "mine": mine.id, "hidden": hidden.id,
            "event": event.id, "event_code": event.code, "table": table.id,
            "table_code": table.code, "closed_code": closed.code, "card": card_ids[0],
        }
        db.session.commit()
        if me is not None and me.role != "resident":
            ids["csv_token"] = forum_cards.store_csv(
                app.config["UPLOAD_FOLDER"], CSV_TEXT,
                {"event_id": event.id, "user_id": me.id, "version": version.number,
                 "filename": "karten.csv"},
            )
    return ids


# --- what to do on a page before it is checked ---------------------------------------------


def _blank_comment(page) -> None:
    form = page.locator("main form.stacked")
    form.locator("textarea[name=body]").fill("   ")  # passes the browser, not the server
    form.locator("button[type=submit]").click()


def _blank_phone_card(page) -> None:
    form = page.locator("main form")
    form.locator("textarea[name=text]").evaluate("e => e.removeAttribute('required')")
    form.locator("textarea[name=text]").fill("   ")
    form.locator("button[type=submit]").click()


def _submit_empty(page) -> None:
    page.locator("main form.stacked button[type=submit]").first.click()


def _bad_batch(page) -> None:
    form = page.locator("main form.card-batch")
    form.locator("textarea[name=lines]").fill("99: Ein Tisch, den es nicht gibt\n9.9 | Kein Abschnitt")
    form.locator("button[type=submit]").click()


ACTIONS = {
    "blank-comment": _blank_comment,
    "blank-phone-card": _blank_phone_card,
    "submit-empty": _submit_empty,
    "bad-batch": _bad_batch,
}


@pytest.fixture
def signed_in(csrf_app, context, live_server, make_user):
    """A user with `role`, signed in by a session cookie (the login form has its own tests;
    here it would only cost time)."""

    def do(role: str):
        user = make_user(role=role)
        with csrf_app.app_context():
            serializer = csrf_app.session_interface.get_signing_serializer(csrf_app)
            value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
        context.add_cookies(
            [{"name": csrf_app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}]
        )
        return user

    return do


@pytest.mark.parametrize(("name", "role", "path", "action", "status", "language"), _params())
def test_participation_page_has_no_accessibility_violations(
    app, page, page_errors, make_process, make_user, make_organisation, signed_in,
    assert_accessible, name, role, path, action, status, language,
):
    make_process()
    me = signed_in(role) if role else None
    ids = seed(app, make_user, make_organisation, me)
    url = _url(path.format(**ids), language)
    response = page.goto(url)
    assert response is not None
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} went to {page.url}"
    if action is None:
        assert response.status == status, (url, response.status)
    else:
        assert response.status == 200, (url, response.status)
        if language != "de":
            # ?lang= holds for one request; the switcher keeps the language for the POST.
            with page.expect_navigation():
                page.locator(f".language-switcher button[value={language}]").click()
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            ACTIONS[action](page)
        assert sent.value.status == status, (url, sent.value.status)
        page.wait_for_load_state()
        expect(page.locator("main [aria-invalid=true], main .error, main .row-error").first).to_be_attached()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    if name in SHOWS:
        expect(page.locator(SHOWS[name]).first).to_be_attached()
    assert_accessible(page)
    # The browser reports an expected 4xx answer as a failed resource; nothing else may appear.
    expected = f"the server responded with a status of {status} "
    assert [e for e in page_errors if expected not in e] == [], page_errors


def test_seed_makes_what_the_pages_show(app, make_process, make_user, make_organisation):
    """The pages above are checked with content in them: comments, a hidden one, cards."""
    make_process()
    ids = seed(app, make_user, make_organisation, None)
    with app.app_context():
        assert db.session.get(Contribution, ids["hidden"]).hidden_reason
        assert db.session.get(Event, ids["event"]).tables
        kinds = db.session.scalars(select(Contribution.kind)).all()
        assert kinds.count("comment") == 4 and kinds.count("forum_card") == 3
        statuses = db.session.scalars(
            select(Contribution.status).where(Contribution.kind == "statement").order_by(Contribution.id)
        ).all()
        assert statuses == ["received", "pending", "received"]
