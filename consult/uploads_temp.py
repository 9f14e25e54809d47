"""Keeping an upload between its preview and its save.

An upload waits in a folder under the upload folder, named by a random token: a JSON file
with what the preview needs (and when it was stored) and, for a file kept as it came, its
bytes beside it. It is removed once saved, or after MAX_AGE_SECONDS; every new upload clears
the expired ones of its folder.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

MAX_AGE_SECONDS = 24 * 3600
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SUFFIXES = (".bin", ".json")


def _valid(token: Any) -> bool:
    return isinstance(token, str) and TOKEN_PATTERN.match(token) is not None


def store(folder: Path, meta: dict[str, Any], data: bytes | None = None) -> str:
    """Keep `meta` (and `data`, if given) under a new random token; returns the token.

    Raises OSError when the folder cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    remove_expired(folder)
    token = secrets.token_urlsafe(24)
    if data is not None:
        (folder / f"{token}.bin").write_bytes(data)
    meta = {**meta, "stored_at": time.time()}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(
    folder: Path, token: Any, *, with_data: bool = False
) -> tuple[dict[str, Any], bytes | None] | None:
    """(meta, data) kept under the token; data only `with_data`. None when the token is
    malformed or unknown, or the upload has expired (then it is removed)."""
    if not _valid(token):
        return None
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.bin").read_bytes() if with_data else None
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    if time.time() - float(meta.get("stored_at", 0)) > MAX_AGE_SECONDS:
        discard(folder, token)
        return None
    return meta, data


def discard(folder: Path, token: Any) -> None:
    """Remove what is kept under the token; a malformed or unknown token does nothing."""
    if not _valid(token):
        return
    for suffix in SUFFIXES:
        try:
            (folder / f"{token}{suffix}").unlink()
        except OSError:
            pass


def remove_expired(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            pass
