"""Public reading: process page, contents, section page with diff, history, print view."""

from __future__ import annotations

import pytest


def test_process_page_shows_title_versions_and_current_phase(client, make_process):
    make_process()
    page = client.get("/p/lip?lang=de").get_data(as_text=True)
    assert "Lokaler Integrationsplan" in page
    assert "Diskussionsentwurf 2" in page
    assert "Kommentierung" in page
    assert 'aria-current="step"' in page


def test_contents_is_a_numbered_tree(client, make_process):
    data = make_process(sections=3)
    page = client.get(f"/p/lip/v/{data['v2']}?lang=de").get_data(as_text=True)
    for number in ("1", "1.1", "2", "2.1", "3", "3.1"):
        assert f'<span class="number">{number}</span>' in page


def test_section_page_has_breadcrumbs_pager_and_word_diff(client, make_process):
    data = make_process()
    page = client.get(f"/p/lip/v/{data['v2']}/s/g1?lang=de").get_data(as_text=True)
    assert "Handlungsfeld 1" in page  # breadcrumb to the parent
    assert 'rel="prev"' in page and 'rel="next"' in page
    assert "<ins>" in page and "und Eltern" in page
    assert 'class="visually-hidden">inserted: </span>' in page or "eingefügt" in page


def test_missing_translation_falls_back_to_original_with_lang(client, make_process):
    data = make_process()
    page = client.get(f"/p/lip/v/{data['v2']}/s/f1?lang=tr").get_data(as_text=True)
    assert 'lang="de"' in page
    assert "Handlungsfeld 1" in page
    assert 'class="notice fallback"' in page


def test_arabic_section_is_right_to_left(client, make_process):
    data = make_process()
    page = client.get(f"/p/lip/v/{data['v1']}/s/g1?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "الهدف 1.1" in page


def test_outdated_translation_is_marked(client, make_process):
    data = make_process()
    # The German goal text changed in version 2; the Arabic translation was made from version 1.
    page = client.get(f"/p/lip/v/{data['v2']}/s/g1?lang=ar").get_data(as_text=True)
    assert 'class="notice outdated"' in page
    current = client.get(f"/p/lip/v/{data['v1']}/s/g1?lang=ar").get_data(as_text=True)
    assert 'class="notice outdated"' not in current


def test_draft_versions_are_hidden_from_the_public(client, make_process):
    data = make_process(draft=True)
    assert client.get(f"/p/lip/v/{data['v3']}").status_code == 404
    assert client.get(f"/p/lip/v/{data['v3']}/s/g1").status_code == 404


@pytest.mark.parametrize("path", ["/p/nope", "/p/lip/v/99", "/p/lip/v/1/s/zzz", "/p/lip/s/zzz/history"])
def test_unknown_objects_are_404(client, make_process, path):
    make_process()
    assert client.get(path).status_code == 404


def test_print_view_and_history(client, make_process):
    data = make_process()
    page = client.get(f"/p/lip/v/{data['v2']}/print?lang=de").get_data(as_text=True)
    assert "Handlungsfeld 2" in page and "Ziel 2.1" in page
    history = client.get("/p/lip/s/g1/history?lang=de").get_data(as_text=True)
    assert "Diskussionsentwurf 1" in history and "Diskussionsentwurf 2" in history
    assert "<ins>" in history


def test_history_lists_only_versions_the_reader_may_see(client, make_process, make_user, sign_in):
    make_process(draft=True)
    public = client.get("/p/lip/s/g1/history?lang=de").get_data(as_text=True)
    assert "Verwaltungsentwurf" not in public
    sign_in(client, make_user(role="staff"))
    assert "Verwaltungsentwurf" in client.get("/p/lip/s/g1/history?lang=de").get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/p/%00", "/p/%00/v/2", "/p/%00/disposition", "/p/%00/statistics",
    "/p/%00/disposition/export.csv", "/p/lip%0A/disposition", "/p/" + "x" * 200,
])
def test_junk_process_names_are_404_never_500(client, make_process, path):
    """A NUL byte or an over-long name never reaches the database (PostgreSQL refuses NUL)."""
    make_process()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(("path", "expected"), [
    ("/api/v1/processes/%00", {404}),
    ("/api/v1/processes/lip/versions/2/sections/%00", {404}),
    ("/api/v1/processes/lip/suggestions?section=%00", {400}),  # the API names bad parameters
    ("/p/lip/v/2/s/%00", {400, 404}),  # PostgreSQL refuses NUL: a 400, never a 500
    ("/p/lip/disposition?section=%00&q=%00", {200}),  # pages drop unknown filter values
    ("/p/lip/v/2/s/g1/suggestions?page=%00", {200}),
])
def test_nul_bytes_in_parameters_are_refused_not_500(client, make_process, path, expected):
    make_process()
    assert client.get(path).status_code in expected
