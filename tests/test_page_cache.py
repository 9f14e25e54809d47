"""The page cache for anonymous readers: served again only while nothing was written.

The suite's app renders every page (PAGE_CACHE_BYTES=0); these tests use apps of their own,
with the cache on, against the same database.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from sqlalchemy import event, select, text

from consult import create_app
from consult.comments import services as comment_services
from consult.extensions import db
from consult.pagecache import Entry, PageCache
from consult.plans.models import Process, Version

SECTION = "/p/lip/v/2/s/g1"


@pytest.fixture
def cache_config(app_config):
    return {**app_config, "PAGE_CACHE_BYTES": 4 * 1024 * 1024, "PAGE_CACHE_SECONDS": 300}


@pytest.fixture
def cached_app(cache_config):
    instance = create_app(cache_config)
    yield instance
    with instance.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def world(app, make_process, make_user):
    """A published plan, and the counter row the migration creates (create_all does not)."""
    made = make_process()
    with app.app_context():
        db.session.execute(
            text("INSERT INTO content_state (id, generation) VALUES (1, 0), (2, 0)")
        )
        db.session.commit()
    return {**made, "author": make_user(display_name="Selin Kaya")}


def _comment(instance, author_id: int, body: str) -> None:
    from consult.accounts.models import User

    with instance.test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        version = db.session.scalar(
            select(Version).where(Version.process_id == process.id, Version.number == 2)
        )
        node = next(n for n in version.nodes if n.section.key == "g1")
        comment_services.post_comment(
            process=process, version=version, node=node, author=db.session.get(User, author_id),
            body=body, today=date.today(), language="de",
        )
        db.session.commit()


class Queries:
    def __init__(self, instance):
        with instance.app_context():
            self.engine = db.engine
        self.count = 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, conn, cursor, statement, *args):
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            self.count += 1


def test_a_second_anonymous_reader_gets_the_kept_page_with_one_query(cached_app, world):
    first = cached_app.test_client().get(SECTION + "?lang=en")
    assert first.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    with Queries(cached_app) as queries:
        second = cached_app.test_client().get(SECTION + "?lang=en")
    assert second.headers["X-Page-Cache"] == "hit"
    assert queries.count == 1  # the generation, nothing else
    strip = re.compile(rb'name="csrf_token" value="[^"]*"')
    assert strip.sub(b"", second.data) == strip.sub(b"", first.data)
    assert b"consult-csrf-token" not in second.data


def test_a_comment_written_elsewhere_shows_at_once(cache_config, cached_app, world):
    reader = cached_app.test_client()
    assert "Mehr Sprachkurse am Abend" not in reader.get(SECTION).get_data(as_text=True)
    assert reader.get(SECTION).headers["X-Page-Cache"] == "hit"
    # Another instance (its own process in production) writes: this one's copy is stale.
    other = create_app(cache_config)
    try:
        _comment(other, world["author"].id, "Mehr Sprachkurse am Abend, bitte.")
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
    page = reader.get(SECTION)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Mehr Sprachkurse am Abend" in page.get_data(as_text=True)


def test_a_comment_posted_through_the_site_shows_to_anonymous_readers(cached_app, world, sign_in):
    anonymous = cached_app.test_client()
    anonymous.get(SECTION)
    author = sign_in(cached_app.test_client(), world["author"])
    form = author.get(SECTION + "?lang=en")
    assert "X-Page-Cache" not in form.headers  # signed-in readers are never served a kept page
    response = author.post(
        f"{SECTION}/comments/new?lang=en", data={"body": "Ein Elterncafé in jeder Schule wäre gut."}
    )
    assert response.status_code in (200, 302, 303)
    page = anonymous.get(SECTION)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Ein Elterncafé in jeder Schule" in page.get_data(as_text=True)


def test_a_rolled_back_transaction_keeps_the_page(cached_app, world):
    reader = cached_app.test_client()
    reader.get(SECTION)
    with cached_app.app_context():
        db.session.execute(text("UPDATE processes SET slug = slug WHERE id = 0"))
        db.session.rollback()
    assert reader.get(SECTION).headers["X-Page-Cache"] == "hit"


def test_languages_are_kept_apart(cached_app, world):
    client = cached_app.test_client()
    english = client.get(SECTION + "?lang=en").get_data(as_text=True)
    german = client.get(SECTION).get_data(as_text=True)
    arabic = cached_app.test_client().get(SECTION, headers={"Accept-Language": "ar"})
    assert 'lang="en"' in english and 'lang="de"' in german
    assert 'dir="rtl"' in arabic.get_data(as_text=True)
    assert arabic.headers["X-Page-Cache"] == "miss"
    again = cached_app.test_client().get(SECTION, headers={"Accept-Language": "ar"})
    assert again.headers["X-Page-Cache"] == "hit"
    assert 'dir="rtl"' in again.get_data(as_text=True)


def test_each_visitor_gets_their_own_working_csrf_token(cache_config, world):
    instance = create_app({**cache_config, "WTF_CSRF_ENABLED": True, "TESTING": False})
    try:
        tokens = []
        for _ in range(2):
            visitor = instance.test_client()
            page = visitor.get(SECTION)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
            assert token
            tokens.append(token.group(1))
            switched = visitor.post(
                "/language", data={"csrf_token": token.group(1), "lang": "en", "next": SECTION}
            )
            assert switched.status_code == 302, switched.get_data(as_text=True)[:300]
            assert 'lang="en"' in visitor.get(SECTION).get_data(as_text=True)
        assert page.headers["X-Page-Cache"] == "hit"
        assert tokens[0] != tokens[1]
    finally:
        with instance.app_context():
            db.session.remove()
            db.engine.dispose()


def test_pending_messages_are_never_kept(cached_app, world):
    client = cached_app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Nur für diese Person")]
    page = client.get(SECTION)
    assert "Nur für diese Person" in page.get_data(as_text=True)
    assert "X-Page-Cache" not in page.headers
    other = cached_app.test_client().get(SECTION)
    assert "Nur für diese Person" not in other.get_data(as_text=True)


def test_old_pages_expire(cache_config, world):
    instance = create_app({**cache_config, "PAGE_CACHE_SECONDS": 0})
    try:
        client = instance.test_client()
        client.get(SECTION)
        assert client.get(SECTION).headers["X-Page-Cache"] == "miss"
    finally:
        with instance.app_context():
            db.session.remove()
            db.engine.dispose()


def test_without_the_counter_row_nothing_is_kept(cached_app, make_process):
    make_process()
    client = cached_app.test_client()
    client.get(SECTION)
    assert "X-Page-Cache" not in client.get(SECTION).headers


def test_api_answers_are_kept_and_still_conditional(cached_app, world):
    client = cached_app.test_client()
    first = client.get("/api/v1/processes/lip/versions")
    assert first.status_code == 200
    second = client.get("/api/v1/processes/lip/versions")
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in second.headers
    not_modified = client.get(
        "/api/v1/processes/lip/versions", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert not_modified.status_code == 304


def test_the_cache_holds_no_more_than_its_bytes():
    cache = PageCache(max_bytes=1000, max_age=60)
    for n in range(10):
        cache.put(("page", n), Entry(1, time.monotonic(), 200, (), b"x" * 200))
    assert len(cache) == 5
    assert cache.get(("page", 0), 1) is None
    assert cache.get(("page", 9), 1) is not None
    assert cache.get(("page", 9), 2) is None  # another generation
    cache.put(("big", 0), Entry(1, time.monotonic(), 200, (), b"x" * 600))
    assert cache.get(("big", 0), 1) is None  # larger than a quarter: not kept


def _generations(instance) -> dict[int, int]:
    with instance.app_context():
        return dict(db.session.execute(text("SELECT id, generation FROM content_state")).all())


def test_plan_results_outlive_comments_but_not_plan_changes(cached_app, world):
    """The statement form's list of sections is remembered across the comments and statements
    written meanwhile, and made again once a section's text changes."""
    from consult.pagecache import PLAN, remembered
    from consult.plans import services as plan_services

    calls = []

    def outline():
        with cached_app.test_request_context():
            return remembered("test.outline", ("lip",), lambda: calls.append(1) or len(calls),
                              scope=PLAN)

    assert outline() == 1
    before = _generations(cached_app)
    _comment(cached_app, world["author"].id, "Ein Kommentar ändert den Plan nicht.")
    after = _generations(cached_app)
    assert after[1] == before[1] + 1 and after[2] == before[2]
    assert outline() == 1  # remembered: only a comment was written
    with cached_app.test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip"))
        plan_services.set_process_text(
            process, "en", title="Local Integration Plan 2027", summary="A plan for everyone.",
            body="The **plan** is written together.", actor=None,
        )
        db.session.commit()
    changed = _generations(cached_app)
    assert changed[1] == after[1] + 1 and changed[2] == after[2] + 1
    assert outline() == 2  # made again after the plan changed


def test_the_statement_form_lists_sections_without_loading_the_plan_again(cached_app, world):
    client = cached_app.test_client()
    assert client.get("/p/lip/statements/new?lang=en").status_code == 200
    with Queries(cached_app) as warm:
        page = client.get("/p/lip/statements/new?lang=en")
    assert page.status_code == 200
    assert "Field of action 1" in page.get_data(as_text=True) or "Handlungsfeld 1" in page.get_data(as_text=True)
    with cached_app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get("/p/lip/statements/new?lang=en")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert not any("FROM section_texts" in sql for sql in seen), seen
    assert warm.count == len([s for s in seen if not s.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))])
