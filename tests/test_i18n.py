"""Locale selection, lang/dir attributes, and the language switcher."""

from __future__ import annotations

import re

import pytest

from consult.i18n import choosable_languages, text_direction

HTML_TAG = re.compile(r'<html lang="([^"]+)" dir="(ltr|rtl)">')


def html_attrs(response) -> tuple[str, str]:
    match = HTML_TAG.search(response.get_data(as_text=True))
    assert match, "every page carries <html lang dir>"
    return match.group(1), match.group(2)


def test_default_language_is_german(client):
    assert html_attrs(client.get("/")) == ("de", "ltr")


@pytest.mark.parametrize(
    ("code", "direction"),
    [("de", "ltr"), ("en", "ltr"), ("tr", "ltr"), ("ar", "rtl"), ("ru", "ltr"),
     ("uk", "ltr"), ("pl", "ltr"), ("fa", "rtl")],
)
def test_explicit_language_sets_lang_and_dir(client, code, direction):
    assert html_attrs(client.get(f"/?lang={code}")) == (code, direction)


@pytest.mark.parametrize("junk", ["xx", "../../etc", "<script>", "de-DE-x", "", "a" * 500])
def test_unknown_language_codes_fall_back_to_default(client, junk):
    response = client.get("/", query_string={"lang": junk})
    assert response.status_code == 200
    assert html_attrs(response) == ("de", "ltr")
    assert "<script>" not in response.get_data(as_text=True)


def test_accept_language_is_used_without_explicit_choice(client):
    response = client.get("/", headers={"Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5"})
    assert html_attrs(response) == ("tr", "ltr")


def test_explicit_choice_beats_accept_language(client):
    response = client.get("/?lang=fa", headers={"Accept-Language": "en"})
    assert html_attrs(response) == ("fa", "rtl")


def test_switcher_stores_choice_in_session_and_redirects_back(client):
    response = client.post("/language", data={"lang": "ar", "next": "/p/lip?x=1&lang=de"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/p/lip?x=1"
    assert html_attrs(client.get("/")) == ("ar", "rtl")


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "https:evil.example", "https://evil.example",
               "/%2F%2Fevil.example", "%2F%2Fevil.example", "javascript:alert(1)"],
)
def test_switcher_refuses_open_redirects(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_switcher_ignores_unknown_language(client):
    client.post("/language", data={"lang": "xx", "next": "/"})
    assert html_attrs(client.get("/")) == ("de", "ltr")


def test_switcher_requires_csrf_token(csrf_client):
    response = csrf_client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 400


def test_easy_german_is_a_content_language_with_german_interface(client, make_process, ctx):
    data = make_process(languages=("de", "de-x-ls", "en"))
    response = client.get(f"/p/lip/v/{data['v1']}?lang=de-x-ls")
    assert html_attrs(response) == ("de", "ltr")
    assert "de-x-ls" in choosable_languages()


def test_saved_preference_is_used(client, make_user, app, sign_in):
    from consult.accounts.models import User
    from consult.extensions import db

    user = make_user(preferred_language="pl")
    sign_in(client, user)
    assert html_attrs(client.get("/")) == ("pl", "ltr")
    with app.app_context():
        assert db.session.get(User, user.id).preferred_language == "pl"


def test_text_direction():
    assert text_direction("ar") == "rtl"
    assert text_direction("fa") == "rtl"
    assert text_direction("de-x-ls") == "ltr"
    assert text_direction(None) == "ltr"


def test_switcher_marks_languages_a_page_is_missing_in(client, make_process):
    data = make_process()
    page = client.get(f"/p/lip/v/{data['v1']}/s/g1?lang=en").get_data(as_text=True)
    # g1 exists in German and Arabic, not in Turkish.
    switcher = page.split('class="wrap language-switcher"', 1)[1].split("</form>", 1)[0]
    assert re.search(r'value="tr"[^>]*class="missing"', switcher)
    assert not re.search(r'value="ar"[^>]*class="missing"', switcher)
