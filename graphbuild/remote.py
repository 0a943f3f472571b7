"""A remote SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, ...) as newsgraph's store.

The same contract as the embedded store (graphbuild/store.py): one named graph per article, the
default graph kept as the *set* union of the article graphs. An article is written with ONE SPARQL
1.1 Update request that replaces its named graph and mends the default graph together, so a store
that runs an update request in one transaction (Oxigraph, Fuseki/TDB2, GraphDB) shows readers an
article entirely or not at all. The Graph Store Protocol is used to read graphs back.

Concurrent builders: identities are minted from names, so builds on several machines give the same
IRIs as one build. One race exists: builder A removes from the default graph a triple that only A's
old article version held while builder B, in a transaction not yet visible to A, adds an article
that also states it; the triple is then missing from the default graph though B's graph holds it.
``reconcile()`` (``newsgraph reconcile``) restores the default graph from the article graphs; run it
after concurrent builds. tests/test_remote_store.py shows the race's effect and the guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import httpx
from rdflib import Graph, URIRef

from .errors import StoreError
from .store import PutOutcome, graph_removal, graph_replacement, triples_block

RESULTS_JSON = "application/sparql-results+json"
RECONCILE = (
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } };\n"
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
)


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str

    @classmethod
    def from_query_url(cls, query: str, update: str = "", graph_store: str = "") -> Endpoints:
        """Oxigraph's layout (/query, /update, /store) unless the other URLs are given."""
        root = query[: -len("/query")] if query.endswith("/query") else query.rstrip("/")
        return cls(query, update or f"{root}/update", graph_store or f"{root}/store")


class RemoteStore:
    """Articles as named graphs in a remote SPARQL 1.1 store; the server keeps no graph state."""

    read_only = False
    path = None

    def __init__(self, endpoints: Endpoints, auth: tuple[str, str] | None = None, timeout: float = 60.0) -> None:
        self.endpoints = endpoints
        self.client = httpx.Client(auth=auth, timeout=timeout)

    # -- protocol ---------------------------------------------------------------------------------
    def _post(self, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.post(url, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"remote store {url} cannot be reached: {exc}") from exc
        if response.status_code >= 400:
            raise StoreError(f"remote store {url} answered {response.status_code}: {response.text[:300]}")
        return response

    def select(self, query: str) -> list[dict[str, str]]:
        response = self._post(self.endpoints.query, data={"query": query}, headers={"Accept": RESULTS_JSON})
        rows = response.json()["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def ask(self, query: str) -> bool:
        response = self._post(self.endpoints.query, data={"query": query}, headers={"Accept": RESULTS_JSON})
        return bool(response.json()["boolean"])

    def update(self, update: str) -> None:
        self._post(self.endpoints.update, data={"update": update})

    # -- writes -----------------------------------------------------------------------------------
    def put_article(self, graph_iri: str, graph: Graph) -> PutOutcome:
        return self.put_ntriples(graph_iri, triples_block(graph))

    def put_ntriples(self, graph_iri: str, body: str) -> PutOutcome:
        existed = self.has_article(graph_iri)
        self.update(graph_replacement(graph_iri, body))
        return "replaced" if existed else "added"

    def remove_article(self, graph_iri: str) -> bool:
        if not self.has_article(graph_iri):
            return False
        self.update(graph_removal(graph_iri))
        return True

    def reconcile(self) -> None:
        """Make the default graph exactly the set union of the article graphs again."""
        self.update(RECONCILE)

    def flush(self) -> None:
        """Nothing to flush: every write is committed by the remote store."""

    def optimize(self) -> None:
        """Left to the remote store."""

    def close(self) -> None:
        self.client.close()

    # -- reads ------------------------------------------------------------------------------------
    def has_article(self, graph_iri: str) -> bool:
        return self.ask(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")

    def article_graphs(self) -> list[str]:
        return sorted(r["g"] for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def article_hashes(self) -> dict[str, str]:
        rows = self.select(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> ; "
            "<https://w3id.org/newsgraph/ns#contentHash> ?h } }"
        )
        return {r["g"]: r["h"] for r in rows}

    def article_graph(self, graph_iri: str) -> Graph:
        try:
            response = self.client.get(
                self.endpoints.graph_store, params={"graph": graph_iri}, headers={"Accept": "application/n-triples"}
            )
        except httpx.HTTPError as exc:
            raise StoreError(f"remote store {self.endpoints.graph_store} cannot be reached: {exc}") from exc
        if response.status_code == 404:
            return Graph()
        if response.status_code >= 400:
            raise StoreError(f"remote store answered {response.status_code} for graph <{graph_iri}>")
        return Graph().parse(data=response.text, format="nt")

    def triple_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if rows else 0

    def _quads(self) -> Iterator[str]:
        for graph_iri in self.article_graphs():
            graph = self.article_graph(graph_iri)
            name = URIRef(graph_iri).n3()
            for s, p, o in graph:
                yield f"{s.n3()} {p.n3()} {o.n3()} {name} .\n"

    def export(self, fmt: str, out: IO[bytes]) -> None:
        """``nq`` keeps one graph per article; ``nt`` is the union. (TriG: export nq and convert.)"""
        if fmt == "nq":
            for line in self._quads():
                out.write(line.encode("utf-8"))
        elif fmt == "nt":
            response = self._post(self.endpoints.query, data={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                                  headers={"Accept": "application/n-triples"})
            out.write(response.content)
        else:
            raise StoreError(f"export format {fmt!r} is not available on a remote store; use nq or nt")

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query})"
