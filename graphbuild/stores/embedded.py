"""The embedded store: Oxigraph in a folder (or ``memory:``), read through an rdflib Dataset.

Oxigraph's union default graph is a union of quads, not a set: a triple stored in two article graphs would
be counted twice. So the store *materialises* the default graph as the set union of the article graphs
(stores/sparql.py). Every write is one SPARQL Update request, which Oxigraph applies in a single
transaction, so a reader sees an article entirely or not at all; a build's batch of articles is one
request too.

Queries run against the store's default graph (the set union); ``GRAPH ?g`` reaches the articles.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import StoreError
from .base import Capabilities, PutOutcome, put_outcomes, triples_block
from .sparql import RECORD_GRAPH, STANDARD, built_base

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
}


def _plain(term: Node) -> Node:
    """An xsd:string literal as the plain literal it is in RDF 1.1 (rdflib tells the two apart)."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


class ArticleStore:
    """Articles as named graphs in an embedded Oxigraph store, the default graph kept as their set union."""

    def __init__(self, inner: ox.Store, *, path: Path | None = None, read_only: bool = False) -> None:
        self.ox = inner
        self.path = path
        self.read_only = read_only
        self.location = str(path) if path is not None else "memory:"
        on_disk = path is not None
        self.capabilities = Capabilities(
            snapshots=on_disk and not read_only,  # a backup into a folder that readers open
            worker_processes=on_disk and read_only,  # query workers open the folder read-only themselves
            shared=on_disk and read_only,  # one writer at a time, readers of a read-only folder at will
        )

    @cached_property
    def dataset(self) -> Dataset:
        """The store as an rdflib Dataset (oxrdflib), made on first use: the server reads through ``ox``."""
        from oxrdflib import OxigraphStore

        return Dataset(store=OxigraphStore(store=self.ox))

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
        self.ox.update(STANDARD.replacement(graph_iri, body))
        return "replaced" if existed else "added"

    def put_batch(self, items: Sequence[tuple[str, str]], existing: Collection[str]) -> list[PutOutcome]:
        """Store several articles (graph name, N-Triples) in ONE transaction: a bulk build's batch. A crash
        keeps all of them or none; ``existing`` names the graphs already stored (for the outcomes)."""
        self._check_writable()
        outcomes = put_outcomes(items, existing)
        if items:
            self.ox.update(";\n".join(STANDARD.replacement(iri, body, fresh=outcome == "added")
                                       for (iri, body), outcome in zip(items, outcomes, strict=True)))
        return outcomes

    def remove_article(self, graph_iri: str) -> bool:
        self._check_writable()
        if not self.has_article(graph_iri):
            return False
        self.ox.update(STANDARD.removal(graph_iri))
        return True

    def reconcile(self) -> None:
        """Make the default graph exactly the set union of the article graphs again (one writer at a time
        keeps it so; this mends a store written by other tools)."""
        self._check_writable()
        self.ox.update(STANDARD.reconcile())

    def record_base(self, base: str) -> None:
        self._check_writable()
        self.ox.update(STANDARD.base_record(base))

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
        return [{v.value: row[v].value for v in rows.variables if row[v] is not None} for row in rows]  # type: ignore[union-attr]

    def article_hashes(self) -> dict[str, str]:
        """Each stored article's ng:contentHash (its build key), by graph name."""
        return {row["g"]: row["h"] for row in self.select(STANDARD.article_hashes())}

    def built_base(self) -> str | None:
        return built_base(self.select, STANDARD)

    def article_graphs(self) -> list[str]:
        named = (g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(g for g in named if g != RECORD_GRAPH)

    def article_graph(self, graph_iri: str) -> Graph:
        """An in-memory copy of one article's graph (reading never opens a write transaction)."""
        view = Graph(store=self.dataset.store, identifier=URIRef(graph_iri))
        copy = Graph()
        for s, p, o in view:
            copy.add((s, p, _plain(o)))
        return copy

    def triple_count(self) -> int:
        """Distinct triples of the default graph (the set union of the articles)."""
        rows = self.select(STANDARD.triple_count())
        return int(rows[0]["n"]) if rows else 0

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

    def reader(self, timeout: float) -> ox.Store:
        """The store itself: a local query needs no bound on a request (the query runner bounds it)."""
        return self.ox

    def snapshot(self, target: Path) -> None:
        """A consistent copy of the store in the folder ``target``, which readers open read-only."""
        if self.path is None:
            raise StoreError("an in-memory store cannot be copied into a folder")
        self.flush()
        self.ox.backup(str(target))

    def close(self) -> None:
        """Flush and let the store go: its folder's lock is released once no other object holds it. Closing
        it again does nothing."""
        if "ox" not in self.__dict__:
            return
        self.flush()
        self.__dict__.pop("dataset", None)
        del self.ox

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")
