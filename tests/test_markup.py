"""Markdown rendering is sanitised; diffs are accessible and escaped."""

from __future__ import annotations

from consult.diff import word_diff
from consult.markup import plain_text, render_markdown


def test_raw_html_and_script_are_inert():
    html = str(render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)"> **ok**'))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run
    assert "<strong>ok</strong>" in html


def test_links_only_http_https_mailto():
    html = str(render_markdown("[a](javascript:alert(1)) [b](https://example.org) [c](mailto:x@example.org) [d](data:text/html,x)"))
    assert 'href="javascript' not in html
    assert 'href="https://example.org"' in html and 'href="mailto:x@example.org"' in html
    assert 'href="data:' not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_gender_star_is_text_and_emphasis_still_works():
    html = str(render_markdown("Expert*innen und Migrant*innen sind *wichtig*."))
    assert "Expert*innen und Migrant*innen" in html
    assert "<em>wichtig</em>" in html


def test_body_headings_sit_below_the_page_title():
    html = str(render_markdown("# Eins\n\n## Zwei"))
    assert "<h2>Eins</h2>" in html and "<h3>Zwei</h3>" in html and "<h1>" not in html


def test_plain_text_strips_markup():
    assert plain_text("**fett** und [Link](https://example.org)") == "fett und Link"


def test_word_diff_marks_changes_and_escapes(ctx):
    result = word_diff("Alle Kinder lernen.", "Alle Kinder <b>und</b> Eltern lernen.")
    html = str(result.html)
    assert "<ins>" in html and "&lt;b&gt;und&lt;/b&gt;" in html
    assert result.inserted == 2 and result.deleted == 0
    removed = word_diff("eins zwei drei", "eins drei")
    assert removed.deleted == 1 and "<del>" in str(removed.html)
    assert not word_diff("gleich", "gleich").changed
