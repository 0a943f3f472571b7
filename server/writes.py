"""The write API: ``POST /articles`` and ``DELETE /articles/{id}``, behind a bearer token.

The API is off (404) unless the ``write_token`` setting is set; a missing or wrong token gets 401 and
changes nothing (RFC 6750, https://www.rfc-editor.org/rfc/rfc6750#section-3). A posted article goes
through the same stages as ``newsgraph build``: read, extract, SHACL gate, one atomic store write. An
article the shapes reject gets 422 with the validation report, as JSON or, for ``Accept: text/turtle``,
as the SHACL report graph, and nothing of it is stored.

Writes are serialised (``Live.lock``); each answer is sent once the write is visible to every reader of
this server: SPARQL, pages and search (server/live.py).

The build stages (graphbuild.pipeline, .reader and .validate, which bring spaCy, pyshacl, trafilatura and
dateparser) are imported, and the spaCy model and the shapes loaded, in a thread started when the app is
created with the write API on (``WriteRoutes``, ``prepare_stages``), never at import of this module: a
read-only server starts without them (issue 11), a writable one serves readers while they load (~2 s), and
a write that comes sooner waits for them.
"""

from __future__ import annotations

import hmac
import importlib
import re
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from anyio import to_thread
from fastapi import Request
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node, _is_valid_uri
from starlette.responses import JSONResponse, Response

from graphbuild.errors import ArticleOverLimit, ArticleReadError, NewsgraphError
from graphbuild.iris import mint
from graphbuild.limits import check_size
from graphbuild.model import SourceArticle

from .errors import (
    BadRequest,
    HttpError,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    UnprocessableContent,
    UnsupportedMediaType,
)
from .freshness import article_key
from .live import Live
from .memory import release_free_memory
from .negotiation import negotiate, parse_media_type
from .settings import Settings
from .sparql import read_body

if TYPE_CHECKING:
    from graphbuild.pipeline import Checked
    from graphbuild.validate import Report

STAGES = ("graphbuild.pipeline", "graphbuild.reader", "graphbuild.validate")  # imported by load_stages only
ACCEPTED = ("application/json", "text/plain", "text/html")
REPORT_TYPES = ("application/json", "text/turtle")
SOURCE = "POST /articles"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # what graphbuild/iris.py mints


class Unauthorized(HttpError):
    status = 401
    title = "Unauthorized"

    def __init__(self, message: str, error: str = "invalid_token") -> None:
        super().__init__(message, headers={"WWW-Authenticate": f'Bearer realm="newsgraph", error="{error}"'})


def load_stages() -> None:
    """Import the build stages now (seconds: spaCy, pyshacl, trafilatura); the handlers' own imports
    then find them loaded."""
    for name in STAGES:
        importlib.import_module(name)


def prepare_stages(settings: Settings) -> None:
    """Import the build stages, and load the spaCy model, the gazetteer and the SHACL shapes they use (seconds)."""
    load_stages()
    from graphbuild.extract.gazetteer import load as load_gazetteer
    from graphbuild.nlp import load_pipeline
    from graphbuild.validate import load_shapes

    load_pipeline(settings.spacy_model)
    load_gazetteer()
    load_shapes()


def _json_article(text: str) -> SourceArticle:
    from graphbuild.reader import JsonError, parse_json, read_record

    try:
        data = parse_json(text)
    except JsonError as exc:
        raise ArticleReadError(f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ArticleReadError("the JSON body must be one article object: headline, text, datePublished, author, url")
    return read_record(data, SOURCE)


def read_article(body: bytes, content_type: str) -> SourceArticle:
    """The article in a request body; raises ArticleReadError (400) or UnsupportedMediaType (415)."""
    media_type, _ = parse_media_type(content_type)
    if media_type not in ACCEPTED:
        raise UnsupportedMediaType(f"Content-Type {media_type or '(none)'} is not an article; send one of "
                                   f"{', '.join(ACCEPTED)}")
    from graphbuild.reader import decode, read_html_article, read_text_article

    text = decode(body)
    if media_type == "application/json":
        return _json_article(text)
    read = read_html_article if media_type == "text/html" else read_text_article
    return read(text, SOURCE)


def report_document(report: Report) -> dict[str, Any]:
    return {"conforms": report.conforms,
            "problems": [{"focus": p.focus, "path": p.path, "message": p.message, "severity": p.severity}
                         for p in report.problems]}


def printable(graph: Graph) -> Graph:
    """``graph`` with every IRI that cannot be written (the rejected value itself, say a URL with spaces)
    turned into a string, so the report can always be sent."""
    def fix(term: Node) -> Node:
        return Literal(str(term)) if isinstance(term, URIRef) and not _is_valid_uri(term) else term

    out = Graph(namespace_manager=graph.namespace_manager)
    for s, p, o in graph:
        out.add((fix(s), p, fix(o)))
    return out


class WriteRoutes:
    """POST /articles and DELETE /articles/{id}; with the write API on, the build stages load here."""

    def __init__(self, live: Live, settings: Settings) -> None:
        self.live = live
        self.settings = settings
        # Prepared beside the start-up, so that readers are served meanwhile; a write waits for it.
        self._prepared: Future[None] | None = None
        if settings.write_token:
            self._prepared = Future()
            threading.Thread(target=self._prepare, name="newsgraph-prepare-stages", daemon=True).start()

    def _prepare(self) -> None:
        assert self._prepared is not None
        try:
            prepare_stages(self.settings)
        except BaseException as exc:  # the model is missing: every write says so (503)
            self._prepared.set_exception(exc)
        else:
            self._prepared.set_result(None)

    def _authorise(self, request: Request) -> None:
        if not self.settings.write_token:
            raise NotFound("the write API is off on this server (set the write_token setting, "
                           "NEWSGRAPH_WRITE_TOKEN, to turn it on)")
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("the write API needs an Authorization: Bearer <token> header", "invalid_request")
        if not hmac.compare_digest(token.strip().encode(), self.settings.write_token.encode()):
            raise Unauthorized("the bearer token is not this server's write token")

    def _checked(self, article: SourceArticle) -> tuple[Checked, str]:
        """The article through the build's own path (check_article), and its build key."""
        from graphbuild.pipeline import build_key, check_article

        return check_article(article, self.settings), build_key(article, self.settings)

    async def post(self, request: Request) -> Response:
        try:
            with self.live.writing():
                return await self._post(request)
        finally:  # the article's text, its extraction, graph and report, freed now: back to the system
            await to_thread.run_sync(release_free_memory)

    async def delete(self, request: Request, slug: str) -> Response:
        try:
            with self.live.writing():
                return await self._delete(request, slug)
        finally:
            await to_thread.run_sync(release_free_memory)

    async def _post(self, request: Request) -> Response:
        self._authorise(request)
        body = await read_body(request.receive, request.headers, self.settings.max_body_bytes)
        try:
            article = read_article(body, request.headers.get("content-type", ""))
        except ArticleReadError as exc:
            raise BadRequest(f"request body: {exc}") from None
        try:
            check_size(article, self.settings)  # at once, before waiting for the model
            if self._prepared is not None:
                await to_thread.run_sync(self._prepared.result)
            checked, key = await to_thread.run_sync(self._checked, article)
        except ArticleOverLimit as exc:
            if exc.too_large:
                raise PayloadTooLarge(f"request body: {exc}; nothing was stored") from None
            raise UnprocessableContent(f"request body: {exc}; nothing was stored") from None
        except NewsgraphError as exc:  # the model is missing, the curation file is broken
            raise ServiceUnavailable(f"cannot extract articles: {exc}") from None
        if not checked.conforms:
            return self._rejected(request, checked.report)
        built = checked.built
        iri = str(built.iri)
        slug = iri.rsplit("/", 1)[-1]
        async with self.live.lock:
            if await to_thread.run_sync(article_key, self.live.store.ox, iri) == key:
                outcome = "unchanged"
                if self.live.unpublished:  # stored by an earlier request whose publication failed
                    await self.live.after_write()
            else:
                await self.live.before_write(iri)
                outcome = await to_thread.run_sync(self.live.store.put_article, iri, built.graph)
                await self.live.after_write()
        document = {"id": slug, "iri": iri, "outcome": outcome, "triples": len(built.graph),
                    "page": f"/page/article/{slug}", "data": f"/data/article/{slug}.ttl"}
        status = 201 if outcome == "added" else 200
        return JSONResponse(document, status, headers={"Location": f"/id/article/{slug}"})

    def _rejected(self, request: Request, report: Report) -> Response:
        message = "the article's graph does not conform to the SHACL shapes; nothing was stored"
        if negotiate(request.headers.get("accept"), REPORT_TYPES) == "text/turtle" and report.results is not None:
            body = printable(report.results).serialize(format="turtle")
            return Response(f"# {message}\n{body}", 422, media_type="text/turtle", headers={"Vary": "Accept"})
        document = {"error": {"status": 422, "message": message}, "report": report_document(report)}
        return JSONResponse(document, 422, headers={"Vary": "Accept"})

    async def _delete(self, request: Request, slug: str) -> Response:
        self._authorise(request)
        if not SLUG.fullmatch(slug):
            raise BadRequest(f"{slug!r} is not an article id (the last part of an article's IRI: a-z, 0-9 and -)")
        iri = str(mint(self.settings.base_iri, "article", slug))
        async with self.live.lock:
            await self.live.before_write(iri)
            removed = await to_thread.run_sync(self.live.store.remove_article, iri)
            if removed:
                await self.live.after_write()
        if not removed:
            raise NotFound(f"no article {slug!r} in the store")
        return Response(status_code=204)
