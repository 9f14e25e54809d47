"""Query budgets for every page and API endpoint: the number of SQL queries of a GET request
does not grow with the number of sections, versions, comments, statements, suggestions,
forum cards, amendments, reports or accounts, and stays within the budget pinned in BUDGETS.

Every GET endpoint of the app is requested, as someone who may see it, in a small world and in
one at least three times larger (tests/helpers_budget_world.py and
tests/helpers_budget_council.py), once to warm up and once counted. Both worlds are built
and measured once for the module; one test per endpoint then checks its measurements, so a
failure names the endpoint. A new GET route without a budget fails
`test_every_get_endpoint_has_a_budget`. Run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from flask import url_for
from sqlalchemy import event

from consult.accountability import statistics
from consult.extensions import db, limiter
from tests.conftest import _clean
from tests.helpers_budget_world import World, build_world
from tests.test_role_matrix import ACCESS

SMALL, LARGE = 1, 4

# The most queries each endpoint may make (the largest of its variants), as measured on
# SQLite and PostgreSQL (the same counts on both). Raise one only with a reason; a count that
# grows with the data is a defect of the page, not of its budget. Pages marked N+1 make one
# query per row today: their budget is their count in the small world, and their test fails
# until the page loads its rows at once.
BUDGETS: dict[str, int] = {
    "accounts.check_email": 0,
    "accounts.confirm_email": 3,
    "accounts.forgot_password": 0,
    "accounts.login": 0,
    "accounts.new_organisation": 2,
    "accounts.organisation_members": 10,  # N+1 (small world): a user query per member
    "accounts.profile": 5,  # N+1 (small world): an organisation query per membership
    "accounts.register": 0,
    "accounts.resend_confirmation": 0,
    "accounts.reset_password": 1,
    "amendments.list_amendments": 9,
    "amendments.section_amendments": 8,
    "amendments.show_amendment": 8,
    "amendments.version_changes": 10,
    "api.index": 0,
    "api.list_processes": 4,
    "api.list_sections": 6,
    "api.list_suggestions": 12,
    "api.list_versions": 5,
    "api.openapi_document": 0,
    "api.show_process": 3,
    "api.show_section": 6,
    "api.show_statistics": 8,
    "api.show_suggestion": 14,
    "api.show_version": 4,
    "api.unknown": 0,
    "comments.edit_comment": 9,
    "comments.new_comment": 9,
    "comments.reply_comment": 10,
    "comments.report_comment": 9,
    "comments.show_comment": 10,
    "disposition.table": 16,
    "exports.disposition": 14,
    "forum.feedback_form": 9,
    "forum.feedback_thanks": 7,
    "manage.add_section": 8,
    "manage.audit_log": 5,
    "manage.coverage": 8,
    "manage.create_phase": 5,
    "manage.create_process": 1,
    "manage.create_version": 5,
    "manage.delete_phase": 5,
    "manage.edit_phase": 5,
    "manage.edit_process": 5,
    "manage.edit_process_text": 5,
    "manage.edit_section": 8,
    "manage.edit_tree": 8,
    "manage.edit_version": 6,
    "manage.import_preview": 9,
    "manage.import_version": 5,
    "manage.index": 4,
    "manage.move_section": 10,
    "manage.publish_version": 8,
    "manage.remove_section": 10,
    "manage.show_process": 5,
    "manage.show_version": 9,
    "manage_accounts.edit_organisation": 9,  # N+1 (small world): a user query per member
    "manage_accounts.edit_user": 5,  # N+1 (small world): an organisation query per membership
    "manage_accounts.list_organisations": 5,  # N+1 (small world): a membership query per organisation
    "manage_accounts.list_users": 3,
    "manage_accounts.new_organisation": 1,
    "manage_adoption.preview": 12,
    "manage_amendments.delete_amendment": 8,
    "manage_amendments.delete_point": 8,
    "manage_amendments.delete_vote": 8,
    "manage_amendments.edit_amendment": 9,
    "manage_amendments.edit_point": 10,
    "manage_amendments.edit_vote": 10,
    "manage_amendments.list_amendments": 7,
    "manage_amendments.new_amendment": 6,
    "manage_amendments.new_point": 10,
    "manage_amendments.record_votes": 12,
    "manage_amendments.show_amendment": 11,
    "manage_bodies.internal_comments": 10,
    "manage_bodies.new_recommendations": 6,
    "manage_bodies.version_sharing": 10,
    "manage_comments.list_process_comments": 12,
    "manage_comments.list_reports": 5,
    "manage_comments.show_comment": 6,
    "manage_exports.contributions": 13,
    "manage_exports.disposition": 21,
    "manage_exports.overview": 12,
    "manage_exports.suggestions": 15,
    "manage_forum.capture_batch": 11,
    "manage_forum.capture_card": 11,
    "manage_forum.create_event": 5,
    "manage_forum.create_table": 10,
    "manage_forum.csv_preview": 10,
    "manage_forum.delete_card": 12,
    "manage_forum.delete_event": 9,
    "manage_forum.delete_table": 9,
    "manage_forum.edit_event": 8,
    "manage_forum.edit_table": 10,
    "manage_forum.event_qr": 8,
    "manage_forum.list_cards": 14,
    "manage_forum.list_events": 8,
    "manage_forum.print_sheet": 8,
    "manage_forum.show_event": 9,
    "manage_forum.table_qr": 8,
    "manage_forum.upload_csv": 11,
    "manage_notices.list_notices": 11,
    "manage_reports.delete_milestone": 6,
    "manage_reports.delete_report": 7,
    "manage_reports.edit_milestone": 8,
    "manage_reports.edit_report": 9,
    "manage_reports.list_milestones": 6,
    "manage_reports.list_reports": 8,
    "manage_reports.new_milestone": 7,
    "manage_reports.new_report": 7,
    "manage_statements.download_attachment": 10,
    "manage_statements.list_statements": 13,
    "manage_statements.record_statement": 8,
    "manage_statements.show_statement": 15,
    "manage_triage.edit_group": 12,
    "manage_triage.edit_reply": 6,
    "manage_triage.list_groups": 11,
    "manage_triage.list_replies": 6,
    "manage_triage.new_group": 8,
    "manage_triage.new_reply": 5,
    "manage_triage.overview": 8,
    "manage_triage.publish_decisions": 9,
    "notices.opt_out": 2,
    "organisations.show_organisation": 1,
    "outcomes.section_suggestions": 10,
    "outcomes.show_suggestion": 14,
    "pages.accessibility": 0,
    "pages.easy_language": 0,
    "pages.health": 0,
    "pages.index": 7,  # N+1 (small world): texts and phases queried per process
    "pages.privacy": 0,
    "plans.goto_version": 4,
    "plans.print_version": 9,
    "plans.section_history": 9,
    "plans.show_process": 10,
    "plans.show_section": 23,
    "plans.show_version": 11,
    "plans.switch_version": 4,
    "reports.feed": 5,
    "reports.list_reports": 7,
    "reports.show_report": 5,
    "reports.timeline": 7,
    "statements.confirm": 6,
    "statements.download_attachment": 3,
    "statements.my_statements": 18,
    "statements.new_statement": 6,
    "statements.track": 19,
    "statements.track_attachment": 2,
    "static": 0,
    "statistics.overview": 7,
    "triage.contributions": 12,  # N+1 (small world): a group query per body whose contributions are listed
    "triage.index": 6,
    "triage.log": 15,
    "triage.queue": 27,
    "triage.show_suggestion": 28,
    "triage.split_contribution": 18,
}


@dataclass(frozen=True)
class Variant:
    """One request of an endpoint: a query string, the reader (None: the endpoint's usual
    reader), URL arguments that differ from the world's ("@draft": that version's number),
    and whether in-process caches are emptied before the counted request (to count the real
    computation)."""

    query: str = ""
    reader: str | None = None
    args: tuple[tuple[str, str], ...] = ()
    cold: bool = False

    @property
    def label(self) -> str:
        parts = [f"{k}={v}" for k, v in self.args] + ([self.query] if self.query else [])
        parts += [f"as {self.reader}"] if self.reader else []
        parts += ["cold"] if self.cold else []
        return " ".join(parts) or "default"


def _formats(*formats: str) -> list[Variant]:
    return [Variant(args=(("fmt", f),)) for f in formats]


SIGNED_IN = [Variant(reader="resident"), Variant(reader="admin")]
# The internal administrative draft, as staff and as a member of a body it is shared with.
INTERNAL = [
    Variant(reader="admin", args=(("number", "@draft"),)),
    Variant(reader="council_member", args=(("number", "@draft"),)),
]
VARIANTS: dict[str, list[Variant]] = {
    "plans.show_process": [Variant(), Variant("?lang=en"), *SIGNED_IN],
    "plans.show_version": [Variant(), Variant("?lang=ar"), *SIGNED_IN, *INTERNAL],
    "plans.show_section": [
        Variant(), Variant("?lang=en"), Variant("?lang=ar"),
        Variant("?order=oldest&comments_page=2"), *SIGNED_IN, Variant(reader="manager"),
        Variant(args=(("number", "@adopted"),)), *INTERNAL,
    ],
    "plans.print_version": [Variant(), Variant("?lang=en"), INTERNAL[0]],
    "plans.section_history": [Variant(), Variant(reader="admin")],
    "comments.show_comment": [Variant(), *SIGNED_IN],
    "disposition.table": [
        Variant(), Variant("?lang=en&per_page=100&sort=section&dir=desc"),
        Variant("?lang=en&section=f1&outcome=accepted&q=Sprachkurse"),
    ],
    "outcomes.show_suggestion": [Variant(), Variant("?lang=en"), Variant(reader="admin")],
    "outcomes.section_suggestions": [Variant(), Variant("?lang=en")],
    "statistics.overview": [Variant(), Variant(cold=True), Variant("?lang=en", cold=True)],
    "api.show_statistics": [Variant(), Variant(cold=True)],
    "api.list_suggestions": [Variant(), Variant("?per_page=100&lang=en")],
    "api.list_sections": [Variant(), Variant("?lang=en")],
    "exports.disposition": _formats("csv", "xlsx", "pdf", "docx"),
    "manage_exports.disposition": _formats("csv", "xlsx", "pdf", "docx"),
    "manage_exports.contributions": _formats("csv", "xlsx"),
    "manage_exports.suggestions": _formats("csv", "xlsx"),
    "triage.queue": [
        Variant(), Variant("?status=decided&per_page=100"), Variant("?q=Sprachkurse"),
        Variant(reader="expert"),
    ],
    "triage.index": [Variant(), Variant(reader="expert")],
    # The first page holds the bodies' contributions in the small world only; filtered to
    # the committees' it holds one per committee in both.
    "triage.contributions": [Variant(), Variant("?channel=committee"), Variant("?kind=statement")],
    "triage.show_suggestion": [Variant(), Variant(reader="expert")],
    "reports.timeline": [Variant(), Variant("?lang=en")],
}

# Endpoints whose usual reader is not the one ACCESS implies.
READERS: dict[str, str] = {
    "comments.new_comment": "resident",
    "comments.reply_comment": "resident",
    "comments.report_comment": "resident",
    "statements.download_attachment": "resident",  # the author
    "statements.my_statements": "resident",
    "triage.index": "admin",
}

# Which version a URL's `number` names: the published one (comments, decisions, amendments)
# unless listed here.
VERSION_OF: dict[str, str] = {
    "amendments.version_changes": "adopted",
    "manage_triage.publish_decisions": "published",
}
STAFF_VERSION_PREFIXES = ("manage.", "manage_bodies.", "manage_adoption.")

# URL arguments that differ from the world's usual ones.
ARGS: dict[str, dict[str, str]] = {
    "manage_comments.show_comment": {"comment_id": "reported_comment_id"},
}

TOKENS: dict[str, str] = {
    "accounts.confirm_email": "confirm_email_token",
    "accounts.reset_password": "reset_token",
    "manage.import_preview": "import_token",
    "manage_forum.csv_preview": "csv_token",
    "statements.track": "tracking_token",
    "statements.track_attachment": "tracking_token",
    "statements.confirm": "confirm_token",
    "notices.opt_out": "opt_out_token",
}
# Links that do their work on the first GET (confirmations): warmed up with another token.
WARM_UP_TOKENS: dict[str, str] = {
    "accounts.confirm_email": "confirm_email_token_too",
    "statements.confirm": "confirm_token_too",
}

# Answers that do not show the world's size: forms for one object or none, fixed pages,
# files, QR codes (of random codes), redirects, one object of the API, and the newest entries
# of the triage log.
SAME_SIZE = {
    "accounts.check_email", "accounts.confirm_email", "accounts.forgot_password",
    "accounts.login", "accounts.new_organisation", "accounts.register",
    "accounts.resend_confirmation", "accounts.reset_password",
    "api.index", "api.openapi_document", "api.show_section", "api.show_suggestion",
    "api.show_version", "api.unknown",
    "comments.edit_comment", "comments.report_comment", "forum.feedback_thanks",
    "manage.create_phase", "manage.create_process", "manage.delete_phase", "manage.edit_phase",
    "manage.edit_process", "manage.edit_process_text", "manage.import_version",
    "manage_accounts.new_organisation", "manage_amendments.delete_amendment",
    "manage_amendments.delete_point", "manage_amendments.delete_vote",
    "manage_amendments.edit_point", "manage_amendments.edit_vote", "manage_forum.create_event",
    "manage_forum.delete_card", "manage_forum.delete_table", "manage_forum.edit_event",
    "manage_forum.event_qr", "manage_forum.table_qr",
    "manage_reports.delete_milestone", "manage_reports.delete_report",
    "manage_statements.download_attachment", "manage_triage.edit_reply",
    "manage_triage.new_reply", "notices.opt_out", "organisations.show_organisation",
    "pages.accessibility", "pages.easy_language", "pages.health", "pages.privacy",
    "plans.goto_version", "plans.switch_version", "statements.confirm",
    "statements.download_attachment", "statements.track_attachment", "static", "triage.log",
}

# What a GET answers when it is not 200 (in both worlds).
STATUS: dict[str, int] = {
    "accounts.confirm_email": 302,  # confirmed: on to the login
    "statements.confirm": 303,  # confirmed: on to the tracking page
    "plans.switch_version": 302,
    "plans.goto_version": 302,
    "api.unknown": 404,
}


def _reader(endpoint: str) -> str:
    if endpoint in READERS:
        return READERS[endpoint]
    access = ACCESS[endpoint]
    if access in ("public", "plan", "published_plan"):
        return "anonymous"
    if access in ("login", "comment_author"):
        return "resident"
    if access == "org_manager":
        return "manager"
    return "admin"


def get_endpoints(app) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
        key=lambda rule: rule.endpoint,
    )


def _url(app, world: World, rule, variant: Variant, *, warm_up: bool = False) -> str:
    endpoint = rule.endpoint
    overrides = {name: world.args[key] for name, key in ARGS.get(endpoint, {}).items()}
    if warm_up and endpoint in WARM_UP_TOKENS:
        overrides["token"] = world.args[WARM_UP_TOKENS[endpoint]]
    overrides.update(
        (name, world.numbers[value[1:]] if value.startswith("@") else value)
        for name, value in variant.args
    )
    if endpoint.startswith(STAFF_VERSION_PREFIXES):
        number = world.numbers[VERSION_OF.get(endpoint, "draft")]
    else:
        number = world.numbers[VERSION_OF.get(endpoint, "published")]
    values = {}
    for name in rule.arguments:
        if name in overrides:
            values[name] = overrides[name]
        elif name == "number":
            values[name] = number
        elif name == "token":
            values[name] = world.args[TOKENS[endpoint]]
        elif name == "slug" and endpoint.startswith(("organisations.", "accounts.")):
            values[name] = world.args["org_slug"]
        else:
            values[name] = world.args[name]
    with app.test_request_context():
        url = url_for(endpoint, **values)
    query = variant.query
    if endpoint in ("plans.switch_version", "plans.goto_version"):
        query = f"?version={world.numbers['published'] - 1}"
    return url + query


@contextmanager
def counting(app) -> Iterator[list[str]]:
    """The SQL statements run meanwhile (transaction control left out)."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@dataclass
class Measured:
    """One variant's request in one world."""

    url: str = ""
    status: int = 0
    queries: int = 0
    size: int = 0
    error: str = ""
    statements: list[str] = field(default_factory=list)


def _client(app, world: World, reader: str):
    client = app.test_client()
    if reader != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = world.logins[reader]
            session["_fresh"] = True
    return client


def _measure(app, world: World, rule, variant: Variant) -> Measured:
    reader = variant.reader or _reader(rule.endpoint)
    result = Measured(url=_url(app, world, rule, variant))
    client = _client(app, world, reader)
    try:
        # Warm-up: templates compiled, lazy imports done.
        client.get(_url(app, world, rule, variant, warm_up=True)).close()
        if variant.cold:
            statistics.clear_cache()
        with counting(app) as statements:
            response = client.get(result.url)
            body = response.get_data()  # streamed exports query while they are read
            response.close()
    except Exception as error:  # noqa: BLE001 - reported with the endpoint's name
        result.error = f"{type(error).__name__}: {error}"
        return result
    result.status, result.size = response.status_code, len(body)
    result.queries, result.statements = len(statements), statements
    return result


def measure_world(app, world: World) -> dict[str, dict[str, Measured]]:
    limiter.reset()
    results: dict[str, dict[str, Measured]] = {}
    for rule in get_endpoints(app):
        for variant in VARIANTS.get(rule.endpoint, [Variant()]):
            results.setdefault(rule.endpoint, {})[variant.label] = _measure(
                app, world, rule, variant
            )
    return results


@dataclass
class Measurements:
    """Both worlds' sizes and, per endpoint and variant, (small, large)."""

    sizes: tuple[dict[str, int], dict[str, int]]
    results: dict[str, dict[str, tuple[Measured, Measured]]]


@pytest.fixture(autouse=True)
def clean_db():
    """Replaces the suite's per-test cleaning for this module: its tests only read the
    measurements, and `measured` empties the database before each world and afterwards (on
    PostgreSQL a TRUNCATE per test would cost minutes here)."""
    yield


@pytest.fixture(scope="module")
def measured(app, mail_sink, tmp_path_factory) -> Measurements:
    """Both worlds built and every endpoint measured in each, with files in an upload folder
    of their own. The database is emptied afterwards (and again by each test's clean_db)."""
    folder = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path_factory.mktemp("budget-uploads"))
    try:
        small_world = build_world(app, SMALL)
        small = measure_world(app, small_world)
        large_world = build_world(app, LARGE)
        large = measure_world(app, large_world)
    finally:
        app.config["UPLOAD_FOLDER"] = folder
        _clean(app)
        statistics.clear_cache()
        limiter.reset()
        mail_sink.clear()
    return Measurements(
        sizes=(small_world.sizes, large_world.sizes),
        results={
            endpoint: {label: (small[endpoint][label], large[endpoint][label])
                       for label in variants}
            for endpoint, variants in small.items()
        },
    )


def test_every_get_endpoint_has_a_budget(app):
    endpoints = {rule.endpoint for rule in get_endpoints(app)}
    assert endpoints - BUDGETS.keys() == set(), "new GET routes need an entry in BUDGETS"
    assert BUDGETS.keys() - endpoints == set(), "BUDGETS lists routes that no longer exist"
    named = VARIANTS.keys() | READERS.keys() | ARGS.keys() | TOKENS.keys() | STATUS.keys()
    assert named - endpoints == set(), "the tables name routes that no longer exist"
    assert SAME_SIZE <= endpoints


def test_the_large_world_is_at_least_three_times_the_small_one(measured):
    small, large = measured.sizes
    assert all(count > 0 for count in small.values()), small
    smaller = {k: (small[k], large[k]) for k in small if large[k] < 3 * small[k]}
    assert not smaller, f"not three times larger (small, large): {smaller}"


def _repeated(small: Measured, large: Measured) -> str:
    """The statements the large world ran more often than the small one, to find the loop."""
    def shape(sql: str) -> str:
        return re.sub(r"IN \((?:[^()]|\([^()]*\))*\)", "IN (…)", " ".join(sql.split()))

    extra = Counter(map(shape, large.statements))
    extra.subtract(Counter(map(shape, small.statements)))
    lines = [f"\n    {n} more times: {sql[:160]}" for sql, n in extra.most_common(3) if n > 0]
    return "".join(lines)


@pytest.mark.parametrize("endpoint", sorted(BUDGETS))
def test_query_budget(measured, endpoint):
    """Served as expected in both worlds, showing more in the large one (unless its answer
    does not depend on the world's size), with as many queries in both, within budget."""
    failures = []
    expected_status = STATUS.get(endpoint, 200)
    for label, (small, large) in measured.results[endpoint].items():
        name = f"{endpoint} [{label}] {large.url}"
        for world, result in (("small", small), ("large", large)):
            if result.error:
                failures.append(f"{name}: {result.error} in the {world} world")
            elif result.status != expected_status:
                failures.append(f"{name}: {result.status} in the {world} world, "
                                f"expected {expected_status}")
        if endpoint not in SAME_SIZE and large.size <= small.size:
            failures.append(f"{name}: shows no more in the large world ({small.size} bytes, "
                            f"{large.size} in the large one)")
        if small.queries != large.queries:
            failures.append(
                f"{name}: {small.queries} queries in the small world, {large.queries} in the "
                f"large one (it depends on the data){_repeated(small, large)}"
            )
        if large.queries > BUDGETS[endpoint]:
            failures.append(f"{name}: {large.queries} queries, budget {BUDGETS[endpoint]}")
    assert not failures, "\n".join(failures)
