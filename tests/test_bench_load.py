"""The benchmark's load driver, report writer and runner.

The driver runs against a tiny HTTP server in this process that counts what it receives; the
report writer is given figures and its tables are read back; one tiny benchmark (scale 0.01,
one second per page, no exports) runs the whole chain against the real app on the suite's
kind of database.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load, report, run
from bench.server import drop_postgres_database, free_port

# --- a tiny server that counts -------------------------------------------------------------


class Recorder:
    """What the tiny server received."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter = Counter()  # (method, path) -> count
        self.connections = 0
        self.statements: list[dict[str, str]] = []
        self.keep_alive = True
        self.form_status = 200

    def count(self, method: str, path: str) -> int:
        with self.lock:
            self.requests[(method, path)] += 1
            return sum(self.requests.values())


CSRF = "tok&en-1"  # written escaped into the page: the driver must unescape it
PASSWORD = "right password"


def make_handler(recorder: Recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            with recorder.lock:
                recorder.connections += 1

        def log_message(self, *args) -> None:
            pass

        def answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            if not recorder.keep_alive:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's API
            number = recorder.count("GET", self.path)
            signed_in = "session=signed" in (self.headers.get("Cookie") or "")
            if self.path == "/ok":
                # Alternating query counts: 3 for odd, 5 for even request numbers.
                self.answer(200, b"fine", {"X-Query-Count": "3" if number % 2 else "5"})
            elif self.path == "/plain":
                self.answer(200, b"no header")
            elif self.path == "/missing":
                self.answer(404, b"not here", {"X-Query-Count": "1"})
            elif self.path == "/broken":
                self.answer(500, b"broken", {"X-Query-Count": "2"})
            elif self.path == "/slow":
                time.sleep(0.1)
                self.answer(200, b"slow", {"X-Query-Count": "1"})
            elif self.path == "/account/login":
                page = f'<form><input type="hidden" name="csrf_token" value="{html.escape(CSRF)}">'
                self.answer(200, page.encode(), {"Set-Cookie": "session=anonymous; Path=/"})
            elif self.path == "/form":
                if not signed_in:
                    self.answer(403, b"sign in first")
                    return
                page = (
                    f'<form><input id="csrf_token" name="csrf_token" type="hidden" '
                    f'value="{html.escape(CSRF)}"><input name="idempotency_key" type="hidden" '
                    f'value="key-{number}"><input type="radio" name="on_behalf" value="self">'
                    '<textarea name="body"></textarea></form>'
                )
                self.answer(recorder.form_status, page.encode(), {"X-Query-Count": "4"})
            else:
                self.answer(404)

        def do_POST(self) -> None:  # noqa: N802
            recorder.count("POST", self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            if self.path == "/account/login":
                fields = dict(pair.split("=", 1) for pair in body.split("&"))
                if fields.get("password") == "right+password" and fields.get("csrf_token"):
                    self.answer(303, headers={"Location": "/account",
                                              "Set-Cookie": "session=signed; Path=/; HttpOnly"})
                else:
                    self.answer(200, b"wrong password")
            elif self.path == "/form":
                fields = dict(re.findall(r'name="([^"]+)"\r\n\r\n(.*?)\r\n', body, re.S))
                with recorder.lock:
                    recorder.statements.append(fields)
                if fields.get("csrf_token") != CSRF or 'filename=""' not in body:
                    self.answer(400, b"bad form")
                    return
                self.answer(303, headers={"Location": f"/track/{fields['idempotency_key']}?x=1",
                                          "X-Query-Count": "9"})
            else:
                self.answer(404)

    return Handler


@pytest.fixture
def tiny():
    recorder = Recorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(recorder))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    recorder.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def drive(recorder: Recorder, **job) -> dict:
    job.setdefault("name", job["path"])
    return load.run_sync(load.run_job(recorder.base_url, load.Job(**job), timeout=10))


# --- the load driver -----------------------------------------------------------------------


@pytest.mark.parametrize("keep_alive", [True, False], ids=["keep-alive", "close"])
def test_driver_makes_exactly_the_requests_it_counts(tiny, keep_alive):
    tiny.keep_alive = keep_alive
    result = drive(tiny, path="/ok", clients=4, duration=60, max_requests=37)

    assert result["requests"] == 37
    assert tiny.requests == {("GET", "/ok"): 37}
    assert result["http_requests"] == 37
    assert result["statuses"] == {"200": 37}
    assert result["errors"] == 0
    # 19 requests with odd numbers answered 3 queries, 18 with even numbers 5.
    assert result["queries"] == {"median": 3, "max": 5, "missing": 0}
    assert result["bytes"] == {"total": 37 * 4, "per_response": 4.0}
    if keep_alive:
        assert tiny.connections <= 4
    else:
        assert tiny.connections == 37
    assert result["connections"] == tiny.connections
    latency = result["latency_ms"]
    assert 0 < latency["p50"] <= latency["p95"] <= latency["p99"] <= latency["max"]


def test_driver_stops_at_the_time_bound(tiny):
    # Each request takes at least 0.1 s and one client sends one at a time: in 0.3 s there is
    # room for at most 4 (the last one started before the deadline), far below the count bound.
    result = drive(tiny, path="/slow", clients=1, duration=0.3, max_requests=10_000)

    assert 1 <= result["requests"] <= 4
    assert tiny.requests == {("GET", "/slow"): result["requests"]}
    assert result["statuses"] == {"200": result["requests"]}


@pytest.mark.parametrize(
    ("path", "status", "queries"),
    [("/missing", "404", 1), ("/broken", "500", 2)],
)
def test_driver_reports_error_statuses(tiny, path, status, queries):
    result = drive(tiny, path=path, clients=2, duration=60, max_requests=6)

    assert result["statuses"] == {status: 6}
    assert result["errors"] == 6
    assert result["queries"] == {"median": queries, "max": queries, "missing": 0}
    assert tiny.requests == {("GET", path): 6}


def test_driver_notes_a_missing_query_count(tiny):
    result = drive(tiny, path="/plain", clients=1, duration=60, max_requests=3)

    assert result["queries"] == {"median": None, "max": None, "missing": 3}


def test_driver_counts_a_refused_connection_as_an_error():
    port = free_port()  # nothing listens there
    result = load.run_sync(load.run_job(
        f"http://127.0.0.1:{port}", load.Job("gone", "/", clients=2, duration=60, max_requests=5),
    ))

    assert result["requests"] == 5
    assert result["statuses"] == {"connection refused": 5}
    assert result["errors"] == 5


def test_driver_signs_in_and_sends_statements_through_the_form(tiny):
    result = drive(
        tiny, path="/form", kind="statement", clients=3, duration=60, max_requests=7,
        login={"email": "resident@example.org", "password": PASSWORD},
    )

    assert tiny.requests[("POST", "/account/login")] == 3  # each client signs in once
    assert tiny.requests[("GET", "/form")] == 7
    assert tiny.requests[("POST", "/form")] == 7
    assert result["requests"] == 7
    assert result["statuses"] == {"303": 7}
    assert result["errors"] == 0
    assert result["queries"] == {"median": 9, "max": 9, "missing": 0}
    assert result["form"]["statuses"] == {"200": 7}
    assert result["form"]["queries"]["median"] == 4
    # Every submission echoed its own form's key and was acknowledged with a receipt.
    keys = sorted(s["idempotency_key"] for s in tiny.statements)
    assert len(set(keys)) == 7
    assert result["acknowledged"] == 7
    assert sorted(result["receipts"]) == keys
    first = tiny.statements[0]
    assert first["csrf_token"] == CSRF
    assert first["on_behalf"] == "self"
    assert "Stellungnahme" in first["body"]
    assert first["website"] == ""


def test_driver_sends_no_statement_when_the_form_fails(tiny):
    tiny.form_status = 500
    result = drive(
        tiny, path="/form", kind="statement", clients=2, duration=60, max_requests=4,
        login={"email": "resident@example.org", "password": PASSWORD},
    )

    assert tiny.requests[("POST", "/form")] == 0
    assert result["requests"] == 4
    assert result["statuses"] == {"form 500": 4}
    assert result["errors"] == 4
    assert result["acknowledged"] == 0


def test_driver_reports_a_failed_sign_in(tiny):
    result = drive(
        tiny, path="/form", clients=2, duration=60, max_requests=4,
        login={"email": "resident@example.org", "password": "wrong"},
    )

    assert "200, not a redirect" in result["failed"]
    assert ("GET", "/form") not in tiny.requests


def test_driver_command_line_writes_the_results(tiny, tmp_path):
    plan = tmp_path / "plan.json"
    out = tmp_path / "out.json"
    plan.write_text(json.dumps({"jobs": [
        {"name": "ok", "path": "/ok", "clients": 2, "duration": 60, "max_requests": 5},
        {"name": "missing", "path": "/missing", "clients": 1, "duration": 60, "max_requests": 2},
    ]}))

    status = load.main(["--base-url", tiny.base_url, "--plan", str(plan), "--out", str(out)])

    results = json.loads(out.read_text())["results"]
    assert status == 0
    assert [(r["job"]["name"], r["requests"], r["statuses"]) for r in results] == [
        ("ok", 5, {"200": 5}), ("missing", 2, {"404": 2}),
    ]


# --- the report ------------------------------------------------------------------------------


def figures(rps: float, *, lost: int = 0, started: str = "2026-01-02T03:04:05+00:00") -> dict:
    def page(name, as_, rps, p50, p95, p99, statuses, queries=(12, 14), kind="get"):
        errors = sum(n for s, n in statuses.items() if not load.is_success(s))
        return {
            "page": name, "as": as_, "job": {"path": f"/{name}", "kind": kind},
            "rps": rps, "requests": sum(statuses.values()),
            "latency_ms": {"p50": p50, "p95": p95, "p99": p99},
            "statuses": statuses, "errors": errors,
            "queries": {"median": queries[0], "max": queries[1], "missing": 0},
            "bytes": {"per_response": 2048.0}, "driver_cpu_share": 0.25,
        }

    pages = [
        page("health", "anonymous", 1000.0, 5, 9, 12, {"200": 5000}, (0, 0)),
        page("section", "anonymous", rps, 20, 80, 120, {"200": 3100}),
        page("disposition", "anonymous", 150.0, 40, 150, 200, {"200": 1500, "500": 3}),
        page("queue_filtered", "staff", 90.0, 45.5, 90, 99, {"200": 900}),
        page("statement POST", "resident", 60.0, 100, 200, 300, {"303": 600}, (18, 18),
             "statement"),
    ]
    exports = [
        {"name": "public", "format": "csv", "language": "de", "rows": 20000, "seconds": 1.5,
         "peak_mib": 120.0},
        {"name": "public", "format": "pdf", "language": "ar", "rows": 20000, "seconds": 16.0,
         "peak_mib": 260.0},
    ]
    database = {
        "name": "postgresql", "pages": pages,
        "dataset": {"counts": {"sections": 600, "comments": 20000}, "build_seconds": 125.0},
        "statement": {"acknowledged": 600, "stored": 600 - lost, "lost": lost},
        "memory_kib": {"after_start": [90 * 1024, 91 * 1024], "at_rest": [140 * 1024, 160 * 1024],
                       "after_load": [170 * 1024, 171 * 1024]},
        "exports": exports, "stage_seconds": {"load": 70.0},
    }
    return {
        "started": started, "seconds": 754.0,
        "machine": {"cpu": "Test CPU", "cores": 2, "ram_gib": 8.0, "python": "3.11.7",
                    "sqlite": "3.40.1", "postgresql": "15.2", "commit": "abc123"},
        "settings": {"scale": 1.0, "clients": 10, "duration": 10, "max_requests": 5000},
        "notes": [], "databases": [database],
    }


def tables_under(markdown: str, heading: str) -> list[dict]:
    return [t for t in report.parse_tables(markdown) if t["heading"] == heading]


def test_report_shows_the_figures_in_the_page_table():
    markdown = report.render_run(figures(310.0))

    pages, exports = tables_under(markdown, "PostgreSQL")
    assert pages["columns"][:8] == [
        "page", "rps", "ratio to health", "p50 ms", "p95 ms", "p99 ms", "queries/request",
        "errors",
    ]
    rows = {r[0]: r for r in pages["rows"]}
    assert rows["section `/section`"][:8] == [
        "section `/section`", "310.0", "0.31", "20.0", "80.0", "120.0", "12 / 14", "0",
    ]
    assert rows["disposition `/disposition`"][7] == "3 (500: 3)"
    assert rows["queue_filtered (staff) `/queue_filtered`"][3] == "45.5"
    assert rows["statement POST (resident) `/statement POST`"][7] == "0"
    assert rows["health `/health`"][-1] == "25 %"
    assert "## Run 2026-01-02 03:04 UTC" in markdown
    assert "Statement submissions: acknowledged 600, stored 600, lost 0." in markdown
    assert exports["columns"] == ["export", "format", "language", "rows", "seconds", "peak MiB"]
    assert exports["rows"][1] == ["public", "pdf", "ar", "20,000", "16.00", "260.0"]


def test_report_compares_with_the_targets():
    markdown = report.render_run(figures(310.0))

    (targets,) = tables_under(markdown, "Targets")
    results = {(r[0], r[1]): (r[2], r[3]) for r in targets["rows"]}
    db = "PostgreSQL"
    assert results[("busiest section page (anonymous, 10 clients) ≥ 300 rps", db)] == (
        "310.0 rps", "met")
    assert results[("busiest section page (anonymous, 10 clients) p95 < 100 ms", db)] == (
        "80.0 ms", "met")
    assert results[("disposition table page ≥ 200 rps", db)] == ("150.0 rps", "not met")
    assert results[("staff queue, filtered (one staff member): median < 50 ms", db)] == (
        "45.5 ms", "met")
    assert results[("CSV export (20,000 rows at scale 1) < 2 s", db)] == (
        "1.50 s (public 20,000 rows)", "met")
    assert results[("PDF export < 15 s", db)][1] == "not met"
    assert results[("XLSX export < 15 s", db)] == ("–", "not measured")
    assert results[("export peak memory < 250 MiB", db)] == ("260.0 MiB", "not met")
    assert results[("worker memory at rest < 150 MiB", db)] == ("160.0 MiB", "not met")
    assert results[("statement POST ≥ 50/s, no error, no lost submission", db)] == (
        "60.0/s, 0 errors, lost 0", "met")


def test_report_shouts_about_lost_submissions():
    run_figures = figures(310.0, lost=2)
    markdown = report.render_run(run_figures)

    assert "**Statement submissions: acknowledged 600, stored 598, lost 2. " in markdown
    (targets,) = tables_under(markdown, "Targets")
    (statement,) = [r for r in targets["rows"] if r[0].startswith("statement POST")]
    assert statement[2:] == ["60.0/s, 0 errors, lost 2", "not met"]


def test_report_keeps_earlier_runs_below_the_new_one(tmp_path):
    results = tmp_path / "RESULTS.md"
    report.add_run(results, report.render_run(figures(100.0, started="2026-01-01T00:00:00")))
    report.add_run(results, report.render_run(figures(200.0, started="2026-02-01T00:00:00")))
    report.add_run(results, report.render_run(figures(300.0, started="2026-03-01T00:00:00")))

    text = results.read_text()
    assert text.startswith(report.TITLE + "\n")
    assert text.count(report.TITLE) == 1
    headings = re.findall(r"^## Run (.+)$", text, re.M)
    assert headings == ["2026-03-01 00:00 UTC", "2026-02-01 00:00 UTC", "2026-01-01 00:00 UTC"]
    section_rps = [
        next(r[1] for r in t["rows"] if r[0].startswith("section "))
        for t in report.parse_tables(text)
        if t["heading"] == "PostgreSQL" and t["columns"][0] == "page"
    ]
    assert section_rps == ["300.0", "200.0", "100.0"]


def test_report_keeps_what_stood_above_the_runs(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nSee the issue for the targets.\n")

    report.add_run(results, report.render_run(figures(100.0)))

    text = results.read_text()
    assert text.startswith("# Benchmark results\n\nSee the issue for the targets.\n\n## Run ")


# --- the runner ------------------------------------------------------------------------------


def test_runner_loads_every_page_of_the_facts():
    facts = {
        "pages": {"home": "/", "section": "/p/lip/v/3/s/a", "health": "/health"},
        "resident_pages": {"section": "/p/lip/v/3/s/a"},
        "staff_pages": {"queue_filtered": "/triage/lip?status=open"},
        "accounts": {"staff": {"email": "s@x", "password": "1"},
                     "resident": {"email": "r@x", "password": "2"}},
        "statement_form": "/p/lip/statements/new",
    }
    jobs = run.load_jobs(facts, run.Options(clients=7, duration=3, max_requests=99))

    assert [(j["name"], j["as"], j["path"]) for j in jobs] == [
        ("health", "anonymous", "/health"),
        ("home", "anonymous", "/"),
        ("section", "anonymous", "/p/lip/v/3/s/a"),
        ("section", "resident", "/p/lip/v/3/s/a"),
        ("queue_filtered", "staff", "/triage/lip?status=open"),
        ("queue_filtered_single", "staff", "/triage/lip?status=open"),
        ("statement POST", "resident", "/p/lip/statements/new"),
    ]
    assert [j.get("login") for j in jobs][3:] == [
        facts["accounts"]["resident"], facts["accounts"]["staff"], facts["accounts"]["staff"],
        facts["accounts"]["resident"],
    ]
    assert jobs[-1]["kind"] == "statement"
    single = [j for j in jobs if j["name"] == "queue_filtered_single"]
    assert {(j["clients"], j["duration"], j["max_requests"]) for j in jobs if j not in single} == {
        (7, 3, 99)}
    assert [j["clients"] for j in single] == [1]


@pytest.fixture
def tiny_bench(database_url, tmp_path):
    """Options for a tiny benchmark on the suite's kind of database (its own database)."""
    options = run.Options(
        scale=0.01, duration=1, max_requests=40, clients=2, exports=False,
        data_dir=tmp_path / "data", results=tmp_path / "RESULTS.md",
    )
    if not database_url.startswith("postgresql"):
        options.databases = ("sqlite",)
        yield options
        return
    # postgresql+psycopg://user@host:port/name -> the same server's maintenance database.
    server_part = database_url.split("://", 1)[1].rsplit("/", 1)
    options.databases = ("postgresql",)
    options.postgres_admin_url = f"postgresql://{server_part[0]}/postgres"
    options.postgres_database = os.environ.get(
        "BENCH_TEST_POSTGRES_DATABASE", f"{server_part[1]}_bench"
    )
    assert options.postgres_database != server_part[1], "the benchmark needs a database of its own"
    assert run.postgres_version(options.postgres_admin_url), (
        f"PostgreSQL is not reachable at {server_part[0]}"
    )
    try:
        yield options
    finally:
        drop_postgres_database(options.postgres_database, options.postgres_admin_url)


def test_tiny_benchmark_runs_end_to_end(tiny_bench):
    status = run.run(tiny_bench)

    assert status == 0
    figures_ = json.loads((tiny_bench.data_dir / "last-run.json").read_text())
    (database,) = figures_["databases"]
    assert database["name"] == tiny_bench.databases[0]
    assert not database.get("failure")
    pages = {(p["page"], p["as"]): p for p in database["pages"]}
    assert ("health", "anonymous") in pages and ("section", "resident") in pages
    for (name, _as), item in pages.items():
        expected = "303" if name == "statement POST" else "200"
        assert item["statuses"] == {expected: item["requests"]}, name
        assert 1 <= item["requests"] <= 40, name
        if name != "health":
            assert item["queries"]["median"] >= 1, name
    statement = database["statement"]
    assert statement["acknowledged"] == pages[("statement POST", "resident")]["requests"]
    assert statement["stored"] == statement["acknowledged"]
    assert statement["new_in_database"] == statement["acknowledged"]
    assert statement["lost"] == 0
    assert all(database["memory_kib"][k] for k in ("after_start", "at_rest", "after_load"))
    text = tiny_bench.results.read_text()
    label = report.label(database["name"])
    table = next(t for t in report.parse_tables(text) if t["heading"] == label)
    assert len(table["rows"]) == len(database["pages"])
    assert f"Statement submissions: acknowledged {statement['acknowledged']}" in text
