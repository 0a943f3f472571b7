"""A remote SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, ...) as newsgraph's store.

The same contract as the embedded store (stores/embedded.py): one named graph per article, the
default graph kept as the *set* union of the article graphs. An article is written with ONE SPARQL
1.1 Update request that replaces its named graph and mends the default graph together, so a store
that runs an update request in one transaction (Oxigraph, Fuseki/TDB2, GraphDB) shows readers an
article entirely or not at all. The Graph Store Protocol is used to read graphs back.

Concurrent builders: identities are minted from names, so builds on several machines give the same
IRIs as one build. One race exists: builder A removes from the default graph a triple that only A's
old article version held while builder B, in a transaction not yet visible to A, adds an article
that also states it; the triple is then missing from the default graph though B's graph holds it.
``reconcile()`` (``newsgraph reconcile``) restores the default graph from the article graphs; run it
after concurrent builds. tests/test_store.py shows the race's effect and the guard.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from ..errors import StoreError
from .base import Capabilities, PutOutcome, put_outcomes, triples_block
from .sparql import STANDARD, Dialect, built_base

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
# A SELECT or ASK answers in JSON, a CONSTRUCT or DESCRIBE in N-Triples.
ACCEPT_ANY = f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"


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
    dialect: Dialect = STANDARD
    capabilities = Capabilities(network=True, shared=True, concurrent_writers=True)

    def __init__(self, endpoints: Endpoints, auth: httpx.Auth | tuple[str, str] | None = None,
                 timeout: float = 60.0) -> None:
        self.endpoints = endpoints
        # Why the pool size: the server's query threads and page handlers share this client.
        self.client = httpx.Client(auth=auth, timeout=timeout, limits=httpx.Limits(max_connections=64))
        self.ox = self.reader(timeout)
        self.location = endpoints.query

    def reader(self, timeout: float) -> RemoteOxigraph:
        """pyoxigraph's read API over this store, each request given up after ``timeout`` seconds."""
        return RemoteOxigraph(self.client, self.endpoints, timeout)

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

    def replacement(self, graph_iri: str, body: str) -> str:
        """The update that replaces one article's graph and mends the union (stores/sparql.py)."""
        return self.dialect.replacement(graph_iri, body)

    def put_ntriples(self, graph_iri: str, body: str) -> PutOutcome:
        existed = self.has_article(graph_iri)
        self.update(self.replacement(graph_iri, body))
        return "replaced" if existed else "added"

    def put_batch(self, items: Sequence[tuple[str, str]], existing: Collection[str]) -> list[PutOutcome]:
        """Several articles in ONE update request (one transaction on Oxigraph, Fuseki, GraphDB): a bulk
        build's batch costs one round trip. ``existing`` names the graphs already stored."""
        # Always the whole replacement, even for a graph this builder has not seen: another builder may
        # have written it since (the embedded store, one writer only, skips that part for new graphs).
        if items:
            self.update(";\n".join(self.replacement(iri, body) for iri, body in items))
        return put_outcomes(items, existing)

    def remove_article(self, graph_iri: str) -> bool:
        if not self.has_article(graph_iri):
            return False
        self.update(self.dialect.removal(graph_iri))
        return True

    def reconcile(self) -> None:
        """Make the union exactly the set union of the article graphs again."""
        self.update(self.dialect.reconcile())

    def record_base(self, base: str) -> None:
        self.update(self.dialect.base_record(base))

    def flush(self) -> None:
        """Nothing to flush: every write is committed by the remote store."""

    def optimize(self) -> None:
        """Left to the remote store."""

    def snapshot(self, target: Path) -> None:
        raise StoreError("a remote store cannot be copied into a local folder (capabilities.snapshots)")

    def close(self) -> None:
        self.client.close()

    # -- reads ------------------------------------------------------------------------------------
    def has_article(self, graph_iri: str) -> bool:
        return self.ask(self.dialect.has_article(graph_iri))

    def _select_as_written(self, query: str) -> list[dict[str, str]]:
        """A SELECT this module wrote, which names its graphs: sent with no dataset."""
        return RemoteStore.select(self, query)

    def built_base(self) -> str | None:
        return built_base(self._select_as_written, self.dialect)

    def article_graphs(self) -> list[str]:
        return sorted(r["g"] for r in self._select_as_written(self.dialect.article_graphs()))

    def article_hashes(self) -> dict[str, str]:
        return {r["g"]: r["h"] for r in self._select_as_written(self.dialect.article_hashes())}

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
        rows = self._select_as_written(self.dialect.triple_count())
        return int(rows[0]["n"]) if rows else 0

    def quads(self) -> Iterator[ox.Quad]:
        """The article graphs' quads (the materialised default graph is left out)."""
        for graph_iri in self.article_graphs():
            yield from self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))

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
            response = self._post(self.endpoints.query, data={"query": self.dialect.union_construct()},
                                  headers={"Accept": N_TRIPLES})
            out.write(response.content)
        else:
            raise StoreError(f"export format {fmt!r} is not available on a remote store; use nq or nt")

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query})"


# -- pyoxigraph's read API over the remote store ----------------------------------------------------
class RemoteTriples(list[ox.Triple]):
    """A CONSTRUCT or DESCRIBE answer of the remote store (what ``ox.QueryTriples`` is locally)."""


Pattern = ox.NamedNode | ox.BlankNode | ox.Literal | None
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None


def _pattern_term(term: Pattern, variable: str) -> str:
    """A bound position as its N-Triples form, an unbound one as a variable. A blank node cannot be named
    across requests (a remote store's blank node labels are not stable), so it matches as a variable."""
    if term is None or isinstance(term, ox.BlankNode):
        return variable
    return str(term)


class RemoteOxigraph:
    """The part of ``pyoxigraph.Store`` that the server reads (query, quads_for_pattern, named_graphs,
    contains_named_graph), answered by a remote SPARQL 1.1 store. With it, the server runs unchanged
    over a remote store and keeps no graph state of its own.

    Results come back as pyoxigraph's own terms (``ox.parse_query_results``), so code written for the
    embedded store reads them as it is. Blank nodes cannot be followed from one request to the next;
    newsgraph's graphs have none.
    """

    def __init__(self, client: httpx.Client, endpoints: Endpoints, timeout: float = 60.0) -> None:
        self.client = client
        self.endpoints = endpoints
        self.timeout = timeout

    def query(self, query: str, *, default_graph: list[ox.NamedNode] | None = None,
              named_graphs: list[ox.NamedNode] | None = None,
              **_: Any) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """Run ``query`` remotely. A query the store refuses raises SyntaxError with its message; a store
        that cannot be reached raises OSError (as a local store's I/O failure would)."""
        return self._send(query, ACCEPT_ANY, default_graph, named_graphs)

    def _send(self, query: str, accept: str, default_graph: list[ox.NamedNode] | None = None,
              named_graphs: list[ox.NamedNode] | None = None) -> ox.QuerySolutions | ox.QueryBoolean | RemoteTriples:
        """POST ``query`` with the protocol's dataset parameters; the answer as pyoxigraph's terms."""
        form: dict[str, Any] = {"query": query}
        if default_graph:
            form["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs:
            form["named-graph-uri"] = [g.value for g in named_graphs]
        try:
            response = self.client.post(self.endpoints.query, data=form, headers={"Accept": accept},
                                        timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise TimeoutError(f"the remote store gave no answer within {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise OSError(f"remote store {self.endpoints.query} cannot be reached: {exc}") from exc
        if response.status_code == 400:  # the query itself; anything else is the store's or the set-up's fault
            raise SyntaxError(f"the remote store refused the query: {response.text[:500]}")
        if response.status_code >= 300:
            raise OSError(f"remote store answered {response.status_code}: {response.text[:300]}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if media_type == N_TRIPLES:
            return RemoteTriples(t.triple if isinstance(t, ox.Quad) else t
                                 for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        if media_type != RESULTS_JSON:
            raise OSError(f"remote store answered with {media_type or 'no media type'}, not SPARQL results")
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def _solutions(self, query: str) -> ox.QuerySolutions:
        result = self.query(query)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def _pattern_where(self, triple: str, graph_name: GraphName) -> str | None:
        """The WHERE clause that matches ``triple`` in ``graph_name`` (None: in no graph at all)."""
        if isinstance(graph_name, ox.DefaultGraph):
            return f"{{ {triple} }}"
        if isinstance(graph_name, ox.NamedNode):
            return f"{{ GRAPH {graph_name} {{ {triple} }} }}"
        return f"{{ {{ {triple} }} UNION {{ GRAPH ?g {{ {triple} }} }} }}"

    def quads_for_pattern(self, subject: Pattern, predicate: Pattern, obj: Pattern,
                          graph_name: GraphName = None) -> Iterator[ox.Quad]:
        triple = f"{_pattern_term(subject, '?s')} {_pattern_term(predicate, '?p')} {_pattern_term(obj, '?o')}"
        where = self._pattern_where(triple, graph_name)
        if where is None:
            return
        for row in self._solutions(f"SELECT * WHERE {where}"):
            s = row["s"] if subject is None or isinstance(subject, ox.BlankNode) else subject
            p = row["p"] if predicate is None or isinstance(predicate, ox.BlankNode) else predicate
            o = row["o"] if obj is None or isinstance(obj, ox.BlankNode) else obj
            g = graph_name if graph_name is not None else (row["g"] or ox.DefaultGraph())
            yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        for row in self._solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["g"]

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}"))

    def __len__(self) -> int:
        for row in self._solutions("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"):
            return int(row["n"].value)
        return 0
