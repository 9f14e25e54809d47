"""Word-level differences between two texts, as accessible HTML.

Deleted words are wrapped in `<del>`, inserted ones in `<ins>`; each run starts
with visually hidden words ("deleted:", "inserted:") so that screen readers,
which mostly do not announce these elements, read the change aloud.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class DiffResult:
    html: Markup
    inserted: int
    deleted: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.deleted)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> DiffResult:
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    out: list[str] = []
    inserted = deleted = 0
    hidden_del = escape(_("deleted:"))
    hidden_ins = escape(_("inserted:"))
    end_del = escape(_("end of deletion"))
    end_ins = escape(_("end of insertion"))
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
            continue
        if op in ("delete", "replace"):
            words = "".join(a[i1:i2])
            deleted += sum(1 for t in a[i1:i2] if not t.isspace())
            out.append(
                f'<del><span class="visually-hidden">{hidden_del} </span>{escape(words)}'
                f'<span class="visually-hidden"> {end_del}</span></del>'
            )
        if op in ("insert", "replace"):
            words = "".join(b[j1:j2])
            inserted += sum(1 for t in b[j1:j2] if not t.isspace())
            out.append(
                f'<ins><span class="visually-hidden">{hidden_ins} </span>{escape(words)}'
                f'<span class="visually-hidden"> {end_ins}</span></ins>'
            )
    return DiffResult(Markup("".join(out)), inserted, deleted)  # noqa: S704 - parts escaped
