"""The example queries: published as a SHACL catalogue at /.well-known/sparql-examples, and each one gives
rows on the examples the project ships (examples/, built with the real pipeline)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from rdflib import RDF, Graph, Namespace

from graphbuild.pipeline import build, read_all
from graphbuild.settings import Settings
from graphbuild.stores import ArticleStore
from server.app import create_app
from server.sparql_page import EXAMPLES
from tests.test_server_data import serving_settings

pytestmark = [pytest.mark.slow, pytest.mark.anyio]
SH = Namespace("http://www.w3.org/ns/shacl#")
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> ArticleStore:
    store = ArticleStore.open(tmp_path_factory.mktemp("examples") / "store")
    summary = build(read_all([EXAMPLES_DIR]), store, Settings(base_iri="http://news.test/"))
    assert summary.ok and summary.added >= 1
    return store


async def test_every_example_query_is_published_and_returns_rows_on_the_examples(examples_store: ArticleStore) -> None:
    app = create_app(serving_settings(examples_store), examples_store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://news.test") as client:
        response = await client.get("/.well-known/sparql-examples", headers={"accept": "text/turtle"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
        catalogue = Graph().parse(data=response.text, format="turtle")
        executables = sorted(catalogue.subjects(RDF.type, SH.SPARQLExecutable))
        assert len(executables) == len(EXAMPLES)
        for executable in executables:
            query = catalogue.value(executable, SH.select)
            assert query is not None and (executable, SH.prefixes, None) in catalogue, executable
            answer = await client.post("/sparql", data={"query": str(query)},
                                       headers={"accept": "application/sparql-results+json"})
            assert answer.status_code == 200 and "warning" not in answer.headers, (executable, answer.text)
            rows = answer.json()["results"]["bindings"]
            assert rows, f"{executable} gives no rows on the examples"
        page = await client.get("/.well-known/sparql-examples", headers={"accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"] == "/sparql#examples"
