"""The site index: one SQLite file, built from the store, for search, listings, the timeline and figures.

The store is read-only while served, so the index is built once per store version (server/freshness.py)
and kept beside the store as ``{store}.index.sqlite3`` (or where the ``search_index`` setting says).
At startup the server opens it when its recorded version is the store's, and rebuilds it otherwise:
into a temporary file, renamed into place, so a second server process never reads half an index.

Tables:
- ``entity``: every person, organisation, place, event, article, statement, role and membership with
  its kind, label, sort key and date; the per-type indexes and the sitemap page through it.
- ``entity_text``: an FTS5 table over names, aliases, headlines and statement text
  (https://www.sqlite.org/fts5.html), ranked by bm25 with names weighted above aliases above text.
- ``involves``: which people and organisations an article mentions or an event involves, for the
  timeline's filters.
- ``figure``: counts by kind, by class and by property, for the home page and the VoID description.
- ``description``: every page of every entity's description (server/description.py), as zlib-compressed
  N-Triples, so an entity page or document reads one row instead of the store's indexes; assembled from
  one read of the default graph.
- ``related``: for each person, organisation and place, the people and organisations most often named in
  the same articles.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graphbuild.iris import split_entity_iri
from graphbuild.remote import Readable, Source
from graphbuild.vocab import PREFIXES

from .description import MemoryView, precompute
from .freshness import StoreVersion

_PREFIX_LINES = "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in PREFIXES.items())
SCHEMA_VERSION = "2"
KINDS = ("article", "person", "organisation", "place", "event", "statement", "role", "membership")
SEARCHED = ("article", "person", "organisation", "place", "event", "statement", "role")
MARK_START, MARK_END = "\ue000", "\ue001"  # snippet markers no text contains; the template turns them into <mark>

_LABELS = _PREFIX_LINES + """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  VALUES ?p { schema:name skos:prefLabel schema:headline schema:text schema:alternateName
              schema:datePublished schema:startDate }
}"""
_MEMBERSHIPS = _PREFIX_LINES + """
SELECT ?m ?who ?role ?org WHERE {
  ?m a org:Membership .
  OPTIONAL { ?m org:member/schema:name ?who } OPTIONAL { ?m org:role/skos:prefLabel ?role }
  OPTIONAL { ?m org:organization/schema:name ?org }
}"""
_STATEMENT_DATES = _PREFIX_LINES + """
SELECT ?s ?date WHERE { ?s schema:isPartOf/schema:datePublished ?date }"""
_INVOLVES = _PREFIX_LINES + """
SELECT DISTINCT ?item ?agent WHERE {
  { ?item schema:mentions ?agent } UNION { ?item schema:attendee ?agent } UNION { ?item schema:organizer ?agent }
  UNION { ?p ng:participationIn ?item ; ng:participant ?agent }
}"""
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
CREATE TABLE involves (agent INTEGER NOT NULL, item INTEGER NOT NULL, PRIMARY KEY (agent, item)) WITHOUT ROWID;
CREATE TABLE figure (family TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (family, key));
CREATE TABLE description (iri TEXT NOT NULL, page INTEGER NOT NULL, pages INTEGER NOT NULL, links INTEGER NOT NULL,
                          ntriples BLOB NOT NULL, PRIMARY KEY (iri, page));
CREATE TABLE related (entity TEXT NOT NULL, rank INTEGER NOT NULL, other TEXT NOT NULL, label TEXT NOT NULL,
                      articles INTEGER NOT NULL, PRIMARY KEY (entity, rank)) WITHOUT ROWID;
"""
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


def default_path(store_path: Path | None, remote_url: str = "") -> Path:
    """Beside a folder store; for a remote store, one file per store URL in the temporary folder (shared by
    the server processes of one machine); for an in-memory store, one per process."""
    if remote_url:
        digest = hashlib.sha256(remote_url.encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"newsgraph-remote-{digest}.index.sqlite3"
    if store_path is None:
        return Path(tempfile.gettempdir()) / f"newsgraph-memory-{os.getpid()}.index.sqlite3"
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

    # -- building ------------------------------------------------------------------------------------
    @classmethod
    def open_or_build(cls, store: Source, version: StoreVersion, path: Path,
                      base: str) -> SiteIndex:
        """The index at ``path`` when it was built from this store version, else a fresh one."""
        if not is_current(path, version):
            build_index(store, version, path, base)
        return cls(path)

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
        where = "entity_text MATCH ?" + (" AND e.kind = ?" if kind else "")
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
        direction = "DESC" if descending else "ASC"
        rows = db.execute(f"SELECT e.iri, e.kind, e.label, e.date FROM entity e WHERE {clause} "
                          f"ORDER BY e.date {direction}, e.kind, e.sort_key LIMIT ? OFFSET ?", [*params, limit, offset])
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


def _collect(store: Readable, base: str) -> dict[str, _Row]:
    rows: dict[str, _Row] = {}
    schema = str(PREFIXES["schema"])
    for r in store.query(_LABELS):  # type: ignore[union-attr]
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
        elif predicate == schema + "text":
            row.texts.append(value)
        elif row.date is None or value < row.date:
            row.date = value
    for r in store.query(_MEMBERSHIPS):  # type: ignore[union-attr]
        row = rows.setdefault(str(_value(r["m"])), _Row("membership", [], [], []))
        named = [p for p in (_value(r["who"]), _value(r["role"]), _value(r["org"])) if p]
        row.names = [" · ".join(named)] if named else row.names
    for r in store.query(_STATEMENT_DATES):  # type: ignore[union-attr]
        if (row_ := rows.get(str(_value(r["s"])))) is not None and row_.date is None:
            row_.date = _value(r["date"])
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


def is_current(path: Path, version: StoreVersion) -> bool:
    """Whether the index at ``path`` was built from this store version."""
    return recorded_version(path) == f"{SCHEMA_VERSION}:{version.tag}"


def build_index(store: Source, version: StoreVersion, path: Path, base: str) -> None:
    """Write the index of ``store`` to ``path`` (atomically replacing any older one)."""
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
                           ((ids[iri], iri, r.kind, r.label(), _sort_key(r.label()), r.date)
                            for iri, r in rows.items()))
            db.executemany("INSERT INTO entity_text (rowid, name, aliases, body) VALUES (?, ?, ?, ?)",
                           ((ids[iri], " ".join(r.names), " ".join(r.aliases), " ".join(r.texts))
                            for iri, r in rows.items() if r.kind in SEARCHED))
            db.executemany("INSERT OR IGNORE INTO involves VALUES (?, ?)", _involves(store.ox, ids))
            db.executemany("INSERT INTO figure VALUES (?, ?, ?)", _figures(store.ox, rows))
            view = MemoryView(store.ox)
            db.executemany("INSERT INTO related VALUES (?, ?, ?, ?, ?)", _related(view, rows))
            db.executemany("INSERT INTO description VALUES (?, ?, ?, ?, ?)",
                           ((iri, a.page, a.pages, a.links, zlib.compress(a.ntriples().encode("utf-8")))
                            for iri, a in precompute(view, sorted(rows))))
            db.execute("INSERT INTO meta VALUES ('version', ?)", (f"{SCHEMA_VERSION}:{version.tag}",))
            db.commit()
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _involves(store: Readable, ids: dict[str, int]) -> Iterator[tuple[int, int]]:
    for r in store.query(_INVOLVES):  # type: ignore[union-attr]
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
        found = []
        for other, n in row_counts.items():
            if not any(p == rdf_type and o in wanted for p, o in view.out(f"<{other}>")):
                continue
            label = rows[other].label() if other in rows else other
            found.append((-n, label.lower(), other, label, n))
        for rank, (_, _, other, label, n) in enumerate(sorted(found)[:RELATED_LIMIT]):
            yield iri, rank, other, label, n
