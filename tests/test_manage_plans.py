"""Staff area for processes, phases, versions, sections, coverage and the audit log."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from consult.audit.models import AuditEntry
from consult.errors import InvalidTransition
from consult.extensions import db
from consult.plans import services
from consult.plans.models import (
    Phase,
    Process,
    Section,
    SectionText,
    SectionVersion,
    Version,
)

ROLES = [None, "resident", "staff", "admin"]


@pytest.fixture
def staff_client(client, make_user, sign_in):
    """Log a user of the given role in by writing the session (independent of the login form)."""

    def log_in(role: str = "staff", **kwargs):
        return sign_in(client, make_user(role=role, **kwargs))

    return log_in


def as_role(staff_client, client, role):
    return client if role is None else staff_client(role)


def process_id(slug="lip") -> int:
    return db.session.scalar(select(Process.id).where(Process.slug == slug))


def version_of(number: int, slug="lip") -> Version:
    return db.session.scalar(
        select(Version).join(Process).where(Process.slug == slug, Version.number == number)
    )


def tree_of(number: int, slug="lip", language="de") -> list[tuple[str, str]]:
    """(number, title) of every section of a version, in document order."""
    version = version_of(number, slug)
    nodes = db.session.scalars(
        select(SectionVersion)
        .where(SectionVersion.version_id == version.id)
        .order_by(SectionVersion.order_key)
    ).all()
    return [(n.number, n.text(language).title) for n in nodes]


def node_of(number: int, key: str, slug="lip") -> SectionVersion:
    version = version_of(number, slug)
    return db.session.scalar(
        select(SectionVersion)
        .join(Section)
        .where(SectionVersion.version_id == version.id, Section.key == key)
    )


def text(response) -> str:
    return response.get_data(as_text=True)


# --- permissions ---------------------------------------------------------------------------


def _get_paths(app, data) -> list[str]:
    with app.app_context():
        phase_id = db.session.scalar(select(Phase.id))
    v = data["v3"]
    base = "/manage/processes/lip"
    return [
        "/manage/",
        "/manage/processes/new",
        base,
        f"{base}/settings",
        f"{base}/texts/en",
        f"{base}/phases/new",
        f"{base}/phases/{phase_id}",
        f"{base}/phases/{phase_id}/delete",
        f"{base}/versions/new",
        f"{base}/v/{v}",
        f"{base}/v/{v}/edit",
        f"{base}/v/{v}/publish",
        f"{base}/v/{v}/coverage",
        f"{base}/v/{v}/sections",
        f"{base}/v/{v}/sections/new",
        f"{base}/v/{v}/s/g1",
        f"{base}/v/{v}/s/g1/move",
        f"{base}/v/{v}/s/g1/remove",
        f"{base}/import",
        "/manage/audit",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_by_role(app, client, staff_client, make_process, role):
    data = make_process(draft=True)
    paths = _get_paths(app, data)
    user_client = as_role(staff_client, client, role)
    for path in paths:
        response = user_client.get(f"{path}?lang=en")
        if role is None:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/account/login"), path
        elif role == "resident":
            assert response.status_code == 403, path
        else:
            assert response.status_code == 200, (path, text(response)[:300])
            assert 'class="manage-nav"' in text(response), path
            assert text(response).count("<h1") == 1, path


def _post_paths(data) -> list[str]:
    v = data["v3"]
    base = "/manage/processes/lip"
    return [
        "/manage/processes/new",
        f"{base}/settings",
        f"{base}/texts/en",
        f"{base}/phases/new",
        f"{base}/versions/new",
        f"{base}/v/{v}/edit",
        f"{base}/v/{v}/status",
        f"{base}/v/{v}/publish",
        f"{base}/v/{v}/sections/new",
        f"{base}/v/{v}/s/g1/shift",
        f"{base}/v/{v}/s/g1/move",
        f"{base}/v/{v}/s/g1/remove",
        f"{base}/v/{v}/s/g1/texts/de",
        f"{base}/v/{v}/s/g1/kind",
        f"{base}/import",
    ]


@pytest.mark.parametrize("role", [None, "resident"])
def test_posts_are_refused_to_anonymous_and_residents(app, client, staff_client, make_process, role):
    data = make_process(draft=True)
    user_client = as_role(staff_client, client, role)
    for path in _post_paths(data):
        response = user_client.post(path, data={"title": "x", "status": "published"})
        if role is None:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/account/login"), path
        else:
            assert response.status_code == 403, path
    with app.app_context():
        assert version_of(data["v3"]).status == "draft"
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.actor_id.is_not(None))) == 0


def test_nav_links_depend_on_role(app, client, staff_client):
    page = text(staff_client("staff").get("/manage/?lang=en"))
    nav = page[page.index('class="manage-nav"'):page.index("</nav>", page.index('class="manage-nav"'))]
    assert 'aria-label="Staff area"' in page
    assert "/manage/audit" in nav and 'href="/manage/"' in nav
    assert "/manage/users" not in nav
    assert 'href="/manage/organisations"' in nav
    page = text(staff_client("admin").get("/manage/?lang=en"))
    nav = page[page.index('class="manage-nav"'):page.index("</nav>", page.index('class="manage-nav"'))]
    assert 'href="/manage/users"' in nav and "Users" in nav
    assert 'href="/manage/organisations"' in nav
    assert 'aria-current="page"' in nav


def test_dashboard_lists_processes_with_versions_and_status(client, staff_client, make_process):
    data = make_process(draft=True)
    page = text(staff_client().get("/manage/?lang=en"))
    assert "Lokaler Integrationsplan" in page
    assert f'/manage/processes/lip/v/{data["v3"]}' in page
    assert "Verwaltungsentwurf" in page
    assert "Draft" in page and "Published" in page


# --- processes -----------------------------------------------------------------------------


def test_create_process_via_form(app, staff_client):
    client = staff_client()
    response = client.post(
        "/manage/processes/new",
        data={
            "slug": "lip-2",
            "original_language": "de",
            "languages": ["de", "de-x-ls", "ar"],
            "title": "LIP 2.0",
            "summary": "Die Fortschreibung.",
            "body": "Mit **allen**.",
            "is_public": "y",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/processes/lip-2"
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "lip-2"))
        assert process.languages == ["de", "de-x-ls", "ar"]
        assert process.is_public
        assert process.text("de").title == "LIP 2.0"
        assert process.created_by_id == client.user.id
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_id == process.id)) == "process.create"


@pytest.mark.parametrize(
    "slug", ["Bad Slug", "a", "x" * 81, "-lead", "trail-", "ümlaut", "a/b", "new", "a_b"]
)
def test_create_process_rejects_bad_slugs_and_keeps_input(app, staff_client, slug):
    client = staff_client()
    response = client.post(
        "/manage/processes/new?lang=en",
        data={"slug": slug, "original_language": "de", "languages": ["de"], "title": "Mein Titel"},
    )
    assert response.status_code == 422
    page = text(response)
    assert 'value="Mein Titel"' in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Process)) == 0


def test_create_process_with_taken_slug_is_a_form_error(app, staff_client, make_process):
    make_process()
    response = staff_client().post(
        "/manage/processes/new?lang=en",
        data={"slug": "lip", "original_language": "de", "languages": ["de"], "title": "Noch einer"},
    )
    assert response.status_code == 422
    assert "exists already" in text(response)


def test_over_long_and_nul_input_gives_a_form_error_not_500(app, staff_client):
    client = staff_client()
    response = client.post(
        "/manage/processes/new?lang=en",
        data={"slug": "long", "original_language": "de", "languages": ["de"], "title": "T" * 301},
    )
    assert response.status_code == 422
    assert "300" in text(response)
    response = client.post(
        "/manage/processes/new",
        data={"slug": "nul", "original_language": "de", "languages": ["de"],
              "title": "Null\x00Byte", "body": "a\x00b"},
    )
    assert response.status_code == 302
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "nul"))
        assert process.text("de").title == "NullByte"
    response = client.post(
        "/manage/processes/new",
        data={"slug": "lang", "original_language": "xx", "languages": ["zz"], "title": "X"},
    )
    assert response.status_code == 422


def test_edit_settings_and_texts_per_language(app, staff_client, make_process):
    make_process(languages=("de", "en"))
    client = staff_client()
    response = client.post(
        "/manage/processes/lip/settings", data={"languages": ["en", "tr"], "is_public": ""}
    )
    assert response.status_code == 302
    page = text(client.get("/manage/processes/lip?lang=en"))
    assert "/manage/processes/lip/texts/tr" in page
    assert page.count("has text") == 2 and "missing" in page
    response = client.post(
        "/manage/processes/lip/texts/tr",
        data={"title": "Yerel Entegrasyon Planı", "summary": "", "body": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        process = db.session.get(Process, process_id())
        assert process.languages == ["de", "en", "tr"]
        assert not process.is_public
        assert process.text("tr").title == "Yerel Entegrasyon Planı"
    assert client.get("/manage/processes/lip/texts/fa").status_code == 404
    assert client.get("/manage/processes/nope/texts/de").status_code == 404


# --- phases --------------------------------------------------------------------------------


def test_phase_create_edit_delete(app, staff_client, make_process):
    make_process()
    client = staff_client()
    start = date.today() + timedelta(days=30)
    response = client.post(
        "/manage/processes/lip/phases/new",
        data={
            "name_de": "Forum", "name_en": "", "description_de": "Im Rathaus.",
            "starts_on": start.isoformat(), "ends_on": (start + timedelta(days=2)).isoformat(),
            "opens": ["forum", "statements"],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        phase = db.session.scalar(select(Phase).where(Phase.starts_on == start))
        assert phase.name == {"de": "Forum"}
        assert phase.description == {"de": "Im Rathaus."}
        assert phase.opens_forum and phase.opens_statements and not phase.opens_comments
        phase_id = phase.id
    page = text(client.get(f"/manage/processes/lip/phases/{phase_id}?lang=en"))
    assert 'value="Forum"' in page and 'lang="ar"' in page
    response = client.post(
        f"/manage/processes/lip/phases/{phase_id}",
        data={"name_de": "Forum", "name_ar": "منتدى", "starts_on": start.isoformat(),
              "ends_on": start.isoformat(), "opens": ["comments"]},
    )
    assert response.status_code == 302
    with app.app_context():
        phase = db.session.get(Phase, phase_id)
        assert phase.name == {"de": "Forum", "ar": "منتدى"}
        assert phase.opens_list == ["comments"]
    assert "Remove phase" in text(client.get(f"/manage/processes/lip/phases/{phase_id}/delete?lang=en"))
    assert client.post(f"/manage/processes/lip/phases/{phase_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Phase, phase_id) is None
    assert client.get(f"/manage/processes/lip/phases/{phase_id}").status_code == 404


def test_phase_validation_keeps_input(app, staff_client, make_process):
    make_process()
    client = staff_client()
    response = client.post(
        "/manage/processes/lip/phases/new?lang=en",
        data={"name_de": "Rückwärts", "starts_on": "2030-05-10", "ends_on": "2030-05-01"},
    )
    assert response.status_code == 422
    assert "cannot be before" in text(response)
    assert 'value="Rückwärts"' in text(response)
    response = client.post(
        "/manage/processes/lip/phases/new?lang=en",
        data={"name_de": "", "name_en": "Only English", "starts_on": "2030-05-01",
              "ends_on": "not a date"},
    )
    assert response.status_code == 422
    assert 'value="Only English"' in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Phase)) == 1


# --- versions ------------------------------------------------------------------------------


def test_create_version_copies_latest_by_default_and_keeps_identities(app, staff_client, make_process):
    data = make_process()
    client = staff_client()
    page = text(client.get("/manage/processes/lip/versions/new?lang=en"))
    with app.app_context():
        latest_id = version_of(data["v2"]).id
    assert re.search(rf'<option selected value="{latest_id}">|<option value="{latest_id}" selected>', page)
    response = client.post(
        "/manage/processes/lip/versions/new",
        data={"label_de": "Diskussionsentwurf 3", "label_en": "Discussion draft 3",
              "copy_from": str(latest_id), "changelog_de": "Neu: *mehr*."},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/processes/lip/v/3"
    with app.app_context():
        v2, v3 = version_of(2), version_of(3)
        assert v3.status == "draft" and v3.based_on_id == v2.id
        assert v3.label == {"de": "Diskussionsentwurf 3", "en": "Discussion draft 3"}
        old = {n.section_id: n.number for n in v2.nodes}
        new = {n.section_id: n.number for n in v3.nodes}
        assert old == new and len(new) == 4
        assert tree_of(3) == tree_of(2)


def test_create_empty_version(app, staff_client, make_process):
    make_process()
    response = staff_client().post(
        "/manage/processes/lip/versions/new", data={"label_de": "Leer", "copy_from": ""}
    )
    assert response.status_code == 302
    with app.app_context():
        assert version_of(3).nodes == []
        assert version_of(3).based_on_id is None


def test_create_version_needs_original_label(app, staff_client, make_process):
    make_process()
    response = staff_client().post(
        "/manage/processes/lip/versions/new?lang=en",
        data={"label_de": "", "label_en": "English only", "copy_from": ""},
    )
    assert response.status_code == 422
    assert 'value="English only"' in text(response)


def test_edit_version_label_and_changelog(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    response = client.post(
        f"/manage/processes/lip/v/{data['v3']}/edit",
        data={"label_de": "Verwaltungsentwurf 2008", "changelog_de": "Alles *neu*",
              "label_en": "x" * 201},
    )
    assert response.status_code == 422
    response = client.post(
        f"/manage/processes/lip/v/{data['v3']}/edit",
        data={"label_de": "Verwaltungsentwurf 2008", "changelog_de": "Alles *neu*"},
    )
    assert response.status_code == 302
    with app.app_context():
        version = version_of(data["v3"])
        assert version.label == {"de": "Verwaltungsentwurf 2008"}
        assert version.changelog == {"de": "Alles *neu*"}


def test_status_transitions_and_invalid_one(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    url = f"/manage/processes/lip/v/{data['v3']}"
    response = client.post(f"{url}/status", data={"status": "internal"})
    assert response.status_code == 302
    with app.app_context():
        assert version_of(data["v3"]).status == "internal"
    response = client.post(f"{url}/status?lang=en", data={"status": "adopted"}, follow_redirects=True)
    assert response.status_code == 200
    assert "cannot become" in text(response)
    with app.app_context():
        assert version_of(data["v3"]).status == "internal"
    response = client.post(f"{url}/status", data={"status": "nonsense"})
    assert response.status_code == 302
    # Publishing through the status form leads to the confirmation step.
    response = client.post(f"{url}/status", data={"status": "published"})
    assert response.headers["Location"].endswith(f"{url}/publish")
    with app.app_context():
        assert version_of(data["v3"]).status == "internal"
    # Published → adopted → published.
    v2 = f"/manage/processes/lip/v/{data['v2']}"
    assert client.post(f"{v2}/status", data={"status": "adopted"}).status_code == 302
    with app.app_context():
        assert version_of(data["v2"]).status == "adopted"


def test_publish_confirmation_shows_summary_then_publishes(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    url = f"/manage/processes/lip/v/{data['v3']}/publish"
    page = text(client.get(f"{url}?lang=en"))
    assert "Publish now" in page
    assert "<dd>4</dd>" in page  # sections
    assert "4 / 4" in page  # German complete
    assert "2 / 4" in page  # English: the fields only
    assert f'href="/p/lip/v/{data["v3"]}"' in page  # preview link
    response = client.post(url)
    assert response.status_code == 302
    with app.app_context():
        version = version_of(data["v3"])
        assert version.status == "published" and version.published_at is not None
    page = text(client.get(f"{url}?lang=en"))
    assert "already public" in page and "Publish now" not in page


def test_version_page_links_preview_and_shows_its_audit_entries(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    client.post(f"/manage/processes/lip/v/{data['v3']}/status", data={"status": "internal"})
    page = text(client.get(f"/manage/processes/lip/v/{data['v3']}?lang=en"))
    assert f'href="/p/lip/v/{data["v3"]}"' in page
    assert "Changed the status of version 3 from Draft to Internal." in page
    assert client.user.display_name in page
    assert "Created version 3" in page
    # Entries of other versions are not shown.
    assert "Created version 2" not in page
    # The preview link shows the draft to staff with the preview banner.
    preview = text(client.get(f"/p/lip/v/{data['v3']}?lang=en"))
    assert "Preview" in preview


# --- section tree --------------------------------------------------------------------------


def test_tree_add_move_remove_renumber(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    v = data["v3"]
    base = f"/manage/processes/lip/v/{v}"
    with app.app_context():
        f1 = node_of(v, "f1")
        f1_id, f2_id = f1.id, node_of(v, "f2").id
    # Add a new top-level section in first place.
    response = client.post(
        f"{base}/sections/new",
        data={"title": "Präambel", "body": "Vorweg.", "kind": "chapter", "parent": "", "position": "1"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert tree_of(v) == [
            ("1", "Präambel"), ("2", "Handlungsfeld 1"), ("2.1", "Ziel 1.1"),
            ("3", "Handlungsfeld 2"), ("3.1", "Ziel 2.1"),
        ]
    # Add a child at the end of field 1.
    response = client.post(
        f"{base}/sections/new",
        data={"title": "Ziel 1.2", "kind": "goal", "parent": str(f1_id), "position": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        assert ("2.2", "Ziel 1.2") in tree_of(v)
    # Move goal g1 under field 2, first place.
    response = client.post(f"{base}/s/g1/move", data={"parent": str(f2_id), "position": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert tree_of(v) == [
            ("1", "Präambel"), ("2", "Handlungsfeld 1"), ("2.1", "Ziel 1.2"),
            ("3", "Handlungsfeld 2"), ("3.1", "Ziel 1.1"), ("3.2", "Ziel 2.1"),
        ]
    # A section cannot be moved into itself or its own subsection (not offered; refused).
    page = text(client.get(f"{base}/s/f2/move?lang=en"))
    assert f'value="{f2_id}"' not in page
    response = client.post(f"{base}/s/f2/move", data={"parent": str(f2_id), "position": "1"})
    assert response.status_code == 422
    # Remove field 1 with its child: confirmation first.
    page = text(client.get(f"{base}/s/f1/remove?lang=en"))
    assert "Ziel 1.2" in page and "Remove section" in page
    assert client.post(f"{base}/s/f1/remove").status_code == 302
    with app.app_context():
        assert tree_of(v) == [
            ("1", "Präambel"), ("2", "Handlungsfeld 2"), ("2.1", "Ziel 1.1"), ("2.2", "Ziel 2.1"),
        ]
        # Other versions keep the removed section.
        assert node_of(data["v2"], "f1") is not None


def test_shift_up_and_down(app, staff_client, make_process):
    data = make_process(sections=3, draft=True)
    client = staff_client()
    base = f"/manage/processes/lip/v/{data['v3']}"
    assert client.post(f"{base}/s/f3/shift", data={"direction": "up"}).status_code == 302
    with app.app_context():
        assert [t for n, t in tree_of(data["v3"]) if "." not in n] == [
            "Handlungsfeld 1", "Handlungsfeld 3", "Handlungsfeld 2"
        ]
        assert node_of(data["v3"], "g3").number == "2.1"
    client.post(f"{base}/s/f1/shift", data={"direction": "down"})
    with app.app_context():
        assert node_of(data["v3"], "f1").number == "2"
    response = client.post(f"{base}/s/f3/shift?lang=en", data={"direction": "up"}, follow_redirects=True)
    assert "already the first" in text(response)
    response = client.post(f"{base}/s/f3/shift", data={"direction": "sideways"})
    assert response.status_code == 302
    with app.app_context():
        assert node_of(data["v3"], "f3").number == "1"


def test_add_section_validation(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    base = f"/manage/processes/lip/v/{data['v3']}"
    for bad in (
        {"title": "", "kind": "goal"},
        {"title": "x" * 301, "kind": "goal"},
        {"title": "ok", "kind": "bogus"},
        {"title": "ok", "kind": "goal", "parent": "999999"},
        {"title": "ok", "kind": "goal", "position": "-3"},
        {"title": "ok", "kind": "goal", "position": "abc"},
        {"title": "ok", "kind": "goal", "body": "b" * 100_001},
    ):
        response = client.post(f"{base}/sections/new?lang=en", data=bad)
        assert response.status_code == 422, bad
    with app.app_context():
        assert len(tree_of(data["v3"])) == 4


@pytest.mark.parametrize("status", ["published", "adopted"])
def test_editing_a_public_version_is_refused(app, staff_client, make_process, status):
    data = make_process()
    v = data["v2"]
    if status == "adopted":
        with app.test_request_context():
            services.set_version_status(version_of(v), services.VersionStatus.ADOPTED, None)
            db.session.commit()
    client = staff_client()
    base = f"/manage/processes/lip/v/{v}"
    before = None
    with app.app_context():
        before = tree_of(v)
        f2_id = node_of(v, "f2").id
    attempts = [
        (f"{base}/sections/new", {"title": "Neu", "kind": "goal"}),
        (f"{base}/s/g1/move", {"parent": str(f2_id), "position": "1"}),
        (f"{base}/s/f2/shift", {"direction": "up"}),
        (f"{base}/s/f1/remove", {}),
        (f"{base}/s/g1/texts/de", {"t-de-title": "Geändert", "t-de-origin": "original"}),
        (f"{base}/s/g1/kind", {"kind": "measure"}),
    ]
    for path, form in attempts:
        response = client.post(f"{path}?lang=en", data=form, follow_redirects=True)
        assert response.status_code == 200, path
        assert "can no longer be changed" in text(response), path
    with app.app_context():
        assert tree_of(v) == before
        assert node_of(v, "g1").kind == "goal"
    page = text(client.get(f"{base}/sections?lang=en"))
    assert "create a new version" in page
    assert "/shift" not in page and "Add section" not in page
    page = text(client.get(f"{base}/s/g1?lang=en"))
    assert "<form" not in page.split("<main", 1)[1].split("</main>")[0].replace(
        'class="inline-form"', ""
    ).replace("language-switcher", "") or "t-de-title" not in page
    assert 't-de-title' not in page
    # The services refuse as well.
    with app.test_request_context():
        node = node_of(v, "g1")
        for call in (
            lambda: services.add_section(node.version, title="x"),
            lambda: services.set_section_text(node, "de", title="x", body=""),
            lambda: services.move_section(node, parent=None, position=0),
            lambda: services.remove_section(node),
            lambda: services.set_section_kind(node, "measure"),
            lambda: services.shift_section(node, -1),
        ):
            with pytest.raises(InvalidTransition):
                call()
        db.session.rollback()


# --- section texts and coverage ------------------------------------------------------------


def test_section_text_page_lists_every_language_with_state(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    page = text(client.get(f"/manage/processes/lip/v/{data['v3']}/s/g1?lang=en"))
    for code in ("de", "en", "ar"):
        assert f'id="text-{code}"' in page
        assert f'id="t-{code}-title"' in page
    assert "outdated" in page  # the Arabic goal text was made from the older German text
    assert "missing" in page  # no English goal text
    assert 'value="الهدف 1.1"' in page


def test_save_translation_and_outdated_detection_in_coverage(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    base = f"/manage/processes/lip/v/{data['v3']}"
    cov = text(client.get(f"{base}/coverage?lang=en"))
    row = cov[cov.index('id="cov-g1"'):cov.index("</tr>", cov.index('id="cov-g1"'))]
    assert row.count('data-state="outdated"') == 1  # Arabic
    assert row.count('data-state="missing"') == 1  # English
    # Translate g1 into English (machine, not reviewed).
    response = client.post(
        f"{base}/s/g1/texts/en",
        data={"t-en-title": "Goal 1.1", "t-en-body": "All children and parents learn German.",
              "t-en-origin": "machine_translation", "t-en-source_language": "de"},
    )
    assert response.status_code == 302
    with app.app_context():
        en = node_of(data["v3"], "g1").text("en")
        assert en.origin == "machine_translation" and not en.reviewed and en.source_language == "de"
    cov = text(client.get(f"{base}/coverage?lang=en"))
    row = cov[cov.index('id="cov-g1"'):cov.index("</tr>", cov.index('id="cov-g1"'))]
    assert 'data-state="unreviewed"' in row
    # Change the German source: the English translation becomes outdated.
    client.post(
        f"{base}/s/g1/texts/de",
        data={"t-de-title": "Ziel 1.1", "t-de-body": "Alle lernen Deutsch.", "t-de-origin": "original",
              "t-de-reviewed": "y"},
    )
    cov = text(client.get(f"{base}/coverage?lang=en"))
    row = cov[cov.index('id="cov-g1"'):cov.index("</tr>", cov.index('id="cov-g1"'))]
    assert row.count('data-state="outdated"') == 2
    # Saving the translation again (reviewed) makes it current.
    client.post(
        f"{base}/s/g1/texts/en",
        data={"t-en-title": "Goal 1.1", "t-en-body": "Everyone learns German.",
              "t-en-origin": "human_translation", "t-en-source_language": "de", "t-en-reviewed": "y"},
    )
    cov = text(client.get(f"{base}/coverage?lang=en"))
    row = cov[cov.index('id="cov-g1"'):cov.index("</tr>", cov.index('id="cov-g1"'))]
    assert row.count('data-state="outdated"') == 1
    assert row.count('data-state="ok"') == 1
    # Counts per language: English has 3 ok (f1, f2 translated + g1) and g2 missing.
    summary = cov[cov.index("Per language"):cov.index("Per section")]
    en_row = summary[summary.index('lang="en"'):summary.index("</tr>", summary.index('lang="en"'))]
    assert '<td data-count="ok">3</td>' in en_row
    assert '<td data-count="missing">1</td>' in en_row


def test_translation_needs_a_source_language(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    base = f"/manage/processes/lip/v/{data['v3']}"
    response = client.post(
        f"{base}/s/g2/texts/en?lang=en",
        data={"t-en-title": "Goal", "t-en-origin": "human_translation", "t-en-source_language": ""},
    )
    assert response.status_code == 422
    assert 'value="Goal"' in text(response)
    # Source language without a text → a form error from the service, not a 500.
    response = client.post(
        f"{base}/s/g2/texts/ar?lang=en",
        data={"t-ar-title": "هدف", "t-ar-origin": "human_translation", "t-ar-source_language": "en"},
    )
    assert response.status_code == 422
    assert "no source text" in text(response)
    assert client.post(f"{base}/s/g2/texts/fa", data={}).status_code == 404
    assert client.post(f"{base}/s/nokey/texts/de", data={}).status_code == 404


def test_set_kind(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client()
    base = f"/manage/processes/lip/v/{data['v3']}"
    assert client.post(f"{base}/s/g1/kind", data={"kind": "measure"}).status_code == 302
    assert client.post(f"{base}/s/g1/kind", data={"kind": "bogus"}).status_code == 302
    with app.app_context():
        assert node_of(data["v3"], "g1").kind == "measure"
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "section.kind")) == 1


# --- escaping ------------------------------------------------------------------------------


def test_script_in_titles_is_escaped_in_editor_coverage_and_audit_log(app, staff_client, make_process):
    data = make_process(draft=True)
    client = staff_client(display_name="<script>alert('name')</script>")
    base = f"/manage/processes/lip/v/{data['v3']}"
    evil = "<script>alert(1)</script>"
    client.post(f"{base}/sections/new", data={"title": evil, "kind": "goal", "body": "<img src=x onerror=alert(2)>"})
    client.post(f"{base}/edit", data={"label_de": evil})
    for path in (f"{base}/sections", f"{base}/coverage", "/manage/audit", base, "/manage/"):
        page = text(client.get(f"{path}?lang=en"))
        assert "<script>alert" not in page, path
        assert "&lt;script&gt;alert" in page, path
    with app.app_context():
        key = db.session.scalar(
            select(Section.key).join(SectionVersion).join(SectionText).where(SectionText.title == evil)
        )
    page = text(client.get(f"{base}/s/{key}?lang=en"))
    assert "<script>alert" not in page
    assert "onerror" not in page or "&lt;img" in page


# --- audit log -----------------------------------------------------------------------------


def test_audit_log_filters_and_pages(app, staff_client, make_process):
    make_process()
    client = staff_client()
    for number in range(3):
        client.post(
            "/manage/processes/new",
            data={"slug": f"p{number}", "original_language": "de", "languages": ["de"], "title": f"P{number}"},
        )
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(AuditEntry))
    page = text(client.get("/manage/audit?lang=en"))
    assert f"{total} entries" in page
    newest = page.index("Created the process “P2”")
    assert newest < page.index("Created the process “P1”")
    page = text(client.get(f"/manage/audit?lang=en&actor={client.user.id}"))
    assert "3 entries" in page
    page = text(client.get("/manage/audit?lang=en&action=phase"))
    assert "1 entry" in page and "Added the phase" in page
    # Junk in the query is ignored, never a 500.
    for junk in ("action=%00", "actor=abc", "page=-5", "page=99999999999999", "action=<script>", "actor=%27"):
        response = client.get(f"/manage/audit?lang=en&{junk}")
        assert response.status_code == 200, junk
        assert "<script>" not in text(response).split("<main", 1)[1]


def test_audit_log_pagination(app, staff_client, make_process):
    make_process()
    with app.test_request_context():
        process = db.session.scalar(select(Process))
        for n in range(60):
            services.update_process(process, languages=["de"], is_public=bool(n % 2), actor=None)
        db.session.commit()
    client = staff_client()
    page = text(client.get("/manage/audit?lang=en"))
    assert 'rel="next"' in page and "Page 1 of" in page
    page = text(client.get("/manage/audit?lang=en&page=2"))
    assert 'rel="prev"' in page


def test_audit_before_after_are_escaped_key_value_lists(app, staff_client, make_process):
    make_process()
    client = staff_client()
    client.post(
        "/manage/processes/lip/texts/de",
        data={"title": "Neu <b>fett</b>", "summary": "", "body": "<script>x()</script>"},
    )
    page = text(client.get("/manage/audit?lang=en&action=process"))
    assert "<dt>title</dt>" in page
    assert "Neu &lt;b&gt;fett&lt;/b&gt;" in page
    assert "<script>x()" not in page


# --- queries -------------------------------------------------------------------------------


@contextmanager
def count_queries(app):
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _process_with(app, slug: str, count: int) -> None:
    with app.test_request_context():
        process = services.create_process(
            slug=slug, original_language="de", languages=["de", "en", "ar"], title=slug
        )
        version = services.create_version(process, label={"de": "Entwurf"})
        parent = None
        for n in range(count):
            node = services.add_section(
                version, title=f"Abschnitt {n}", body="Text", parent=parent if n % 3 else None,
                kind="goal", renumber_now=False,
            )
            if n % 2:
                services.set_section_text(
                    node, "en", title=f"Section {n}", body="Text", origin="human_translation",
                    source_language="de",
                )
            if n % 3 == 0:
                parent = node
        services.renumber(version)
        db.session.commit()


@pytest.mark.parametrize("page", ["sections", "coverage", "publish", ""])
def test_query_count_does_not_grow_with_sections(app, staff_client, page):
    _process_with(app, "small", 5)
    _process_with(app, "large", 40)
    client = staff_client()
    counts = []
    for slug in ("small", "large"):
        url = f"/manage/processes/{slug}/v/1/{page}".rstrip("/") + "?lang=en"
        client.get(url)  # warm up
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


# --- CSRF ----------------------------------------------------------------------------------


def test_posts_without_csrf_token_change_nothing_and_keep_the_typed_text(
    app, csrf_client, make_user, make_process, sign_in
):
    data = make_process(draft=True)
    user = make_user(role="staff")
    sign_in(csrf_client, user)
    base = f"/manage/processes/lip/v/{data['v3']}"
    response = csrf_client.post(
        f"{base}/s/g1/texts/de?lang=en",
        data={"t-de-title": "Mein neuer Titel", "t-de-body": "Ein langer Absatz.",
              "t-de-origin": "original"},
    )
    assert response.status_code in (400, 422)
    page = text(response)
    assert "expired" in page
    assert 'value="Mein neuer Titel"' in page and "Ein langer Absatz." in page
    assert 'name="t-de-csrf_token"' in page  # a fresh token to send it again
    for path, form in (
        (f"{base}/status", {"status": "internal"}),
        (f"{base}/s/f2/shift", {"direction": "up"}),
        (f"{base}/s/f1/remove", {}),
        (f"{base}/sections/new", {"title": "Neu", "kind": "goal"}),
        ("/manage/processes/new", {"slug": "neu", "original_language": "de", "title": "Neu"}),
    ):
        assert csrf_client.post(path, data=form).status_code in (400, 422), path
    with app.app_context():
        assert version_of(data["v3"]).status == "draft"
        assert tree_of(data["v3"]) == tree_of(data["v2"])
        assert db.session.scalar(select(func.count()).select_from(Process)) == 1
