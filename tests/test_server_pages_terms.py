"""A role's stated end and "former" (ng:endDate, ng:former) shown on the person page and the membership page."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef

from graphbuild.stores import ArticleStore
from graphbuild.vocab import NG
from server.app import create_app
from tests.test_server_data import BASE, article_graphs, serving_settings
from tests.test_server_pages import BROWSER, _html, _section, _text

pytestmark = pytest.mark.anyio
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
MEMBERSHIP = URIRef(f"{BASE}id/membership/rossana-cambron-communist-party-usa-national-co-chair")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(tmp_path: Path) -> httpx.AsyncClient:
    store = ArticleStore.open(tmp_path / "store")
    for iri, graph in article_graphs().items():
        if (MEMBERSHIP, None, None) in graph:
            graph.add((MEMBERSHIP, NG.endDate, Literal("2021", datatype=GYEAR)))
            graph.add((MEMBERSHIP, NG.former, Literal(True)))
        store.put_article(iri, graph)
    transport = httpx.ASGITransport(app=create_app(serving_settings(store), store))
    async with httpx.AsyncClient(transport=transport, base_url="http://news.test", headers=BROWSER) as c:
        yield c
    store.close()


async def test_the_person_page_says_when_a_role_ended(client: httpx.AsyncClient) -> None:
    table = _section(await _html(client, "/page/person/rossana-cambron"), "Roles over time")
    row = [_text(td) for td in table.xpath(".//tbody/tr[1]/td")]
    assert row[2] == "attested 2021-03-19; ended 2021"


async def test_the_membership_page_says_when_it_ended(client: httpx.AsyncClient) -> None:
    page = await _html(client, "/page/membership/rossana-cambron-communist-party-usa-national-co-chair")
    assert "ended 2021" in _text(page)
