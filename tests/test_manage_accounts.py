"""Staff pages for accounts and organisations: the role matrix, and what each action does."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consult.accounts.models import Membership, MembershipRole, Organisation, Role, User
from consult.audit.models import AuditEntry
from consult.extensions import db
from consult.models import utcnow
from consult.security import PERMISSIONS

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def page(response) -> str:
    return response.get_data(as_text=True)


def get(app, model, object_id):
    with app.app_context():
        row = db.session.get(model, object_id)
        if row is not None:
            db.session.expunge(row)
        return row


def add_membership(app, user, org, role=MembershipRole.MEMBER) -> int:
    with app.app_context():
        membership = Membership(user_id=user.id, organisation_id=org.id, role=str(role))
        db.session.add(membership)
        db.session.commit()
        return membership.id


def memberships_of(app, org_id: int) -> dict[int, str]:
    with app.app_context():
        rows = db.session.scalars(select(Membership).where(Membership.organisation_id == org_id))
        return {m.user_id: m.role for m in rows}


def audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        for entry in entries:
            db.session.expunge(entry)
        return entries


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Stadtteilverein",
        "kind": "association",
        "description": "Nachbarschaft.",
        "website": "https://verein.example.org",
        "contact_email": "",
    }
    data.update(overrides)
    return data


# --- the role matrix -----------------------------------------------------------------------------


@pytest.fixture
def world(app, make_user, make_organisation):
    target = make_user(email="target@example.org", display_name="Target Person")
    make_user(email="newcomer@example.org")  # the account add_member adds
    org = make_organisation(name="Verein", slug="verein")
    membership = add_membership(app, target, org, MembershipRole.MANAGER)
    return {"user": target.id, "org": org.id, "membership": membership, "org_obj": org}


# (endpoint, method, path, permission, form data)
ROUTES = [
    ("list_users", "GET", "/manage/users", "users.manage", None),
    ("edit_user", "GET", "/manage/users/{user}", "users.manage", None),
    ("edit_user", "POST", "/manage/users/{user}", "users.manage", {"role": "staff"}),
    ("deactivate_user", "POST", "/manage/users/{user}/deactivate", "users.manage", {}),
    ("reactivate_user", "POST", "/manage/users/{user}/reactivate", "users.manage", {}),
    ("list_organisations", "GET", "/manage/organisations", "organisations.manage", None),
    ("new_organisation", "GET", "/manage/organisations/new", "organisations.manage", None),
    ("new_organisation", "POST", "/manage/organisations/new", "organisations.manage",
     organisation_data(name="Neu")),
    ("edit_organisation", "GET", "/manage/organisations/{org}", "organisations.manage", None),
    ("edit_organisation", "POST", "/manage/organisations/{org}", "organisations.manage",
     organisation_data(name="Umbenannt")),
    ("verify_organisation", "POST", "/manage/organisations/{org}/verify", "organisations.verify", {}),
    ("unverify_organisation", "POST", "/manage/organisations/{org}/unverify",
     "organisations.verify", {}),
    ("add_member", "POST", "/manage/organisations/{org}/members", "organisations.manage",
     {"add-email": "newcomer@example.org", "add-role": "member"}),
    ("remove_member", "POST", "/manage/organisations/{org}/members/{membership}/remove",
     "organisations.manage", {}),
    ("set_member_role", "POST", "/manage/organisations/{org}/members/{membership}/role",
     "organisations.manage", {"m{membership}-role": "member"}),
]
WHO = ["anonymous", "resident", "org_member", "staff", "admin"]


def test_the_matrix_covers_every_staff_route(app):
    endpoints = {
        (rule.endpoint.split(".", 1)[1], method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("manage_accounts.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert endpoints == {(endpoint, method) for endpoint, method, *_ in ROUTES}
    for endpoint, _method, _path, permission, _data in ROUTES:
        assert app.view_functions[f"manage_accounts.{endpoint}"].permission == permission


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("endpoint", "method", "path", "permission", "data"), ROUTES,
    ids=[f"{method} {endpoint}" for endpoint, method, *_ in ROUTES],
)
def test_role_matrix(app, client, make_user, login, world, who, endpoint, method, path, permission, data):
    if who != "anonymous":
        role = {"resident": Role.RESIDENT, "org_member": Role.RESIDENT}.get(who, who)
        user = make_user(role=role)
        if who == "org_member":
            add_membership(app, user, world["org_obj"], MembershipRole.MANAGER)
        login(user)
    url = path.format(**world)
    if data is not None:
        data = {key.format(**world): value for key, value in data.items()}
    response = client.get(url) if method == "GET" else client.post(url, data=data)

    if who == "anonymous":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/login")
    elif who in ("resident", "org_member"):
        assert response.status_code == 403
    elif Role(who) in PERMISSIONS[permission]:
        assert response.status_code == (200 if method == "GET" else 302), page(response)[:300]
    else:
        assert response.status_code == 403


def test_staff_are_refused_account_pages_but_admins_are_not(client, make_user, login):
    # The matrix above reads PERMISSIONS; this pins the intended outcome itself.
    login(make_user(role=Role.STAFF))
    assert client.get("/manage/users").status_code == 403
    assert client.get("/manage/organisations").status_code == 200


# --- accounts ----------------------------------------------------------------------------------------


@pytest.fixture
def admin(make_user, login):
    user = make_user(role=Role.ADMIN, email="admin@example.org", display_name="Ada Admin")
    login(user)
    return user


def test_list_users_search_filter_and_pages(app, client, make_user, admin):
    make_user(email="zeynep@example.org", display_name="Zeynep Kaya")
    make_user(email="staffer@example.org", display_name="Stefan Staff", role=Role.STAFF)
    for number in range(30):
        make_user(email=f"bulk{number}@example.org", display_name=f"Bulk {number:02d}")

    by_name = page(client.get("/manage/users?q=zeynep"))
    assert "Zeynep Kaya" in by_name and "Bulk 01" not in by_name
    by_email = page(client.get("/manage/users?q=staffer@"))
    assert "Stefan Staff" in by_email and "Zeynep Kaya" not in by_email
    staff_only = page(client.get("/manage/users?role=staff"))
    assert "Stefan Staff" in staff_only and "Zeynep Kaya" not in staff_only

    first = page(client.get("/manage/users?lang=en"))
    second = page(client.get("/manage/users?page=2&lang=en"))
    assert 'rel="next"' in first and 'rel="prev"' in second
    shown_first = set(re.findall(r"Bulk \d\d", first))
    shown_second = set(re.findall(r"Bulk \d\d", second))
    assert shown_first and shown_second and not shown_first & shown_second
    assert "33 accounts found" in first


@pytest.mark.parametrize("query", ["?role=superuser", "?q=" + "x" * 201])
def test_list_users_refuses_unknown_filters(client, admin, query):
    assert client.get("/manage/users" + query).status_code == 400


@pytest.mark.parametrize("query", ["?page=-3", "?page=abc", "?page=999999999999", "?q=%25_%27%22"])
def test_list_users_survives_junk(client, admin, query):
    assert client.get("/manage/users" + query).status_code == 200


def test_script_in_display_name_is_escaped_on_staff_pages(client, make_user, admin):
    target = make_user(display_name=SCRIPT)
    for url in ("/manage/users", f"/manage/users/{target.id}", "/manage/users?q=script"):
        html = page(client.get(url))
        assert SCRIPT not in html
        assert ESCAPED in html


def test_admin_changes_a_role(app, client, make_user, admin):
    target = make_user()
    response = client.post(f"/manage/users/{target.id}", data={"role": "staff"})
    assert response.status_code == 302
    assert get(app, User, target.id).role == Role.STAFF
    [entry] = audit(app, "user.role")
    assert entry.actor_id == admin.id
    assert entry.before == {"role": "resident"} and entry.after == {"role": "staff"}


def test_unknown_role_is_refused(app, client, make_user, admin):
    target = make_user()
    assert client.post(f"/manage/users/{target.id}", data={"role": "king"}).status_code == 422
    assert get(app, User, target.id).role == Role.RESIDENT


def test_the_last_admin_cannot_demote_themselves(app, client, make_user, admin):
    response = client.post(f"/manage/users/{admin.id}?lang=en", data={"role": "staff"})
    assert response.status_code == 422
    assert "last administrator" in page(response)
    assert get(app, User, admin.id).role == Role.ADMIN

    make_user(role=Role.ADMIN)
    response = client.post(f"/manage/users/{admin.id}", data={"role": "staff"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    assert get(app, User, admin.id).role == Role.STAFF
    assert client.get("/manage/users").status_code == 403


def test_deactivate_and_reactivate(app, client, make_user, admin):
    target = make_user()
    assert client.post(f"/manage/users/{target.id}/deactivate").status_code == 302
    assert get(app, User, target.id).is_active_account is False
    assert client.post(f"/manage/users/{target.id}/reactivate").status_code == 302
    assert get(app, User, target.id).is_active_account is True
    assert [e.action for e in audit(app, "user.deactivate") + audit(app, "user.reactivate")] == [
        "user.deactivate", "user.reactivate"
    ]


def test_admin_cannot_deactivate_themselves(app, client, admin):
    response = client.post(f"/manage/users/{admin.id}/deactivate")
    assert response.status_code == 302
    assert get(app, User, admin.id).is_active_account is True
    assert audit(app, "user.deactivate") == []


def test_deleted_and_unknown_accounts_are_404(app, client, admin):
    with app.app_context():
        user = User(display_name="Deleted account", deleted_at=utcnow(), is_active_account=False)
        db.session.add(user)
        db.session.commit()
        deleted_id = user.id
    assert client.get(f"/manage/users/{deleted_id}").status_code == 404
    assert client.get("/manage/users/999999").status_code == 404


# --- organisations ------------------------------------------------------------------------------------


@pytest.fixture
def staff(make_user, login):
    user = make_user(role=Role.STAFF, email="staff@example.org", display_name="Sam Staff")
    login(user)
    return user


def test_list_organisations_filters_and_escapes(client, make_user, make_organisation, staff):
    make_organisation(name="Geprüfter Verein", slug="geprueft", verified_at=utcnow(),
                      verified_by_id=staff.id)
    make_organisation(name=SCRIPT, slug="evil")
    everything = page(client.get("/manage/organisations"))
    assert "Geprüfter Verein" in everything
    assert SCRIPT not in everything and ESCAPED in everything
    verified = page(client.get("/manage/organisations?status=verified"))
    assert "Geprüfter Verein" in verified and ESCAPED not in verified
    unverified = page(client.get("/manage/organisations?status=unverified"))
    assert "Geprüfter Verein" not in unverified and ESCAPED in unverified
    assert client.get("/manage/organisations?status=bogus").status_code == 400


def test_staff_create_and_edit_an_organisation(app, client, staff):
    response = client.post("/manage/organisations/new", data=organisation_data())
    assert response.status_code == 302
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.slug == "stadtteilverein"))
        org_id = org.id
    assert response.headers["Location"] == f"/manage/organisations/{org_id}"
    assert memberships_of(app, org_id) == {}

    edit = client.post(
        f"/manage/organisations/{org_id}",
        data=organisation_data(name="Stadtteilverein Linden", kind="other", website=""),
    )
    assert edit.status_code == 302
    org = get(app, Organisation, org_id)
    assert org.name == "Stadtteilverein Linden"
    assert org.kind == "other"
    assert org.website is None
    assert org.slug == "stadtteilverein"
    [created] = audit(app, "organisation.create")
    [updated] = audit(app, "organisation.update")
    assert created.actor_id == updated.actor_id == staff.id
    assert updated.before["name"] == "Stadtteilverein"
    assert updated.after["name"] == "Stadtteilverein Linden"


def test_organisation_form_errors_keep_the_input(app, client, make_organisation, staff):
    org = make_organisation(name="Verein", slug="verein")
    response = client.post(
        f"/manage/organisations/{org.id}?lang=en",
        data=organisation_data(name="Typed Name", website="javascript:alert(1)"),
    )
    assert response.status_code == 422
    html = page(response)
    assert 'value="Typed Name"' in html
    assert "http://" in html
    assert get(app, Organisation, org.id).name == "Verein"
    too_long = client.post("/manage/organisations/new?lang=en", data=organisation_data(description="d" * 6000))
    assert too_long.status_code == 422
    assert "at most 5000" in page(too_long)


def test_verify_and_unverify(app, client, make_organisation, staff):
    org = make_organisation(name="Verein", slug="verein")
    assert client.post(f"/manage/organisations/{org.id}/verify").status_code == 302
    verified = get(app, Organisation, org.id)
    assert verified.verified_at is not None
    assert verified.verified_by_id == staff.id
    assert "Verified by the city" in page(client.get("/o/verein?lang=en"))
    assert "Sam Staff" in page(client.get(f"/manage/organisations/{org.id}"))

    assert client.post(f"/manage/organisations/{org.id}/unverify").status_code == 302
    unverified = get(app, Organisation, org.id)
    assert unverified.verified_at is None and unverified.verified_by_id is None
    assert "Verified by the city" not in page(client.get("/o/verein?lang=en"))
    assert len(audit(app, "organisation.verify")) == len(audit(app, "organisation.unverify")) == 1


def test_staff_manage_members(app, client, make_user, make_organisation, staff):
    org = make_organisation(name="Verein", slug="verein")
    person = make_user(email="person@example.org", display_name=SCRIPT)

    added = client.post(f"/manage/organisations/{org.id}/members",
                        data={"add-email": "person@example.org", "add-role": "member"})
    assert added.status_code == 302
    assert memberships_of(app, org.id) == {person.id: "member"}
    html = page(client.get(f"/manage/organisations/{org.id}"))
    assert SCRIPT not in html and ESCAPED in html

    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(Membership.user_id == person.id))
    promoted = client.post(f"/manage/organisations/{org.id}/members/{membership_id}/role",
                           data={f"m{membership_id}-role": "manager"})
    assert promoted.status_code == 302
    assert memberships_of(app, org.id) == {person.id: "manager"}

    # Staff may remove even the last manager (e.g. when a person leaves the organisation).
    removed = client.post(f"/manage/organisations/{org.id}/members/{membership_id}/remove")
    assert removed.status_code == 302
    assert memberships_of(app, org.id) == {}
    assert [len(audit(app, a)) for a in ("membership.add", "membership.role", "membership.remove")] == [1, 1, 1]


def test_adding_an_unknown_person_is_a_form_error(app, client, make_organisation, staff):
    org = make_organisation(name="Verein", slug="verein")
    response = client.post(f"/manage/organisations/{org.id}/members?lang=en",
                           data={"add-email": "ghost@example.org", "add-role": "member"})
    assert response.status_code == 422
    assert "no active account" in page(response)
    assert 'value="ghost@example.org"' in page(response)


def test_membership_of_another_organisation_is_404(app, client, make_user, make_organisation, staff):
    org = make_organisation(name="Verein", slug="verein")
    other = make_organisation(name="Anderer", slug="anderer")
    person = make_user()
    foreign = add_membership(app, person, other)
    assert client.post(f"/manage/organisations/{org.id}/members/{foreign}/remove").status_code == 404
    assert memberships_of(app, other.id) == {person.id: "member"}


def test_staff_actions_need_a_csrf_token(csrf_app, csrf_client, make_organisation, make_user):
    org = make_organisation(name="Verein", slug="verein")
    staff_user = make_user(role=Role.STAFF)
    page_html = page(csrf_client.get("/account/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page_html).group(1)
    assert csrf_client.post("/account/login", data={
        "email": staff_user.email, "password": "correct horse battery staple", "csrf_token": token,
    }).status_code == 302
    try:
        assert csrf_client.post(f"/manage/organisations/{org.id}/verify").status_code == 400
        # The session was renewed at login, so the token from before no longer counts.
        assert csrf_client.post(f"/manage/organisations/{org.id}/verify",
                                data={"csrf_token": token}).status_code == 400
        edit_page = page(csrf_client.get(f"/manage/organisations/{org.id}"))
        fresh = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', edit_page).group(1)
        assert csrf_client.post(f"/manage/organisations/{org.id}/verify",
                                data={"csrf_token": fresh}).status_code == 302
    finally:
        with csrf_app.app_context():
            db.session.remove()
            db.engine.dispose()
