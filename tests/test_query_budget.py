"""Query budgets: a page's number of SQL queries does not grow with the size of the plan."""

from __future__ import annotations

import pytest


def _queries_for(client, count_queries, path: str) -> int:
    client.get(path)  # warm-up (first request compiles templates)
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize(
    "page",
    ["section", "contents", "print", "process", "history"],
)
def test_public_pages_do_not_grow_with_sections(client, make_process, count_queries, page):
    paths = {
        "section": "/p/{slug}/v/2/s/g1",
        "contents": "/p/{slug}/v/2",
        "print": "/p/{slug}/v/2/print",
        "process": "/p/{slug}",
        "history": "/p/{slug}/s/g1/history",
    }
    make_process(slug="small", sections=2)
    small = _queries_for(client, count_queries, paths[page].format(slug="small"))
    make_process(slug="large", sections=30)
    large = _queries_for(client, count_queries, paths[page].format(slug="large"))
    assert large == small, f"{page}: {small} queries with 4 sections, {large} with 60"
    assert small <= 15
