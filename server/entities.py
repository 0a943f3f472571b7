"""Dereferencing entity IRIs: /id/{type}/{slug} redirects, /data/{type}/{slug}.{ext} describes.

https://www.w3.org/TR/cooluris/#r303gendocument: the IRI names the thing, so it answers 303 See
Other to a document about it, the HTML page or an RDF description chosen by Accept. Every document
names the others with ``Link: rel="alternate"`` and the dataset's VoID description with
``rel="describedby"`` (https://www.w3.org/TR/void/#discovery-links).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from graphbuild.iris import split_entity_iri
from graphbuild.settings import Settings
from graphbuild.store import ArticleStore

from .description import (
    DATA_FORMATS,
    FORMATS_BY_EXTENSION,
    FORMATS_BY_MEDIA_TYPE,
    DataFormat,
    Descriptions,
    JsonLdContext,
    entity_exists,
    entity_iri,
    merged_into,
    render,
)
from .errors import EntityNotFound, NotAcceptable, NotFound
from .negotiation import negotiate

HTML = "text/html"
DEREFERENCE_TYPES = (HTML, "application/xhtml+xml", *FORMATS_BY_MEDIA_TYPE)
VOID_PATH = "/.well-known/void"
CONTEXT_URL_PATH = "context.jsonld"
# Linked-data documents are meant to be read by scripts on other sites too.
CORS = {"Access-Control-Allow-Origin": "*"}


def require_entity_iri(settings: Settings, kind: str, slug: str) -> str:
    iri = entity_iri(settings.base_iri, kind, slug)
    if iri is None:
        raise EntityNotFound(f"no entity type {kind!r} with slug {slug!r}: the path is not an entity IRI")
    return str(iri)


def data_path(kind: str, slug: str, data_format: DataFormat) -> str:
    return f"/data/{kind}/{slug}.{data_format.extension}"


def page_href(kind: str, slug: str) -> str:
    return f"/page/{kind}/{slug}"


def alternate_links(kind: str, slug: str, skip: DataFormat | None = None, *, html: bool = False) -> str:
    """A ``Link`` header value naming the entity's other documents and the dataset description."""
    links = [f'<{data_path(kind, slug, f)}>; rel="alternate"; type="{f.media_type}"' for f in DATA_FORMATS
             if f != skip]
    if html:
        links.append(f'<{page_href(kind, slug)}>; rel="alternate"; type="text/html"')
    links.append(f'<{VOID_PATH}>; rel="describedby"; type="text/turtle"')
    return ", ".join(links)


def described_by_links(kind: str, slug: str) -> str:
    """The ``Link`` header of a 303 from an IRI: every document describing the thing."""
    links = [f'<{page_href(kind, slug)}>; rel="describedby"; type="text/html"']
    links += [f'<{data_path(kind, slug, f)}>; rel="describedby"; type="{f.media_type}"' for f in DATA_FORMATS]
    return ", ".join(links)


async def redirect_if_merged(store: ArticleStore, settings: Settings, iri: str, path: str) -> Response | None:
    """301 Moved Permanently from an IRI the curation merged to the same kind of URL of the survivor.

    ``path`` is a format string over ``kind`` and ``slug``, e.g. "/page/{kind}/{slug}".
    """
    target = await run_in_threadpool(merged_into, store.ox, iri)
    parts = split_entity_iri(settings.base_iri, target) if target else None
    if parts is None:
        return None
    return RedirectResponse(path.format(kind=parts[0], slug=parts[1]), status_code=301)


class EntityRoutes:
    """GET /id/{type}/{slug} and GET /data/{type}/{slug}.{ext}."""

    def __init__(self, store: ArticleStore, settings: Settings, context: JsonLdContext,
                 descriptions: Descriptions) -> None:
        self.store = store
        self.settings = settings
        self.context = context
        self.descriptions = descriptions

    async def resolve(self, request: Request, kind: str, slug: str) -> Response:
        iri = require_entity_iri(self.settings, kind, slug)
        if moved := await redirect_if_merged(self.store, self.settings, iri, "/id/{kind}/{slug}"):
            return moved
        if not await run_in_threadpool(entity_exists, self.store.ox, iri):
            raise EntityNotFound(f"no entity {iri} in the dataset")
        chosen = negotiate(request.headers.get("accept"), DEREFERENCE_TYPES)
        if chosen is None:
            raise NotAcceptable(f"the Accept header matches none of {', '.join(DEREFERENCE_TYPES)}")
        if chosen in FORMATS_BY_MEDIA_TYPE:
            target = data_path(kind, slug, FORMATS_BY_MEDIA_TYPE[chosen])
        else:
            target = page_href(kind, slug)
        headers = {"Vary": "Accept", "Link": described_by_links(kind, slug), **CORS}
        return RedirectResponse(target, status_code=303, headers=headers)

    async def data(self, request: Request, kind: str, slug: str, extension: str) -> Response:
        data_format = FORMATS_BY_EXTENSION.get(extension)
        if data_format is None:
            known = ", ".join(FORMATS_BY_EXTENSION)
            raise NotFound(f"no data format with extension {extension!r}; use one of {known}")
        iri = require_entity_iri(self.settings, kind, slug)
        if moved := await redirect_if_merged(self.store, self.settings, iri, "/data/{kind}/{slug}." + extension):
            return moved
        # The context is named where this server answers, so any client that got the document can fetch it.
        context_url = f"{request.base_url}{CONTEXT_URL_PATH}"
        body = await run_in_threadpool(self._render, iri, data_format, context_url)
        headers = {"Link": alternate_links(kind, slug, skip=data_format, html=True), **CORS}
        media_type = data_format.media_type + ("; charset=utf-8" if data_format.extension != "rdf" else "")
        return Response(body, media_type=media_type, headers=headers)

    def _render(self, iri: str, data_format: DataFormat, context_url: str) -> bytes:
        description = self.descriptions.get(iri)
        if not description.exists():
            raise EntityNotFound(f"no entity {iri} in the dataset")
        return render(description, data_format, self.context, context_url)
