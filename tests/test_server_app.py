"""server/app.py: opening the configured store, and one test against a real running server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from starlette.routing import Mount

from graphbuild.errors import IndexNotReady, StoreError
from graphbuild.settings import Settings
from graphbuild.stores import open_store
from server.app import create_app
from server.live import index_path
from server.maintenance import build_site_index
from server.search import SiteIndex
from tests.backends import REMOTE, served_url
from tests.sparql_live import live_server
from tests.test_server_data import (
    ARTICLE_2,
    BASE,
    build_news_store,
    news_settings,
    open_test_store,
    serving_settings,
)


def test_create_app_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        create_app(news_settings(tmp_path / "nowhere"))


def test_every_route_is_in_the_route_table(tmp_path: Path) -> None:
    store = build_news_store(tmp_path / "store")
    app = create_app(serving_settings(store), store)
    paths = {getattr(r, "path", None) for r in app.routes}
    assert paths == {"/", "/index/{kind}", "/page/{kind}/{slug}", "/id/{kind}/{slug}",
                     "/data/{kind}/{slug}.{extension}", "/sparql", "/static", "/search", "/timeline",
                     "/.well-known/void", "/dumps/{name}", "/sitemap.xml", "/sitemaps/{name}", "/robots.txt",
                     "/health", "/context.jsonld", "/shapes", "/ns", "/ontology", "/articles", "/articles/{slug}",
                     "/index/{kind}.{extension}", "/search.{extension}", "/timeline.{extension}",
                     "/page/{kind}/{slug}/{table}", "/page/{kind}/{slug}/{table}.{extension}",
                     "/.well-known/sparql-examples", "/reconcile", "/reconcile/suggest/entity", "/reconcile/suggest/type",
                     "/reconcile/suggest/property", "/reconcile/preview", "/reconcile/propose_properties"}
    assert any(isinstance(r, Mount) for r in app.routes)


def test_a_server_starts_on_its_index_without_rebuilding_it(tmp_path: Path) -> None:
    store = build_news_store(tmp_path / "store")
    settings = serving_settings(store)
    index = index_path(settings, store)
    assert index is not None
    built = index.stat()
    for _ in range(2):
        anyio.run(create_app(settings, store).state.live.aclose)
        assert (index.stat().st_mtime_ns, index.stat().st_ino) == (built.st_mtime_ns, built.st_ino)


def test_a_server_refuses_a_store_whose_index_is_missing_or_stale(tmp_path: Path) -> None:
    store = build_news_store(tmp_path / "store")
    with pytest.raises(IndexNotReady, match=r"no site index; build it with `newsgraph index --store [^`]+`"):
        create_app(news_settings(store), store)
    settings = serving_settings(store)
    store.remove_article(ARTICLE_2)  # written without following the index (IndexFollower)
    with pytest.raises(IndexNotReady, match="built from another version of the store; build it with `newsgraph index"):
        create_app(settings, store)
    settings = serving_settings(store)
    anyio.run(create_app(settings, store).state.live.aclose)


def test_an_empty_store_is_served_without_an_index_command(tmp_path: Path) -> None:
    store = open_test_store(tmp_path / "store")
    live = create_app(news_settings(store), store).state.live
    assert live.index.count("article") == 0
    anyio.run(live.aclose)
    store.close()


def test_a_remote_store_needs_its_index_named(tmp_path: Path) -> None:
    folder = tmp_path / "remote"
    store = build_news_store(folder)
    if not REMOTE:
        store.close()  # the embedded store, to be served by an Oxigraph server of its own
    url = served_url(folder)
    remote = open_store(url)
    with pytest.raises(IndexNotReady, match="NEWSGRAPH_SEARCH_INDEX"):
        create_app(Settings(base_iri=BASE, store=url), remote)
    named = Settings(base_iri=BASE, store=url, search_index=str(tmp_path / "deployment.sqlite3"))
    build_site_index(remote, named)
    live = create_app(named, remote).state.live
    assert live.index.path == tmp_path / "deployment.sqlite3"
    anyio.run(live.aclose)
    remote.close()
    store.close()


@pytest.fixture
def running_server(tmp_path: Path) -> Iterator[str]:
    """A real uvicorn server over a store that create_app opens read-only itself."""
    folder = tmp_path / "store"
    build_news_store(folder).close()
    with live_server(folder) as live:
        yield live.root


@pytest.mark.slow
def test_a_sparql_client_queries_a_running_server(running_server: str) -> None:
    client = SPARQLWrapper(f"{running_server}/sparql")
    client.setQuery("PREFIX schema: <http://schema.org/> SELECT (COUNT(?p) AS ?n) WHERE { ?p a schema:Person }")
    client.setReturnFormat(JSON)
    for method in ("GET", "POST"):
        client.setMethod(method)
        result = client.query().convert()
        assert result["results"]["bindings"][0]["n"]["value"] == "4"  # type: ignore[index, call-overload]


def test_an_unexpected_error_is_a_500_without_a_stack_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(SiteIndex, "figures", broken)
    store = build_news_store(tmp_path / "store")
    app = create_app(serving_settings(store), store)

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://news.test") as client:
            return await client.get("/", headers={"accept": "application/json"})

    response = anyio.run(fetch)
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "message": "internal server error; see the server log"}}
    assert "secret" not in response.text
