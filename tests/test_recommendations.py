"""A body's recommendations entered in one go: the list is cut into items (paragraphs, list
items), items naming a section number are filed under it, one contribution holds the list and
one suggestion is taken out of each item; the staff form previews before it saves."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.audit.models import AuditEntry
from consult.council import recommendations
from consult.errors import ValidationFailed
from consult.extensions import db
from consult.participation.models import Contribution
from consult.plans.models import Process
from consult.plans.queries import version_nodes
from consult.triage.models import Group, Suggestion
from tests.helpers_council import version_of
from tests.test_internal_versions import client_as, internal_world

RECOMMENDATIONS = """Empfehlungen des Lokalen Integrationsrats zum Verwaltungsentwurf:

1. Ziel 1.1: Sprachkurse auch am Abend anbieten.
2. Die Beratung soll mehrsprachig sein,
   auch am Telefon.
- 2.1 Mehr Plätze in Kitas für neu zugewanderte Familien.
• Handlungsfeld 2: Sportvereine einbeziehen.

Abschließend bitten wir um eine Rückmeldung bis Juni."""


@pytest.fixture
def world(app, make_process, make_user):
    return internal_world(app, make_process, make_user)


def _items(app, world, text=RECOMMENDATIONS):
    with app.test_request_context():
        nodes = version_nodes(version_of(world["process_id"], world["v3"]))
        return [(item.text, item.section_number)
                for item in recommendations.parse_items(text, nodes)]


def test_items_are_list_items_and_paragraphs_with_their_sections(app, world):
    assert _items(app, world) == [
        ("Ziel 1.1: Sprachkurse auch am Abend anbieten.", "1.1"),
        ("Die Beratung soll mehrsprachig sein,\n   auch am Telefon.", None),
        ("2.1 Mehr Plätze in Kitas für neu zugewanderte Familien.", "2.1"),
        ("Handlungsfeld 2: Sportvereine einbeziehen.", "2"),
        ("Abschließend bitten wir um eine Rückmeldung bis Juni.", None),
    ]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3 Kitas mehr im Stadtteil.", None),  # a count, not a section
        ("9.9 Gibt es nicht.", None),  # no such section in the version
        ("Ziel 2.1 ist zu vage.", "2.1"),
        ("2.1. Punkt mit Schlusspunkt.", "2.1"),
        ("Handlungsfeld 2 braucht Geld.", None),  # a bare number needs a colon
        ("Zu 1: unklar.", "1"),
    ],
)
def test_section_numbers(app, world, text, number):
    assert _items(app, world, text) == [(text, number)]


def test_crlf_and_empty_markers(app, world):
    assert _items(app, world, "a\r\n\r\n-\r\n- b\r\n") == [("a", None), ("-", None), ("b", None)]
    assert _items(app, world, "Einleitung:\n\n") == []


def _enter(app, world, text=RECOMMENDATIONS, *, body_key="council_body", key=None, **kw):
    with app.test_request_context("/?lang=en"):
        process = db.session.get(Process, world["process_id"])
        contribution, suggestions = recommendations.enter_recommendations(
            process, version_of(process.id, world["v3"]),
            db.session.get(Group, world[f"{body_key}_id"]),
            actor=db.session.get(User, world["users"]["staff"].id), text=text,
            received_on=kw.pop("received_on", date.today()), language=kw.pop("language", "de"),
            idempotency_key=key, **kw,
        )
        db.session.commit()
        return contribution.id, [s.number for s in suggestions]


def test_one_contribution_and_one_suggestion_per_item(app, world):
    contribution_id, numbers = _enter(app, world)
    assert len(numbers) == 5
    with app.app_context():
        contribution = db.session.get(Contribution, contribution_id)
        assert (contribution.kind, contribution.channel, contribution.submitter_type) == (
            "statement", "advisory_council", "council"
        )
        assert contribution.body_id == world["council_body_id"]
        assert contribution.submitter_name == "Lokaler Integrationsrat"
        assert contribution.entered_by_id == world["users"]["staff"].id
        assert contribution.split_done_at is not None and contribution.receipt_number
        assert contribution.body == RECOMMENDATIONS
        assert sorted(s.key for s in contribution.sections) == ["f2", "g1", "g2"]
        suggestions = db.session.scalars(
            select(Suggestion).where(Suggestion.contribution_id == contribution_id)
            .order_by(Suggestion.number)
        ).all()
        for suggestion in suggestions:  # passages point into the original text
            assert contribution.body[suggestion.passage_start:suggestion.passage_end] == (
                suggestion.passage
            )
        assert [[s.key for s in sug.sections] for sug in suggestions] == [
            ["g1"], [], ["g2"], ["f2"], []
        ]
        # The expert group Bildung answers for field 1 and below.
        assert suggestions[0].group_id == world["bildung_id"]
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "recommendations.enter")
        )
        assert entry.params["body"] == "Lokaler Integrationsrat" and entry.params["count"] == 5


def test_channels_follow_the_body(app, world):
    committee = _enter(app, world, "Eins.\n\nZwei.", body_key="migration_committee")[0]
    group = _enter(app, world, "Drei.", body_key="bildung")[0]
    with app.app_context():
        assert db.session.get(Contribution, committee).channel == "committee"
        assert db.session.get(Contribution, group).channel == "body"


def test_the_same_key_stores_once(app, world):
    first = _enter(app, world, key="same-key")
    assert _enter(app, world, key="same-key") == first
    with app.app_context():
        assert db.session.scalar(select(func.count(Suggestion.id))) == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"received_on": date.today() + timedelta(days=1)}, "future"),
        ({"text": "   "}, "Please enter"),
        ({"text": "Nur eine Einleitung:"}, "No recommendations"),
        ({"language": "xx"}, "language"),
        ({"text": "x" * (recommendations.TEXT_MAX_LENGTH + 1)}, "at most"),
    ],
)
def test_validation(app, world, change, message):
    with pytest.raises(ValidationFailed, match=message):
        _enter(app, world, **change)
    with app.app_context():
        assert db.session.scalar(select(func.count(Contribution.id)).where(
            Contribution.body_id.is_not(None))) == 0


def test_a_body_of_another_process_is_refused(app, world, make_process):
    other = make_process(slug="other")
    with app.test_request_context():
        from consult.triage import services as triage

        stranger = triage.save_group(db.session.get(Process, other["process_id"]), actor=None,
                                     name="Fremder Rat", kind="advisory_council")
        process = db.session.get(Process, world["process_id"])
        with pytest.raises(ValidationFailed):
            recommendations.enter_recommendations(
                process, version_of(process.id, world["v3"]), stranger, actor=None,
                text="Eins.", received_on=date.today(), language="de",
            )


# ---------------------------------------------------------------- the staff page


PATH = "/manage/processes/lip/recommendations/new"


def _form(world, **overrides):
    data = {
        "body": str(world["council_body_id"]), "version": str(world["v3"]),
        "received_on": date.today().isoformat(), "language": "de", "text": RECOMMENDATIONS,
        "idempotency_key": "form-key-1",
    }
    data.update(overrides)
    return data


def test_page_permissions(app, world):
    for reader in ("resident", "member"):
        assert client_as(app, world, reader).get(PATH).status_code == 403
    assert client_as(app, world, "anonymous").get(PATH).status_code in (302, 401)
    html = client_as(app, world, "staff").get(PATH + "?lang=en").get_data(as_text=True)
    assert html.count("<h1>") == 1 and "Lokaler Integrationsrat (Advisory council)" in html
    assert f'<option selected value="{world["v3"]}">' in html


def test_preview_then_save(app, world):
    staff = client_as(app, world, "staff")
    preview = staff.post(PATH + "?lang=en", data=_form(world))
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Preview: 5 recommendations" in html and "No section recognised" in html
    assert "Sprachkurse auch am Abend anbieten." in html
    assert "Empfehlungen des Lokalen Integrationsrats" not in html.split('id="preview"')[1].split(
        "</table>")[0]
    digest = re.search(r'name="previewed" type="hidden" value="([0-9a-f]+)"', html)
    assert digest is not None
    with app.app_context():
        assert db.session.scalar(select(func.count(Contribution.id)).where(
            Contribution.body_id.is_not(None))) == 0
    # The text changed after the preview: shown again, nothing saved.
    changed = staff.post(PATH + "?lang=en", data=_form(
        world, text=RECOMMENDATIONS + "\n\nNoch etwas.", previewed=digest[1], action="save"))
    assert changed.status_code == 422
    assert "The text changed since the preview" in changed.get_data(as_text=True)
    assert "Noch etwas." in changed.get_data(as_text=True)
    saved = staff.post(PATH + "?lang=en", data=_form(world, previewed=digest[1], action="save"))
    assert saved.status_code == 303
    with app.app_context():
        contribution = db.session.scalar(
            select(Contribution).where(Contribution.body_id.is_not(None))
        )
        assert saved.headers["Location"].endswith(f"/triage/lip/contributions/{contribution.id}")
        assert db.session.scalar(select(func.count(Suggestion.id)).where(
            Suggestion.contribution_id == contribution.id)) == 5
    page = staff.get(saved.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "5 suggestions were taken from the recommendations of Lokaler Integrationsrat" in page
    assert "A-1, A-2, A-3, A-4, A-5" in page
    # The same form sent again does not store the list twice.
    again = staff.post(PATH, data=_form(world, previewed=digest[1], action="save"))
    assert again.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Suggestion.id))) == 5


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"body": ""}, 422, "Please choose the body."),
        ({"received_on": "kein Datum"}, 422, None),
        ({"received_on": (date.today() + timedelta(days=3)).isoformat()}, 422, "future"),
        ({"text": "Nur eine Einleitung:"}, 422, "No recommendations were found"),
        ({"version": "99"}, 422, None),
        ({"body": "999999"}, 422, None),
    ],
)
def test_errors_keep_the_text(app, world, overrides, status, message):
    text = "Eigener Text <script>alert(1)</script> bleibt."
    data = _form(world, text=overrides.pop("text", text), **overrides)
    response = client_as(app, world, "staff").post(PATH + "?lang=en", data=data)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    if message:
        assert message in html
    assert ("Eigener Text &lt;script&gt;alert(1)&lt;/script&gt; bleibt." in html
            or "Nur eine Einleitung:" in html)
    assert "<script>alert(1)</script>" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Contribution.id)).where(
            Contribution.body_id.is_not(None))) == 0
