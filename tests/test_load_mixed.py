"""A mixed load on a real server: gunicorn with two workers on loopback for a minute, serving
readers, residents posting comments and replies, people sending written statements (with and
without an account, some with a PDF) and staff deciding suggestions, all at once.

Nothing may fail: no 5xx, no refused request, and the database holds exactly what the server
acknowledged (statements by their form's idempotency key and receipt number, comments by their
text, decisions by their public reason and the audit log). Each kind of client must have done
a real amount of work, so the test cannot pass by doing nothing.
"""

from __future__ import annotations

import itertools
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.server import Server
from tests.helpers_load import (
    NETWORK_ERRORS,
    Browser,
    Ledger,
    Refused,
    World,
    comment_path,
    decide,
    drop_database,
    engine_for,
    fresh_database,
    half_written,
    log_in,
    open_statement_form,
    post_comment,
    prepare,
    receipt_of,
    send_statement,
    server_environment,
    stored_comment_texts,
    stored_decisions,
    stored_statements,
    unique_text,
)

DATABASE = "consult_load"
# How long the load runs; shorter only while working on the test itself.
SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "60"))
READERS, COMMENTERS, WRITERS, DECIDERS = 3, 2, 2, 1


@pytest.fixture
def loaded_server(tmp_path: Path):
    """A migrated database of the suite's kind with the load's data, served by gunicorn."""
    url = fresh_database(DATABASE, tmp_path)
    try:
        env = server_environment(url, tmp_path / "uploads")
        world = prepare(env, residents=COMMENTERS + WRITERS, open_suggestions=2000,
                        published_suggestions=90)
        with Server(env, workers=2, log=tmp_path / "server.log") as server:
            yield server, world, url, tmp_path
    finally:
        drop_database(DATABASE)


class Load:
    """The clients, sharing a deadline and a ledger."""

    def __init__(self, server: Server, world: World, seconds: float):
        self.url = server.url
        self.world = world
        self.deadline = time.monotonic() + seconds
        self.ledger = Ledger()
        self.suggestions = iter(world.open_suggestions)
        self.suggestion_lock = threading.Lock()
        self.statement_files: dict[str, int] = {}
        self.statement_bodies: dict[str, str] = {}

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    def browser(self) -> Browser:
        return Browser(self.url, timeout=30, observer=self.ledger.saw)

    def guarded(self, name: str, action: Callable[[], None]) -> None:
        """Run one action; a refusal or a network failure is recorded, not raised."""
        try:
            action()
        except Refused as refused:
            self.ledger.refused(refused)
        except NETWORK_ERRORS as error:
            self.ledger.failed(name, error)

    # --- readers ------------------------------------------------------------------------

    def reader(self, number: int) -> None:
        w = self.world
        paths = [
            f"/p/{w.slug}", f"/p/{w.slug}/v/{w.version}",
            *(f"/p/{w.slug}/v/{w.version}/s/{key}" for key in w.section_keys),
            f"/p/{w.slug}/disposition", f"/p/{w.slug}/disposition?outcome=noted&sort=number",
            f"/api/v1/processes/{w.slug}", f"/api/v1/processes/{w.slug}/suggestions",
            f"/api/v1/processes/{w.slug}/versions/{w.version}/sections",
        ]
        browser = self.browser()
        for path in itertools.islice(itertools.cycle(paths), number, None):
            if not self.running():
                return

            def read(path=path):
                reply = browser.get(path)
                if reply.status != 200:
                    raise Refused(reply, "read")
                self.ledger.did("read")

            self.guarded(f"GET {path}", read)

    # --- commenters ---------------------------------------------------------------------

    def commenter(self, email: str, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - picks sections, not secrets
        browser = self.browser()
        self.guarded("login", lambda: log_in(browser, email))
        mine: list[tuple[str, int]] = []
        while self.running():
            if mine and rng.random() < 0.4:
                key, parent = rng.choice(mine)
                kind = "reply"
            else:
                key, parent = rng.choice(self.world.section_keys), None
                kind = "comment"
            self.guarded(kind, lambda key=key, parent=parent, kind=kind: self._comment(
                browser, key, parent, kind, mine))

    def _comment(self, browser: Browser, key: str, parent: int | None, kind: str,
                 mine: list[tuple[str, int]]) -> None:
        body = unique_text(kind)
        with self.ledger.lock:
            self.ledger.unanswered_comments.add(body)
        path = comment_path(self.world.slug, self.world.version, key, parent)
        reply, comment_id = post_comment(browser, path, body)
        with self.ledger.lock:
            self.ledger.unanswered_comments.discard(body)
        if comment_id is None:
            raise Refused(reply, f"{kind} not acknowledged")
        with self.ledger.lock:
            self.ledger.comments.add(body)
        self.ledger.did(kind)
        if parent is None:
            mine.append((key, comment_id))

    # --- statement writers --------------------------------------------------------------

    def writer(self, email: str, first: int) -> None:
        account = self.browser()
        self.guarded("login", lambda: log_in(account, email))
        for turn in itertools.count(first):
            if not self.running():
                return
            anonymous, pdf = turn % 2 == 0, turn % 4 in (1, 2)
            self.guarded("statement", lambda anonymous=anonymous, pdf=pdf: self._statement(
                self.browser() if anonymous else account, anonymous, pdf))

    def _statement(self, browser: Browser, anonymous: bool, pdf: bool) -> None:
        form = open_statement_form(browser, self.world.slug)
        key = form["idempotency_key"]
        body = unique_text("statement")
        with self.ledger.lock:
            self.ledger.unanswered_statements.add(key)
            self.statement_bodies[key] = body
            self.statement_files[key] = int(pdf)
        reply = send_statement(
            browser, self.world.slug, form, body, pdf=pdf,
            email=f"{key.lower()}@example.org" if anonymous else None,
            name="Ayşe Yılmaz" if anonymous else "",
        )
        with self.ledger.lock:
            self.ledger.unanswered_statements.discard(key)
        if reply.status != 303 or "/track/" not in reply.location:
            raise Refused(reply, "statement not acknowledged")
        with self.ledger.lock:
            self.ledger.statements[key] = ""
        receipt = receipt_of(browser, reply)
        with self.ledger.lock:
            self.ledger.statements[key] = receipt
        self.ledger.did("statement without account" if anonymous else "statement with account")
        if pdf:
            self.ledger.did("statement with PDF")

    # --- staff --------------------------------------------------------------------------

    def decider(self) -> None:
        browser = self.browser()
        self.guarded("login", lambda: log_in(browser, self.world.staff_email))
        while self.running():
            with self.suggestion_lock:
                number = next(self.suggestions, None)
            if number is None:
                return
            self.guarded("decision", lambda number=number: self._decide(browser, number))

    def _decide(self, browser: Browser, number: int) -> None:
        reason = unique_text("Begründung")
        with self.ledger.lock:
            self.ledger.unanswered_decisions[number] = reason
        reply = decide(browser, self.world.slug, number, reason)
        with self.ledger.lock:
            self.ledger.unanswered_decisions.pop(number, None)
        if reply.status != 303 or f"/A-{number}" not in reply.location:
            raise Refused(reply, "decision not saved")
        with self.ledger.lock:
            self.ledger.decisions[number] = reason
        self.ledger.did("decision")

    def run(self) -> None:
        residents = self.world.resident_emails
        threads = [
            *(threading.Thread(target=self.reader, args=(i * 3,)) for i in range(READERS)),
            *(threading.Thread(target=self.commenter, args=(residents[i], i))
              for i in range(COMMENTERS)),
            *(threading.Thread(target=self.writer, args=(residents[COMMENTERS + i], i))
              for i in range(WRITERS)),
            *(threading.Thread(target=self.decider) for _ in range(DECIDERS)),
        ]
        for thread in threads:
            thread.daemon = True
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, self.deadline - time.monotonic()) + 45)
        assert not any(t.is_alive() for t in threads), "a client did not finish in time"


def test_mixed_load_loses_nothing_and_fails_nothing(loaded_server):
    server, world, url, folder = loaded_server
    load = Load(server, world, SECONDS)
    load.run()
    ledger = load.ledger
    # What the clients did (and any client-side timeouts): shown with -s or -rP, and in the
    # report of a failure.
    print(ledger.summary())

    assert not ledger.server_errors, "server errors under load:\n" + ledger.summary()
    timeouts = [e for e in ledger.network_errors if "timed out" in e or "Timeout" in e]
    assert not set(ledger.network_errors) - set(timeouts), (
        "requests failed on the network:\n" + ledger.summary()
    )
    if timeouts:
        print("client-side timeouts (tolerated):", timeouts)
    assert not ledger.refusals, "requests refused under load:\n" + ledger.summary()

    # Each kind of client did a real amount of work. Two cores shared with the rest of the
    # machine manage five times this; for a minute: 60 reads, 10 comments, 3 replies, 4
    # statements of each kind, 3 with a PDF, 6 decisions.
    minimum = {
        "read": SECONDS, "comment": SECONDS / 6, "reply": SECONDS / 20,
        "statement without account": SECONDS / 15, "statement with account": SECONDS / 15,
        "statement with PDF": SECONDS / 20, "decision": SECONDS / 10,
    }
    too_little = {kind: ledger.work[kind] for kind, least in minimum.items()
                  if ledger.work[kind] < least}
    assert not too_little, f"too little work done: {too_little}\n{ledger.summary()}"

    engine = engine_for(url)
    try:
        # Statements: acknowledged == stored, once each, with their receipt, text and file.
        statements = stored_statements(engine)
        acknowledged = set(ledger.statements)
        assert acknowledged <= set(statements), (
            f"acknowledged but not stored: {sorted(acknowledged - set(statements))}"
        )
        extra = set(statements) - acknowledged
        assert extra <= ledger.unanswered_statements, (
            f"stored but never acknowledged: {sorted(extra - ledger.unanswered_statements)}"
        )
        if extra:
            print("statements stored although the client timed out:", sorted(extra))
        for key in acknowledged:
            row = statements[key]
            if ledger.statements[key]:  # the receipt page was seen (it may have timed out)
                assert row["receipt"] == ledger.statements[key], key
            assert row["body"] == load.statement_bodies[key], key
            assert row["files"] == load.statement_files[key], key

        # Comments and replies: each acknowledged text stored exactly once, nothing else.
        texts = stored_comment_texts(engine)
        doubled = {body: n for body, n in texts.items() if n > 1}
        assert not doubled, f"comments stored more than once: {doubled}"
        assert ledger.comments <= set(texts), (
            f"acknowledged comments not stored: {sorted(ledger.comments - set(texts))[:5]}"
        )
        assert set(texts) - ledger.comments <= ledger.unanswered_comments, (
            "comments stored but never acknowledged: "
            f"{sorted(set(texts) - ledger.comments - ledger.unanswered_comments)[:5]}"
        )
        if set(texts) - ledger.comments:
            print("comments stored although the client timed out:",
                  sorted(set(texts) - ledger.comments))

        # Decisions: every saved decision holds its reason; one audit entry per decision.
        reasons, logged = stored_decisions(engine)
        timed_out = {n for n in reasons if n in ledger.unanswered_decisions}
        assert {n: r for n, r in reasons.items() if n not in timed_out} == ledger.decisions
        assert all(reasons[n] == ledger.unanswered_decisions[n] for n in timed_out)
        assert logged == len(ledger.decisions) + len(timed_out)
        if timed_out:
            print("decisions saved although the client timed out:", sorted(timed_out))

        assert half_written(engine, folder / "uploads") == []
    finally:
        engine.dispose()
    log = (folder / "server.log").read_text(errors="replace")
    assert "Traceback" not in log, log[max(0, log.index("Traceback") - 500):][:3000]
