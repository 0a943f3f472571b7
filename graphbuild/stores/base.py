"""What every store offers: the Store protocol, its capabilities, and the types shared by the backends.

A store keeps one named graph per article and its default graph as the *set* union of the article graphs
(materialised). The server and the CLI hold a ``Store`` and never ask which backend it is: where
backends differ in what they can do, ``Store.capabilities`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol, TypeAlias
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from pyoxigraph import Quad
from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import StoreError

if TYPE_CHECKING:
    from .remote import RemoteOxigraph

PutOutcome = TypingLiteral["added", "replaced"]

# What the server reads through ``store.ox``: pyoxigraph's read API, local or over HTTP.
Readable: TypeAlias = "ox.Store | RemoteOxigraph"


@dataclass(frozen=True)
class Capabilities:
    """What a store can do beyond the protocol's reads and writes."""

    network: bool = False  # reads wait on the network: do them off the event loop, with more query threads
    snapshots: bool = False  # can copy itself into a folder (a writable folder serves readers a snapshot)
    worker_processes: bool = False  # query worker processes can open it by path (a read-only folder)
    shared: bool = False  # several server processes may open it at once
    concurrent_writers: bool = False  # several builders may write at once; `reconcile` mends the union
    union_is_default_graph: bool = True  # the union of the articles is what a query's default graph reads


class Source(Protocol):
    """What can be read and versioned: a store, or a snapshot of one (server/live.py)."""

    @property
    def ox(self) -> Readable: ...

    @property
    def path(self) -> Path | None: ...


class Store(Protocol):
    """Articles as named graphs, with the default graph kept as their set union."""

    @property
    def ox(self) -> Readable: ...

    @property
    def path(self) -> Path | None: ...  # the folder the store lives in, for an embedded one

    @property
    def location(self) -> str: ...  # the folder, "memory:" or the query URL: what the user named

    @property
    def read_only(self) -> bool: ...

    @property
    def capabilities(self) -> Capabilities: ...

    # writes
    def put_article(self, graph_iri: str, graph: Graph) -> PutOutcome: ...
    def put_ntriples(self, graph_iri: str, body: str) -> PutOutcome: ...
    def put_batch(self, items: Sequence[tuple[str, str]], existing: Collection[str]) -> list[PutOutcome]: ...
    def remove_article(self, graph_iri: str) -> bool: ...
    def reconcile(self) -> None: ...
    def record_base(self, base: str) -> None: ...  # the base IRI the store is built with (built_base)
    def flush(self) -> None: ...
    def optimize(self) -> None: ...
    def close(self) -> None: ...

    # reads
    def select(self, query: str) -> list[dict[str, str]]: ...
    def has_article(self, graph_iri: str) -> bool: ...
    def built_base(self) -> str | None: ...  # as recorded, else as its articles' names show; None: empty store
    def article_graphs(self) -> list[str]: ...
    def article_hashes(self) -> dict[str, str]: ...
    def article_graph(self, graph_iri: str) -> Graph: ...
    def triple_count(self) -> int: ...
    def quads(self) -> Iterator[Quad]: ...
    def export(self, fmt: str, out: IO[bytes]) -> None: ...
    def reader(self, timeout: float) -> Readable: ...  # a read API for query threads, each request bounded
    def snapshot(self, target: Path) -> None: ...  # a copy in a folder; only where capabilities.snapshots


# -- shared by the backends -------------------------------------------------------------------------
def _term(node: Node) -> str:
    if not isinstance(node, URIRef | ox.NamedNode) and not hasattr(node, "n3"):
        raise StoreError(f"cannot store term {node!r}")
    return node.n3()


def triples_block(graph: Graph) -> str:
    """A graph's triples as SPARQL/Turtle statements, one per line (a long literal may span lines)."""
    return "\n".join(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in graph)


# Characters an IRI written as <...> in SPARQL may not hold (https://www.w3.org/TR/sparql11-query/#rIRIREF).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def checked_iri(iri: str) -> str:
    """``iri``, safe to write between < and > in a SPARQL request; StoreError when it is not."""
    if not iri or _NOT_IN_IRI.search(iri):
        raise StoreError(f"not a valid graph IRI: {iri!r}")
    return iri


def put_outcomes(items: Sequence[tuple[str, str]], existing: Collection[str]) -> list[PutOutcome]:
    """What writing ``items`` in order does to each: a graph stored before, or earlier in the batch, is replaced."""
    seen = set(existing)
    outcomes: list[PutOutcome] = []
    for iri, _ in items:
        outcomes.append("replaced" if iri in seen else "added")
        seen.add(iri)
    return outcomes
