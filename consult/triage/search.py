"""Full-text search and similarity over suggestions.

PostgreSQL: a GIN index over `to_tsvector('simple', passage || ' ' || summary)`; the
'simple' configuration keeps every language's words as they are. SQLite: an FTS5 table
kept in step with `suggestions` by triggers. Both are created by the triage search
migration and, for tests that build the schema from the models, by DDL events below.

A later SQLite migration that rebuilds `suggestions` (Alembic's batch mode copies the table)
drops its triggers: such a migration must run `SQLITE_DDL` again and rebuild the FTS table.
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, event, func, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement

from consult.extensions import db
from consult.triage.models import Suggestion

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS suggestions_fts USING fts5("
    "passage, summary, content='suggestions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS suggestions_fts_ai AFTER INSERT ON suggestions BEGIN "
    "INSERT INTO suggestions_fts(rowid, passage, summary) "
    "VALUES (new.id, new.passage, new.summary); END",
    "CREATE TRIGGER IF NOT EXISTS suggestions_fts_ad AFTER DELETE ON suggestions BEGIN "
    "INSERT INTO suggestions_fts(suggestions_fts, rowid, passage, summary) "
    "VALUES ('delete', old.id, old.passage, old.summary); END",
    "CREATE TRIGGER IF NOT EXISTS suggestions_fts_au AFTER UPDATE OF passage, summary "
    "ON suggestions BEGIN "
    "INSERT INTO suggestions_fts(suggestions_fts, rowid, passage, summary) "
    "VALUES ('delete', old.id, old.passage, old.summary); "
    "INSERT INTO suggestions_fts(rowid, passage, summary) "
    "VALUES (new.id, new.passage, new.summary); END",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS suggestions_fts"]

PG_VECTOR = "to_tsvector('simple'::regconfig, passage || ' ' || summary)"
POSTGRESQL_DDL = [f"CREATE INDEX IF NOT EXISTS ix_suggestions_fts ON suggestions USING gin ({PG_VECTOR})"]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS ix_suggestions_fts"]

# Names the schema comparison leaves alone: they are not in the models' metadata.
SEARCH_OBJECTS = ("suggestions_fts", "ix_suggestions_fts")


def include_name(name, type_, parent_names) -> bool:
    """For Alembic: ignore the search table and index, which live outside the models."""
    return not (name and str(name).startswith(SEARCH_OBJECTS))


for _statement in SQLITE_DDL:
    event.listen(Suggestion.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_DDL:
    event.listen(
        Suggestion.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
for _statement in SQLITE_DROP:
    event.listen(Suggestion.__table__, "before_drop", DDL(_statement).execute_if(dialect="sqlite"))


_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def words(value: str) -> list[str]:
    """Search terms of a text: lower-cased words, without digits-only or one-letter ones."""
    seen: dict[str, None] = {}
    for word in _WORD.findall((value or "").lower()):
        word = word.strip("_")
        if len(word) >= 2 and not word.isdigit() and word not in seen:
            seen[word] = None
    return list(seen)


def _significant(value: str) -> list[str]:
    """The longest distinct words: a rough stand-in for the text's content words."""
    candidates = [w for w in words(value) if len(w) >= 4]
    return sorted(candidates, key=len, reverse=True)[:MAX_TERMS]


# The same expression as the index, with the table named so that joins stay unambiguous.
PG_MATCH_VECTOR = (
    "to_tsvector('simple'::regconfig, suggestions.passage || ' ' || suggestions.summary)"
)


def _vector() -> ColumnElement:
    return literal_column(PG_MATCH_VECTOR)


def matches(query: str) -> ColumnElement | None:
    """A WHERE clause: suggestions whose passage or summary contain every word of `query`.

    Words match as prefixes ("Sprach" finds "Sprachkurse"). None when the query has no words.
    """
    terms = words(query)[:MAX_TERMS]
    if not terms:
        return None
    if _dialect() == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return _vector().op("@@")(
            func.to_tsquery(literal_column("'simple'::regconfig"), tsquery)
        )
    fts = " AND ".join(f'"{term}"*' for term in terms)
    ids = select(literal_column("rowid")).select_from(text("suggestions_fts")).where(
        text("suggestions_fts MATCH :fts_query").bindparams(fts_query=fts)
    )
    return Suggestion.id.in_(ids)


# Built from constants only; every value is a bound parameter.
_PG_SIMILAR = (
    "SELECT id FROM suggestions, to_tsquery('simple'::regconfig, :q) AS q "  # noqa: S608
    f"WHERE process_id = :process_id AND id <> :own_id AND {PG_VECTOR} @@ q "
    f"ORDER BY ts_rank({PG_VECTOR}, q) DESC, id LIMIT :limit"
)


def similar(suggestion: Suggestion, limit: int = 8) -> list[Suggestion]:
    """Suggestions of the same process that share the most content words, best first."""
    terms = _significant(f"{suggestion.passage} {suggestion.summary}")
    if not terms:
        return []
    params = {"process_id": suggestion.process_id, "own_id": suggestion.id, "limit": limit}
    if _dialect() == "postgresql":
        sql = text(_PG_SIMILAR)
        params["q"] = " | ".join(terms)
    else:
        sql = text(
            "SELECT s.id FROM suggestions_fts JOIN suggestions AS s ON s.id = suggestions_fts.rowid "
            "WHERE suggestions_fts MATCH :q AND s.process_id = :process_id AND s.id <> :own_id "
            "ORDER BY bm25(suggestions_fts), s.id LIMIT :limit"
        )
        params["q"] = " OR ".join(f'"{term}"' for term in terms)
    ids = [row[0] for row in db.session.execute(sql, params)]
    if not ids:
        return []
    found = {s.id: s for s in db.session.scalars(select(Suggestion).where(Suggestion.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
