"""Two app instances (gunicorn) against one PostgreSQL database, one Redis and one upload folder.

What a city running several instances behind a load balancer relies on:
1. `flask db upgrade` started by every instance at once migrates once (an advisory lock in
   migrations/env.py makes the others wait);
2. a session made on one instance is valid on the other, and a tampered or forged session
   cookie is refused by both;
3. rate limits are counted in Redis, for all instances together;
4. an attachment stored by one instance is served by the other, and an upload kept between a
   preview and its save (uploads_temp) is found by the other instance;
5. what one instance writes, the other shows at once (no stale page from its page cache).

These tests need PostgreSQL (127.0.0.1:5432) and Redis (database 14) whatever TEST_DATABASE_URL
says; when either is unreachable they fail with a message saying so.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bench.server import (
    POSTGRES_ADMIN_URL,
    ROOT,
    Server,
    base_environment,
    drop_postgres_database,
    fresh_postgres_database,
)
from tests import helpers_load as load
from tests.helpers_load import Reply, form_fields, hidden_fields

DATABASE = "consult_two"
REDIS_URL = "redis://127.0.0.1:6379/14"
SECRET_KEY = "two-instances-" + secrets.token_hex(16)
PASSWORD = "two instances password 2026"
TIMEOUT = 30  # seconds for one HTTP request
# A PDF by its content, with binary bytes in it: what is served must be these very bytes.
PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Length 512 >>\nstream\n"
    + bytes(range(256)) * 2
    + b"\nendstream\nendobj\ntrailer << >>\n%%EOF\n"
)


# --- a browser that can talk to either instance ------------------------------------------------


class Browser(load.Browser):
    """One person's browser: one cookie jar, whichever instance answers (the cookies of
    127.0.0.1 go to every port, as behind a load balancer). Redirects are not followed."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1", timeout=TIMEOUT)

    def get(self, server: Server, path: str) -> Reply:
        self.port = server.port
        return super().get(path)

    def post(self, server: Server, path: str, fields: list[tuple[str, str]],
             files: list[tuple[str, str, bytes, str]] = ()) -> Reply:
        self.port = server.port
        return super().post(path, fields, files)


# --- services: PostgreSQL and Redis must be there --------------------------------------------


def _require_postgres() -> None:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        pytest.fail(
            f"PostgreSQL is unreachable at {POSTGRES_ADMIN_URL} ({error}); the two-instance "
            "tests need it whatever TEST_DATABASE_URL says.",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def redis_db():
    """Redis database 14, emptied before and after the module."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        pytest.fail(
            f"Redis is unreachable at {REDIS_URL} ({error}); the two-instance tests need it "
            "for the shared rate limits.",
            pytrace=False,
        )
    client.flushdb()
    yield client
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(autouse=True)
def fresh_limits(redis_db):
    """Every test starts with no rate-limit counts (the login limit is 3 per minute)."""
    redis_db.flushdb()


# --- the database, migrated by two processes at once ---------------------------------------


@dataclass
class Migrations:
    url: str
    folder: Path
    outcomes: list[tuple[int, str]]  # (exit status, output) of each `flask db upgrade`
    environment: dict[str, str]

    @property
    def succeeded(self) -> bool:
        return all(status == 0 for status, _ in self.outcomes)

    def report(self) -> str:
        return "\n".join(
            f"--- flask db upgrade #{n} exited with {status}:\n{output[-3000:]}"
            for n, (status, output) in enumerate(self.outcomes, start=1)
        )


def upgrade_concurrently(env: dict[str, str], folder: Path, count: int = 2,
                         timeout: float = 300) -> list[tuple[int, str]]:
    """Start `flask db upgrade` `count` times at once; (exit status, output) of each."""
    logs = [folder / f"migrate-{n}.log" for n in range(1, count + 1)]
    processes: list[subprocess.Popen] = []
    try:
        for log in logs:
            with open(log, "wb") as output:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "flask", "db", "upgrade"], env=env, cwd=ROOT,
                    stdout=output, stderr=subprocess.STDOUT,
                ))
        statuses = [process.wait(timeout=timeout) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    return [(status, log.read_text(errors="replace")) for status, log in zip(statuses, logs,
                                                                              strict=True)]


@pytest.fixture(scope="module")
def migrations(tmp_path_factory) -> Iterator[Migrations]:
    _require_postgres()
    folder = tmp_path_factory.mktemp("two-instances")
    url = fresh_postgres_database(DATABASE)
    try:
        env = server_environment(url, folder / "uploads")
        yield Migrations(url, folder, upgrade_concurrently(env, folder), env)
    finally:
        drop_postgres_database(DATABASE)


def server_environment(database_url: str, upload_folder: Path) -> dict[str, str]:
    """Production settings shared by both instances (plain HTTP, so cookies not Secure)."""
    env = base_environment(
        database_url,
        CONSULT_ENV="production",
        SECRET_KEY=SECRET_KEY,
        SESSION_COOKIE_SECURE="0",
        REDIS_URL=REDIS_URL,
        RATELIMIT_ENABLED="1",
        LOGIN_RATE_LIMIT="3 per minute",
        UPLOAD_FOLDER=str(upload_folder),
        MAIL_SERVER="",
        PROXY_COUNT="0",
    )
    env.pop("QUERY_COUNT_HEADER", None)
    return env


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(ROOT / "migrations")).get_current_head()


def test_concurrent_migrations_run_once(migrations):
    assert migrations.succeeded, migrations.report()
    for _status, output in migrations.outcomes:
        assert "already exists" not in output and "Traceback" not in output, migrations.report()
    engine = create_engine(migrations.url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            tables = connection.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
                "AND table_name IN ('users', 'contributions', 'attachments', 'section_versions')"
            )).scalar()
            locks = connection.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                     "(SELECT oid FROM pg_database WHERE datname = current_database())")
            ).scalar()
    finally:
        engine.dispose()
    assert [row[0] for row in versions] == [head_revision()], migrations.report()
    assert tables == 4
    assert locks == 0  # released when the migrations ended


# --- two instances on the migrated database ----------------------------------------------


@dataclass
class Cluster:
    a: Server
    b: Server
    engine: Engine
    folder: Path
    uploads: Path
    slug: str
    staff_email: str
    residents: list[str]
    users: dict[str, tuple[int, str]] = field(default_factory=dict)  # email -> (id, name)

    def logs(self) -> str:
        parts = []
        for name, server in (("A", self.a), ("B", self.b)):
            log = server.log.read_text(errors="replace") if server.log.exists() else ""
            parts.append(f"--- log of instance {name} ({server.url}):\n{log[-4000:]}")
        return "\n".join(parts)

    def explain(self, reply: Reply) -> str:
        return f"{reply.describe()}\n{self.logs()}"

    def scalar(self, sql: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()


def seed(database_url: str, upload_folder: Path) -> dict:
    """A public process with an open statement phase and a published version, a staff member
    and residents, stored through the services in an app of its own."""
    from consult import create_app
    from consult.accounts import services as accounts
    from consult.accounts.models import Role
    from consult.extensions import db
    from consult.plans import services as plans

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_FOLDER": str(upload_folder),
        "SECRET_KEY": "seed", "MAIL_SERVER": "", "RATELIMIT_STORAGE_URI": "memory://",
    })
    try:
        with app.test_request_context():
            staff = accounts.create_account(
                email="staff@two.example.org", display_name="Sachbearbeiterin Sommer",
                password=PASSWORD, role=Role.STAFF.value,
            )
            residents = [
                accounts.create_account(
                    email=f"resident{n}@two.example.org", display_name=f"Bewohnerin Nummer {n}",
                    password=PASSWORD,
                )
                for n in range(3)
            ]
            today = date.today()
            process = plans.create_process(
                slug="lip", original_language="de", languages=("de", "en"),
                title="Lokaler Integrationsplan", summary="Ein Plan für alle.",
                body="Der **Plan** entsteht gemeinsam.", is_public=True,
            )
            plans.save_phase(
                process, name={"de": "Beteiligung", "en": "Participation"},
                starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=20),
                opens=("comments", "statements"),
            )
            version = plans.create_version(process, label={"de": "Diskussionsentwurf 1"})
            plans.add_section(version, title="Handlungsfeld Bildung", body="Alle lernen.",
                              kind="field_of_action", key="f1")
            plans.publish_version(version, None)
            db.session.commit()
            return {
                "slug": process.slug,
                "staff": staff.email,
                "residents": [r.email for r in residents],
                "users": {u.email: (u.id, u.display_name) for u in (staff, *residents)},
            }
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def cluster(migrations, redis_db) -> Iterator[Cluster]:
    if not migrations.succeeded:
        pytest.fail("the database could not be migrated:\n" + migrations.report(), pytrace=False)
    uploads = Path(migrations.environment["UPLOAD_FOLDER"])
    world = seed(migrations.url, uploads)
    a = Server(migrations.environment, workers=1, log=migrations.folder / "instance-a.log")
    b = Server(migrations.environment, workers=1, log=migrations.folder / "instance-b.log")
    engine = create_engine(migrations.url)
    cluster = Cluster(a, b, engine, migrations.folder, uploads, world["slug"], world["staff"],
                      world["residents"], world["users"])
    try:
        try:
            a.start()
            b.start()
        except RuntimeError as error:
            pytest.fail(f"an instance did not start: {error}\n{cluster.logs()}", pytrace=False)
        yield cluster
    finally:
        b.stop()
        a.stop()
        engine.dispose()


def log_in(cluster: Cluster, browser: Browser, server: Server, email: str,
           password: str = PASSWORD) -> Reply:
    form = browser.get(server, "/account/login")
    assert form.status == 200, cluster.explain(form)
    reply = browser.post(server, "/account/login", [
        ("csrf_token", hidden_fields(form.text).get("csrf_token", "")),
        ("email", email), ("password", password), ("next", ""),
    ])
    return reply


def session_serializer(secret_key: str):
    """What Flask signs its session cookie with, for a given key."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    signer = Flask("two_instances_signer")
    signer.secret_key = secret_key
    return SecureCookieSessionInterface().get_signing_serializer(signer)


def signed_in_as(cluster: Cluster, reply: Reply, email: str) -> bool:
    """Whether the profile page answered for the account `email` (else: sent to log in)."""
    if reply.status in (301, 302, 303) and "/account/login" in reply.location:
        return False
    assert reply.status == 200, cluster.explain(reply)
    return email in reply.text


# --- 2. sessions --------------------------------------------------------------------------


def test_a_session_made_on_one_instance_is_valid_on_the_other(cluster):
    email = cluster.residents[0]
    _user_id, name = cluster.users[email]
    browser = Browser()
    reply = log_in(cluster, browser, cluster.a, email)
    assert reply.status == 302 and reply.location.endswith("/account/"), cluster.explain(reply)

    profile = browser.get(cluster.b, "/account/")
    assert signed_in_as(cluster, profile, email), cluster.explain(profile)
    assert name in profile.text

    # A form served by A is accepted by B (the CSRF token is signed with the shared key).
    page = browser.get(cluster.a, "/account/")
    fields = form_fields(page.text, "/account/settings")
    saved = browser.post(cluster.b, "/account/settings", [
        *fields.items(), ("profile-display_name", "Bewohnerin Zweiinstanz"),
        ("profile-preferred_language", "en"),
    ])
    assert saved.status == 302, cluster.explain(saved)
    assert cluster.scalar("SELECT display_name FROM users WHERE email = :e", e=email) == (
        "Bewohnerin Zweiinstanz"
    )
    assert "Bewohnerin Zweiinstanz" in browser.get(cluster.a, "/account/").text

    # Log out on B: the browser is logged out on A too.
    page = browser.get(cluster.b, "/account/")
    logout = browser.post(cluster.b, "/account/logout",
                          list(form_fields(page.text, "/account/logout").items()))
    assert logout.status == 302, cluster.explain(logout)
    assert not signed_in_as(cluster, browser.get(cluster.a, "/account/"), email)
    assert not signed_in_as(cluster, browser.get(cluster.b, "/account/"), email)


def test_tampered_and_forged_session_cookies_are_refused_by_both(cluster):
    email = cluster.residents[1]
    browser = Browser()
    reply = log_in(cluster, browser, cluster.a, email)
    assert reply.status == 302, cluster.explain(reply)
    cookie = browser.cookies["session"]
    content = session_serializer(SECRET_KEY).loads(cookie)
    assert content["_user_id"].startswith(f"{cluster.users[email][0]}:")

    def profile_with(server: Server, session_cookie: str) -> Reply:
        visitor = Browser()
        visitor.cookies["session"] = session_cookie
        return visitor.get(server, "/account/")

    # The same content, signed anew with the shared key: accepted (the forging below is sound).
    genuine = session_serializer(SECRET_KEY).dumps(content)
    # Signed with another key, or with its signature changed: refused.
    forged = session_serializer("not-" + SECRET_KEY).dumps(content)
    payload, _, signature = cookie.rpartition(".")
    tampered = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    for server in (cluster.a, cluster.b):
        assert signed_in_as(cluster, profile_with(server, cookie), email)
        assert signed_in_as(cluster, profile_with(server, genuine), email)
        assert not signed_in_as(cluster, profile_with(server, forged), email)
        assert not signed_in_as(cluster, profile_with(server, tampered), email)


def test_a_password_change_on_one_instance_ends_the_other_sessions_on_both(cluster):
    email = cluster.residents[2]
    browser = Browser()
    reply = log_in(cluster, browser, cluster.a, email)
    assert reply.status == 302, cluster.explain(reply)
    other_device = browser.cookies["session"]

    page = browser.get(cluster.b, "/account/")
    fields = form_fields(page.text, "/account/password")
    new_password = "a new password for two instances"
    changed = browser.post(cluster.b, "/account/password", [
        *fields.items(), ("password-current_password", PASSWORD),
        ("password-password", new_password), ("password-password_confirm", new_password),
    ])
    assert changed.status == 302, cluster.explain(changed)

    # The session that changed the password goes on, on both instances.
    assert signed_in_as(cluster, browser.get(cluster.a, "/account/"), email)
    # A copy of the session from before the change is refused by both.
    for server in (cluster.a, cluster.b):
        visitor = Browser()
        visitor.cookies["session"] = other_device
        assert not signed_in_as(cluster, visitor.get(server, "/account/"), email)


# --- 3. rate limits --------------------------------------------------------------------------


def test_rate_limits_are_shared_through_redis(cluster, redis_db):
    browser = Browser()
    form = browser.get(cluster.a, "/account/login")
    token = hidden_fields(form.text)["csrf_token"]

    def attempt(server: Server) -> Reply:
        return browser.post(server, "/account/login", [
            ("csrf_token", token), ("email", "nobody@two.example.org"),
            ("password", "wrong password, long enough"), ("next", ""),
        ])

    for _ in range(3):
        reply = attempt(cluster.a)
        assert reply.status == 422, cluster.explain(reply)  # refused login, form again
    fourth = attempt(cluster.b)
    assert fourth.status == 429, cluster.explain(fourth)
    keys = [key.decode() for key in redis_db.keys("*")]
    assert any("accounts.login" in key for key in keys), keys


# --- 4. uploads ------------------------------------------------------------------------------


def test_an_attachment_sent_to_one_instance_is_served_by_the_other(cluster):
    resident = Browser()
    email = cluster.residents[0]
    assert log_in(cluster, resident, cluster.a, email).status == 302
    path = f"/p/{cluster.slug}/statements/new"
    form = resident.get(cluster.a, path)
    assert form.status == 200, cluster.explain(form)
    fields = hidden_fields(form.text)
    body = f"Stellungnahme {uuid.uuid4().hex}: mehr Sprachkurse am Nachmittag, bitte."
    sent = resident.post(cluster.a, path, [
        ("csrf_token", fields["csrf_token"]), ("idempotency_key", fields["idempotency_key"]),
        ("draft_key", fields.get("draft_key", "")), ("on_behalf", "self"), ("title", ""),
        ("body", body), ("language", ""), ("publish_text", "y"), ("website", ""),
    ], files=[("attachments", "stellungnahme.pdf", PDF, "application/pdf")])
    assert sent.status == 303 and "/track/" in sent.location, cluster.explain(sent)

    with cluster.engine.connect() as connection:
        statement_id, attachment_id, storage_name = connection.execute(text(
            "SELECT c.id, a.id, a.storage_name FROM contributions c "
            "JOIN attachments a ON a.contribution_id = c.id WHERE c.body = :body"
        ), {"body": body}).one()
    assert (cluster.uploads / storage_name).read_bytes() == PDF

    staff = Browser()
    assert log_in(cluster, staff, cluster.b, cluster.staff_email).status == 302
    download = staff.get(
        cluster.b,
        f"/manage/processes/{cluster.slug}/statements/{statement_id}/attachments/{attachment_id}",
    )
    assert download.status == 200, cluster.explain(download)
    assert download.data == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert "stellungnahme.pdf" in download.headers["content-disposition"]
    # The sender's own download, on the other instance than the one that stored it.
    own = resident.get(cluster.b, f"/statements/{statement_id}/attachments/{attachment_id}")
    assert own.status == 200 and own.data == PDF, cluster.explain(own)


def import_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_heading("1 Bildung aus zwei Instanzen", level=1)
    document.add_paragraph("Bildung ist der Schlüssel.")
    document.add_heading("1.1 Sprache für alle", level=2)
    document.add_heading("2 Arbeit", level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_upload_kept_by_one_instance_is_saved_by_the_other(cluster):
    """The import of a Word file: uploaded to A and kept (uploads_temp) for its preview; a save
    with a missing label sent to A comes back; the corrected save sent to B finds the file."""
    staff = Browser()
    assert log_in(cluster, staff, cluster.a, cluster.staff_email).status == 302
    path = f"/manage/processes/{cluster.slug}/import"
    form = staff.get(cluster.a, path)
    assert form.status == 200, cluster.explain(form)
    uploaded = staff.post(cluster.a, path, [
        ("csrf_token", hidden_fields(form.text)["csrf_token"]), ("language", "de"),
        ("label", "Entwurf aus Word"),
    ], files=[("file", "entwurf.docx", import_docx(),
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])
    assert uploaded.status == 302, cluster.explain(uploaded)
    preview = urlsplit(uploaded.location).path
    token = preview.rsplit("/", 1)[-1]
    kept = cluster.uploads / "imports"
    assert sorted(p.name for p in kept.iterdir()) == [f"{token}.bin", f"{token}.json"]

    page = staff.get(cluster.b, preview)
    assert page.status == 200 and "Bildung aus zwei Instanzen" in page.text, cluster.explain(page)
    csrf_token = hidden_fields(page.text)["csrf_token"]
    versions = "SELECT count(*) FROM versions v JOIN processes p ON p.id = v.process_id " \
               "WHERE p.slug = :slug"

    invalid = staff.post(cluster.a, preview, [("csrf_token", csrf_token), ("label", "")])
    assert invalid.status == 422, cluster.explain(invalid)
    assert "Bildung aus zwei Instanzen" in invalid.text
    assert cluster.scalar(versions, slug=cluster.slug) == 1

    saved = staff.post(cluster.b, preview, [("csrf_token", csrf_token), ("label", "Aus Word")])
    assert saved.status == 302, cluster.explain(saved)
    assert saved.location.endswith(f"/manage/processes/{cluster.slug}/v/2/sections")
    assert cluster.scalar(versions, slug=cluster.slug) == 2
    titles = cluster.scalar(
        "SELECT string_agg(t.title, ' | ' ORDER BY sv.position) FROM section_versions sv "
        "JOIN versions v ON v.id = sv.version_id JOIN section_texts t "
        "ON t.node_id = sv.id WHERE v.number = 2 AND sv.parent_id IS NULL AND t.language = 'de'"
    )
    assert titles == "Bildung aus zwei Instanzen | Arbeit"
    assert list(kept.iterdir()) == []  # removed once saved, by the other instance


# --- 5. what readers see ---------------------------------------------------------------------


def test_a_comment_written_on_one_instance_shows_on_the_other_at_once(cluster):
    """Pages kept for anonymous readers (the page cache) by B are not served once A wrote."""
    section = f"/p/{cluster.slug}/v/1/s/f1"
    reader = Browser()
    for _ in range(2):  # rendered, then (while nothing changes) served again
        page = reader.get(cluster.b, section)
        assert page.status == 200, cluster.explain(page)

    writer = Browser()
    assert log_in(cluster, writer, cluster.a, cluster.residents[1]).status == 302
    form = writer.get(cluster.a, f"{section}/comments/new")
    assert form.status == 200, cluster.explain(form)
    fields = hidden_fields(form.text)
    comment = f"Kommentar {uuid.uuid4().hex}: mehr Kurse am Abend."
    sent = writer.post(cluster.a, f"{section}/comments/new", [
        ("csrf_token", fields["csrf_token"]), ("idempotency_key", fields["idempotency_key"]),
        ("body", comment), ("on_behalf", ""), ("language", ""), ("website", ""),
    ])
    assert sent.status in (302, 303), cluster.explain(sent)

    page = reader.get(cluster.b, section)
    assert page.status == 200 and comment in page.text, cluster.explain(page)
