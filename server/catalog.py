"""Read-only look-ups in the store that a page needs beside an entity's description: the bodies of the
articles it quotes, and the people and organisations named in the same articles.

Every function blocks: call it from a worker thread. Listings, counts and search come from the site
index (server/search.py), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graphbuild.vocab import PREFIXES

_PREFIX_LINES = "\n".join(f"PREFIX {name}: <{ns}>" for name, ns in PREFIXES.items())

_BODIES = _PREFIX_LINES + """
SELECT ?article ?body WHERE { VALUES ?article { %s } ?article schema:articleBody ?body }
"""

# People and organisations named in the articles that name the entity, by how many articles they share.
_RELATED = _PREFIX_LINES + """
SELECT ?other (COUNT(DISTINCT ?article) AS ?n) (SAMPLE(?name) AS ?label) WHERE {
  ?article schema:mentions %(entity)s , ?other .
  FILTER(?other != %(entity)s)
  ?other a ?class . FILTER(?class IN (schema:Person, schema:Organization))
  OPTIONAL { ?other schema:name ?name }
} GROUP BY ?other ORDER BY DESC(?n) LCASE(STR(?label)) LIMIT %(limit)d
"""


@dataclass(frozen=True)
class Related:
    iri: str
    label: str
    articles: int


def _iris(values: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(v)) for v in values)


def _value(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else None


def article_bodies(store: ox.Store, articles: Iterable[str]) -> dict[str, str]:
    """The schema:articleBody of each article that has one."""
    wanted = _iris(sorted(set(articles)))
    if not wanted:
        return {}
    rows = store.query(_BODIES % wanted)
    return {str(_value(r["article"])): str(_value(r["body"])) for r in rows}  # type: ignore[union-attr]


def related(store: ox.Store, iri: str, limit: int = 12) -> list[Related]:
    """The people and organisations most often named in the same articles as ``iri``."""
    rows = store.query(_RELATED % {"entity": ox.NamedNode(iri), "limit": limit})
    found = []
    for r in rows:  # type: ignore[union-attr]
        other = str(_value(r["other"]))
        found.append(Related(other, _value(r["label"]) or other, int(str(_value(r["n"])))))
    return found
