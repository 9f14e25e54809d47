"""Catalogs: complete, not fuzzy, placeholders intact, and not stale against the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
CATALOG_LANGUAGES = ["de", "tr", "ar", "ru", "uk", "pl", "fa"]


def _catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(language):
    catalog = _catalog(language)
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            fuzzy.append(message.id)
        if not all(_strings(message)):
            untranslated.append(message.id)
    assert not fuzzy, f"{language}: fuzzy entries: {fuzzy[:10]}"
    assert not untranslated, f"{language}: untranslated entries: {untranslated[:10]}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_placeholders_survive_translation(language):
    for message in _catalog(language):
        if not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for string in _strings(message):
            assert set(PLACEHOLDER.findall(string)) == wanted, (language, message.id, string)


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_is_really_translated(language):
    """Not English copied: most messages differ from their source."""
    messages = [m for m in _catalog(language) if m.id and isinstance(m.id, str) and len(m.id) > 12]
    copied = [m.id for m in messages if m.string == m.id]
    assert len(copied) <= max(3, len(messages) // 50), f"{language}: copied: {copied[:10]}"


def test_catalogs_are_not_stale(tmp_path):
    """Every message in the code is in the template and in each catalog, and nothing obsolete."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-k", "pgettext:1c,2", "--no-location",
         "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with open(pot, "rb") as handle:
        # Plural messages compare as (singular, plural): a singular-only entry would never be used.
        extracted = {m.id for m in read_po(handle) if m.id}
    for language in CATALOG_LANGUAGES:
        catalog = _catalog(language)
        present = {m.id for m in catalog if m.id}
        missing = extracted - present
        obsolete = present - extracted
        assert not missing, f"{language}: not in catalog (run `make catalog`): {sorted(map(str, missing))[:10]}"
        assert not obsolete, f"{language}: obsolete entries: {sorted(map(str, obsolete))[:10]}"
        assert not catalog.obsolete, f"{language}: obsolete (#~) entries present"


def test_german_pages_come_out_german(client):
    page = client.get("/?lang=de").get_data(as_text=True)
    assert "Zum Inhalt springen" in page
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Skip to content" in english


def test_arabic_pages_come_out_arabic(client):
    page = client.get("/?lang=ar").get_data(as_text=True)
    assert "Skip to content" not in page
