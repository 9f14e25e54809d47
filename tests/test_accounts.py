"""Accounts: registration, confirmation, login and its throttle, passwords, profile, data, deletion."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher
from itsdangerous import TimestampSigner
from sqlalchemy import func, select, update

from consult.accounts import services, tokens
from consult.accounts.models import Membership, Role, User
from consult.accounts.passwords import verify_password
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.models import utcnow

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a completely new passphrase"
SCRIPT = "<script>alert(1)</script>"


# --- helpers ----------------------------------------------------------------------------


def fetch(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def fetch_id(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def audit_actions(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.object_type == "User", AuditEntry.object_id == user_id)
                .order_by(AuditEntry.id)
            )
        )


def register(client, **overrides):
    data = {
        "display_name": "Ayşe Demir",
        "email": "ayse@example.org",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "preferred_language": "en",
        "consent": "y",
    }
    data.update(overrides)
    return client.post("/account/register?lang=en", data=data)


def page(response) -> str:
    return response.get_data(as_text=True)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def post_login(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/account/login?lang=en", data={"email": email, "password": password, **extra})


def is_logged_in(client) -> bool:
    return client.get("/account/").status_code == 200


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def csrf(csrf_app, csrf_client):
    """The CSRF-protected client; its app's connections are closed afterwards."""
    yield csrf_client
    with csrf_app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- registration and confirmation ---------------------------------------------------------


def test_registration_confirmation_link_works_end_to_end(app, client, mail_sink):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/register/check-your-email"

    user = fetch(app, "ayse@example.org")
    assert user is not None
    assert user.email_confirmed_at is None
    assert user.preferred_language == "en"
    assert user.role == Role.RESIDENT

    [message] = mail_sink.to("ayse@example.org")
    assert message["To"] == "ayse@example.org"
    assert "confirm your e-mail address" in message["Subject"]
    [link] = mail_sink.links(message)
    assert link.startswith("http://localhost/account/confirm/")
    assert link.endswith("?lang=en")

    confirmed = client.get(path_of(link))
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == "/account/login?lang=en"
    assert fetch(app, "ayse@example.org").email_confirmed_at is not None
    assert "account.confirm" in audit_actions(app, user.id)
    assert post_login(client, "ayse@example.org").status_code == 302


def test_confirmation_mail_is_written_in_the_chosen_language(app, client, mail_sink):
    register(client, preferred_language="ar")
    [message] = mail_sink.to("ayse@example.org")
    [link] = mail_sink.links(message)
    assert link.endswith("?lang=ar")
    landing = client.get(path_of(link))
    assert landing.headers["Location"] == "/account/login?lang=ar"
    assert '<html lang="ar" dir="rtl">' in page(client.get(landing.headers["Location"]))
    assert fetch(app, "ayse@example.org").preferred_language == "ar"


def test_duplicate_registration_does_not_reveal_the_account(app, client, make_user, mail_sink):
    existing = make_user(email="taken@example.org", display_name="Original Name")
    fresh = register(client, email="new@example.org")
    duplicate = register(client, email="Taken@Example.org", display_name="Someone Else")
    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate.headers["Location"] == fresh.headers["Location"]

    with app.app_context():
        count = db.session.scalar(
            select(func.count(User.id)).where(func.lower(User.email) == "taken@example.org")
        )
    assert count == 1
    [message] = mail_sink.to("taken@example.org")
    assert "already have an account" in message["Subject"]
    body = mail_sink.body(message)
    assert "Someone Else" not in body
    assert any("/account/password/forgot" in link for link in mail_sink.links(message))
    assert fetch(app, "taken@example.org").id == existing.id


def test_registering_again_while_unconfirmed_sends_a_new_confirmation(client, make_user, mail_sink):
    make_user(email="waiting@example.org", email_confirmed_at=None)
    register(client, email="waiting@example.org")
    [message] = mail_sink.to("waiting@example.org")
    assert "confirm your e-mail address" in message["Subject"]


def test_registration_errors_keep_the_input(app, client):
    response = register(
        client, display_name="Kept Name", email="not-an-address", password="short",
        password_confirm="different", consent="",
    )
    assert response.status_code == 422
    html = page(response)
    assert 'value="Kept Name"' in html
    assert 'value="not-an-address"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="error-summary"' in html
    assert "privacy notice" in html
    assert fetch(app, "not-an-address") is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "x" * 121),
        ("email", "a" * 250 + "@example.org"),
        ("password", "p" * 257),
    ],
)
def test_overlong_registration_input_is_a_form_error(client, field, value):
    data = {field: value}
    if field == "password":
        data["password_confirm"] = value
    response = register(client, **data)
    assert response.status_code == 422
    assert "at most" in page(response) or "to 256" in page(response)


def test_registration_survives_a_mail_server_outage(app, client, monkeypatch):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unused_port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_PORT", unused_port)  # nothing listens there
    response = register(client)
    assert response.status_code == 302
    assert fetch(app, "ayse@example.org") is not None


def test_honeypot_creates_no_account(app, client, mail_sink):
    response = register(client, homepage="http://spam.example")
    assert response.status_code == 302
    assert fetch(app, "ayse@example.org") is None
    assert mail_sink.messages == []


def test_expired_confirmation_link_is_refused(app, client, make_user, monkeypatch):
    user = make_user(email="late@example.org", email_confirmed_at=None)
    max_age = app.config["TOKEN_MAX_AGE_SECONDS"]
    with app.test_request_context():
        with monkeypatch.context() as patch:
            patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - max_age - 60)
            token = tokens.make_confirmation_token(fetch_id(app, user.id))
    response = client.get(f"/account/confirm/{token}?lang=en")
    assert response.status_code == 400
    assert "invalid or has expired" in page(response)
    assert fetch(app, "late@example.org").email_confirmed_at is None


def test_tampered_confirmation_link_is_refused(client):
    assert client.get("/account/confirm/not-a-token").status_code == 400
    assert client.get("/account/confirm/" + "x" * 3000).status_code == 400


# --- login and logout ------------------------------------------------------------------------


def test_unconfirmed_account_cannot_log_in_and_may_ask_for_a_new_link(client, make_user, mail_sink):
    make_user(email="unconfirmed@example.org", email_confirmed_at=None)
    response = post_login(client, "unconfirmed@example.org")
    assert response.status_code == 403
    html = page(response)
    assert "confirm your e-mail address" in html
    assert 'action="/account/confirm/resend"' in html
    assert not is_logged_in(client)

    sent = client.post("/account/confirm/resend?lang=en", data={"resend-email": "unconfirmed@example.org"})
    assert sent.status_code == 302
    assert len(mail_sink.to("unconfirmed@example.org")) == 1


def test_resend_gives_the_same_answer_for_unknown_addresses(client, make_user, mail_sink):
    make_user(email="unconfirmed@example.org", email_confirmed_at=None)
    make_user(email="confirmed@example.org")
    answers = []
    for address in ("unconfirmed@example.org", "nobody@example.org", "confirmed@example.org"):
        response = client.post("/account/confirm/resend?lang=en", data={"resend-email": address})
        follow = client.get(response.headers["Location"] + "?lang=en")
        answers.append((response.status_code, response.headers["Location"],
                        re.findall(r'<p class="flash[^"]*">(.*?)</p>', page(follow))))
    assert answers[0] == answers[1] == answers[2]
    assert [m["To"] for m in mail_sink.messages] == ["unconfirmed@example.org"]


def test_login_sets_last_login_and_follows_a_safe_next(app, client, make_user):
    user = make_user()
    response = post_login(client, user.email, next="/p/lip?lang=de")
    assert response.status_code == 302
    assert response.headers["Location"] == "/p/lip?lang=de"
    assert fetch(app, user.email).last_login_at is not None
    assert is_logged_in(client)


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\\evil.example", "https:evil.example", "%2F%2Fevil.example",
     "https://evil.example/", "/%5Cevil.example", "javascript:alert(1)"],
)
def test_login_refuses_open_redirects(client, make_user, target):
    user = make_user()
    response = client.post(
        f"/account/login?next={target}",
        data={"email": user.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"


def test_login_form_does_not_carry_an_unsafe_next(client):
    html = page(client.get("/account/login?next=//evil.example"))
    assert re.search(r'<input id="next" name="next" type="hidden" value="">', html)
    safe = page(client.get("/account/login?next=/p/lip"))
    assert re.search(r'<input id="next" name="next" type="hidden" value="/p/lip">', safe)


def test_login_failure_message_does_not_say_which_part_was_wrong(client, make_user):
    user = make_user()
    wrong_password = post_login(client, user.email, "wrong password here")
    unknown = post_login(client, "nobody@example.org", PASSWORD)
    assert wrong_password.status_code == unknown.status_code == 422

    def notice(response):
        return re.search(r'id="login-error"[^>]*><p>(.*?)</p>', page(response)).group(1)

    assert notice(wrong_password) == notice(unknown)
    assert "not correct" in notice(unknown)
    assert not is_logged_in(client)


def test_login_renews_the_session(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    post_login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_logout_is_post_only(client, make_user, login):
    login(make_user())
    assert client.get("/account/logout").status_code == 405
    assert is_logged_in(client)
    response = client.post("/account/logout")
    assert response.status_code == 302
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/account/login", {"email": "user@example.org", "password": PASSWORD}),
        ("/account/logout", {}),
        ("/account/register", {"display_name": "X", "email": "x@example.org"}),
        ("/account/password/forgot", {"email": "x@example.org"}),
    ],
)
def test_csrf_token_is_required(csrf, app, path, data):
    # Refused: forms come back with what was typed (400/422), other actions get a 400 page.
    assert csrf.post(path, data=data).status_code in (400, 422)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_login_works_with_a_csrf_token(csrf, make_user):
    user = make_user()
    token = csrf_token_from(page(csrf.get("/account/login")))
    response = csrf.post(
        "/account/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert csrf.get("/account/").status_code == 200


def test_login_locks_after_repeated_failures_until_the_lock_passes(app, client, make_user, monkeypatch):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert post_login(client, user.email, "wrong password here").status_code == 422
    locked = fetch(app, user.email)
    assert locked.locked_until is not None
    assert services.as_utc(locked.locked_until) > utcnow()

    # Even the right password is refused while the lock lasts.
    assert post_login(client, user.email).status_code == 422
    assert not is_logged_in(client)
    assert "account.locked" in audit_actions(app, user.id)

    later = utcnow() + timedelta(seconds=app.config["LOGIN_LOCK_SECONDS"] + 5)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    assert post_login(client, user.email).status_code == 302
    unlocked = fetch(app, user.email)
    assert unlocked.locked_until is None and unlocked.failed_logins == 0


def test_login_posts_are_rate_limited_per_address(client):
    statuses = [post_login(client, "nobody@example.org", "wrong password").status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_outdated_password_hash_is_renewed_at_login(app, client, make_user):
    user = make_user()
    old_hash = PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1).hash(PASSWORD)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(password_hash=old_hash))
        db.session.commit()
    assert post_login(client, user.email).status_code == 302
    renewed = fetch(app, user.email).password_hash
    assert renewed != old_hash
    assert verify_password(renewed, PASSWORD)


def test_deactivated_account_is_logged_out_and_cannot_log_in(app, client, make_user, login):
    user = make_user()
    login(user)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(is_active_account=False))
        db.session.commit()
    assert not is_logged_in(client)
    response = post_login(client, user.email)
    assert response.status_code == 422
    assert "deactivated" in page(response)


# --- password reset ----------------------------------------------------------------------------


def test_password_reset_flow_and_single_use_link(app, client, make_user, mail_sink):
    user = make_user(email="forgetful@example.org")
    before = fetch(app, user.email).password_changed_at

    known = client.post("/account/password/forgot?lang=en", data={"email": user.email})
    unknown = client.post("/account/password/forgot?lang=en", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [m["To"] for m in mail_sink.messages] == [user.email]

    [message] = mail_sink.messages
    assert "new password" in message["Subject"]
    [link] = mail_sink.links(message)
    path = path_of(link)
    assert client.get(path).status_code == 200

    mismatch = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": "something else"})
    assert mismatch.status_code == 422

    done = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert fetch(app, user.email).password_changed_at > before
    assert "account.password_reset" in audit_actions(app, user.id)

    # Single use: the same link no longer works.
    assert path.endswith("?lang=en")
    again = client.get(path)
    assert again.status_code == 400
    assert "used already" in page(again)
    assert client.post(path, data={"password": "yet another passphrase",
                                   "password_confirm": "yet another passphrase"}).status_code == 400

    assert post_login(client, user.email, PASSWORD).status_code == 422
    assert post_login(client, user.email, NEW_PASSWORD).status_code == 302


def test_reset_link_expires(app, client, make_user, monkeypatch):
    user = make_user()
    with app.test_request_context():
        token = tokens.make_reset_token(fetch_id(app, user.id))
    assert client.get(f"/account/password/reset/{token}").status_code == 200
    monkeypatch.setitem(app.config, "TOKEN_MAX_AGE_SECONDS", -1)
    assert client.get(f"/account/password/reset/{token}").status_code == 400


def test_reset_link_dies_when_the_password_changes_otherwise(app, client, make_user, login):
    user = make_user()
    with app.test_request_context():
        token = tokens.make_reset_token(fetch_id(app, user.id))
    login(user)
    client.post("/account/password", data={
        "password-current_password": PASSWORD,
        "password-password": NEW_PASSWORD,
        "password-password_confirm": NEW_PASSWORD,
    })
    assert client.get(f"/account/password/reset/{token}").status_code == 400


def test_a_confirmation_token_is_no_reset_token(app, client, make_user):
    user = make_user()
    with app.test_request_context():
        token = tokens.make_confirmation_token(fetch_id(app, user.id))
    assert client.get(f"/account/password/reset/{token}").status_code == 400


def test_overlong_new_password_is_a_form_error(app, client, make_user):
    user = make_user()
    with app.test_request_context():
        token = tokens.make_reset_token(fetch_id(app, user.id))
    long = "p" * 10_000
    response = client.post(
        f"/account/password/reset/{token}?lang=en", data={"password": long, "password_confirm": long}
    )
    assert response.status_code == 422
    assert "10 to 256" in page(response)


# --- profile ------------------------------------------------------------------------------------


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, client, make_user, login, mail_sink):
    user = make_user()
    login(user)
    other_device = app.test_client()
    assert post_login(other_device, user.email).status_code == 302

    wrong = client.post("/account/password?lang=en", data={
        "password-current_password": "not my password",
        "password-password": NEW_PASSWORD,
        "password-password_confirm": NEW_PASSWORD,
    })
    assert wrong.status_code == 422
    assert "current password is not correct" in page(wrong)

    right = client.post("/account/password?lang=en", data={
        "password-current_password": PASSWORD,
        "password-password": NEW_PASSWORD,
        "password-password_confirm": NEW_PASSWORD,
    })
    assert right.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other_device)
    assert "account.password_change" in audit_actions(app, user.id)
    assert any("password" in m["Subject"] for m in mail_sink.to(user.email))


def test_profile_saves_name_and_language_and_the_interface_follows(app, client, make_user, login):
    user = make_user()
    login(user)
    response = client.post(
        "/account/settings", data={"profile-display_name": "New Name", "profile-preferred_language": "ar"}
    )
    assert response.status_code == 302
    saved = fetch(app, user.email)
    assert saved.display_name == "New Name"
    assert saved.preferred_language == "ar"
    assert "account.profile" in audit_actions(app, user.id)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.profile"))
        assert entry.after == {"changed": ["display_name", "preferred_language"]}
        assert "New Name" not in json.dumps([entry.params, entry.before, entry.after])

    # A fresh login (no language chosen in the session) uses the stored preference.
    device = app.test_client()
    post_login(device, user.email)
    assert '<html lang="ar" dir="rtl">' in page(device.get("/account/"))


def test_profile_refuses_bad_input(client, make_user, login):
    login(make_user())
    too_long = client.post(
        "/account/settings?lang=en",
        data={"profile-display_name": "n" * 500, "profile-preferred_language": "en"},
    )
    assert too_long.status_code == 422
    assert "at most 120" in page(too_long)
    unknown_language = client.post(
        "/account/settings", data={"profile-display_name": "Name", "profile-preferred_language": "xx"}
    )
    assert unknown_language.status_code == 422


def test_script_in_display_name_is_escaped_on_the_profile(client, make_user, login):
    login(make_user(display_name=SCRIPT))
    html = page(client.get("/account/"))
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_profile_lists_my_organisations_with_links(client, make_user, make_organisation, login):
    user = make_user()
    make_organisation(name="Verein Brücke e.V.", slug="bruecke", members=[user])
    login(user)
    html = page(client.get("/account/"))
    assert 'href="/o/bruecke"' in html
    assert "Verein Brücke e.V." in html


def test_profile_needs_login(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_download_my_data(app, client, make_user, make_organisation, login):
    user = make_user(email="me@example.org", display_name="Me Myself")
    make_organisation(name="Kulturverein", slug="kultur", members=[user])
    login(user)
    assert client.get("/account/export").status_code == 405
    response = client.post("/account/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["display_name"] == "Me Myself"
    assert "password_hash" not in json.dumps(data)
    assert data["memberships"] == [
        {"organisation": "Kulturverein", "slug": "kultur", "role": "member",
         "since": data["memberships"][0]["since"]}
    ]
    assert "account.export" in audit_actions(app, user.id)


def test_delete_account_anonymises_and_logs_out(app, client, make_user, make_organisation, login):
    user = make_user(email="leaving@example.org", display_name="Leaving Person")
    make_organisation(name="Kulturverein", slug="kultur", members=[user])
    login(user)

    wrong = client.post("/account/delete?lang=en", data={"delete-password": "not my password"})
    assert wrong.status_code == 422
    assert "password is not correct" in page(wrong)
    assert fetch(app, "leaving@example.org") is not None

    response = client.post("/account/delete", data={"delete-password": PASSWORD})
    assert response.status_code == 302
    assert not is_logged_in(client)

    deleted = fetch_id(app, user.id)
    assert deleted.email is None
    assert deleted.password_hash is None
    assert deleted.display_name == services.DELETED_NAME
    assert deleted.deleted_at is not None
    with app.app_context():
        assert db.session.scalar(select(func.count(Membership.id)).where(Membership.user_id == user.id)) == 0
    assert "account.delete" in audit_actions(app, user.id)
    assert post_login(client, "leaving@example.org").status_code == 422
    # The address is free again.
    assert register(client, email="leaving@example.org").status_code == 302
    assert fetch(app, "leaving@example.org").id != user.id


def test_deleted_account_is_shown_with_a_label(app, ctx, make_user):
    user = make_user()
    with app.test_request_context("/?lang=en"):
        account = db.session.get(User, user.id)
        services.delete_account(account, PASSWORD)
        assert services.person_name(account) == "Deleted account"
        db.session.rollback()


def test_last_admin_cannot_delete_their_account(app, client, make_user, login):
    admin = make_user(role=Role.ADMIN)
    login(admin)
    response = client.post("/account/delete?lang=en", data={"delete-password": PASSWORD})
    assert response.status_code == 422
    assert "last administrator" in page(response)
    assert fetch_id(app, admin.id).deleted_at is None


# --- command line ----------------------------------------------------------------------------------


def test_create_user_command(app, runner):
    result = runner.invoke(args=[
        "consult", "create-user", "Admin@Example.org", "--role", "admin", "--name", "Ada Admin",
        "--password", "a long admin passphrase",
    ])
    assert result.exit_code == 0, result.output
    admin = fetch(app, "admin@example.org")
    assert admin.role == Role.ADMIN
    assert admin.email_confirmed_at is not None
    assert verify_password(admin.password_hash, "a long admin passphrase")


def test_create_user_command_refuses_bad_input(app, runner, make_user):
    make_user(email="taken@example.org")
    short = runner.invoke(args=["consult", "create-user", "x@example.org", "--name", "X", "--password", "short"])
    assert short.exit_code != 0
    assert "at least 10" in short.output
    taken = runner.invoke(args=[
        "consult", "create-user", "taken@example.org", "--name", "X", "--password", "long enough password",
    ])
    assert taken.exit_code != 0
    assert "exists already" in taken.output
    assert fetch(app, "x@example.org") is None


def test_create_user_command_prompts_for_the_password(app, runner):
    result = runner.invoke(
        args=["consult", "create-user", "staff@example.org", "--role", "staff", "--name", "Sam"],
        input="a prompted passphrase\na prompted passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert verify_password(fetch(app, "staff@example.org").password_hash, "a prompted passphrase")


def test_set_role_command_keeps_the_last_admin(app, runner, make_user):
    admin = make_user(role=Role.ADMIN, email="only-admin@example.org")
    result = runner.invoke(args=["consult", "set-role", admin.email, "resident"])
    assert result.exit_code != 0
    assert "last administrator" in result.output
    assert fetch(app, admin.email).role == Role.ADMIN


def test_set_password_command_unlocks_and_ends_sessions(app, client, runner, make_user, login):
    user = make_user(email="locked@example.org")
    login(user)
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == user.id).values(locked_until=utcnow() + timedelta(hours=1))
        )
        db.session.commit()
    result = runner.invoke(args=["consult", "set-password", user.email, "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert not is_logged_in(client)
    assert post_login(client, user.email, NEW_PASSWORD).status_code == 302


def test_reset_by_mail_also_confirms_the_address(app, client, make_user, mail_sink):
    user = make_user(email="never-confirmed@example.org", email_confirmed_at=None)
    client.post("/account/password/forgot?lang=en", data={"email": user.email})
    [link] = mail_sink.links(mail_sink.to(user.email)[0])
    client.post(path_of(link), data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert fetch(app, user.email).email_confirmed_at is not None
    assert post_login(client, user.email, NEW_PASSWORD).status_code == 302
