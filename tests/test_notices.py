"""Final notices: one message per submitter when a version's decisions are published, in
their language, never twice, retried after a mail failure, with a working opt-out; the staff
page and the command that sends again. On both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from consult.accountability import notices, opt_out
from consult.accountability.models import FinalNotice, NoticeOptOut
from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.forum import services as forum_services
from consult.participation.models import Contribution, Event
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import Suggestion
from tests.conftest import free_port
from tests.helpers_participation import add_comment, create_event, page
from tests.helpers_triage import TURKISH_STATEMENT, section, triage_world

REASON_DE = "Dafür fehlen im Haushalt die Mittel."
REASON_TR = "Bütçede bunun için para yok."
PUBLISH = "/manage/processes/lip/versions/2/decisions"


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name].id)


def _process(world) -> Process:
    return db.session.get(Process, world["process_id"])


def _version(world, number: int) -> Version:
    return db.session.scalar(
        select(Version).where(Version.process_id == world["process_id"], Version.number == number)
    )


def _statement(world, body: str, email: str | None, *, version: int | None = 2) -> Contribution:
    return statement_services.record_statement(
        _process(world), _user(world, "staff"),
        statement_services.PaperStatement(
            channel="letter", received_on=date.today(), body=body, language="de",
            sections=[section(world["process_id"], "g1")],
            version=_version(world, version) if version else None,
            name="Petra Privat", email=email,
        ),
        [], today=date.today(),
    )


def _decide(suggestion, world, outcome="not_accepted", reason=REASON_DE):
    services.decide(suggestion, actor=_user(world, "admin"), outcome=outcome,
                    public_reason=reason, internal_note="GEHEIMNOTIZ")


def _card(app, world) -> int:
    event = create_event(app, tables=[(1, "Tisch Bildung", ["g1"])])
    with app.test_request_context():
        [card_id] = forum_services.capture_cards(
            db.session.get(Event, event["id"]),
            [forum_services.CardInput(text="Kita-Plätze für alle Kinder.",
                                      section_id=section(world["process_id"], "g1").id)],
            version=_version(world, 2), actor=_user(world, "staff"),
        )
        db.session.commit()
    return card_id


@pytest.fixture
def decided(app, world, make_user):
    """On version 2, all decided and none published yet:
    A-1, A-2 from two statements by Petra (the same address in two spellings), A-3 from
    Ayşe's Turkish statement (notices in Turkish, a Turkish reason), A-4 a comment by Karla,
    A-5 Karla's second comment grouped under A-4, A-6 a statement by someone who opted out,
    A-7 a forum card, A-8 a statement without an address; A-9 Petra's, still undecided."""
    karla = make_user(display_name="Karla Kommentar", email="karla@example.org")
    first_comment = add_comment(app, karla, "Auch die Eltern sollen Deutsch lernen.", number=2)
    second_comment = add_comment(app, karla, "Elternkurse am Abend wären gut.", number=2)
    card_id = _card(app, world)
    with app.test_request_context():
        staff = _user(world, "staff")
        turkish = db.session.get(Contribution, world["statement_id"])
        turkish.notify_language = "tr"
        made = [
            services.split_whole(_statement(world, "Mehr Sprachkurse.", "Petra@Example.org"), actor=staff),
            services.split_whole(_statement(world, "Mehr Kitaplätze.", "petra@example.org "), actor=staff),
            services.split(turkish, actor=staff, start=0, end=TURKISH_STATEMENT.index("\n")),
            services.split_whole(db.session.get(Contribution, first_comment), actor=staff),
            services.split_whole(db.session.get(Contribution, second_comment), actor=staff),
            services.split_whole(_statement(world, "Bitte keine Post.", "nein@example.org"), actor=staff),
            services.split_whole(db.session.get(Contribution, card_id), actor=staff),
            services.split_whole(_statement(world, "Ohne Adresse.", None), actor=staff),
            services.split_whole(_statement(world, "Noch offen.", "petra@example.org"), actor=staff),
        ]
        assert [s.number for s in made] == list(range(1, 10))
        for suggestion in made[:8]:
            if suggestion.number == 5:
                services.group_under(suggestion, made[3], actor=staff)
            elif suggestion.number == 4:
                _decide(suggestion, world, outcome="accepted", reason="")
            else:
                _decide(suggestion, world)
        services.set_reason_translation(made[2], language="tr", text=REASON_TR, actor=staff)
        db.session.add(NoticeOptOut(recipient_key="nein@example.org"))
        db.session.commit()
    return {"karla": karla}


def _publish(app, world, sign_in, path=PUBLISH):
    client = sign_in(app.test_client(), world["users"]["staff"])
    response = client.post(path + "?lang=en", data={}, headers={"Accept-Language": "en"})
    assert response.status_code == 303, response.status_code
    return client


def _labels(body: str) -> set[str]:
    import re

    return set(re.findall(r"^A-\d+", body, re.MULTILINE))


def _notices(status=None) -> list[FinalNotice]:
    query = select(FinalNotice).order_by(FinalNotice.id)
    if status:
        query = query.where(FinalNotice.status == status)
    return list(db.session.scalars(query))


# --------------------------------------------------------------------- publishing sends


def test_publishing_sends_one_notice_per_submitter(app, world, decided, sign_in, mail_sink):
    _publish(app, world, sign_in)
    recipients = sorted(m["To"] for m in mail_sink.messages)
    assert recipients == ["Petra@Example.org", "ayse@example.org", "karla@example.org"]
    [petra] = mail_sink.to("Petra@Example.org")
    body = mail_sink.body(petra)
    assert _labels(body) == {"A-1", "A-2"}  # not the undecided A-9
    assert "Mehr Sprachkurse." in body and "Mehr Kitaplätze." in body
    assert REASON_DE in body
    assert "http://localhost/p/lip/suggestions/A-1" in body
    assert "GEHEIMNOTIZ" not in body
    [karla] = mail_sink.to("karla@example.org")
    body = mail_sink.body(karla)
    assert _labels(body) == {"A-4", "A-5"}
    # A-5 is answered together with A-4 (the mail is in German: the account has no language).
    assert "Gemeinsam mit Anregung A-4 beantwortet." in body
    assert "http://localhost/statements/mine" in body
    assert karla["Content-Language"] == "de"
    # One message each, with a working opt-out link.
    assert all("/notices/opt-out/" in mail_sink.body(m) for m in mail_sink.messages)
    with app.app_context():
        rows = {n.recipient_key: n for n in _notices()}
        assert set(rows) == {
            "petra@example.org", "ayse@example.org", f"user:{decided['karla'].id}",
            "nein@example.org",
        }
        assert rows["nein@example.org"].status == "opted_out"
        assert all(rows[k].status == "sent" and rows[k].sent_at and rows[k].attempts == 1
                   for k in rows if k != "nein@example.org")
        assert sorted(s.number for s in rows["petra@example.org"].suggestions) == [1, 2]
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert actions.count("notices.plan") == 1 and actions.count("notices.send") == 1


def test_notice_is_written_in_the_submitters_language(app, world, decided, sign_in, mail_sink):
    _publish(app, world, sign_in)
    [message] = mail_sink.to("ayse@example.org")
    assert message["Content-Language"] == "tr"
    body = mail_sink.body(message)
    assert REASON_TR in body and REASON_DE not in body
    assert "lang=tr" in body  # links open the pages in Turkish
    assert "Çocuklar için daha fazla Almanca kursu istiyoruz." in body  # their own words
    with app.app_context():
        assert db.session.scalar(
            select(FinalNotice.language).where(FinalNotice.recipient_key == "ayse@example.org")
        ) == "tr"


def test_account_language_is_used_without_a_chosen_one(app, world, decided, sign_in, mail_sink):
    with app.app_context():
        db.session.get(User, decided["karla"].id).preferred_language = "ar"
        db.session.commit()
    _publish(app, world, sign_in)
    [message] = mail_sink.to("karla@example.org")
    assert message["Content-Language"] == "ar"


def test_publishing_again_or_sending_again_sends_nothing_more(app, world, decided, sign_in, mail_sink):
    _publish(app, world, sign_in)
    assert len(mail_sink.messages) == 3
    _publish(app, world, sign_in)  # nothing left to publish
    with app.test_request_context():
        assert notices.plan_final_notices(_version(world, 2), None) == 0
        result = notices.send_pending(version=_version(world, 2), retry=True)
        assert (result.sent, result.failed) == (0, 0)
    assert len(mail_sink.messages) == 3
    with app.app_context():
        assert db.session.scalar(select(func.count(FinalNotice.id))) == 4


def test_answers_published_later_go_out_in_a_second_notice(app, world, decided, sign_in, mail_sink):
    _publish(app, world, sign_in)
    mail_sink.clear()
    with app.test_request_context():
        open_one = db.session.scalar(select(Suggestion).where(Suggestion.number == 9))
        _decide(open_one, world)
        db.session.commit()
    _publish(app, world, sign_in)
    [message] = mail_sink.messages
    assert message["To"] == "petra@example.org"
    assert _labels(mail_sink.body(message)) == {"A-9"}
    with app.app_context():
        rounds = db.session.scalars(
            select(FinalNotice.round).where(FinalNotice.recipient_key == "petra@example.org")
            .order_by(FinalNotice.round)
        ).all()
        assert rounds == [1, 2]


def test_a_claimed_notice_is_not_sent_by_a_second_sender(app, world, decided, mail_sink):
    with app.test_request_context():
        version = _version(world, 2)
        services.publish_version(version, actor=_user(world, "staff"))
        notices.plan_final_notices(version, None)
        db.session.commit()
        ids = db.session.scalars(select(FinalNotice.id).where(FinalNotice.status == "pending")).all()
        # Another instance claimed the first one a moment ago.
        first = db.session.get(FinalNotice, ids[0])
        first.status, first.claimed_at = "sending", func.now()
        db.session.commit()
        result = notices.send_pending(version=version, retry=True)
    assert result.sent == len(ids) - 1
    assert len(mail_sink.messages) == len(ids) - 1


def test_a_sender_that_never_finished_is_taken_over_by_the_retry(app, world, decided, mail_sink):
    from datetime import timedelta

    from consult.models import utcnow

    with app.test_request_context():
        version = _version(world, 2)
        services.publish_version(version, actor=_user(world, "staff"))
        notices.plan_final_notices(version, None)
        db.session.commit()
        stale = db.session.scalar(select(FinalNotice).where(FinalNotice.status == "pending"))
        stale.status, stale.claimed_at = "sending", utcnow() - timedelta(hours=1)
        db.session.commit()
        assert notices.send_pending(version=version).sent == 2  # not without retry
        assert notices.send_pending(version=version, retry=True).sent == 1
    assert len(mail_sink.messages) == 3


def test_smtp_failure_marks_failed_and_the_retry_sends(app, world, decided, sign_in, mail_sink, runner):
    from consult.accountability import commands  # noqa: F401 - registers the command

    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    try:
        client = _publish(app, world, sign_in)
        shown = page(client.get(PUBLISH + "?lang=en"))
        assert "not sent yet" in shown
    finally:
        app.config["MAIL_PORT"] = port
    assert mail_sink.messages == []
    with app.app_context():
        failed = _notices("failed")
        assert len(failed) == 1  # the first; the others wait: the server is unreachable
        assert failed[0].attempts == 1
        assert "Connection" in failed[0].last_error or "Errno" in failed[0].last_error
        assert "\n" not in failed[0].last_error
        assert len(_notices("pending")) == 2
    result = runner.invoke(args=["consult", "send-notices", "--process", "lip"])
    assert result.exit_code == 0, result.output
    assert "3 sent" in result.output
    assert sorted(m["To"] for m in mail_sink.messages) == [
        "Petra@Example.org", "ayse@example.org", "karla@example.org"
    ]
    result = runner.invoke(args=["consult", "send-notices"])
    assert "0 sent" in result.output
    assert len(mail_sink.messages) == 3
    with app.app_context():
        assert len(_notices("sent")) == 3
        assert db.session.scalar(
            select(FinalNotice.attempts).where(FinalNotice.id == failed[0].id)
        ) == 2


def test_unknown_process_in_the_command_is_an_error(app, runner):
    from consult.accountability import commands  # noqa: F401

    result = runner.invoke(args=["consult", "send-notices", "--process", "nope"])
    assert result.exit_code != 0
    assert "There is no process" in result.output


def test_draft_version_sends_nothing_until_it_is_public(app, world, sign_in, mail_sink):
    with app.test_request_context():
        suggestion = services.split_whole(
            _statement(world, "Zum Entwurf.", "entwurf@example.org", version=3),
            actor=_user(world, "staff"),
        )
        _decide(suggestion, world)
        db.session.commit()
    client = sign_in(app.test_client(), world["users"]["staff"])
    shown = page(client.get("/manage/processes/lip/versions/3/decisions?lang=en"))
    assert "This version or its process is not public yet" in shown
    client = _publish(app, world, sign_in, path="/manage/processes/lip/versions/3/decisions")
    assert mail_sink.messages == []
    with app.app_context():
        assert _notices() == []
    shown = page(client.get("/manage/processes/lip/versions/3/decisions?lang=en"))
    assert "No final notices were sent: this version or its process is not public yet." in shown


def test_publish_page_says_how_many_will_get_a_notice(app, world, decided, sign_in):
    client = sign_in(app.test_client(), world["users"]["staff"])
    shown = page(client.get(PUBLISH + "?lang=en"))
    # Petra, Ayşe, Karla and the person who opted out.
    assert "4 people with a known e-mail address each get one final notice" in shown
    assert "1 of them has asked not to receive final notices" in shown


# --------------------------------------------------------------------- the message


def test_user_text_is_plain_and_control_characters_are_removed(app, world, sign_in, mail_sink):
    with app.test_request_context():
        suggestion = services.split_whole(
            _statement(world, "<script>alert(1)</script>\x1b[31m rot \u202egnuliet", "x@example.org"),
            actor=_user(world, "staff"),
        )
        _decide(suggestion, world, reason="Nein & <b>nie</b>\x07.")
        db.session.commit()
    _publish(app, world, sign_in)
    [message] = mail_sink.messages
    body = mail_sink.body(message)
    assert "<script>alert(1)</script>[31m rot gnuliet" in body  # text, not escaped
    assert "Nein & <b>nie</b>." in body
    for control in ("\x1b", "\x07", "\u202e"):
        assert control not in body
    assert "\n" not in message["Subject"]
    assert "Lokaler Integrationsplan" in message["Subject"]


# --------------------------------------------------------------------- opting out


def _opt_out_link(mail_sink, address: str) -> str:
    [message] = mail_sink.to(address)
    [link] = [link for link in mail_sink.links(message) if "/notices/opt-out/" in link]
    return link.removeprefix("http://localhost")


def test_opt_out_link_shows_a_button_and_stores_the_choice(app, world, decided, sign_in, mail_sink):
    _publish(app, world, sign_in)
    path = _opt_out_link(mail_sink, "Petra@Example.org")
    client = app.test_client()
    response = client.get(path.split("?")[0] + "?lang=en")
    html = page(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Do not send me final notices" in html
    assert "p…@example.org" in html and "petra@example.org" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count(NoticeOptOut.id))) == 1  # GET stores nothing
    response = client.post(path, data={"choice": "out"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(
            select(NoticeOptOut.id).where(NoticeOptOut.recipient_key == "petra@example.org")
        )
    html = page(client.get(path.split("?")[0] + "?lang=en"))
    assert "You do not receive final notices." in html
    assert "Send me final notices again" in html
    # A later notice to the same address is kept, not sent.
    mail_sink.clear()
    with app.test_request_context():
        open_one = db.session.scalar(select(Suggestion).where(Suggestion.number == 9))
        _decide(open_one, world)
        db.session.commit()
    _publish(app, world, sign_in)
    assert mail_sink.messages == []
    # And back in.
    assert client.post(path, data={"choice": "in"}).status_code == 303
    with app.app_context():
        assert not db.session.scalar(
            select(NoticeOptOut.id).where(NoticeOptOut.recipient_key == "petra@example.org")
        )
        assert {"notices.opt_out", "notices.opt_in"} <= set(
            db.session.scalars(select(AuditEntry.action)).all()
        )


def test_opting_out_twice_is_harmless(app, client):
    with app.test_request_context():
        token = opt_out.opt_out_token("twice@example.org")
    for _ in range(2):
        assert client.post(f"/notices/opt-out/{token}", data={"choice": "out"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(NoticeOptOut.id))) == 1


@pytest.mark.parametrize("token", [
    "not-a-token", "x" * 700, "InVzZXI6MSI.AAAAAAAAAAAAAAAAAAAAAAAAAAA", "%3Cscript%3E",
])
def test_junk_opt_out_tokens_are_a_404_page(client, token):
    for method in ("get", "post"):
        response = getattr(client, method)(f"/notices/opt-out/{token}?lang=en", data={"choice": "out"})
        assert response.status_code == 404
        assert "This link is not valid" in page(response)
        assert "<script>" not in page(response)


def test_opt_out_for_an_unknown_account_is_a_404(app, client):
    with app.test_request_context():
        token = opt_out.opt_out_token("user:999999")
        tampered = opt_out.opt_out_token("a@example.org")[:-2] + "xx"
    assert client.get(f"/notices/opt-out/{token}").status_code == 404
    assert client.get(f"/notices/opt-out/{tampered}").status_code == 404


def test_opt_out_needs_a_choice_and_a_csrf_token(app, client, csrf_client):
    with app.test_request_context():
        token = opt_out.opt_out_token("c@example.org")
    assert client.post(f"/notices/opt-out/{token}", data={"choice": "maybe"}).status_code == 400
    assert csrf_client.post(f"/notices/opt-out/{token}", data={"choice": "out"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(NoticeOptOut.id))) == 0


# --------------------------------------------------------------------- the staff page


def test_staff_page_lists_notices_and_sends_failed_ones_again(app, world, decided, sign_in, mail_sink):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()
    try:
        _publish(app, world, sign_in)
    finally:
        app.config["MAIL_PORT"] = port
    client = sign_in(app.test_client(), world["users"]["staff"])
    response = client.get("/manage/processes/lip/notices?lang=en")
    html = page(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Final notices by version and status" in html
    for address in ("Petra@Example.org", "ayse@example.org", "karla@example.org", "nein@example.org"):
        assert address in html
    assert "Failed" in html and "Not sent (opted out)" in html
    assert "/triage/lip/A-1" in html
    html = page(client.get("/manage/processes/lip/notices?lang=en&status=opted_out"))
    assert "nein@example.org" in html and "karla@example.org" not in html
    assert client.get("/manage/processes/lip/notices?status=<x>&version=abc&page=-1").status_code == 200
    response = client.post("/manage/processes/lip/notices/send?lang=en", data={})
    assert response.status_code == 303
    assert len(mail_sink.messages) == 3
    html = page(client.get("/manage/processes/lip/notices?lang=en"))
    assert "3 final notices sent." in html
    with app.app_context():
        assert len(_notices("sent")) == 3


def test_staff_can_prepare_notices_for_answers_published_one_by_one(app, world, sign_in, mail_sink):
    with app.test_request_context():
        suggestion = services.split_whole(
            _statement(world, "Einzeln veröffentlicht.", "einzeln@example.org"),
            actor=_user(world, "staff"),
        )
        _decide(suggestion, world)
        services.publish(suggestion, actor=_user(world, "admin"))
        db.session.commit()
    client = sign_in(app.test_client(), world["users"]["staff"])
    html = page(client.get("/manage/processes/lip/notices?lang=en"))
    assert "Prepare and send notices for answers in no notice yet" in html
    assert client.post("/manage/processes/lip/notices/plan", data={}).status_code == 303
    [message] = mail_sink.messages
    assert message["To"] == "einzeln@example.org"
    html = page(client.get("/manage/processes/lip/notices?lang=en"))
    assert "Prepare and send notices for answers in no notice yet" not in html


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_staff_page_is_closed_to_others(app, world, sign_in, who):
    client = app.test_client()
    if who != "anonymous":
        sign_in(client, world["users"]["outsider"])
    for method, path in (("get", "/manage/processes/lip/notices"),
                         ("post", "/manage/processes/lip/notices/send"),
                         ("post", "/manage/processes/lip/notices/plan")):
        response = getattr(client, method)(path)
        assert response.status_code == (302 if who == "anonymous" else 403), (method, path)


def test_staff_page_queries_do_not_grow_with_notices(app, world, sign_in, count_queries):
    def add_notices(start: int, count: int) -> None:
        with app.app_context():
            version = _version(world, 2)
            suggestion_id = db.session.scalar(select(Suggestion.id).limit(1))
            for i in range(start, start + count):
                notice = FinalNotice(process_id=version.process_id, version_id=version.id,
                                     recipient_key=f"r{i}@example.org", email=f"r{i}@example.org",
                                     language="de", status="pending")
                db.session.add(notice)
                db.session.flush()
                notice.suggestions = [db.session.get(Suggestion, suggestion_id)]
            db.session.commit()

    with app.test_request_context():
        services.split_whole(_statement(world, "Eins.", "eins@example.org"), actor=_user(world, "staff"))
        db.session.commit()
    client = sign_in(app.test_client(), world["users"]["staff"])
    counts = []
    for start, count in ((0, 3), (3, 60)):
        add_notices(start, count)
        with count_queries() as counter:
            assert client.get("/manage/processes/lip/notices").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
