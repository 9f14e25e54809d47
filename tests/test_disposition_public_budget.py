"""The public disposition table and "what we heard and what we did" with thousands of
published suggestions: a page costs the same number of queries whatever the number of rows,
and paging walks them."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from consult.extensions import db
from consult.models import utcnow
from consult.triage import services
from consult.triage.models import (
    ReasonTranslation,
    ResultingChange,
    Suggestion,
    suggestion_sections,
)
from tests.helpers_triage import section, triage_world
from tests.test_disposition_public import _get, _hrefs, _rows, _version


@pytest.fixture
def world(app, make_process, make_user):
    return triage_world(app, make_process, make_user)


# --------------------------------------------------------------------- many suggestions


def _many_published(world, count: int, *, start: int) -> None:
    """`count` published suggestions (core inserts) on g1 of version 1 or 2 in turn: every
    fifth grouped under the first, every third with a change of g1 in version 2 and an
    English reason translation."""
    process_id = world["process_id"]
    versions = [_version(world, 1).id, _version(world, 2).id]
    g1 = section(process_id, "g1")
    admin_id = world["users"]["admin"].id
    now = utcnow()
    rows = [
        {
            "process_id": process_id, "number": start + i, "contribution_id": world["statement_id"],
            "version_id": versions[i % 2], "passage": f"Passage {start + i}",
            "summary": f"Kurz {start + i}", "language": ("de", "tr", "ar", "en")[i % 4],
            "outcome": ("accepted", "noted", "not_accepted")[i % 3],
            "public_reason": f"Grund {start + i}",
            "decided_by_id": admin_id, "decided_at": now, "published_at": now,
            "lock_version": 1, "created_at": now, "updated_at": now,
        }
        for i in range(count)
    ]
    ids = []
    for chunk in range(0, len(rows), 1000):
        ids += list(db.session.scalars(insert(Suggestion).returning(Suggestion.id),
                                       rows[chunk:chunk + 1000]))
    db.session.execute(
        insert(suggestion_sections), [{"suggestion_id": i, "section_id": g1.id} for i in ids]
    )
    grouped = ids[5::5]
    if grouped:
        db.session.execute(
            Suggestion.__table__.update()
            .where(Suggestion.id.in_(grouped))
            .values(representative_id=ids[0], outcome=None, public_reason=None,
                    decided_by_id=None, decided_at=None, published_at=None)
        )
    db.session.execute(
        insert(ResultingChange),
        [{"suggestion_id": i, "section_id": g1.id, "version_id": versions[1],
          "created_at": now, "updated_at": now} for i in ids[::3]],
    )
    reasons = {i: f"Grund {start + n}" for n, i in enumerate(ids)}
    db.session.execute(
        insert(ReasonTranslation),
        [{"suggestion_id": i, "language": "en", "text": f"Reason {i}",
          "origin": "human_translation", "created_at": now, "updated_at": now,
          "source_fingerprint": services.reason_fingerprint(reasons[i])}
         for i in ids[::3] if i not in set(grouped)],
    )
    db.session.commit()


def _count(client, count_queries, path: str) -> int:
    assert client.get(path).status_code == 200  # warm-up
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


BUDGET_PATHS = (
    "/p/lip/disposition?lang=en",
    "/p/lip/disposition?lang=en&per_page=100&sort=section&dir=desc",
    "/p/lip/disposition?lang=en&version=2&section=f1&outcome=accepted&q=Kurz&per_page=25",
    "/p/lip/v/1/s/g1/suggestions?lang=en",
    "/p/lip/v/2/s/g1/suggestions?lang=ar",
)


def test_query_budget_does_not_grow_with_the_rows(app, client, world, count_queries):
    with app.test_request_context():
        _many_published(world, 30, start=1)
    few = [_count(client, count_queries, path) for path in BUDGET_PATHS]
    with app.test_request_context():
        _many_published(world, 2970, start=31)
    many = [_count(client, count_queries, path) for path in BUDGET_PATHS]
    assert many == few, f"{few} queries with 30 suggestions, {many} with 3000"
    assert max(many[:3]) <= 16, many
    assert max(many[3:]) <= 16, many
    html = _get(client, BUDGET_PATHS[1])
    assert len(_rows(html)) == 100
    assert "3,000 suggestions" in html or "3000 suggestions" in html
    heard = _get(client, BUDGET_PATHS[3])
    assert heard.count('class="outcome-item"') == 20
    assert "<ins>" in heard or "<del>" in heard or "No changes." in heard


def test_paging(app, client, world):
    with app.test_request_context():
        _many_published(world, 60, start=1)
    first = _get(client, "/p/lip/disposition?per_page=25&lang=en")
    assert _rows(first) == list(range(1, 26))
    assert "60 suggestions" in first
    assert "/p/lip/disposition?page=2&per_page=25&lang=en" in _hrefs(first)
    third = _get(client, "/p/lip/disposition?per_page=25&page=3")
    assert _rows(third) == list(range(51, 61))
    assert len(_rows(_get(client, "/p/lip/disposition"))) == 50
    assert len(_rows(_get(client, "/p/lip/disposition?per_page=100"))) == 60
