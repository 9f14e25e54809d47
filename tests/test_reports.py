"""Reports: the services, what becomes public when, the pages in the reader's language, the
Atom feed, the staff pages and who may use them, and query counts that do not grow."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree as ET  # noqa: S405 - parses our own feed in tests

import pytest
from sqlalchemy import func, select

from consult.accounts.models import Role, User
from consult.audit.models import AuditEntry
from consult.errors import InvalidTransition, ValidationFailed
from consult.extensions import db
from consult.plans.models import Process
from consult.reports import services
from consult.reports.models import Report, ReportText
from consult.triage import services as triage
from consult.triage.models import Group
from tests.helpers_participation import client_for, page

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "/manage/processes/lip"
TODAY = date.today()
SCRIPT = "<script>alert(1)</script>"


def build_world(app, make_process, make_user) -> dict:
    """The public process "lip" (de original; en, ar), two bodies, staff and a resident, and
    a second process "other" with a body of its own."""
    data = make_process()
    make_process(slug="other")
    users = {
        "staff": make_user(role=Role.STAFF, display_name="Sachbearbeiterin Sommer"),
        "admin": make_user(role=Role.ADMIN),
        "resident": make_user(role=Role.RESIDENT),
    }
    with app.test_request_context():
        process = db.session.get(Process, data["process_id"])
        other = db.session.scalar(select(Process).where(Process.slug == "other"))
        data["committee_id"] = triage.save_group(
            process, actor=None, name="Migrationsausschuss", kind="committee"
        ).id
        data["council_id"] = triage.save_group(
            process, actor=None, name="Lokaler Integrationsrat", kind="advisory_council"
        ).id
        data["foreign_group_id"] = triage.save_group(
            other, actor=None, name="Fremde Gruppe", kind="other"
        ).id
        data["other_id"] = other.id
        db.session.commit()
    data["users"] = users
    return data


@pytest.fixture
def world(app, make_process, make_user):
    return build_world(app, make_process, make_user)


def make_report(world, title="Sitzung des Ausschusses", *, en=None, body="Es wurde beraten.",
                on=TODAY, publish=True, group=None, milestone_id=None, process_id=None,
                ar=None) -> int:
    """Save a report through the service and commit; returns its id."""
    from consult.reports.models import Milestone

    process = db.session.get(Process, process_id or world["process_id"])
    texts = {"de": (title, body)}
    if en:
        texts["en"] = en
    if ar:
        texts["ar"] = ar
    report = services.save_report(
        process, actor=None, texts=texts, published_on=on, publish=publish,
        group=db.session.get(Group, world[group]) if group else None,
        milestone=db.session.get(Milestone, milestone_id) if milestone_id else None,
    )
    db.session.commit()
    return report.id


def staff_client(app, world):
    return client_for(app, world["users"]["staff"])


# --- services ------------------------------------------------------------------------


def test_save_report_validates_its_input(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        foreign = db.session.get(Group, world["foreign_group_id"])
        bad = [
            dict(texts={"en": ("Only English", "")}),  # the original language is missing
            dict(texts={"de": ("Titel", ""), "tr": ("Başlık", "")}),  # not a process language
            dict(texts={"de": ("Titel", ""), "en": ("", "A body without a title")}),
            dict(texts={"de": ("x" * 301, "")}),
            dict(texts={"de": ("Titel", "")}, publish=True, published_on=None),
            dict(texts={"de": ("Titel", "")}, group=foreign),
        ]
        for kwargs in bad:
            kwargs.setdefault("published_on", TODAY)
            with pytest.raises(ValidationFailed):
                services.save_report(process, actor=None, **kwargs)
            db.session.rollback()
        assert db.session.scalar(select(func.count(Report.id))) == 0


def test_save_update_publish_unpublish_delete_with_audit(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        staff = db.session.get(User, world["users"]["staff"].id)
        report = services.save_report(
            process, actor=staff, published_on=None,
            texts={"de": ("  Sitzung  ", "Text\r\nmit Zeile"), "en": ("Meeting", "Text"),
                   "ar": ("", "")},
        )
        assert report.published_at is None and report.created_by_id == staff.id
        assert {t.language: (t.title, t.body) for t in report.texts} == {
            "de": ("Sitzung", "Text\nmit Zeile"), "en": ("Meeting", "Text"),
        }
        # The texts are the whole set: English left out is removed.
        services.save_report(
            process, actor=staff, report=report, published_on=TODAY,
            texts={"de": ("Sitzung", "Neu"), "ar": ("جلسة", "")},
            group=db.session.get(Group, world["committee_id"]),
        )
        assert sorted(t.language for t in report.texts) == ["ar", "de"]
        assert report.group_id == world["committee_id"]
        services.publish_report(report, actor=staff)
        assert report.published_at is not None
        with pytest.raises(InvalidTransition):
            services.publish_report(report, actor=staff)
        with pytest.raises(ValidationFailed):  # a published report keeps its date
            services.save_report(process, actor=staff, report=report, published_on=None,
                                 texts={"de": ("Sitzung", "")})
        services.unpublish_report(report, actor=staff)
        assert report.published_at is None
        with pytest.raises(InvalidTransition):
            services.unpublish_report(report, actor=staff)
        services.delete_report(report, actor=staff)
        db.session.commit()
        assert db.session.scalar(select(func.count(Report.id))) == 0
        assert db.session.scalar(select(func.count(ReportText.id))) == 0
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert [a for a in actions if a.startswith("report.")] == [
            "report.create", "report.update", "report.publish", "report.unpublish",
            "report.delete",
        ]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "report.delete"))
        assert "Sitzung" in entry.message and entry.actor_id == staff.id


# --- what is public --------------------------------------------------------------------


def test_drafts_and_future_dates_are_never_public(app, world, client):
    with app.test_request_context():
        draft = make_report(world, "Entwurfsbericht", publish=False)
        future = make_report(world, "Zukunftsbericht", on=TODAY + timedelta(days=3))
        public = make_report(world, "Heutiger Bericht")
    listing = page(client.get("/p/lip/reports"))
    feed = page(client.get("/p/lip/reports.atom"))
    process_page = page(client.get("/p/lip"))
    for html in (listing, feed, process_page):
        assert "Heutiger Bericht" in html
        assert "Entwurfsbericht" not in html and "Zukunftsbericht" not in html
    assert client.get(f"/p/lip/reports/{public}").status_code == 200
    assert client.get(f"/p/lip/reports/{draft}").status_code == 404
    assert client.get(f"/p/lip/reports/{future}").status_code == 404
    # Staff see no drafts on the public pages either.
    staff = staff_client(app, world)
    assert staff.get(f"/p/lip/reports/{draft}").status_code == 404
    assert "Entwurfsbericht" not in page(staff.get("/p/lip/reports"))
    # Withdrawn again: gone.
    with app.test_request_context():
        services.unpublish_report(db.session.get(Report, public), actor=None)
        db.session.commit()
    assert client.get(f"/p/lip/reports/{public}").status_code == 404


def test_reports_of_a_process_that_is_not_public_are_hidden(app, world, client):
    with app.test_request_context():
        report = make_report(world, "Bericht")
        db.session.get(Process, world["process_id"]).is_public = False
        db.session.commit()
    for path in ("/p/lip/reports", f"/p/lip/reports/{report}", "/p/lip/reports.atom",
                 "/p/lip/timeline"):
        assert client.get(path).status_code == 404, path


def test_junk_ids_and_parameters_are_404_or_ignored(app, world, client):
    with app.test_request_context():
        foreign = make_report(world, "Fremd", process_id=world["other_id"])
    for path in ("/p/lip/reports/999999", f"/p/lip/reports/{foreign}", "/p/nope/reports",
                 "/p/lip/reports/abc", "/p/lip/reports?body=999999",
                 f"/p/lip/reports?body={world['foreign_group_id']}",
                 f"/p/lip/reports.atom?body={world['foreign_group_id']}"):
        assert client.get(path).status_code == 404, path
    for path in ("/p/lip/reports?body=abc", "/p/lip/reports?page=-3", "/p/lip/reports?page=99999",
                 "/p/lip/reports?page=abc&body=%3Cscript%3E", "/p/lip/reports.atom?lang=xx",
                 "/p/lip/reports?body=99999999999999999999"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>" not in page(response)


# --- pages in the reader's language -----------------------------------------------------


def test_reader_language_with_fallback_to_the_original(app, world, client):
    with app.test_request_context():
        report = make_report(
            world, "Was der Ausschuss beraten hat", body="Der **Ausschuss** hat beraten.",
            en=("What the committee discussed", "The **committee** discussed."),
            group="committee_id",
        )
    english = page(client.get(f"/p/lip/reports/{report}?lang=en"))
    assert '<article class="report" lang="en" dir="auto">' in english
    assert "<h1>What the committee discussed</h1>" in english
    assert "<strong>committee</strong>" in english
    assert 'class="notice fallback"' not in english
    # Links to the other language, marked with it.
    assert f'href="/p/lip/reports/{report}?lang=de" hreflang="de" lang="de"' in english
    assert "Migrationsausschuss" in english
    arabic = page(client.get(f"/p/lip/reports/{report}?lang=ar"))
    assert '<article class="report" lang="de" dir="auto">' in arabic
    assert "Was der Ausschuss beraten hat" in arabic
    assert 'class="notice fallback"' in arabic
    listing = page(client.get("/p/lip/reports?lang=ar"))
    assert 'lang="de" dir="auto">Was der Ausschuss beraten hat</a>' in listing
    assert "Der Ausschuss hat beraten." in listing  # the excerpt, as plain text
    listing_en = page(client.get("/p/lip/reports?lang=en"))
    assert 'lang="en" dir="auto">What the committee discussed</a>' in listing_en


def test_markdown_is_sanitised_and_titles_escaped(app, world, client):
    with app.test_request_context():
        report = make_report(
            world, f"Titel {SCRIPT}",
            body=f"**fett** {SCRIPT}\n\n<img src=x onerror=alert(1)>\n\n"
                 "[böse](javascript:alert(1)) [gut](https://example.org)",
        )
    for path in (f"/p/lip/reports/{report}", "/p/lip/reports", "/p/lip", "/p/lip/reports.atom"):
        html = page(client.get(path))
        assert "<script>alert" not in html, path
        assert "<img" not in html and 'href="javascript' not in html, path
    shown = page(client.get(f"/p/lip/reports/{report}"))
    assert "<strong>fett</strong>" in shown
    assert "Titel &lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert 'href="https://example.org"' in shown


def test_list_is_newest_first_paged_and_filtered_by_body(app, world, client):
    with app.test_request_context():
        for i in range(12):
            make_report(world, f"Bericht Nummer {i:02d}", on=TODAY - timedelta(days=i),
                        group="committee_id" if i % 3 == 0 else "council_id")
    first = page(client.get("/p/lip/reports?lang=en"))
    titles = re.findall(r"Bericht Nummer (\d\d)", first)
    assert titles == [f"{i:02d}" for i in range(10)]
    assert 'rel="next" href="/p/lip/reports?page=2&amp;lang=en"' in first
    assert '<input type="hidden" name="lang" value="en">' in first
    second = page(client.get("/p/lip/reports?page=2&lang=en"))
    assert re.findall(r"Bericht Nummer (\d\d)", second) == ["10", "11"]
    body = world["committee_id"]
    filtered = page(client.get(f"/p/lip/reports?body={body}&lang=en"))
    assert re.findall(r"Bericht Nummer (\d\d)", filtered) == ["00", "03", "06", "09"]
    assert f'<option value="{body}" selected>Migrationsausschuss</option>' in filtered
    # The feed of this body in the head of the page.
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" href="/p/lip/reports.atom\?body={body}&amp;lang=en"',
        filtered,
    )
    empty = page(client.get("/p/lip/reports?page=50&lang=en"))
    assert "There are no more reports on this page." in empty


def test_empty_list_and_feed(app, world, client):
    html = page(client.get("/p/lip/reports?lang=en"))
    assert "No reports have been published yet." in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    root = _feed(client, "/p/lip/reports.atom")
    assert root.find(f"{ATOM}updated").text and root.findall(f"{ATOM}entry") == []


def test_process_page_shows_the_three_newest_reports_and_links(app, world, client):
    with app.test_request_context():
        for i in range(5):
            make_report(world, f"Prozessbericht {i}", on=TODAY - timedelta(days=i))
    html = page(client.get("/p/lip?lang=en"))
    assert re.findall(r"Prozessbericht (\d)", html) == ["0", "1", "2"]
    assert 'href="/p/lip/reports?lang=en"' in html
    assert 'href="/p/lip/reports.atom?lang=en"' in html
    assert '<h2 id="reports">Latest reports</h2>' in html


# --- the Atom feed ---------------------------------------------------------------------


def _feed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.data)  # noqa: S314 - our own output


def test_feed_is_valid_atom_with_the_required_elements(app, world, client):
    with app.test_request_context():
        make_report(world, "Älterer Bericht", on=TODAY - timedelta(days=2))
        newest = make_report(
            world, "Neuer Bericht", body="Der *Rat* tagte.",
            en=("New report", "The *council* met."), group="council_id",
        )
    root = _feed(client, "/p/lip/reports.atom?lang=en")
    assert root.tag == f"{ATOM}feed" and root.get(XML_LANG) == "en"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}id").text.startswith("tag:")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Local Integration Plan"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://localhost/p/lip/reports.atom?lang=en"
    assert links["alternate"] == "http://localhost/p/lip/reports?lang=en"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    entry = entries[0]
    for name in ("id", "title", "updated", "published", "link", "content"):
        assert entry.find(f"{ATOM}{name}") is not None, name
    assert entry.find(f"{ATOM}title").text == "New report"
    assert entry.get(XML_LANG) is None  # in the feed's language
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://localhost/p/lip/reports/{newest}?lang=en"
    )
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<em>council</em>" in content.text
    assert entry.find(f"{ATOM}category").get("label") == "Lokaler Integrationsrat"
    # Every id is unique; the published and updated stamps are RFC 3339.
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")
    for e in entries:
        assert stamp.match(e.find(f"{ATOM}published").text)
        assert stamp.match(e.find(f"{ATOM}updated").text)
    assert stamp.match(root.find(f"{ATOM}updated").text)
    # The German original where no translation exists, marked with its language.
    older = entries[1]
    assert older.get(XML_LANG) == "de" and older.find(f"{ATOM}title").text == "Älterer Bericht"


def test_feed_escapes_everything(app, world, client):
    with app.test_request_context():
        make_report(world, 'Tom & Jerry <b>"fett"</b> \x01', body=f"A & B {SCRIPT} <i>x</i>")
    response = client.get("/p/lip/reports.atom")
    raw = response.get_data(as_text=True)
    assert "<script>" not in raw and "<b>" not in raw and "\x01" not in raw
    root = ET.fromstring(response.data)  # noqa: S314 - our own output
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == 'Tom & Jerry <b>"fett"</b>'
    content = entry.find(f"{ATOM}content").text
    # Raw HTML in Markdown is shown as text: escaped once more inside the feed's content.
    assert "<script" not in content and "&lt;script&gt;" in content and "A &amp; B" in content


def test_feed_per_body_and_at_most_fifty_entries(app, world, client):
    with app.test_request_context():
        for i in range(52):
            make_report(world, f"Eintrag {i}", on=TODAY - timedelta(days=i),
                        group="committee_id" if i < 3 else None)
    root = _feed(client, "/p/lip/reports.atom?lang=de")
    assert len(root.findall(f"{ATOM}entry")) == 50
    body = world["committee_id"]
    root = _feed(client, f"/p/lip/reports.atom?body={body}&lang=de")
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Eintrag 0", "Eintrag 1", "Eintrag 2"]
    assert "Migrationsausschuss" in root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}id").text.endswith(f"/body/{body}")


# --- staff pages -----------------------------------------------------------------------


def _staff_paths(world, report_id: int, milestone_id: int) -> list[str]:
    return [
        f"{BASE}/reports", f"{BASE}/reports/new", f"{BASE}/reports/{report_id}",
        f"{BASE}/reports/{report_id}/delete", f"{BASE}/milestones", f"{BASE}/milestones/new",
        f"{BASE}/milestones/{milestone_id}", f"{BASE}/milestones/{milestone_id}/delete",
    ]


@pytest.fixture
def objects(app, world):
    from consult.reports.services import save_milestone

    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        milestone = save_milestone(process, actor=None, kind="mandate", starts_on=TODAY)
        db.session.commit()
        report = make_report(world, "Bericht", milestone_id=milestone.id)
        return report, milestone.id


def test_staff_pages_access(app, world, objects):
    report, milestone = objects
    paths = _staff_paths(world, report, milestone)
    anonymous = app.test_client()
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    resident = client_for(app, world["users"]["resident"])
    for path in paths:
        assert resident.get(path).status_code == 403, path
    for path in (f"{BASE}/reports/new", f"{BASE}/reports/{report}/publish",
                 f"{BASE}/reports/{report}/delete", f"{BASE}/milestones/{milestone}/delete"):
        assert resident.post(path, data={"action": "unpublish"}).status_code == 403, path
    for who in ("staff", "admin"):
        member = client_for(app, world["users"][who])
        for path in paths:
            assert member.get(path).status_code == 200, (who, path)
    with app.app_context():
        assert db.session.get(Report, report).published_at is not None


def test_staff_junk_ids_are_404(app, world, objects):
    report, milestone = objects
    with app.test_request_context():
        foreign = make_report(world, "Fremd", process_id=world["other_id"])
    staff = staff_client(app, world)
    for path in (f"{BASE}/reports/999999", f"{BASE}/reports/{foreign}",
                 f"{BASE}/reports/{foreign}/delete", f"{BASE}/milestones/999999",
                 "/manage/processes/nope/reports", f"{BASE}/reports/abc"):
        assert staff.get(path).status_code == 404, path
    assert staff.post(f"/manage/processes/other/reports/{report}/publish",
                      data={"action": "unpublish"}).status_code == 404


def _form(world, **values) -> dict:
    data = {"title_de": "", "body_de": "", "title_en": "", "body_en": "", "title_ar": "",
            "body_ar": "", "published_on": TODAY.isoformat(), "group": "", "milestone": ""}
    data.update(values)
    return data


def test_staff_create_edit_publish_and_delete_a_report(app, world, objects):
    _report, milestone = objects
    staff = staff_client(app, world)
    form = staff.get(f"{BASE}/reports/new?lang=en")
    html = page(form)
    assert 'name="title_de"' in html and 'name="body_ar"' in html and 'lang="ar"' in html
    assert "Migrationsausschuss" in html
    response = staff.post(f"{BASE}/reports/new", data=_form(
        world, title_de="Neue Sitzung", body_de="**Beraten**", title_en="New meeting",
        group=str(world["committee_id"]), milestone=str(milestone),
    ))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{BASE}/reports")
    with app.app_context():
        report = db.session.scalar(
            select(Report).join(ReportText).where(ReportText.title == "Neue Sitzung")
        )
        assert report.published_at is None and report.group_id == world["committee_id"]
        assert report.milestone_id == milestone and report.created_by_id == world["users"]["staff"].id
        assert sorted(t.language for t in report.texts) == ["de", "en"]
        report_id = report.id
    listing = page(staff.get(f"{BASE}/reports?lang=en"))
    assert "Neue Sitzung" in listing and "Draft" in listing
    # Publish from the list, then withdraw from the edit page.
    response = staff.post(f"{BASE}/reports/{report_id}/publish",
                          data={"action": "publish", "back": "list"})
    assert response.status_code == 303
    assert client_for(app, None).get(f"/p/lip/reports/{report_id}").status_code == 200
    response = staff.post(f"{BASE}/reports/{report_id}/publish",
                          data={"action": "unpublish", "back": "edit"})
    assert response.headers["Location"].endswith(f"{BASE}/reports/{report_id}")
    assert client_for(app, None).get(f"/p/lip/reports/{report_id}").status_code == 404
    assert staff.post(f"{BASE}/reports/{report_id}/publish",
                      data={"action": "explode"}).status_code == 400
    # Edit: the stored values come back; saving with publish ticked publishes.
    edit = page(staff.get(f"{BASE}/reports/{report_id}?lang=en"))
    assert 'value="Neue Sitzung"' in edit and "**Beraten**" in edit
    response = staff.post(f"{BASE}/reports/{report_id}", data=_form(
        world, title_de="Geänderte Sitzung", body_de="Text", publish="y",
    ))
    assert response.status_code == 303
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.published_at is not None and report.group_id is None
        assert [t.language for t in report.texts] == ["de"]
    assert "Geänderte Sitzung" in page(client_for(app, None).get("/p/lip/reports"))
    response = staff.post(f"{BASE}/reports/{report_id}?lang=en", data=_form(
        world, title_de="Ohne Datum", published_on="",
    ))
    assert response.status_code == 422
    assert "A published report needs a publication date." in page(response)
    confirm = page(staff.get(f"{BASE}/reports/{report_id}/delete?lang=en"))
    assert "Geänderte Sitzung" in confirm
    response = staff.post(f"{BASE}/reports/{report_id}/delete")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Report, report_id) is None


def test_staff_form_errors_keep_the_input(app, world):
    staff = staff_client(app, world)
    cases = [
        (_form(world, title_de="", body_de="Mein langer Text"), "This field is required."),
        (_form(world, title_de="Titel", body_en="English body without title"),
         "A text in this language needs a title."),
        (_form(world, title_de="x" * 301, body_de="Mein langer Text"), "300"),
        (_form(world, title_de="Titel", body_de="Mein langer Text", published_on="",
               publish="y"), "A published report needs a publication date."),
        (_form(world, title_de="Titel", body_de="Mein langer Text", published_on="kaputt"),
         "Not a valid date value."),
        (_form(world, title_de="Titel", body_de="Mein langer Text",
               group=str(world["foreign_group_id"])), "Not a valid choice."),
    ]
    for data, message in cases:
        response = staff.post(f"{BASE}/reports/new?lang=en", data=data)
        assert response.status_code == 422, data
        html = page(response)
        assert message in html, message
        assert 'id="error-summary"' in html
        for value in (data["body_de"], data["body_en"]):
            if value:
                assert value in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Report.id))) == 0


def test_an_expired_form_comes_back_with_what_was_typed(app, world, csrf_client, sign_in):
    sign_in(csrf_client, world["users"]["staff"])
    response = csrf_client.post(f"{BASE}/reports/new?lang=en", data=_form(
        world, title_de="Abgelaufen", body_de="Ein langer Bericht über die Sitzung",
    ))
    assert response.status_code in (400, 422)
    html = page(response)
    assert 'value="Abgelaufen"' in html and "Ein langer Bericht über die Sitzung" in html
    assert 'name="csrf_token"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Report.id))) == 0


def test_staff_pages_show_script_as_text(app, world):
    with app.test_request_context():
        group = triage.save_group(
            db.session.get(Process, world["process_id"]), actor=None, name=SCRIPT, kind="other"
        )
        db.session.commit()
        make_report(world, SCRIPT, body=SCRIPT, group=None)
        report = db.session.scalar(select(Report))
        report.group_id = group.id
        db.session.commit()
        report_id = report.id
    staff = staff_client(app, world)
    for path in (f"{BASE}/reports", f"{BASE}/reports/{report_id}", f"{BASE}/reports/new",
                 f"{BASE}/reports/{report_id}/delete", "/manage/audit?lang=en"):
        html = page(staff.get(path))
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


# --- query counts ----------------------------------------------------------------------


def _add_reports(world, count: int, start: int = 0) -> None:
    from consult.reports.models import Milestone

    process = db.session.get(Process, world["process_id"])
    milestone = db.session.scalar(select(Milestone))
    for i in range(start, start + count):
        services.save_report(
            process, actor=None, publish=True, published_on=TODAY - timedelta(days=i % 40),
            texts={"de": (f"Bericht {i}", f"Text {i}"), "en": (f"Report {i}", f"Text {i}")},
            group=db.session.get(Group, world["committee_id" if i % 2 else "council_id"]),
            milestone=milestone,
        )
    db.session.commit()


def test_query_counts_do_not_grow_with_reports(app, world, objects, count_queries):
    staff = staff_client(app, world)
    anonymous = client_for(app, None)
    body = world["committee_id"]
    pages = [
        (anonymous, "/p/lip/reports?lang=en"), (anonymous, f"/p/lip/reports?body={body}"),
        (anonymous, "/p/lip/reports.atom"), (anonymous, "/p/lip?lang=en"),
        (anonymous, "/p/lip/timeline"), (staff, f"{BASE}/reports"),
        (staff, f"{BASE}/reports/new"),
    ]

    def counts() -> list[int]:
        result = []
        for client, path in pages:
            client.get(path)  # warm up
            with count_queries() as counter:
                assert client.get(path).status_code == 200, path
            result.append(counter.count)
        return result

    with app.test_request_context():
        _add_reports(world, 2)  # 3 reports with the one of `objects`
    few = counts()
    with app.test_request_context():
        _add_reports(world, 27, start=2)  # 30
    many = counts()
    assert few == many, list(zip([p for _c, p in pages], few, many, strict=True))
    print("report query counts:", dict(zip([p for _c, p in pages], many, strict=True)))
