"""Clients and data for the tests that run real servers (tests/test_load_mixed.py and
tests/test_faults_servers.py).

- A database of the suite's kind for a test of its own (PostgreSQL when TEST_DATABASE_URL is a
  PostgreSQL URL, else a SQLite file), migrated like production, and the environment of the
  gunicorn processes serving it.
- `seed`: a process with an open comment and statement phase, a staff member who decides
  (chair of the steering group), residents, and open suggestions, stored through the services.
- `Browser`: one person's browser over plain HTTP (cookies kept, redirects not followed), and
  what people do with it: log in through the form, send a statement (CSRF token and the form's
  idempotency key, optionally with a PDF), post a comment or a reply, decide a suggestion.
- `Ledger`: what every client saw, so a test can compare what was acknowledged with what the
  database holds.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import secrets
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bench.server import (
    base_environment,
    drop_postgres_database,
    fresh_postgres_database,
    fresh_sqlite_database,
    migrate,
)

PASSWORD = "load test password 2024"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
HIGH_LIMIT = "1000000 per hour"
# Rate limits high enough never to interfere (tests about rate limits set their own).
LIMITS = {
    name: HIGH_LIMIT
    for name in (
        "CONTRIBUTION_RATE_LIMIT", "LOGIN_RATE_LIMIT", "MAIL_RATE_LIMIT", "ACCOUNT_RATE_LIMIT",
        "EXPORT_RATE_LIMIT", "COMMENT_REPORT_RATE_LIMIT",
    )
}
# What a refused, dropped or timed-out connection raises in a client.
NETWORK_ERRORS = (OSError, http.client.HTTPException)


# --- databases and server environments ------------------------------------------------------


def suite_uses_postgres() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def fresh_database(name: str, folder: Path) -> str:
    """A new, empty database `name` of the suite's kind (a SQLite file in `folder`)."""
    if suite_uses_postgres():
        return fresh_postgres_database(name)
    return fresh_sqlite_database(folder / f"{name}.sqlite3")


def drop_database(name: str) -> None:
    """Remove the PostgreSQL database `name` (SQLite files go with the test's tmp_path)."""
    if suite_uses_postgres():
        drop_postgres_database(name)


def server_environment(database_url: str, upload_folder: Path, **settings: str) -> dict[str, str]:
    """The environment of a gunicorn process: high rate limits, no Redis, no mail server."""
    env = base_environment(
        database_url,
        UPLOAD_FOLDER=str(upload_folder),
        SECRET_KEY="load-and-fault-tests-" + secrets.token_hex(8),
        **LIMITS,
    )
    for name in ("REDIS_URL", "MAIL_SERVER", "CONSULT_ENV", "QUERY_COUNT_HEADER"):
        env.pop(name, None)
    env.update(settings)
    return env


def prepare(env: dict[str, str], **seed_args) -> World:
    """Migrate the environment's database and seed it."""
    migrate(env)
    return seed(env["DATABASE_URL"], Path(env["UPLOAD_FOLDER"]), **seed_args)


# --- the data --------------------------------------------------------------------------------


@dataclass
class World:
    """What `seed` stored: the process, its published version and sections, the accounts
    (all with `password`) and the numbers of the open and the published suggestions."""

    slug: str
    version: int
    section_keys: list[str]
    staff_email: str
    resident_emails: list[str]
    open_suggestions: list[int]
    published_suggestions: list[int]
    password: str = PASSWORD


def seed(database_url: str, upload_folder: Path, *, residents: int = 6,
         open_suggestions: int = 0, published_suggestions: int = 0) -> World:
    """Store the process, accounts and suggestions through the services, in an app of its own
    bound to `database_url` (the engine is disposed afterwards)."""
    from consult import create_app
    from consult.extensions import db

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_FOLDER": str(upload_folder),
        "SECRET_KEY": "seed",
        "MAIL_SERVER": "",
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    try:
        with app.test_request_context():
            world = _seed(residents, open_suggestions, published_suggestions)
            db.session.commit()
            return world
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _seed(residents: int, open_count: int, published_count: int) -> World:
    from consult.accounts.models import Role, User
    from consult.accounts.passwords import hash_password
    from consult.extensions import db
    from consult.models import utcnow
    from consult.plans import services as plans
    from consult.statements import services as statements
    from consult.triage import services as triage
    from consult.triage.models import GroupKind, GroupRole
    from tests.helpers_triage import bulk_suggestions

    password_hash = hash_password(PASSWORD)

    def user(email: str, name: str, role: str) -> User:
        account = User(email=email, password_hash=password_hash, display_name=name, role=role,
                       email_confirmed_at=utcnow())
        db.session.add(account)
        return account

    staff = user("staff@load.example.org", "Sachbearbeiterin Sommer", Role.STAFF.value)
    emails = [f"resident{i}@load.example.org" for i in range(residents)]
    for i, email in enumerate(emails):
        user(email, f"Bewohnerin {i}", Role.RESIDENT.value)
    db.session.flush()

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
    keys = []
    for i in range(3):
        field_node = plans.add_section(
            version, title=f"Handlungsfeld {i + 1}", body=f"Text des Handlungsfelds {i + 1}.",
            kind="field_of_action", key=f"f{i + 1}",
        )
        goal = plans.add_section(
            version, title=f"Ziel {i + 1}.1", body="Alle Kinder lernen Deutsch.",
            parent=field_node, kind="goal", key=f"g{i + 1}",
        )
        keys += [field_node.section.key, goal.section.key]
    plans.publish_version(version, None)

    steering = triage.save_group(
        process, actor=staff, name="Steuerungsgruppe", kind=GroupKind.STEERING_GROUP.value,
        decides=True,
    )
    triage.add_member(steering, staff, role=GroupRole.CHAIR.value, actor=staff)
    paper = statements.record_statement(
        process, staff,
        statements.PaperStatement(
            channel="letter", received_on=today, language="de", version=version,
            body="Wir brauchen mehr Sprachkurse, Kitaplätze und Beratung im Stadtteil.",
            name="Ayşe Yılmaz", email="ayse@load.example.org", publish_name=True,
            publish_text=True,
        ),
        [], today=today,
    )
    db.session.flush()
    published: list[int] = []
    if published_count:
        # A third of them decided and published: rows for the disposition table and the API.
        bulk_suggestions(process.id, published_count, contribution_id=paper.id,
                         version_id=version.id, decided_by_id=staff.id, published=True)
        published = [n for n in range(1, published_count + 1) if (n - 1) % 3 == 0]
    if open_count:
        bulk_suggestions(process.id, open_count, contribution_id=paper.id,
                         version_id=version.id, start_number=published_count + 1)
    return World(
        slug=process.slug, version=version.number, section_keys=keys,
        staff_email=staff.email, resident_emails=emails,
        open_suggestions=list(range(published_count + 1, published_count + open_count + 1)),
        published_suggestions=published,
    )


# --- a browser ---------------------------------------------------------------------------------


@dataclass
class Reply:
    method: str
    path: str
    status: int
    headers: dict[str, str]
    data: bytes

    @property
    def body(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    text = body

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def describe(self) -> str:
        return f"{self.method} {self.path} -> {self.status}: {squash(self.body)[:600]}"


def squash(page: str) -> str:
    """A page's visible text on one line (for failure messages)."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class Browser:
    """One person's browser: keeps cookies, does not follow redirects, one request at a time;
    `observer` sees every reply.

    Network failures (refused, reset, timed out) raise OSError or http.client.HTTPException.
    """

    def __init__(self, base_url: str, *, timeout: float = 30, language: str = "en",
                 observer: Callable[[Reply], object] | None = None):
        parts = urlsplit(base_url)
        self.observer = observer
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.language = language
        self.cookies: dict[str, str] = {}
        # The client side of the current (or last) connection: tells which worker serves it.
        self.local_port: int | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> Reply:
        headers = {"Accept-Language": self.language, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.connect()
            self.local_port = connection.sock.getsockname()[1]
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            reply = Reply(
                method, path, response.status,
                {k.lower(): v for k, v in response.getheaders()}, data,
            )
        finally:
            connection.close()
        if self.observer is not None:
            self.observer(reply)
        return reply

    def _keep(self, header: str) -> None:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or (not morsel.value and morsel["expires"]):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]],
             files: list[tuple[str, str, bytes, str]] = ()) -> Reply:
        """A form: urlencoded, or multipart when `files` (field, name, content, type) are given."""
        if not files:
            return self.request("POST", path, urlencode(fields).encode(),
                                "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                .encode() + value.encode() + b"\r\n"
            )
        for name, filename, content, content_type in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts),
                            f"multipart/form-data; boundary={boundary}")


_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_FORM = re.compile(r"(?s)<form\b([^>]*)>(.*?)</form>", re.IGNORECASE)


def hidden_fields(page: str) -> dict[str, str]:
    """name -> value of the page's hidden inputs (the first of each name)."""
    found: dict[str, str] = {}
    for tag in _INPUT.findall(page):
        attributes = {k.lower(): html.unescape(v) for k, v in _ATTRIBUTE.findall(tag)}
        if attributes.get("type") == "hidden" and "name" in attributes:
            found.setdefault(attributes["name"], attributes.get("value", ""))
    return found


def form_fields(page: str, action_ending: str) -> dict[str, str]:
    """The hidden inputs of the first form whose action ends with `action_ending`."""
    for attributes, inner in _FORM.findall(page):
        action = html.unescape(dict(_ATTRIBUTE.findall(attributes)).get("action", ""))
        if urlsplit(action).path.endswith(action_ending):
            return hidden_fields(inner)
    raise AssertionError(f"no form posting to …{action_ending} on the page: {squash(page)[:300]}")


# --- what people do ----------------------------------------------------------------------------


class Refused(AssertionError):
    """The server answered, but not with what the step needs (the reply is kept)."""

    def __init__(self, reply: Reply, step: str):
        super().__init__(f"{step}: {reply.describe()}")
        self.reply = reply


def log_in(browser: Browser, email: str, password: str = PASSWORD) -> None:
    form = browser.get("/account/login")
    if form.status != 200:
        raise Refused(form, "login form")
    reply = browser.post("/account/login", [
        ("csrf_token", hidden_fields(form.body).get("csrf_token", "")),
        ("email", email), ("password", password), ("next", ""),
    ])
    if reply.status not in (302, 303):
        raise Refused(reply, "login")


def statement_path(slug: str, language: str = "en") -> str:
    return f"/p/{slug}/statements/new?lang={language}"


def open_statement_form(browser: Browser, slug: str, language: str = "en") -> dict[str, str]:
    """GET the form; its hidden fields (csrf_token, idempotency_key)."""
    reply = browser.get(statement_path(slug, language))
    if reply.status != 200:
        raise Refused(reply, "statement form")
    fields = hidden_fields(reply.body)
    if not fields.get("idempotency_key"):
        raise Refused(reply, "statement form without idempotency key")
    return fields


def send_statement(browser: Browser, slug: str, form: dict[str, str], body: str, *,
                   email: str | None = None, name: str = "", pdf: bool = False,
                   title: str = "", language: str = "en") -> Reply:
    """POST the statement form as a browser sends it (the same `form` again = a resubmission).
    Without `email` the statement is sent from the signed-in account."""
    fields = [
        ("csrf_token", form.get("csrf_token", "")),
        ("idempotency_key", form["idempotency_key"]),
        ("draft_key", form.get("draft_key", "")),
        ("title", title), ("body", body), ("language", ""), ("publish_text", "y"),
        ("website", ""),
    ]
    if email is not None:
        fields += [("email", email), ("name", name)]
    else:
        fields += [("on_behalf", "self")]
    files = [("attachments", "stellungnahme.pdf", PDF, "application/pdf")] if pdf else []
    return browser.post(statement_path(slug, language), fields, files)


def acknowledged(reply: Reply) -> bool:
    """The statement was received: redirected to its private tracking page."""
    return reply.status == 303 and "/track/" in reply.location


def receipt_of(browser: Browser, reply: Reply) -> str:
    """Follow the redirect to the tracking page; the receipt number shown there."""
    if not acknowledged(reply):
        raise Refused(reply, "statement not acknowledged")
    page = browser.get(urlsplit(reply.location).path)
    match = re.search(r'class="receipt-number">\s*([^<\s]+)', page.body)
    if page.status != 200 or match is None:
        raise Refused(page, "tracking page")
    return match.group(1)


def comment_path(slug: str, version: int, key: str, parent_id: int | None = None) -> str:
    base = f"/p/{slug}/v/{version}/s/{key}/comments"
    return f"{base}/{parent_id}/reply" if parent_id else f"{base}/new"


def open_comment_form(browser: Browser, path: str) -> dict[str, str]:
    """GET the comment (or reply) form at `path`; its hidden fields."""
    reply = browser.get(path)
    if reply.status != 200:
        raise Refused(reply, "comment form")
    return hidden_fields(reply.body)


def send_comment(browser: Browser, path: str, form: dict[str, str],
                 body: str) -> tuple[Reply, int | None]:
    """POST the comment form. (reply, id of the new comment from the redirect when it was
    acknowledged, else None)."""
    reply = browser.post(path, [
        ("csrf_token", form.get("csrf_token", "")),
        ("idempotency_key", form.get("idempotency_key", "")),
        ("body", body), ("on_behalf", ""), ("language", ""), ("website", ""),
    ])
    match = re.search(r"#comment-(\d+)$", reply.location)
    if reply.status in (302, 303) and match:
        return reply, int(match.group(1))
    return reply, None


def post_comment(browser: Browser, path: str, body: str) -> tuple[Reply, int | None]:
    """Open the comment form at `path` and send it once."""
    return send_comment(browser, path, open_comment_form(browser, path), body)


def decide(browser: Browser, slug: str, number: int, reason: str,
           outcome: str = "noted") -> Reply:
    """Open a suggestion's page and send its decision form."""
    path = f"/triage/{slug}/A-{number}"
    page = browser.get(path)
    if page.status != 200:
        raise Refused(page, "suggestion page")
    fields = form_fields(page.body, f"/A-{number}/decide")
    return browser.post(f"{path}/decide", [
        ("csrf_token", fields.get("csrf_token", "")),
        ("lock_version", fields.get("lock_version", "")),
        ("outcome", outcome), ("public_reason", reason), ("internal_note", ""),
        ("template", ""),
    ])


def unique_text(kind: str) -> str:
    """A text no other request sends, long enough for language detection."""
    return (f"{kind} {uuid.uuid4().hex}: Wir wünschen uns mehr Sprachkurse für Kinder und "
            "Eltern im Stadtteil, am besten am Nachmittag.")


# --- what the clients saw ------------------------------------------------------------------------


@dataclass
class Ledger:
    """Every status and failure the clients met, and the writes the server acknowledged."""

    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    network_errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    work: Counter = field(default_factory=Counter)
    # key -> receipt number (statements); texts (comments); number -> reason (decisions)
    statements: dict[str, str] = field(default_factory=dict)
    comments: set[str] = field(default_factory=set)
    decisions: dict[int, str] = field(default_factory=dict)
    decisions_sent: int = 0
    # Writes sent whose answer never came (timed out or cut off): stored or not, both are fine.
    unanswered_statements: set[str] = field(default_factory=set)
    unanswered_comments: set[str] = field(default_factory=set)
    unanswered_decisions: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, reply: Reply) -> Reply:
        with self.lock:
            self.statuses[reply.status] += 1
            if reply.status >= 500:
                self.server_errors.append(reply.describe())
        return reply

    def failed(self, what: str, error: BaseException) -> None:
        with self.lock:
            self.network_errors.append(f"{what}: {type(error).__name__}: {error}")

    def refused(self, error: Refused) -> None:
        with self.lock:
            self.refusals.append(str(error))

    def did(self, kind: str) -> None:
        with self.lock:
            self.work[kind] += 1

    def summary(self, limit: int = 5) -> str:
        lines = [f"statuses: {dict(sorted(self.statuses.items()))}", f"work: {dict(self.work)}"]
        for title, entries in (("5xx", self.server_errors), ("network", self.network_errors),
                               ("refused", self.refusals)):
            if entries:
                lines.append(f"{title} ({len(entries)}): " + " | ".join(entries[:limit]))
        return "\n".join(lines)


# --- what the database holds ---------------------------------------------------------------------


def engine_for(database_url: str) -> Engine:
    return create_engine(database_url, pool_pre_ping=True)


def stored_statements(engine: Engine) -> dict[str, dict]:
    """Online statements by idempotency key: receipt number, body and attachment count."""
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT c.idempotency_key, c.receipt_number, c.body, "
            "(SELECT count(*) FROM attachments a WHERE a.contribution_id = c.id) AS files "
            "FROM contributions c WHERE c.kind = 'statement' AND c.channel = 'online'"
        )).all()
    keys = Counter(row.idempotency_key for row in rows)
    duplicates = [key for key, count in keys.items() if count > 1]
    assert not duplicates, f"statements stored more than once: {duplicates}"
    return {row.idempotency_key: {"receipt": row.receipt_number, "body": row.body,
                                  "files": row.files} for row in rows}


def stored_comment_texts(engine: Engine) -> Counter:
    with engine.connect() as connection:
        return Counter(connection.execute(
            text("SELECT body FROM contributions WHERE kind = 'comment'")
        ).scalars())


def stored_decisions(engine: Engine) -> tuple[dict[int, str], int]:
    """(number -> public reason of decided suggestions, number of decisions in the audit log)."""
    with engine.connect() as connection:
        reasons = dict(connection.execute(text(
            "SELECT number, public_reason FROM suggestions WHERE decided_at IS NOT NULL "
            "AND published_at IS NULL"
        )).all())
        logged = connection.execute(text(
            "SELECT count(*) FROM audit_entries WHERE action = 'suggestion.decide'"
        )).scalar_one()
    return reasons, logged


def half_written(engine: Engine, upload_folder: Path) -> list[str]:
    """What a crash may leave behind: statements without text or receipt, attachment rows
    without their file, files (or unfinished temporary files) without a row."""
    problems = []
    with engine.connect() as connection:
        broken = connection.execute(text(
            "SELECT id FROM contributions WHERE kind = 'statement' AND channel = 'online' AND "
            "(body IS NULL OR body = '' OR receipt_number IS NULL OR tracking_token_hash IS NULL)"
        )).scalars().all()
        names = set(connection.execute(text("SELECT storage_name FROM attachments")).scalars())
    if broken:
        problems.append(f"statements without their data: {broken}")
    files = {p.name for p in upload_folder.iterdir() if p.is_file()} if upload_folder.exists() else set()
    if names - files:
        problems.append(f"attachment rows without a file: {sorted(names - files)}")
    if files - names:
        problems.append(f"files without a row: {sorted(files - names)}")
    return problems
