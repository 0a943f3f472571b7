"""The /sparql endpoint: the query operation of the SPARQL 1.1 Protocol, read-only and safe by default.

https://www.w3.org/TR/sparql11-protocol/#query-operation: GET with ``query=``, POST of an
URL-encoded form (parsed once), or POST of the query itself as ``application/sparql-query`` in UTF-8;
``default-graph-uri`` and ``named-graph-uri`` set the dataset. Results are negotiated
(server/negotiation.py) unless a ``format`` parameter names one. GET without a query gives a browser
the query page (server/sparql_page.py) and any other client the Service Description.

Safety: updates are refused with 403, SERVICE with 400 unless ``service_allowlist`` names the
endpoint, bodies over ``max_body_bytes`` with 413. Queries run in killable worker processes
(server/query_pool.py) under ``query_timeout``; results are cut at ``max_rows``, which the
``X-Newsgraph-Truncated`` header and the query page announce. Answers are cached on the store's
version and carry an ETag, so a repeated query costs one dictionary look-up.

The endpoint is a plain ASGI application: the lookups it serves thousands of times a second do not
pay for a framework's request objects.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

import jinja2
import pyoxigraph as ox
from anyio import to_thread
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send

from graphbuild.settings import Settings
from graphbuild.stores import Store

from .errors import (
    BadRequest,
    Forbidden,
    HttpError,
    MethodNotAllowed,
    NotAcceptable,
    PayloadTooLarge,
    TooManyRequests,
    UnsupportedMediaType,
    error_for_status,
    render_error,
)
from .freshness import CACHE_CONTROL, entity_tag, is_not_modified, not_modified_response
from .negotiation import negotiate, parse_media_type
from .query_cache import ResultCache
from .query_exec import (
    FORM_KIND,
    Job,
    NotServable,
    QueryOutcome,
    QueryOutcomeKind,
    ResultKind,
    choose_media_type,
    offered,
)
from .query_pool import Overloaded, QueryRefused, QueryRunner
from .service_description import service_description, store_statistics
from .sparql_page import EXAMPLES, download_links, render_page, results_from
from .sparql_results import GRAPH_MEDIA_TYPES, graph_bytes
from .sparql_text import (
    WARNING_HEADER,
    QueryText,
    error_place,
    named_terms,
    parse_allowlist,
    read_query,
    refused_services,
    syntax_problem,
    vocabulary_notes,
    warning_value,
    with_predeclared,
)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML = "text/html"
ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
TRUNCATED_HEADER = "X-Newsgraph-Truncated"
# Every answer may be read by a page on another site (https://fetch.spec.whatwg.org/#http-cors-protocol).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": f"{TRUNCATED_HEADER}, ETag, Content-Length, Warning",
}
PREFLIGHT_HEADERS = {
    **CORS_HEADERS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


@dataclass(frozen=True)
class SparqlRequest:
    """A query operation, once the protocol parameters are read and checked."""

    query: str
    default_graphs: tuple[str, ...] | None = None  # None: not given, the store's default graph is used
    named_graphs: tuple[str, ...] | None = None
    formats: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()  # every parameter, to rebuild links on the query page


# Whether the request being answered will be kept as a replay entry (SparqlEndpoint.__call__).
_REPLAYABLE: contextvars.ContextVar[bool] = contextvars.ContextVar("newsgraph_replayable", default=False)


# What the result cache counts for an entry beyond the bytes of its content: the objects that hold it (key
# tuple, dataclass, dictionary slot) and each header's tuple and two bytes objects. Measured with tracemalloc:
# a cached ASK answer takes about 1,400 bytes for 250 bytes of content.
ENTRY_OVERHEAD = 400
HEADER_OVERHEAD = 110


@dataclass(frozen=True)
class _Replay:
    """A whole answer kept to be sent again: its raw headers and body."""

    raw_headers: list[tuple[bytes, bytes]]
    body: bytes

    def size(self) -> int:
        """Bytes of memory it takes, about (measured: Python's objects more than double the content)."""
        return len(self.body) + sum(len(k) + len(v) + HEADER_OVERHEAD for k, v in self.raw_headers) + ENTRY_OVERHEAD


class MissingQuery(BadRequest):
    """No query was given (a browser then gets the query page, an RDF client the service description)."""


def _single(params: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise BadRequest(f"the {name} parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def _graphs(params: Sequence[tuple[str, str]], name: str) -> tuple[str, ...]:
    graphs = tuple(v for k, v in params if k == name)
    for graph in graphs:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise BadRequest(f"{name} parameter: {graph!r} is not an IRI ({exc})") from exc
    return graphs


def protocol_request(params: Sequence[tuple[str, str]], body_query: str | None = None) -> SparqlRequest:
    """Check the protocol parameters (URL and form ones together) and a directly POSTed query."""
    if any(k == "update" for k, _ in params):
        raise Forbidden("the update parameter is refused: this endpoint is read-only")
    _single(params, "version")  # SPARQL 1.2 Protocol §2.1: at most one version parameter
    query = _single(params, "query")
    if body_query is not None and query is not None:
        raise BadRequest("the query parameter is given both in the URL and in the request body")
    query = body_query if body_query is not None else query
    if query is None:
        raise MissingQuery("the query parameter is missing")
    default_graphs = _graphs(params, "default-graph-uri")
    named_graphs = _graphs(params, "named-graph-uri")
    given = any(k in ("default-graph-uri", "named-graph-uri") for k, _ in params)
    return SparqlRequest(
        query=query,
        default_graphs=default_graphs if given else None,
        named_graphs=named_graphs if given else None,
        formats=tuple(v for k, v in params if k == "format"),
        params=tuple((k, v) for k, v in params if k in ("default-graph-uri", "named-graph-uri", "query")),
    )


def check_query(text: QueryText, allowed_services: frozenset[str], max_depth: int) -> None:
    """Refuse an update, a SERVICE call to an endpoint that is not on the allow-list, and nesting deeper
    than ``max_depth`` (sparql_text.nesting_depth), which could crash the worker that parses it."""
    if text.depth > max_depth:
        raise BadRequest(f"query parameter: the query nests {text.depth} levels deep (brackets, and operators such "
                         f"as &&, ||, !, +, /, | or UNION chained in one group); the limit is {max_depth} "
                         "(max_query_depth)")
    if text.update_keyword is not None:
        raise Forbidden(f"query parameter: {text.update_keyword} is an update; this endpoint is read-only "
                        "and answers queries only")
    refused = refused_services(text, allowed_services)
    if refused:
        shown = ", ".join(call.endpoint or call.text for call in refused)
        raise BadRequest(f"query parameter: SERVICE (federated query) to {shown} is not allowed on this endpoint"
                         " (service_allowlist)")


@lru_cache(maxsize=1024)
def _negotiated(kind: ResultKind, accept: str | None, formats: tuple[str, ...]) -> str | None:
    """The result's media type, or HTML for the query page; memoised, as clients repeat their headers.

    HTML comes last in the server's preference, so only a client that prefers it (a browser) gets it.
    """
    if formats and formats[0].lower() == "html":
        return HTML
    if not formats and negotiate(accept, [*offered(kind), HTML]) == HTML:
        return HTML
    try:
        return choose_media_type(kind, accept, formats)
    except NotServable:
        return None


def _parse_params(raw: bytes | str, where: str) -> list[tuple[str, str]]:
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the {where} is not valid UTF-8 once percent-decoded") from exc


async def read_body(receive: Receive, headers: Headers, limit: int) -> bytes:
    """The request body, refused with 413 once it grows past ``limit`` bytes."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is {declared} bytes; the limit is {limit} (max_body_bytes)")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadRequest("the client closed the connection before sending the whole body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the request body is over the limit of {limit} bytes (max_body_bytes)")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{what} is not valid UTF-8") from exc


REFUSAL_PAUSE = 0.5  # seconds a refusal for load (429, a full lane's 503) waits before it is sent


def client_key(scope: Scope, headers: Headers) -> str | None:
    """Who sends the query, for the per-client limit: its bearer token when it gives one (hashed), else its
    address (uvicorn puts a trusted proxy's X-Forwarded-For there)."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()[:16]
    client = scope.get("client")
    return f"address:{client[0]}" if client else None


class ClientLimit:
    """At most ``limit`` queries of one client running or waiting at once (0: no limit). Only the clients
    with a query in hand are counted, so the table never outgrows the connections."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.counts: dict[str, int] = {}

    @contextlib.contextmanager
    def enter(self, client: str | None) -> Iterator[None]:
        if not self.limit or client is None:
            yield
            return
        held = self.counts.get(client, 0)
        if held >= self.limit:
            raise TooManyRequests(f"this client has {held} queries running or waiting; the limit is {self.limit} "
                                  "(max_client_queries); wait for an answer before sending more")
        self.counts[client] = held + 1
        try:
            yield
        finally:
            if self.counts[client] <= 1:
                del self.counts[client]
            else:
                self.counts[client] -= 1


class SparqlEndpoint:
    """GET, POST and OPTIONS /sparql, as an ASGI application."""

    def __init__(self, store: Store, settings: Settings, templates: jinja2.Environment,
                 runner: QueryRunner, known_terms: Callable[[], frozenset[str]] | None = None) -> None:
        self.store = store
        self.known_terms = known_terms  # the classes and properties of the data and the vocabulary
        self.settings = settings
        self.templates = templates
        self.runner = runner  # server/live.py chooses it
        self.allowed_services = parse_allowlist(settings.service_allowlist)
        self.cache: ResultCache[QueryOutcome | _Replay] = ResultCache(max(0, settings.result_cache_mb) * 1_000_000)
        self.endpoint_iri = settings.base_iri + "sparql"
        self.clients = ClientLimit(max(0, settings.max_client_queries))
        self._cached_version: str | None = None  # the store version the cached answers are of

    async def aclose(self) -> None:
        await self.runner.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if self.runner.version != self._cached_version:  # a write was published: no old answer can be asked for
            self.cache.clear()
            self._cached_version = self.runner.version
        replay = self._replay_key(scope) if method in ("GET", "HEAD") else None
        _REPLAYABLE.set(replay is not None)
        if replay is not None:
            hit = self.cache.get(replay)
            if isinstance(hit, _Replay):  # the same request was answered before: send the same bytes
                await send({"type": "http.response.start", "status": 200, "headers": hit.raw_headers})
                await send({"type": "http.response.body", "body": hit.body})
                return
        try:
            if method == "OPTIONS":
                response: Response = Response(status_code=204, headers={**PREFLIGHT_HEADERS,
                                                                        "Allow": ", ".join(ALLOWED_METHODS)})
            elif method not in ALLOWED_METHODS:
                raise MethodNotAllowed(f"method {method} is not allowed on /sparql; use GET or POST",
                                       allowed=ALLOWED_METHODS)
            else:
                response = await self._answer(scope, receive)
                if replay is not None and response.status_code == 200 and "etag" in response.headers:
                    kept = _Replay(response.raw_headers, bytes(response.body))
                    self.cache.put(replay, kept, kept.size() + len(replay[2]) + len(replay[3]))
        except HttpError as error:
            response = render_error(Request(scope), error, self.templates)
            response.headers.update(CORS_HEADERS)
        await response(scope, receive, send)

    def _replay_key(self, scope: Scope) -> tuple[str, str, bytes, bytes] | None:
        """The key of a plain GET whose answer may be replayed from the cache, or None.

        Only the raw query string and Accept header are read: this is the path a repeated lookup takes.
        A request with a body, a validator or a query page is left to the full path.
        """
        if self.runner.version is None or not self.cache.max_bytes:
            return None
        accept = b""
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value
            elif name in (b"if-none-match", b"content-length", b"transfer-encoding"):
                return None
        return ("replay", self.runner.version, scope["query_string"], accept)  # a new store version: new answers

    # -- reading the request -------------------------------------------------------------------------
    async def _read(self, scope: Scope, receive: Receive, headers: Headers) -> SparqlRequest:
        url_params = _parse_params(scope["query_string"], "URL query string")
        if scope["method"] in ("GET", "HEAD"):
            if headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers:
                raise BadRequest("a GET request carries no body; put the query in the URL or POST it")
            return protocol_request(url_params)
        content_type, type_params = parse_media_type(headers.get("content-type"))
        if content_type == UPDATE:
            raise Forbidden(f"Content-Type {UPDATE} is refused: this endpoint is read-only")
        if content_type not in (FORM, QUERY):
            shown = content_type or "(none)"
            raise UnsupportedMediaType(f"Content-Type {shown} is not supported; use {FORM} or {QUERY}")
        charset = type_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"Content-Type charset {charset} is not supported; send the query in UTF-8")
        body = _utf8(await read_body(receive, headers, self.settings.max_body_bytes), "the request body")
        if content_type == QUERY:
            return protocol_request(url_params, body_query=body)
        form = _parse_params(body, "form body")
        if any(k == "query" for k, _ in url_params) and any(k == "query" for k, _ in form):
            raise BadRequest("the query parameter is given both in the URL and in the request body")
        return protocol_request(url_params + form)

    # -- answering -------------------------------------------------------------------------------------
    async def _answer(self, scope: Scope, receive: Receive) -> Response:
        headers = Headers(scope=scope)
        accept = headers.get("accept")
        try:
            request = await self._read(scope, receive, headers)
        except MissingQuery:
            if scope["method"] in ("GET", "HEAD"):
                return await self._without_query(scope, accept)
            raise
        query = with_predeclared(request.query)
        text = read_query(query)
        kind = FORM_KIND.get(text.form) if text.form else None
        media_type = _negotiated(kind, accept, request.formats) if kind else None
        wants_html = media_type == HTML or (kind is None and HTML in (accept or ""))  # a browser's bad query
        try:
            return await self._run(scope, headers, request, query, text, kind, media_type, wants_html)
        except HttpError as error:
            if not wants_html or error.status >= 500:
                raise
            # The query page again, the query kept in the editor, the problem beside it.
            line, column = error_place(str(error)) or (None, None)
            return self._page(status=error.status, query=request.query, error=str(error), error_line=line,
                              error_column=column)

    async def _run(self, scope: Scope, headers: Headers, request: SparqlRequest, query: str, text: QueryText,
                   kind: ResultKind | None, media_type: str | None, wants_html: bool) -> Response:
        accept = headers.get("accept")
        check_query(text, self.allowed_services, self.settings.max_query_depth)
        if kind and media_type is None:
            try:
                choose_media_type(kind, accept, request.formats)
            except NotServable as exc:
                raise NotAcceptable(str(exc)) from exc
        if wants_html:
            media_type = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
        notes = self._notes(request.query)
        job = Job(query=query, max_rows=self.settings.max_rows, accept=accept, formats=request.formats,
                  media_type=media_type, default_graphs=request.default_graphs, named_graphs=request.named_graphs,
                  describe=text.describe)
        etag = self._etag(job) if media_type is not None and not wants_html else None
        if etag is None:
            _REPLAYABLE.set(False)  # no replay entry will be kept (an HTML page, say): cache the outcome
        if etag is not None and scope["method"] in ("GET", "HEAD") and is_not_modified(headers, etag):
            return not_modified_response(etag, CORS_HEADERS)
        started = time.perf_counter()
        outcome = await self._outcome(job, client_key(scope, headers))
        if outcome.kind is not QueryOutcomeKind.OK:
            problem = syntax_problem(outcome.message, request.query)
            raise error_for_status(outcome.kind.status, f"query parameter: {problem.text}" if problem else
                                   outcome.message)
        if wants_html and kind is not None:
            return self._results_page(request, outcome, kind, (time.perf_counter() - started) * 1000, notes)
        extra = {TRUNCATED_HEADER: str(self.settings.max_rows)} if outcome.truncated else {}
        if notes:
            extra[WARNING_HEADER] = warning_value(notes)
        if etag is not None:
            extra.update({"ETag": etag, "Cache-Control": CACHE_CONTROL})
        return Response(outcome.body, media_type=outcome.media_type,
                        headers={**CORS_HEADERS, "Vary": "Accept", **extra})

    def _etag(self, job: Job) -> str | None:
        """The answer's ETag: the version of the store the workers read, and what names the answer."""
        if self.runner.version is None:
            return None
        return entity_tag(self.runner.version, job.query, job.default_graphs, job.named_graphs, job.media_type,
                          job.max_rows)

    async def _outcome(self, job: Job, client: str | None = None) -> QueryOutcome:
        """The job's outcome, from the cache when the store's version allows it."""
        if self.runner.version is None or job.media_type is None or not self.cache.max_bytes:
            return await self._admitted(job, client)
        key = (self.runner.version, job.query, job.default_graphs, job.named_graphs, job.media_type, job.max_rows)
        cached = self.cache.get(key)
        if isinstance(cached, QueryOutcome):
            return cached
        outcome = await self._admitted(job, client)
        if outcome.kind is QueryOutcomeKind.OK and not _REPLAYABLE.get():  # else its replay entry keeps the same bytes
            self.cache.put(key, outcome, len(outcome.body) + len(job.query) + ENTRY_OVERHEAD)
        return outcome

    async def _admitted(self, job: Job, client: str | None) -> QueryOutcome:
        """The job run for ``client`` within its limit. A refusal for load waits REFUSAL_PAUSE first, which
        costs nothing here and keeps a client that never waits from sending refusal after refusal."""
        try:
            with self.clients.enter(client):
                return await self.runner.run(job, client)
        except (TooManyRequests, Overloaded, QueryRefused):
            await asyncio.sleep(REFUSAL_PAUSE)
            raise

    # -- pages and the service description ----------------------------------------------------------------
    def _page(self, status: int = 200, **values: Any) -> HTMLResponse:
        terms = self.known_terms() if self.known_terms else frozenset()
        page = render_page(self.templates, max_rows=self.settings.max_rows, terms=terms, **values)
        return HTMLResponse(page, status, headers={**CORS_HEADERS, "Vary": "Accept"})

    def _notes(self, query: str) -> list[str]:
        """What the query names that matches nothing here (see vocabulary_notes)."""
        return vocabulary_notes(named_terms(query), self.known_terms()) if self.known_terms else []

    def _results_page(self, request: SparqlRequest, outcome: QueryOutcome, kind: ResultKind,
                      elapsed_ms: float, notes: list[str]) -> Response:
        results = results_from(outcome, kind, self.settings.base_iri, self.settings.max_rows)
        response = self._page(query=request.query, results=results, elapsed_ms=elapsed_ms, notes=notes,
                              downloads=download_links(request.params, kind),
                              default_graphs=request.default_graphs or (), named_graphs=request.named_graphs or ())
        if outcome.truncated:
            response.headers[TRUNCATED_HEADER] = str(self.settings.max_rows)
        if notes:
            response.headers[WARNING_HEADER] = warning_value(notes)
        return response

    async def _without_query(self, scope: Scope, accept: str | None) -> Response:
        """GET /sparql without a query: the query page for a browser, else the Service Description."""
        params = _parse_params(scope["query_string"], "URL query string")
        formats = tuple(v for k, v in params if k == "format")
        try:
            chosen = (HTML if formats and formats[0].lower() == "html" else
                      choose_media_type("graph", accept, formats) if formats else
                      negotiate(accept, [*GRAPH_MEDIA_TYPES, HTML]))
        except NotServable:
            chosen = None
        if chosen == HTML:
            return self._page(query=EXAMPLES[0].query)
        if chosen is None:
            raise MissingQuery("the query parameter is missing")
        body = await self._service_description(chosen)
        return Response(body, media_type=chosen, headers={**CORS_HEADERS, "Vary": "Accept"})

    async def _service_description(self, media_type: str) -> bytes:
        key = ("service-description", self.runner.version, media_type)
        cached = self.cache.get(key) if self.runner.version is not None else None
        if isinstance(cached, QueryOutcome):
            return cached.body
        triples, graphs = await to_thread.run_sync(store_statistics, self.store.ox)
        description = service_description(self.endpoint_iri, triples, graphs, federated=bool(self.allowed_services))
        body = graph_bytes(description, media_type)
        if self.runner.version is not None:
            self.cache.put(key, QueryOutcome(QueryOutcomeKind.OK, body, media_type), len(body))
        return body

