"""Dereferencing entity IRIs: /id/{type}/{slug} redirects, /data/{type}/{slug}.{ext} describes.

https://www.w3.org/TR/cooluris/#r303gendocument: the IRI names the thing, so it answers 303 See
Other to a document about it, the HTML page or an RDF description chosen by Accept. Every document
names the others with ``Link: rel="alternate"`` and the dataset's VoID description with
``rel="describedby"`` (https://www.w3.org/TR/void/#discovery-links).

A description whose incoming links fill several pages (server/description.py) is served a page at a
time: ``?page=N`` on /page, /data and /id, with ``Link: rel="next"`` / ``rel="prev"`` between pages
(https://www.rfc-editor.org/rfc/rfc8288#section-3.3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from graphbuild.iris import split_entity_iri
from graphbuild.jsonld import JsonLdContext
from graphbuild.settings import Settings
from graphbuild.stores import Store

from .description import (
    DATA_FORMATS,
    FORMATS_BY_EXTENSION,
    FORMATS_BY_MEDIA_TYPE,
    DataFormat,
    Description,
    Descriptions,
    entity_exists,
    iri_for_id_path,
    render,
)
from .errors import BadRequest, EntityNotFound, NotAcceptable, NotFound
from .negotiation import negotiate

HTML = "text/html"
DEREFERENCE_TYPES = (HTML, "application/xhtml+xml", *FORMATS_BY_MEDIA_TYPE)
VOID_PATH = "/.well-known/void"
CONTEXT_URL_PATH = "context.jsonld"
# Linked-data documents are meant to be read by scripts on other sites too.
CORS = {"Access-Control-Allow-Origin": "*"}


def require_entity_iri(settings: Settings, kind: str, slug: str) -> str:
    iri = iri_for_id_path(settings.base_iri, kind, slug)
    if iri is None:
        raise EntityNotFound(f"no entity type {kind!r} with slug {slug!r}: the path is not an entity IRI")
    return str(iri)


def _query(page: int) -> str:
    return f"?page={page}" if page > 1 else ""


def data_path(kind: str, slug: str, data_format: DataFormat, page: int = 1) -> str:
    return f"/data/{kind}/{slug}.{data_format.extension}{_query(page)}"


def page_href(kind: str, slug: str, page: int = 1) -> str:
    return f"/page/{kind}/{slug}{_query(page)}"


def alternate_links(kind: str, slug: str, skip: DataFormat | None = None, *, html: bool = False, page: int = 1) -> str:
    """A ``Link`` header value naming the entity's other documents and the dataset description."""
    links = [f'<{data_path(kind, slug, f, page)}>; rel="alternate"; type="{f.media_type}"' for f in DATA_FORMATS
             if f != skip]
    if html:
        links.append(f'<{page_href(kind, slug, page)}>; rel="alternate"; type="text/html"')
    links.append(f'<{VOID_PATH}>; rel="describedby"; type="text/turtle"')
    return ", ".join(links)


def paging_links(description: Description, href: Callable[[int], str]) -> list[str]:
    """``Link`` values for the previous and next page of a paged description; ``href`` makes a page's URL."""
    links = []
    if description.page > 1:
        links.append(f'<{href(description.page - 1)}>; rel="prev"')
    if description.page < description.pages:
        links.append(f'<{href(description.page + 1)}>; rel="next"')
    return links


def described_by_links(kind: str, slug: str, page: int = 1) -> str:
    """The ``Link`` header of a 303 from an IRI: every document describing the thing."""
    links = [f'<{page_href(kind, slug, page)}>; rel="describedby"; type="text/html"']
    links += [f'<{data_path(kind, slug, f, page)}>; rel="describedby"; type="{f.media_type}"' for f in DATA_FORMATS]
    return ", ".join(links)


def redirect_if_merged(descriptions: Descriptions, settings: Settings, iri: str, path: str) -> Response | None:
    """301 Moved Permanently from an IRI the curation merged to the same kind of URL of the survivor.

    ``path`` is a format string over ``kind`` and ``slug``, e.g. "/page/{kind}/{slug}".
    """
    target = descriptions.merged_into(iri)
    parts = split_entity_iri(settings.base_iri, target) if target else None
    if parts is None:
        return None
    return RedirectResponse(path.format(kind=parts[0], slug=parts[1]), status_code=301)


def past_the_last_page(page: int) -> NotFound:
    return NotFound(f"page parameter {page} is past the last page of the description")


MAX_PAGE = 1_000_000_000  # past the last page of anything served, and well within SQLite's integers
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="the page of a description, listing or search")]

_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def page_parameter(request: Request) -> int:
    """The ``page`` query parameter of the busiest routes (entity pages and data), read as ``Page`` is
    read elsewhere (the last one given; the same 400 messages). FastAPI's own reading of two parameters
    cost as much as reading and writing the Turtle of a small description."""
    given = request.query_params.get("page")
    if given is None:
        return 1
    try:
        page = int(given)
    except ValueError:
        number = _float(given)  # "2.0" is 2, as pydantic reads it
        if number is None or not number.is_integer():
            raise _invalid("page", "Input should be a valid integer, unable to parse string as an integer") from None
        page = int(number)
    if page < 1:
        raise _invalid("page", "Input should be greater than or equal to 1")
    if page > MAX_PAGE:
        raise _invalid("page", f"Input should be less than or equal to {MAX_PAGE}")
    return page


def flag_parameter(request: Request, name: str) -> bool:
    """A yes-or-no query parameter (false when absent), with the words FastAPI takes for a bool."""
    given = request.query_params.get(name)
    if given is None or given.lower() in _FALSE:
        return False
    if given.lower() in _TRUE:
        return True
    raise _invalid(name, "Input should be a valid boolean, unable to interpret input")


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _invalid(name: str, problem: str) -> BadRequest:
    return BadRequest(f"invalid query parameter {name!r}: {problem}")


def read_description(descriptions: Descriptions, iri: str, page: int) -> Description:
    """Page ``page`` of the description of ``iri``, or the 404 to answer.

    Entity pages and documents are built in the event loop, not in worker threads: the description is
    one row of the site index (an IRI the index lacks costs a few look-ups in the store), and building
    the page takes a millisecond or two (ten or more for the few entities that many articles name).
    A hand-off to a thread would cost more than that, and under load the threads would take turns at
    the GIL, where the event loop serves the requests in the order they came.
    """
    description = descriptions.get(iri, page)
    if description is None:
        raise past_the_last_page(page)
    if not description.exists():
        raise EntityNotFound(f"no entity {iri} in the dataset")
    return description


T = TypeVar("T")


async def off_loop(store: Store, call: Callable[..., T], *args: Any) -> T:
    """``call(*args)`` in the event loop for the embedded store (it answers in microseconds, see
    read_description), in a worker thread for a store whose reads wait on the network."""
    if store.capabilities.network:
        return await run_in_threadpool(call, *args)
    return call(*args)


class EntityRoutes:
    """GET /id/{type}/{slug} and GET /data/{type}/{slug}.{ext}."""

    def __init__(self, store: Store, settings: Settings, context: JsonLdContext,
                 descriptions: Descriptions) -> None:
        self.store = store
        self.settings = settings
        self.context = context
        self.descriptions = descriptions

    async def resolve(self, request: Request, kind: str, slug: str, page: Page = 1) -> Response:
        iri = require_entity_iri(self.settings, kind, slug)
        if moved := await off_loop(self.store, redirect_if_merged, self.descriptions, self.settings, iri,
                                   "/id/{kind}/{slug}" + _query(page)):
            return moved
        if not await run_in_threadpool(entity_exists, self.descriptions.store, iri):  # what pages read
            raise EntityNotFound(f"no entity {iri} in the dataset")
        chosen = negotiate(request.headers.get("accept"), DEREFERENCE_TYPES)
        if chosen is None:
            raise NotAcceptable(f"the Accept header matches none of {', '.join(DEREFERENCE_TYPES)}")
        if chosen in FORMATS_BY_MEDIA_TYPE:
            target = data_path(kind, slug, FORMATS_BY_MEDIA_TYPE[chosen], page)
        else:
            target = page_href(kind, slug, page)
        headers = {"Vary": "Accept", "Link": described_by_links(kind, slug, page), **CORS}
        return RedirectResponse(target, status_code=303, headers=headers)

    async def data(self, request: Request) -> Response:
        kind, slug, extension = (request.path_params[name] for name in ("kind", "slug", "extension"))
        page = page_parameter(request)
        data_format = FORMATS_BY_EXTENSION.get(extension)
        if data_format is None:
            known = ", ".join(FORMATS_BY_EXTENSION)
            raise NotFound(f"no data format with extension {extension!r}; use one of {known}")
        iri = require_entity_iri(self.settings, kind, slug)
        path = "/data/{kind}/{slug}." + extension + _query(page)
        if moved := await off_loop(self.store, redirect_if_merged, self.descriptions, self.settings, iri, path):
            return moved
        # The context is named where this server answers, so any client that got the document can fetch it.
        context_url = f"{request.base_url}{CONTEXT_URL_PATH}"
        description = await off_loop(self.store, read_description, self.descriptions, iri, page)
        body = render(description, data_format, self.context, context_url)
        links = [alternate_links(kind, slug, skip=data_format, html=True, page=page)]
        links += paging_links(description, lambda n: data_path(kind, slug, data_format, n))
        media_type = data_format.media_type + ("; charset=utf-8" if data_format.extension != "rdf" else "")
        return Response(body, media_type=media_type, headers={"Link": ", ".join(links), **CORS})
