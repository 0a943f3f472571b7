"""The application: ``create_app(settings)`` wires the handlers into one route table."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graphbuild.store import ArticleStore

from .dataset import DatasetRoutes
from .description import Descriptions, JsonLdContext
from .entities import EntityRoutes
from .errors import install_error_handlers
from .freshness import ConditionalMiddleware, store_version
from .ontology import OntologyRoutes
from .pages import STATIC_DIR, PageRoutes, create_templates
from .search import SiteIndex, default_path
from .settings import Settings
from .sparql import SparqlEndpoint


def _routes(sparql: SparqlEndpoint, entities: EntityRoutes, pages: PageRoutes, dataset: DatasetRoutes,
            ontology: OntologyRoutes) -> list[BaseRoute]:
    """Every route of the server, in one place. HEAD is answered for every GET (ConditionalMiddleware)."""
    return [
        # First: the busiest route is matched first. An ASGI app: it answers every method itself
        # (405 with Allow, the CORS preflight).
        Route("/sparql", sparql),
        APIRoute("/", pages.home, methods=["GET"]),
        APIRoute("/index/{kind}", pages.index_page, methods=["GET"]),
        APIRoute("/search", pages.search, methods=["GET"]),
        APIRoute("/timeline", pages.timeline, methods=["GET"]),
        APIRoute("/page/{kind}/{slug}", pages.entity, methods=["GET"]),
        APIRoute("/id/{kind}/{slug}", entities.resolve, methods=["GET"]),
        APIRoute("/data/{kind}/{slug}.{extension}", entities.data, methods=["GET"]),
        APIRoute("/.well-known/void", dataset.void, methods=["GET"]),
        APIRoute("/dumps/{name}", dataset.dump, methods=["GET"]),
        APIRoute("/sitemap.xml", dataset.sitemap, methods=["GET"]),
        APIRoute("/sitemaps/{name}", dataset.sitemap_part, methods=["GET"]),
        APIRoute("/robots.txt", dataset.robots, methods=["GET"]),
        APIRoute("/context.jsonld", dataset.context, methods=["GET"]),
        APIRoute("/shapes", dataset.shapes, methods=["GET"]),
        APIRoute("/ns", ontology.ontology, methods=["GET"]),
        APIRoute("/ontology", ontology.ontology, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(settings: Settings, store: ArticleStore | None = None) -> FastAPI:
    """The server over ``store``, or over the store at ``settings.store`` opened read-only.

    Raises StoreError when ``store`` is None and the folder at ``settings.store`` does not exist.
    """
    owned = store is None
    articles = ArticleStore.open(settings.store, read_only=True, create=False) if store is None else store
    templates = create_templates()
    context = JsonLdContext()
    version = store_version(articles, settings.base_iri)  # read-only while served: one version, computed once
    index_path = Path(settings.search_index) if settings.search_index else default_path(articles.path)
    index = SiteIndex.open_or_build(articles, version, index_path, settings.base_iri)
    descriptions = Descriptions(articles.ox, settings.description_cache, index)

    sparql = SparqlEndpoint(articles, settings, templates)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What startup made lives as long as the server: out of the garbage collector's sight, a full
        # collection takes a few milliseconds instead of ~50 ms that would stall every request in flight.
        gc.collect()
        gc.freeze()
        yield
        await sparql.aclose()  # stops the query worker processes
        index.close()
        if owned:
            articles.close()

    routes = _routes(
        sparql,
        EntityRoutes(articles, settings, context, descriptions),
        PageRoutes(articles, settings, templates, descriptions, index),
        DatasetRoutes(articles, settings, templates, index, version),
        OntologyRoutes(templates),
    )
    app = FastAPI(title="newsgraph", routes=routes, lifespan=lifespan,
                  openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app, templates)
    app.add_middleware(ConditionalMiddleware, version=version)
    return app


def serve(settings: Settings) -> None:
    """Run the server on ``settings.host``:``settings.port`` until interrupted."""
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, access_log=settings.access_log)
