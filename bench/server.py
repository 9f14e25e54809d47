"""Start and stop real app instances (gunicorn) against a database of their own.

Used by the benchmark and by the tests that need separate processes: two instances, load and
faults. Everything is configured through the environment, as in production (config.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of an app process: the caller's, minus anything that would point it at
    another database, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FLASK_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": env.get("SECRET_KEY", "bench-secret-not-for-production"),
            "PYTHONPATH": str(ROOT),
            "FLASK_APP": "wsgi.py",
        }
    )
    env.update(settings)
    return env


def fresh_postgres_database(name: str, admin_url: str = POSTGRES_ADMIN_URL) -> str:
    """Drop and create database `name`; returns its SQLAlchemy URL."""
    import psycopg

    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    host_part = admin_url.split("://", 1)[1].rsplit("/", 1)[0]
    return f"postgresql+psycopg://{host_part}/{name}"


def drop_postgres_database(name: str, admin_url: str = POSTGRES_ADMIN_URL) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def fresh_sqlite_database(path: Path) -> str:
    path = Path(path).resolve()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def flask(env: Mapping[str, str], *args: str, check: bool = True, timeout: float = 600):
    """Run `flask <args>` in a process of its own (e.g. `db upgrade`)."""
    return subprocess.run(
        [sys.executable, "-m", "flask", *args], env=dict(env), cwd=ROOT, capture_output=True,
        text=True, check=check, timeout=timeout,
    )


def migrate(env: Mapping[str, str]) -> None:
    flask(env, "db", "upgrade")


class Server:
    """One gunicorn master with `workers` sync workers on 127.0.0.1:<port>."""

    def __init__(self, env: Mapping[str, str], *, workers: int = 2, port: int | None = None,
                 timeout: int = 30, log: Path | None = None, extra_args: tuple[str, ...] = ()):
        self.env = dict(env)
        self.workers = workers
        self.port = port or free_port()
        self.timeout = timeout
        self.log = log
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self._log_file = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 60) -> Server:
        command = [
            sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}", "--timeout", str(self.timeout),
            "--graceful-timeout", "5", "--backlog", "2048", "--no-control-socket",
            *self.extra_args, "wsgi:app",
        ]
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            self._log_file = open(self.log, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=self.env, cwd=ROOT,
            stdout=self._log_file or subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        self.wait_ready(wait)
        return self

    def wait_ready(self, wait: float = 60) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn on {self.url} did not become ready in {wait} s")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        return children(self.process.pid)

    def worker_rss_kib(self) -> list[int]:
        return [rss_kib(pid) for pid in self.worker_pids()]

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def children(pid: int) -> list[int]:
    """The direct child processes of `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the ppid follows the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
