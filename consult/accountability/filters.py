"""What the disposition table is narrowed to and how it is ordered: the filters shared by the
public table, the exports and the API, built from query arguments. Unknown values are dropped,
never echoed and never an error; values that would reach SQL are only ever known enum values,
a bounded language code, a section key and search words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l

from consult.participation.models import Channel, SubmitterType
from consult.triage.models import Outcome

# The longest search the table accepts (longer input is cut).
MAX_QUERY = 200

SORTS = {
    "number": _l("Number"),
    "section": _l("Section"),
    "outcome": _l("Outcome"),
    "channel": _l("Channel"),
    "submitter": _l("Submitter type"),
    "language": _l("Language"),
    "decided": _l("Date of decision"),
}


# --------------------------------------------------------------------- filters


def _choice(value, allowed) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$")


def _language(value) -> str | None:
    return value if isinstance(value, str) and len(value) <= 16 and _LANGUAGE.match(value) else None


@dataclass(frozen=True)
class Filters:
    """What the table is narrowed to and how it is ordered. Built from query arguments;
    unknown values are dropped, never echoed and never an error."""

    version: int | None = None
    section: str | None = None
    outcome: str | None = None
    channel: str | None = None
    language: str | None = None
    submitter_type: str | None = None
    q: str = ""
    sort: str = "number"
    descending: bool = False

    @classmethod
    def from_args(cls, args: Mapping) -> Filters:
        version = args.get("version")
        try:
            version = int(version) if version not in (None, "") else None
        except (TypeError, ValueError):
            version = None
        if version is not None and not 0 < version < 100_000:
            version = None
        section = args.get("section") or None
        if section is not None and (len(section) > 40 or not section.replace("-", "").replace("_", "").replace(".", "").isalnum()):
            section = None
        q = " ".join(str(args.get("q") or "").split())[:MAX_QUERY]
        return cls(
            version=version,
            section=section,
            outcome=_choice(args.get("outcome"), {o.value for o in Outcome}),
            channel=_choice(args.get("channel"), {c.value for c in Channel}),
            language=_language(args.get("language")),
            submitter_type=_choice(args.get("submitter_type"), {s.value for s in SubmitterType}),
            q=q,
            sort=_choice(args.get("sort"), SORTS) or "number",
            descending=args.get("dir") == "desc",
        )

    def args(self, **overrides) -> dict[str, str | int]:
        """Query arguments that reproduce these filters (defaults left out), for links."""
        chosen = replace(self, **overrides) if overrides else self
        result: dict[str, str | int] = {}
        for name in ("version", "section", "outcome", "channel", "language", "submitter_type"):
            value = getattr(chosen, name)
            if value is not None:
                result[name] = value
        if chosen.q:
            result["q"] = chosen.q
        if chosen.sort != "number":
            result["sort"] = chosen.sort
        if chosen.descending:
            result["dir"] = "desc"
        return result

    @property
    def narrowed(self) -> bool:
        """Whether anything other than the version narrows the table."""
        return any(
            (self.section, self.outcome, self.channel, self.language, self.submitter_type, self.q)
        )

    def describe(self, section_titles: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """(label, value) pairs in the reader's language, for the heading of an export.
        `section_titles` maps a section key to its number and title."""
        from consult.i18n import language_name

        parts: list[tuple[str, str]] = []
        if self.version is not None:
            parts.append((str(_l("Version")), str(self.version)))
        if self.section:
            # The section as readers know it ("1.1 Goal …"); its key only when unknown.
            parts.append((str(_l("Section")), (section_titles or {}).get(self.section) or self.section))
        if self.outcome:
            parts.append((str(_l("Outcome")), Outcome(self.outcome).title))
        if self.channel:
            parts.append((str(_l("Channel")), Channel(self.channel).title))
        if self.language:
            parts.append((str(_l("Language")), language_name(self.language)))
        if self.submitter_type:
            parts.append((str(_l("Submitter type")), SubmitterType(self.submitter_type).title))
        if self.q:
            parts.append((str(_l("Search")), self.q))
        return parts
