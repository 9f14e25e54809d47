"""bench/RESULTS.md: one benchmark run as Markdown, added at the top of the earlier runs.

A run is a plain dictionary (bench.run builds it; the tests give one of their own):

    {"started": ISO time (UTC), "seconds": float, "machine": {...}, "settings": {...},
     "notes": [str], "databases": [{"name": "sqlite" | "postgresql", "dataset": {...},
     "pages": [load results with "page" and "as"], "statement": {...}, "memory_kib": {...},
     "exports": [...] | None, "exports_error": str | None, "failure": str | None}]}

`render_run` turns it into Markdown, `evaluate_targets` compares it with the issue's targets,
`add_run` writes it above the runs already in the file, and `parse_tables` reads tables back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

TITLE = "# Benchmark results"
INTRO = (
    "Written by `make bench` (`python -m bench`, see bench/README.md). The newest run is on\n"
    "top; earlier runs stay below it, so changes over time can be followed."
)
RUN_HEADING = "## Run "
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEMORY_MOMENTS = (
    ("after_start", "after start"),
    ("at_rest", "at rest (after the warm-up: a few requests of every page)"),
    ("after_load", "after load"),
)

PAGE_COLUMNS = [
    "page", "rps", "ratio to health", "p50 ms", "p95 ms", "p99 ms", "queries/request",
    "errors", "requests", "KiB/response", "driver CPU",
]
TARGET_COLUMNS = ["target", "database", "measured", "result"]


@dataclass
class Target:
    name: str
    database: str
    measured: str
    met: bool | None  # None: not measured

    @property
    def result(self) -> str:
        return {True: "met", False: "not met", None: "not measured"}[self.met]


# --- formatting helpers ------------------------------------------------------------------


def label(database: str) -> str:
    return LABELS.get(database, database)


def number(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def mib(kib: float) -> float:
    return kib / 1024


def row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def table(columns: list[str], rows: list[list[str]]) -> list[str]:
    return [row(columns), row(["---"] * len(columns)), *(row(r) for r in rows)]


def duration_text(seconds: float) -> str:
    seconds = round(seconds)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


# --- reading figures out of a run ----------------------------------------------------------


def page(database: dict[str, Any], name: str, as_: str | None = None) -> dict[str, Any] | None:
    """The figures of page `name` (requested as `as_`, if given), or None."""
    for item in database.get("pages", []):
        if item.get("page") == name and (as_ is None or item.get("as", "anonymous") == as_):
            return item
    return None


def health_rps(database: dict[str, Any]) -> float | None:
    health = page(database, "health", "anonymous")
    return health.get("rps") if health and "rps" in health else None


def errors_text(item: dict[str, Any], expected: str) -> str:
    """The error count, and every answer other than the expected status, e.g. `0 (308: 12)`."""
    if "failed" in item:
        return f"FAILED: {item['failed']}"
    others = {s: n for s, n in item.get("statuses", {}).items() if s != expected}
    text = str(item.get("errors", 0))
    if others:
        text += " (" + ", ".join(f"{s}: {n}" for s, n in others.items()) + ")"
    return text


def page_row(item: dict[str, Any], health: float | None) -> list[str]:
    name = item["page"] if item.get("as", "anonymous") == "anonymous" else (
        f"{item['page']} ({item['as']})"
    )
    title = f"{name} `{item['job']['path']}`" if item.get("job") else name
    if "failed" in item:
        return [title, "–", "–", "–", "–", "–", "–", errors_text(item, "200"), "0", "–", "–"]
    latency = item["latency_ms"]
    queries = item["queries"]
    query_text = (
        "–" if queries.get("median") is None
        else f"{number(queries['median'], 0)} / {queries['max']}"
    )
    expected = "303" if item.get("job", {}).get("kind") == "statement" else "200"
    ratio = item["rps"] / health if health else None
    return [
        title,
        number(item["rps"]),
        number(ratio, 2 if ratio is None or ratio >= 0.1 else 3),
        number(latency["p50"]),
        number(latency["p95"]),
        number(latency["p99"]),
        query_text,
        errors_text(item, expected),
        str(item["requests"]),
        number(item["bytes"]["per_response"] / 1024),
        f"{item.get('driver_cpu_share', 0) * 100:.0f} %",
    ]


def statement_line(statement: dict[str, Any] | None) -> str:
    if not statement:
        return "Statement submissions: not measured."
    text = (
        f"acknowledged {statement['acknowledged']}, stored {statement['stored']}, "
        f"lost {statement['lost']}"
    )
    if statement.get("lost") or statement["acknowledged"] != statement["stored"]:
        return f"**Statement submissions: {text}. SUBMISSIONS WERE LOST.**"
    return f"Statement submissions: {text}."


def memory_lines(memory: dict[str, list[int]]) -> list[str]:
    lines = []
    for key, title in MEMORY_MOMENTS:
        values = memory.get(key)
        if values:
            each = ", ".join(number(mib(v)) for v in values)
            lines.append(f"- {title}: {each} MiB (largest {number(mib(max(values)))} MiB)")
    return lines or ["- not measured"]


# --- targets -----------------------------------------------------------------------------


def _exports_of(database: dict[str, Any], fmt: str) -> list[dict[str, Any]]:
    return [e for e in database.get("exports") or [] if str(e.get("format", "")).lower() == fmt]


def _export_measured(worst: dict[str, Any]) -> str:
    name = f"{worst['name']} " if worst.get("name") else ""
    return f"{number(worst['seconds'], 2)} s ({name}{worst.get('rows', 0):,} rows)"


def evaluate_targets(run: dict[str, Any]) -> list[Target]:
    """The issue's targets, per database, with the figure measured and whether it was met."""
    targets: list[Target] = []
    for database in run.get("databases", []):
        db = label(database["name"])
        section = page(database, "section", "anonymous")
        if section and "rps" in section:
            rps, p95 = section["rps"], section["latency_ms"]["p95"]
            targets.append(Target("busiest section page (anonymous, 10 clients) ≥ 300 rps", db,
                                  f"{number(rps)} rps", rps >= 300))
            targets.append(Target("busiest section page (anonymous, 10 clients) p95 < 100 ms",
                                  db, f"{number(p95)} ms", p95 < 100))
        else:
            targets.append(Target("busiest section page (anonymous, 10 clients) ≥ 300 rps", db,
                                  "–", None))
        disposition = page(database, "disposition", "anonymous")
        rps = disposition.get("rps") if disposition else None
        targets.append(Target("disposition table page ≥ 200 rps", db,
                              f"{number(rps)} rps" if rps is not None else "–",
                              None if rps is None else rps >= 200))
        queue = page(database, "queue_filtered_single", "staff") or page(
            database, "queue_filtered", "staff")
        p50 = queue["latency_ms"]["p50"] if queue and "latency_ms" in queue else None
        targets.append(Target("staff queue, filtered (one staff member): median < 50 ms", db,
                              f"{number(p50)} ms" if p50 is not None else "–",
                              None if p50 is None else p50 < 50))
        targets.extend(_export_targets(database, db))
        at_rest = (database.get("memory_kib") or {}).get("at_rest") or []
        largest = mib(max(at_rest)) if at_rest else None
        targets.append(Target("worker memory at rest < 150 MiB", db,
                              f"{number(largest)} MiB" if largest is not None else "–",
                              None if largest is None else largest < 150))
        if database["name"] == "postgresql":
            targets.append(_statement_target(database, db))
    if not any(d["name"] == "postgresql" for d in run.get("databases", [])):
        targets.append(Target("statement POST ≥ 50/s, no error, no lost submission",
                              "PostgreSQL", "–", None))
    return targets


def _export_targets(database: dict[str, Any], db: str) -> list[Target]:
    targets = []
    csv = _exports_of(database, "csv")
    if csv:
        worst = max(csv, key=lambda e: e["seconds"])
        targets.append(Target("CSV export (20,000 rows at scale 1) < 2 s", db,
                              _export_measured(worst), worst["seconds"] < 2))
    else:
        targets.append(Target("CSV export (20,000 rows at scale 1) < 2 s", db, "–", None))
    for fmt in ("xlsx", "docx", "pdf"):
        found = _exports_of(database, fmt)
        name = f"{fmt.upper()} export < 15 s"
        if found:
            worst = max(found, key=lambda e: e["seconds"])
            targets.append(Target(name, db, _export_measured(worst), worst["seconds"] < 15))
        else:
            targets.append(Target(name, db, "–", None))
    exports = database.get("exports") or []
    if exports:
        peak = max(float(e.get("peak_mib", 0)) for e in exports)
        targets.append(Target("export peak memory < 250 MiB", db, f"{number(peak)} MiB",
                              peak < 250))
    else:
        targets.append(Target("export peak memory < 250 MiB", db, "–", None))
    return targets


def _statement_target(database: dict[str, Any], db: str) -> Target:
    name = "statement POST ≥ 50/s, no error, no lost submission"
    post = page(database, "statement POST")
    statement = database.get("statement")
    if not post or "rps" not in post or not statement:
        return Target(name, db, "–", None)
    measured = (
        f"{number(post['rps'])}/s, {post['errors']} errors, lost {statement['lost']}"
    )
    met = post["rps"] >= 50 and post["errors"] == 0 and statement["lost"] == 0 and (
        statement["acknowledged"] == statement["stored"]
    )
    return Target(name, db, measured, met)


# --- the Markdown of one run -------------------------------------------------------------


def render_run(run: dict[str, Any]) -> str:
    started = datetime.fromisoformat(run["started"])
    machine = run.get("machine", {})
    settings = run.get("settings", {})
    lines = [
        f"{RUN_HEADING}{started:%Y-%m-%d %H:%M} UTC",
        "",
        f"- Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, "
        f"{number(machine.get('ram_gib'))} GiB RAM",
        f"- Software: Python {machine.get('python', '?')}, SQLite {machine.get('sqlite', '?')}, "
        f"PostgreSQL {machine.get('postgresql') or 'not reachable'}",
        f"- Commit: {machine.get('commit') or 'unknown'}",
        f"- Load average (1 min) before / after the run: {number(machine.get('load_before'), 2)}"
        f" / {number(machine.get('load_average'), 2)} (above 0.5, other work shared the CPU)",
        f"- Settings: scale {settings.get('scale')}, {settings.get('clients')} concurrent "
        f"clients, at most {number(settings.get('duration'), 0)} s or "
        f"{settings.get('max_requests')} requests per page, gunicorn with "
        f"{settings.get('workers', 2)} sync workers",
        f"- Whole run: {duration_text(run.get('seconds', 0))}",
    ]
    lines += [f"- Note: {note}" for note in run.get("notes", [])]
    lines += ["", "### Dataset", ""]
    lines += dataset_table(run.get("databases", []))
    for database in run.get("databases", []):
        lines += ["", f"### {label(database['name'])}", ""]
        lines += database_section(database)
    lines += ["", "### Targets", ""]
    lines += table(
        TARGET_COLUMNS, [[t.name, t.database, t.measured, t.result] for t in evaluate_targets(run)]
    )
    return "\n".join(lines) + "\n"


def dataset_table(databases: list[dict[str, Any]]) -> list[str]:
    keys: list[str] = []
    for database in databases:
        for key in (database.get("dataset") or {}).get("counts", {}):
            if key not in keys:
                keys.append(key)
    rows = []
    for database in databases:
        dataset = database.get("dataset") or {}
        counts = dataset.get("counts", {})
        build = dataset.get("build_seconds")
        build_text = duration_text(build) if build is not None else "–"
        if dataset.get("reused"):
            build_text += " (reused)"
        rows.append([label(database["name"]), *(f"{counts[k]:,}" if k in counts else "–"
                                                for k in keys), build_text])
    return table(["database", *keys, "build time"], rows)


def database_section(database: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if database.get("failure"):
        lines += [f"**The benchmark failed on this database: {database['failure']}**", ""]
    health = health_rps(database)
    pages = database.get("pages", [])
    if pages:
        lines += table(PAGE_COLUMNS, [page_row(item, health) for item in pages])
        lines += [
            "",
            "rps: requests per second with all clients busy; ratio to health: rps divided by "
            "`/health`'s (the floor: no database, no template); p50/p95/p99: latency in ms; "
            "queries/request: SQL statements per request (median / max, from X-Query-Count); "
            "errors: answers other than 2xx/3xx and failed requests, with every answer other "
            "than the expected one in brackets; driver CPU: the load driver's own CPU time "
            "as a share of one core.",
        ]
    if database.get("statement") is not None or page(database, "statement POST"):
        lines += ["", statement_line(database.get("statement"))]
    stages = database.get("stage_seconds") or {}
    if stages:
        lines += ["", "Time taken: " + ", ".join(
            f"{stage} {duration_text(seconds)}" for stage, seconds in stages.items()
        ) + "."]
    lines += ["", "Worker memory (resident set size per gunicorn worker):", ""]
    lines += memory_lines(database.get("memory_kib") or {})
    lines += ["", "Exports (bench.exports, straight against the database):", ""]
    if database.get("exports"):
        lines += table(
            ["export", "format", "language", "rows", "seconds", "peak MiB"],
            [
                [str(e.get("name") or "–"), str(e.get("format")), str(e.get("language") or "–"),
                 f"{e.get('rows', 0):,}", number(e.get("seconds"), 2), number(e.get("peak_mib"))]
                for e in database["exports"]
            ],
        )
    else:
        lines.append(f"Not measured: {database.get('exports_error') or 'no figures'}.")
    return lines


# --- the file ------------------------------------------------------------------------------


def add_run(path: Path, run_markdown: str) -> None:
    """Write `run_markdown` above the runs already in `path` (which stay as they were)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    position = old.find("\n" + RUN_HEADING)
    if old.startswith(RUN_HEADING):
        head, earlier = "", old
    elif position >= 0:
        head, earlier = old[: position + 1], old[position + 1:]
    else:
        head, earlier = old, ""
    if not head.strip():
        head = f"{TITLE}\n\n{INTRO}\n\n"
    text = head.rstrip("\n") + "\n\n" + run_markdown.rstrip("\n") + "\n"
    if earlier.strip():
        text += "\n" + earlier.lstrip("\n")
    path.write_text(text, encoding="utf-8")


def parse_tables(markdown: str) -> list[dict[str, Any]]:
    """Every table in `markdown`: its nearest heading, its columns and its rows of cells."""
    tables: list[dict[str, Any]] = []
    heading = ""
    current: dict[str, Any] | None = None
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in _split_row(line)]
            if current is None:
                current = {"heading": heading, "columns": cells, "rows": []}
                tables.append(current)
            elif not all(set(c) <= {"-", ":"} and c for c in cells):
                current["rows"].append(cells)
        else:
            current = None
    return tables


def _split_row(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    cells, cell, escaped = [], "", False
    for char in inner:
        if char == "|" and not escaped:
            cells.append(cell)
            cell = ""
        else:
            cell += char
        escaped = char == "\\" and not escaped
    cells.append(cell)
    return cells


# --- the short summary on stdout ---------------------------------------------------------


def summary(run: dict[str, Any]) -> str:
    lines = []
    for database in run.get("databases", []):
        name = label(database["name"])
        if database.get("failure"):
            lines.append(f"{name}: FAILED: {database['failure']}")
        for item in database.get("pages", []):
            if "failed" in item:
                lines.append(f"{name}: {item['page']}: FAILED: {item['failed']}")
                continue
            lines.append(
                f"{name}: {item['page']:<22} {item['rps']:8.1f} rps  "
                f"p95 {item['latency_ms']['p95']:7.1f} ms  errors {item['errors']}  "
                f"driver CPU {item.get('driver_cpu_share', 0) * 100:.0f} %"
            )
        if database.get("statement"):
            lines.append(f"{name}: {statement_line(database['statement']).strip('*')}")
    targets = evaluate_targets(run)
    met = sum(1 for t in targets if t.met)
    lines.append(f"Targets met: {met} of {len(targets)}")
    lines += [
        f"  {t.result}: {t.name} ({t.database}): {t.measured}" for t in targets if not t.met
    ]
    return "\n".join(lines)
