"""Every SPARQL request the stores send about articles, written once, with its terms from vocab.py.

The backends differ in one thing only: where the set union of the article graphs lives. On Oxigraph and
most SPARQL 1.1 stores it is the default graph; on Virtuoso, which has no default graph of its own, a
reserved named graph, and some graphs (the union, Virtuoso's system graphs) are then never articles. A
``Dialect`` says which, and writes each request accordingly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import NG, VOID
from .base import checked_iri

# The store's own record: the base IRI it was built with (``Dialect.base_record``). A named graph that is
# never an article and never enters the union; the base IRI is stated as the VoID URI space of its entities.
RECORD_GRAPH = "urn:x-newsgraph:store"


@dataclass(frozen=True)
class Dialect:
    """How a backend keeps the union: in the default graph (``union_graph`` None) or in a named graph;
    ``hidden_graphs`` are never articles; ``block`` bounds the triples of one INSERT DATA (0: no bound)."""

    union_graph: str | None = None
    hidden_graphs: frozenset[str] = frozenset()
    block: int = 0

    # -- pieces ---------------------------------------------------------------------------------------
    def in_union(self, pattern: str) -> str:
        return pattern if self.union_graph is None else f"GRAPH <{self.union_graph}> {{ {pattern} }}"

    def articles_only(self, variable: str) -> str:
        """A FILTER keeping ``variable`` to article graphs: not the store's record, nor ``hidden_graphs``."""
        hidden = sorted(self.hidden_graphs | {RECORD_GRAPH})
        return "FILTER(" + " && ".join(f"{variable} != <{g}>" for g in hidden) + ")"

    def _inserts(self, graph: str | None, body: str) -> list[str]:
        """INSERT DATA into ``graph`` (None: the default graph), in blocks of ``block`` triples if bounded."""
        if self.block:
            lines = statements(body)
            blocks = ["\n".join(lines[i:i + self.block]) for i in range(0, len(lines), self.block)]
        else:
            blocks = [body]
        if graph is None:
            return [f"INSERT DATA {{\n{b}\n}}" for b in blocks]
        return [f"INSERT DATA {{ GRAPH <{graph}> {{\n{b}\n}} }}" for b in blocks]

    # -- writes ---------------------------------------------------------------------------------------
    def unshared_delete(self, graph_iri: str) -> str:
        """Remove from the union the triples that only this article's graph holds."""
        checked_iri(graph_iri)
        return (
            f"DELETE {{ {self.in_union('?s ?p ?o')} }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
            f"FILTER(?other != <{graph_iri}>) {self.articles_only('?other')} }} }}"
        )

    def replacement(self, graph_iri: str, body: str, *, fresh: bool = False) -> str:
        """ONE update request that replaces an article's graph (``body``: triples, one statement a line) and
        mends the union with it: applied in one transaction where the store has them. ``fresh``: the graph
        is known not to exist, so there is nothing to remove first."""
        checked_iri(graph_iri)
        inserts = [*self._inserts(graph_iri, body), *self._inserts(self.union_graph, body)]
        if fresh:
            return ";\n".join(inserts)
        return ";\n".join([self.unshared_delete(graph_iri), f"DROP SILENT GRAPH <{graph_iri}>", *inserts])

    def removal(self, graph_iri: str) -> str:
        """ONE update request that removes an article's graph and what only it held from the union."""
        return f"{self.unshared_delete(graph_iri)};\nDROP SILENT GRAPH <{graph_iri}>"

    def reconcile(self) -> str:
        """Make the union exactly the set union of the article graphs again."""
        articles = self.articles_only("?g")
        return (
            f"INSERT {{ {self.in_union('?s ?p ?o')} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {articles} }};\n"
            f"DELETE {{ {self.in_union('?s ?p ?o')} }} WHERE {{ {self.in_union('?s ?p ?o')} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {articles} }} }}"
        )

    def base_record(self, base: str) -> str:
        """Record ``base`` as the base IRI the store is built with (replacing any earlier record)."""
        dataset = checked_iri(f"{base}.well-known/void#dataset")
        space = _literal(f"{base}id/")
        return (f"DROP SILENT GRAPH <{RECORD_GRAPH}>;\n"
                f"INSERT DATA {{ GRAPH <{RECORD_GRAPH}> {{ <{dataset}> <{VOID.uriSpace}> {space} }} }}")

    # -- reads ----------------------------------------------------------------------------------------
    def recorded_base(self) -> str:
        """The URI space the store's record states (``?space``: the base IRI and "id/")."""
        return f"SELECT ?space WHERE {{ GRAPH <{RECORD_GRAPH}> {{ ?dataset <{VOID.uriSpace}> ?space }} }} LIMIT 1"

    def some_article(self) -> str:
        """One article graph's name (``?g``), if the store holds any."""
        return f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g <{NG.contentHash}> ?h }} {self.articles_only('?g')} }} LIMIT 1"

    def has_article(self, graph_iri: str) -> str:
        return f"ASK {{ GRAPH <{checked_iri(graph_iri)}> {{ ?s ?p ?o }} }}"

    def article_graphs(self) -> str:
        return f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self.articles_only('?g')} }}"

    def article_hashes(self) -> str:
        """Each article graph's ng:contentHash (its build key), stated by the article the graph is named by
        (asking for its type too makes Oxigraph scan every typed resource: three times slower)."""
        return f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{NG.contentHash}> ?h }} {self.articles_only('?g')} }}"

    def triple_count(self) -> str:
        """Distinct triples of the union."""
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ {self.in_union('?s ?p ?o')} }}"

    def union_construct(self) -> str:
        return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {self.in_union('?s ?p ?o')} }}"


def _literal(text: str) -> str:
    return str(ox.Literal(text))


def built_base(select: Callable[[str], list[dict[str, str]]], dialect: Dialect) -> str | None:
    """The base IRI a store was built with: its record, else what the name of one of its articles shows
    (``{base}id/article/{slug}``: a store built before the record existed); None for an empty store.
    ``select`` runs a SELECT on the store and gives its rows as strings."""
    recorded = select(dialect.recorded_base())
    if recorded and recorded[0].get("space", "").endswith("id/"):
        return recorded[0]["space"][: -len("id/")]
    article = select(dialect.some_article())
    if article and "/id/article/" in article[0].get("g", ""):
        return article[0]["g"].rsplit("id/article/", 1)[0]
    return None


def statements(body: str) -> list[str]:
    """``body``'s triples, one escaped N-Triples statement each. rdflib writes a literal holding a newline
    as a long string over several lines, so a body cannot be cut into blocks at its line ends."""
    try:
        triples = ox.parse(body.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return [f"{t.subject} {t.predicate} {t.object} ." for t in triples]
    except SyntaxError as exc:
        raise StoreError(f"the article's triples do not parse: {exc}") from exc


STANDARD = Dialect()  # Oxigraph (embedded or served), Fuseki, GraphDB: the union is the default graph
