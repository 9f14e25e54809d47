"""The adopted version generated from the adopted points: new wording, deletions and additions
applied through the plan services, every applied point linked to its section, conflicts
refused until resolved (by choosing a point or by hand), one generation per version; and the
staff preview with its diffs, its conflict form and its query budget."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.council.adoption import (
    AlreadyApplied,
    Resolution,
    generate_adopted_version,
    plan_adoption,
)
from consult.council.models import PointApplication
from consult.errors import StaleEdit, ValidationFailed
from consult.extensions import db
from consult.plans.models import Section, SectionVersion, Version
from tests.helpers_council import council_world, file_amendment, version_of, vote

LABEL = {"de": "Beschlossene Fassung", "en": "Adopted version"}
BASE = "/manage/processes/lip/v"


@pytest.fixture
def world(app, make_process, make_user):
    return council_world(app, make_process, make_user)


def staff(world) -> User:
    return db.session.get(User, world["users"]["staff"].id)


def node_in(version: Version, key: str) -> SectionVersion | None:
    return db.session.scalar(
        select(SectionVersion).join(Section).where(
            SectionVersion.version_id == version.id, Section.key == key
        )
    )


def adopt_all(amendment, world, rejected=()) -> None:
    for point in amendment.points:
        result = "rejected" if point.position in rejected else "adopted"
        vote(point, world["migration_committee_id"], result)


def versions_count(process_id: int) -> int:
    return db.session.scalar(select(func.count(Version.id)).where(Version.process_id == process_id))


def applications() -> dict[int, PointApplication]:
    return {a.point_id: a for a in db.session.scalars(select(PointApplication))}


# --- services ----------------------------------------------------------------------------


def test_new_wording_deletion_and_addition_are_applied_and_linked(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "0597/2008", [
            ("g1", "replace", None, "Alle Kinder lernen früh Deutsch."),
            ("g2", "delete", None, None),
            ("g1", "add_after", "Ziel 1.2", "Mehrsprachigkeit wird gefördert."),
            ("f2", "replace", "Handlungsfeld Arbeit", "Abgelehnt."),
            ("f1", "replace", "Handlungsfeld Bildung", None),
        ])
        adopt_all(amendment, world, rejected={4})
        db.session.commit()
        replace, delete, add, rejected, retitle = amendment.points
        v2 = version_of(world["process_id"], world["v2"])

        plan = plan_adoption(v2)
        assert [c.node.number for c in plan.changes] == ["1", "1.1", "2.1"]
        assert [a.title for a in plan.additions] == ["Ziel 1.2"]
        assert plan.conflicts == [] and plan.applied == [] and plan.lost == []
        assert [p.id for p in plan.other_points] == [rejected.id]
        assert plan.changes[1].old_body == "Alle Kinder und Eltern lernen Deutsch."

        new = generate_adopted_version(v2, actor=staff(world), label=LABEL)
        db.session.commit()

        new = db.session.get(Version, new.id)
        assert (new.status, new.based_on_id, new.label) == ("adopted", v2.id, LABEL)
        assert new.published_at is not None
        g1 = node_in(new, "g1")
        assert (g1.text("de").title, g1.text("de").body) == ("Ziel 1.1", "Alle Kinder lernen früh Deutsch.")
        assert node_in(new, "g2") is None and node_in(v2, "g2") is not None
        assert node_in(new, "f2").number == "2"
        added = db.session.scalar(
            select(SectionVersion).where(SectionVersion.version_id == new.id,
                                         SectionVersion.number == "1.2")
        )
        assert added.text("de").title == "Ziel 1.2"
        assert (added.kind, added.parent.section.key) == ("goal", "f1")
        assert node_in(new, "f2").text("de").title == "Handlungsfeld 2"  # rejected: unchanged

        links = applications()
        assert set(links) == {replace.id, delete.id, add.id, retitle.id}
        assert links[replace.id].section_id == g1.section_id
        assert links[delete.id].section_id == node_in(v2, "g2").section_id
        assert links[add.id].section_id == added.section_id
        assert {a.version_id for a in links.values()} == {new.id}
        assert not any(a.manual for a in links.values())

        # The English translation of the retitled section is now outdated; v2's is not.
        f1 = node_in(new, "f1")
        assert (f1.text("de").title, f1.text("de").body) == ("Handlungsfeld Bildung",
                                                             "Text des Handlungsfelds 1.")
        assert f1.text("en").is_outdated(f1.text("de"))
        assert f1.text("en").title == "Field of action 1"
        old = node_in(v2, "f1")
        assert not old.text("en").is_outdated(old.text("de"))
        assert node_in(v2, "g1").text("de").body == "Alle Kinder und Eltern lernen Deutsch."

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "version.adopt"))
        assert entry.object_id == new.id
        assert entry.params["points"] == (
            "0597/2008 / 1, 0597/2008 / 2, 0597/2008 / 3, 0597/2008 / 5"
        )


def test_additions_after_one_section_keep_point_order_and_deletion_takes_subsections(app, world):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "1/2008", [
            ("f1", "add_after", "Erstes Neues", "A"),
            ("f1", "add_after", "Zweites Neues", "B"),
            ("f2", "delete", None, None),
            ("g2", "replace", None, "Geht mit unter."),
            ("g2", "delete", None, None),
            ("g1", "replace", None, "Neu."),
        ])
        adopt_all(amendment, world)
        db.session.commit()
        v2 = version_of(world["process_id"], world["v2"])
        plan = plan_adoption(v2)
        # Document order: additions after field 1 follow its goal 1.1.
        assert [entry.point.position if hasattr(entry, "point") else entry.node.number
                for entry in plan.entries] == ["1.1", 1, 2, "2", "2.1"]
        assert [item.point.position for item in plan.lost] == [4]
        assert "2 “Handlungsfeld 2”" in plan.lost[0].reason
        assert [c.implied for c in plan.changes] == [False, False, True]

        new = generate_adopted_version(v2, actor=staff(world), label=LABEL, adopt=False)
        db.session.commit()
        numbers = {
            n.number: n.text("de").title
            for n in db.session.scalars(select(SectionVersion).where(SectionVersion.version_id == new.id))
        }
        assert numbers == {"1": "Handlungsfeld 1", "1.1": "Ziel 1.1", "2": "Erstes Neues",
                           "3": "Zweites Neues"}
        assert new.status == "draft" and new.published_at is None
        assert sorted(p.position for p in amendment.points if p.id in applications()) == [
            1, 2, 3, 5, 6,
        ]


def _conflict(app, world):
    """Two amendments on g1: new wording by one party, deletion by another."""
    with app.test_request_context():
        first = file_amendment(world["process_id"], world["v2"], "2/2008", [
            ("g1", "replace", "Ziel 1.1 neu", "Fassung der SPD."),
        ])
        second = file_amendment(world["process_id"], world["v2"], "3/2008", [
            ("g1", "delete", None, None), ("f2", "replace", None, "Unstrittig."),
        ], filed_by="CDU-Fraktion")
        adopt_all(first, world)
        adopt_all(second, world)
        db.session.commit()
        return first.points[0].id, second.points[0].id, second.points[1].id


def test_a_conflict_is_refused_until_resolved_by_choice(app, world):
    replace_id, delete_id, other_id = _conflict(app, world)
    with app.test_request_context():
        v2 = version_of(world["process_id"], world["v2"])
        section_id = node_in(v2, "g1").section_id
        plan = plan_adoption(v2)
        assert [c.section_id for c in plan.unresolved] == [section_id]
        with pytest.raises(ValidationFailed, match="1.1 “Ziel 1.1”"):
            generate_adopted_version(v2, actor=staff(world), label=LABEL)
        for bad in (Resolution("point:999999"), Resolution("nonsense"),
                    Resolution("manual", title=" "), Resolution("manual", title="T", considered=())):
            with pytest.raises(ValidationFailed):
                generate_adopted_version(v2, actor=staff(world), label=LABEL,
                                         resolutions={section_id: bad})
        assert versions_count(world["process_id"]) == 3

        new = generate_adopted_version(
            v2, actor=staff(world), label=LABEL,
            resolutions={section_id: Resolution(f"point:{delete_id}")},
        )
        db.session.commit()
        assert node_in(new, "g1") is None
        assert node_in(new, "f2").text("de").body == "Unstrittig."
        links = applications()
        assert set(links) == {delete_id, other_id}
        assert not links[delete_id].manual


def test_a_conflict_resolved_by_hand_links_the_points_taken_into_account(app, world):
    replace_id, delete_id, _other = _conflict(app, world)
    with app.test_request_context():
        v2 = version_of(world["process_id"], world["v2"])
        section_id = node_in(v2, "g1").section_id
        new = generate_adopted_version(
            v2, actor=staff(world), label=LABEL,
            resolutions={section_id: Resolution("manual", title="Ziel 1.1 (Kompromiss)",
                                                body="Von Hand.", considered=(replace_id,))},
        )
        db.session.commit()
        text = node_in(new, "g1").text("de")
        assert (text.title, text.body) == ("Ziel 1.1 (Kompromiss)", "Von Hand.")
        links = applications()
        assert links[replace_id].manual and delete_id not in links


def test_identical_points_are_no_conflict(app, world):
    with app.test_request_context():
        first = file_amendment(world["process_id"], world["v2"], "4/2008", [
            ("g1", "replace", None, "Gleich."), ("g1", "replace", None, "Gleich."),
        ])
        adopt_all(first, world)
        db.session.commit()
        plan = plan_adoption(version_of(world["process_id"], world["v2"]))
        assert plan.conflicts == [] and len(plan.changes[0].linked) == 2


def test_generation_happens_once_and_refuses_without_adopted_points(app, world):
    with app.test_request_context():
        v2 = version_of(world["process_id"], world["v2"])
        with pytest.raises(ValidationFailed):
            plan_adoption(v2)
        amendment = file_amendment(world["process_id"], world["v2"], "5/2008", [
            ("g1", "replace", None, "Einmal."),
        ])
        adopt_all(amendment, world)
        db.session.commit()
        with pytest.raises(StaleEdit):
            generate_adopted_version(v2, actor=staff(world), label=LABEL, expected="0" * 16)
        with pytest.raises(ValidationFailed):
            generate_adopted_version(v2, actor=staff(world), label={"de": "  "})
        new = generate_adopted_version(v2, actor=staff(world), label=LABEL,
                                       expected=plan_adoption(v2).fingerprint)
        db.session.commit()
        with pytest.raises(AlreadyApplied) as refused:
            generate_adopted_version(v2, actor=staff(world), label=LABEL)
        assert refused.value.version_number == new.number
        assert plan_adoption(v2).applied_version_number == new.number
        db.session.rollback()
        assert versions_count(world["process_id"]) == 4


# --- pages -------------------------------------------------------------------------------


def _filed(app, world, points, rejected=()):
    with app.test_request_context():
        amendment = file_amendment(world["process_id"], world["v2"], "0597/2008", points)
        adopt_all(amendment, world, rejected=rejected)
        db.session.commit()
        return [p.id for p in amendment.points]


def entry_html(page: str, marker: str) -> str:
    """The markup of one entry of the preview, from its id to the next entry."""
    rest = page.split(marker, 1)[1]
    return re.split(r'<li class="adoption-entry|</ol>\s*<h2', rest, maxsplit=1)[0]


@pytest.mark.parametrize("method", ["get", "post"])
def test_access(app, world, client, sign_in, method):
    url = f"{BASE}/{world['v2']}/adopt"
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")
    for role, expected in (("outsider", 403), ("council_member", 403), ("staff", 200),
                           ("admin", 200)):
        signed = sign_in(app.test_client(), world["users"][role])
        response = getattr(signed, method)(url)
        if method == "post" and expected == 200:
            expected = 303  # nothing adopted: back to the preview
        assert response.status_code == expected, role
    signed = sign_in(app.test_client(), world["users"]["staff"])
    assert signed.get(f"{BASE}/99/adopt").status_code == 404
    assert signed.get(f"/manage/processes/other/v/{world['v2']}/adopt").status_code == 404


def test_preview_shows_diffs_and_points_not_applied(app, world, client, sign_in):
    _filed(app, world, [
        ("g1", "replace", None, "Alle Kinder lernen früh Deutsch."),
        ("g2", "add_after", "Ziel 2.2 <img src=x onerror=alert(1)>", "<script>alert(1)</script>Neu."),
        ("f2", "delete", None, None),
    ], rejected={3})
    sign_in(client, world["users"]["staff"])
    page = client.get(f"{BASE}/{world['v2']}/adopt?lang=en").get_data(as_text=True)
    entry = entry_html(page, 'id="section-g1"')
    assert re.search(r"<ins>.*früh.*</ins>", entry) and re.search(r"<del>.*und Eltern.*</del>", entry)
    assert "Point 0597/2008 / 1" in entry
    addition = entry_html(page, 'id="section-g2-add-')
    assert "Ziel 2.2" in addition and "<script>alert" not in page
    assert "Ziel 2.2 &lt;img src=x onerror=alert(1)&gt;" in addition and "Neu." in addition
    assert "<img src=x" not in page
    not_applied = page.split('id="not-applied"')[1].split("</table>")[0]
    assert "0597/2008 / 3" in not_applied and "Rejected" in not_applied
    assert 'value="Beschlossene Fassung"' in page and 'value="Adopted version"' in page
    assert re.search(r'<input[^>]*checked[^>]*name="adopt"|<input[^>]*name="adopt"[^>]*checked', page)
    assert page.count("<h1") == 1


def test_preview_without_adopted_points(app, world, client, sign_in):
    sign_in(client, world["users"]["staff"])
    page = client.get(f"{BASE}/{world['v2']}/adopt").get_data(as_text=True)
    assert 'id="nothing-adopted"' in page
    assert f'action="{BASE}/{world["v2"]}/adopt"' not in page


def test_conflict_form_keeps_input_then_generates(app, world, client, sign_in):
    replace_id, delete_id, _other = _conflict(app, world)
    with app.test_request_context():
        section_id = node_in(version_of(world["process_id"], world["v2"]), "g1").section_id
    sign_in(client, world["users"]["staff"])
    url = f"{BASE}/{world['v2']}/adopt?lang=en"
    page = client.get(url).get_data(as_text=True)
    fingerprint = re.search(r'<input id="plan" name="plan" type="hidden" value="(\w+)">', page)[1]
    data = {
        "label_de": "Meine Fassung", "label_en": "My version", "changelog_de": "Was neu ist.",
        "adopt": "y", "plan": fingerprint, f"title_{section_id}": "Mein Titel",
        f"body_{section_id}": "Mein Text.", f"considered_{section_id}": [str(replace_id)],
    }
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for typed in ("Meine Fassung", "My version", "Was neu ist.", "Mein Titel", "Mein Text."):
        assert typed in page
    assert f'id="resolution_{section_id}-error">Choose how section 1.1' in page
    with app.app_context():
        assert versions_count(world["process_id"]) == 3

    response = client.post(url, data={**data, "plan": "0" * 16,
                                      f"resolution_{section_id}": "manual"})
    assert response.status_code == 409 and "Mein Titel" in response.get_data(as_text=True)

    data[f"resolution_{section_id}"] = "manual"
    response = client.post(url, data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/manage/processes/lip/v/4")
    again = client.post(url, data=data)  # a second click
    assert again.status_code == 303 and again.headers["Location"].endswith("/lip/v/4")
    with app.app_context():
        assert versions_count(world["process_id"]) == 4
        new = version_of(world["process_id"], 4)
        assert (new.label, new.status) == ({"de": "Meine Fassung", "en": "My version"}, "adopted")
        assert new.changelog == {"de": "Was neu ist."}
        assert node_in(new, "g1").text("de").title == "Mein Titel"
        links = applications()
        assert links[replace_id].manual and delete_id not in links
    shown = client.get("/manage/processes/lip/v/4?lang=en").get_data(as_text=True)
    assert "Version 4" in shown
    assert 'id="already-applied"' in client.get(url).get_data(as_text=True)


def test_preview_queries_do_not_grow_with_points(app, world, client, sign_in, count_queries):
    kinds = [
        ("g1", "replace", None, "Neu {i}."), ("g2", "add_after", "Neu {i}", "Text {i}."),
        ("f2", "replace", "Feld {i}", "Feld {i}."), ("g1", "add_after", "Mehr {i}", "{i}"),
    ]

    def file(number: str, count: int, start: int) -> None:
        points = [
            (key, kind, title.format(i=i) if title else None, body.format(i=i))
            for i in range(start, start + count)
            for key, kind, title, body in [kinds[i % len(kinds)]]
        ]
        with app.test_request_context():
            amendment = file_amendment(world["process_id"], world["v2"], number, points)
            adopt_all(amendment, world, rejected={2})
            db.session.commit()

    sign_in(client, world["users"]["staff"])
    url = f"{BASE}/{world['v2']}/adopt?lang=en"
    file("10/2008", 3, 0)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    file("11/2008", 9, 3)
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('class="adoption-entry') > 6
    assert few.count == many.count, (few.count, many.count)
    print(f"preview queries: {few.count}")


def test_an_expired_form_comes_back_with_what_was_typed(app, world, csrf_client, sign_in):
    _filed(app, world, [("g1", "replace", None, "Neu.")])
    sign_in(csrf_client, world["users"]["staff"])
    response = csrf_client.post(
        f"{BASE}/{world['v2']}/adopt?lang=en",
        data={"label_de": "Fassung vom Rat", "adopt": "y", "csrf_token": "expired"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 422)
    assert 'value="Fassung vom Rat"' in page and 'name="csrf_token" type="hidden" value="' in page
    with app.app_context():
        assert versions_count(world["process_id"]) == 3
