"""The open-data API under /api/v1: what each endpoint returns for a world with every kind of
suggestion, that nothing non-public can be reached by list, number, filter or search, that no
private string ever appears in any response, pagination with the Link header, ETags and 304,
400s for bad parameters, JSON 404/405, the open-data headers and the query budget."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from consult.accounts.models import Organisation, User
from consult.extensions import db
from consult.models import utcnow
from consult.participation.models import Contribution
from consult.plans import services as plan_services
from consult.plans.models import Process, Version
from consult.statements import services as statement_services
from consult.triage import services
from consult.triage.models import Suggestion
from tests.helpers_participation import add_comment
from tests.helpers_triage import bulk_suggestions, node, section, triage_world

API = "/api/v1"
PRIVATE = "private-name-XYZ"
EMAIL = "secret@example.org"
ADDRESS = "Secret Street 9 XYZ"
INTERNAL = "internal note XYZ"
RECOMMENDATION = "recommendation-XYZ"
UNPUBLISHED_REASON = "unpublished-reason-XYZ"
NO_CONSENT_TEXT = "no-consent-passage-XYZ"
UNDECIDED_TEXT = "undecided-text-XYZ"
GROUPED_HIDDEN_TEXT = "grouped-under-unpublished-XYZ"
DRAFT_TEXT = "draft-suggestion-XYZ"
DRAFT_SECTION_TEXT = "draft-section-text-XYZ"
HIDDEN_TITLE = "hidden-process-title-XYZ"
HIDDEN_TEXT = "hidden-process-suggestion-XYZ"
SECRETS = (
    PRIVATE, EMAIL, ADDRESS, INTERNAL, RECOMMENDATION, UNPUBLISHED_REASON, NO_CONSENT_TEXT,
    UNDECIDED_TEXT, GROUPED_HIDDEN_TEXT, DRAFT_TEXT, DRAFT_SECTION_TEXT, HIDDEN_TITLE,
    HIDDEN_TEXT, "ayse@example.org", "Ayşe", "Yılmaz", "Sachbearbeiterin Sommer", "Admin Adler",
    "Expertin Ece", "Bildung", "Steuerungsgruppe",
)
REASON_DE = "Dafür fehlen im Haushalt die Mittel."
REASON_EN = "There is no money for this in the budget."
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
CONSENT_TEXT = f"Mehr Sprachcafés in den Bibliotheken {XSS}"
COMMENT_TEXT = "Auch die Eltern sollen Deutsch lernen können."
PUBLIC_NUMBERS = [1, 4, 5, 8, 9]


# --------------------------------------------------------------------- the world


def _user(world, name: str) -> User:
    return db.session.get(User, world["users"][name].id)


def _version(process_id: int, number: int) -> Version:
    return db.session.scalar(
        select(Version).where(Version.process_id == process_id, Version.number == number)
    )


def _statement(process, staff, body: str, *, version: int | None, consent: bool,
               name: str = PRIVATE, organisation=None, channel: str = "letter"):
    return statement_services.record_statement(
        process, staff,
        statement_services.PaperStatement(
            channel=channel, received_on=date.today(), body=body, language="de",
            sections=[section(process.id, "g1")],
            version=_version(process.id, version) if version else None,
            name=name, email=EMAIL, address=ADDRESS,
            publish_text=consent, publish_name=consent, organisation=organisation,
            submitter_type="organisation" if organisation else "resident",
        ),
        [], today=date.today(),
    )


def _decide(suggestion, admin, *, outcome="noted", reason=REASON_DE, publish=True):
    services.decide(
        suggestion, actor=admin, outcome=outcome, public_reason=reason, internal_note=INTERNAL
    )
    if publish:
        services.publish(suggestion, actor=admin)


def build_world(app, make_process, make_user, make_organisation) -> dict:
    """Process "lip" (v1, v2 published, v3 draft) with suggestions:

    A-1 statement without consent, published, reason translated into English (and an
        internal note and a recommendation)
    A-2 decided, not published          A-3 undecided
    A-4 comment, accepted, published, changed g1 in v2
    A-5 comment grouped under A-4       A-6 grouped under the unpublished A-2
    A-7 on the draft v3, published      A-8 statement with consent (XSS in it), published
    A-9 an organisation's statement without consent, published

    and a non-public process "hidden" with a published suggestion."""
    world = triage_world(app, make_process, make_user)
    karla = make_user(display_name="Karla Kommentar")
    org = make_organisation(name="Verein Brücke")
    first_comment = add_comment(app, karla, COMMENT_TEXT, number=1)
    second_comment = add_comment(app, karla, "Elternkurse am Abend wären gut.", number=1)
    hidden = make_process(slug="hidden")
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        staff, admin = _user(world, "staff"), _user(world, "admin")
        one = services.split_whole(
            _statement(process, staff, f"{NO_CONSENT_TEXT} Mehr Sprachkurse.", version=2,
                       consent=False),
            actor=staff,
        )
        services.update_details(
            one, actor=staff, expected=one.lock_version, summary="Mehr Sprachkurse",
            sections=list(one.sections), language="de",
        )
        services.recommend(one, actor=staff, outcome="accepted", reasoning=RECOMMENDATION)
        _decide(one, admin, outcome="not_accepted")
        services.set_reason_translation(one, language="en", text=REASON_EN, actor=staff)
        two = services.split_whole(
            _statement(process, staff, "Entschieden, nicht veröffentlicht.", version=2,
                       consent=True),
            actor=staff,
        )
        _decide(two, admin, reason=UNPUBLISHED_REASON, publish=False)
        services.split_whole(
            _statement(process, staff, UNDECIDED_TEXT, version=2, consent=True), actor=staff
        )
        four = services.split_whole(db.session.get(Contribution, first_comment), actor=staff)
        _decide(four, admin, outcome="accepted", reason="")
        services.link_change(four, node(process.id, 2, "g1"), actor=staff)
        five = services.split_whole(db.session.get(Contribution, second_comment), actor=staff)
        services.group_under(five, four, actor=staff)
        six = services.split_whole(
            _statement(process, staff, GROUPED_HIDDEN_TEXT, version=2, consent=True),
            actor=staff,
        )
        services.group_under(six, two, actor=staff)
        seven = services.split_whole(
            _statement(process, staff, DRAFT_TEXT, version=3, consent=True), actor=staff
        )
        _decide(seven, admin)
        eight = services.split_whole(
            _statement(process, staff, CONSENT_TEXT, version=2, consent=True,
                       name="Petra Öffentlich", channel="email"),
            actor=staff,
        )
        _decide(eight, admin, outcome="partly_accepted", reason="Teilweise übernommen.")
        nine = services.split_whole(
            _statement(process, staff, "Mehr Beratung für Vereine.", version=2, consent=False,
                       organisation=db.session.get(Organisation, org.id)),
            actor=staff,
        )
        _decide(nine, admin)
        numbers = [s.number for s in (one, two, four, five, six, seven, eight, nine)]
        # A text only the draft has, and script in a public section title.
        plan_services.set_section_text(
            node(process.id, 3, "g1"), "de", title="Ziel 1.1", body=DRAFT_SECTION_TEXT
        )
        # (Published versions are frozen: the stored title is changed directly.)
        node(process.id, 2, "f2").text("en").title = f"Field 2 {XSS}"
        # A process the public cannot see, with a published suggestion.
        secret = db.session.get(Process, hidden["process_id"])
        plan_services.set_process_text(
            secret, "de", title=HIDDEN_TITLE, summary=HIDDEN_TITLE, body=HIDDEN_TITLE, actor=None
        )
        secret_one = services.split_whole(
            _statement(secret, staff, HIDDEN_TEXT, version=2, consent=True), actor=staff
        )
        _decide(secret_one, admin, reason=HIDDEN_TEXT)
        secret.is_public = False
        db.session.commit()
    assert numbers == [1, 2, 4, 5, 6, 7, 8, 9]
    return {**world, "hidden_id": hidden["process_id"], "org": org}


@pytest.fixture
def world(app, make_process, make_user, make_organisation):
    return build_world(app, make_process, make_user, make_organisation)


def get(client, path: str, status: int = 200, **kwargs):
    response = client.get(path if path.startswith(API) else API + path, **kwargs)
    assert response.status_code == status, (path, response.status_code, response.data[:300])
    return response


def local(url: str) -> str:
    """An absolute URL of the API as a path the test client can request."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --------------------------------------------------------------------- index, processes


def test_index_links_to_collections_and_document(client):
    data = get(client, "/").get_json()
    assert data == {
        "api_version": "1",
        "links": {
            "self": "http://localhost/api/v1/",
            "processes": "http://localhost/api/v1/processes",
            "openapi": "http://localhost/api/v1/openapi.json",
        },
    }
    document = get(client, "/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "/processes/{slug}/suggestions" in document["paths"]


def test_processes_lists_only_public_ones_with_texts_and_phases(client, world):
    data = get(client, "/processes").get_json()
    assert [p["slug"] for p in data["items"]] == ["lip"]
    assert data["total"] == 1 and data["pages"] == 1
    lip = data["items"][0]
    assert lip["original_language"] == "de"
    assert lip["languages"] == ["de", "en", "ar"]
    assert [t["language"] for t in lip["texts"]] == ["de", "en"]
    assert lip["texts"][1] == {
        "language": "en", "title": "Local Integration Plan", "summary": "A plan for everyone.",
        "body": "The **plan** is written together.",
    }
    assert lip["phases"][0]["name"] == {"de": "Kommentierung", "en": "Comments"}
    assert lip["phases"][0]["opens"] == ["comments", "statements"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", lip["phases"][0]["starts_on"])
    assert lip["links"]["html"] == "http://localhost/p/lip"
    assert get(client, "/processes/lip").get_json() == lip
    for path in ("/processes/hidden", "/processes/hidden/versions",
                 "/processes/hidden/versions/1", "/processes/hidden/versions/1/sections",
                 "/processes/hidden/versions/1/sections/g1", "/processes/hidden/suggestions",
                 "/processes/hidden/suggestions/1", "/processes/hidden/statistics"):
        error = get(client, path, 404).get_json()
        assert error["error"]["code"] == "not_found"


def test_versions_are_only_the_public_ones(client, world):
    data = get(client, "/processes/lip/versions").get_json()
    assert [v["number"] for v in data["items"]] == [1, 2]
    two = data["items"][1]
    assert two["label"] == {"de": "Diskussionsentwurf 2", "en": "Discussion draft 2"}
    assert two["status"] == "published"
    assert two["published_at"].endswith("Z")
    assert two["links"]["sections"] == "http://localhost/api/v1/processes/lip/versions/2/sections"
    assert get(client, "/processes/lip/versions/2").get_json() == two
    for path in ("/processes/lip/versions/3", "/processes/lip/versions/3/sections",
                 "/processes/lip/versions/3/sections/g1", "/processes/lip/versions/99"):
        get(client, path, 404)


def test_sections_in_document_order_with_every_text(client, world):
    data = get(client, "/processes/lip/versions/2/sections").get_json()
    assert [(s["key"], s["number"], s["parent"], s["depth"]) for s in data["items"]] == [
        ("f1", "1", None, 0), ("g1", "1.1", "f1", 1), ("f2", "2", None, 0), ("g2", "2.1", "f2", 1),
    ]
    g1 = data["items"][1]
    assert g1["kind"] == "goal"
    assert [t["language"] for t in g1["texts"]] == ["de", "ar"]
    german, arabic = g1["texts"]
    assert german["body"] == "Alle Kinder und Eltern lernen Deutsch."
    assert german["body_html"] == "<p>Alle Kinder und Eltern lernen Deutsch.</p>\n"
    assert german["origin"] == "original" and german["source_language"] is None
    # The German text changed in version 2 after the Arabic translation was made.
    assert arabic["origin"] == "human_translation" and arabic["source_language"] == "de"
    assert arabic["outdated"] is True
    f1 = data["items"][0]
    assert f1["texts"][1]["body_html"] == "<p>Text of field 1.</p>\n"
    assert f1["texts"][1]["outdated"] is False
    assert get(client, "/processes/lip/versions/2/sections/g1").get_json() == g1
    get(client, "/processes/lip/versions/2/sections/nope", 404)
    # The draft's text is not in any public version.
    for number in (1, 2):
        listed = get(client, f"/processes/lip/versions/{number}/sections")
        assert DRAFT_SECTION_TEXT not in listed.get_data(as_text=True)


def test_script_comes_back_as_an_inert_json_string(client, world):
    response = get(client, "/processes/lip/versions/2/sections/f2")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    english = next(t for t in response.get_json()["texts"] if t["language"] == "en")
    assert english["title"] == f"Field 2 {XSS}"
    eight = get(client, "/processes/lip/suggestions/8").get_json()
    assert eight["passage"] == CONSENT_TEXT


# --------------------------------------------------------------------- suggestions


def test_suggestions_list_only_published_answers_on_public_versions(client, world):
    data = get(client, "/processes/lip/suggestions?lang=en").get_json()
    assert [s["number"] for s in data["items"]] == PUBLIC_NUMBERS
    assert data["total"] == len(PUBLIC_NUMBERS)
    by_number = {s["number"]: s for s in data["items"]}

    one = by_number[1]
    assert one["label"] == "A-1" and one["version"] == 2
    assert one["passage"] is None and one["passage_withheld"] == "consent"
    assert one["summary"] == "Mehr Sprachkurse"
    assert one["submitter"] == "Resident" and one["submitter_type"] == "resident"
    assert one["channel"] == "letter" and one["kind"] == "statement"
    assert one["outcome"] == "not_accepted"
    assert one["reason"] == {"text": REASON_EN, "language": "en", "machine_translated": False}
    assert one["sections"] == [
        {"key": "g1", "number": "1.1", "title": "Ziel 1.1", "title_language": "de",
         "version": 2},
    ]
    assert one["grouped_under"] is None and one["changes"] == []
    assert one["url"] == "http://localhost/p/lip/suggestions/A-1"
    assert one["decided_at"].endswith("Z") and one["published_at"].endswith("Z")

    four, five = by_number[4], by_number[5]
    assert four["kind"] == "comment" and four["passage"] == COMMENT_TEXT
    assert four["reason"] is None and four["outcome"] == "accepted"
    assert four["changes"] == [{"version": 2, "section": "g1", "section_number": "1.1"}]
    assert five["grouped_under"] == "A-4" and five["outcome"] == "accepted"
    assert five["changes"] == four["changes"]

    eight = by_number[8]
    assert eight["passage"] == CONSENT_TEXT and eight["passage_withheld"] is None
    assert eight["submitter"] == "Petra Öffentlich" and eight["channel"] == "email"
    nine = by_number[9]
    assert nine["submitter"] == "Verein Brücke" and nine["submitter_type"] == "organisation"
    assert nine["passage"] is None

    # Without `lang`: the reason in the original, labels in the site's default language.
    german = get(client, "/processes/lip/suggestions/1").get_json()
    assert german["reason"] == {"text": REASON_DE, "language": "de", "machine_translated": False}
    assert german["submitter"] == "Einwohner*in"
    assert get(client, "/processes/lip/suggestions/1?lang=en").get_json() == one
    # A language without a translation falls back to the original.
    turkish = get(client, "/processes/lip/suggestions/1?lang=tr").get_json()
    assert turkish["reason"]["language"] == "de"


@pytest.mark.parametrize("number", [2, 3, 6, 7, 10, 999, 0, 2**31, 10**30])
def test_a_suggestion_that_is_not_public_is_not_found(client, world, number):
    error = get(client, f"/processes/lip/suggestions/{number}", 404).get_json()
    assert error == {"error": {"code": "not_found", "message": error["error"]["message"],
                               "parameter": None}}


@pytest.mark.parametrize("query", [
    "version=3",
    "q=unpublished",
    "q=undecided",
    "q=draft",
    "q=consent",  # the withheld passage of A-1 ("no-consent-passage-XYZ") is not searched
    "q=XYZ",
    "q=internal",
    "q=recommendation",
    "q=Geheim",
    "outcome=noted&version=3",
])
def test_filters_and_search_cannot_reach_what_is_not_public(client, world, query):
    data = get(client, f"/processes/lip/suggestions?{query}").get_json()
    assert data["items"] == [] and data["total"] == 0


def test_filters_narrow_the_list(client, world):
    def numbers(query: str) -> list[int]:
        return [s["number"] for s in get(client, f"/processes/lip/suggestions?{query}")
                .get_json()["items"]]

    assert numbers("outcome=accepted") == [4, 5]
    assert numbers("channel=email") == [8]
    assert numbers("submitter_type=organisation") == [9]
    assert numbers("version=2") == [1, 8, 9]
    assert numbers("version=1") == [4, 5]
    assert numbers("section=f1") == PUBLIC_NUMBERS  # g1 lies below f1
    assert numbers("section=f2") == []
    assert numbers("language=de") == PUBLIC_NUMBERS
    assert numbers("q=Sprachcafés") == [8]
    assert numbers("q=Haushalt") == [1, 9]  # in the reason
    assert numbers("sort=number&dir=desc") == list(reversed(PUBLIC_NUMBERS))
    # In the order of the outcomes: accepted, partly accepted, not accepted, noted.
    assert numbers("sort=outcome") == [4, 5, 8, 1, 9]


def test_no_private_string_appears_anywhere(app, client, world, sign_in):
    """Walk every endpoint, every page and every item (also signed in as staff, who may
    preview drafts on the HTML pages but get only public data here)."""
    staff_client = sign_in(app.test_client(), world["users"]["staff"])
    for reader in (client, staff_client):
        seen: set[str] = set()
        bodies = []
        queue = [
            f"{API}/", f"{API}/openapi.json", f"{API}/processes?per_page=1",
            f"{API}/processes/hidden", f"{API}/processes/hidden/suggestions",
            f"{API}/processes/hidden/statistics", f"{API}/processes/lip/versions/3/sections",
        ]
        for query in ("", "lang=en", "lang=tr", "lang=ar", "version=3", "q=XYZ",
                      "sort=decided&dir=desc", "per_page=1"):
            queue.append(f"{API}/processes/lip/suggestions?{query}")
            queue.append(f"{API}/processes/lip/statistics?{query}")
        queue += [f"{API}/processes/lip/suggestions/{n}" for n in range(0, 12)]
        queue += [f"{API}/processes/lip/versions/{n}/sections?per_page=1" for n in (1, 2, 3)]
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            response = reader.get(path)
            assert response.status_code in (200, 404), (path, response.status_code)
            body = response.get_data(as_text=True)
            bodies.append(body)
            if response.status_code == 200 and not path.endswith("openapi.json"):
                for url in re.findall(r'"(http://localhost/api/v1/[^"]*)"', body):
                    queue.append(local(url))
        assert len(seen) > 60
        everything = "\n".join(bodies)
        for secret in SECRETS:
            assert secret not in everything, secret
        assert "Petra Öffentlich" in everything  # the walk did reach the data


def test_statistics_follow_the_contract(client, world):
    data = get(client, "/processes/lip/statistics?lang=en").get_json()
    assert data["process"] == "lip"
    assert set(data) == {"process", "computed_at", "contributions", "suggestions"}
    suggestions = data["suggestions"]
    # Public versions only: everything but A-7 (on the draft).
    assert suggestions["total"] == 8
    assert suggestions["answered"] == len(PUBLIC_NUMBERS)
    assert suggestions["by_outcome"] == {
        "accepted": 2, "noted": 1, "not_accepted": 1, "partly_accepted": 1,
    }
    assert suggestions["changed_text"] == 2
    assert [s["key"] for s in suggestions["by_section"]] == ["f1", "f2"]
    assert suggestions["by_section"][0]["title"] == "Field of action 1"
    assert get(client, "/processes/hidden/statistics", 404).get_json()["error"]["code"] == (
        "not_found"
    )


# --------------------------------------------------------------------- pages, caching


def test_pagination_with_links_and_link_header(client, world):
    first = get(client, "/processes/lip/suggestions?per_page=2&outcome=accepted&lang=en")
    data = first.get_json()
    assert (data["page"], data["per_page"], data["total"], data["pages"]) == (1, 2, 2, 1)
    assert data["links"]["next"] is None and data["links"]["prev"] is None

    response = get(client, "/processes/lip/suggestions?per_page=2&lang=en")
    data = response.get_json()
    assert (data["page"], data["per_page"], data["total"], data["pages"]) == (1, 2, 5, 3)
    base = "http://localhost/api/v1/processes/lip/suggestions?lang=en"
    assert data["links"] == {
        "self": f"{base}&page=1&per_page=2",
        "next": f"{base}&page=2&per_page=2",
        "prev": None,
    }
    assert response.headers["Link"] == (
        f'<{base}&page=2&per_page=2>; rel="next", '
        f'<{base}&page=1&per_page=2>; rel="first", '
        f'<{base}&page=3&per_page=2>; rel="last"'
    )
    numbers = [s["number"] for s in data["items"]]
    while data["links"]["next"]:
        response = get(client, local(data["links"]["next"]))
        data = response.get_json()
        numbers += [s["number"] for s in data["items"]]
    assert numbers == PUBLIC_NUMBERS
    assert data["page"] == 3 and data["links"]["prev"] == f"{base}&page=2&per_page=2"
    assert 'rel="prev"' in response.headers["Link"]
    assert 'rel="next"' not in response.headers["Link"]
    # Filters are kept in the links; past the last page the list is empty.
    filtered = get(client, "/processes/lip/suggestions?outcome=accepted&per_page=1").get_json()
    assert "outcome=accepted" in filtered["links"]["next"]
    beyond = get(client, "/processes/lip/suggestions?page=9").get_json()
    assert beyond["items"] == [] and beyond["total"] == 5 and beyond["pages"] == 1
    sections = get(client, "/processes/lip/versions/2/sections?per_page=3").get_json()
    assert [s["key"] for s in sections["items"]] == ["f1", "g1", "f2"]
    assert sections["pages"] == 2


def test_etag_and_304(app, client, world):
    response = get(client, "/processes/lip/suggestions")
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(f"{API}/processes/lip/suggestions", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get(f"{API}/processes/lip/suggestions",
                      headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(f"{API}/processes/lip/suggestions",
                      headers={"If-None-Match": f'W/{etag}'}).status_code == 304
    # Another body, another ETag: publishing A-2 changes the list.
    with app.test_request_context():
        two = db.session.scalar(select(Suggestion).where(Suggestion.number == 2))
        services.publish(two, actor=db.session.get(User, world["users"]["admin"].id))
        db.session.commit()
    changed = client.get(f"{API}/processes/lip/suggestions", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert 2 in [s["number"] for s in changed.get_json()["items"]]


# --------------------------------------------------------------------- errors, headers


@pytest.mark.parametrize("query, parameter", [
    ("page=0", "page"), ("page=-1", "page"), ("page=abc", "page"), ("page=1.5", "page"),
    ("page=100001", "page"), ("page=1&page=2", "page"), ("page=%D9%A1", "page"),
    ("per_page=0", "per_page"), ("per_page=101", "per_page"), ("per_page=", "per_page"),
    ("outcome=bogus", "outcome"), ("outcome=", "outcome"), ("channel=<script>", "channel"),
    ("submitter_type=admin", "submitter_type"), ("sort=email", "sort"), ("dir=up", "dir"),
    ("version=abc", "version"), ("version=0", "version"), ("section=<b>x</b>", "section"),
    ("section=g1%0A", "section"), ("language=EN", "language"), ("q=" + "x" * 201, "q"),
    ("lang=<script>alert(1)</script>", "lang"),
])
def test_bad_parameters_are_a_400(client, world, query, parameter):
    response = get(client, f"/processes/lip/suggestions?{query}", 400)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and error["parameter"] == parameter
    assert error["message"]
    assert "<" not in response.get_data(as_text=True)


def test_bad_parameters_on_other_lists(client, world):
    for path in ("/processes", "/processes/lip/versions", "/processes/lip/versions/2/sections"):
        assert get(client, f"{path}?per_page=1000", 400).get_json()["error"]["parameter"] == (
            "per_page"
        )
    get(client, "/processes/lip?lang=x", 400)


@pytest.mark.parametrize("path", [
    "/nope", "/processes/lip/nope", "/processes/%3Cscript%3E", "/processes/lip/versions/abc",
    "/processes/lip/versions/99999999999999999999", "/processes/lip/versions/2/sections/a%0A",
    "/processes/lip/suggestions/-1", "/processes/lip/suggestions/A-1", "/processes/",
    "/processes/" + "x" * 81,
])
def test_unknown_paths_are_a_json_404(client, world, path):
    response = get(client, path, 404)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.get_json()["error"]["code"] == "not_found"
    assert "script" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_other_methods_are_a_json_405(client, csrf_client, world, method):
    for reader in (client, csrf_client):
        for path in ("/", "/processes", "/processes/lip/suggestions/1", "/processes/nope"):
            response = reader.open(API + path, method=method)
            assert response.status_code == 405, (path, method)
            assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
            assert response.get_json()["error"]["code"] == "method_not_allowed"
        assert reader.open(f"{API}/nothing/here", method=method).status_code == 404


def test_open_data_headers_and_no_session(app, world):
    client = app.test_client()
    for path in ("/", "/processes", "/processes/lip/suggestions", "/processes/lip/statistics",
                 "/nope", "/processes/lip/suggestions?page=0"):
        response = client.get(API + path)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert "Set-Cookie" not in response.headers, path
    preflight = client.options(f"{API}/processes", headers={
        "Origin": "https://example.net", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match",
    })
    assert preflight.status_code == 200
    assert preflight.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert client.head(f"{API}/processes/lip").status_code == 200
    assert client.get_cookie("session") is None


def test_signed_in_staff_get_the_public_data_only(app, client, world, sign_in):
    staff = sign_in(app.test_client(), world["users"]["staff"])
    for path in ("/processes/lip/suggestions?lang=en", "/processes/lip/versions",
                 "/processes/lip/versions/2/sections"):
        assert staff.get(API + path).get_json() == client.get(API + path).get_json()
    for path in ("/processes/hidden", "/processes/lip/versions/3", "/processes/lip/suggestions/2"):
        assert staff.get(API + path).status_code == 404
    assert staff.get(f"{API}/processes").headers["Cache-Control"] == "no-store"


# --------------------------------------------------------------------- query budget


def _published_bulk(app, world, count: int, start: int) -> None:
    """`count` more suggestions on version 2, a third of them decided and published."""
    with app.test_request_context():
        process_id = world["process_id"]
        bulk_suggestions(
            process_id, count, version_id=_version(process_id, 2).id, start_number=start,
            decided_by_id=world["users"]["admin"].id,
        )
        db.session.execute(
            update(Suggestion)
            .where(Suggestion.process_id == process_id, Suggestion.outcome.is_not(None),
                   Suggestion.published_at.is_(None), Suggestion.number >= 100)
            .values(published_at=utcnow())
        )
        db.session.commit()


BUDGET_PATHS = (
    "/processes/lip/suggestions",
    "/processes/lip/suggestions?per_page=100&lang=en&sort=section",
    "/processes/lip/suggestions?outcome=noted&q=kita&per_page=100",
    "/processes/lip/suggestions/100",
    "/processes/lip/statistics",
    "/processes",
    "/processes/lip/versions",
    "/processes/lip/versions/2/sections",
)


def _costs(client, count_queries) -> dict[str, int]:
    costs = {}
    for path in BUDGET_PATHS:
        with count_queries() as counter:
            response = client.get(API + path)
        assert response.status_code == 200, path
        costs[path] = counter.count
    return costs


def test_query_budget_does_not_grow_with_the_rows(app, client, world, count_queries):
    _published_bulk(app, world, 30, start=100)
    small = _costs(client, count_queries)
    _published_bulk(app, world, 2970, start=130)
    large = _costs(client, count_queries)
    assert small == large
    assert max(large.values()) <= 14, large
    listed = client.get(f"{API}/processes/lip/suggestions?per_page=100").get_json()
    assert listed["total"] == 5 + 1000 and len(listed["items"]) == 100
