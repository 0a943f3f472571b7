"""The application: ``create_app(settings)`` wires the handlers into one route table."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graphbuild.errors import SettingsError
from graphbuild.jsonld import JsonLdContext
from graphbuild.stores import Store, open_configured, settle_base

from .balance import SHARE_ENV, ConnectionShare
from .dataset import DatasetRoutes
from .entities import EntityRoutes
from .errors import install_error_handlers
from .freshness import ConditionalMiddleware, store_version
from .health import HealthRoutes
from .live import Live, ready_index
from .memory import limit_malloc_arenas
from .ontology import OntologyRoutes
from .pages import STATIC_DIR, PageRoutes, create_templates
from .reconcile import ReconcileRoutes
from .security import SecurityHeadersMiddleware
from .settings import Settings
from .sparql import SparqlEndpoint
from .writes import WriteRoutes

INDEX_TIMEOUT = 600.0  # seconds a remote store may take over one read of the index build


def _routes(sparql: SparqlEndpoint, entities: EntityRoutes, pages: PageRoutes, dataset: DatasetRoutes,
            ontology: OntologyRoutes, writes: WriteRoutes, reconcile: ReconcileRoutes,
            health: HealthRoutes) -> list[BaseRoute]:
    """Every route of the server, in one place. HEAD is answered for every GET (ConditionalMiddleware)."""
    return [
        # First: the busiest route is matched first. An ASGI app: it answers every method itself
        # (405 with Allow, the CORS preflight).
        Route("/sparql", sparql),
        APIRoute("/page/{kind}/{slug}", pages.entity, methods=["GET"]),  # then the pages and data of entities
        APIRoute("/data/{kind}/{slug}.{extension}", entities.data, methods=["GET"]),
        APIRoute("/", pages.home, methods=["GET"]),
        APIRoute("/index/{kind}.{extension}", pages.index_page, methods=["GET"]),  # before /index/{kind}
        APIRoute("/index/{kind}", pages.index_page, methods=["GET"]),
        APIRoute("/search.{extension}", pages.search, methods=["GET"]),
        APIRoute("/search", pages.search, methods=["GET"]),
        APIRoute("/timeline.{extension}", pages.timeline, methods=["GET"]),
        APIRoute("/timeline", pages.timeline, methods=["GET"]),
        APIRoute("/page/{kind}/{slug}/{table}.{extension}", pages.entity_table, methods=["GET"]),
        APIRoute("/page/{kind}/{slug}/{table}", pages.entity_table, methods=["GET"]),
        APIRoute("/id/{kind}/{slug}", entities.resolve, methods=["GET"]),
        APIRoute("/.well-known/void", dataset.void, methods=["GET"]),
        APIRoute("/.well-known/sparql-examples", dataset.sparql_examples, methods=["GET"]),
        APIRoute("/dumps/{name}", dataset.dump, methods=["GET"]),
        APIRoute("/sitemap.xml", dataset.sitemap, methods=["GET"]),
        APIRoute("/sitemaps/{name}", dataset.sitemap_part, methods=["GET"]),
        APIRoute("/robots.txt", dataset.robots, methods=["GET"]),
        APIRoute("/health", health.health, methods=["GET"]),
        APIRoute("/context.jsonld", dataset.context, methods=["GET"]),
        APIRoute("/shapes", dataset.shapes, methods=["GET"]),
        APIRoute("/ns", ontology.ontology, methods=["GET"]),
        APIRoute("/ontology", ontology.ontology, methods=["GET"]),
        APIRoute("/reconcile", reconcile.reconcile, methods=["GET", "POST"]),
        APIRoute("/reconcile/suggest/entity", reconcile.suggest_entity, methods=["GET"]),
        APIRoute("/reconcile/suggest/type", reconcile.suggest_type, methods=["GET"]),
        APIRoute("/reconcile/suggest/property", reconcile.suggest_property, methods=["GET"]),
        APIRoute("/reconcile/preview", reconcile.preview, methods=["GET"]),
        APIRoute("/reconcile/propose_properties", reconcile.propose_properties, methods=["GET"]),
        APIRoute("/articles", writes.post, methods=["POST"]),
        APIRoute("/articles/{slug}", writes.delete, methods=["DELETE"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def open_for_serving(settings: Settings) -> Store:
    """The store ``settings`` name, opened as the server needs it: read-only, or read-write when the
    write API is on (a folder may then start empty), or remote. Raises StoreError when it cannot."""
    if settings.write_token and str(settings.store) != "memory:":
        return open_configured(settings, read_only=False, create=True, timeout=INDEX_TIMEOUT)
    return open_configured(settings, read_only=True, create=False, timeout=INDEX_TIMEOUT)


def create_app(settings: Settings, store: Store | None = None, *, base_given: bool = True) -> FastAPI:
    """The server over ``store``, or over the store ``settings`` name (see open_for_serving), under the base
    IRI the store was built with: ``settings.base_iri`` must be that one when ``base_given``, and is
    replaced by it otherwise (settle_base).

    Raises StoreError when ``store`` is None and that store cannot be opened, SettingsError when the base
    IRI given is not the store's.
    """
    owned = store is None
    articles = open_for_serving(settings) if store is None else store
    try:
        settings = settle_base(settings, articles, given=base_given)
    except BaseException:
        if owned:
            articles.close()
        raise
    live = Live(articles, settings)
    templates = create_templates()
    templates.globals.update(licence=settings.licence, rights=settings.rights)  # on every page
    context = JsonLdContext()
    sparql = SparqlEndpoint(articles, settings, templates, live.runner, live.known_terms)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # What startup made lives as long as the server: out of the garbage collector's sight, a full
        # collection takes a few milliseconds instead of ~50 ms that would stall every request in flight.
        gc.collect()
        gc.freeze()
        live.start()
        yield
        await live.aclose()  # stops the query worker processes
        if owned:
            articles.close()

    routes = _routes(
        sparql,
        EntityRoutes(articles, settings, context, live.descriptions),
        PageRoutes(articles, settings, templates, live.descriptions, live.index),
        DatasetRoutes(articles, settings, templates, live.index, lambda: live.version),
        OntologyRoutes(templates),
        WriteRoutes(live, settings),
        ReconcileRoutes(lambda: live.descriptions.store, settings, live.index),
        HealthRoutes(live, articles),
    )
    app = FastAPI(title="newsgraph", routes=routes, lifespan=lifespan,
                  openapi_url=None, docs_url=None, redoc_url=None)
    app.state.live = live
    install_error_handlers(app, templates)
    app.add_middleware(ConditionalMiddleware, version=lambda: live.version)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: on every answer, 304s and errors included
    return app


# asyncio's event loop rather than uvloop, which uvicorn takes when installed: under load uvloop answers
# kept-alive connections unevenly (one page asked for 6,000 times at concurrency 16: p50 334 ms and p99
# 687 ms, against 359 and 373 ms in asyncio's, at the same rate), and only asyncio's lets several server
# processes share the connections evenly (server/balance.py).
EVENT_LOOP = "server.balance:BalancedEventLoop"


def app_from_environment() -> FastAPI:
    """The app for one of several server processes (``serve --workers N``): settings come from the
    NEWSGRAPH_* variables the parent process set."""
    from .connections import ReadTimeoutProtocol  # uvicorn's: only where a server runs

    limit_malloc_arenas()
    settings = Settings.from_env()
    ReadTimeoutProtocol.read_timeout = settings.read_timeout  # this process's connections
    return create_app(settings)


def _log_to_stderr() -> None:
    """The server's own messages (a write published, a query worker replaced) beside uvicorn's, alike."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-9s %(name)s: %(message)s"))
    logger = logging.getLogger("server")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(settings: Settings, *, base_given: bool = True) -> None:
    """Run the server on ``settings.host``:``settings.port`` until interrupted, under the base IRI the store
    was built with (given or not: ``base_given``, see create_app).

    Several processes (``server_workers`` > 1) need a store each of them can open: a remote store, or a
    folder opened read-only. A folder written through the write API is held by one process only."""
    import uvicorn  # only to run: an app created for tests or another server does not need it

    from .connections import ReadTimeoutProtocol
    from .connections import protocol as connection_protocol

    _log_to_stderr()
    limit_malloc_arenas()
    workers = max(1, settings.server_workers)
    if workers == 1:
        uvicorn.run(create_app(settings, base_given=base_given), host=settings.host, port=settings.port,
                    access_log=settings.access_log, http=connection_protocol(settings.read_timeout), loop=EVENT_LOOP)
        return
    probe = open_for_serving(settings)  # a store or index that is not ready fails here, not in N processes
    try:
        settings = settle_base(settings, probe, given=base_given)  # the processes are given the store's
        if not probe.capabilities.shared and str(settings.store) == "memory:":
            raise SettingsError("serve --workers needs a store all processes can open; memory: is private to one")
        if not probe.capabilities.shared:
            raise SettingsError(
                f"serve --workers {workers} cannot share the store folder {settings.store} with the write API on: "
                "only one process may open a folder store for writing. Use one worker, turn the write API off "
                "(unset NEWSGRAPH_WRITE_TOKEN), or serve a remote SPARQL store")
        ready_index(settings, probe, probe, store_version(probe, settings.base_iri))
    finally:
        probe.close()
    os.environ.update(settings.to_env())
    share = ConnectionShare.create(workers)  # the processes split the connections evenly (server/balance.py)
    os.environ[SHARE_ENV] = str(share)
    try:
        uvicorn.run("server.app:app_from_environment", factory=True, workers=workers, host=settings.host,
                    http=ReadTimeoutProtocol,  # by name in the processes, where app_from_environment sets its timeout
                    loop=EVENT_LOOP, port=settings.port, access_log=settings.access_log)
    finally:
        ConnectionShare.remove(share)
