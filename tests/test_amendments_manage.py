"""Staff pages for amendments: filing an amendment, its points with the proposed change as a
word diff, the votes of committees per meeting, corrections and deletions; who may use them,
conflicts between two editors, bad input and the number of queries per page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.council.models import (
    Amendment,
    AmendmentPoint,
    AmendmentVote,
    PointApplication,
)
from consult.extensions import db
from consult.plans.models import SectionText
from tests.helpers_council import council_world, file_amendment, version_of, vote
from tests.helpers_participation import client_for, page
from tests.helpers_triage import node, section

BASE = "/manage/processes/lip/amendments"
SCRIPT = "<script>alert(1)</script>"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


@pytest.fixture
def staff(app, world):
    return client_for(app, world["users"]["staff"])


def amend(app, world, number="0597/2008", points=None, **kwargs) -> dict:
    """File an amendment to version 2 (default: three points) and commit; returns ids."""
    if points is None:
        points = [
            ("g1", "replace", None, "Alle Kinder und Eltern lernen früh Deutsch."),
            ("f2", "delete", None, None),
            ("g2", "add_after", "Ziel 2.2", "Mehrsprachigkeit wird gefördert."),
        ]
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], number, points, **kwargs)
        db.session.commit()
        return {"id": amendment.id, "points": [p.id for p in amendment.points]}


def record(app, point_id, body_id, result, **kwargs) -> int:
    with app.test_request_context():
        saved = vote(db.session.get(AmendmentPoint, point_id), body_id, result, **kwargs)
        db.session.commit()
        return saved.id


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def form_data(**values) -> dict:
    base = {"version": "2", "number": "0001/2008", "title": "Sprachförderung", "filed_by": "",
            "filed_by_group": "", "filed_on": "2008-04-01", "published": "y"}
    base.update(values)
    return {key: value for key, value in base.items() if value is not None}


# ---------------------------------------------------------------- access


GET_ONLY = {BASE, f"{BASE}/1"}


def _paths(app, world) -> list[str]:
    ids = amend(app, world)
    vote_id = record(app, ids["points"][0], world["migration_committee_id"], "adopted")
    a, p = ids["id"], ids["points"][1]
    return [
        BASE, f"{BASE}/new", f"{BASE}/{a}", f"{BASE}/{a}/edit", f"{BASE}/{a}/delete",
        f"{BASE}/{a}/points/new", f"{BASE}/{a}/points/{p}/edit", f"{BASE}/{a}/points/{p}/delete",
        f"{BASE}/{a}/votes", f"{BASE}/{a}/votes/{vote_id}/edit",
        f"{BASE}/{a}/votes/{vote_id}/delete",
    ]


def test_staff_and_admins_open_every_page(app, world):
    paths = _paths(app, world)
    for role in ("staff", "admin"):
        client = client_for(app, world["users"][role])
        for path in paths:
            assert client.get(path).status_code == 200, (role, path)


def test_anonymous_visitors_are_sent_to_log_in(app, world):
    client = app.test_client()
    for path in _paths(app, world):
        response = client.get(path)
        assert response.status_code == 302 and "/account/login" in response.location, path
        if path not in GET_ONLY:
            assert client.post(path, data={}).status_code == 302, path


def test_residents_and_body_members_are_refused(app, world):
    paths = _paths(app, world)
    for who in ("outsider", "council_member", "committee_member", "steering"):
        client = client_for(app, world["users"][who])
        for path in paths:
            assert client.get(path).status_code == 403, (who, path)
            if path not in GET_ONLY:
                assert client.post(path, data={}).status_code == 403, (who, path)


def test_junk_and_foreign_ids_are_not_found(app, world, staff, make_process):
    ids = amend(app, world)
    other = amend(app, world, "2/2008", [("g1", "delete", None, None)])
    vote_id = record(app, other["points"][0], world["migration_committee_id"], "rejected")
    make_process(slug="other")
    a = ids["id"]
    for path in (
        f"{BASE}/999999", f"{BASE}/99999999999999999999", f"{BASE}/0",
        f"{BASE}/{a}/points/{other['points'][0]}/edit",
        f"{BASE}/{a}/points/99999999999/delete",
        f"{BASE}/{a}/votes/{vote_id}/edit", f"{BASE}/{a}/votes/{vote_id}/delete",
        f"/manage/processes/other/amendments/{a}", "/manage/processes/nope/amendments",
        f"{BASE}/abc",
    ):
        assert staff.get(path).status_code == 404, path
    assert staff.get(f"{BASE}?version=abc%3Cscript%3E").status_code == 200
    assert staff.get(f"{BASE}/new?version=99999999999999999999").status_code == 200
    assert staff.get(f"{BASE}/{a}/points/new?section=%3Cscript%3E").status_code == 200


# ---------------------------------------------------------------- amendments


def test_file_an_amendment_with_csrf(app, world, csrf_client, sign_in):
    sign_in(csrf_client, world["users"]["staff"])
    form = page(csrf_client.get(f"{BASE}/new?version=2&lang=en"))
    assert re.search(r'<option selected value="2">|<option value="2" selected', form)
    token = TOKEN.search(form).group(1)
    response = csrf_client.post(f"{BASE}/new", data={
        **form_data(number=" 0597/2008 ", filed_by="SPD-Fraktion", title=SCRIPT),
        "csrf_token": token,
    })
    assert response.status_code == 303
    with app.app_context():
        amendment = db.session.scalar(select(Amendment))
        assert (amendment.number, amendment.filer, amendment.title) == (
            "0597/2008", "SPD-Fraktion", SCRIPT)
        assert amendment.version_id == version_of(world["process_id"], 2).id
        assert amendment.published_at is not None and amendment.filed_on == date(2008, 4, 1)
        assert response.location.endswith(f"{BASE}/{amendment.id}")
    shown = page(csrf_client.get(response.location))
    assert SCRIPT not in shown and "&lt;script&gt;" in shown
    assert "amendment.save" in audit_actions(app)
    # Without the token nothing is stored; the form comes back with what was typed.
    again = csrf_client.post(f"{BASE}/new", data=form_data(number="0598/2008", filed_by="FDP"))
    assert again.status_code in (400, 422) and 'value="0598/2008"' in page(again)
    with app.app_context():
        assert db.session.scalar(select(func.count(Amendment.id))) == 1


def test_file_by_a_body_and_unpublished(app, world, staff):
    response = staff.post(f"{BASE}/new", data=form_data(
        filed_by_group=str(world["council_body_id"]), published=None))
    assert response.status_code == 303
    with app.app_context():
        amendment = db.session.scalar(select(Amendment))
        assert amendment.filer == "Lokaler Integrationsrat" and amendment.published_at is None
    listing = page(staff.get(f"{BASE}?lang=en"))
    assert "Lokaler Integrationsrat" in listing and "not public" in listing


@pytest.mark.parametrize(("values", "error_in"), [
    ({"number": ""}, "number"),
    ({"filed_by": "", "filed_by_group": ""}, "filed_by"),
    ({"filed_by": "SPD", "filed_by_group": "COUNCIL"}, "filed_by_group"),
    ({"filed_by_group": "999999999999"}, "filed_by_group"),
    ({"filed_on": "2008-13-45"}, "filed_on"),
    ({"filed_on": ""}, "filed_on"),
    ({"version": "99"}, "version"),
    ({"number": "x" * 41}, "number"),
])
def test_bad_amendment_input_is_refused_and_kept(app, world, staff, values, error_in):
    values = {key: str(world["council_body_id"]) if value == "COUNCIL" else value
              for key, value in values.items()}
    data = form_data(filed_by="Grüne", title="Mein Titel", **{k: v for k, v in values.items()
                                                                if k != "filed_by"})
    if "filed_by" in values:
        data["filed_by"] = values["filed_by"]
    response = staff.post(f"{BASE}/new?lang=en", data=data)
    assert response.status_code == 422
    html = page(response)
    assert f'id="{error_in}-error"' in html and 'value="Mein Titel"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Amendment.id))) == 0


def test_a_number_is_used_once(app, world, staff):
    amend(app, world, "7/2008", [])
    response = staff.post(f"{BASE}/new?lang=en", data=form_data(number="7/2008", filed_by="X"))
    assert response.status_code == 422
    assert "There is already an amendment with this number." in page(response)


def test_edit_and_a_stale_edit(app, world, staff):
    ids = amend(app, world, "8/2008", [])
    url = f"{BASE}/{ids['id']}/edit"
    first = page(staff.get(url))
    assert 'value="8/2008"' in first and 'name="lock_version" type="hidden" value="1"' in first
    response = staff.post(url, data=form_data(number="8a/2008", filed_by="SPD", lock_version="1"))
    assert response.status_code == 303
    stale = staff.post(f"{url}?lang=en", data=form_data(
        number="8b/2008", filed_by="CDU", lock_version="1"))
    assert stale.status_code == 409
    html = page(stale)
    assert "Someone else changed this in the meantime" in html and 'value="8b/2008"' in html
    assert 'name="lock_version" type="hidden" value="2"' in html
    with app.app_context():
        assert db.session.get(Amendment, ids["id"]).number == "8a/2008"
    junk = staff.post(url, data=form_data(number="8c/2008", filed_by="CDU", lock_version="x"))
    assert junk.status_code == 422


def test_an_amendment_with_points_stays_on_its_version(app, world, staff):
    ids = amend(app, world, "9/2008")
    response = staff.post(f"{BASE}/{ids['id']}/edit?lang=en", data=form_data(
        number="9/2008", filed_by="SPD", version="3", lock_version="1"))
    assert response.status_code == 409 and "cannot move to another" in page(response)


def test_list_groups_by_version_and_filters(app, world, staff):
    ids = amend(app, world, "1/2008")
    record(app, ids["points"][0], world["migration_committee_id"], "adopted")
    record(app, ids["points"][1], world["migration_committee_id"], "rejected")
    with app.test_request_context():
        file_amendment(world["process_id"], world["v3"], "2/2008", [], filed_by="Die Linke")
        db.session.commit()
    html = page(staff.get(f"{BASE}?lang=en"))
    assert 'id="version-2"' in html and 'id="version-3"' in html
    listing = text_of(html)
    assert "Adopted: 1" in listing and "Rejected: 1" in listing and "Not yet voted: 1" in listing
    assert "SPD-Fraktion" in listing and "Die Linke" in listing
    filtered = page(staff.get(f"{BASE}?version=3&lang=en"))
    assert "Die Linke" in filtered and "SPD-Fraktion" not in filtered
    assert f'{BASE}/new?version=3' in filtered


def test_delete_an_amendment(app, world, csrf_client, sign_in):
    ids = amend(app, world)
    record(app, ids["points"][0], world["migration_committee_id"], "adopted")
    sign_in(csrf_client, world["users"]["staff"])
    confirm = page(csrf_client.get(f"{BASE}/{ids['id']}/delete"))
    assert csrf_client.post(f"{BASE}/{ids['id']}/delete").status_code == 400
    response = csrf_client.post(f"{BASE}/{ids['id']}/delete",
                                data={"csrf_token": TOKEN.search(confirm).group(1)})
    assert response.status_code == 303 and response.location.endswith(BASE)
    with app.app_context():
        assert db.session.scalar(select(func.count(Amendment.id))) == 0
        assert db.session.scalar(select(func.count(AmendmentVote.id))) == 0
    assert "amendment.delete" in audit_actions(app)


# ---------------------------------------------------------------- points and their diff


def test_show_the_points_with_their_diff(app, world, staff):
    ids = amend(app, world)
    record(app, ids["points"][0], world["migration_committee_id"], "referred",
           held_on=date(2008, 1, 24))
    record(app, ids["points"][0], world["school_committee_id"], "adopted",
           held_on=date(2008, 2, 12), counts=(11, 2, 0))
    html = page(staff.get(f"{BASE}/{ids['id']}?lang=en"))
    first = html[html.index(f'id="point-{ids["points"][0]}"'):html.index(f'id="point-{ids["points"][1]}"')]
    assert "Ziel 1.1" in first and "New wording" in first
    assert re.search(r"<ins>(?:(?!</ins>).)*früh(?:(?!</ins>).)*</ins>", first)
    assert "Alle Kinder und Eltern lernen" in text_of(first)
    assert "Status: Adopted" in text_of(first)
    assert "Migrationsausschuss" in first and "Schulausschuss" in first
    assert text_of(first).count("Referred") >= 1 and ">11<" in first
    assert "Begründung: klarer und verbindlicher." in first
    assert "Edit point 1" not in first  # votes were recorded
    second = html[html.index(f'id="point-{ids["points"][1]}"'):html.index(f'id="point-{ids["points"][2]}"')]
    assert "Deletion" in second and "<del>" in second and "Text des Handlungsfelds 2." in second
    third = html[html.index(f'id="point-{ids["points"][2]}"'):]
    assert "Addition after the section" in third and "<ins>" in third
    assert "Mehrsprachigkeit wird gefördert." in third
    assert "was changed after the point was written" not in html


def test_a_warning_when_the_section_changed_after_filing(app, world, staff):
    ids = amend(app, world, points=[("g1", "replace", None, "Neu.")])
    with app.app_context():
        target = node(world["process_id"], world["v2"], "g1")
        text = db.session.scalar(select(SectionText).where(
            SectionText.node_id == target.id, SectionText.language == "de"))
        text.body = "Ein ganz anderer Text."
        text.refresh_fingerprint()
        db.session.commit()
    html = page(staff.get(f"{BASE}/{ids['id']}?lang=en"))
    assert "was changed after the point was written" in html
    assert "Ein ganz anderer Text." in html  # the diff is against the current text


def test_add_a_point_starting_from_the_section_text(app, world, csrf_client, sign_in):
    ids = amend(app, world, points=[])
    sign_in(csrf_client, world["users"]["staff"])
    url = f"{BASE}/{ids['id']}/points/new"
    form = page(csrf_client.get(f"{url}?section=g1"))
    options = re.findall(r'<option [^>]*value="([a-z0-9]+)"', form)
    assert options[:4] == ["f1", "g1", "f2", "g2"]  # document order
    assert "Alle Kinder und Eltern lernen Deutsch.</textarea>" in form
    response = csrf_client.post(url, data={
        "csrf_token": TOKEN.search(form).group(1), "section": "g1", "kind": "replace",
        "new_title": "", "new_body": "Alle Kinder und Eltern lernen früh Deutsch.",
        "justification": SCRIPT,
    })
    assert response.status_code == 303 and "#point-" in response.location
    with app.app_context():
        point = db.session.scalar(select(AmendmentPoint))
        assert (point.position, point.kind, point.section.key) == (1, "replace", "g1")
        assert point.justification == SCRIPT
    shown = page(csrf_client.get(f"{BASE}/{ids['id']}"))
    assert SCRIPT not in shown and "&lt;script&gt;" in shown
    assert "amendment.point" in audit_actions(app)


@pytest.mark.parametrize(("values", "error_in"), [
    ({"section": ""}, "section"),
    ({"section": "nope"}, "section"),
    ({"kind": "explode"}, "kind"),
    ({"kind": "add_after", "new_title": ""}, "kind"),
    ({"kind": "replace", "new_title": "", "new_body": ""}, "kind"),
    ({"new_title": "t" * 301}, "new_title"),
])
def test_bad_point_input(app, world, staff, values, error_in):
    ids = amend(app, world, points=[])
    data = {"section": "g1", "kind": "replace", "new_title": "", "new_body": "Neuer Text.",
            "justification": "Weil es besser ist."}
    data.update(values)
    response = staff.post(f"{BASE}/{ids['id']}/points/new?lang=en", data=data)
    assert response.status_code == 422
    html = page(response)
    assert f'id="{error_in}-error"' in html and "Weil es besser ist.</textarea>" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(AmendmentPoint.id))) == 0


def test_edit_a_point_stale_and_after_votes(app, world, staff):
    ids = amend(app, world)
    first, second = ids["points"][0], ids["points"][1]
    url = f"{BASE}/{ids['id']}/points/{second}/edit"
    assert 'name="lock_version" type="hidden" value="1"' in page(staff.get(url))
    data = {"section": "f2", "kind": "replace", "new_title": "Handlungsfeld Zwei",
            "new_body": "", "justification": "", "lock_version": "1"}
    assert staff.post(url, data=data).status_code == 303
    stale = staff.post(f"{url}?lang=en", data={**data, "new_title": "Anders"})
    assert stale.status_code == 409
    assert "Someone else changed this in the meantime" in page(stale) and 'value="Anders"' in page(stale)
    with app.app_context():
        point = db.session.get(AmendmentPoint, second)
        assert point.new_title == "Handlungsfeld Zwei"
        assert point.new_body == "Text des Handlungsfelds 2."  # title only: the text is kept
    record(app, first, world["migration_committee_id"], "adopted")
    voted = f"{BASE}/{ids['id']}/points/{first}/edit"
    assert "can no longer change" in page(staff.get(f"{voted}?lang=en"))
    refused = staff.post(f"{voted}?lang=en", data={**data, "section": "g1"})
    assert refused.status_code == 409 and "can no longer change" in page(refused)


def test_delete_a_point_and_the_later_ones_move_up(app, world, staff):
    ids = amend(app, world)
    url = f"{BASE}/{ids['id']}/points/{ids['points'][1]}/delete"
    assert "Delete point" in page(staff.get(f"{url}?lang=en"))
    assert staff.post(url).status_code == 303
    with app.app_context():
        points = db.session.scalars(select(AmendmentPoint).order_by(AmendmentPoint.position)).all()
        assert [(p.position, p.section.key) for p in points] == [(1, "g1"), (2, "g2")]
    record(app, ids["points"][0], world["migration_committee_id"], "adopted")
    refused = staff.post(f"{BASE}/{ids['id']}/points/{ids['points'][0]}/delete?lang=en")
    assert refused.status_code == 409 and "cannot be deleted" in page(refused)


# ---------------------------------------------------------------- votes


def _votes_data(world, ids, **rows) -> dict:
    data = {"group": str(world["migration_committee_id"]), "held_on": "2008-05-06"}
    for index, point_id in enumerate(ids["points"]):
        yes, no, abstain, result = rows.get(f"p{index + 1}", ("", "", "", ""))
        data.update({f"yes_{point_id}": yes, f"no_{point_id}": no,
                     f"abstain_{point_id}": abstain, f"result_{point_id}": result})
    return data


def test_record_the_votes_of_a_meeting(app, world, csrf_client, sign_in):
    ids = amend(app, world)
    sign_in(csrf_client, world["users"]["staff"])
    url = f"{BASE}/{ids['id']}/votes"
    form = page(csrf_client.get(f"{url}?lang=en"))
    bodies = re.findall(r'<option value="(\d+)"', form[form.index('id="group"'):])
    assert bodies[:3] == [str(world["migration_committee_id"]), str(world["school_committee_id"]),
                          str(world["city_council_id"])]
    assert "No vote on this point" in form
    response = csrf_client.post(url, data={
        "csrf_token": TOKEN.search(form).group(1),
        **_votes_data(world, ids, p1=("9", "4", "1", "adopted"), p2=("3", "10", "", "rejected")),
    })
    assert response.status_code == 303
    with app.app_context():
        points = db.session.scalars(select(AmendmentPoint).order_by(AmendmentPoint.position)).all()
        assert [p.status for p in points] == ["adopted", "rejected", "open"]
        assert points[0].decided_on == date(2008, 5, 6)
        votes = db.session.scalars(select(AmendmentVote).order_by(AmendmentVote.id)).all()
        assert [(v.yes, v.no, v.abstain, v.result) for v in votes] == [
            (9, 4, 1, "adopted"), (3, 10, 0, "rejected")]
    assert audit_actions(app).count("amendment.vote") == 2
    # The same body on the same day again: refused, nothing changes, the input is kept.
    again = csrf_client.post(f"{url}?lang=en", data={
        "csrf_token": TOKEN.search(form).group(1),
        **_votes_data(world, ids, p1=("5", "5", "5", "withdrawn"), p3=("1", "1", "1", "adopted")),
    })
    assert again.status_code == 422
    assert "already has a vote on point 0597/2008 / 1" in page(again)
    assert re.search(rf'name="yes_{ids["points"][0]}"[^>]*value="5"', page(again))
    with app.app_context():
        assert db.session.scalar(select(func.count(AmendmentVote.id))) == 2
        assert db.session.get(AmendmentPoint, ids["points"][2]).status == "open"


@pytest.mark.parametrize(("rows", "error_in"), [
    ({"p1": ("zwölf", "", "", "adopted")}, "yes_{p1}"),
    ({"p1": ("-3", "", "", "adopted")}, "yes_{p1}"),
    ({"p1": ("1", "9999999", "", "adopted")}, "no_{p1}"),
    ({"p1": ("1", "2", "3", "")}, "result_{p1}"),
    ({"p1": ("1", "2", "3", "bogus")}, "result_{p1}"),
    ({}, "group"),
])
def test_bad_vote_input(app, world, staff, rows, error_in):
    ids = amend(app, world)
    data = _votes_data(world, ids, **rows)
    response = staff.post(f"{BASE}/{ids['id']}/votes?lang=en", data=data)
    assert response.status_code == 422
    html = page(response)
    assert f'id="{error_in.format(p1=ids["points"][0])}-error"' in html
    for value in rows.get("p1", ())[:3]:
        if value:
            assert f'value="{value}"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(AmendmentVote.id))) == 0


def test_bad_body_and_date(app, world, staff):
    ids = amend(app, world)
    data = _votes_data(world, ids, p1=("1", "2", "3", "adopted"))
    for change, error_in in (({"group": "999999999999"}, "group"), ({"held_on": "gestern"}, "held_on")):
        response = staff.post(f"{BASE}/{ids['id']}/votes", data={**data, **change})
        assert response.status_code == 422 and f'id="{error_in}-error"' in page(response)


def test_edit_and_delete_a_vote(app, world, staff):
    ids = amend(app, world)
    point_id = ids["points"][0]
    first = record(app, point_id, world["migration_committee_id"], "referred", held_on=date(2008, 1, 24))
    second = record(app, point_id, world["school_committee_id"], "adopted", held_on=date(2008, 2, 12))
    url = f"{BASE}/{ids['id']}/votes/{second}/edit"
    assert 'value="2008-02-12"' in page(staff.get(url))
    data = {"group": str(world["school_committee_id"]), "held_on": "2008-02-12", "yes": "2",
            "no": "12", "abstain": "", "result": "rejected", "note": "Knapp."}
    assert staff.post(url, data={**data, "yes": "x"}).status_code == 422
    assert staff.post(url, data=data).status_code == 303
    with app.app_context():
        point = db.session.get(AmendmentPoint, point_id)
        assert point.status == "rejected"
        assert (point.votes[-1].yes, point.votes[-1].no, point.votes[-1].note) == (2, 12, "Knapp.")
    clash = staff.post(url + "?lang=en", data={
        **data, "group": str(world["migration_committee_id"]), "held_on": "2008-01-24"})
    assert clash.status_code == 422 and "already has a vote" in page(clash)
    assert staff.post(f"{BASE}/{ids['id']}/votes/{second}/delete").status_code == 303
    with app.app_context():
        assert db.session.get(AmendmentPoint, point_id).status == "referred"
        assert db.session.get(AmendmentVote, first) is not None
    assert "amendment.vote_delete" in audit_actions(app)


def test_votes_of_an_applied_point_are_final(app, world, staff):
    ids = amend(app, world)
    point_id = ids["points"][0]
    vote_id = record(app, point_id, world["migration_committee_id"], "adopted")
    with app.app_context():
        db.session.add(PointApplication(
            point_id=point_id, version_id=version_of(world["process_id"], 3).id,
            section_id=section(world["process_id"], "g1").id,
        ))
        db.session.commit()
    assert "its votes are final" in page(staff.get(f"{BASE}/{ids['id']}/votes/{vote_id}/edit?lang=en"))
    refused = staff.post(f"{BASE}/{ids['id']}/votes/{vote_id}/delete?lang=en")
    assert refused.status_code == 409 and "its votes are final" in page(refused)
    shown = page(staff.get(f"{BASE}/{ids['id']}?lang=en"))
    assert "applied to a newer version" in shown and f"/votes/{vote_id}/edit" not in shown
    # The votes form leaves the applied point out.
    form = page(staff.get(f"{BASE}/{ids['id']}/votes"))
    assert f'name="yes_{point_id}"' not in form and f'name="yes_{ids["points"][1]}"' in form
    deleted = staff.post(f"{BASE}/{ids['id']}/delete?lang=en")
    assert deleted.status_code == 409 and "cannot be deleted" in page(deleted)


def test_german_and_arabic_pages(app, world, staff):
    ids = amend(app, world)
    for language in ("de", "ar"):
        for path in (BASE, f"{BASE}/{ids['id']}", f"{BASE}/{ids['id']}/votes",
                     f"{BASE}/{ids['id']}/points/new"):
            response = staff.get(f"{path}?lang={language}")
            assert response.status_code == 200
            html = page(response)
            assert f'<html lang="{language}"' in html and html.count("<h1") == 1


# ---------------------------------------------------------------- queries per page


def _amendments(app, world, count: int) -> None:
    with app.test_request_context():
        staff = db.session.get(User, world["users"]["staff"].id)
        for i in range(count):
            amendment = file_amendment(
                world["process_id"], world["v2"], f"{i + 1}/2008",
                [("g1", "replace", None, f"Text {i}."), ("f2", "delete", None, None)], actor=staff,
            )
            vote(amendment.points[0], world["migration_committee_id"], "adopted", actor=staff)
        db.session.commit()


def _list_queries(app, world, staff, count_queries) -> int:
    staff.get(BASE)
    with count_queries() as counter:
        assert staff.get(BASE).status_code == 200
    return counter.count


def test_list_queries_do_not_grow(app, world, staff, count_queries):
    _amendments(app, world, 3)
    few = _list_queries(app, world, staff, count_queries)
    _amendments_more = 27
    with app.test_request_context():
        for i in range(_amendments_more):
            file_amendment(world["process_id"], world["v3"], f"{i + 100}/2008",
                           [("g1", "delete", None, None)], filed_by="Grüne")
        db.session.commit()
    many = _list_queries(app, world, staff, count_queries)
    assert few == many, (few, many)


def test_show_queries_do_not_grow(app, world, staff, count_queries):
    keys = ["f1", "g1", "f2", "g2"]

    def points(n):
        return [(keys[i % 4], "replace", None, f"Neuer Text {i}.") for i in range(n)]

    small = amend(app, world, "1/2008", points(3))
    large = amend(app, world, "2/2008", points(30))
    for ids in (small, large):
        for index, point_id in enumerate(ids["points"]):
            record(app, point_id, world["migration_committee_id"], "adopted" if index % 2 else "rejected")
    counts = []
    for ids in (small, large):
        for path in (f"{BASE}/{ids['id']}", f"{BASE}/{ids['id']}/votes"):
            staff.get(path)
            with count_queries() as counter:
                assert staff.get(path).status_code == 200
            counts.append(counter.count)
    assert counts[:2] == counts[2:], counts
