"""`python -m bench`: run the benchmark, add the run to bench/RESULTS.md (see bench/README.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.run import DATA, DATABASES, POSTGRES_DATABASE, RESULTS, Options, run


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build a city-scale dataset, serve it with gunicorn, load it from another "
        "process and write bench/RESULTS.md.",
    )
    parser.add_argument("--scale", type=float, default=1.0,
                        help="dataset size; 1 is the city scale of the issue (default 1)")
    parser.add_argument("--db", default=",".join(DATABASES),
                        help="databases to measure, comma-separated (default sqlite,postgresql)")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds of load per page at most (default 10)")
    parser.add_argument("--max-requests", type=int, default=5000,
                        help="requests per page at most (default 5000)")
    parser.add_argument("--clients", type=int, default=10,
                        help="concurrent clients (default 10)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a dataset of the same scale built by an earlier run")
    parser.add_argument("--skip-exports", action="store_true",
                        help="do not measure the exports (quick runs)")
    parser.add_argument("--postgres-database", default=POSTGRES_DATABASE,
                        help="PostgreSQL database to (re)create (default %(default)s; "
                        "env BENCH_POSTGRES_DATABASE)")
    parser.add_argument("--data-dir", type=Path, default=DATA, help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the Markdown file to add the run to (default bench/RESULTS.md)")
    args = parser.parse_args(argv)
    databases = tuple(name.strip() for name in args.db.split(",") if name.strip())
    unknown = [name for name in databases if name not in DATABASES]
    if unknown or not databases:
        parser.error(f"--db takes {', '.join(DATABASES)}; not {', '.join(unknown) or 'nothing'}")
    if args.scale <= 0 or args.duration <= 0 or args.max_requests < 1 or args.clients < 1:
        parser.error("--scale, --duration, --max-requests and --clients must be positive")
    return Options(
        scale=args.scale, databases=databases, duration=args.duration,
        max_requests=args.max_requests, clients=args.clients, reuse=args.reuse,
        exports=not args.skip_exports,
        postgres_database=args.postgres_database, data_dir=args.data_dir, results=args.results,
    )


if __name__ == "__main__":
    sys.exit(run(parse_options()))
