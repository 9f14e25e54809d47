"""Faults (SECURITY.md) on real servers: gunicorn processes serving a database of their own.

a. A worker killed (SIGKILL) while statements are being sent: every statement ends up stored
   exactly once, whole with its attachment, when browsers resubmit the same form.
b. The database server is restarted under load (stopped, down for a few seconds, started):
   clear 503 pages that keep the text, then recovery without restarting the app. Uses a PostgreSQL server of the test's own (never
   the machine's), in both suites.
c. The upload folder cannot be written: a translated error page with the text still in the
   form, nothing stored; once the folder can be written the same form goes through.
d. SQLite (the embedded default) with four workers and twenty writers at once: no "database is
   locked", no 5xx, every acknowledged write stored.
"""

from __future__ import annotations

import glob
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.server import (
    Server,
    flask,
    free_port,
    fresh_postgres_database,
    fresh_sqlite_database,
)
from tests.helpers_load import (
    NETWORK_ERRORS,
    Browser,
    Ledger,
    Refused,
    Reply,
    acknowledged,
    comment_path,
    drop_database,
    engine_for,
    fresh_database,
    half_written,
    hidden_fields,
    log_in,
    open_comment_form,
    open_statement_form,
    prepare,
    receipt_of,
    send_comment,
    send_statement,
    server_environment,
    squash,
    stored_comment_texts,
    stored_statements,
    unique_text,
)

DATABASE = "consult_faults"


@pytest.fixture
def faults_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A server environment on a fresh, empty database of the suite's kind (`prepare` migrates
    and seeds it); the database is dropped afterwards."""
    url = fresh_database(DATABASE, tmp_path)
    try:
        yield server_environment(url, tmp_path / "uploads")
    finally:
        drop_database(DATABASE)


def wait_until(condition, timeout: float, what: str, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s: {what}")


# --- a. a worker killed mid-submission --------------------------------------------------------


KILL_CLIENTS = 6
KILLS, MAX_KILLS = 5, 12


@dataclass
class Submissions:
    """Statements sent until acknowledged, retried with the same form after a failure."""

    sent: dict[str, str] = field(default_factory=dict)  # key -> body
    receipts: dict[str, str] = field(default_factory=dict)  # key -> receipt number shown
    given_up: list[str] = field(default_factory=list)
    failed_posts: int = 0
    posting: set[Browser] = field(default_factory=set)  # browsers waiting for a POST's answer
    lock: threading.Lock = field(default_factory=threading.Lock)


def _retrying(step, ledger: Ledger, what: str, deadline: float):
    """Run `step` until the server answers it (a browser reloading after a dropped
    connection); returns the step's result."""
    while True:
        try:
            return step()
        except NETWORK_ERRORS as error:
            ledger.failed(what, error)
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _send_until_acknowledged(browser: Browser, slug: str, subs: Submissions, ledger: Ledger,
                             *, anonymous: bool) -> None:
    deadline = time.monotonic() + 120
    form = _retrying(lambda: open_statement_form(browser, slug), ledger, "form", deadline)
    key, body = form["idempotency_key"], unique_text("statement")
    with subs.lock:
        subs.sent[key] = body
    email = f"{key.lower()}@example.org" if anonymous else None
    while time.monotonic() < deadline:
        with subs.lock:
            subs.posting.add(browser)
        try:
            reply = send_statement(browser, slug, form, body, email=email, pdf=True)
        except NETWORK_ERRORS as error:
            ledger.failed("statement POST", error)
            with subs.lock:
                subs.failed_posts += 1
            time.sleep(0.2)
            continue  # the browser sends the same form again: the same idempotency key
        finally:
            with subs.lock:
                subs.posting.discard(browser)
        if acknowledged(reply):
            receipt = _retrying(lambda reply=reply: receipt_of(browser, reply), ledger,
                                "tracking page", deadline)
            with subs.lock:
                subs.receipts[key] = receipt
            return
        raise Refused(reply, "statement")
    with subs.lock:
        subs.given_up.append(key)


def _accepted_socket(server_port: int, client_port: int) -> int | None:
    """The inode of the server's end of a loopback connection from `client_port`, once a
    worker has accepted it (Linux /proc/net/tcp)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], int(fields[9])
        if (int(local.split(":")[1], 16) == server_port
                and int(remote.split(":")[1], 16) == client_port and inode):
            return inode
    return None


def _worker_serving(server: Server, client_port: int) -> int | None:
    """The worker that holds the connection from `client_port`, if any does yet."""
    inode = _accepted_socket(server.port, client_port)
    if inode is None:
        return None
    for pid in server.worker_pids():
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
            for descriptor in descriptors:
                if os.readlink(f"/proc/{pid}/fd/{descriptor}") == f"socket:[{inode}]":
                    return pid
        except OSError:
            continue  # the worker is gone, or the descriptor closed meanwhile
    return None


def _kill_a_worker_mid_statement(server: Server, subs: Submissions, rng: random.Random,
                                 uploads: Path, *, after_file: bool) -> int:
    """SIGKILL the worker serving one of the statement POSTs in flight: a few milliseconds
    into it (reading the upload, checking it), or `after_file`, as soon as a new file shows
    in the upload folder (between storing the attachment and committing the statement)."""

    def files() -> set[str]:
        return set(os.listdir(uploads)) if uploads.is_dir() else set()

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with subs.lock:
            ports = [b.local_port for b in subs.posting if b.local_port is not None]
        for port in ports:
            victim = _worker_serving(server, port)
            if victim is None:
                continue
            if after_file:
                known, until = files(), time.monotonic() + 5
                while not files() - known and time.monotonic() < until:
                    time.sleep(0.001)
            else:
                time.sleep(rng.uniform(0, 0.05))
            os.kill(victim, signal.SIGKILL)
            return victim
        time.sleep(0.002)
    raise AssertionError("no worker was serving a statement within 60 s")


def test_worker_killed_mid_submission_stores_every_statement_once(faults_env, tmp_path):
    world = prepare(faults_env, residents=2)
    ledger = Ledger()
    subs = Submissions()
    killing = threading.Event()
    killing.set()
    kills: list[int] = []

    with Server(faults_env, workers=2, log=tmp_path / "server.log") as server:
        def client(number: int) -> None:
            browser = Browser(server.url, timeout=30, observer=ledger.saw)
            anonymous = number % 3 != 0
            try:
                if not anonymous:
                    _retrying(lambda: log_in(browser, world.resident_emails[number % 2]),
                              ledger, "login", time.monotonic() + 60)
                sent = 0
                while killing.is_set() or sent < 2:
                    _send_until_acknowledged(browser, world.slug, subs, ledger,
                                             anonymous=anonymous)
                    sent += 1
            except Refused as refused:
                ledger.refused(refused)
            except NETWORK_ERRORS as error:
                ledger.failed("client gave up", error)

        threads = [threading.Thread(target=client, args=(i,), daemon=True)
                   for i in range(KILL_CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            rng = random.Random(7)  # noqa: S311 - timing of the kills, not a secret
            while len(kills) < MAX_KILLS and (len(kills) < KILLS or subs.failed_posts < 3):
                victim = _kill_a_worker_mid_statement(
                    server, subs, rng, Path(faults_env["UPLOAD_FOLDER"]),
                    after_file=len(kills) % 2 == 1,
                )
                kills.append(victim)
                # gunicorn replaces the worker; the other one serves meanwhile.
                wait_until(
                    lambda victim=victim: victim not in server.worker_pids()
                    and len(server.worker_pids()) >= 2, 60, "gunicorn replaced the worker",
                )
        finally:
            killing.clear()
            for thread in threads:
                thread.join(timeout=150)
        assert not any(t.is_alive() for t in threads), "a client did not finish"

        # The server answers again.
        for _ in range(4):
            assert Browser(server.url).get(f"/p/{world.slug}").status == 200

    summary = f"{len(kills)} kills, {subs.failed_posts} statement POSTs cut off\n" + ledger.summary()
    assert subs.failed_posts >= 3, summary
    assert not subs.given_up, f"never acknowledged: {subs.given_up}\n{summary}"
    assert not ledger.refusals, summary
    assert not ledger.server_errors, summary

    engine = engine_for(faults_env["DATABASE_URL"])
    try:
        stored = stored_statements(engine)  # also: no key stored twice
        assert set(stored) == set(subs.sent) == set(subs.receipts), (
            f"missing: {sorted(set(subs.sent) - set(stored))}, "
            f"extra: {sorted(set(stored) - set(subs.sent))}"
        )
        for key, row in stored.items():
            assert row["receipt"] == subs.receipts[key]
            assert row["body"] == subs.sent[key]
            assert row["files"] == 1
        # A worker killed between storing a file and committing leaves the file without a
        # record: the periodic clean-up removes it (here without waiting for it to age).
        swept = flask(faults_env, "consult", "cleanup-statements", "--orphans-older-than", "0")
        assert "file(s) that no statement refers to" in swept.stdout, swept.stdout + swept.stderr
        assert half_written(engine, Path(faults_env["UPLOAD_FOLDER"])) == [], summary
    finally:
        engine.dispose()


# --- b. the database server restarted under load --------------------------------------------


OUTAGE_SECONDS = 3.0
RECOVERY_BOUND = 15.0
STEADY_SECONDS = 4.0
SUBMIT_SECONDS = 60.0  # how long a person keeps sending the same form again


def _postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail(f"PostgreSQL server programs are needed: no /usr/lib/postgresql/*/bin/{name}")
    return found[-1]


@dataclass
class OwnPostgres:
    """A PostgreSQL server of the test's own, on a free port."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str, timeout: float = 60) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.folder} -c fsync=off")
        subprocess.run(
            ["runuser", "-u", "postgres", "--", _postgres_bin("pg_ctl"), "-D", str(self.data),
             "-l", str(self.folder / "postgres.log"), "-o", options, "-w", "-t", "30", *args],
            check=True, capture_output=True, timeout=timeout,
        )


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    # Not below tmp_path: pytest keeps that private to root (0700), and the server runs as the
    # postgres user, which must reach its data directory.
    folder = Path(tempfile.mkdtemp(prefix="consult-faults-pg-"))
    server = OwnPostgres(folder, free_port())
    try:
        shutil.chown(folder, "postgres", "postgres")
        subprocess.run(
            ["runuser", "-u", "postgres", "--", _postgres_bin("initdb"), "-D", str(server.data),
             "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, capture_output=True, timeout=120,
        )
        server.pg_ctl("start")
        yield server
    finally:
        try:
            if (server.data / "postmaster.pid").exists():
                server.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Seen:
    """One answer (or network failure) and when it came."""

    at: float
    kind: str
    reply: Reply | None
    sent_text: str | None = None


class OutageLoad:
    """Readers, statement writers and a commenter running until `stop` is set."""

    def __init__(self, url: str, world, ledger: Ledger):
        self.url, self.world, self.ledger = url, world, ledger
        self.stop = threading.Event()
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.statements: dict[str, str] = {}  # key -> body, sent until acknowledged
        self.acknowledged: dict[str, float] = {}  # key -> when
        self.comments: dict[str, float] = {}  # acknowledged comment texts -> when
        self.given_up: list[str] = []  # submissions never acknowledged

    def note(self, kind: str, reply: Reply | None, text: str | None = None) -> None:
        with self.lock:
            self.seen.append(Seen(time.monotonic(), kind, reply, text))

    def attempt(self, kind: str, step, text: str | None = None) -> Reply | None:
        try:
            reply = step()
        except NETWORK_ERRORS as error:
            self.ledger.failed(kind, error)
            self.note(kind, None, text)
            return None
        self.note(kind, reply, text)
        return reply

    def browser(self) -> Browser:
        return Browser(self.url, timeout=30, observer=self.ledger.saw)

    def reader(self) -> None:
        w = self.world
        paths = [f"/p/{w.slug}", f"/p/{w.slug}/v/{w.version}/s/g1",
                 f"/api/v1/processes/{w.slug}/versions/{w.version}/sections"]
        browser = self.browser()
        while not self.stop.is_set():
            for path in paths:
                self.attempt("read", lambda path=path: browser.get(path))
            time.sleep(0.05)

    def writer(self, pdf: bool) -> None:
        while not self.stop.is_set():
            browser = self.browser()
            path = f"/p/{self.world.slug}/statements/new"
            reply = self.attempt("statement form", lambda b=browser, p=path: b.get(p))
            if reply is None or reply.status != 200:
                time.sleep(0.2)
                continue
            self.submit(browser, hidden_fields(reply.body), pdf)

    def submit(self, browser: Browser, form: dict[str, str], pdf: bool) -> None:
        """Send a statement until it is acknowledged: after a failure the person sends the
        same form again (the 503 page's form: the same idempotency key, a fresh CSRF token)."""
        key, body = form["idempotency_key"], unique_text("statement")
        email = f"{key.lower()}@example.org"
        with self.lock:
            self.statements[key] = body
        deadline = time.monotonic() + SUBMIT_SECONDS
        while time.monotonic() < deadline:
            reply = self.attempt("statement", lambda f=form: send_statement(
                browser, self.world.slug, f, body, email=email, pdf=pdf), body)
            if reply is not None and acknowledged(reply):
                with self.lock:
                    self.acknowledged[key] = time.monotonic()
                return
            if reply is not None and reply.status < 500:
                break  # refused: sending it again would not help
            if reply is not None and reply.status == 503:
                fresh = hidden_fields(reply.body)
                form = {**form, **{k: fresh[k] for k in ("csrf_token", "idempotency_key")
                                   if fresh.get(k)}}
            time.sleep(0.2)
        with self.lock:
            self.given_up.append(f"statement {key}")

    def commenter(self, browser: Browser) -> None:
        path = comment_path(self.world.slug, self.world.version, "g1")
        while not self.stop.is_set():
            reply = self.attempt("comment form", lambda: browser.get(path))
            if reply is None or reply.status != 200:
                time.sleep(0.2)
                continue
            form, body = hidden_fields(reply.body), unique_text("comment")
            # Sent until acknowledged: after a failure the person sends the same form again.
            deadline = time.monotonic() + SUBMIT_SECONDS
            while time.monotonic() < deadline:
                result = self.attempt("comment", lambda f=form, b=body: send_comment(
                    browser, path, f, b)[0], body)
                if result is not None and result.status in (302, 303):
                    with self.lock:
                        self.comments[body] = time.monotonic()
                    break
                if result is not None and result.status < 500:
                    deadline = 0  # refused: sending it again would not help
                time.sleep(0.2)
            else:
                with self.lock:
                    self.given_up.append(f"comment {body}")

    def threads(self) -> list[threading.Thread]:
        """The clients, the commenter signed in already (while the database is up)."""
        commenter = self.browser()
        log_in(commenter, self.world.resident_emails[0])
        return [
            threading.Thread(target=self.reader, daemon=True),
            threading.Thread(target=self.reader, daemon=True),
            threading.Thread(target=self.writer, args=(True,), daemon=True),
            threading.Thread(target=self.writer, args=(False,), daemon=True),
            threading.Thread(target=self.commenter, args=(commenter,), daemon=True),
        ]


def test_database_restart_under_load_gives_503_then_recovers(tmp_path):
    with own_postgres() as postgres:
        url = fresh_postgres_database(DATABASE, admin_url=postgres.admin_url)
        env = server_environment(url, tmp_path / "uploads")
        world = prepare(env, residents=1)
        ledger = Ledger()
        with Server(env, workers=2, log=tmp_path / "server.log") as server:
            load = OutageLoad(server.url, world, ledger)
            threads = load.threads()
            for thread in threads:
                thread.start()
            try:
                wait_until(lambda: load.acknowledged and load.comments, 60,
                           "a statement and a comment stored before the outage")
                time.sleep(1)
                before = time.monotonic()
                postgres.pg_ctl("stop", "-m", "fast")
                time.sleep(OUTAGE_SECONDS)
                postgres.pg_ctl("start")
                back = time.monotonic()
                # Run on until every kind of request has succeeded for STEADY_SECONDS since the
                # last failure, or the recovery bound has passed.
                while time.monotonic() < back + RECOVERY_BOUND + STEADY_SECONDS:
                    with load.lock:
                        failures = [s.at for s in load.seen if s.reply is None
                                    or s.reply.status >= 400]
                    last = max([back, *failures])
                    if time.monotonic() - last >= STEADY_SECONDS:
                        break
                    time.sleep(0.2)
            finally:
                load.stop.set()
                for thread in threads:
                    thread.join(timeout=60)
            assert not any(t.is_alive() for t in threads), "a client did not finish"
            assert Browser(server.url).get(f"/p/{world.slug}").status == 200
        log = (tmp_path / "server.log").read_text(errors="replace")

        seen = load.seen
        unavailable = [s for s in seen if s.reply is not None and s.reply.status == 503]
        assert any(s.at >= before for s in unavailable), (
            "no request met the outage:\n" + ledger.summary()
        )

        # Everything that went wrong, collected, so one run shows every problem.
        problems: list[str] = []

        def report(title: str, entries: list[Seen]) -> None:
            if entries:
                kinds = Counter(f"{s.kind} ({s.reply.method} {s.reply.path})" for s in entries)
                problems.append(f"{title}: {dict(kinds)}; first: {entries[0].reply.describe()}")

        report("failures while the database was up",
               [s for s in seen if s.at < before and s.reply is not None
                and s.reply.status >= 400])
        report("answers other than 503 (the app's error pages were not used)",
               [s for s in seen if s.reply is not None and s.reply.status >= 500
                and s.reply.status != 503])
        report("503 pages showing internals",
               [s for s in unavailable if "Traceback" in s.reply.body
                or "OperationalError" in s.reply.body])
        # The API answers in JSON, in the language of its ?lang= (German by default).
        api = [s for s in unavailable if s.reply.path.startswith("/api/")]
        report("503 pages without the 'briefly unavailable' message",
               [s for s in unavailable if s not in api
                and "briefly unavailable" not in squash(s.reply.body)])
        report("API 503 answers that are not the API's JSON error",
               [s for s in api if '"code":"unavailable"' not in s.reply.body.replace(" ", "")])
        report("503 pages of a form that lost the text sent",
               [s for s in unavailable if s.sent_text is not None
                and s.sent_text not in squash(s.reply.body)])
        if load.given_up:
            problems.append(f"never acknowledged: {load.given_up[:3]}")
        if ledger.network_errors:
            problems.append("connections failed: " + "; ".join(ledger.network_errors[:3]))
        failures = [s.at for s in seen if s.reply is None or s.reply.status >= 400]
        if max(failures) - back > RECOVERY_BOUND:
            problems.append(f"still failing {max(failures) - back:.1f} s after the database was "
                            f"back (bound: {RECOVERY_BOUND} s)")
        for kind in ("read", "statement", "comment"):
            if not any(s.kind == kind and s.at > max(failures) for s in seen):
                problems.append(f"no {kind} succeeded after the recovery")
        if not any(at > back for at in load.acknowledged.values()):
            problems.append("no statement was acknowledged after the database was back")

        engine = engine_for(url)
        try:
            stored = stored_statements(engine)
            if not set(load.acknowledged) <= set(stored):
                problems.append(f"acknowledged, not stored: {set(load.acknowledged) - set(stored)}")
            if not set(stored) <= set(load.statements):
                problems.append(f"stored, never sent: {set(stored) - set(load.statements)}")
            if any(stored[key]["body"] != load.statements.get(key) for key in stored):
                problems.append("a stored statement does not hold the text sent")
            texts = stored_comment_texts(engine)
            if not set(load.comments) <= set(texts) or any(n != 1 for n in texts.values()):
                problems.append("acknowledged comments not stored exactly once")
            problems += half_written(engine, tmp_path / "uploads")
        finally:
            engine.dispose()
        unhandled = Counter(re.findall(r"Unhandled error on (\S+)", log))  # the 500 handler
        if unhandled:
            problems.append(f"unhandled errors in the server log: {dict(unhandled)}")
        assert not problems, "\n".join(problems)


# --- c. the upload folder cannot be written --------------------------------------------------


def test_unwritable_upload_folder_keeps_the_text_and_stores_nothing(faults_env, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder's parent should be")
    uploads = blocker / "uploads"  # cannot be created, not even by root
    env = {**faults_env, "UPLOAD_FOLDER": str(uploads)}
    world = prepare(env, residents=1)
    body = unique_text("Stellungnahme mit Anhang")
    with Server(env, workers=1, log=tmp_path / "server.log") as server:
        browser = Browser(server.url, language="de")
        form = open_statement_form(browser, world.slug, language="de")
        reply = send_statement(browser, world.slug, form, body, email="ayse@example.org",
                               title="Sprachkurse", pdf=True, language="de")

        assert reply.status == 503, reply.describe()
        text = squash(reply.body)
        assert "Ihre Dateien konnten gerade nicht gespeichert werden" in text, text[:800]
        assert body in text and 'value="Sprachkurse"' in reply.body
        assert "Traceback" not in reply.body
        engine = engine_for(env["DATABASE_URL"])
        try:
            assert stored_statements(engine) == {}
            assert blocker.is_file()

            # The folder can be written again: the same form, sent again, goes through.
            blocker.unlink()
            uploads.mkdir(parents=True)
            again = send_statement(browser, world.slug, hidden_fields(reply.body), body,
                                   email="ayse@example.org", title="Sprachkurse", pdf=True,
                                   language="de")
            receipt = receipt_of(browser, again)
            stored = stored_statements(engine)
            assert [row["receipt"] for row in stored.values()] == [receipt]
            assert [row["files"] for row in stored.values()] == [1]
            assert half_written(engine, uploads) == []
            assert len(list(uploads.iterdir())) == 1
        finally:
            engine.dispose()


# --- d. SQLite with concurrent writers ---------------------------------------------------------


SQLITE_WORKERS = 4
SQLITE_CLIENTS = 20
SQLITE_SECONDS = 10.0


def test_sqlite_with_concurrent_writers_is_never_locked(tmp_path):
    url = fresh_sqlite_database(tmp_path / "concurrent.sqlite3")
    env = server_environment(url, tmp_path / "uploads")
    commenters = SQLITE_CLIENTS // 2
    world = prepare(env, residents=SQLITE_CLIENTS)
    ledger = Ledger()
    locked: list[str] = []
    comments: set[str] = set()
    statements: dict[str, str] = {}
    start = threading.Barrier(SQLITE_CLIENTS)
    deadline: list[float] = []

    def observe(reply: Reply) -> None:
        ledger.saw(reply)
        if "database is locked" in reply.body:
            locked.append(reply.describe())

    with Server(env, workers=SQLITE_WORKERS, log=tmp_path / "server.log") as server:

        def client(number: int) -> None:
            rng = random.Random(number)  # noqa: S311 - picks sections, not secrets
            browser = Browser(server.url, timeout=60, observer=observe)
            # Half of the clients comment; the others send statements, half of them signed in.
            anonymous = number >= commenters and number % 2 == 0
            try:
                try:
                    if not anonymous:
                        log_in(browser, world.resident_emails[number])
                except BaseException:
                    start.abort()
                    raise
                start.wait(timeout=120)  # then everybody writes at once
                with ledger.lock:
                    if not deadline:
                        deadline.append(time.monotonic() + SQLITE_SECONDS)
                while time.monotonic() < deadline[0]:
                    if number < commenters:
                        path = comment_path(world.slug, world.version,
                                            rng.choice(world.section_keys))
                        body = unique_text("comment")
                        reply, comment_id = send_comment(
                            browser, path, open_comment_form(browser, path), body
                        )
                        if comment_id is None:
                            raise Refused(reply, "comment")
                        with ledger.lock:
                            comments.add(body)
                    else:
                        form = open_statement_form(browser, world.slug)
                        key, body = form["idempotency_key"], unique_text("statement")
                        reply = send_statement(
                            browser, world.slug, form, body, pdf=rng.random() < 0.3,
                            email=f"{key.lower()}@example.org" if anonymous else None,
                        )
                        if not acknowledged(reply):
                            raise Refused(reply, "statement")
                        with ledger.lock:
                            statements[key] = body
                    ledger.did(f"client {number}")
            except Refused as refused:
                ledger.refused(refused)
            except (threading.BrokenBarrierError, *NETWORK_ERRORS) as error:
                ledger.failed(f"client {number}", error)

        threads = [threading.Thread(target=client, args=(i,), daemon=True)
                   for i in range(SQLITE_CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        assert not any(t.is_alive() for t in threads), "a client did not finish"
    log = (tmp_path / "server.log").read_text(errors="replace")

    assert "database is locked" not in log, log[max(0, log.index("database is locked") - 2000):][:3000]
    assert not locked, locked[:3]
    assert not ledger.server_errors, ledger.summary()
    assert not ledger.refusals, ledger.summary()
    assert not ledger.network_errors, ledger.summary()
    idle = [n for n in range(SQLITE_CLIENTS) if ledger.work[f"client {n}"] == 0]
    assert not idle, f"clients that stored nothing: {idle}\n{ledger.summary()}"

    engine = engine_for(url)
    try:
        stored = stored_statements(engine)
        assert set(stored) == set(statements)
        assert all(stored[k]["body"] == statements[k] for k in stored)
        texts = stored_comment_texts(engine)
        assert set(texts) == comments and all(n == 1 for n in texts.values())
        assert half_written(engine, tmp_path / "uploads") == []
    finally:
        engine.dispose()
