"""The /sparql endpoint: the query operation of the SPARQL 1.1 Protocol, read-only.

https://www.w3.org/TR/sparql11-protocol/#query-operation: GET with ``query=``, POST of an
URL-encoded form, or POST of the query itself as ``application/sparql-query``. Updates are refused
with 403 and SERVICE with 400. Queries run on the store's default graph (the set union of the
articles) in a worker thread, stopped after ``query_timeout`` seconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import anyio
import jinja2
import pyoxigraph as ox
from anyio import to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graphbuild.settings import Settings
from graphbuild.store import ArticleStore

from .errors import (
    BadRequest,
    Forbidden,
    NotAcceptable,
    PayloadTooLarge,
    ServiceUnavailable,
    UnsupportedMediaType,
)
from .negotiation import negotiate

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
# Short names for the ``format`` parameter; "json" and "xml" depend on the kind of result.
RESULTS_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                   "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_ALIASES = {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
                 "ntriples": "application/n-triples", "n-triples": "application/n-triples",
                 "json": "application/ld+json", "jsonld": "application/ld+json",
                 "json-ld": "application/ld+json", "xml": "application/rdf+xml",
                 "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml", "trig": "application/trig",
                 "nq": "application/n-quads", "nquads": "application/n-quads"}

EXAMPLE_QUERY = """PREFIX schema: <http://schema.org/>

SELECT (COUNT(?person) AS ?people) WHERE {
  ?person a schema:Person .
}"""

# Lexemes that may hide the word SERVICE without being the keyword: comments, strings, IRIs,
# variables, prefixed names, language tags. What is left is keywords and punctuation.
_LEXEME = re.compile(
    r"""(?P<skip>\#[^\n]*
        |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
        |<[^<>"{}|^`\\\s]*>
        |[?$][\w\u00b7-\uffff]+
        |(?:[A-Za-z_][\w.-]*)?:[\w.:%-]*
        |@[A-Za-z][A-Za-z0-9-]*)
      |(?P<word>[A-Za-z]+)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class SparqlRequest:
    """A query operation, once the protocol parameters are read and checked."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: str | None = None


class MissingQuery(BadRequest):
    """No query was given (a browser then gets the query form)."""


def uses_service(query: str) -> bool:
    """Whether the query text uses the SERVICE keyword (federated query)."""
    return any(m.group("word") and m.group("word").upper() == "SERVICE" for m in _LEXEME.finditer(query))


def _single(params: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise BadRequest(f"the {name} parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def protocol_request(params: Sequence[tuple[str, str]], body_query: str | None = None) -> SparqlRequest:
    """Check the protocol parameters (URL and form ones together) and a directly POSTed query."""
    if any(k == "update" for k, _ in params):
        raise Forbidden("the update parameter is refused: this endpoint is read-only")
    query = _single(params, "query")
    if body_query is not None and query is not None:
        raise BadRequest("the query parameter is given both in the URL and in the request body")
    query = body_query if body_query is not None else query
    if query is None:
        raise MissingQuery("the query parameter is missing")
    if uses_service(query):
        raise BadRequest("query parameter: SERVICE (federated query) is not allowed on this endpoint")
    return SparqlRequest(
        query=query,
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        format=_single(params, "format"),
    )


def _choose(offered: Sequence[str], aliases: dict[str, str], accept: str | None, fmt: str | None,
            kind: str) -> str:
    if fmt is not None:
        media_type = aliases.get(fmt.lower(), fmt.lower())
        if media_type not in offered:
            raise NotAcceptable(f"format parameter {fmt!r} cannot serve {kind}; use one of "
                                f"{', '.join(sorted(aliases))}")
        return media_type
    chosen = negotiate(accept, offered)
    if chosen is None:
        raise NotAcceptable(f"the Accept header matches no format for {kind}; use one of "
                            f"{', '.join(offered)}")
    return chosen


def _graph_arguments(request: SparqlRequest) -> dict[str, Any]:
    """The query's RDF dataset: the protocol's graphs when given, else the store's (spec §2.1.4)."""
    if not request.default_graphs and not request.named_graphs:
        return {}
    try:
        return {"default_graph": [ox.NamedNode(g) for g in request.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in request.named_graphs]}
    except ValueError as exc:
        raise BadRequest(f"default-graph-uri or named-graph-uri parameter: not an IRI ({exc})") from exc


def execute(store: ox.Store, request: SparqlRequest, accept: str | None) -> tuple[bytes, str]:
    """Run the query and serialize its results; blocks, so call it from a worker thread."""
    try:
        result = store.query(request.query, **_graph_arguments(request))
    except SyntaxError as exc:
        raise BadRequest(f"query parameter: syntax error: {exc}") from exc
    try:
        if isinstance(result, ox.QueryTriples):
            media_type = _choose(list(GRAPH_FORMATS), GRAPH_ALIASES, accept, request.format, "a graph result")
            return result.serialize(format=GRAPH_FORMATS[media_type]) or b"", media_type
        media_type = _choose(list(RESULTS_FORMATS), RESULTS_ALIASES, accept, request.format, "a results table")
        return result.serialize(format=RESULTS_FORMATS[media_type]) or b"", media_type
    finally:
        # pyoxigraph results must be dropped on the thread that made them, not by a traceback later.
        del result


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 once it grows past ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is {declared} bytes; the limit is {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{what} is not valid UTF-8") from exc


class SparqlEndpoint:
    """GET and POST /sparql."""

    def __init__(self, store: ArticleStore, settings: Settings, templates: jinja2.Environment) -> None:
        self.store = store
        self.settings = settings
        self.templates = templates

    async def handle(self, request: Request) -> Response:
        try:
            sparql_request = await self._read(request)
        except MissingQuery:
            if request.method == "GET" and self._wants_form(request):
                return self._form()
            raise
        return await self._run(sparql_request, request.headers.get("accept"))

    async def _read(self, request: Request) -> SparqlRequest:
        url_params = parse_qsl(request.url.query, keep_blank_values=True)
        if request.method == "GET":
            return protocol_request(url_params)
        content_type = _content_type(request)
        if content_type == UPDATE:
            raise Forbidden(f"Content-Type {UPDATE} is refused: this endpoint is read-only")
        if content_type not in (FORM, QUERY):
            shown = content_type or "(none)"
            raise UnsupportedMediaType(f"Content-Type {shown} is not supported; use {FORM} or {QUERY}")
        body = _utf8(await read_body(request, self.settings.max_body_bytes), "the request body")
        if content_type == QUERY:
            return protocol_request(url_params, body_query=body)
        form = parse_qsl(body, keep_blank_values=True)
        if any(k == "query" for k, _ in url_params) and any(k == "query" for k, _ in form):
            raise BadRequest("the query parameter is given both in the URL and in the request body")
        return protocol_request(url_params + form)

    async def _run(self, sparql_request: SparqlRequest, accept: str | None) -> Response:
        try:
            with anyio.fail_after(self.settings.query_timeout):
                body, media_type = await to_thread.run_sync(
                    execute, self.store.ox, sparql_request, accept, abandon_on_cancel=True
                )
        except TimeoutError as exc:
            raise ServiceUnavailable(
                f"the query ran longer than the {self.settings.query_timeout:g} s limit (query_timeout)"
            ) from exc
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})

    def _wants_form(self, request: Request) -> bool:
        offered = ["application/sparql-results+json", "text/html"]
        return negotiate(request.headers.get("accept"), offered) == "text/html"

    def _form(self) -> HTMLResponse:
        page = self.templates.get_template("sparql.html").render(title="SPARQL query", query=EXAMPLE_QUERY)
        return HTMLResponse(page, headers={"Vary": "Accept"})
