"""Benchmark of the downloads: every export the app offers, over the dataset's suggestions.

    python -m bench.exports --database-url URL --facts PATH --json OUT [--only NAME ...]

Each case (an export, a format, a reader's language) runs in a fresh process of its own, the
way a request runs it: a test client GETs the export URL (signed in through the login form as
the staff account of the facts file for the staff exports) and reads the streamed body to
the last byte. Before the measured request the same export is asked once with a filter that
matches nothing, so imports, fonts and the database connection are warm as in a running
worker; the process's resident memory then is the baseline.

The JSON written is a list of {"name", "format", "language", "rows", "seconds", "peak_mib",
"baseline_mib", "bytes", "cpu_seconds"}: `seconds` is the wall time from the request to its
last byte (`cpu_seconds` the processor time of the process in it: on a busy machine the
steadier figure), `peak_mib` the process's peak resident memory (getrusage ru_maxrss, its
high-water mark reset just before the request where Linux allows it), `baseline_mib` its
resident memory just before the request. `rows` is counted in the file (CSV, XLSX, DOCX);
for a PDF, whose text cannot be counted cheaply, it is the number of rows the table query
selects for the same filter.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.server import ROOT, base_environment, rss_kib

# Matches nothing: the warm-up request builds an (almost) empty file of the same kind.
NOTHING = "qqqzzzqqq"
CASE_TIMEOUT = 900  # seconds per case, process start and warm-up included


@dataclass(frozen=True)
class Case:
    name: str
    fmt: str
    language: str
    staff: bool = False

    def path(self, slug: str, *, warm: bool = False) -> str:
        args = {"lang": self.language}
        if warm:
            # The analysis exports take no filter: they warm up with the internal table.
            args["q"] = NOTHING
            export = self.name if self.name == "public" else "internal"
        else:
            export = self.name
        if export == "public":
            base = f"/p/{slug}/disposition/export.{self.fmt}"
        elif export == "internal":
            base = f"/manage/processes/{slug}/disposition/export.{self.fmt}"
        else:
            base = f"/manage/processes/{slug}/exports/{export}.{self.fmt}"
        return f"{base}?{urlencode(args)}"


CASES = [
    Case("public", "csv", "de"),
    Case("public", "xlsx", "de"),
    Case("public", "docx", "de"),
    Case("public", "docx", "ar"),
    Case("public", "pdf", "de"),
    Case("public", "pdf", "ar"),
    Case("internal", "csv", "de", staff=True),
    Case("internal", "xlsx", "de", staff=True),
    Case("internal", "docx", "de", staff=True),
    Case("internal", "pdf", "de", staff=True),
    Case("internal", "pdf", "ar", staff=True),
    Case("suggestions", "csv", "de", staff=True),
    Case("suggestions", "xlsx", "de", staff=True),
    Case("contributions", "csv", "de", staff=True),
    Case("contributions", "xlsx", "de", staff=True),
]


def case_id(case: Case) -> str:
    return f"{case.name}-{case.fmt}-{case.language}"


# --------------------------------------------------------------------- in the child process


def _mib(kib: float) -> float:
    return round(kib / 1024, 1)


def _sign_in(client, account: dict[str, str]) -> None:
    page = client.get("/account/login")
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    data = {"email": account["email"], "password": account["password"]}
    if found:
        data["csrf_token"] = found.group(1)
    response = client.post("/account/login", data=data)
    if response.status_code != 302:
        raise SystemExit(f"signing in as {account['email']} failed: {response.status_code}")


def _download(client, path: str, into) -> int:
    """GET `path` and write the body to `into` as it streams; returns the bytes."""
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"GET {path}: {response.status_code}")
    size = 0
    try:
        for chunk in response.response:
            into.write(chunk)
            size += len(chunk)
    finally:
        response.close()
    return size


def _rows_in_file(fmt: str, path: Path) -> int | None:
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _row in csv.reader(handle)) - 1
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return sum(1 for _row in book.worksheets[0].iter_rows(values_only=True)) - 1
        finally:
            book.close()
    if fmt == "docx":
        with zipfile.ZipFile(path) as package, package.open("word/document.xml") as xml:
            text = io.TextIOWrapper(xml, encoding="utf-8")
            count, tail = 0, ""
            while block := text.read(1 << 20):
                data = tail + block
                count += data.count("<w:tr>") + data.count("<w:tr ")
                tail = data[-6:]
                count -= tail.count("<w:tr>") + tail.count("<w:tr ")
            return count - 1
    return None


def _rows_in_table(app, case: Case, slug: str) -> int:
    from consult.accountability import disposition
    from consult.accountability.disposition import Filters, Variant
    from consult.plans import queries as plan_queries

    with app.test_request_context(f"/?lang={case.language}"):
        process = plan_queries.manage_process_or_404(slug)
        variant = Variant.INTERNAL if case.name == "internal" else Variant.PUBLIC
        return disposition.count(process, Filters.from_args({}), variant=variant)


def run_case(case: Case, facts: dict) -> dict:
    """Warm up, then measure one download; runs inside the child process."""
    from consult import create_app

    app = create_app()
    slug = facts["slug"]
    client = app.test_client()
    if case.staff:
        _sign_in(client, facts["accounts"]["staff"])
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as folder:
        with open(Path(folder) / "warm", "wb") as warm:
            _download(client, case.path(slug, warm=True), warm)
        target = Path(folder) / f"export.{case.fmt}"
        _reset_peak()
        baseline = rss_kib_self()
        with target.open("wb") as out:
            started, cpu = time.perf_counter(), time.process_time()
            size = _download(client, case.path(slug), out)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows = _rows_in_file(case.fmt, target)
    if rows is None:
        rows = _rows_in_table(app, case, slug)
    return {
        "name": case.name, "format": case.fmt, "language": case.language, "rows": rows,
        "seconds": round(seconds, 2), "peak_mib": _mib(peak), "baseline_mib": _mib(baseline),
        "bytes": size, "cpu_seconds": round(cpu, 2),
    }


def _reset_peak() -> None:
    """Start the peak resident memory afresh (Linux), so that it is the export's and not
    that of signing in (password hashing takes tens of MiB) or of the warm-up."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def rss_kib_self() -> int:
    import os

    return rss_kib(os.getpid())


# --------------------------------------------------------------------- the driver


def run_in_child(case: Case, database_url: str, facts_path: Path) -> dict:
    env = base_environment(database_url, RATELIMIT_ENABLED="0", PAGE_CACHE_BYTES="0",
                           QUERY_COUNT_HEADER="0")
    command = [sys.executable, "-m", "bench.exports", "--facts", str(facts_path),
               "--database-url", database_url, "--child", case_id(case)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=CASE_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{case_id(case)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--facts", required=True, type=Path)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--only", action="append", default=[],
                        help="run only cases whose id (e.g. public-pdf-ar) starts with this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    facts = json.loads(args.facts.read_text())
    by_id = {case_id(case): case for case in CASES}

    if args.child:
        print(json.dumps(run_case(by_id[args.child], facts)))
        return 0

    chosen = [c for c in CASES if not args.only or case_id(c).startswith(tuple(args.only))]
    results = []
    for case in chosen:
        result = run_in_child(case, args.database_url, args.facts)
        results.append(result)
        print(f"{case_id(case):24} {result['rows']:>7} rows {result['seconds']:>7.2f} s "
              f"(cpu {result['cpu_seconds']:>6.2f} s) peak {result['peak_mib']:>6.1f} MiB "
              f"(baseline {result['baseline_mib']:.1f}) {result['bytes'] / 1e6:>7.2f} MB",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
