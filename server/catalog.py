"""Read-only look-ups in the store that a page needs beside an entity's description: the bodies of the
articles it quotes.

Every function blocks: call it from a worker thread. Listings, counts, search and the people and
organisations named in the same articles come from the site index (server/search.py), not from here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graphbuild.stores import Readable
from graphbuild.vocab import SDO

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
