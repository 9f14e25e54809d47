"""The load driver: many simulated visitors against one running app, measured from outside.

Run as a process of its own so that the measuring process is not the one being measured:

    python -m bench.load --base-url http://127.0.0.1:8000 --plan plan.json --out out.json
    python -m bench.load --base-url http://127.0.0.1:8000 --path /health --duration 5

A plan is a list of jobs. Each job requests one page with `clients` concurrent visitors until
`duration` seconds have passed or `max_requests` requests were made, whichever comes first.
A job may first sign each visitor in through the real login form (`login`), and the job kind
`statement` sends written statements through the public form: for every submission it loads
the form (for the CSRF token and the idempotency key) and posts it as a browser would.

The HTTP/1.1 client is asyncio over plain sockets: connections are kept alive while the
server keeps them and opened anew when it closes them (gunicorn's sync workers do). For every
job the result holds requests per second, latency percentiles, status counts, the
`X-Query-Count` header's median and maximum, bytes received and the driver's own CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import re
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

QUERY_COUNT_HEADER = "x-query-count"
USER_AGENT = "consult-bench/1"
DEFAULT_TIMEOUT = 30.0
LOGIN_PATH = "/account/login"
TRACK_PATTERN = re.compile(r"/track/([A-Za-z0-9_-]+)")
INPUT_PATTERN = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE_PATTERN = re.compile(r'([a-zA-Z_:-]+)\s*=\s*"([^"]*)"')


class LoadError(Exception):
    """The load could not be applied as planned (e.g. signing in failed)."""


class BadResponse(Exception):
    """The server's answer was not valid HTTP/1.1."""


@dataclass
class Job:
    name: str
    path: str
    kind: str = "get"  # "get" or "statement"
    clients: int = 10
    duration: float = 10.0
    max_requests: int = 5000
    login: dict[str, str] | None = None
    login_path: str = LOGIN_PATH

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        known = {name for name in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def header_values(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key == name]


# --- one visitor -----------------------------------------------------------------------------


class Visitor:
    """One simulated visitor: its own cookies and at most one open connection."""

    def __init__(self, host: str, port: int, *, timeout: float = DEFAULT_TIMEOUT):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self.requests_sent = 0
        self.connections_opened = 0

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass

    async def request(
        self, method: str, path: str, *, body: bytes = b"", content_type: str | None = None
    ) -> Response:
        """Send one request and read the whole answer, within the visitor's timeout."""
        async with asyncio.timeout(self.timeout):
            return await self._request(method, path, body, content_type)

    async def _request(
        self, method: str, path: str, body: bytes, content_type: str | None
    ) -> Response:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"User-Agent: {USER_AGENT}",
            "Accept: text/html,application/json;q=0.9,*/*;q=0.8",
            "Accept-Encoding: identity",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method != "GET" or body:
            lines.append(f"Content-Length: {len(body)}")
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        message = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        reused = self._writer is not None
        try:
            response = await self._exchange(message, method)
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            # A kept-alive connection the server closed meanwhile: one fresh attempt, but
            # only if nothing at all came back (the request was never read).
            await self.close()
            nothing_read = not isinstance(error, asyncio.IncompleteReadError) or not error.partial
            if not (reused and nothing_read):
                raise
            response = await self._exchange(message, method)
        self._keep_cookies(response)
        return response

    async def _exchange(self, message: bytes, method: str) -> Response:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(
                self.host, self.port, limit=1 << 20
            )
            self.connections_opened += 1
        assert self._reader is not None and self._writer is not None
        self._writer.write(message)
        self.requests_sent += 1
        await self._writer.drain()
        response, keep_alive = await read_response(self._reader, method)
        if not keep_alive:
            await self.close()
        return response

    def _keep_cookies(self, response: Response) -> None:
        for value in response.header_values("set-cookie"):
            first, _, attributes = value.partition(";")
            name, _, cookie = first.strip().partition("=")
            attrs = attributes.lower().replace(" ", "")
            expired = "max-age=0" in attrs or "1970" in attrs
            if expired or not cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie

    async def sign_in(self, email: str, password: str, path: str = LOGIN_PATH) -> None:
        """Log in through the login form, as a browser does; keeps the session cookie."""
        try:
            await self._sign_in(email, password, path)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, BadResponse) as error:
            raise LoadError(f"signing in as {email} failed: {failure_name(error)}") from error

    async def _sign_in(self, email: str, password: str, path: str) -> None:
        form = await self.request("GET", path)
        fields = hidden_inputs(form.body.decode("utf-8", "replace"))
        if form.status != 200 or "csrf_token" not in fields:
            raise LoadError(f"the login form answered {form.status} without a CSRF token")
        body = urlencode(
            {"csrf_token": fields["csrf_token"], "next": "", "email": email, "password": password}
        ).encode()
        answer = await self.request(
            "POST", path, body=body, content_type="application/x-www-form-urlencoded"
        )
        if answer.status not in (302, 303):
            raise LoadError(f"signing in as {email} answered {answer.status}, not a redirect")


async def read_response(reader: asyncio.StreamReader, method: str) -> tuple[Response, bool]:
    """Read one HTTP/1.x response; returns it and whether the connection stays open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise BadResponse(f"not an HTTP status line: {lines[0][:80]!r}")
    version, status = parts[0], int(parts[1])
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers.append((name.strip().lower(), value.strip()))
    values = dict(headers)
    connection = values.get("connection", "").lower()
    keep_alive = "close" not in connection and (version == "HTTP/1.1" or "keep-alive" in connection)
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        body = b""
    elif "chunked" in values.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    elif "content-length" in values:
        body = await reader.readexactly(int(values["content-length"]))
    else:
        body = await reader.read()
        keep_alive = False
    return Response(status, headers, body), keep_alive


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass  # trailers
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


def hidden_inputs(page: str) -> dict[str, str]:
    """The `name -> value` of every <input> that has both (last one wins)."""
    found = {}
    for tag in INPUT_PATTERN.findall(page):
        attributes = {k.lower(): html.unescape(v) for k, v in ATTRIBUTE_PATTERN.findall(tag)}
        if "name" in attributes:
            found[attributes["name"]] = attributes.get("value", "")
    return found


def multipart(
    fields: list[tuple[str, str]], empty_files: tuple[str, ...] = ()
) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it (an empty file input included)."""
    boundary = f"----consultbench{time.monotonic_ns():x}"
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name in empty_files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
            "Content-Type: application/octet-stream\r\n\r\n\r\n".encode()
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


STATEMENT_TEXT = (
    "Stellungnahme {n} zum Integrationsplan. Wir wünschen uns mehr Sprachkurse am Abend, "
    "Beratung in mehreren Sprachen in jedem Stadtbezirk und feste Ansprechpersonen in den "
    "Schulen. Die Angebote sollen auch für Eltern mit kleinen Kindern erreichbar sein, "
    "mit Kinderbetreuung während der Kurse. Bitte prüfen Sie außerdem, ob die Bibliotheken "
    "länger geöffnet bleiben können, damit Menschen nach der Arbeit lernen können."
)


def statement_fields(form: dict[str, str], page: str, number: int) -> list[tuple[str, str]]:
    """The fields a person fills in: their text, nothing ticked, the honeypot left empty."""
    fields = [
        ("csrf_token", form.get("csrf_token", "")),
        ("idempotency_key", form.get("idempotency_key", "")),
    ]
    if 'name="on_behalf"' in page:
        fields.append(("on_behalf", "self"))
    if 'name="email"' in page:
        fields += [("name", f"Bench {number}"), ("email", f"bench-{number}@example.org")]
    fields += [
        ("title", f"Lasttest {number}"),
        ("body", STATEMENT_TEXT.format(n=number)),
        ("language", ""),
        ("website", ""),
    ]
    return fields


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Tally:
    """What one job's requests came back with."""

    count: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    query_counts: list[int] = field(default_factory=list)
    missing_query_count: int = 0
    bytes: int = 0

    def record(
        self, seconds: float | None, response: Response | None, failure: str | None = None
    ) -> None:
        """One attempt; `seconds` is None when no request was sent (its form failed)."""
        self.count += 1
        if seconds is not None:
            self.latencies.append(seconds)
        if response is None:
            self.statuses[failure or "failed"] += 1
            return
        self.statuses[str(response.status)] += 1
        self.bytes += len(response.body)
        count = response.header(QUERY_COUNT_HEADER)
        if count is not None and count.isdigit():
            self.query_counts.append(int(count))
        else:
            self.missing_query_count += 1

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        errors = sum(n for status, n in self.statuses.items() if not is_success(status))
        answered = sum(n for status, n in self.statuses.items() if status.isdigit())
        return {
            "requests": self.count,
            "latency_ms": {
                "p50": percentile(ordered, 50) * 1000,
                "p95": percentile(ordered, 95) * 1000,
                "p99": percentile(ordered, 99) * 1000,
                "mean": (statistics.fmean(ordered) * 1000) if ordered else 0.0,
                "max": (ordered[-1] * 1000) if ordered else 0.0,
            },
            "statuses": dict(sorted(self.statuses.items())),
            "errors": errors,
            "queries": {
                "median": statistics.median(self.query_counts) if self.query_counts else None,
                "max": max(self.query_counts) if self.query_counts else None,
                "missing": self.missing_query_count,
            },
            "bytes": {
                "total": self.bytes,
                "per_response": (self.bytes / answered) if answered else 0.0,
            },
        }


def is_success(status: str) -> bool:
    """2xx and 3xx count as answered; everything else (and every failure) is an error."""
    return status.isdigit() and 200 <= int(status) < 400


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(min(rank, len(ordered))) - 1]


def failure_name(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionError | asyncio.IncompleteReadError | OSError):
        return "connection error"
    return "bad response"


class Tickets:
    """Hands out at most `limit` request numbers, until the deadline."""

    def __init__(self, limit: int, deadline: float):
        self.limit = limit
        self.deadline = deadline
        self.issued = 0

    def take(self) -> int | None:
        if self.issued >= self.limit or time.monotonic() >= self.deadline:
            return None
        self.issued += 1
        return self.issued


async def run_job(base_url: str, job: Job, *, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    visitors = [Visitor(host, port, timeout=timeout) for _ in range(max(1, job.clients))]
    result: dict[str, Any] = {"job": asdict(job) | {"login": bool(job.login)}}
    try:
        if job.login:
            await asyncio.gather(
                *(
                    v.sign_in(job.login["email"], job.login["password"], job.login_path)
                    for v in visitors
                )
            )
        for visitor in visitors:
            await visitor.close()  # the load starts on fresh connections
        sent_before = sum(v.requests_sent for v in visitors)
        opened_before = sum(v.connections_opened for v in visitors)
        tally, form_tally = Tally(), Tally()
        receipts: list[str] = []
        cpu_start, start = time.process_time(), time.monotonic()
        tickets = Tickets(job.max_requests, start + job.duration)
        worker = _statement_worker if job.kind == "statement" else _get_worker
        await asyncio.gather(
            *(worker(v, job, tickets, tally, form_tally, receipts) for v in visitors)
        )
        elapsed = time.monotonic() - start
        cpu = time.process_time() - cpu_start
    except LoadError as error:
        result["failed"] = str(error)
        return result
    finally:
        for visitor in visitors:
            await visitor.close()
    result.update(tally.summary())
    result.update(
        {
            "elapsed": elapsed,
            "rps": tally.count / elapsed if elapsed > 0 else 0.0,
            "http_requests": sum(v.requests_sent for v in visitors) - sent_before,
            "connections": sum(v.connections_opened for v in visitors) - opened_before,
            "driver_cpu_seconds": cpu,
            "driver_cpu_share": cpu / elapsed if elapsed > 0 else 0.0,
        }
    )
    if job.kind == "statement":
        result["acknowledged"] = len(receipts)
        result["receipts"] = receipts
        result["form"] = form_tally.summary()
    return result


async def _get_worker(visitor, job, tickets, tally, _form_tally, _receipts) -> None:
    while tickets.take() is not None:
        started = time.monotonic()
        try:
            response = await visitor.request("GET", job.path)
        except Exception as error:  # noqa: BLE001 - every failure is counted
            await visitor.close()
            tally.record(time.monotonic() - started, None, failure_name(error))
        else:
            tally.record(time.monotonic() - started, response)


async def _statement_worker(visitor, job, tickets, tally, form_tally, receipts) -> None:
    while (number := tickets.take()) is not None:
        started = time.monotonic()
        try:
            form = await visitor.request("GET", job.path)
        except Exception as error:  # noqa: BLE001
            await visitor.close()
            form_tally.record(time.monotonic() - started, None, failure_name(error))
            tally.record(None, None, "form " + failure_name(error))
            continue
        form_tally.record(time.monotonic() - started, form)
        page = form.body.decode("utf-8", "replace")
        fields = hidden_inputs(page)
        if form.status != 200 or not fields.get("csrf_token"):
            tally.record(None, None, f"form {form.status}")
            continue
        body, content_type = multipart(
            statement_fields(fields, page, number), empty_files=("attachments",)
        )
        started = time.monotonic()
        try:
            answer = await visitor.request("POST", job.path, body=body, content_type=content_type)
        except Exception as error:  # noqa: BLE001
            await visitor.close()
            tally.record(time.monotonic() - started, None, failure_name(error))
            continue
        tally.record(time.monotonic() - started, answer)
        receipt = TRACK_PATTERN.search(answer.header("location") or "")
        if answer.status == 303 and receipt:
            receipts.append(receipt.group(1))


def run_sync(coroutine):
    """Run `coroutine` to its end from synchronous code; in a thread of its own when this
    thread already runs an event loop (as under a browser-testing session)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            outcome["error"] = error

    thread = threading.Thread(target=target, name="bench-load")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


async def run_plan(base_url: str, jobs: list[Job], *, timeout: float = DEFAULT_TIMEOUT):
    """Run the jobs one after the other (never two at once)."""
    results = []
    for job in jobs:
        results.append(await run_job(base_url, job, timeout=timeout))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--plan", type=Path, help="JSON: {'jobs': [...], 'timeout': s}")
    parser.add_argument("--path", help="a single page to load instead of a plan")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--out", type=Path, help="write the results here (JSON); else stdout")
    args = parser.parse_args(argv)
    if args.plan:
        plan = json.loads(args.plan.read_text())
        jobs = [Job.from_dict(item) for item in plan["jobs"]]
        timeout = float(plan.get("timeout", args.timeout))
    elif args.path:
        jobs = [Job(args.path, args.path, clients=args.clients, duration=args.duration,
                    max_requests=args.max_requests)]
        timeout = args.timeout
    else:
        parser.error("give --plan or --path")
    results = run_sync(run_plan(args.base_url, jobs, timeout=timeout))
    text = json.dumps({"results": results}, indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 1 if any("failed" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
