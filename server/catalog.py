"""Read-only listings of the dataset for the HTML pages: counts, per-type indexes, article bodies.

Every function blocks: call it from a worker thread. Counts use DISTINCT over the default graph,
which is the set union of the article graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graphbuild.vocab import PREFIXES, SDO

_PREFIX_LINES = "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in PREFIXES.items())

PAGE_SIZE = 100

# The index types and the classes whose instances each one lists.
INDEX_CLASSES: dict[str, tuple[str, ...]] = {
    "article": (str(SDO.NewsArticle),),
    "person": (str(SDO.Person),),
    "organisation": (str(SDO.Organization),),
    "place": (str(SDO.Place),),
    "event": (str(SDO.Event),),
    "statement": (str(SDO.Quotation), str(SDO.Claim)),
}

_COUNTS = _PREFIX_LINES + """
SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES (?kind ?class) { %s } ?s a ?class } GROUP BY ?kind
"""

_LISTING = _PREFIX_LINES + """
SELECT ?s (MIN(?label) AS ?name) (MIN(?published) AS ?date) WHERE {
  VALUES ?class { %s }
  ?s a ?class .
  OPTIONAL { ?s schema:name ?n } OPTIONAL { ?s skos:prefLabel ?pl }
  OPTIONAL { ?s schema:headline ?h } OPTIONAL { ?s schema:text ?t }
  OPTIONAL { ?s schema:datePublished ?published }
  BIND(COALESCE(?n, ?pl, ?h, ?t, STR(?s)) AS ?label)
} GROUP BY ?s ORDER BY LCASE(STR(?name)) STR(?s) LIMIT %d OFFSET %d
"""

_BODIES = _PREFIX_LINES + """
SELECT ?article ?body WHERE { VALUES ?article { %s } ?article schema:articleBody ?body }
"""


@dataclass(frozen=True)
class Listed:
    iri: str
    label: str
    date: str | None = None


def _iris(values: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(v)) for v in values)


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else None


def counts(store: ox.Store) -> dict[str, int]:
    """The number of distinct instances per index type, plus ``triples`` for the default graph."""
    pairs = " ".join(
        f'("{kind}" {_iris([cls])})' for kind, classes in INDEX_CLASSES.items() for cls in classes
    )
    found = {kind: 0 for kind in INDEX_CLASSES}
    for row in store.query(_COUNTS % pairs):  # type: ignore[union-attr]
        found[str(_value(row["kind"]))] = int(str(_value(row["n"])))
    for row in store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):  # type: ignore[union-attr]
        found["triples"] = int(str(_value(row["n"])))
    return found


def listing(store: ox.Store, kind: str, page: int) -> list[Listed]:
    """Page ``page`` (from 1) of the instances of ``kind``, sorted by name."""
    query = _LISTING % (_iris(INDEX_CLASSES[kind]), PAGE_SIZE, (page - 1) * PAGE_SIZE)
    return [
        Listed(str(_value(row["s"])), str(_value(row["name"])), _value(row["date"]))
        for row in store.query(query)  # type: ignore[union-attr]
    ]


def article_bodies(store: ox.Store, articles: Iterable[str]) -> dict[str, str]:
    """The schema:articleBody of each article that has one."""
    wanted = _iris(sorted(set(articles)))
    if not wanted:
        return {}
    rows = store.query(_BODIES % wanted)
    return {str(_value(r["article"])): str(_value(r["body"])) for r in rows}  # type: ignore[union-attr]
