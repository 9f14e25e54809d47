"""Organisations: public profile, registration by residents, members managed by managers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from consult.accounts import services
from consult.accounts.models import Membership, MembershipRole, Organisation, User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.models import utcnow

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def page(response) -> str:
    return response.get_data(as_text=True)


def org_by_slug(app, slug: str) -> Organisation | None:
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        if org is not None:
            db.session.expunge(org)
        return org


def memberships_of(app, org_id: int) -> dict[int, str]:
    with app.app_context():
        rows = db.session.scalars(select(Membership).where(Membership.organisation_id == org_id))
        return {m.user_id: m.role for m in rows}


def add_membership(app, user, org, role=MembershipRole.MEMBER) -> int:
    with app.app_context():
        membership = Membership(user_id=user.id, organisation_id=org.id, role=str(role))
        db.session.add(membership)
        db.session.commit()
        return membership.id


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Deutsch-Türkischer Elternverein",
        "kind": "migrant_organisation",
        "description": "Wir beraten Eltern.",
        "website": "https://eltern.example.org",
        "contact_email": "info@eltern.example.org",
    }
    data.update(overrides)
    return data


# --- public page ------------------------------------------------------------------------------


def test_public_page_shows_the_organisation(client, make_organisation):
    make_organisation(
        name="Kulturverein Linden", slug="kulturverein", kind="association",
        description="We run **courses**.", website="https://kultur.example.org",
        contact_email="info@kultur.example.org",
    )
    response = client.get("/o/kulturverein?lang=en")
    assert response.status_code == 200
    html = page(response)
    assert "<h1" in html and html.count("<h1") == 1
    assert "Kulturverein Linden" in html
    assert "Association" in html
    assert "<strong>courses</strong>" in html
    assert '<a href="https://kultur.example.org" rel="nofollow noopener">' in html
    assert "mailto:info@kultur.example.org" in html
    assert "Verified by the city" not in html


def test_verified_badge(client, make_user, make_organisation):
    staff = make_user(role="staff")
    make_organisation(name="Moscheegemeinde", slug="moschee", kind="religious_community",
                      verified_at=utcnow(), verified_by_id=staff.id)
    html = page(client.get("/o/moschee?lang=en"))
    assert "Verified by the city" in html
    assert "Religious community" in html


def test_unknown_organisation_is_404(client):
    assert client.get("/o/nobody").status_code == 404


def test_script_in_name_and_description_is_inert(client, make_organisation):
    make_organisation(name=SCRIPT, slug="evil", description=f"{SCRIPT}\n\n<img src=x onerror=alert(1)>")
    html = page(client.get("/o/evil"))
    assert SCRIPT not in html
    assert "<img" not in html
    assert ESCAPED in html


@pytest.mark.parametrize("website", ["javascript:alert(1)", "data:text/html,hi", "//evil.example"])
def test_a_stored_non_http_website_is_not_a_link(client, make_organisation, website):
    make_organisation(name="Odd", slug="odd", website=website)
    html = page(client.get("/o/odd"))
    assert f'href="{website}"' not in html


# --- registering an organisation -------------------------------------------------------------------


def test_resident_registers_an_unverified_organisation_and_manages_it(app, client, make_user, login):
    user = make_user()
    login(user)
    assert client.get("/account/organisations/new").status_code == 200
    response = client.post("/account/organisations/new", data=organisation_data())
    assert response.status_code == 302
    org = org_by_slug(app, "deutsch-tuerkischer-elternverein")
    assert org is not None
    assert response.headers["Location"] == "/account/organisations/deutsch-tuerkischer-elternverein/members"
    assert org.verified_at is None and org.verified_by_id is None
    assert org.website == "https://eltern.example.org"
    assert memberships_of(app, org.id) == {user.id: "manager"}
    with app.app_context():
        assert db.session.scalar(
            select(AuditEntry.action).where(AuditEntry.object_type == "Organisation",
                                            AuditEntry.object_id == org.id)
        ) == "organisation.register"
    assert client.get("/account/organisations/deutsch-tuerkischer-elternverein/members").status_code == 200


def test_registering_needs_login(client):
    response = client.get("/account/organisations/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"website": "javascript:alert(1)"}, "website", "http://"),
        ({"website": "ftp://files.example.org"}, "website", "http://"),
        ({"website": "https://"}, "website", "http://"),
        ({"name": "n" * 201}, "name", "at most 200"),
        ({"name": ""}, "name", "fill in"),
        ({"description": "d" * 5001}, "description", "at most 5000"),
        ({"kind": "secret_society"}, "kind", "choice"),
        ({"contact_email": "not an address"}, "contact_email", "valid e-mail"),
    ],
)
def test_registration_form_refuses_bad_input(app, client, make_user, login, overrides, field, message):
    login(make_user())
    data = organisation_data(**overrides)
    response = client.post("/account/organisations/new?lang=en", data=data)
    assert response.status_code == 422
    html = page(response)
    error = re.search(rf'<span class="error" id="{field}-error">(.*?)</span>', html)
    assert error and message in error.group(1)
    assert 'aria-invalid="true"' in html
    if "name" not in overrides:
        assert 'value="Deutsch-Türkischer Elternverein"' in html
    with app.app_context():
        assert db.session.scalar(select(Organisation.id)) is None


def test_same_name_gets_a_distinct_slug(app, client, make_user, login):
    login(make_user())
    client.post("/account/organisations/new", data=organisation_data(name="Verein"))
    client.post("/account/organisations/new", data=organisation_data(name="Verein"))
    assert org_by_slug(app, "verein") is not None
    assert org_by_slug(app, "verein-2") is not None


def test_slugify():
    assert services.slugify("Deutsch-Türkischer Elternverein e.V.") == "deutsch-tuerkischer-elternverein-e-v"
    assert services.slugify("جمعية") == "organisation"
    assert len(services.slugify("x" * 500)) <= 80


# --- acting for an organisation --------------------------------------------------------------------


def test_organisations_for_and_can_act_for(app, make_user, make_organisation):
    member = make_user()
    outsider = make_user()
    first = make_organisation(name="B Verein", slug="b", members=[member])
    second = make_organisation(name="A Verein", slug="a", members=[member])
    other = make_organisation(name="C Verein", slug="c")
    with app.test_request_context():
        member_row = db.session.get(User, member.id)
        outsider_row = db.session.get(User, outsider.id)
        assert [o.slug for o in services.organisations_for(member_row)] == ["a", "b"]
        assert services.can_act_for(member_row, db.session.get(Organisation, first.id))
        assert services.can_act_for(member_row, db.session.get(Organisation, second.id))
        assert not services.can_act_for(member_row, db.session.get(Organisation, other.id))
        assert not services.can_act_for(outsider_row, db.session.get(Organisation, first.id))
        assert services.organisations_for(outsider_row) == []
        assert services.organisations_for(None) == []
        assert not services.can_act_for(None, db.session.get(Organisation, first.id))

        member_row.is_active_account = False
        assert services.organisations_for(member_row) == []
        assert not services.can_act_for(member_row, db.session.get(Organisation, first.id))
        db.session.rollback()


# --- members page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("manager", 200),
     ("staff", 200), ("admin", 200)],
)
def test_members_page_access(app, client, make_user, make_organisation, login, who, expected):
    org = make_organisation(slug="verein")
    if who != "anonymous":
        role = who if who in ("staff", "admin") else "resident"
        user = make_user(role=role)
        if who in ("member", "manager"):
            add_membership(app, user, org, who)
        login(user)
    response = client.get("/account/organisations/verein/members")
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith("/account/login")


@pytest.fixture
def managed(app, make_user, make_organisation, login):
    """An organisation with a logged-in manager and one ordinary member."""
    manager = make_user(email="manager@example.org", display_name="Maria Manager")
    member = make_user(email="member@example.org", display_name=SCRIPT)
    org = make_organisation(name="Verein", slug="verein")
    manager_membership = add_membership(app, manager, org, MembershipRole.MANAGER)
    member_membership = add_membership(app, member, org, MembershipRole.MEMBER)
    login(manager)
    return {"org": org, "manager": manager, "member": member,
            "manager_membership": manager_membership, "member_membership": member_membership}


def test_members_page_escapes_names(client, managed):
    html = page(client.get("/account/organisations/verein/members"))
    assert "Maria Manager" in html
    assert SCRIPT not in html
    assert ESCAPED in html


def test_manager_adds_a_member_by_email(app, client, make_user, managed):
    newcomer = make_user(email="new@example.org")
    response = client.post(
        "/account/organisations/verein/members", data={"add-email": "NEW@example.org", "add-role": "member"}
    )
    assert response.status_code == 302
    assert memberships_of(app, managed["org"].id)[newcomer.id] == "member"


@pytest.mark.parametrize(
    ("email", "message"),
    [("nobody@example.org", "no active account"), ("member@example.org", "member already"),
     ("not-an-address", "valid e-mail")],
)
def test_adding_a_member_refuses(app, client, managed, email, message):
    response = client.post(
        "/account/organisations/verein/members?lang=en", data={"add-email": email, "add-role": "member"}
    )
    assert response.status_code == 422
    html = page(response)
    assert message in html
    assert f'value="{email}"' in html
    assert len(memberships_of(app, managed["org"].id)) == 2


def test_manager_removes_a_member(app, client, managed):
    response = client.post(
        f"/account/organisations/verein/members/{managed['member_membership']}/remove"
    )
    assert response.status_code == 302
    assert managed["member"].id not in memberships_of(app, managed["org"].id)


def test_the_last_manager_cannot_leave(app, client, managed):
    response = client.post(
        f"/account/organisations/verein/members/{managed['manager_membership']}/remove?lang=en"
    )
    assert response.status_code == 302
    assert managed["manager"].id in memberships_of(app, managed["org"].id)
    html = page(client.get(response.headers["Location"].split("?")[0] + "?lang=en"))
    assert "at least one manager" in html


def test_a_member_may_leave_but_not_remove_others(app, client, make_user, make_organisation, login):
    org = make_organisation(slug="verein")
    member = make_user()
    other = make_user()
    own = add_membership(app, member, org)
    others = add_membership(app, other, org)
    login(member)
    assert client.post(f"/account/organisations/verein/members/{others}/remove").status_code == 403
    response = client.post(f"/account/organisations/verein/members/{own}/remove")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    assert memberships_of(app, org.id) == {other.id: "member"}


def test_membership_of_another_organisation_is_404(app, client, make_user, make_organisation, managed):
    elsewhere = make_organisation(name="Anderswo", slug="anderswo")
    stranger = make_user()
    foreign = add_membership(app, stranger, elsewhere)
    assert client.post(f"/account/organisations/verein/members/{foreign}/remove").status_code == 404
    assert memberships_of(app, elsewhere.id) == {stranger.id: "member"}


def test_deactivated_manager_loses_the_members_page(app, client, managed):
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == managed["manager"].id).values(is_active_account=False)
        )
        db.session.commit()
    response = client.get("/account/organisations/verein/members")
    assert response.status_code == 302


def test_script_in_organisation_name_is_escaped_on_the_profile(app, client, make_user, make_organisation, login):
    user = make_user()
    make_organisation(name=SCRIPT, slug="evil", members=[user])
    login(user)
    html = page(client.get("/account/"))
    assert SCRIPT not in html
    assert ESCAPED in html
