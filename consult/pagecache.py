"""A page cache for anonymous readers.

Most traffic in a consultation reads: the plan, a section with its comments, the table of
how suggestions were handled. For visitors who are not signed in these pages are the same for
everyone who asks in the same language, so a worker keeps the rendered page and serves it
again until something changes.

"Something changes" is exact and shared between instances: every transaction that writes
through the ORM also bumps one counter row (`content_state.generation`) just before it commits.
A cached page is served only while the generation it was rendered at is the current one; the
check is one primary-key read. Pages are also dropped after `PAGE_CACHE_SECONDS` and at the turn
of the day, for what depends on the clock (phases that open and close).

The CSRF token of the language switcher is the only per-visitor part of these pages: the cached
copy holds a placeholder where the token was, replaced by each visitor's own token.
Signed-in readers, requests with pending messages and every non-GET request bypass the cache.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from flask import Flask, current_app, g, has_app_context, request, session
from sqlalchemy import BigInteger, Integer, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from consult.models import Base

# The public reading pages (GET) whose bytes depend only on the URL, the language and the data.
CACHED_ENDPOINTS = frozenset(
    {
        "pages.index",
        "plans.show_process",
        "plans.show_version",
        "plans.show_section",
        "plans.print_version",
        "plans.section_history",
        "disposition.table",
        "api.index",
        "api.list_processes",
        "api.show_process",
        "api.show_version",
        "api.show_section",
        "api.list_versions",
        "api.list_sections",
        "api.list_suggestions",
        "api.show_suggestion",
    }
)
RESULTS_KEPT = 256  # results kept per process by `remembered`
PLACEHOLDER = "\x00consult-csrf-token\x00"
_PLACEHOLDER_BYTES = PLACEHOLDER.encode()
# Headers a view sets that belong to the page itself (the rest are added on every response).
_KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Link", "Cache-Control", "Vary")


class ContentState(Base):
    """One row: a counter bumped by every transaction that writes."""

    __tablename__ = "content_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


@dataclass(frozen=True)
class Entry:
    generation: int
    stored_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class PageCache:
    """A per-process LRU of rendered pages, bounded by the bytes it holds."""

    def __init__(self, max_bytes: int, max_age: float) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple, generation: int) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            if entry.generation != generation or time.monotonic() - entry.stored_at > self.max_age:
                self._drop(key)
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        size = len(entry.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: tuple) -> None:
        entry = self._entries.pop(key)
        self._bytes -= len(entry.body)


# Counter rows: 1 counts every writing transaction; 2 only those that change the plan itself
# (its processes, phases, versions, sections and their texts), for results that depend on
# nothing else and should survive the comments and statements written meanwhile.
ALL, PLAN = 1, 2
PLAN_TABLES = frozenset(
    {"processes", "process_texts", "phases", "versions", "sections", "section_versions",
     "section_texts"}
)


def current_generation(scope: int = ALL) -> int | None:
    """The shared generation, or None when the counter row is missing (then nothing is cached)."""
    from consult.extensions import db

    return db.session.execute(
        text("SELECT generation FROM content_state WHERE id = :scope"), {"scope": scope}
    ).scalar()


def remembered(namespace: str, key: tuple, compute, *, scope: int = ALL):
    """`compute()`, or its result from an earlier call with the same key while nothing was
    written since (per process, the same generation rule as pages; a bounded number of
    results). For costly read-only results such as the triage queue's counts; with
    `scope=PLAN`, for results that depend on the plan's text and structure only. The result
    must be plain data (never database objects). Costs one query when the cache is on;
    computes every time when it is off."""
    cache = current_app.extensions.get("consult_results_cache")
    if cache is None:
        return compute()
    generation = current_generation(scope)
    if generation is None:
        return compute()
    full_key = (namespace, scope, key)
    with cache["lock"]:
        found = cache["entries"].get(full_key)
        if found is not None and found[0] == generation:
            cache["entries"].move_to_end(full_key)
            return found[1]
    value = compute()
    with cache["lock"]:
        cache["entries"][full_key] = (generation, value)
        cache["entries"].move_to_end(full_key)
        while len(cache["entries"]) > RESULTS_KEPT:
            cache["entries"].popitem(last=False)
    return value


# ----------------------------------------------------------------- invalidation


def _enabled() -> bool:
    return has_app_context() and bool(current_app.config.get("PAGE_CACHE_BYTES"))


def _after_flush(session: Session, _context) -> None:
    if session.new or session.dirty or session.deleted:
        session.info["content_changed"] = True
        if not session.info.get("plan_changed"):
            for obj in (*session.new, *session.dirty, *session.deleted):
                if getattr(obj, "__tablename__", None) in PLAN_TABLES:
                    session.info["plan_changed"] = True
                    break


def _do_orm_execute(state) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        state.session.info["content_changed"] = True
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if table is None or table in PLAN_TABLES:
            state.session.info["plan_changed"] = True
    elif not state.is_select:
        sql = str(state.statement).lstrip()[:6].upper()
        if sql in {"INSERT", "UPDATE", "DELETE"}:
            state.session.info["content_changed"] = True
            state.session.info["plan_changed"] = True


def _before_commit(session: Session) -> None:
    plan = session.info.pop("plan_changed", False)
    if session.info.pop("content_changed", False) and _enabled():
        # Last statement before COMMIT: the row locks are held only for the commit itself.
        session.connection().execute(
            text("UPDATE content_state SET generation = generation + 1 WHERE id IN (1, 2)")
            if plan else
            text("UPDATE content_state SET generation = generation + 1 WHERE id = 1")
        )
        cache = current_app.extensions.get("consult_page_cache")
        if cache is not None:
            cache.clear()


def _after_rollback(session: Session) -> None:
    session.info.pop("content_changed", None)
    session.info.pop("plan_changed", None)


def _listen(session_class) -> None:
    if not event.contains(session_class, "before_commit", _before_commit):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _do_orm_execute)
        event.listen(session_class, "before_commit", _before_commit)
        event.listen(session_class, "after_rollback", _after_rollback)


# ----------------------------------------------------------------- serving


def _eligible() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in CACHED_ENDPOINTS
        and "_user_id" not in session
        and "_flashes" not in session
    )


def _key() -> tuple:
    from flask_babel import get_locale

    from consult.i18n import content_language

    args = tuple(sorted(request.args.items(multi=True)))
    return (request.path, args, content_language(), str(get_locale()), date.today().isoformat())


def _personalise(body: bytes) -> bytes:
    if _PLACEHOLDER_BYTES not in body:
        return body
    from flask_wtf.csrf import generate_csrf

    return body.replace(_PLACEHOLDER_BYTES, generate_csrf().encode())


def init_page_cache(app: Flask) -> None:
    from consult.extensions import db

    max_bytes = int(app.config.get("PAGE_CACHE_BYTES") or 0)
    _listen(db.session.session_factory.class_)
    if max_bytes <= 0:
        return
    cache = PageCache(max_bytes, float(app.config.get("PAGE_CACHE_SECONDS", 300)))
    app.extensions["consult_page_cache"] = cache
    app.extensions["consult_results_cache"] = {"lock": threading.Lock(), "entries": OrderedDict()}

    @app.before_request
    def _serve_cached():
        g.page_cache_key = None
        if not _eligible():
            return None
        generation = current_generation()
        if generation is None:
            return None
        key = _key()
        entry = cache.get(key, generation)
        if entry is None:
            g.page_cache_key = key
            g.page_cache_generation = generation
            return None
        response = current_app.response_class(
            _personalise(entry.body), status=entry.status, headers=list(entry.headers)
        )
        if response.headers.get("ETag") and request.if_none_match:
            response.make_conditional(request)
        response.headers["X-Page-Cache"] = "hit"
        return response

    @app.after_request
    def _store(response):
        key = g.get("page_cache_key")
        if key is None:
            return response
        g.page_cache_key = None
        if response.status_code == 200 and not response.is_streamed and "_flashes" not in session:
            body = response.get_data()
            token = g.get("csrf_token")  # this visitor's, wherever a template or form put it
            kept = body.replace(token.encode(), _PLACEHOLDER_BYTES) if token else body
            headers = tuple(
                (name, value) for name, value in response.headers.items() if name in _KEPT_HEADERS
            )
            cache.put(key, Entry(g.page_cache_generation, time.monotonic(), 200, headers, kept))
            response.headers["X-Page-Cache"] = "miss"
        return response
