"""Read-only look-ups in the store that a page needs beside an entity's description or an index listing: the
bodies of the articles it quotes, the events the timeline marks as planned, what a citation of an article
needs.

Every function blocks: call it from a worker thread. Listings, counts, search and the people and
organisations named in the same articles come from the site index (server/search.py), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from graphbuild.stores import Readable
from graphbuild.vocab import NG, PROV, SDO

from .citation import ArticleSource

_BODY = ox.NamedNode(str(SDO.articleBody))
_HEADLINE, _PUBLISHED, _URL, _PUBLISHER, _AUTHOR, _NAME = (
    ox.NamedNode(str(term)) for term in (SDO.headline, SDO.datePublished, SDO.url, SDO.publisher, SDO.author, SDO.name))


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


def article_source(store: Readable, article: str, *, remote: bool = False) -> ArticleSource | None:
    """What a citation of ``article`` needs: headline, date, byline, publisher and original URL (None when the
    store holds no such article). A few pattern look-ups on an embedded store (a tenth of the time of a
    SPARQL query, on every statement, role and article page); one query on a ``remote`` store, where each
    look-up is a round trip."""
    if remote:
        return _article_source_by_query(store, article)
    node = ox.NamedNode(article)

    def objects(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[Any]:
        return [q.object for q in store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph())]

    def first_value(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> str | None:
        return next((o.value for o in objects(subject, predicate) if isinstance(o, ox.Literal)), None)

    def names(predicate: ox.NamedNode) -> list[str]:
        return [name for o in objects(node, predicate) if isinstance(o, ox.NamedNode | ox.BlankNode)
                and (name := first_value(o, _NAME)) is not None]

    headline = first_value(node, _HEADLINE)
    if headline is None:
        return None
    date = next((o.value for o in objects(node, _PUBLISHED) if isinstance(o, ox.Literal)), None)
    url = next((o.value for o in objects(node, _URL)), None)
    publisher = next(iter(names(_PUBLISHER)), None)
    return ArticleSource(article, headline, date, tuple(sorted(set(names(_AUTHOR)))), publisher, url)


def _article_source_by_query(store: Readable, article: str) -> ArticleSource | None:
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
        authors = tuple(sorted({a for a in (found["authors"] or "").split("\x1f") if a}))
        return ArticleSource(article, found["headline"], found["date"], authors, found["publisher"], found["url"])
    return None
