"""The application: ``create_app(settings)`` wires the handlers into one route table."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from graphbuild.store import ArticleStore

from .description import JsonLdContext
from .entities import EntityRoutes
from .errors import install_error_handlers
from .pages import STATIC_DIR, PageRoutes, create_templates
from .settings import Settings
from .sparql import SparqlEndpoint


def _routes(sparql: SparqlEndpoint, entities: EntityRoutes, pages: PageRoutes) -> list[BaseRoute]:
    """Every route of the server, in one place."""
    return [
        APIRoute("/", pages.home, methods=["GET"]),
        APIRoute("/index/{kind}", pages.index, methods=["GET"]),
        APIRoute("/page/{kind}/{slug}", pages.entity, methods=["GET"]),
        APIRoute("/id/{kind}/{slug}", entities.resolve, methods=["GET"]),
        APIRoute("/data/{kind}/{slug}.{extension}", entities.data, methods=["GET"]),
        APIRoute("/sparql", sparql.handle, methods=["GET", "POST"]),
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

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            articles.close()

    routes = _routes(
        SparqlEndpoint(articles, settings, templates),
        EntityRoutes(articles, settings, context),
        PageRoutes(articles, settings, templates, context),
    )
    app = FastAPI(title="newsgraph", routes=routes, lifespan=lifespan,
                  openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app, templates)
    return app


def serve(settings: Settings) -> None:
    """Run the server on ``settings.host``:``settings.port`` until interrupted."""
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
