"""The store: an rdflib Dataset over an embedded Oxigraph store, one named graph per article.

Oxigraph's union default graph is a union of quads, not a set: a triple stored in two article
graphs would be counted twice. So the store *materialises* the default graph as the set union of
the article graphs. Every write is one SPARQL Update request, which Oxigraph applies in a single
transaction, so a reader sees an article entirely or not at all.

Queries run against the store's default graph (the set union); ``GRAPH ?g`` reaches the articles.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import StoreError

if TYPE_CHECKING:
    from .remote import RemoteStore
    from .settings import Settings

PutOutcome = TypingLiteral["added", "replaced"]

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
}


def _term(node: Node) -> str:
    if not isinstance(node, URIRef | ox.NamedNode) and not hasattr(node, "n3"):
        raise StoreError(f"cannot store term {node!r}")
    return node.n3()  # type: ignore[attr-defined, no-any-return]


def triples_block(graph: Graph) -> str:
    return "\n".join(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in graph)


# Characters an IRI written as <...> in SPARQL may not hold (https://www.w3.org/TR/sparql11-query/#rIRIREF).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def checked_iri(iri: str) -> str:
    """``iri``, safe to write between < and > in a SPARQL request; StoreError when it is not."""
    if not iri or _NOT_IN_IRI.search(iri):
        raise StoreError(f"not a valid graph IRI: {iri!r}")
    return iri


def _unshared_triples_delete(graph_iri: str) -> str:
    """Remove from the default graph the triples that only this article's graph holds."""
    checked_iri(graph_iri)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph_iri}>) }} }}"
    )


def graph_replacement(graph_iri: str, body: str, *, fresh: bool = False) -> str:
    """One SPARQL Update that replaces an article's graph (N-Triples ``body``) and mends the
    materialised default graph with it: applied in one transaction, readers see all or nothing.
    ``fresh``: the graph is known not to exist, so there is nothing to remove first."""
    checked_iri(graph_iri)
    inserts = [f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body}\n}} }}", f"INSERT DATA {{\n{body}\n}}"]
    if fresh:
        return ";\n".join(inserts)
    return ";\n".join([_unshared_triples_delete(graph_iri), f"DROP SILENT GRAPH <{graph_iri}>", *inserts])


def graph_removal(graph_iri: str) -> str:
    """One SPARQL Update that removes an article's graph and what only it held from the default graph."""
    return f"{_unshared_triples_delete(graph_iri)};\nDROP SILENT GRAPH <{graph_iri}>"


def _outcomes(items: Sequence[tuple[str, str]], existing: Collection[str]) -> list[PutOutcome]:
    """What writing ``items`` in order did to each: a graph stored before, or earlier in the batch, was replaced."""
    seen = set(existing)
    outcomes: list[PutOutcome] = []
    for iri, _ in items:
        outcomes.append("replaced" if iri in seen else "added")
        seen.add(iri)
    return outcomes


def _plain(term: Node) -> Node:
    """An xsd:string literal as the plain literal it is in RDF 1.1 (rdflib tells the two apart)."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


class ArticleStore:
    """Articles as named graphs, with the default graph kept as their set union."""

    def __init__(self, inner: ox.Store, *, path: Path | None = None, read_only: bool = False) -> None:
        self.ox = inner
        self.path = path
        self.read_only = read_only
        self.dataset = Dataset(store=OxigraphStore(store=inner))

    @classmethod
    def open(cls, path: Path | str | None, *, read_only: bool = False, create: bool = True) -> ArticleStore:
        """Open the folder store (``None`` or ``"memory:"`` gives an in-memory one)."""
        if path is None or str(path) == "memory:":
            return cls(ox.Store())
        folder = Path(path)
        if not folder.exists() and (read_only or not create):
            raise StoreError(f"store {folder} does not exist; build some articles into it first")
        try:
            inner = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
        except OSError as exc:
            raise StoreError(f"cannot open store {folder}: {exc}") from exc
        return cls(inner, path=folder, read_only=read_only)

    # -- writes ---------------------------------------------------------------------------------
    def put_article(self, graph_iri: str, graph: Graph) -> PutOutcome:
        """Store an article's graph, replacing any earlier version of it atomically."""
        return self.put_ntriples(graph_iri, triples_block(graph))

    def put_ntriples(self, graph_iri: str, body: str) -> PutOutcome:
        """Store an article's graph given as N-Triples (valid SPARQL triples), replacing it atomically."""
        self._check_writable()
        existed = self.has_article(graph_iri)
        self.ox.update(graph_replacement(graph_iri, body))
        return "replaced" if existed else "added"

    def put_batch(self, items: Sequence[tuple[str, str]], existing: Collection[str]) -> list[PutOutcome]:
        """Store several articles (graph name, N-Triples) in ONE transaction: a bulk build's batch. A crash
        keeps all of them or none; ``existing`` names the graphs already stored (for the outcomes)."""
        self._check_writable()
        outcomes = _outcomes(items, existing)
        if items:
            self.ox.update(";\n".join(graph_replacement(iri, body, fresh=outcome == "added")
                                       for (iri, body), outcome in zip(items, outcomes, strict=True)))
        return outcomes

    def remove_article(self, graph_iri: str) -> bool:
        self._check_writable()
        if not self.has_article(graph_iri):
            return False
        self.ox.update(graph_removal(graph_iri))
        return True

    def optimize(self) -> None:
        if not self.read_only and self.path is not None:
            self.ox.optimize()

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self.ox.flush()

    # -- reads ----------------------------------------------------------------------------------
    def has_article(self, graph_iri: str) -> bool:
        return self.ox.contains_named_graph(ox.NamedNode(graph_iri))

    def select(self, query: str) -> list[dict[str, str]]:
        """A SELECT's rows as plain strings (the same call on every backend)."""
        rows = self.ox.query(query)
        return [{v.value: row[v].value for v in rows.variables if row[v] is not None} for row in rows]  # type: ignore[union-attr, index]

    def article_hashes(self) -> dict[str, str]:
        """Each stored article's ng:contentHash (its build key), by graph name."""
        rows = self.ox.query(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> ; "
            "<https://w3id.org/newsgraph/ns#contentHash> ?h } }"
        )
        return {row["g"].value: row["h"].value for row in rows}  # type: ignore[union-attr, index]

    def article_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def article_graph(self, graph_iri: str) -> Graph:
        """An in-memory copy of one article's graph (reading never opens a write transaction)."""
        view = Graph(store=self.dataset.store, identifier=URIRef(graph_iri))
        copy = Graph()
        for s, p, o in view:
            copy.add((s, p, _plain(o)))
        return copy

    def triple_count(self) -> int:
        """Distinct triples of the default graph (the set union of the articles)."""
        result = self.ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        for row in result:  # type: ignore[union-attr]
            return int(row["n"].value)
        return 0

    def quads(self) -> Iterator[ox.Quad]:
        """The article graphs' quads (the materialised default graph is left out)."""
        return (q for q in self.ox if not isinstance(q.graph_name, ox.DefaultGraph))

    def export(self, fmt: str, out: IO[bytes]) -> None:
        """Write the store: ``nq``/``trig`` keep one graph per article, ``nt`` is the union."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        if fmt == "nt":
            self.ox.dump(out, format=EXPORT_FORMATS[fmt], from_graph=ox.DefaultGraph())
        else:
            ox.serialize(self.quads(), out, format=EXPORT_FORMATS[fmt])

    def close(self) -> None:
        """Flush and let the store go: its folder's lock is released once no other object holds it."""
        self.flush()
        del self.dataset
        del self.ox

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")


def is_remote(spec: str | Path | None) -> bool:
    return str(spec or "").startswith(("http://", "https://"))


def open_store(
    spec: str | Path | None, *, read_only: bool = False, create: bool = True, auth: tuple[str, str] | None = None
) -> ArticleStore | RemoteStore:
    """The store a ``--store`` setting names: a folder (embedded Oxigraph), ``memory:``, or the query
    URL of a remote SPARQL 1.1 store (its update and Graph Store URLs follow Oxigraph's layout)."""
    if is_remote(spec):
        from .remote import Endpoints, RemoteStore

        return RemoteStore(Endpoints.from_query_url(str(spec)), auth=auth)
    return ArticleStore.open(spec, read_only=read_only, create=create)


def open_configured(settings: Settings, *, read_only: bool = False, create: bool = True,
                    timeout: float = 60.0) -> ArticleStore | RemoteStore:
    """The store ``settings`` name, with a remote store's update and Graph Store URLs and credentials."""
    if not is_remote(settings.store):
        return ArticleStore.open(settings.store, read_only=read_only, create=create)
    from .remote import Endpoints, RemoteStore

    if settings.store_kind == "virtuoso":
        from .virtuoso import VirtuosoStore

        return VirtuosoStore.from_settings(settings, timeout=timeout)
    if settings.store_kind != "standard":
        raise StoreError(f"store_kind {settings.store_kind!r} is not known; use standard or virtuoso")
    endpoints = Endpoints.from_query_url(str(settings.store), settings.store_update, settings.store_graph_store)
    auth = (settings.store_user, settings.store_password) if settings.store_user else None
    return RemoteStore(endpoints, auth=auth, timeout=timeout)
