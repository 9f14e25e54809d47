"""Languages: which exist, how they are written, and which one a request uses.

Order of choice: an explicit `?lang=` (shareable links) → the choice stored in the
session by the language switcher → the account's preferred language →
Accept-Language → the default. Unknown codes fall back to the default.

Leichte Sprache (`de-x-ls`) is a content language: its interface is German.
"""

from __future__ import annotations

from babel import Locale
from flask import current_app, g, request, session
from flask_login import current_user

EASY_GERMAN = "de-x-ls"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ckb", "ku-arab"}
NATIVE_NAMES = {EASY_GERMAN: "Leichte Sprache"}


def interface_languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def choosable_languages() -> list[str]:
    """Interface languages plus Leichte Sprache, as offered by the switcher."""
    languages = interface_languages()
    if "de" in languages:
        languages.insert(languages.index("de") + 1, EASY_GERMAN)
    return languages


def interface_language_for(code: str) -> str:
    return "de" if code == EASY_GERMAN else code


def text_direction(code: str | None) -> str:
    if not code:
        return "ltr"
    return "rtl" if code.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def html_lang(code: str) -> str:
    """The value for a `lang` attribute (BCP 47)."""
    return code.replace("_", "-")


def language_name(code: str) -> str:
    """The language's name in itself (endonym), as a switcher shows it."""
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, TypeError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]


def language_name_in(code: str, locale: str) -> str:
    """The language's name in the reader's interface language."""
    if code == EASY_GERMAN:
        return NATIVE_NAMES[code]
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(locale) or code
    except (ValueError, TypeError):
        return code


def _valid(code: str | None) -> str | None:
    if not code or not isinstance(code, str):
        return None
    code = code.strip()
    if code in choosable_languages():
        return code
    return None


def select_language() -> str:
    """The chosen language code for this request, possibly `de-x-ls`."""
    if "consult_language" in g:
        return g.consult_language
    code = (
        _valid(request.args.get("lang"))
        or _valid(session.get("lang"))
        or (_valid(current_user.preferred_language) if _user_has_preference() else None)
        or request.accept_languages.best_match(interface_languages())
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    g.consult_language = code
    return code


def _user_has_preference() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated and current_user.preferred_language)
    except Exception:  # noqa: BLE001 - no user loader outside requests
        return False


def select_locale() -> str:
    """Flask-Babel's locale selector: the interface language."""
    return interface_language_for(select_language())


def content_language() -> str:
    """The language plan texts are shown in."""
    return select_language()
