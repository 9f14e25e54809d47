"""Query budgets: a page's number of SQL queries does not grow with the size of the plan,
nor with the number of comments on it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from consult.accounts.models import Organisation, User
from consult.comments import services as comment_services
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process, Section, SectionVersion, Version

# The most queries a public page may need. The section page adds one grouped count for its
# comment thread (and, once there are comments, one query for a page of them and one for
# all their replies).
CAPS = {"section": 18}  # with the published outcomes on the section


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
    assert small <= CAPS.get(page, 15)


def _post(app, author_id: int, *, slug: str, key: str, parent_id: int | None = None,
          organisation_id: int | None = None) -> int:
    with app.test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == slug))
        version = db.session.scalar(
            select(Version).where(Version.process_id == process.id, Version.number == 2)
        )
        node = db.session.scalar(
            select(SectionVersion).join(Section).where(
                SectionVersion.version_id == version.id, Section.key == key
            )
        )
        comment, _created = comment_services.post_comment(
            process=process, version=version, node=node, author=db.session.get(User, author_id),
            body=f"Kommentar zu {key}", today=date.today(),
            parent=db.session.get(Contribution, parent_id) if parent_id else None,
            organisation=db.session.get(Organisation, organisation_id) if organisation_id else None,
        )
        db.session.commit()
        return comment.id


def _threads(app, authors, org_id, *, slug: str, keys, count: int) -> None:
    """`count` comments per key: top-level ones, each with a reply and a reply to the reply,
    alternating authors; the first author (a member) writes in the organisation's name."""
    for key in keys:
        made = 0
        while made < count:
            author = authors[made % len(authors)]
            root = _post(app, author.id, slug=slug, key=key,
                         organisation_id=org_id if author is authors[0] else None)
            reply = _post(app, authors[(made + 1) % len(authors)].id, slug=slug, key=key,
                          parent_id=root)
            _post(app, author.id, slug=slug, key=key, parent_id=reply)
            made += 3


@pytest.mark.parametrize("reader", ["anonymous", "resident", "organisation_member"])
def test_section_page_does_not_grow_with_comments(
    app, make_process, make_user, make_organisation, count_queries, reader
):
    authors = [make_user(display_name=f"Person {n}") for n in range(4)]
    org = make_organisation(members=authors[:2])
    readers = {"anonymous": None, "resident": authors[3], "organisation_member": authors[0]}
    client = app.test_client()
    if readers[reader] is not None:
        with client.session_transaction() as session:
            session["_user_id"] = readers[reader].get_id()
    make_process(slug="few")
    make_process(slug="many")
    _threads(app, authors, org.id, slug="few", keys=["g1"], count=3)
    _threads(app, authors, org.id, slug="many", keys=["g1"], count=60)
    with app.app_context():
        assert db.session.scalar(
            select(db.func.count(Contribution.id)).where(Contribution.depth == 2)
        ) == 21
    few = _queries_for(client, count_queries, "/p/few/v/2/s/g1")
    many = _queries_for(client, count_queries, "/p/many/v/2/s/g1")
    assert many == few, f"{few} queries with 3 comments, {many} with 60"
    oldest = _queries_for(client, count_queries, "/p/many/v/2/s/g1?order=oldest&comments_page=2")
    assert oldest == few
    # + a page of comments, their replies, the reader's organisations and triage groups
    assert few <= CAPS["section"] + 5


def test_table_of_contents_does_not_grow_with_comments(
    app, make_process, make_user, make_organisation, count_queries
):
    authors = [make_user(display_name=f"Person {n}") for n in range(3)]
    org = make_organisation(members=authors[:1])
    client = app.test_client()
    make_process(slug="few")
    make_process(slug="many")
    _threads(app, authors, org.id, slug="few", keys=["g1"], count=3)
    _threads(app, authors, org.id, slug="many", keys=["g1", "f1", "f2", "g2"], count=15)
    few = _queries_for(client, count_queries, "/p/few/v/2")
    many = _queries_for(client, count_queries, "/p/many/v/2")
    assert many == few
    assert few <= 15
    page = client.get("/p/many/v/2?lang=en").get_data(as_text=True)
    assert page.count("15 comments") == 4
