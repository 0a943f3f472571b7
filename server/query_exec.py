"""Running one query against a pyoxigraph store: the work a query worker does.

``run_job(store, job)`` evaluates the query over the job's dataset, cuts the result at the row cap
and serialises it, and never raises for a problem of the query itself: it returns a ``QueryOutcome``
whose ``kind`` (a ``QueryOutcomeKind``, which carries its HTTP status) and message say what went wrong,
as ``QUERY_PROBLEMS`` maps them. It runs in a worker process (server/query_pool.py), so it imports
only pyoxigraph, the standard library and the light server modules.

DESCRIBE is answered here, not by Oxigraph, with the *symmetric* concise bounded description of each
resource (https://www.w3.org/submissions/CBD/#alternatives): its own triples, the triples that point
to it, and recursively the same for every blank node reached.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from .negotiation import negotiate
from .sparql_results import (
    GRAPH_MEDIA_TYPES,
    TABLE_MEDIA_TYPES,
    Term,
    boolean_bytes,
    graph_bytes,
    table_bytes,
    take_table,
    take_triples,
)
from .sparql_text import DescribeParts

if TYPE_CHECKING:
    from graphbuild.stores import Readable

ResultKind = Literal["table", "boolean", "graph"]

# Short names for the ``format`` parameter; "json" and "xml" depend on the kind of result.
TABLE_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "srj": "application/sparql-results+json", "srx": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_ALIASES = {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
                 "ntriples": "application/n-triples", "n-triples": "application/n-triples",
                 "json": "application/ld+json", "jsonld": "application/ld+json",
                 "json-ld": "application/ld+json", "xml": "application/rdf+xml",
                 "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml", "trig": "application/trig",
                 "rdf+xml": "application/rdf+xml", "n3": "text/turtle",
                 "nq": "application/n-quads", "nquads": "application/n-quads"}
FORM_KIND: dict[str, ResultKind] = {"SELECT": "table", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


class NotServable(Exception):
    """Nothing the client accepts can carry this kind of result (the endpoint answers 406)."""


class QueryOutcomeKind(StrEnum):
    """What became of a query, with the HTTP status the endpoint answers it with (server/sparql.py).

    A string enum: it crosses the worker's pipe as a pickle, and reads as its value ("bad_request")."""

    status: int

    OK = "ok", 200
    BAD_REQUEST = "bad_request", 400  # the query or a dataset parameter is at fault
    NOT_ACCEPTABLE = "not_acceptable", 406  # no format the client accepts can carry the result
    STORE_ERROR = "error", 503  # the store could not be read

    def __new__(cls, value: str, status: int) -> QueryOutcomeKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        return member


# Every problem a query can have: what running it raises, the outcome, and the message the client reads,
# naming the parameter at fault. The first row whose exception matches is taken.
QUERY_PROBLEMS: tuple[tuple[type[Exception], QueryOutcomeKind, str], ...] = (
    (SyntaxError, QueryOutcomeKind.BAD_REQUEST, "query parameter: syntax error: {}"),
    (NotServable, QueryOutcomeKind.NOT_ACCEPTABLE, "{}"),
    # an IRI of the dataset that pyoxigraph refuses
    (ValueError, QueryOutcomeKind.BAD_REQUEST, "default-graph-uri or named-graph-uri parameter: {}"),
    # evaluation errors: an unbound SERVICE variable, a failing remote endpoint
    (RuntimeError, QueryOutcomeKind.BAD_REQUEST, "the query failed while running: {}"),
    (OSError, QueryOutcomeKind.STORE_ERROR, "the store could not be read: {}"),
)
_PROBLEM_TYPES = tuple(row[0] for row in QUERY_PROBLEMS)


def offered(kind: ResultKind) -> tuple[str, ...]:
    return GRAPH_MEDIA_TYPES if kind == "graph" else TABLE_MEDIA_TYPES


def choose_media_type(kind: ResultKind, accept: str | None, formats: tuple[str, ...] = ()) -> str:
    """The media type of a result: the first ``format`` parameter that names one, else the Accept header.

    ``format`` may be repeated because SPARQLWrapper sends it twice for TSV, JSON-LD and RDF/XML
    (``format=tsv&format=text/tab-separated-values``).
    """
    media_types = offered(kind)
    what = "a graph result" if kind == "graph" else "a results table"
    if formats:
        aliases = GRAPH_ALIASES if kind == "graph" else TABLE_ALIASES
        for fmt in formats:
            chosen = aliases.get(fmt.lower(), fmt.lower())
            if chosen in media_types:
                return chosen
        raise NotServable(f"format parameter {formats[0]!r} cannot serve {what}; use one of "
                          f"{', '.join(sorted(aliases))}")
    negotiated = negotiate(accept, media_types)
    if negotiated is None:
        raise NotServable(f"the Accept header matches no format for {what}; use one of {', '.join(media_types)}")
    return negotiated


@dataclass(frozen=True)
class Job:
    """One query to run, with everything the worker needs and nothing it has to look up."""

    query: str
    max_rows: int
    accept: str | None = None
    formats: tuple[str, ...] = ()
    media_type: str | None = None  # chosen by the caller; else negotiated from accept and format
    default_graphs: tuple[str, ...] | None = None  # the protocol's dataset; None when not given
    named_graphs: tuple[str, ...] | None = None
    describe: DescribeParts | None = None

    @property
    def protocol_dataset(self) -> bool:
        return self.default_graphs is not None or self.named_graphs is not None


@dataclass(frozen=True)
class QueryOutcome:
    """What a query gave: the serialised result, or a message saying why there is none."""

    kind: QueryOutcomeKind
    body: bytes = b""
    media_type: str = ""
    truncated: bool = False
    message: str = ""
    rows: int = 0


def _dataset(job: Job) -> dict[str, Any]:
    """The protocol's RDF dataset, which replaces the query's own (SPARQL 1.1 Protocol §2.1.4)."""
    if not job.protocol_dataset:
        return {}
    return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()]}


def _description_graphs(job: Job, parts: DescribeParts) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs a DESCRIBE reads: the protocol's default graphs, else the query's FROM, else the store's."""
    if job.protocol_dataset:
        return [ox.NamedNode(g) for g in job.default_graphs or ()]
    if parts.from_graphs or parts.named_from:
        return [ox.NamedNode(g) for g in parts.from_graphs]
    return [ox.DefaultGraph()]


def _described_resources(store: Readable, job: Job, parts: DescribeParts) -> list[Term]:
    resources: list[Term] = [ox.NamedNode(iri) for iri in parts.iris]
    if parts.select is not None:
        solutions = store.query(parts.select, **_dataset(job))
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            resources.extend(t for t in solution if t is not None and not isinstance(t, ox.Literal))
            if len(resources) > job.max_rows:
                break
    return list(dict.fromkeys(resources))


def symmetric_cbd(store: Readable, resources: list[Term],
                  graphs: list[ox.NamedNode | ox.DefaultGraph]) -> Iterator[ox.Triple]:
    """The symmetric concise bounded description of ``resources`` in the merge of ``graphs``."""
    seen: set[ox.Triple] = set()
    visited: set[Term] = set()
    pending = list(reversed(resources))
    while pending:
        node = pending.pop()
        if node in visited:
            continue
        visited.add(node)
        for graph in graphs:
            outgoing = store.quads_for_pattern(node, None, None, graph)  # type: ignore[arg-type]
            incoming = store.quads_for_pattern(None, None, node, graph)  # type: ignore[arg-type]
            for quads, far_end in ((outgoing, "object"), (incoming, "subject")):
                for quad in quads:
                    triple = quad.triple
                    if triple in seen:
                        continue
                    seen.add(triple)
                    yield triple
                    other = getattr(triple, far_end)  # a blank node at the far end is described too
                    if isinstance(other, ox.BlankNode):
                        pending.append(other)


def _media_type(job: Job, kind: ResultKind) -> str:
    if job.media_type is not None and job.media_type in offered(kind):
        return job.media_type
    return choose_media_type(kind, job.accept, job.formats)


def _evaluate(store: Readable, job: Job) -> QueryOutcome:
    if job.describe is not None:
        media_type = _media_type(job, "graph")
        parts = job.describe
        triples = symmetric_cbd(store, _described_resources(store, job, parts), _description_graphs(job, parts))
        kept, truncated = take_triples(triples, job.max_rows)
        return QueryOutcome(QueryOutcomeKind.OK, graph_bytes(kept, media_type), media_type, truncated, rows=len(kept))
    result = store.query(job.query, **_dataset(job))
    if isinstance(result, ox.QueryBoolean):
        media_type = _media_type(job, "boolean")
        return QueryOutcome(QueryOutcomeKind.OK, boolean_bytes(bool(result), media_type), media_type, rows=1)
    if not isinstance(result, ox.QuerySolutions):  # triples: ox.QueryTriples, or a remote store's
        media_type = _media_type(job, "graph")
        kept, truncated = take_triples(result, job.max_rows)
        return QueryOutcome(QueryOutcomeKind.OK, graph_bytes(kept, media_type), media_type, truncated, rows=len(kept))
    media_type = _media_type(job, "table")
    table = take_table(result, job.max_rows)
    return QueryOutcome(QueryOutcomeKind.OK, table_bytes(table, media_type), media_type, table.truncated,
                        rows=len(table.rows))


def problem_outcome(exc: Exception) -> QueryOutcome:
    """The outcome of a query that raised ``exc``, by the first row of QUERY_PROBLEMS that matches it."""
    for exception, kind, message in QUERY_PROBLEMS:
        if isinstance(exc, exception):
            return QueryOutcome(kind, message=message.format(exc))
    raise exc


def run_job(store: Readable, job: Job) -> QueryOutcome:
    """Run ``job``; a problem of the query comes back as a QueryOutcome, never as an exception."""
    try:
        return _evaluate(store, job)
    except _PROBLEM_TYPES as exc:
        return problem_outcome(exc)
