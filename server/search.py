"""The site index: one SQLite file, built from the store, for search, listings, the timeline and figures.

The store is read-only while served, so the index is built once per store version (server/freshness.py)
and kept beside the store as ``{store}.index.sqlite3`` (or where the ``search_index`` setting says).
At startup the server opens it when its recorded version is the store's, and rebuilds it otherwise:
into a temporary file, renamed into place, so a second server process never reads half an index.

Tables:
- ``entity``: every person, organisation, place, event, article, statement, role and membership with
  its kind, label, sort key and date; the per-type indexes and the sitemap page through it.
- ``entity_text``: an FTS5 table over names, aliases, headlines, statement text and article text
  (https://www.sqlite.org/fts5.html), ranked by bm25 with names weighted above aliases above text;
  ``entity_terms`` (fts5vocab) lists its words, for the spelling a search without hits may have meant.
- ``involves``: which people and organisations an article mentions or an event involves, for the
  timeline's filters.
- ``figure``: counts by kind, by class and by property, for the home page and the VoID description.
- ``description``: every page of every entity's description (server/description.py), as zlib-compressed
  N-Triples, so an entity page or document reads one row instead of the store's indexes; assembled from
  one read of the default graph.
- ``related``: for each person, organisation and place, the people and organisations most often named in
  the same articles.

After a write to some article graphs, ``SiteIndex.update`` brings the index up to date in place, in one
SQLite transaction, instead of building it anew: from each written graph's triples before the write
(``graph_triples``, read before writing) and after it, it works out which triples the write added to or
removed from the default graph, recomputes by targeted SPARQL the rows those triples reach (see
``_Update``), and moves the class, property and total figures by that difference. The result equals a
fresh build of the same store (tests/test_search_incremental.py), except for the ``entity.id`` surrogate
keys, which an update hands out in the order entities appear.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphbuild.iris import split_entity_iri
from graphbuild.stores import Readable, Source
from graphbuild.vocab import PREFIXES

from .description import (
    _DATED_VIA,
    _OWN_DATES,
    FACT_CLASSES,
    LABEL_TERMS,
    Assembled,
    MemoryView,
    StoreView,
    every_page,
    precompute,
)
from .freshness import StoreVersion

_PREFIX_LINES = "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in PREFIXES.items())
SCHEMA_VERSION = "6"  # 5: related lists left to assemble too (``pending``); 6: article text, ``entity_terms``
KINDS = ("article", "person", "organisation", "place", "event", "statement", "role", "membership")
SEARCHED = ("article", "person", "organisation", "place", "event", "statement", "role")
MARK_START, MARK_END = "\ue000", "\ue001"  # snippet markers no text contains; the template turns them into <mark>

# Each query reads the whole store, or with ``values`` (a VALUES clause: see _values) the entities it names.
_LABELS = ("schema:name skos:prefLabel schema:headline schema:text schema:alternateName schema:datePublished "
           "schema:startDate schema:articleBody")


def _labels_query(values: str = "") -> str:
    # For the whole store, one scan of each predicate; for given subjects, their triples filtered (Oxigraph
    # would scan every name triple and then join: 0.7 s instead of 3 ms for 100 subjects at 20,000 articles).
    if values:
        return _PREFIX_LINES + f"""
SELECT ?s ?p ?o WHERE {{ {values} ?s ?p ?o FILTER (?p IN ({", ".join(_LABELS.split())})) }}"""
    return _PREFIX_LINES + f"""
SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . VALUES ?p {{ {_LABELS} }} }}"""


def _memberships_query(values: str = "") -> str:
    return _PREFIX_LINES + f"""
SELECT ?m ?who ?role ?org WHERE {{
  {values}
  ?m a org:Membership .
  OPTIONAL {{ ?m org:member/schema:name ?who }} OPTIONAL {{ ?m org:role/skos:prefLabel ?role }}
  OPTIONAL {{ ?m org:organization/schema:name ?org }}
}}"""


def _statement_dates_query(values: str = "") -> str:
    return _PREFIX_LINES + f"""
SELECT ?s ?date WHERE {{ {values} ?s schema:isPartOf/schema:datePublished ?date }}"""


def _involves_query(values: str = "") -> str:
    """``values`` names ?item or ?agent; it goes into each branch, where it narrows the pattern it joins."""
    return _PREFIX_LINES + f"""
SELECT DISTINCT ?item ?agent WHERE {{
  {{ {values} ?item schema:mentions ?agent }} UNION {{ {values} ?item schema:attendee ?agent }}
  UNION {{ {values} ?item schema:organizer ?agent }}
  UNION {{ {values} ?p ng:participationIn ?item ; ng:participant ?agent }}
}}"""



_CLASS_COUNTS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_PROPERTY_COUNTS = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_TOTALS = ("SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) "
           "WHERE { ?s ?p ?o }")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entity (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                     label TEXT NOT NULL, sort_key TEXT NOT NULL, date TEXT);
CREATE INDEX entity_by_label ON entity (kind, sort_key, iri);
CREATE INDEX entity_by_date ON entity (kind, date, sort_key);
CREATE VIRTUAL TABLE entity_text USING fts5 (name, aliases, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE entity_terms USING fts5vocab (entity_text, 'row');
CREATE TABLE involves (agent INTEGER NOT NULL, item INTEGER NOT NULL, PRIMARY KEY (agent, item)) WITHOUT ROWID;
CREATE INDEX involves_by_item ON involves (item);
CREATE TABLE figure (family TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (family, key));
CREATE TABLE description (iri TEXT NOT NULL, page INTEGER NOT NULL, pages INTEGER NOT NULL, links INTEGER NOT NULL,
                          ntriples BLOB NOT NULL, PRIMARY KEY (iri, page));
CREATE TABLE related (entity TEXT NOT NULL, rank INTEGER NOT NULL, other TEXT NOT NULL, label TEXT NOT NULL,
                      articles INTEGER NOT NULL, PRIMARY KEY (entity, rank)) WITHOUT ROWID;
CREATE TABLE pending (work TEXT NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (work, iri)) WITHOUT ROWID;
"""
DEFER_LINKS = 20  # an update leaves to SiteIndex.complete the descriptions and related lists of entities linked by more
RELATED_KINDS = ("person", "organisation", "place")  # the pages that show who appears with the entity
RELATED_LIMIT = 12


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str
    label: str
    date: str | None = None
    snippet: str | None = None  # with MARK_START/MARK_END around the matched words


@dataclass(frozen=True)
class Related:
    iri: str
    label: str
    articles: int  # how many articles name both


@dataclass(frozen=True)
class Figures:
    kinds: dict[str, int]
    classes: dict[str, int]
    properties: dict[str, int]
    totals: dict[str, int]


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else None


def _sort_key(label: str) -> str:
    return re.sub(r"[^\w ]+", "", label.casefold()).strip() or label.casefold()


def default_path(store_path: Path) -> Path:
    """Where the site index of the folder store at ``store_path`` lives by default: beside it."""
    return store_path.with_name(store_path.name + ".index.sqlite3")


class SiteIndex:
    """The SQLite index of one store version; a connection per thread, read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._generation = 0  # bumped by reopen(): each thread's connection then reconnects

    def reopen(self) -> None:
        """Read the file at ``path`` anew (a rebuild renamed a new index into place)."""
        self._generation += 1

    # -- updating --------------------------------------------------------------------------------------
    def update(self, store: Source, version: StoreVersion, base: str,
               before: Mapping[str, frozenset[ox.Triple]]) -> None:
        """Bring the index up to date with writes to the article graphs named in ``before``, which holds each
        graph's triples as they were before the writes (``graph_triples``; empty for an article that is new).

        ``store`` is the store written to (or a snapshot taken after the writes), and the index must be the
        one of the store as it was just before them (after several writes, each graph's triples before the first
        of them); ``version`` is the store's version now. The index file is changed in place in one SQLite
        transaction: readers see it whole before or whole after (to switch it together with a new snapshot,
        update a copy and rename it into place). An index of another schema is built anew instead.

        Article graphs hold no blank nodes (the store cannot write one into both an article's graph and the
        union), which the VALUES clauses here could not name."""
        if not (recorded_version(self.path) or "").startswith(f"{SCHEMA_VERSION}:"):
            build_index(store, version, self.path, base)
            self.reopen()
            return
        after = {graph: graph_triples(store.ox, graph) for graph in before}
        delta = _delta(store.ox, before, after)
        touched = set(before).union(*(touched_iris(before[graph], after[graph]) for graph in before))
        with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")  # one writer; readers go on reading the old rows until COMMIT
            try:
                _Update(db, store.ox, base, delta, touched, list(before)).run()
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (_recorded(version),))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def pending(self) -> list[tuple[str, str]]:
        """What updates left to ``complete``: ("description", IRI), served from the store until then, and
        ("related", IRI), a related list shown as it was before the updates until then."""
        return list(self._db().execute("SELECT work, iri FROM pending ORDER BY work, iri"))

    def complete(self, store: Source, version: StoreVersion, work: Iterable[tuple[str, str]] | None = None) -> int:
        """Do the ``work`` updates left pending (else all of it) from ``store`` at ``version``, one entity per
        SQLite transaction. What was worked out while the index moved on to another version is not stored (it
        stays pending, or the newer update redid it): nothing is stored from another version of the store
        than the rest of the index. Returns how many were stored."""
        view, done = StoreView(store.ox), 0
        for kind, iri in self.pending() if work is None else work:
            if kind == "description":
                rows: list[tuple[Any, ...]] = [_description_row(iri, a) for a in every_page(view, iri)]
            else:
                with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                    rows = _related_rows(db, store.ox, [iri])
            with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    current = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                    still = db.execute("SELECT 1 FROM pending WHERE work = ? AND iri = ?", (kind, iri)).fetchone()
                    if current is None or current[0] != _recorded(version) or still is None:
                        db.execute("ROLLBACK")
                        continue
                    if kind == "description":
                        db.execute("DELETE FROM description WHERE iri = ?", (iri,))
                        db.executemany("INSERT INTO description VALUES (?, ?, ?, ?, ?)", rows)
                    else:
                        db.execute("DELETE FROM related WHERE entity = ?", (iri,))
                        db.executemany("INSERT INTO related VALUES (?, ?, ?, ?, ?)", rows)
                    db.execute("DELETE FROM pending WHERE work = ? AND iri = ?", (kind, iri))
                    db.execute("COMMIT")
                    done += 1
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
        return done

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and getattr(self._local, "generation", 0) != self._generation:
            db.close()
            db = None
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db, self._local.generation = db, self._generation
        return db

    # -- reading -------------------------------------------------------------------------------------
    def figures(self) -> Figures:
        families: dict[str, dict[str, int]] = {"kind": {}, "class": {}, "property": {}, "total": {}}
        for family, key, n in self._db().execute("SELECT family, key, n FROM figure"):
            families[family][key] = n
        kinds = {kind: families["kind"].get(kind, 0) for kind in KINDS}
        return Figures(kinds, families["class"], families["property"], families["total"])

    def search(self, text: str, kind: str | None = None, limit: int = 20, offset: int = 0) -> tuple[list[Entry], int]:
        """Entries matching every word of ``text`` (the last one as a prefix), best first, and their count."""
        match = fts_query(text)
        if match is None:
            return [], 0
        # "+e.kind": not by the kind index, which SQLite would scan, probing the text index row by row (1 s
        # and more at 20,000 articles): the text index finds the matches, and their kind is checked after.
        where = "entity_text MATCH ?" + (" AND +e.kind = ?" if kind else "")
        params: list[object] = [match, *([kind] if kind else [])]
        db = self._db()
        total = db.execute(f"SELECT COUNT(*) FROM entity_text JOIN entity e ON e.id = entity_text.rowid "
                           f"WHERE {where}", params).fetchone()[0]
        rows = db.execute(
            f"SELECT e.iri, e.kind, e.label, e.date, "
            f"snippet(entity_text, -1, '{MARK_START}', '{MARK_END}', '…', 16) "
            f"FROM entity_text JOIN entity e ON e.id = entity_text.rowid WHERE {where} "
            f"ORDER BY bm25(entity_text, 10.0, 5.0, 1.0), e.sort_key LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [Entry(*row) for row in rows], int(total)

    def search_as_meant(self, text: str, kind: str | None = None, limit: int = 20,
                        offset: int = 0) -> tuple[list[Entry], int, str | None]:
        """``search``, and when it finds nothing, the search for the words the index holds that are nearest
        to those that match nothing ("Cambrn" finds Cambron): (entries, count, the text searched instead
        or None)."""
        found, total = self.search(text, kind, limit, offset)
        if total or not (meant := self.meant(text)):
            return found, total, None
        found, total = self.search(meant, kind, limit, offset)
        return found, total, meant if total else None

    def meant(self, text: str) -> str | None:
        """``text`` with each word the index does not hold (the last one, typed on, not even as a prefix)
        replaced by the indexed word nearest to it in spelling, None when no word changes."""
        words = _WORD.findall(text)[:12]
        db, changed = self._db(), False
        for n, word in enumerate(words):
            folded = _fold(word)
            last = n == len(words) - 1
            known = db.execute("SELECT 1 FROM entity_terms WHERE term >= ? AND term < ? LIMIT 1" if last else
                               "SELECT 1 FROM entity_terms WHERE term = ?",
                               (folded, folded + "\U0010ffff") if last else (folded,)).fetchone()
            if known or len(folded) < 4:
                continue
            if (near := _nearest(db, folded)) is not None:
                words[n], changed = near, True
        return " ".join(words) if changed else None

    def listing(self, kind: str, sort: str, descending: bool, limit: int, offset: int) -> list[Entry]:
        order = "date IS NULL, date" if sort == "date" else "sort_key"
        direction = "DESC" if descending else "ASC"
        rows = self._db().execute(
            f"SELECT iri, kind, label, date FROM entity WHERE kind = ? "
            f"ORDER BY {order} {direction}, sort_key, iri LIMIT ? OFFSET ?", (kind, limit, offset))
        return [Entry(*row) for row in rows]

    def count(self, kind: str) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM entity WHERE kind = ?", (kind,)).fetchone()[0])

    def find(self, iri: str) -> Entry | None:
        row = self._db().execute("SELECT iri, kind, label, date FROM entity WHERE iri = ?", (iri,)).fetchone()
        return Entry(*row) if row else None

    def timeline(self, agents: list[str], year: str | None, descending: bool, limit: int,
                 offset: int) -> tuple[list[Entry], int]:
        """Dated articles and events, involving every one of ``agents`` (IRIs), in ``year`` if given."""
        where = ["e.kind IN ('article', 'event')", "e.date IS NOT NULL"]
        params: list[object] = []
        for agent in agents:
            where.append("e.id IN (SELECT item FROM involves JOIN entity a ON a.id = involves.agent WHERE a.iri = ?)")
            params.append(agent)
        if year:
            where.append("substr(e.date, 1, 4) = ?")
            params.append(year)
        clause = " AND ".join(where)
        db = self._db()
        total = db.execute(f"SELECT COUNT(*) FROM entity e WHERE {clause}", params).fetchone()[0]
        # A date of year or month precision goes where its span starts (oldest first) or ends (newest first):
        # "2024" before 2024's months and days either way, not between them.
        pad = ("'-99-99'", "'-99'") if descending else ("'-00-00'", "'-00'")
        bound = f"CASE length(e.date) WHEN 4 THEN e.date || {pad[0]} WHEN 7 THEN e.date || {pad[1]} ELSE e.date END"
        direction = "DESC" if descending else "ASC"
        rows = db.execute(f"SELECT e.iri, e.kind, e.label, e.date FROM entity e WHERE {clause} "
                          f"ORDER BY {bound} {direction}, e.kind, e.sort_key LIMIT ? OFFSET ?",
                          [*params, limit, offset])
        return [Entry(*row) for row in rows], int(total)

    def years(self) -> list[str]:
        rows = self._db().execute("SELECT DISTINCT substr(date, 1, 4) FROM entity WHERE kind IN ('article', 'event') "
                                  "AND date IS NOT NULL ORDER BY 1 DESC")
        return [r[0] for r in rows]

    def description(self, iri: str, page: int) -> tuple[int, int, bytes | None] | None:
        """(pages, links, N-Triples) of page ``page`` of the description of ``iri`` (N-Triples None past
        the last page), or None when the index holds no description of ``iri``."""
        rows = self._db().execute("SELECT page, pages, links, ntriples FROM description "
                                  "WHERE iri = ? AND page IN (1, ?)", (iri, page)).fetchall()
        if not rows:
            return None
        found = {row[0]: row for row in rows}
        _, pages, links, _ = found.get(1, rows[0])
        return pages, links, zlib.decompress(found[page][3]) if page in found else None

    def related(self, iri: str) -> list[Related]:
        """The people and organisations most often named in the same articles as ``iri``, most first."""
        rows = self._db().execute("SELECT other, label, articles FROM related WHERE entity = ? ORDER BY rank", (iri,))
        return [Related(*row) for row in rows]

    def iris(self, kind: str, limit: int, offset: int) -> list[str]:
        rows = self._db().execute("SELECT iri FROM entity WHERE kind = ? ORDER BY id LIMIT ? OFFSET ?",
                                  (kind, limit, offset))
        return [r[0] for r in rows]

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


_WORD = re.compile(r"\w+", re.UNICODE)


def _fold(word: str) -> str:
    """A word as the index's tokenizer keeps it: lower case, without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _distance(a: str, b: str, bound: int) -> int:
    """The Levenshtein distance of ``a`` and ``b``, or ``bound + 1`` once it is known to exceed ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]


def _nearest(db: sqlite3.Connection, word: str) -> str | None:
    """The indexed word nearest to ``word``: one edit away (two for words of eight letters or more), with the
    same first letter; of several, the one in most entries."""
    bound = 2 if len(word) >= 8 else 1
    rows = db.execute("SELECT term, doc FROM entity_terms WHERE term >= ? AND term < ? "
                      "AND length(term) BETWEEN ? AND ?",
                      (word[0], word[0] + "\U0010ffff", len(word) - bound, len(word) + bound))
    best: tuple[int, int, str] | None = None
    for term, documents in rows:
        d = _distance(word, term, bound)
        if d <= bound and (best is None or (d, -documents, term) < best):
            best = (d, -documents, term)
    return best[2] if best else None


def fts_query(text: str) -> str | None:
    """An FTS5 query for the words of ``text``: each one quoted (so no user syntax reaches FTS5), the last
    as a prefix so results come while typing. None when ``text`` has no word."""
    words = _WORD.findall(text)[:12]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def recorded_version(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


# -- building from the store -----------------------------------------------------------------------------
@dataclass
class _Row:
    kind: str
    names: list[str]
    aliases: list[str]
    texts: list[str]
    date: str | None = None

    def label(self) -> str:
        return (self.names or self.texts or [""])[0]

    def entity(self, iri: str) -> tuple[str, str, str, str, str | None]:
        """(iri, kind, label, sort_key, date): the row's ``entity`` columns but its id."""
        return iri, self.kind, self.label(), _sort_key(self.label()), self.date

    def text(self) -> tuple[str, str, str]:
        """(name, aliases, body): the row's ``entity_text`` columns."""
        return " ".join(self.names), " ".join(self.aliases), " ".join(self.texts)


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES {var} {{ {' '.join(f'<{iri}>' for iri in iris)} }}"


_CHUNK = 400  # IRIs (or triples) in one VALUES clause


def _chunks(items: Collection[str], size: int = _CHUNK) -> Iterator[list[str]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def _select(store: Readable, query: Callable[[str], str], var: str,
            iris: Collection[str] | None) -> Iterator[ox.QuerySolution]:
    """The solutions of ``query`` over the whole store (``iris`` None), or with ``var`` bound to each of ``iris``."""
    if iris is None:
        yield from store.query(query(""))  # type: ignore[misc]
        return
    for chunk in _chunks(iris):
        yield from store.query(query(_values(var, chunk)))  # type: ignore[misc]


def _collect(store: Readable, base: str, iris: Collection[str] | None = None) -> dict[str, _Row]:
    """The rows of every entity in the store, or of those of ``iris`` that are entities."""
    rows: dict[str, _Row] = {}
    schema = str(PREFIXES["schema"])
    for r in _select(store, _labels_query, "?s", iris):
        iri = _value(r["s"])
        parts = split_entity_iri(base, iri) if isinstance(r["s"], ox.NamedNode) and iri else None
        if parts is None:
            continue  # mentions, participations and anything not minted here
        row = rows.setdefault(str(iri), _Row(parts[0], [], [], []))
        predicate, value = str(_value(r["p"])), str(_value(r["o"]))
        if predicate in (schema + "name", schema + "headline", str(PREFIXES["skos"]) + "prefLabel"):
            row.names.append(value)
        elif predicate == schema + "alternateName":
            row.aliases.append(value)
        elif predicate in (schema + "text", schema + "articleBody"):
            row.texts.append(value)
        elif row.date is None or value < row.date:
            row.date = value
    # Why the least of each: a person named two ways gives a membership two labels, in no fixed order.
    membership_names: dict[str, list[str]] = {}
    for r in _select(store, _memberships_query, "?m", iris):
        iri = str(_value(r["m"]))
        rows.setdefault(iri, _Row("membership", [], [], []))
        named = [p for p in (_value(r["who"]), _value(r["role"]), _value(r["org"])) if p]
        if named:
            membership_names.setdefault(iri, []).append(" · ".join(named))
    for iri, names in membership_names.items():
        rows[iri].names = [min(names)]
    article_dates: dict[str, list[str]] = {}
    for r in _select(store, _statement_dates_query, "?s", iris):
        if (row_ := rows.get(iri := str(_value(r["s"])))) is not None and row_.date is None:
            article_dates.setdefault(iri, []).append(str(_value(r["date"])))
    for iri, dates in article_dates.items():
        rows[iri].date = min(dates)
    for iri, row in rows.items():
        if not row.names and not row.texts:
            row.names = [iri.rsplit("/", 1)[-1]]
        row.names.sort()
        row.aliases = sorted(set(row.aliases))
    return rows


def _figures(store: Readable, rows: dict[str, _Row]) -> list[tuple[str, str, int]]:
    figures = [("kind", kind, sum(1 for r in rows.values() if r.kind == kind)) for kind in KINDS]
    figures += [("class", str(_value(r["c"])), int(str(_value(r["n"])))) for r in store.query(_CLASS_COUNTS)]  # type: ignore[union-attr]
    figures += [("property", str(_value(r["p"])), int(str(_value(r["n"]))))
                for r in store.query(_PROPERTY_COUNTS)]  # type: ignore[union-attr]
    for r in store.query(_TOTALS):  # type: ignore[union-attr]
        figures += [("total", name, int(str(_value(r[name])))) for name in ("triples", "subjects", "objects")]
    return figures


def _recorded(version: StoreVersion) -> str:
    """What ``meta`` records as the version of an index of the store at ``version``."""
    return f"{SCHEMA_VERSION}:{version.tag}"


def is_current(path: Path, version: StoreVersion) -> bool:
    """Whether the index at ``path`` was built from this store version."""
    return recorded_version(path) == _recorded(version)


def _entity_column(db: sqlite3.Connection, iris: Collection[str], column: str) -> dict[str, Any]:
    """``column`` of the ``entity`` rows of ``iris`` (those that have one), by IRI."""
    found: dict[str, Any] = {}
    for chunk in _chunks(iris):
        marks = ", ".join("?" * len(chunk))
        found.update(db.execute(f"SELECT iri, {column} FROM entity WHERE iri IN ({marks})", chunk))
    return found


def _related_query(values: str) -> str:
    return _PREFIX_LINES + f"""
SELECT ?x ?other (COUNT(DISTINCT ?a) AS ?n) WHERE {{
  {values}
  ?a schema:mentions ?x , ?other .
  FILTER (isIRI(?other) && ?other != ?x)
  FILTER EXISTS {{ ?other a ?type . VALUES ?type {{ schema:Person schema:Organization }} }}
}} GROUP BY ?x ?other"""


def _related_rows(db: sqlite3.Connection, store: Readable, iris: Collection[str]) -> list[tuple[Any, ...]]:
    """The ``related`` rows of those of ``iris`` that have related lists, counted in the store; the labels
    of the others are read from ``db``'s entity rows."""
    kept = {iri for iri, kind in _entity_column(db, iris, "kind").items() if kind in RELATED_KINDS}
    counts: dict[str, dict[str, int]] = {}
    for r in _select(store, _related_query, "?x", kept):
        counts.setdefault(str(_value(r["x"])), {})[str(_value(r["other"]))] = int(str(_value(r["n"])))
    labels = _entity_column(db, {other for found in counts.values() for other in found}, "label")
    return [row for iri, found in sorted(counts.items()) for row in _ranked(iri, found, labels)]


def _description_row(iri: str, a: Assembled) -> tuple[str, int, int, int, bytes]:
    return iri, a.page, a.pages, a.links, zlib.compress(a.ntriples().encode("utf-8"))


def build_index(store: Source, version: StoreVersion, path: Path, base: str,
                progress: Callable[[Iterable[str], int], Iterable[str]] | None = None) -> None:
    """Write the index of ``store`` to ``path`` (atomically replacing any older one). ``progress`` wraps the
    entities as their descriptions are built, the long part (`newsgraph index` shows a bar with it)."""
    rows = _collect(store.ox, base)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    os.chmod(temporary, 0o644)  # readable like the store beside it
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.executescript(_SCHEMA)
            ids = {iri: n for n, iri in enumerate(sorted(rows), 1)}
            db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)",
                           ((ids[iri], *r.entity(iri)) for iri, r in rows.items()))
            db.executemany("INSERT INTO entity_text (rowid, name, aliases, body) VALUES (?, ?, ?, ?)",
                           ((ids[iri], *r.text()) for iri, r in rows.items() if r.kind in SEARCHED))
            db.executemany("INSERT OR IGNORE INTO involves VALUES (?, ?)", _involves(store.ox, ids))
            db.executemany("INSERT INTO figure VALUES (?, ?, ?)", _figures(store.ox, rows))
            view = MemoryView(store.ox)
            db.executemany("INSERT INTO related VALUES (?, ?, ?, ?, ?)", _related(view, rows))
            db.executemany("INSERT INTO description VALUES (?, ?, ?, ?, ?)",
                           (_description_row(iri, a) for iri, a in
                            precompute(view, progress(sorted(rows), len(rows)) if progress else sorted(rows))))
            db.execute("INSERT INTO meta VALUES ('version', ?)", (_recorded(version),))
            db.commit()
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _involves(store: Readable, ids: Mapping[str, int]) -> Iterator[tuple[int, int]]:
    for r in _select(store, _involves_query, "", None):
        agent, item = ids.get(str(_value(r["agent"]))), ids.get(str(_value(r["item"])))
        if agent is not None and item is not None:
            yield agent, item


def _related(view: MemoryView, rows: dict[str, _Row]) -> Iterator[tuple[str, int, str, str, int]]:
    """(entity, rank, other, label, articles): for each person, organisation and place, the people and
    organisations named in the most articles that name it too."""
    schema = str(PREFIXES["schema"])
    mentions, person, organisation = (f"<{schema}{name}>" for name in ("mentions", "Person", "Organization"))
    rdf_type = f"<{PREFIXES['rdf']}type>"
    counts: dict[str, dict[str, int]] = {}
    for article in view.subjects():
        named = {o[1:-1] for p, o in view.out(article) if p == mentions and o.startswith("<")}
        for iri in named:
            if iri in rows and rows[iri].kind in RELATED_KINDS:
                row_counts = counts.setdefault(iri, {})
                for other in named:
                    if other != iri:
                        row_counts[other] = row_counts.get(other, 0) + 1
    wanted = {person, organisation}
    for iri, row_counts in sorted(counts.items()):
        agents = {other: n for other, n in row_counts.items()
                  if any(p == rdf_type and o in wanted for p, o in view.out(f"<{other}>"))}
        yield from _ranked(iri, agents, {other: rows[other].label() for other in agents if other in rows})


def _ranked(iri: str, counts: Mapping[str, int],
            labels: Mapping[str, str]) -> list[tuple[str, int, str, str, int]]:
    """The ``related`` rows of ``iri``: of the people and organisations named with it (and in how many
    articles), the most named first, then by label; an agent with no row is labelled by its IRI."""
    found = sorted((-n, (label := labels.get(other, other)).lower(), other, label, n) for other, n in counts.items())
    return [(iri, rank, other, label, n) for rank, (_, _, other, label, n) in enumerate(found[:RELATED_LIMIT])]


# -- updating in place after writes ----------------------------------------------------------------------
def graph_triples(store: Readable, graph_iri: str) -> frozenset[ox.Triple]:
    """The triples of the article graph ``graph_iri`` (none when there is no such graph): read them before
    a write, and hand them to ``SiteIndex.update`` after it."""
    return frozenset(q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))


def touched_iris(before: Iterable[ox.Triple], after: Iterable[ox.Triple]) -> set[str]:
    """Every IRI that is a subject or an object in an article's graph before or after a write."""
    return {term.value for t in chain(before, after) for term in (t.subject, t.object)
            if isinstance(term, ox.NamedNode)}


@dataclass(frozen=True)
class _Delta:
    """What a write did to the default graph (the set union of the article graphs)."""

    added: frozenset[ox.Triple]
    removed: frozenset[ox.Triple]

    def signed(self) -> Iterator[tuple[int, ox.Triple]]:
        return chain(((1, t) for t in self.added), ((-1, t) for t in self.removed))

    def subjects(self, predicates: Collection[str] | None = None) -> set[str]:
        """The IRIs of the changed triples' subjects (of those whose predicate is one of ``predicates``)."""
        return {t.subject.value for _, t in self.signed() if isinstance(t.subject, ox.NamedNode)
                and (predicates is None or t.predicate.value in predicates)}

    def objects(self, predicates: Collection[str] | None = None) -> set[str]:
        return {t.object.value for _, t in self.signed() if isinstance(t.object, ox.NamedNode)
                and (predicates is None or t.predicate.value in predicates)}


def _triple_values(triples: Iterable[ox.Triple]) -> str:
    return "VALUES (?s ?p ?o) { " + " ".join(f"({t.subject} {t.predicate} {t.object})" for t in triples) + " }"


def _held(store: Readable, triples: Collection[ox.Triple], outside: Collection[str] | None = None) -> set[ox.Triple]:
    """Those of ``triples`` the default graph holds, or with ``outside`` those that some named graph other
    than the ``outside`` ones holds."""
    found: set[ox.Triple] = set()
    ordered = sorted(triples, key=str)
    for start in range(0, len(ordered), _CHUNK):
        values = _triple_values(ordered[start:start + _CHUNK])
        if outside is None:
            query = f"SELECT ?s ?p ?o WHERE {{ {values} ?s ?p ?o }}"
        else:
            excluded = ", ".join(f"<{g}>" for g in outside)
            query = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} "
                     f"FILTER (?g NOT IN ({excluded})) }}")
        found.update(ox.Triple(r["s"], r["p"], r["o"]) for r in store.query(query))  # type: ignore[union-attr]
    return found


def _delta(store: Readable, before: Mapping[str, frozenset[ox.Triple]],
           after: Mapping[str, frozenset[ox.Triple]]) -> _Delta:
    """The triples the writes to the graphs of ``before`` added to and removed from the default graph, read
    after the writes: a triple a written graph lost is gone when the default graph no longer holds it; one
    a written graph gained is new unless a graph left unwritten holds it (so the default graph held it)."""
    held_before: set[ox.Triple] = set().union(*before.values())
    changed: set[ox.Triple] = set().union(*(before[g] ^ after[g] for g in before))
    present = _held(store, changed)
    gained = {t for t in changed if t in present and t not in held_before}
    added = gained - _held(store, gained, outside=list(before))
    return _Delta(frozenset(added), frozenset(t for t in changed if t in held_before and t not in present))


_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _occurrences(store: Readable, position: str, limits: Mapping[_Term, int]) -> dict[str, int]:
    """How many triples of the default graph hold each term of ``limits`` as subject (``position`` "s") or
    object ("o"), counted up to the term's limit (a class has a million instances: one more than the
    write added tells enough); by the term's N-Triples spelling."""
    found: dict[str, int] = {}
    terms = sorted(limits, key=str)
    for start in range(0, len(terms), _CHUNK):
        chunk = terms[start:start + _CHUNK]
        patterns = [f"{term} ?p ?o" if position == "s" else f"?s ?p {term}" for term in chunk]
        branches = " UNION ".join(f'{{ SELECT ("{n}" AS ?i) WHERE {{ {pattern} }} LIMIT {limits[term]} }}'
                                  for n, (term, pattern) in enumerate(zip(chunk, patterns, strict=True)))
        for r in store.query(f"SELECT ?i (COUNT(*) AS ?n) WHERE {{ {branches} }} GROUP BY ?i"):  # type: ignore[union-attr]
            found[str(chunk[int(str(_value(r["i"])))])] = int(str(_value(r["n"])))
    return found


def _figure_changes(store: Readable, delta: _Delta) -> Counter[tuple[str, str]]:
    """How the class, property and total figures move with ``delta``, which is read after the write: the
    distinct subjects and objects by whether each term of a changed triple is in the default graph now
    and was before (https://www.w3.org/TR/void/#statistics)."""
    changes: Counter[tuple[str, str]] = Counter()
    rdf_type = str(PREFIXES["rdf"]) + "type"
    for sign, t in delta.signed():
        changes["property", t.predicate.value] += sign
        if t.predicate.value == rdf_type:
            changes["class", str(_value(t.object))] += sign
        changes["total", "triples"] += sign
    for position, name in (("s", "subjects"), ("o", "objects")):
        added: Counter[str] = Counter()
        removed: Counter[str] = Counter()
        terms: dict[str, _Term] = {}
        for sign, t in delta.signed():
            term = t.subject if position == "s" else t.object
            terms[str(term)] = term
            (added if sign > 0 else removed)[str(term)] += 1
        now = _occurrences(store, position, {term: added[key] + 1 for key, term in terms.items()})
        for key in terms:
            held_now = now.get(key, 0)
            held_before = held_now - added[key] + removed[key]  # held_now is cut at added + 1: enough to tell > 0
            changes["total", name] += (held_now > 0) - (held_before > 0)
    return changes


@dataclass
class _RowChanges:
    """What recomputing the entity rows did: the IRIs recomputed (that had or have a row), and of those the
    rows created, deleted (with their former ids) and relabelled."""

    recomputed: set[str]
    created: set[str] = field(default_factory=set)
    deleted: dict[str, int] = field(default_factory=dict)
    relabelled: set[str] = field(default_factory=set)


class _Update:
    """One update of the index in place (``SiteIndex.update``), inside the caller's transaction on ``db``.

    What each table's rows depend on, and so which ones an update recomputes (``touched``: every IRI in a
    written graph before or after the write; the delta: the triples the write added to or removed from the
    default graph):
    - an entity row (and its search text) on the entity's own label and date triples, a membership's also
      on the labels of its member, role and organisation, a statement's date on its article's: the touched
      IRIs, the memberships of a touched entity whose name changed and the statements of an article whose
      date changed;
    - an ``involves`` pair on the link between its item and agent and on both having rows: every pair of a
      touched entity, from both ends (a participation links an item and an agent that need not both be in
      the written graph);
    - a description (server/description.py ``assemble``) on the entity's triples, the triples linking to it,
      the labels and dates of what those point to and the facts among them: the subjects and objects of the
      delta, what the delta's subjects point to, and, where the delta changed a label or date, what links to
      it and what a fact or a dated resource among those points to;
    - a ``related`` list on the mentions of the articles naming the entity, and on the type and label of the
      agents named with it: the entities named by an article whose mentions changed (before or after), and
      those named with an agent whose row or type changed (it may enter their list, leave it or move in it).
    """

    def __init__(self, db: sqlite3.Connection, store: Readable, base: str, delta: _Delta, touched: set[str],
                 graphs: Collection[str]) -> None:
        self.db, self.store, self.base, self.delta, self.touched, self.graphs = db, store, base, delta, touched, graphs
        self.schema, self.org = str(PREFIXES["schema"]), str(PREFIXES["org"])

    def run(self) -> None:
        rows = self.entities()
        self.involves(rows)
        self.related(rows)
        self.descriptions(rows.deleted)
        self.figures()

    # -- reading ----------------------------------------------------------------------------------------
    def _iris(self, query: Callable[[str], str], var: str, iris: Collection[str], *names: str) -> set[str]:
        """The IRIs bound to ``names`` in the solutions of ``query`` with ``var`` bound to each of ``iris``."""
        found: set[str] = set()
        if iris:
            for r in _select(self.store, query, var, iris):
                found.update(str(term.value) for name in names if isinstance(term := r[name], ox.NamedNode))
        return found

    def _objects(self, subjects: Collection[str]) -> set[str]:
        """The IRIs that ``subjects`` point to."""
        return self._iris(lambda values: f"SELECT DISTINCT ?o WHERE {{ {values} ?s ?p ?o FILTER isIRI(?o) }}",
                          "?s", subjects, "o")

    def _named_with(self, agents: Collection[str]) -> set[str]:
        """Every IRI an article names together with one of ``agents``."""
        return self._iris(lambda values: f"SELECT DISTINCT ?x WHERE {{ {values} ?a <{self.schema}mentions> ?o , ?x }}",
                          "?o", agents, "x")

    def _entity_column(self, iris: Collection[str], column: str) -> dict[str, Any]:
        return _entity_column(self.db, iris, column)

    def _ids(self, iris: Collection[str]) -> dict[str, int]:
        return self._entity_column(iris, "id")

    # -- tables -----------------------------------------------------------------------------------------
    def entities(self) -> _RowChanges:
        """Recompute the entity and entity_text rows of the touched IRIs and of the entities whose label or
        date derives from theirs."""
        names = {self.schema + "name", str(PREFIXES["skos"]) + "prefLabel"}
        memberships = self._iris(lambda values: f"SELECT DISTINCT ?m WHERE {{ {values} ?m <{self.org}member>|"
                                 f"<{self.org}role>|<{self.org}organization> ?y }}",
                                 "?y", self.delta.subjects(names), "m")
        statements = self._iris(lambda values: f"SELECT DISTINCT ?x WHERE {{ {values} ?x <{self.schema}isPartOf> ?y }}",
                                "?y", self.delta.subjects({self.schema + "datePublished"}), "x")
        candidates = self.touched | memberships | statements
        rows = _collect(self.store, self.base, candidates)
        old: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(candidates):
            marks = ", ".join("?" * len(chunk))
            old.update((iri, (n, label)) for iri, n, label in
                       self.db.execute(f"SELECT iri, id, label FROM entity WHERE iri IN ({marks})", chunk))
        changes = _RowChanges(recomputed=old.keys() | rows.keys())
        for iri in sorted(changes.recomputed):
            row, was = rows.get(iri), old.get(iri)
            if was is not None:
                self.db.execute("DELETE FROM entity_text WHERE rowid = ?", (was[0],))
            if row is None:
                assert was is not None
                self.db.execute("DELETE FROM entity WHERE id = ?", (was[0],))
                changes.deleted[iri] = was[0]
                continue
            if was is None:
                n = self.db.execute("INSERT INTO entity (iri, kind, label, sort_key, date) VALUES (?, ?, ?, ?, ?)",
                                    row.entity(iri)).lastrowid
                changes.created.add(iri)
            else:
                n = was[0]
                self.db.execute("UPDATE entity SET kind = ?, label = ?, sort_key = ?, date = ? WHERE id = ?",
                                (*row.entity(iri)[1:], n))
                if was[1] != row.label():
                    changes.relabelled.add(iri)
            if row.kind in SEARCHED:
                self.db.execute("INSERT INTO entity_text (rowid, name, aliases, body) VALUES (?, ?, ?, ?)",
                                (n, *row.text()))
        return changes

    def involves(self, rows: _RowChanges) -> None:
        """Every pair with a recomputed entity at either end, anew."""
        ids = self._ids(rows.recomputed)
        for n in chain(ids.values(), rows.deleted.values()):
            self.db.execute("DELETE FROM involves WHERE agent = ?", (n,))
            self.db.execute("DELETE FROM involves WHERE item = ?", (n,))
        pairs: set[tuple[str, str]] = set()
        for var in ("?item", "?agent"):
            for r in _select(self.store, _involves_query, var, set(ids)):
                pairs.add((str(_value(r["agent"])), str(_value(r["item"]))))
        known = self._ids({iri for pair in pairs for iri in pair})
        self.db.executemany("INSERT OR IGNORE INTO involves VALUES (?, ?)",
                            ((known[agent], known[item]) for agent, item in pairs if agent in known and item in known))

    def related(self, rows: _RowChanges) -> None:
        """The related lists an article's mentions, or an agent's row or type, may have changed."""
        mentions = self.schema + "mentions"
        kinds = {self.schema + "Person", self.schema + "Organization"}
        retyped = {t.subject.value for _, t in self.delta.signed() if isinstance(t.subject, ox.NamedNode)
                   and t.predicate.value == str(PREFIXES["rdf"]) + "type" and str(_value(t.object)) in kinds}
        appeared_or_gone = rows.created | rows.deleted.keys()
        # A list changes with the counts (an article naming the entity named others) or with an agent named
        # with it now (its row or type changed): an agent no longer named with it went with a changed article.
        lists = (self._objects_by(mentions, self.delta.subjects({mentions})) | self.delta.objects({mentions})
                 | self._named_with(appeared_or_gone | rows.relabelled | retyped) | appeared_or_gone)
        # Those of entities named in many articles are left to SiteIndex.complete (and shown as they were
        # until then): one article more moves their counts by one, and counting takes a tenth of a second
        # or more each (a second over HTTP to a remote store).
        heavy = self._heavy(lists) - rows.deleted.keys()
        self.db.executemany("INSERT OR IGNORE INTO pending VALUES ('related', ?)", ((iri,) for iri in sorted(heavy)))
        light = lists - heavy
        for chunk in _chunks(light):
            marks = ", ".join("?" * len(chunk))
            self.db.execute(f"DELETE FROM related WHERE entity IN ({marks})", chunk)
        self.db.executemany("INSERT INTO related VALUES (?, ?, ?, ?, ?)", _related_rows(self.db, self.store, light))

    def _heavy(self, iris: Collection[str]) -> set[str]:
        """Of ``iris``, the entities linked by more than DEFER_LINKS resources or with a description of several
        pages (their descriptions say so), and those with work pending already."""
        found: set[str] = set()
        for chunk in _chunks(iris):
            marks = ", ".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT iri FROM description WHERE iri IN ({marks}) AND page = 1 AND (links > ? OR pages > 1) "
                f"UNION SELECT iri FROM pending WHERE iri IN ({marks})", [*chunk, DEFER_LINKS, *chunk]))
        return found

    def _objects_by(self, predicate: str, subjects: Collection[str]) -> set[str]:
        return self._iris(lambda values: f"SELECT DISTINCT ?o WHERE {{ {values} ?s <{predicate}> ?o }}",
                          "?s", subjects, "o")

    def _kinds(self, iris: Collection[str]) -> dict[str, str]:
        return self._entity_column(iris, "kind")

    def descriptions(self, deleted: Collection[str]) -> None:
        """Every page of each description the delta reaches (see the class docstring), anew; those of entities
        linked by more than ``DEFER_LINKS`` resources or on several pages are left to ``SiteIndex.complete``
        (assembled from the store on request until then, in milliseconds below a page of links): a place
        named by thousands of articles takes a second or more to assemble, and an update must not wait."""
        reached = self.delta.subjects() | self.delta.objects() | set(self.graphs)
        reached |= self._objects(self.delta.subjects())
        relabelled = self.delta.subjects({term[1:-1] for term in LABEL_TERMS | _OWN_DATES})
        if relabelled:
            linking: dict[str, set[str]] = {}
            for r in _select(self.store, lambda v: f"SELECT DISTINCT ?x ?p WHERE {{ {v} ?x ?p ?s }}", "?s", relabelled):
                if isinstance(r["x"], ox.NamedNode):
                    linking.setdefault(r["x"].value, set()).add(str(r["p"]))
            reached |= linking.keys()
            facts = self._iris(lambda values: f"SELECT DISTINCT ?x WHERE {{ {values} ?x a ?c . "
                               f"FILTER (?c IN ({', '.join(FACT_CLASSES)})) }}", "?x", linking.keys(), "x")
            dated = {x for x, predicates in linking.items() if predicates & _DATED_VIA}
            reached |= self._objects(facts | dated)
        paged = self._heavy(reached | set(deleted))
        for chunk in _chunks(reached | set(deleted)):
            marks = ", ".join("?" * len(chunk))
            self.db.execute(f"DELETE FROM description WHERE iri IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM pending WHERE work = 'description' AND iri IN ({marks})", chunk)
        described = self._kinds(reached)
        self.db.executemany("INSERT INTO pending VALUES ('description', ?)",
                            ((iri,) for iri in sorted(paged & described.keys())))
        view = StoreView(self.store)
        view.prefetch(described.keys() - paged)
        self.db.executemany("INSERT INTO description VALUES (?, ?, ?, ?, ?)",
                            (_description_row(iri, a) for iri in sorted(described.keys() - paged)
                             for a in every_page(view, iri)))

    def figures(self) -> None:
        """The kinds counted from the entity table; classes, properties and totals moved by the delta."""
        self.db.execute("DELETE FROM figure WHERE family = 'kind'")
        counted = dict(self.db.execute("SELECT kind, COUNT(*) FROM entity GROUP BY kind").fetchall())
        self.db.executemany("INSERT INTO figure VALUES ('kind', ?, ?)", ((k, counted.get(k, 0)) for k in KINDS))
        for (family, key), change in _figure_changes(self.store, self.delta).items():
            self.db.execute("INSERT INTO figure VALUES (?, ?, ?) ON CONFLICT (family, key) DO UPDATE SET n = n + ?",
                            (family, key, change, change))
        self.db.execute("DELETE FROM figure WHERE family IN ('class', 'property') AND n = 0")
