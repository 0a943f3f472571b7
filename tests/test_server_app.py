"""server/app.py: opening the configured store, and one test against a real running server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from starlette.routing import Mount

from graphbuild.errors import StoreError
from server.app import create_app
from server.search import SiteIndex
from tests.sparql_live import live_server
from tests.test_server_data import build_news_store, news_settings


def test_create_app_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        create_app(news_settings(tmp_path / "nowhere"))


def test_every_route_is_in_the_route_table(tmp_path: Path) -> None:
    app = create_app(news_settings(tmp_path), build_news_store(tmp_path / "store"))
    paths = {getattr(r, "path", None) for r in app.routes}
    assert paths == {"/", "/index/{kind}", "/page/{kind}/{slug}", "/id/{kind}/{slug}",
                     "/data/{kind}/{slug}.{extension}", "/sparql", "/static", "/search", "/timeline",
                     "/.well-known/void", "/dumps/{name}", "/sitemap.xml", "/sitemaps/{name}", "/robots.txt",
                     "/context.jsonld", "/shapes", "/ns", "/ontology", "/articles", "/articles/{slug}"}
    assert any(isinstance(r, Mount) for r in app.routes)


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
    app = create_app(news_settings(tmp_path), build_news_store(tmp_path / "store"))

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://news.test") as client:
            return await client.get("/", headers={"accept": "application/json"})

    response = anyio.run(fetch)
    assert response.status_code == 500
    assert response.json() == {"error": {"status": 500, "message": "internal server error; see the server log"}}
    assert "secret" not in response.text
