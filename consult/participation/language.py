"""Which language a contribution is written in, detected locally (lingua; no external service).

The detector is built lazily, once per process, for the configured interface languages only
and in lingua's low-accuracy mode, which keeps a worker's memory small.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from flask import current_app

# Our language codes -> lingua's ISO 639-1 names (lingua knows no Leichte Sprache: it is German).
_LINGUA_NAMES = {
    "de": "GERMAN", "en": "ENGLISH", "tr": "TURKISH", "ar": "ARABIC", "ru": "RUSSIAN",
    "uk": "UKRAINIAN", "pl": "POLISH", "fa": "PERSIAN", "fr": "FRENCH", "es": "SPANISH",
    "it": "ITALIAN", "ku": None, "so": "SOMALI", "sq": "ALBANIAN", "hr": "CROATIAN",
    "sr": "SERBIAN", "bs": "BOSNIAN", "ro": "ROMANIAN", "bg": "BULGARIAN", "el": "GREEK",
    "vi": "VIETNAMESE", "zh": "CHINESE", "ti": None, "ur": "URDU", "pt": "PORTUGUESE",
    "nl": "DUTCH", "hu": "HUNGARIAN",
}
# Texts shorter than this are too short to tell; the fallback is used.
MIN_LENGTH = 12
_lock = threading.Lock()


def candidate_languages() -> tuple[str, ...]:
    configured = current_app.config.get("CONTRIBUTION_LANGUAGES") or current_app.config["LANGUAGES"]
    return tuple(code for code in configured if _LINGUA_NAMES.get(code))


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, _LINGUA_NAMES[code]) for code in codes]
    with _lock:
        return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str, fallback: str | None = None) -> str | None:
    """The language code of `text` among the candidate languages, or `fallback` if unsure."""
    text = (text or "").strip()
    if len(text) < MIN_LENGTH:
        return fallback
    codes = candidate_languages()
    if len(codes) < 2:
        return codes[0] if codes else fallback
    detected = _detector(codes).detect_language_of(text[:2000])
    if detected is None:
        return fallback
    iso = detected.iso_code_639_1.name.lower()
    return iso if iso in codes else fallback
