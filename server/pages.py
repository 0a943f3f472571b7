"""HTML pages: the home page, an index per entity type, and a page per entity.

Templates are Jinja with autoescape on; pages work without JavaScript. An entity page renders the
same description graph as /data/..., and embeds it as JSON-LD.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Query
from markupsafe import Markup
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from graphbuild.settings import Settings
from graphbuild.store import ArticleStore

from . import catalog
from .description import DATA_FORMATS, FORMATS_BY_EXTENSION, JsonLdContext, describe, render
from .entities import alternate_links, data_path, redirect_if_merged, require_entity_iri
from .errors import NotFound
from .presenter import EntityView, Presenter, page_path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

INDEX_TITLES = {
    "article": "Articles", "person": "People", "organisation": "Organisations",
    "place": "Places", "event": "Events", "statement": "Statements",
}


def create_templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_json(data: bytes) -> Markup:
    """JSON safe inside <script>: ``<``, ``>``, ``&`` become JSON escapes, so ``</script>`` cannot occur."""
    text = data.decode("utf-8")
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return Markup(text)


class PageRoutes:
    """GET /, /index/{type} and /page/{type}/{slug}."""

    def __init__(self, store: ArticleStore, settings: Settings, templates: jinja2.Environment,
                 context: JsonLdContext) -> None:
        self.store = store
        self.settings = settings
        self.templates = templates
        self.context = context

    def _page(self, template: str, headers: dict[str, str] | None = None, **values: Any) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(template).render(**values), headers=headers)

    async def home(self) -> HTMLResponse:
        counts = await run_in_threadpool(catalog.counts, self.store.ox)
        return self._page("home.html", title="newsgraph", counts=counts, index_titles=INDEX_TITLES)

    async def index(self, kind: str, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        if kind not in catalog.INDEX_CLASSES:
            raise NotFound(f"no index for type {kind!r}; use one of {', '.join(catalog.INDEX_CLASSES)}")
        total = (await run_in_threadpool(catalog.counts, self.store.ox))[kind]
        pages = max(1, math.ceil(total / catalog.PAGE_SIZE))
        if page > pages:
            raise NotFound(f"page parameter {page} is past the last page, {pages}")
        listed = await run_in_threadpool(catalog.listing, self.store.ox, kind, page)
        entries = [(page_path(self.settings.base_iri, e.iri) or e.iri, e) for e in listed]
        return self._page("index.html", title=INDEX_TITLES[kind], kind=kind, entries=entries,
                          page=page, pages=pages, total=total)

    async def entity(self, kind: str, slug: str) -> Response:
        iri = require_entity_iri(self.settings, kind, slug)
        if moved := await redirect_if_merged(self.store, self.settings, iri, "/page/{kind}/{slug}"):
            return moved
        view, jsonld = await run_in_threadpool(self._entity_view, iri)
        alternates = [(data_path(kind, slug, f), f.media_type) for f in DATA_FORMATS]
        template = "article.html" if view.article else "entity.html"
        return self._page(template, headers={"Link": alternate_links(kind, slug)}, title=view.name,
                          entity=view, alternates=alternates, jsonld=jsonld)

    def _entity_view(self, iri: str) -> tuple[EntityView, Markup]:
        graph = describe(self.store.ox, iri)
        entity = URIRef(iri)
        if (entity, None, None) not in graph:
            raise NotFound(f"no entity {iri} in the dataset")
        presenter = Presenter(self.settings.base_iri, graph)
        bodies = catalog.article_bodies(self.store.ox, presenter.mentioning_articles(entity))
        jsonld = script_json(render(graph, FORMATS_BY_EXTENSION["jsonld"], self.context.get()))
        return presenter.entity(entity, bodies), jsonld
