"""Shared fixtures: one app per session, a clean database per test, factories, a mail sink.

The database is SQLite in a temporary file unless TEST_DATABASE_URL names another
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import text

from consult import create_app
from consult.accounts.models import Organisation, Role, User
from consult.accounts.passwords import hash_password
from consult.extensions import db, limiter
from consult.models import utcnow
from consult.plans import services as plan_services
from consult.plans.models import Process

TEST_PASSWORD = "correct horse battery staple"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """A local SMTP server (aiosmtpd) that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802
                sink.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def clear(self) -> None:
        self.messages.clear()

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def links(self, message) -> list[str]:
        return re.findall(r"https?://\S+", self.body(message))


@pytest.fixture(scope="session")
def mail_sink():
    sink = MailSink()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Cheap Argon2 parameters: the suite hashes many passwords."""
    from argon2 import PasswordHasher

    from consult.accounts import passwords

    original = passwords.hasher
    passwords.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords.hasher = original


@pytest.fixture(scope="session")
def app_config(database_url, mail_sink, tmp_path_factory) -> dict:
    return {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": mail_sink.port,
            "MAIL_DEFAULT_SENDER": "consult@example.org",
            "RATELIMIT_STORAGE_URI": "memory://",
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "SERVER_NAME_FOR_MAIL": "http://localhost",
            # Pages are rendered on every request: budgets and behaviour are of the real page
            # (tests/test_page_cache.py turns the cache on in an app of its own).
            "PAGE_CACHE_BYTES": 0,
    }


@pytest.fixture(scope="session")
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _clean(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(table.delete())


@pytest.fixture(autouse=True)
def clean_db(app, mail_sink):
    _clean(app)
    mail_sink.clear()
    limiter.reset()
    yield
    with app.app_context():
        db.session.remove()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services directly."""
    with app.test_request_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- factories --------------------------------------------------------------


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str = Role.RESIDENT, email: str | None = None, **kwargs) -> User:
        counter["n"] += 1
        with app.app_context():
            user = User(
                email=email or f"user{counter['n']}@example.org",
                password_hash=hash_password(kwargs.pop("password", TEST_PASSWORD)),
                display_name=kwargs.pop("display_name", f"User {counter['n']}"),
                role=str(role),
                email_confirmed_at=kwargs.pop("email_confirmed_at", utcnow()),
                **kwargs,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def make_organisation(app) -> Callable[..., Organisation]:
    def make(name: str = "Verein Brücke e.V.", kind: str = "association", members=(), **kw):
        from consult.accounts.models import Membership

        with app.app_context():
            org = Organisation(
                name=name, slug=kw.pop("slug", re.sub(r"\W+", "-", name.lower()).strip("-")),
                kind=kind, **kw,
            )
            for member in members:
                org.memberships.append(Membership(user_id=member.id))
            db.session.add(org)
            db.session.commit()
            db.session.refresh(org)
            db.session.expunge(org)
            return org

    return make


@pytest.fixture
def login(client):
    def do(user: User, password: str = TEST_PASSWORD):
        response = client.post(
            "/account/login", data={"email": user.email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return do


@pytest.fixture
def make_process(app) -> Callable[..., dict]:
    """A public process with versions and a small tree; returns ids and keys.

    Version 1 (published) and version 2 (published, copied from 1, with changes);
    set `draft=True` to add a version 3 in draft.
    """

    def make(slug: str = "lip", sections: int = 2, draft: bool = False, languages=("de", "en", "ar")):
        with app.test_request_context():
            process = plan_services.create_process(
                slug=slug, original_language="de", languages=languages,
                title="Lokaler Integrationsplan", summary="Ein Plan für alle.",
                body="Der **Plan** entsteht gemeinsam.", is_public=True,
            )
            plan_services.set_process_text(
                process, "en", title="Local Integration Plan", summary="A plan for everyone.",
                body="The **plan** is written together.", actor=None,
            )
            today = date.today()
            plan_services.save_phase(
                process, name={"de": "Kommentierung", "en": "Comments"},
                starts_on=today - timedelta(days=5), ends_on=today + timedelta(days=20),
                opens=("comments", "statements"),
            )
            v1 = plan_services.create_version(process, label={"de": "Diskussionsentwurf 1", "en": "Discussion draft 1"})
            keys = []
            fields = []
            for i in range(sections):
                field = plan_services.add_section(
                    v1, title=f"Handlungsfeld {i + 1}", body=f"Text des Handlungsfelds {i + 1}.",
                    kind="field_of_action", key=f"f{i + 1}",
                )
                plan_services.set_section_text(
                    field, "en", title=f"Field of action {i + 1}", body=f"Text of field {i + 1}.",
                    origin="human_translation", source_language="de",
                )
                goal = plan_services.add_section(
                    v1, title=f"Ziel {i + 1}.1", body="Alle Kinder lernen Deutsch.",
                    parent=field, kind="goal", key=f"g{i + 1}",
                )
                plan_services.set_section_text(
                    goal, "ar", title=f"الهدف {i + 1}.1", body="يتعلم جميع الأطفال اللغة الألمانية.",
                    origin="human_translation", source_language="de",
                )
                keys += [field.section.key, goal.section.key]
                fields.append(field)
            plan_services.publish_version(v1, None)
            v2 = plan_services.create_version(
                process, label={"de": "Diskussionsentwurf 2", "en": "Discussion draft 2"}, copy_from=v1
            )
            v2_goal = next(n for n in v2.nodes if n.section.key == "g1")
            plan_services.set_section_text(
                v2_goal, "de", title="Ziel 1.1", body="Alle Kinder und Eltern lernen Deutsch.",
            )
            plan_services.publish_version(v2, None)
            result = {"process_id": process.id, "slug": slug, "keys": keys, "v1": v1.number, "v2": v2.number}
            if draft:
                v3 = plan_services.create_version(process, label={"de": "Verwaltungsentwurf"}, copy_from=v2)
                result["v3"] = v3.number
            db.session.commit()
            return result

    return make


def process_by_slug(slug: str) -> Process:
    return db.session.scalar(db.select(Process).where(Process.slug == slug))


# --- live server for browser tests -------------------------------------------


@pytest.fixture(scope="session")
def csrf_app(app, app_config):
    """The same database, with CSRF protection on, as in production."""
    csrf_app = create_app({**app_config, "WTF_CSRF_ENABLED": True, "TESTING": False})
    yield csrf_app
    with csrf_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture(scope="session")
def live_server(csrf_app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, csrf_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def count_queries(app):
    """Count SQL statements: `with count_queries() as counter: ...; counter.count`."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        class Counter:
            count = 0
            statements: list[str] = []

        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
                return  # transaction control, not a query
            counter.count += 1
            counter.statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def sign_in(app):
    """Sign a user in on a test client by writing the session (independent of the login form)."""

    def do(client, user: User):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        client.user = user
        return client

    return do
