"""The benchmark run: per database, build the dataset, serve it with gunicorn, load it from a
separate process, measure the exports, and write bench/RESULTS.md.

Everything the run makes goes to bench/.data/ (databases, facts files, logs, the last run's
figures as JSON). `python -m bench --help` lists the options; bench/README.md explains them
and what each figure means.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import secrets
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.server import (
    POSTGRES_ADMIN_URL,
    ROOT,
    Server,
    base_environment,
    free_port,
    fresh_postgres_database,
    fresh_sqlite_database,
    migrate,
)

DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "RESULTS.md"
DATABASES = ("sqlite", "postgresql")
POSTGRES_DATABASE = os.environ.get("BENCH_POSTGRES_DATABASE", "consult_bench")
HIGH_LIMIT = "1000000 per hour"
DATASET_TIMEOUT = 3 * 3600
EXPORTS_TIMEOUT = 3600
WARM_UP_REQUESTS = 4


class BenchFailure(Exception):
    """The benchmark itself failed (not a missed target)."""


@dataclass
class Options:
    scale: float = 1.0
    databases: tuple[str, ...] = DATABASES
    duration: float = 10.0
    max_requests: int = 5000
    clients: int = 10
    workers: int = 2
    reuse: bool = False
    exports: bool = True
    postgres_database: str = POSTGRES_DATABASE
    postgres_admin_url: str = POSTGRES_ADMIN_URL
    data_dir: Path = DATA
    results: Path = RESULTS
    notes: list[str] = field(default_factory=list)


# --- the machine -------------------------------------------------------------------------


def machine_info(postgres: str | None) -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": ram_gib,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
        "commit": git_commit(ROOT),
        "load_average": load_average(),
    }


def load_average() -> float | None:
    """The one-minute load average: other work on the machine skews every figure."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def git_commit(root: Path) -> str | None:
    """The checked-out commit, read from .git without running git."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head.removeprefix("ref: ")
        if (git / ref).exists():
            return (git / ref).read_text().strip()[:12]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12]
    except OSError:
        pass
    return None


def postgres_version(admin_url: str) -> str | None:
    """The server's version, or None when PostgreSQL cannot be reached."""
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=3) as conn:
            return str(conn.execute("SHOW server_version").fetchone()[0])
    except Exception:  # noqa: BLE001 - unreachable, refused, not installed: all mean "no"
        return None


def postgres_database_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, connect_timeout=3) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        return found is not None


# --- the dataset ---------------------------------------------------------------------------


def prepare_database(name: str, options: Options) -> tuple[str, Path, dict[str, Any]]:
    """A database holding the dataset: (URL, facts file, dataset figures)."""
    data = options.data_dir
    facts_path = data / f"facts-{name}.json"
    build_path = data / f"build-{name}.json"
    if name == "sqlite":
        sqlite_path = (data / "consult_bench.sqlite3").resolve()
        url = f"sqlite:///{sqlite_path}"
        exists = sqlite_path.exists()
    else:
        host_part = options.postgres_admin_url.split("://", 1)[1].rsplit("/", 1)[0]
        url = f"postgresql+psycopg://{host_part}/{options.postgres_database}"
        exists = postgres_database_exists(options.postgres_admin_url, options.postgres_database)
    if options.reuse and exists and facts_path.exists() and build_path.exists():
        facts = json.loads(facts_path.read_text())
        build = json.loads(build_path.read_text())
        if float(facts.get("scale", -1)) == options.scale:
            print(f"[{name}] reusing the dataset at scale {options.scale}", flush=True)
            refresh_statistics(url)
            return url, facts_path, dataset_figures(facts, build["build_seconds"], reused=True)
    print(f"[{name}] building the dataset at scale {options.scale} ...", flush=True)
    if name == "sqlite":
        url = fresh_sqlite_database(sqlite_path)
    else:
        url = fresh_postgres_database(options.postgres_database, options.postgres_admin_url)
    facts_path.unlink(missing_ok=True)
    build_path.unlink(missing_ok=True)
    started = time.monotonic()
    migrate(base_environment(url))
    build_dataset(url, options.scale, facts_path, data / f"dataset-{name}.log")
    seconds = time.monotonic() - started
    build_path.write_text(json.dumps({"scale": options.scale, "build_seconds": seconds}))
    facts = json.loads(facts_path.read_text())
    refresh_statistics(url)
    print(f"[{name}] dataset built in {report.duration_text(seconds)}", flush=True)
    return url, facts_path, dataset_figures(facts, seconds, reused=False)


def refresh_statistics(url: str) -> None:
    """ANALYZE: a database loaded in one go has no planner statistics yet (a running site has
    them from autovacuum, or from SQLite's ANALYZE run by its operator)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def build_dataset(url: str, scale: float, facts_path: Path, log: Path) -> None:
    command = [
        sys.executable, "-m", "bench.dataset", "--database-url", url, "--scale", str(scale),
        "--facts", str(facts_path),
    ]
    with open(log, "wb") as output:
        try:
            done = subprocess.run(
                command, env=base_environment(url), cwd=ROOT, stdout=output,
                stderr=subprocess.STDOUT, timeout=DATASET_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise BenchFailure(f"building the dataset took over {DATASET_TIMEOUT} s") from error
    if done.returncode != 0 or not facts_path.exists():
        raise BenchFailure(
            f"building the dataset failed (exit {done.returncode}); see {log}:\n{tail(log)}"
        )


def dataset_figures(facts: dict[str, Any], seconds: float, *, reused: bool) -> dict[str, Any]:
    return {
        "scale": facts.get("scale"),
        "counts": facts.get("counts", {}),
        "busiest_section": facts.get("busiest_section"),
        "build_seconds": seconds,
        "reused": reused,
    }


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- the served app ------------------------------------------------------------------------


class MailSink:
    """A local SMTP server that accepts and counts every message (the app mails receipts)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
                sink.received += 1
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def server_environment(url: str, options: Options, name: str, mail_port: int) -> dict[str, str]:
    uploads = options.data_dir / f"uploads-{name}"
    uploads.mkdir(parents=True, exist_ok=True)
    return base_environment(
        url,
        QUERY_COUNT_HEADER="1",
        CONSULT_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(32),
        SESSION_COOKIE_SECURE="0",
        CONTRIBUTION_RATE_LIMIT=HIGH_LIMIT,
        LOGIN_RATE_LIMIT=HIGH_LIMIT,
        ACCOUNT_RATE_LIMIT=HIGH_LIMIT,
        MAIL_RATE_LIMIT=HIGH_LIMIT,
        EXPORT_RATE_LIMIT=HIGH_LIMIT,
        REDIS_URL="",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(mail_port),
        UPLOAD_FOLDER=str(uploads.resolve()),
    )


def load_jobs(facts: dict[str, Any], options: Options) -> list[dict[str, Any]]:
    """Every page of the facts file, /health first, then the statement form's POST."""
    common = {"clients": options.clients, "duration": options.duration,
              "max_requests": options.max_requests}
    pages = facts["pages"]
    accounts = facts["accounts"]
    jobs = []
    if "health" in pages:
        jobs.append({"name": "health", "as": "anonymous", "path": pages["health"], **common})
    jobs += [
        {"name": key, "as": "anonymous", "path": path, **common}
        for key, path in pages.items() if key != "health"
    ]
    for group, role in (("resident_pages", "resident"), ("staff_pages", "staff")):
        jobs += [
            {"name": key, "as": role, "path": path, "login": accounts[role], **common}
            for key, path in facts.get(group, {}).items()
        ]
    # The staff queue is one person's working view: its latency is measured for one person too.
    if "queue_filtered" in facts.get("staff_pages", {}):
        jobs.append({
            "name": "queue_filtered_single", "as": "staff",
            "path": facts["staff_pages"]["queue_filtered"], "login": accounts["staff"],
            **common, "clients": 1,
        })
    jobs.append({
        "name": "statement POST", "as": "resident", "path": facts["statement_form"],
        "kind": "statement", "login": accounts["resident"], **common,
    })
    return jobs


def warm_up_jobs(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A few requests of every page, so that both workers have served each once or so."""
    return [
        job | {"clients": 2, "duration": 60.0, "max_requests": WARM_UP_REQUESTS}
        for job in jobs
    ]


def drive(base_url: str, jobs: list[dict[str, Any]], work: Path, tag: str) -> list[dict]:
    """Run bench.load in a process of its own; returns its results, one per job."""
    plan, out = work / f"plan-{tag}.json", work / f"load-{tag}.json"
    plan.write_text(json.dumps({"jobs": jobs}))
    out.unlink(missing_ok=True)
    limit = sum(float(j["duration"]) + 90 for j in jobs) + 60
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.load", "--base-url", base_url, "--plan", str(plan),
             "--out", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=limit, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchFailure(f"the load driver did not finish in {limit:.0f} s") from error
    if not out.exists():
        raise BenchFailure(
            f"the load driver failed (exit {done.returncode}): {done.stderr[-2000:]}"
        )
    results = json.loads(out.read_text())["results"]
    for job, result in zip(jobs, results, strict=True):
        result["page"], result["as"] = job["name"], job["as"]
    return results


# --- the statements the app acknowledged ------------------------------------------------


def statements_in_database(url: str, tokens: list[str]) -> tuple[int, int]:
    """(how many of the receipts' tracking tokens are stored, all statements in the table)."""
    from sqlalchemy import bindparam, create_engine, text

    hashes = [hashlib.sha256(token.encode()).hexdigest() for token in tokens]
    stored = text(
        "SELECT count(*) FROM contributions "
        "WHERE kind = 'statement' AND tracking_token_hash IN :hashes"
    ).bindparams(bindparam("hashes", expanding=True))
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = 0
            for start in range(0, len(hashes), 500):
                chunk = hashes[start:start + 500]
                found += conn.execute(stored, {"hashes": chunk}).scalar_one()
            total = conn.execute(
                text("SELECT count(*) FROM contributions WHERE kind = 'statement'")
            ).scalar_one()
    finally:
        engine.dispose()
    return found, total


# --- exports -------------------------------------------------------------------------------


def run_exports(
    url: str, facts_path: Path, work: Path, name: str
) -> tuple[list | None, str | None]:
    if not (ROOT / "bench" / "exports.py").exists():
        return None, "bench/exports.py is not there"
    out, log = work / f"exports-{name}.json", work / f"exports-{name}.log"
    out.unlink(missing_ok=True)
    print(f"[{name}] measuring the exports ...", flush=True)
    with open(log, "wb") as output:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "bench.exports", "--database-url", url, "--facts",
                 str(facts_path), "--json", str(out)],
                env=base_environment(url), cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                timeout=EXPORTS_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            return None, f"bench.exports took over {EXPORTS_TIMEOUT} s"
    if done.returncode != 0 or not out.exists():
        last = tail(log, 1).strip()
        return None, f"bench.exports failed (exit {done.returncode}: {last}); see {log}"
    return json.loads(out.read_text()), None


# --- one database ------------------------------------------------------------------------


def bench_database(name: str, options: Options) -> dict[str, Any]:
    result: dict[str, Any] = {"name": name, "pages": [], "memory_kib": {}}
    stages = result["stage_seconds"] = {}
    work = options.data_dir
    clock = time.monotonic()
    try:
        url, facts_path, result["dataset"] = prepare_database(name, options)
    except BenchFailure as error:
        result["failure"] = str(error)
        return result
    stages["dataset"], clock = time.monotonic() - clock, time.monotonic()
    facts = json.loads(facts_path.read_text())
    jobs = load_jobs(facts, options)
    sink = MailSink()
    (work / f"gunicorn-{name}.log").unlink(missing_ok=True)
    server = Server(
        server_environment(url, options, name, sink.port), workers=options.workers,
        log=work / f"gunicorn-{name}.log",
    )
    try:
        print(f"[{name}] starting gunicorn ...", flush=True)
        server.start()
        result["memory_kib"]["after_start"] = server.worker_rss_kib()
        warm = drive(server.url, warm_up_jobs(jobs), work, f"{name}-warm-up")
        failed = [r for r in warm if "failed" in r]
        if failed:
            raise BenchFailure(f"warm-up: {failed[0]['page']}: {failed[0]['failed']}")
        time.sleep(1)
        result["memory_kib"]["at_rest"] = server.worker_rss_kib()
        stages["start and warm-up"], clock = time.monotonic() - clock, time.monotonic()
        _, before = statements_in_database(url, [])
        print(f"[{name}] loading {len(jobs)} pages, {options.clients} clients, "
              f"up to {options.duration:g} s each ...", flush=True)
        result["pages"] = drive(server.url, jobs, work, name)
        result["memory_kib"]["after_load"] = server.worker_rss_kib()
        stages["load"], clock = time.monotonic() - clock, time.monotonic()
    except (BenchFailure, RuntimeError) as error:
        result["failure"] = str(error)
        if server.log is not None:
            result["failure"] += f" (server log: {server.log})"
        return result
    finally:
        server.stop()
        sink.stop()
    result["mails_received"] = sink.received
    post = report.page(result, "statement POST")
    if post is not None and "receipts" in post:
        receipts = post.pop("receipts")
        stored, after = statements_in_database(url, receipts)
        result["statement"] = {
            "acknowledged": len(receipts),
            "stored": stored,
            "lost": len(receipts) - stored,
            "new_in_database": after - before,
        }
    failed = [r for r in result["pages"] if "failed" in r]
    if failed:
        result["failure"] = f"{failed[0]['page']}: {failed[0]['failed']}"
    if options.exports:
        clock = time.monotonic()
        result["exports"], result["exports_error"] = run_exports(url, facts_path, work, name)
        stages["exports"] = time.monotonic() - clock
    else:
        result["exports"], result["exports_error"] = None, "skipped (--skip-exports)"
    return result


def run(options: Options) -> int:
    """The whole benchmark; returns the exit status (1 only if the benchmark itself failed)."""
    started_at = datetime.now(UTC)
    started = time.monotonic()
    load_before = load_average()
    options.data_dir.mkdir(parents=True, exist_ok=True)
    postgres = postgres_version(options.postgres_admin_url)
    databases = list(options.databases)
    notes = list(options.notes)
    if "postgresql" in databases and postgres is None:
        databases.remove("postgresql")
        notes.append(
            "PostgreSQL was not reachable at "
            f"{options.postgres_admin_url.split('@')[-1]}: only SQLite was measured."
        )
        print(f"PostgreSQL is not reachable: {notes[-1]}", flush=True)
    results = [bench_database(name, options) for name in databases]
    run_figures = {
        "started": started_at.isoformat(timespec="seconds"),
        "seconds": time.monotonic() - started,
        "machine": machine_info(postgres) | {"load_before": load_before},
        "settings": {
            "scale": options.scale, "clients": options.clients, "duration": options.duration,
            "max_requests": options.max_requests, "workers": options.workers,
        },
        "notes": notes,
        "databases": results,
    }
    (options.data_dir / "last-run.json").write_text(json.dumps(run_figures, indent=1))
    report.add_run(options.results, report.render_run(run_figures))
    print(report.summary(run_figures))
    print(f"Written to {options.results}")
    failed = [r for r in results if r.get("failure")]
    lost = [r for r in results if (r.get("statement") or {}).get("lost")]
    for item in failed:
        print(f"FAILED on {report.label(item['name'])}: {item['failure']}", file=sys.stderr)
    for item in lost:
        print(f"LOST SUBMISSIONS on {report.label(item['name'])}: {item['statement']}",
              file=sys.stderr)
    return 1 if failed or lost else 0
