"""Read-only look-ups in the store that a page needs beside an entity's description or an index listing: the
bodies of the articles it quotes, the events the timeline marks as planned, what a citation of an article
needs.

Every function blocks: call it from a worker thread. Listings, counts, search and the people and
organisations named in the same articles come from the site index (server/search.py), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graphbuild.stores import Readable
from graphbuild.vocab import NG, PROV, SDO

from .citation import ArticleSource

_BODY = ox.NamedNode(str(SDO.articleBody))


def article_bodies(store: Readable, articles: Iterable[str]) -> dict[str, str]:
    """The schema:articleBody of each article that has one."""
    bodies: dict[str, str] = {}
    for article in dict.fromkeys(articles):
        for quad in store.quads_for_pattern(ox.NamedNode(article), _BODY, None, ox.DefaultGraph()):
            if isinstance(quad.object, ox.Literal):
                bodies[article] = quad.object.value
                break
    return bodies


def planned_events(store: Readable, events: Iterable[str]) -> set[str]:
    """Those of ``events`` that lay ahead when reported: the first day their date can mean (ng:earliestDate)
    is after the publication date of the article they were drawn from."""
    iris = " ".join(f"<{iri}>" for iri in dict.fromkeys(events))
    if not iris:
        return set()
    query = f"""SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {iris} }}
      ?e <{NG.earliestDate}> ?from ; <{PROV.wasDerivedFrom}> ?article . ?article <{SDO.datePublished}> ?published
      FILTER (?from > ?published) }}"""
    return {row["e"].value for row in store.query(query)}  # type: ignore[union-attr]


def article_source(store: Readable, article: str) -> ArticleSource | None:
    """What a citation of ``article`` needs: headline, date, byline, publisher and original URL (None when the
    store holds no such article)."""
    query = f"""SELECT ?headline ?date ?url ?publisher (GROUP_CONCAT(?author; separator="\\u001f") AS ?authors)
    WHERE {{ <{article}> <{SDO.headline}> ?headline .
      OPTIONAL {{ <{article}> <{SDO.datePublished}> ?date }} OPTIONAL {{ <{article}> <{SDO.url}> ?url }}
      OPTIONAL {{ <{article}> <{SDO.publisher}>/<{SDO.name}> ?publisher }}
      OPTIONAL {{ <{article}> <{SDO.author}>/<{SDO.name}> ?author }} }}
    GROUP BY ?headline ?date ?url ?publisher"""
    for row in store.query(query):  # type: ignore[union-attr]
        found = {name: row[name].value if row[name] is not None else None
                 for name in ("headline", "date", "url", "publisher", "authors")}
        if found["headline"] is None:
            continue
        authors = tuple(sorted(a for a in (found["authors"] or "").split("\x1f") if a))
        return ArticleSource(article, found["headline"], found["date"], authors, found["publisher"], found["url"])
    return None
