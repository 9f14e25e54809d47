"""The process timeline: milestones in date order with their version, event, body and
reports, the current step marked; the staff pages for milestones; fixed query counts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from consult.audit.models import AuditEntry
from consult.errors import ValidationFailed
from consult.extensions import db
from consult.forum import services as forum
from consult.participation.models import Event
from consult.plans import services as plan_services
from consult.plans.models import Process, Version
from consult.reports import queries, services
from consult.reports.models import Milestone, Report
from consult.triage.models import Group
from tests.helpers_participation import client_for, page
from tests.test_reports import BASE, SCRIPT, TODAY, build_world, make_report


@pytest.fixture
def world(app, make_process, make_user):
    return build_world(app, make_process, make_user)


def _version(world, number: int) -> Version:
    return db.session.scalar(
        select(Version).where(Version.process_id == world["process_id"], Version.number == number)
    )


def add_milestone(world, kind="other", starts_on=TODAY, **kwargs) -> int:
    process = db.session.get(Process, kwargs.pop("process_id", world["process_id"]))
    milestone = services.save_milestone(
        process, actor=None, kind=kind, starts_on=starts_on, **kwargs
    )
    db.session.commit()
    return milestone.id


@pytest.fixture
def steps(app, world):
    """Four milestones: the mandate (past, with a reference and version 1), the forum (an
    event today), the committees (running, the current step, with a body and reports) and
    the adoption (future, linked to a draft version); a draft report on the committees."""
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        draft = plan_services.create_version(process, label={"de": "Beschlussvorlage"})
        event = forum.create_event(
            process, name="Integrationsforum", starts_at=datetime.now(UTC) - timedelta(days=3),
            place="Rathaus",
        )
        db.session.commit()
        ids = {
            "adoption": add_milestone(
                world, "adoption", TODAY + timedelta(days=40), version=draft,
                name={"de": "Beschluss des Rates"},
            ),
            "mandate": add_milestone(
                world, "mandate", TODAY - timedelta(days=300), reference="Drucks. 0466/2007",
                version=_version(world, 1),
                name={"de": "Auftrag des Rates", "en": "Mandate of the council"},
                description={"de": "Der Rat beschließt, einen Plan zu schreiben."},
            ),
            "forum": add_milestone(world, "forum", TODAY - timedelta(days=3), event=event),
            "committees": add_milestone(
                world, "committees", TODAY - timedelta(days=2), ends_on=TODAY + timedelta(days=10),
                group=db.session.get(Group, world["committee_id"]),
                name={"de": "Beratung in den Ausschüssen", "ar": "المداولات في اللجان"},
            ),
        }
        make_report(world, "Erste Ausschusssitzung", on=TODAY - timedelta(days=1),
                    group="committee_id", milestone_id=ids["committees"])
        make_report(world, "Zweite Ausschusssitzung", group="committee_id")
        make_report(world, "Noch ein Entwurf", publish=False, milestone_id=ids["committees"])
        ids["event_code"] = event.code
        return ids


# --- services ------------------------------------------------------------------------


def test_save_milestone_validates_its_input(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        other = db.session.get(Process, world["other_id"])
        foreign_version = db.session.scalar(select(Version).where(Version.process_id == other.id))
        bad = [
            dict(kind="party"),
            dict(ends_on=TODAY - timedelta(days=1)),
            dict(name={"tr": "Görev"}),
            dict(name={"de": "x" * 201}),
            dict(reference="x" * 101),
            dict(version=foreign_version),
            dict(group=db.session.get(Group, world["foreign_group_id"])),
        ]
        for kwargs in bad:
            kwargs.setdefault("kind", "mandate")
            with pytest.raises(ValidationFailed):
                services.save_milestone(process, actor=None, starts_on=TODAY, **kwargs)
            db.session.rollback()
        assert db.session.scalar(select(func.count(Milestone.id))) == 0


def test_save_update_and_delete_a_milestone(app, world):
    with app.test_request_context():
        process = db.session.get(Process, world["process_id"])
        milestone = services.save_milestone(
            process, actor=None, kind="statements", starts_on=TODAY, ends_on=TODAY,
            name={"de": " Stellungnahmen ", "en": ""}, reference=" Drucks. 1/2008 ",
        )
        assert milestone.name == {"de": "Stellungnahmen"}
        assert milestone.reference == "Drucks. 1/2008"
        services.save_milestone(
            process, actor=None, kind="adoption", starts_on=TODAY, milestone=milestone,
            position=2,
        )
        assert (milestone.kind, milestone.name, milestone.position) == ("adoption", {}, 2)
        assert milestone.title("de", "de") == "Adoption" or milestone.title("de", "de")
        db.session.commit()
        report = make_report(world, "Bericht zum Beschluss", milestone_id=milestone.id)
        services.delete_milestone(milestone, actor=None)
        db.session.commit()
        assert db.session.get(Report, report).milestone_id is None
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.startswith("milestone."))
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["milestone.create", "milestone.update", "milestone.delete"]


def test_the_current_milestone():
    def m(start: int, end: int | None = None) -> Milestone:
        return Milestone(
            starts_on=TODAY + timedelta(days=start),
            ends_on=TODAY + timedelta(days=end) if end is not None else None,
        )

    past, running, point_today, future = m(-30), m(-5, 5), m(0), m(10)
    assert queries.current_milestone([past, running, future], TODAY) is running
    assert queries.current_milestone([past, running, point_today, future], TODAY) is point_today
    assert queries.current_milestone([past, future], TODAY) is past
    assert queries.current_milestone([future], TODAY) is None
    assert queries.current_milestone([], TODAY) is None


# --- the public timeline ---------------------------------------------------------------


def test_timeline_in_date_order_with_its_links(app, world, steps, client):
    html = page(client.get("/p/lip/timeline"))
    order = re.findall(r'<li id="milestone-(\d+)"', html)
    assert order == [str(steps[k]) for k in ("mandate", "forum", "committees", "adoption")]
    assert '<ol class="milestones">' in html
    current = re.findall(r'<li id="milestone-(\d+)" class="milestone current" aria-current="step">', html)
    assert current == [str(steps["committees"])]
    assert "Drucks. 0466/2007" in html
    assert "Der Rat beschließt, einen Plan zu schreiben." in html
    # The public version is linked, the draft version is not.
    assert 'href="/p/lip/v/1"' in html and "/p/lip/v/3" not in html
    assert "Beschluss des Rates" in html
    # The event with its place, and the body's reports.
    assert "Integrationsforum" in html and "Rathaus" in html
    assert f'href="/p/lip/reports?body={world["committee_id"]}"' in html
    # The milestone's own public reports; drafts never.
    assert "Erste Ausschusssitzung" in html and "Noch ein Entwurf" not in html
    english = page(client.get("/p/lip/timeline?lang=en"))
    # Links keep the language the address chose.
    assert f'href="/p/lip/reports?body={world["committee_id"]}&amp;lang=en"' in english
    assert 'href="/p/lip/v/1?lang=en"' in english
    assert "2 reports of this body" in english
    assert "Reports on this step" in english


def test_timeline_names_in_the_reader_language(app, world, steps, client):
    english = page(client.get("/p/lip/timeline?lang=en"))
    assert '<span lang="en" dir="auto">Mandate of the council</span>' in english
    assert '<span lang="de" dir="auto">Beratung in den Ausschüssen</span>' in english
    # Without a name: the kind's title in the interface language.
    assert '<h2 class="milestone-title"><span dir="auto">Public forum</span></h2>' in english
    arabic = page(client.get("/p/lip/timeline?lang=ar"))
    assert '<span lang="ar" dir="auto">المداولات في اللجان</span>' in arabic
    assert '<span lang="de" dir="auto">Auftrag des Rates</span>' in arabic


def test_event_link_while_attendees_may_send_feedback(app, world, steps, client):
    html = page(client.get("/p/lip/timeline"))
    assert f'href="/f/{steps["event_code"]}"' not in html  # the forum was three days ago
    with app.app_context():
        event = db.session.scalar(select(Event))
        event.starts_at = datetime.now(UTC)
        db.session.commit()
    html = page(client.get("/p/lip/timeline"))
    assert f'href="/f/{steps["event_code"]}"' in html


def test_empty_timeline(app, world, client):
    html = page(client.get("/p/lip/timeline?lang=en"))
    assert "No milestones have been set yet." in html
    assert client.get("/p/nope/timeline").status_code == 404


def test_script_in_milestones_is_text(app, world, client):
    with app.test_request_context():
        add_milestone(world, name={"de": SCRIPT}, description={"de": SCRIPT}, reference=SCRIPT[:30])
    for path in ("/p/lip/timeline", "/p/lip"):
        html = page(client.get(path))
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(1)" in html, path


def test_process_page_shows_the_compact_timeline(app, world, steps, client):
    html = page(client.get("/p/lip?lang=en"))
    assert '<h2 id="timeline">Timeline</h2>' in html
    block = html.split('<h2 id="timeline">', 1)[1].split('<h2 id="reports">', 1)[0]
    assert block.count('<li class="milestone') == 4
    assert f'href="/p/lip/timeline?lang=en#milestone-{steps["committees"]}"' in block
    assert 'class="milestone current" aria-current="step"' in block
    assert 'href="/p/lip/timeline?lang=en"' in block
    # Without a language in the address, links carry none.
    assert 'href="/p/lip/timeline"' in page(client.get("/p/lip"))


# --- staff pages -----------------------------------------------------------------------


def _form(**values) -> dict:
    data = {"kind": "other", "starts_on": TODAY.isoformat(), "ends_on": "", "reference": "",
            "version": "", "event": "", "group": "", "position": "",
            "name_de": "", "name_en": "", "name_ar": "",
            "description_de": "", "description_en": "", "description_ar": ""}
    data.update(values)
    return data


def test_staff_create_edit_and_delete_a_milestone(app, world, steps):
    staff = client_for(app, world["users"]["staff"])
    listing = page(staff.get(f"{BASE}/milestones?lang=en"))
    assert "Auftrag des Rates" in listing and "current step" in listing
    with app.app_context():
        v1 = _version(world, 1).id
        event = db.session.scalar(select(Event.id))
    form = page(staff.get(f"{BASE}/milestones/new?lang=en"))
    assert "Integrationsforum" in form and "Migrationsausschuss" in form
    assert 'name="name_ar"' in form and 'lang="ar"' in form
    response = staff.post(f"{BASE}/milestones/new", data=_form(
        kind="statements", starts_on="2030-01-10", ends_on="2030-02-10",
        name_de="Schriftliche Stellungnahmen", name_en="Written statements",
        description_de="Alle dürfen schreiben.", reference="Drucks. 7/2030",
        version=str(v1), event=str(event), group=str(world["council_id"]), position="3",
    ))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{BASE}/milestones")
    with app.app_context():
        milestone = db.session.scalar(select(Milestone).where(Milestone.kind == "statements"))
        assert milestone.name == {"de": "Schriftliche Stellungnahmen", "en": "Written statements"}
        assert (milestone.starts_on, milestone.ends_on) == (date(2030, 1, 10), date(2030, 2, 10))
        assert (milestone.version_id, milestone.event_id, milestone.group_id) == (
            v1, event, world["council_id"])
        assert milestone.reference == "Drucks. 7/2030" and milestone.position == 3
        milestone_id = milestone.id
    edit = page(staff.get(f"{BASE}/milestones/{milestone_id}?lang=en"))
    assert 'value="Schriftliche Stellungnahmen"' in edit and "Alle dürfen schreiben." in edit
    assert f'<option selected value="{world["council_id"]}">' in edit or (
        f'<option value="{world["council_id"]}" selected' in edit)
    response = staff.post(f"{BASE}/milestones/{milestone_id}", data=_form(
        kind="statements", starts_on="2030-01-10", name_de="Stellungnahmen",
    ))
    assert response.status_code == 303
    with app.app_context():
        milestone = db.session.get(Milestone, milestone_id)
        assert milestone.name == {"de": "Stellungnahmen"} and milestone.group_id is None
    assert "Stellungnahmen" in page(staff.get(f"{BASE}/milestones/{milestone_id}/delete?lang=en"))
    assert staff.post(f"{BASE}/milestones/{milestone_id}/delete").status_code == 303
    with app.app_context():
        assert db.session.get(Milestone, milestone_id) is None


def test_staff_milestone_form_errors_keep_the_input(app, world):
    staff = client_for(app, world["users"]["staff"])
    with app.app_context():
        foreign_version = db.session.scalar(
            select(Version.id).where(Version.process_id == world["other_id"])
        )
    cases = [
        (_form(starts_on="2030-02-01", ends_on="2030-01-01"),
         "The last day cannot be before the first day."),
        (_form(kind="party"), "Not a valid choice."),
        (_form(version=str(foreign_version)), "Not a valid choice."),
        (_form(starts_on=""), "This field is required."),
        (_form(name_de="x" * 201), "200"),
        (_form(position="-1"), "Number must be between 0 and 1000."),
    ]
    for data, message in cases:
        data["description_de"] = "Eine lange Beschreibung des Schritts"
        response = staff.post(f"{BASE}/milestones/new?lang=en", data=data)
        assert response.status_code == 422, data
        html = page(response)
        assert message in html, message
        assert "Eine lange Beschreibung des Schritts" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Milestone.id))) == 0


# --- query counts ----------------------------------------------------------------------


def test_query_counts_do_not_grow_with_milestones(app, world, count_queries):
    staff = client_for(app, world["users"]["staff"])
    anonymous = client_for(app, None)
    pages = [(anonymous, "/p/lip/timeline?lang=en"), (anonymous, "/p/lip?lang=en"),
             (staff, f"{BASE}/milestones"), (staff, f"{BASE}/milestones/new"),
             (staff, f"{BASE}/reports/new")]

    def add(count: int, start: int) -> None:
        with app.test_request_context():
            process = db.session.get(Process, world["process_id"])
            event = forum.create_event(process, name=f"Forum {start}", starts_at=datetime.now(UTC))
            db.session.commit()
            for i in range(start, start + count):
                milestone_id = add_milestone(
                    world, ("forum", "committees", "other")[i % 3], TODAY + timedelta(days=i - 10),
                    name={"de": f"Schritt {i}"}, reference=f"R {i}", version=_version(world, 1),
                    event=event if i % 3 == 0 else None,
                    group=db.session.get(Group, world["committee_id"]) if i % 3 == 1 else None,
                )
                make_report(world, f"Bericht {i}", milestone_id=milestone_id,
                            group="council_id" if i % 2 else None)

    def counts() -> list[int]:
        result = []
        for client, path in pages:
            client.get(path)
            with count_queries() as counter:
                assert client.get(path).status_code == 200, path
            result.append(counter.count)
        return result

    add(3, 0)
    few = counts()
    add(27, 3)
    many = counts()
    assert "Schritt 29" in page(anonymous.get("/p/lip/timeline"))
    assert few == many, list(zip([p for _c, p in pages], few, many, strict=True))
    print("timeline query counts:", dict(zip([p for _c, p in pages], many, strict=True)))
