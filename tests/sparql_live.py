"""A real newsgraph server for the SPARQL tests: uvicorn on a free loopback port, store opened read-only.

``live_server(folder, **overrides)`` builds the app with ``create_app(settings)``, exactly as
``newsgraph serve`` does, so queries run in the killable worker processes. Used by
tests/test_protocol_*.py and tests/test_server_sparql_*.py.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from starlette.routing import Route

from graphbuild.stores import open_configured
from server.app import create_app
from server.connections import protocol as connection_protocol
from server.maintenance import build_site_index
from server.sparql import SparqlEndpoint
from tests.conftest import free_port
from tests.test_server_data import build_news_store, news_settings

KASEI = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"


@dataclass
class LiveServer:
    url: str  # the endpoint, http://127.0.0.1:PORT/sparql
    app: FastAPI

    @property
    def root(self) -> str:
        """The site, http://127.0.0.1:PORT (no trailing slash)."""
        return self.url.removesuffix("/sparql")

    @property
    def endpoint(self) -> SparqlEndpoint:
        for route in self.app.routes:
            if isinstance(route, Route) and route.path == "/sparql":
                assert isinstance(route.endpoint, SparqlEndpoint)
                return route.endpoint
        raise AssertionError("no /sparql route")


def build_protocol_store(folder: Path) -> None:
    """The news articles plus the W3C protocol tests' graphs data1..3.rdf (each a foaf:Document)."""
    store = build_news_store(folder)
    for name in ("data1.rdf", "data2.rdf", "data3.rdf"):
        iri = KASEI + name
        store.put_ntriples(iri, f"<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{FOAF_DOCUMENT}> .")
    store.close()


@contextmanager
def live_server(folder: Path, **overrides: object) -> Iterator[LiveServer]:
    """Serve the store at ``folder`` (closed by its writer first) until the block ends."""
    port = free_port()
    settings = news_settings(folder).with_overrides(port=port, **overrides)
    with contextlib.closing(open_configured(settings, read_only=True, create=False)) as store:
        build_site_index(store, settings)  # as `newsgraph index` does: the server does not at start-up
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           http=connection_protocol(settings.read_timeout)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started, "the server did not start"
    try:
        yield LiveServer(f"http://127.0.0.1:{port}/sparql", app)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
